import type { ReportFormat } from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import type {
  ComponentImpactColumns,
  VulnerabilityImpactColumns,
} from './impactColumns';
import type { StoredReport } from './PostureStore';

export interface ReportRow {
  id: string;
  entity_ref: string;
  artifact: string;
  artifact_name: string | null;
  digest: string | null;
  format: string;
  sha256: string;
  is_scan: boolean | number;
  generated_at: Date | string | null;
  ingested_at: Date | string;
  finding_count: number;
  component_count: number;
  other_findings: string;
  uploaded_by: string | null;
  license_counts: string;
}

export interface VulnerabilityRow extends VulnerabilityImpactColumns {
  report_id: string;
  entity_ref: string;
  vuln_id: string;
  severity: string;
  severity_rank: number;
  package_name: string;
  installed_version: string | null;
  fixed_version: string | null;
  status: string | null;
  cvss_score: number | null;
  title: string | null;
  url: string | null;
  published_at: string | null;
  target: string | null;
  purl: string | null;
  /** The finding's CVE (id or alias), upper case; what KEV and EPSS join on. */
  cve_id: string | null;
  // vex_statement_id and vex_status are written by VEX application, never at insert.
}

export interface ComponentRow extends ComponentImpactColumns {
  report_id: string;
  entity_ref: string;
  name: string;
  version: string | null;
  purl: string | null;
  type: string | null;
  licenses: string;
}

/** One id (or alias) of one finding, upper case: what the impact query by vulnerability reads. */
export interface FindingIdRow {
  report_id: string;
  entity_ref: string;
  vulnerability_row_id: number;
  id: string;
}

/**
 * PostgreSQL hands back Date objects, SQLite the ISO string we wrote or, for rows written by
 * other tools, an SQL timestamp or epoch milliseconds: normalise all to ISO 8601 UTC.
 */
export function toIsoTimestamp(value: Date | string | number): string {
  let parsed: DateTime;
  if (value instanceof Date) {
    parsed = DateTime.fromJSDate(value);
  } else if (typeof value === 'number') {
    parsed = DateTime.fromMillis(value);
  } else {
    parsed = DateTime.fromISO(value, { zone: 'utc' });
    if (!parsed.isValid) {
      parsed = DateTime.fromSQL(value, { zone: 'utc' });
    }
  }
  return parsed.toUTC().toISO()!;
}

/**
 * The instants both engines store and read back alike: years 1 to 9999. PostgreSQL has no
 * year 0 and cannot read the six-digit years `toISOString` writes past 9999.
 */
export const EARLIEST_STORABLE_TIME = Date.parse('0001-01-01T00:00:00.000Z');
export const LATEST_STORABLE_TIME = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A tool's timestamp (Trivy writes nanoseconds) as ISO milliseconds, or null if unreadable or
 * outside the storable years.
 */
export function normaliseTimestamp(
  value: string | null | undefined,
): string | null {
  if (!value) {
    return null;
  }
  const millis = Date.parse(value);
  return Number.isNaN(millis) ||
    millis < EARLIEST_STORABLE_TIME ||
    millis > LATEST_STORABLE_TIME
    ? null
    : new Date(millis).toISOString();
}

export function reportFromRow(row: ReportRow): StoredReport {
  return {
    id: row.id,
    entityRef: row.entity_ref,
    artifact: row.artifact,
    artifactName: row.artifact_name,
    digest: row.digest,
    format: row.format as ReportFormat,
    sha256: row.sha256,
    generatedAt:
      row.generated_at === null ? null : toIsoTimestamp(row.generated_at),
    ingestedAt: toIsoTimestamp(row.ingested_at),
    findings: row.finding_count,
    components: row.component_count,
    otherFindings: JSON.parse(row.other_findings),
  };
}
