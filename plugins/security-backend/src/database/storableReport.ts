import { InputError } from '@backstage/errors';
import type {
  ParsedComponent,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';
import type { ReportWrite } from './PostureStore';
import { storableRow, withoutNul, withoutNulOrNull } from './storableText';

/** Length of `reports.artifact`, part of the slot's unique index (the only bounded free text). */
export const MAX_ARTIFACT_LENGTH = 512;

/**
 * The one place a parsed upload is made storable, identically on PostgreSQL and SQLite (see
 * docs/uploading-reports.md for the rule):
 * - free text is kept whatever its length (the columns are `text`), NUL characters removed;
 * - timestamps out of the storable range become "unknown" (see `normaliseTimestamp`);
 * - values whose meaning breaks are refused with an InputError naming them: an artifact key
 *   longer than its indexed column, a CVSS score that is not a number from 0 to 10.
 */
export function storableWrite(write: ReportWrite): ReportWrite {
  const artifact = withoutNul(write.artifact);
  if (artifact.length > MAX_ARTIFACT_LENGTH) {
    throw new InputError(
      `The report's artifact (${artifact.slice(0, 64)}...) is ${
        artifact.length
      } characters long: at most ${MAX_ARTIFACT_LENGTH} are accepted`,
    );
  }
  const { report } = write;
  return {
    ...write,
    artifact,
    uploadedBy: withoutNulOrNull(write.uploadedBy),
    report: {
      ...report,
      artifact: {
        name: withoutNulOrNull(report.artifact.name),
        digests: report.artifact.digests.map(withoutNul),
      },
      generatedAt: withoutNulOrNull(report.generatedAt),
      vulnerabilities: report.vulnerabilities.map(storableVulnerability),
      components: report.components.map(storableComponent),
    },
  };
}

function storableVulnerability(
  vulnerability: ParsedVulnerability,
  index: number,
): ParsedVulnerability {
  const score = vulnerability.cvssScore;
  if (
    score !== null &&
    !(Number.isFinite(score) && score >= 0 && score <= 10)
  ) {
    throw new InputError(
      `vulnerabilities[${index}] (${withoutNul(
        String(vulnerability.id).slice(0, 64),
      )}): CVSS score ${score} is not a number from 0 to 10`,
    );
  }
  return storableRow(vulnerability);
}

function storableComponent(component: ParsedComponent): ParsedComponent {
  const row = storableRow(component);
  return row.licenses.some(l => l.includes('\u0000'))
    ? { ...row, licenses: row.licenses.map(withoutNul) }
    : row;
}
