import { SEVERITIES, cveIdOf } from '@posture/backstage-plugin-security-common';
import type {
  ParsedComponent,
  ParsedVulnerability,
} from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import type { PostgresColumnTypes } from './bulkInsert';
import { copyRows } from './copyRows';
import { isPostgres } from './fleet/dialect';
import {
  FINDING_ID_COLUMN_TYPES,
  findingIdRowsOf,
  insertFindingIds,
} from './findingIdRows';
import {
  componentImpactColumns,
  storableCveId,
  vulnerabilityImpactColumns,
} from './impactColumns';
import { insertInTurns } from './insertInTurns';
import { reserveRowIds } from './reserveRowIds';
import {
  type ComponentRow,
  type FindingIdRow,
  type VulnerabilityRow,
  normaliseTimestamp,
} from './rows';

/*
 * A report's findings (with their ids and aliases) and components, as replaceReport writes
 * them: on PostgreSQL streamed with COPY, the findings' row ids reserved beforehand so that
 * their finding_ids rows need no read-back; on SQLite multi-row inserts (insertInTurns).
 */

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

const VULNERABILITY_COLUMNS = Object.keys(VULNERABILITY_COLUMN_TYPES) as Array<
  keyof VulnerabilityRow
>;
const COMPONENT_COLUMNS = Object.keys(COMPONENT_COLUMN_TYPES) as Array<
  keyof ComponentRow
>;
const FINDING_ID_COLUMNS = Object.keys(FINDING_ID_COLUMN_TYPES) as Array<
  keyof FindingIdRow
>;

export function vulnerabilityRows(
  reportId: string,
  entityRef: string,
  vulnerabilities: ParsedVulnerability[],
): VulnerabilityRow[] {
  return vulnerabilities.map(vulnerabilityRow(reportId, entityRef));
}

/**
 * A finding's values in VULNERABILITY_COLUMNS' order: what COPY sends, without a row object
 * in between (100,000 findings are 100,000 fewer objects for the garbage collector).
 */
export function vulnerabilityValues(reportId: string, entityRef: string) {
  return (v: ParsedVulnerability): VulnerabilityValues => {
    const impact = vulnerabilityImpactColumns(v.packageName, v.purl);
    return [
      reportId,
      entityRef,
      v.id,
      v.severity,
      SEVERITIES.indexOf(v.severity),
      v.packageName,
      v.installedVersion,
      v.fixedVersion,
      v.status,
      v.cvssScore,
      v.title,
      v.url,
      normaliseTimestamp(v.publishedAt),
      v.target,
      v.purl,
      storableCveId(cveIdOf(v.id, v.aliases)),
      impact.package_lower,
      impact.purl_type,
      impact.purl_namespace,
      impact.purl_name,
    ];
  };
}

/** A component's values in COMPONENT_COLUMNS' order (see vulnerabilityValues). */
export function componentValues(reportId: string, entityRef: string) {
  return (c: ParsedComponent): ComponentValues => {
    const impact = componentImpactColumns(c.name, c.purl);
    return [
      reportId,
      entityRef,
      c.name,
      c.version,
      c.purl,
      c.type,
      JSON.stringify(c.licenses),
      impact.name_lower,
      impact.purl_type,
      impact.purl_namespace,
      impact.purl_name,
      impact.purl_version,
    ];
  };
}

type VulnerabilityValues = Array<string | number | null>;
type ComponentValues = Array<string | number | null>;

function rowOf<R>(
  columns: ReadonlyArray<keyof R>,
  values: readonly unknown[],
): R {
  const row = {} as Record<keyof R, unknown>;
  columns.forEach((column, i) => {
    row[column] = values[i];
  });
  return row as R;
}

export function vulnerabilityRow(reportId: string, entityRef: string) {
  const values = vulnerabilityValues(reportId, entityRef);
  return (v: ParsedVulnerability): VulnerabilityRow =>
    rowOf<VulnerabilityRow>(VULNERABILITY_COLUMNS, values(v));
}

export function componentRow(reportId: string, entityRef: string) {
  const values = componentValues(reportId, entityRef);
  return (c: ParsedComponent): ComponentRow =>
    rowOf<ComponentRow>(COMPONENT_COLUMNS, values(c));
}

const findingIdValues = (row: FindingIdRow) =>
  FINDING_ID_COLUMNS.map(column => row[column]);
const CVE_ID = VULNERABILITY_COLUMNS.indexOf('cve_id');

/** A report's SBOM components. */
export async function insertComponents(
  trx: Knex.Transaction,
  reportId: string,
  entityRef: string,
  components: readonly ParsedComponent[],
): Promise<void> {
  if (!isPostgres(trx)) {
    await insertInTurns(
      trx,
      'components',
      components,
      componentRow(reportId, entityRef),
    );
    return;
  }
  await copyRows(
    trx,
    'components',
    COMPONENT_COLUMNS,
    components,
    componentValues(reportId, entityRef),
  );
}

/** A report's findings and, in finding_ids, every id and alias each is known by. */
export async function insertFindings(
  trx: Knex.Transaction,
  reportId: string,
  entityRef: string,
  vulnerabilities: readonly ParsedVulnerability[],
): Promise<void> {
  if (!isPostgres(trx)) {
    await insertInTurns(
      trx,
      'vulnerabilities',
      vulnerabilities,
      vulnerabilityRow(reportId, entityRef),
    );
    await insertFindingIds(trx, reportId, entityRef, vulnerabilities);
    return;
  }
  const rowIds = await reserveRowIds(
    trx,
    'vulnerabilities',
    vulnerabilities.length,
  );
  const toValues = vulnerabilityValues(reportId, entityRef);
  const idRows: FindingIdRow[] = [];
  await copyRows(
    trx,
    'vulnerabilities',
    ['row_id', ...VULNERABILITY_COLUMNS],
    vulnerabilities,
    (v, i) => {
      const values = toValues(v);
      const ids = findingIdRowsOf(
        reportId,
        entityRef,
        v,
        rowIds[i],
        values[CVE_ID] as string | null,
      );
      for (const id of ids) idRows.push(id);
      values.unshift(rowIds[i]);
      return values;
    },
  );
  await copyRows(
    trx,
    'finding_ids',
    FINDING_ID_COLUMNS,
    idRows,
    findingIdValues,
  );
}
