import {
  SBOM_NO_LICENSE,
  type LicenseFacet,
  SbomComponentItem,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type { ComponentQuery, VulnerabilityQuery } from './PostureStore';
import { mergeLicenseFacets } from './licenseFacets';
import { whereCleared, whereOpen } from './openFindings';
import type { ComponentRow } from './rows';
import {
  joinMarks,
  MARKED_COLUMNS,
  vulnerabilityItemOf,
  type MarkedVulnerabilityRow,
} from './vulnerabilityItems';

/** A LIKE pattern matching `text` literally anywhere, with `\` as the escape character. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, c => `\\${c}`)}%`;
}

function whereContains(
  builder: Knex.QueryBuilder,
  columns: string[],
  text: string,
): void {
  const pattern = containsPattern(text);
  builder.where(inner => {
    for (const column of columns) {
      inner.orWhereRaw(`LOWER(COALESCE(??, '')) LIKE ? ESCAPE '\\'`, [
        column,
        pattern,
      ]);
    }
  });
}

/** Nulls last in either direction, on both engines. */
function orderNullsLast(
  builder: Knex.QueryBuilder,
  column: string,
  order: 'asc' | 'desc',
): void {
  builder.orderByRaw(`CASE WHEN ?? IS NULL THEN 1 ELSE 0 END`, [column]);
  builder.orderBy(column, order);
}

/**
 * The risk order's keys, each "higher is more urgent": known exploited, EPSS probability
 * (unscored below any score), severity, a fix available, CVSS (unscored below any score).
 * `desc` lists the most urgent first; `asc` is its exact reverse, before the tiebreak.
 */
const RISK_KEYS = [
  'CASE WHEN k.cve_id IS NULL THEN 0 ELSE 1 END',
  'COALESCE(s.epss, -1)',
  '-v.severity_rank',
  "CASE WHEN v.fixed_version IS NOT NULL AND v.fixed_version <> '' THEN 1 ELSE 0 END",
  'COALESCE(v.cvss_score, -1)',
];

function orderByRisk(builder: Knex.QueryBuilder, order: 'asc' | 'desc') {
  const direction = order === 'asc' ? 'ASC' : 'DESC';
  for (const key of RISK_KEYS) {
    builder.orderByRaw(`${key} ${direction}`);
  }
}

/** The findings of the entity that pass the query's filters, as `v` joined to its marks. */
function filteredVulnerabilities(
  db: Knex,
  entityRef: string,
  query: VulnerabilityQuery,
): Knex.QueryBuilder {
  const filtered = joinMarks(db('vulnerabilities as v')).where(
    'v.entity_ref',
    entityRef,
  );
  const vex = query.vex ?? 'open';
  if (vex === 'open') {
    whereOpen(filtered, 'v');
  } else if (vex === 'not-affected') {
    whereCleared(filtered, 'v');
  }
  if (query.kev) {
    filtered.whereNotNull('k.cve_id');
  }
  if (query.minEpss !== undefined) {
    filtered.where('s.epss', '>=', query.minEpss);
  }
  if (query.severities?.length) {
    filtered.whereIn('v.severity', query.severities);
  }
  if (query.statuses?.length) {
    filtered.whereIn('v.status', query.statuses);
  }
  if (query.fixable === true) {
    filtered
      .whereNotNull('v.fixed_version')
      .andWhere('v.fixed_version', '<>', '');
  } else if (query.fixable === false) {
    filtered.where(inner =>
      inner.whereNull('v.fixed_version').orWhere('v.fixed_version', '=', ''),
    );
  }
  if (query.text) {
    whereContains(
      filtered,
      ['v.vuln_id', 'v.package_name', 'v.title', 'v.target'],
      query.text,
    );
  }
  return filtered;
}

/**
 * A page of the entity's findings with their KEV, EPSS and VEX marks (joined on the finding's
 * CVE and statement in the page's one query), and how many pass the filters. VEX-cleared
 * findings are left out unless `vex` asks for them; the default order is by risk.
 */
export async function listVulnerabilities(
  db: Knex,
  entityRef: string,
  query: VulnerabilityQuery,
): Promise<{ items: VulnerabilityItem[]; totalCount: number }> {
  const filtered = filteredVulnerabilities(db, entityRef, query);
  const [{ count }] = await filtered.clone().count({ count: '*' });
  const page = filtered.clone().select(MARKED_COLUMNS);
  const sort = query.sort ?? 'risk';
  const order = query.order ?? (sort === 'package' ? 'asc' : 'desc');
  switch (sort) {
    case 'cvss':
      orderNullsLast(page, 'v.cvss_score', order);
      break;
    case 'package':
      page.orderBy('v.package_name', order);
      break;
    case 'published':
      orderNullsLast(page, 'v.published_at', order);
      break;
    case 'severity':
      // "desc" severity means the most severe first, which is the lowest rank.
      page.orderBy('v.severity_rank', order === 'desc' ? 'asc' : 'desc');
      orderNullsLast(page, 'v.cvss_score', 'desc');
      break;
    default:
      orderByRisk(page, order);
  }
  // A total order, so pages never repeat or skip rows.
  page.orderBy(['v.vuln_id', 'v.package_name', 'v.row_id']);
  const rows: MarkedVulnerabilityRow[] = await page
    .offset(query.offset)
    .limit(query.limit);

  return {
    totalCount: Number(count),
    items: rows.map(vulnerabilityItemOf),
  };
}

export async function listComponents(
  db: Knex,
  entityRef: string,
  query: ComponentQuery,
): Promise<{
  items: SbomComponentItem[];
  totalCount: number;
  licenses: LicenseFacet[];
}> {
  // Through the entity's reports (components_report_idx): components have no entity index
  // of their own since migration 20270201120000.
  const filtered = db<ComponentRow>('components')
    .whereIn(
      'report_id',
      db('reports').where({ entity_ref: entityRef }).select('id'),
    )
    .andWhere({ entity_ref: entityRef });
  if (query.text) {
    whereContains(filtered, ['name', 'purl', 'version'], query.text);
  }
  if (query.license === SBOM_NO_LICENSE) {
    filtered.where('licenses', '[]');
  } else if (query.license) {
    // Licences are stored as a JSON array: match the quoted element exactly.
    filtered.whereRaw(`LOWER(licenses) LIKE ? ESCAPE '\\'`, [
      containsPattern(JSON.stringify(query.license)),
    ]);
  }
  const [{ count }] = await filtered.clone().count({ count: '*' });
  const rows: ComponentRow[] = await filtered
    .clone()
    .select()
    .orderBy(['name', 'version', 'row_id'])
    .offset(query.offset)
    .limit(query.limit);

  // Facets over the whole SBOM, not the filtered page, so choosing one keeps the others
  // visible; counted at ingestion, so this reads one small row per report.
  const counts: Array<{ license_counts: string }> = await db('reports')
    .where({ entity_ref: entityRef })
    .select('license_counts');
  const licenses = mergeLicenseFacets(
    counts.map(r => JSON.parse(r.license_counts)),
  );

  return {
    totalCount: Number(count),
    licenses,
    items: rows.map(row => ({
      name: row.name,
      version: row.version,
      purl: row.purl,
      type: row.type,
      licenses: JSON.parse(row.licenses),
    })),
  };
}
