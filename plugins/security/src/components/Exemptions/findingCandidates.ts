import {
  FINDING_EXEMPTION_CHECKS,
  SEVERITIES,
  type CheckResult,
  type EpssMark,
  type PolicyCheckId,
  type VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import type { VulnerabilityQuery } from '../../api/types';

/** How many of a check's findings the picker offers; any other id can still be typed. */
export const CANDIDATE_LIMIT = 100;

/** Whether an exemption of this check may name one finding instead of the whole check. */
export function takesFindingExemption(check: PolicyCheckId): boolean {
  return FINDING_EXEMPTION_CHECKS.includes(check);
}

function probabilityOf(value: unknown): number | undefined {
  return typeof value === 'number' && value >= 0 && value <= 1
    ? value
    : undefined;
}

/**
 * The request that lists the findings a check counts, riskiest first: the check's own filter
 * (KEV for `known-exploited`, its EPSS threshold for `exploit-likelihood`, severities and
 * "has a fix" for `fixable-vulnerabilities`), the same one its reason opens the findings with.
 * A `known-exploited` check without a filter (a backend that sends none) still lists only KEV
 * findings.
 */
export function candidateQuery(check: CheckResult): VulnerabilityQuery {
  const filter = check.filter ?? {};
  const query: VulnerabilityQuery = {
    sort: 'risk',
    order: 'desc',
    limit: CANDIDATE_LIMIT,
  };
  const severity = SEVERITIES.filter(s => filter.severity?.includes(s));
  if (severity.length > 0) {
    query.severity = severity;
  }
  if (filter.fixable === true) {
    query.fixable = true;
  }
  if (filter.kev === true || check.check === 'known-exploited') {
    query.kev = true;
  }
  const minEpss = probabilityOf(filter.minEpss);
  if (minEpss !== undefined) {
    query.minEpss = minEpss;
  }
  return query;
}

/** One vulnerability id the picker offers, with what tells its findings apart. */
export type FindingCandidate = {
  id: string;
  /** "log4j-core 2.14.1", one per package the vulnerability is found in. */
  packages: string[];
  kev: boolean;
  epss: EpssMark | null;
};

/**
 * The findings grouped by vulnerability id, in the order listed: an exemption names a
 * vulnerability id, which covers every package it is found in.
 */
export function groupCandidates(
  items: readonly VulnerabilityItem[],
): FindingCandidate[] {
  const byId = new Map<string, FindingCandidate>();
  for (const item of items) {
    const key = item.id.toLowerCase();
    const candidate = byId.get(key) ?? {
      id: item.id,
      packages: [],
      kev: false,
      epss: null,
    };
    const where = item.installedVersion
      ? `${item.packageName} ${item.installedVersion}`
      : item.packageName;
    if (!candidate.packages.includes(where)) {
      candidate.packages.push(where);
    }
    candidate.kev ||= Boolean(item.kev);
    candidate.epss ??= item.epss ?? null;
    byId.set(key, candidate);
  }
  return [...byId.values()];
}
