import {
  SBOM_NO_LICENSE,
  type LicenseFacet,
  SbomComponentItem,
  Severity,
  VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import type { ComponentQuery, VulnerabilityQuery } from './PostureStore';
import { mergeLicenseFacets } from './licenseFacets';
import type { ComponentRow, VulnerabilityRow } from './rows';

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

export async function listVulnerabilities(
  db: Knex,
  entityRef: string,
  query: VulnerabilityQuery,
): Promise<{ items: VulnerabilityItem[]; totalCount: number }> {
  const filtered = db<VulnerabilityRow>('vulnerabilities').where({
    entity_ref: entityRef,
  });
  if (query.severities?.length) {
    filtered.whereIn('severity', query.severities);
  }
  if (query.statuses?.length) {
    filtered.whereIn('status', query.statuses);
  }
  if (query.fixable === true) {
    filtered.whereNotNull('fixed_version').andWhere('fixed_version', '<>', '');
  } else if (query.fixable === false) {
    filtered.where(inner =>
      inner.whereNull('fixed_version').orWhere('fixed_version', '=', ''),
    );
  }
  if (query.text) {
    whereContains(
      filtered,
      ['vuln_id', 'package_name', 'title', 'target'],
      query.text,
    );
  }

  const [{ count }] = await filtered.clone().count({ count: '*' });
  const page = filtered.clone().select();
  const order = query.order ?? (query.sort === 'package' ? 'asc' : 'desc');
  switch (query.sort ?? 'severity') {
    case 'cvss':
      orderNullsLast(page, 'cvss_score', order);
      break;
    case 'package':
      page.orderBy('package_name', order);
      break;
    case 'published':
      orderNullsLast(page, 'published_at', order);
      break;
    default:
      // "desc" severity means the most severe first, which is the lowest rank.
      page.orderBy('severity_rank', order === 'desc' ? 'asc' : 'desc');
      orderNullsLast(page, 'cvss_score', 'desc');
  }
  // A total order, so pages never repeat or skip rows.
  page.orderBy(['vuln_id', 'package_name', 'row_id']);
  const rows: VulnerabilityRow[] = await page
    .offset(query.offset)
    .limit(query.limit);

  return {
    totalCount: Number(count),
    items: rows.map(row => ({
      id: row.vuln_id,
      severity: row.severity as Severity,
      packageName: row.package_name,
      installedVersion: row.installed_version,
      fixedVersion: row.fixed_version,
      status: row.status,
      cvssScore: row.cvss_score === null ? null : Number(row.cvss_score),
      title: row.title,
      url: row.url,
      target: row.target,
      purl: row.purl,
      publishedAt: row.published_at,
    })),
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
  const filtered = db<ComponentRow>('components').where({
    entity_ref: entityRef,
  });
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
