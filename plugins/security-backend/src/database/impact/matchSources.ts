import { normalizePurl } from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { whereOpen } from '../openFindings';
import type { ResolvedImpactQuery } from './ImpactStore';

/*
 * The rows an impact query matches, as one SELECT per source (SBOM components, findings,
 * reports of an image) over the typed, indexed columns of migrations 20270120120000 and
 * 20270201120000 only: vulnerabilities.cve_id and finding_ids.id, components.name_lower /
 * vulnerabilities.package_lower, the purl columns, and reports.artifact. Never a LIKE, never
 * a JSON column.
 *
 * Every SELECT gives the same columns, so they can be UNIONed, in one of three widths:
 * `membership` (entity_ref and the installed version: which entities match, and the version a
 * range judges), `key` (the match key: entity_ref, source, vuln_id, package_key, version,
 * artifact; two rows with the same key are one match, as when a Trivy scan and a CycloneDX SBOM
 * of one image list the same package) and `details` (the key and what an ImpactMatch shows).
 * The narrower, the cheaper the UNION's duplicate removal: counting entities never sorts the
 * wide rows.
 */

/** One matching row; only the columns of the width asked for are set. */
export interface MatchRow {
  entity_ref: string;
  source: 'sbom' | 'finding' | 'image';
  vuln_id: string | null;
  /** Lower-case package name (the image repository for `image`). */
  package_key: string | null;
  /** Installed version (the image digest for `image`). */
  version: string | null;
  artifact: string | null;
  package_name: string | null;
  fixed_version: string | null;
  purl: string | null;
  severity: string | null;
  vex_status: string | null;
}

export const KEY_COLUMNS = [
  'entity_ref',
  'source',
  'vuln_id',
  'package_key',
  'version',
  'artifact',
] as const;

export type MatchColumns = 'membership' | 'key' | 'details';

export interface MatchSourceOptions {
  columns: MatchColumns;
  /** Only these entities. */
  entityRefs?: readonly string[];
  /**
   * Only components and findings with one of these installed versions (a package query's
   * range, judged over the package's distinct versions beforehand).
   */
  versions?: readonly string[];
  /** Leave out findings a VEX statement clears (campaigns). */
  openFindingsOnly?: boolean;
  /**
   * Leave out an SBOM component when a finding of the same query, entity, image and installed
   * version is listed: the finding says more (its id and fixed version) about the same package.
   */
  preferFindings?: boolean;
}

const NULL_TEXT = 'CAST(NULL AS VARCHAR(255))';

function columns(
  db: Knex,
  width: MatchColumns,
  key: Record<(typeof KEY_COLUMNS)[number], string | null>,
  shown: Record<
    'package_name' | 'fixed_version' | 'purl' | 'severity' | 'vex_status',
    string | null
  >,
): Knex.Raw[] {
  const select = (expression: string | null, alias: string) =>
    db.raw(`${expression ?? NULL_TEXT} as ${alias}`);
  if (width === 'membership') {
    return [
      select(key.entity_ref, 'entity_ref'),
      select(key.version, 'version'),
    ];
  }
  const keyColumns = KEY_COLUMNS.map(c => select(key[c], c));
  if (width === 'key') {
    return keyColumns;
  }
  return [
    ...keyColumns,
    ...Object.entries(shown).map(([alias, expression]) =>
      select(expression, alias),
    ),
  ];
}

const findingColumns = (db: Knex, width: MatchColumns) =>
  columns(
    db,
    width,
    {
      entity_ref: 'v.entity_ref',
      source: "'finding'",
      vuln_id: 'v.vuln_id',
      package_key: 'v.package_lower',
      version: 'v.installed_version',
      artifact: 'r.artifact',
    },
    {
      package_name: 'v.package_name',
      fixed_version: 'v.fixed_version',
      purl: 'v.purl',
      severity: 'v.severity',
      vex_status: 'v.vex_status',
    },
  );

const componentColumns = (db: Knex, width: MatchColumns) =>
  columns(
    db,
    width,
    {
      entity_ref: 'c.entity_ref',
      source: "'sbom'",
      vuln_id: null,
      package_key: 'c.name_lower',
      version: 'c.version',
      artifact: 'r.artifact',
    },
    {
      package_name: 'c.name',
      fixed_version: null,
      purl: 'c.purl',
      severity: null,
      vex_status: null,
    },
  );

const imageColumns = (db: Knex, width: MatchColumns) =>
  columns(
    db,
    width,
    {
      entity_ref: 'r.entity_ref',
      source: "'image'",
      vuln_id: null,
      package_key: 'r.artifact',
      version: 'r.digest',
      artifact: 'r.artifact',
    },
    {
      package_name: 'r.artifact',
      fixed_version: null,
      purl: null,
      severity: null,
      vex_status: null,
    },
  );

/** A condition on the finding (alias `alias`) or component rows a query kind matches. */
type RowCondition = (qb: Knex.QueryBuilder, alias: string) => void;

/**
 * A package name as the purl columns hold it for that purl type, normalised by the same
 * function as the stored purls (lower case; PyPI `Django_Rest` is `django-rest`), or null
 * when no purl of that type can have the name.
 */
function purlNameOf(type: string, name: string): string | null {
  // With a stand-in namespace, since some types (maven) refuse a purl without one; the name
  // is normalised the same whatever the namespace.
  return (
    normalizePurl(`pkg:${type}/namespace/${encodeURIComponent(name)}`)?.name ??
    null
  );
}

/*
 * A package name matches the name a report lists (`org.apache.logging.log4j:log4j-core`,
 * lower case) or the purl's name (`log4j-core`), so the bare artifact finds Maven packages
 * whatever their group, and a component an SBOM names after its file but gives a purl. Each
 * arm is an equality on an index (migration 20270201120000): the purl name on `*_purl_idx`,
 * the listed name on `components_name_idx` / `vulnerabilities_package_idx`, which hold only
 * the rows whose listed name is not their purl name; the arm says so (`listedNameArm`), both
 * for PostgreSQL to prove the partial index usable and because the other rows are found by
 * their purl name, which is the same. PostgreSQL reads the OR as a BitmapOr of index scans,
 * and a row matching two arms is still one row (a UNION ALL of the arms would list it twice).
 */
function listedNameArm(
  qb: Knex.QueryBuilder,
  alias: string,
  nameColumn: 'name_lower' | 'package_lower',
  name: string,
): void {
  qb.where(`${alias}.${nameColumn}`, name).andWhere(notPurlName =>
    notPurlName
      .whereNull(`${alias}.purl_name`)
      .orWhereRaw('?? <> ??', [`${alias}.${nameColumn}`, `${alias}.purl_name`]),
  );
}

function packageCondition(
  query: Extract<ResolvedImpactQuery, { kind: 'package' }>,
  nameColumn: 'name_lower' | 'package_lower',
): RowCondition {
  const { name, ecosystem } = query;
  if (ecosystem !== null) {
    // The asked name too: a listed name that is its purl name is only in the purl index.
    const purlNames = [...new Set([name, purlNameOf(ecosystem, name) ?? name])];
    return (qb, alias) =>
      qb.where(`${alias}.purl_type`, ecosystem).andWhere(inner => {
        inner
          .where(listed => listedNameArm(listed, alias, nameColumn, name))
          .orWhereIn(`${alias}.purl_name`, purlNames);
      });
  }
  // Without an ecosystem the purl name compares lower case (every type's rule), and PyPI
  // purls also the PEP 503 way, which only PyPI applies (`zope.interface` is `zope-interface`).
  const pypiName = purlNameOf('pypi', name);
  return (qb, alias) =>
    qb.where(inner => {
      inner
        .where(listed => listedNameArm(listed, alias, nameColumn, name))
        .orWhere(`${alias}.purl_name`, name);
      if (pypiName !== null && pypiName !== name) {
        inner.orWhere(pypi =>
          pypi
            .where(`${alias}.purl_name`, pypiName)
            .andWhere(`${alias}.purl_type`, 'pypi'),
        );
      }
    });
}

function purlCondition(
  query: Extract<ResolvedImpactQuery, { kind: 'purl' }>,
  versionColumn: 'purl_version' | 'installed_version',
): RowCondition {
  return (qb, alias) => {
    qb.where(`${alias}.purl_type`, query.type).andWhere(
      `${alias}.purl_name`,
      query.name,
    );
    if (query.namespace === null) {
      qb.whereNull(`${alias}.purl_namespace`);
    } else {
      qb.where(`${alias}.purl_namespace`, query.namespace);
    }
    if (query.version !== null) {
      qb.where(`${alias}.${versionColumn}`, query.version);
    }
  };
}

function restrictTo(
  qb: Knex.QueryBuilder,
  column: string,
  entityRefs: readonly string[] | undefined,
): Knex.QueryBuilder {
  return entityRefs === undefined ? qb : qb.whereIn(column, [...entityRefs]);
}

/**
 * Joins the row's report (`r`), for its image repository; only the key and details show it,
 * so counting entities reads the component and finding rows alone.
 */
function withReport(
  qb: Knex.QueryBuilder,
  alias: string,
  needed: boolean,
): Knex.QueryBuilder {
  return needed ? qb.join('reports as r', 'r.id', `${alias}.report_id`) : qb;
}

function findingSelect(
  db: Knex,
  condition: RowCondition,
  options: MatchSourceOptions,
): Knex.QueryBuilder {
  const qb = withReport(
    db('vulnerabilities as v'),
    'v',
    options.columns !== 'membership',
  ).select(findingColumns(db, options.columns));
  condition(qb, 'v');
  if (options.versions) {
    qb.whereIn('v.installed_version', [...options.versions]);
  }
  if (options.openFindingsOnly) {
    whereOpen(qb, 'v');
  }
  return restrictTo(qb, 'v.entity_ref', options.entityRefs);
}

function componentSelect(
  db: Knex,
  condition: RowCondition,
  findingCondition: RowCondition,
  options: MatchSourceOptions,
): Knex.QueryBuilder {
  const qb = withReport(
    db('components as c'),
    'c',
    options.columns !== 'membership' || options.preferFindings === true,
  ).select(componentColumns(db, options.columns));
  condition(qb, 'c');
  if (options.versions) {
    qb.whereIn('c.version', [...options.versions]);
  }
  if (options.preferFindings) {
    qb.whereNotExists(sub => {
      sub
        .select(db.raw('1'))
        .from('vulnerabilities as fv')
        .join('reports as fr', 'fr.id', 'fv.report_id')
        .whereRaw('fv.entity_ref = c.entity_ref')
        .whereRaw('fr.artifact = r.artifact')
        .whereRaw('fv.installed_version = c.version');
      findingCondition(sub, 'fv');
    });
  }
  return restrictTo(qb, 'c.entity_ref', options.entityRefs);
}

/** One SELECT per source the query kind reads, each giving the columns of {@link MatchRow}. */
export function matchSelects(
  db: Knex,
  query: ResolvedImpactQuery,
  options: MatchSourceOptions,
): Knex.QueryBuilder[] {
  switch (query.kind) {
    case 'vulnerability': {
      // A finding's CVE is in vulnerabilities.cve_id, its other ids and aliases in finding_ids
      // (migration 20270201120000): one SELECT each, on their id indexes.
      const byCve = db('vulnerabilities as v').where('v.cve_id', query.id);
      const byAlias = db('finding_ids as fi').where('fi.id', query.id);
      if (options.columns === 'membership' && !options.openFindingsOnly) {
        // Which entities have it: the id indexes and each table's own entity_ref suffice.
        return [
          restrictTo(
            byCve.select(
              db.raw('v.entity_ref as entity_ref'),
              db.raw(`${NULL_TEXT} as version`),
            ),
            'v.entity_ref',
            options.entityRefs,
          ),
          restrictTo(
            byAlias.select(
              db.raw('fi.entity_ref as entity_ref'),
              db.raw(`${NULL_TEXT} as version`),
            ),
            'fi.entity_ref',
            options.entityRefs,
          ),
        ];
      }
      byAlias.join(
        'vulnerabilities as v',
        'v.row_id',
        'fi.vulnerability_row_id',
      );
      return [byCve, byAlias].map(qb => {
        withReport(qb, 'v', options.columns !== 'membership').select(
          findingColumns(db, options.columns),
        );
        if (options.openFindingsOnly) {
          whereOpen(qb, 'v');
        }
        return restrictTo(qb, 'v.entity_ref', options.entityRefs);
      });
    }
    case 'package': {
      const findings = packageCondition(query, 'package_lower');
      return [
        findingSelect(db, findings, options),
        componentSelect(
          db,
          packageCondition(query, 'name_lower'),
          findings,
          options,
        ),
      ];
    }
    case 'purl': {
      const findings = purlCondition(query, 'installed_version');
      return [
        findingSelect(db, findings, options),
        componentSelect(
          db,
          purlCondition(query, 'purl_version'),
          findings,
          options,
        ),
      ];
    }
    default: {
      const qb = db('reports as r')
        .where('r.artifact', query.repository)
        .select(imageColumns(db, options.columns));
      return [restrictTo(qb, 'r.entity_ref', options.entityRefs)];
    }
  }
}

/**
 * The SELECTs as one UNION (duplicates removed: equal rows are one match), or with `all` a
 * UNION ALL for a caller that removes duplicates of its own.
 */
export function matchUnion(
  db: Knex,
  query: ResolvedImpactQuery,
  options: MatchSourceOptions & { all?: boolean },
): Knex.QueryBuilder {
  const [first, ...rest] = matchSelects(db, query, options);
  if (rest.length === 0) {
    return first;
  }
  // Not wrapped in parentheses: SQLite refuses parenthesised UNION members.
  return options.all ? first.unionAll(rest, false) : first.union(rest, false);
}

/** The key of a match, as JavaScript groups rows the way the UNION does. */
export function matchKey(row: MatchRow): string {
  return JSON.stringify(KEY_COLUMNS.map(c => row[c] ?? null));
}
