import type { SecurityReport } from '../../api/types';

/** The findings besides vulnerabilities a Trivy scan can report, in the order shown. */
const KINDS: Array<{ key: string; singular: string; plural: string }> = [
  { key: 'secrets', singular: 'secret', plural: 'secrets' },
  {
    key: 'misconfigurations',
    singular: 'misconfiguration',
    plural: 'misconfigurations',
  },
  { key: 'licenses', singular: 'licence finding', plural: 'licence findings' },
];

/**
 * "2 secrets, 0 misconfigurations" over the entity's Trivy reports, or null when none
 * counted anything: Trivy only reports the scanners that ran, and a missing count must not
 * read as zero.
 */
export function otherFindingsText(reports: SecurityReport[]): string | null {
  const trivy = reports.filter(report => report.format === 'trivy');
  const parts = KINDS.flatMap(kind => {
    const counts = trivy
      .map(report => report.otherFindings[kind.key])
      .filter((count): count is number => typeof count === 'number');
    if (counts.length === 0) {
      return [];
    }
    const total = counts.reduce((sum, count) => sum + count, 0);
    return [`${total} ${total === 1 ? kind.singular : kind.plural}`];
  });
  return parts.length > 0 ? parts.join(', ') : null;
}
