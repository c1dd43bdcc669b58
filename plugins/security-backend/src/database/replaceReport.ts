import {
  SEVERITIES,
  cveIdOf,
  digestOf,
} from '@posture/backstage-plugin-security-common';
import { randomUUID } from 'crypto';
import type { Knex } from 'knex';
import { applyVexStatements } from './applyVexStatements';
import { removeReportRows } from './deleteReport';
import { entityTransaction } from './entityTransaction';
import { insertFindingIds } from './findingIdRows';
import {
  componentImpactColumns,
  vulnerabilityImpactColumns,
} from './impactColumns';
import type {
  ParsedComponent,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';
import type { PostgresColumnTypes } from './bulkInsert';
import { insertInTurns } from './insertInTurns';
import { countLicenses } from './licenseFacets';
import type { DatabaseSummaryStore } from './DatabaseSummaryStore';
import type { ReplaceReportResult, ReportWrite } from './PostureStore';
import {
  type ComponentRow,
  type ReportRow,
  type VulnerabilityRow,
  normaliseTimestamp,
  reportFromRow,
} from './rows';
import { summarizeReports } from './summarize';
import { currentSignatureSummary } from './signatureRows';

export const VULNERABILITY_COLUMN_TYPES: PostgresColumnTypes<VulnerabilityRow> =
  {
    report_id: 'text',
    entity_ref: 'text',
    vuln_id: 'text',
    severity: 'text',
    severity_rank: 'smallint',
    package_name: 'text',
    installed_version: 'text',
    fixed_version: 'text',
    status: 'text',
    cvss_score: 'real',
    title: 'text',
    url: 'text',
    published_at: 'text',
    target: 'text',
    purl: 'text',
    cve_id: 'text',
    package_lower: 'text',
    purl_type: 'text',
    purl_namespace: 'text',
    purl_name: 'text',
  };

export const COMPONENT_COLUMN_TYPES: PostgresColumnTypes<ComponentRow> = {
  report_id: 'text',
  entity_ref: 'text',
  name: 'text',
  version: 'text',
  purl: 'text',
  type: 'text',
  licenses: 'text',
  name_lower: 'text',
  purl_type: 'text',
  purl_namespace: 'text',
  purl_name: 'text',
  purl_version: 'text',
};

export function vulnerabilityRows(
  reportId: string,
  entityRef: string,
  vulnerabilities: ParsedVulnerability[],
): VulnerabilityRow[] {
  return vulnerabilities.map(vulnerabilityRow(reportId, entityRef));
}

export function vulnerabilityRow(reportId: string, entityRef: string) {
  return (v: ParsedVulnerability): VulnerabilityRow => ({
    report_id: reportId,
    entity_ref: entityRef,
    vuln_id: v.id,
    severity: v.severity,
    severity_rank: SEVERITIES.indexOf(v.severity),
    package_name: v.packageName,
    installed_version: v.installedVersion,
    fixed_version: v.fixedVersion,
    status: v.status,
    cvss_score: v.cvssScore,
    title: v.title,
    url: v.url,
    published_at: normaliseTimestamp(v.publishedAt),
    target: v.target,
    purl: v.purl,
    cve_id: storableCveId(cveIdOf(v.id, v.aliases)),
    ...vulnerabilityImpactColumns(v.packageName, v.purl),
  });
}

/** vulnerabilities.cve_id is varchar(32): a longer "CVE" is no CVE any feed knows. */
function storableCveId(cveId: string | null): string | null {
  return cveId !== null && cveId.length <= 32 ? cveId : null;
}

export function componentRow(reportId: string, entityRef: string) {
  return (c: ParsedComponent): ComponentRow => ({
    report_id: reportId,
    entity_ref: entityRef,
    name: c.name,
    version: c.version,
    purl: c.purl,
    type: c.type,
    licenses: JSON.stringify(c.licenses),
    ...componentImpactColumns(c.name, c.purl),
  });
}

function isScan(write: ReportWrite): boolean {
  return (
    write.report.format === 'trivy' || write.report.vulnerabilities.length > 0
  );
}

function reportDigest(write: ReportWrite): string | null {
  for (const candidate of write.report.artifact.digests) {
    const digest = digestOf(candidate);
    if (digest) return digest;
  }
  return write.report.artifact.name
    ? digestOf(write.report.artifact.name)
    : null;
}

/**
 * The whole upload as one transaction: a failure anywhere leaves the previous report, its rows
 * and the summary exactly as they were.
 */
export async function replaceReport(
  db: Knex,
  summaries: DatabaseSummaryStore,
  write: ReportWrite,
  now: Date,
): Promise<ReplaceReportResult> {
  return entityTransaction(db, write.entityRef, async trx => {
    const slot = {
      entity_ref: write.entityRef,
      artifact: write.artifact,
      format: write.report.format,
    };
    const currentRow: ReportRow | undefined = await trx('reports')
      .where(slot)
      .first();
    const current = currentRow ? reportFromRow(currentRow) : null;
    const generatedAt = normaliseTimestamp(write.report.generatedAt);

    if (current && current.sha256 === write.sha256) {
      return { outcome: 'unchanged', report: current };
    }
    if (
      current?.generatedAt &&
      generatedAt &&
      Date.parse(generatedAt) < Date.parse(current.generatedAt)
    ) {
      return { outcome: 'older', report: current };
    }

    if (current) {
      // Children first: SQLite connections do not always enforce ON DELETE CASCADE.
      await removeReportRows(trx, current.id);
    }

    const id = randomUUID();
    const row: ReportRow = {
      id,
      ...slot,
      artifact_name: write.report.artifact.name,
      digest: reportDigest(write),
      sha256: write.sha256,
      is_scan: isScan(write),
      generated_at: generatedAt,
      ingested_at: new Date().toISOString(),
      finding_count: write.report.vulnerabilities.length,
      component_count: write.report.components.length,
      other_findings: JSON.stringify(write.report.otherFindings),
      uploaded_by: write.uploadedBy,
      license_counts: JSON.stringify(countLicenses(write.report.components)),
    };
    await trx('reports').insert(row);
    await trx('report_documents').insert({
      report_id: id,
      content: write.document,
    });

    await insertInTurns(
      trx,
      'vulnerabilities',
      write.report.vulnerabilities,
      vulnerabilityRow(id, write.entityRef),
      VULNERABILITY_COLUMN_TYPES,
    );
    await insertFindingIds(
      trx,
      id,
      write.entityRef,
      write.report.vulnerabilities,
    );
    await insertInTurns(
      trx,
      'components',
      write.report.components,
      componentRow(id, write.entityRef),
      COMPONENT_COLUMN_TYPES,
    );
    // A new scan of an image keeps the VEX statements stored for it.
    await applyVexStatements(trx, write.entityRef);

    await summaries.update(trx, {
      entityRef: write.entityRef,
      changed: {
        ...(await summarizeReports(trx, write.entityRef, summaries.options)),
        // A new image digest has its own signature state.
        signature: await currentSignatureSummary(trx, write.entityRef),
      },
      now,
    });

    return { outcome: 'stored', report: reportFromRow(row), replaced: current };
  });
}
