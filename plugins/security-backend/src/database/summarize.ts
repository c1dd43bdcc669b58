import {
  DEFAULT_POLICY_SET,
  SEVERITIES,
  type ReportFormat,
  type SeverityCounts,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { openCondition } from './openFindings';
import type { PostureSections } from './PostureStore';
import { type ReportRow, toIsoTimestamp } from './rows';

function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 };
}

function newest(rows: ReportRow[]): ReportRow | undefined {
  const time = (r: ReportRow) =>
    Date.parse(toIsoTimestamp(r.generated_at ?? r.ingested_at));
  return rows.reduce<ReportRow | undefined>(
    (best, r) => (!best || time(r) > time(best) ? r : best),
    undefined,
  );
}

/** What the summary counts depend on besides the rows: `security.policy.highEpss`. */
export interface SummaryOptions {
  /** An open finding scored at least this by EPSS counts as high EPSS. */
  highEpss: number;
}

export const DEFAULT_SUMMARY_OPTIONS: SummaryOptions = {
  highEpss: DEFAULT_POLICY_SET.highEpss,
};

interface SeverityRow {
  severity: string;
  open: number | string | null;
  fixable: number | string | null;
  kev: number | string | null;
  high_epss: number | string | null;
  cleared: number | string | null;
}

/**
 * The finding counts per severity in one pass: open findings (no VEX statement clears them)
 * by severity, those with a fix, those known exploited or highly likely to be (KEV and EPSS
 * joined on the finding's CVE now, so a feed load changes them without touching the rows),
 * and the cleared ones.
 */
function countFindings(
  db: Knex | Knex.Transaction,
  entityRef: string,
  options: SummaryOptions,
): Promise<SeverityRow[]> {
  const open = openCondition(db as Knex, 'v');
  const sumWhen = (
    alias: string,
    condition: string,
    bindings: Knex.RawBinding[],
  ) =>
    db.raw(`sum(case when ${condition} then 1 else 0 end) as ??`, [
      ...bindings,
      alias,
    ]);
  return db('vulnerabilities as v')
    .leftJoin('kev_entries as k', 'k.cve_id', 'v.cve_id')
    .leftJoin('epss_scores as s', 's.cve_id', 'v.cve_id')
    .where('v.entity_ref', entityRef)
    .groupBy('v.severity')
    .select(
      'v.severity',
      sumWhen('open', '?', [open]),
      sumWhen(
        'fixable',
        "? and v.fixed_version is not null and v.fixed_version <> ''",
        [open],
      ),
      sumWhen('kev', '? and k.cve_id is not null', [open]),
      sumWhen('high_epss', '? and s.epss >= ?', [open, options.highEpss]),
      sumWhen('cleared', 'not ?', [open]),
    );
}

/**
 * The vulnerabilities and SBOM sections of an entity from its current reports, read inside
 * the write's transaction so the summary always matches the rows.
 */
export async function summarizeReports(
  db: Knex | Knex.Transaction,
  entityRef: string,
  options: SummaryOptions = DEFAULT_SUMMARY_OPTIONS,
): Promise<Pick<PostureSections, 'vulnerabilities' | 'sbom'>> {
  const reports: ReportRow[] = await db('reports').where({
    entity_ref: entityRef,
  });
  const scans = reports.filter(r => Boolean(r.is_scan));
  const latestScan = newest(scans);

  let vulnerabilities: PostureSections['vulnerabilities'] = null;
  if (latestScan) {
    const counts = zeroCounts();
    const fixable = zeroCounts();
    const marked = { kev: 0, highEpss: 0, notAffected: 0 };
    for (const row of await countFindings(db, entityRef, options)) {
      const severity = SEVERITIES.find(s => s === row.severity) ?? 'unknown';
      counts[severity] += Number(row.open ?? 0);
      fixable[severity] += Number(row.fixable ?? 0);
      marked.kev += Number(row.kev ?? 0);
      marked.highEpss += Number(row.high_epss ?? 0);
      marked.notAffected += Number(row.cleared ?? 0);
    }
    vulnerabilities = {
      ...counts,
      fixable,
      ...marked,
      scannedAt: toIsoTimestamp(
        latestScan.generated_at ?? latestScan.ingested_at,
      ),
      artifact: latestScan.artifact_name ?? latestScan.artifact,
      digest: latestScan.digest,
      stale: false,
    };
  }

  const sbomReports = reports.filter(
    r =>
      r.component_count > 0 || r.format === 'cyclonedx' || r.format === 'spdx',
  );
  const latestSbom = newest(sbomReports);
  const sbom: PostureSections['sbom'] = latestSbom
    ? {
        components: sbomReports.reduce((sum, r) => sum + r.component_count, 0),
        format: latestSbom.format as ReportFormat,
        generatedAt: toIsoTimestamp(
          latestSbom.generated_at ?? latestSbom.ingested_at,
        ),
      }
    : null;

  return { vulnerabilities, sbom };
}
