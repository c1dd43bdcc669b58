import { SEVERITIES, type Severity } from '../../types';
import type { FixableFinding } from '../types';
import { countedFindingsOutcome } from './findingCover';
import {
  UPLOAD_SCAN_FIX,
  type CheckContext,
  type CheckOutcome,
} from './outcome';

/** What `fixable-vulnerabilities` counts when a policy names no severities. @public */
export const DEFAULT_FIXABLE_SEVERITIES: readonly Severity[] = [
  'critical',
  'high',
];

/** Packages a fix names before it sums up the rest, so it stays one readable sentence. */
const NAMED_PACKAGES = 3;

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

/** "critical", "critical or high", "critical, high or medium". */
function anyOf(words: readonly string[]): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** "a", "a and b", "a, b and c". */
function allOf(words: readonly string[]): string {
  return words.length <= 1
    ? words.join('')
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/**
 * "Upgrade openssl to 3.0.13 and curl to 8.4.0, rebuild and rescan.": per package the fixed
 * version of its worst finding, worst packages first, at most {@link NAMED_PACKAGES}.
 */
export function upgradeFix(findings: readonly FixableFinding[]): string {
  const worst = new Map<string, { finding: FixableFinding; count: number }>();
  for (const finding of findings) {
    const seen = worst.get(finding.packageName);
    if (!seen) {
      worst.set(finding.packageName, { finding, count: 1 });
    } else {
      seen.count += 1;
      if (rank(finding.severity) < rank(seen.finding.severity)) {
        seen.finding = finding;
      }
    }
  }
  const packages = [...worst.values()].sort(
    (a, b) =>
      rank(a.finding.severity) - rank(b.finding.severity) ||
      b.count - a.count ||
      a.finding.packageName.localeCompare(b.finding.packageName),
  );
  const named = packages
    .slice(0, NAMED_PACKAGES)
    .map(({ finding }) => `${finding.packageName} to ${finding.fixedVersion}`);
  const rest = packages.length - named.length;
  if (rest > 0) {
    named.push(`${rest} more package${rest === 1 ? '' : 's'}`);
  }
  return `Upgrade ${allOf(named)}, rebuild and rescan.`;
}

/** "3 critical or high vulnerabilities with a fixed version (2 critical, 1 high)". */
function describe(findings: readonly FixableFinding[], words: string): string {
  const counts = SEVERITIES.map(
    severity =>
      [severity, findings.filter(f => f.severity === severity).length] as const,
  ).filter(([, n]) => n > 0);
  const bySeverity =
    counts.length > 1
      ? ` (${counts.map(([severity, n]) => `${n} ${severity}`).join(', ')})`
      : '';
  const noun = findings.length === 1 ? 'vulnerability' : 'vulnerabilities';
  return `${findings.length} ${words} ${noun} with a fixed version${bySeverity}`;
}

/**
 * No open finding of the policy's severities has a fixed version. Finding exemptions take
 * single findings (by vulnerability id) out of the count; when they cover every one, the
 * check is exempt until the first of them expires.
 */
export function fixableVulnerabilities(context: CheckContext): CheckOutcome {
  if (!context.sections.vulnerabilities) {
    return {
      status: 'missing',
      message: "No vulnerability scan: the image's vulnerabilities are unknown",
      fix: UPLOAD_SCAN_FIX,
    };
  }
  const wanted = new Set(
    context.settings.severities ?? DEFAULT_FIXABLE_SEVERITIES,
  );
  const severities = SEVERITIES.filter(s => wanted.has(s));
  const words = anyOf(severities);
  // The findings table lists exactly the rows this check counts.
  const where = {
    target: 'findings' as const,
    filter: { severity: severities, fixable: true },
  };
  const counted = context.fixableFindings.filter(f => wanted.has(f.severity));
  if (!counted.length) {
    return {
      status: 'pass',
      message: `No ${words} vulnerability has a fixed version`,
      fix: null,
    };
  }
  return countedFindingsOutcome({
    counted,
    findingExemptions: context.findingExemptions,
    where,
    describe: findings => describe(findings, words),
    fixFor: upgradeFix,
  });
}
