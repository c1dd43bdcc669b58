import { SEVERITIES, type Severity } from '../types';

/** What the risk order reads of a finding. @public */
export interface RiskFacts {
  id: string;
  severity: Severity;
  packageName: string;
  fixedVersion: string | null;
  kev: boolean;
  epss: number | null;
}

const severityRank = (severity: Severity) => {
  const rank = SEVERITIES.indexOf(severity);
  return rank < 0 ? SEVERITIES.length : rank;
};

const hasFix = (finding: RiskFacts) => Boolean(finding.fixedVersion);

/**
 * The risk order, most urgent first: known exploited (KEV) first, then the EPSS probability
 * (unscored last), then severity, then findings with a fix first (the ones a team can act on
 * now), then id and package so the order is total. The findings list's `sort=risk` is the same
 * order in SQL; the checks name their first finding by it.
 * @public
 */
export function compareRisk(a: RiskFacts, b: RiskFacts): number {
  return (
    Number(b.kev) - Number(a.kev) ||
    (b.epss ?? -1) - (a.epss ?? -1) ||
    severityRank(a.severity) - severityRank(b.severity) ||
    Number(hasFix(b)) - Number(hasFix(a)) ||
    a.id.localeCompare(b.id) ||
    a.packageName.localeCompare(b.packageName)
  );
}
