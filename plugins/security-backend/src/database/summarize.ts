import {
  SEVERITIES,
  type ReportFormat,
  type SeverityCounts,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
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

/**
 * The vulnerabilities and SBOM sections of an entity from its current reports, read inside
 * the write's transaction so the summary always matches the rows.
 */
export async function summarizeReports(
  db: Knex | Knex.Transaction,
  entityRef: string,
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
    const grouped: Array<{
      severity: string;
      total: number | string;
      fixable: number | string;
    }> = await db('vulnerabilities')
      .where({ entity_ref: entityRef })
      .groupBy('severity')
      .select('severity')
      .count({ total: '*' })
      .sum({
        fixable: db.raw(
          "CASE WHEN fixed_version IS NOT NULL AND fixed_version <> '' THEN 1 ELSE 0 END",
        ),
      });
    for (const row of grouped) {
      const severity = SEVERITIES.find(s => s === row.severity) ?? 'unknown';
      counts[severity] += Number(row.total);
      fixable[severity] += Number(row.fixable ?? 0);
    }
    vulnerabilities = {
      ...counts,
      fixable,
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
