/*
 * The generated fleet of `yarn bench:impact`, written with set-based PostgreSQL (INSERT ...
 * SELECT over generate_series), never row by row:
 *   - posture_entities: N services owned by 100 teams, in 500 systems, with lifecycles;
 *   - a catalog of PACKAGES packages (npm 40%, maven 20%, PyPI 15%, Go 10%, Debian 15%; npm
 *     scopes, Maven groups, Go module paths, PyPI names in mixed case with `_` and `.`) each
 *     with 1 to 8 versions;
 *   - per service an SBOM whose packages follow a Zipf-like popularity (package of rank p is
 *     in a service with probability min(1, A·w(e)/p), A chosen so the SBOMs hold COMPONENTS
 *     components in all, w(e) from 0.25 to 1.75 so services differ in size): the first hundred
 *     packages are everywhere, the tail in a few services; one version per package and service;
 *   - per service a Trivy scan of the same image listing a finding per CVE of each vulnerable
 *     package (one package in seven, one to three CVEs, the older half of its versions
 *     affected; every fourth such package's findings are GHSA ids with the CVE as alias), and
 *     finding_ids as ingestion writes them (ids other than the CVE, which cve_id holds);
 *   - every service also scans a shared sidecar image (one of 50), so an image query can hit
 *     one service or a couple of hundred.
 * Components, findings and finding_ids are bulk-loaded: their secondary indexes are built
 * after the rows are in (bulkLoad.ts).
 * The purl columns are written by the same normalizePurl ingestion uses (on the 4,000-row
 * package catalog, then joined), and a sample of the generated rows is checked against it.
 */
import {
  normalizePurl,
  type NormalizedPurl,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { withIndexesDeferred } from './bulkLoad';

export const TEAMS = 100;
export const SYSTEMS = 500;
const SIDECARS = 50;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
export const entityRef = (e: number) => `component:default/svc-${pad(e, 5)}`;
export const teamRef = (t: number) => `group:default/team-${pad(t, 3)}`;
export const serviceImage = (e: number) => `ghcr.io/acme/svc-${pad(e, 5)}`;
export const sidecarImage = (s: number) => `ghcr.io/acme/sidecar-${pad(s, 2)}`;

/** One package of the catalog, and how its versions and purl are written. */
export interface BenchPackage {
  p: number;
  type: 'npm' | 'maven' | 'pypi' | 'golang' | 'deb';
  /** The component name an SBOM gives. */
  name: string;
  /** The purl up to the version (`pkg:npm/%40scope-1/pkg-10`). */
  purlBase: string;
  /** Appended after the version (qualifiers). */
  purlTail: string;
  versions: string[];
  normalized: NormalizedPurl;
}

function typeOf(p: number): BenchPackage['type'] {
  const r = p % 20;
  if (r < 8) return 'npm';
  if (r < 12) return 'maven';
  if (r < 15) return 'pypi';
  if (r < 17) return 'golang';
  return 'deb';
}

export function versionsOf(p: number, type: BenchPackage['type']): string[] {
  const major = 1 + (p % 4);
  const count = 1 + ((p * 7) % 8);
  return Array.from({ length: count }, (_, v) => {
    const patch = (p + v) % 10;
    switch (type) {
      case 'pypi':
        return `${major}.${v}`;
      case 'deb':
        return `${major}.${v}-${patch}`;
      case 'golang':
        return `v${major}.${v}.${patch}`;
      default:
        return `${major}.${v}.${patch}`;
    }
  });
}

export function benchPackage(p: number): BenchPackage {
  const type = typeOf(p);
  let name: string;
  let purlBase: string;
  let purlTail = '';
  switch (type) {
    case 'npm':
      if (p % 10 === 0) {
        name = `@scope-${p % 50}/pkg-${p}`;
        purlBase = `pkg:npm/%40scope-${p % 50}/pkg-${p}`;
      } else {
        name = `pkg-${p}`;
        purlBase = `pkg:npm/pkg-${p}`;
      }
      break;
    case 'maven':
      name = `artifact-${p}`;
      purlBase = `pkg:maven/org.acme${p % 30}.group/artifact-${p}`;
      purlTail = '?type=jar';
      break;
    case 'pypi':
      name = `Py_Pkg.${p}`;
      purlBase = `pkg:pypi/Py_Pkg.${p}`;
      break;
    case 'golang':
      name = `github.com/org${p % 40}/mod-${p}`;
      purlBase = `pkg:golang/github.com/org${p % 40}/mod-${p}`;
      break;
    default:
      name = `lib-${p}`;
      purlBase = `pkg:deb/debian/lib-${p}`;
      purlTail = '?arch=amd64&distro=debian-12';
  }
  const versions = versionsOf(p, type);
  const normalized = normalizePurl(`${purlBase}@${versions[0]}${purlTail}`);
  if (!normalized) {
    throw new Error(`generated purl ${purlBase} does not parse`);
  }
  return { p, type, name, purlBase, purlTail, versions, normalized };
}

/** The CVEs of package p (none unless it is one of the vulnerable seventh). */
export function cvesOf(p: number): string[] {
  if (p % 7 !== 3) return [];
  return Array.from(
    { length: 1 + (p % 3) },
    (_, k) => `CVE-${2020 + (p % 6)}-${pad(10000 + p * 3 + k, 5)}`,
  );
}

/** Versions of p with index below this are affected by its CVEs; this one fixes them. */
export const firstFixedIndex = (versionCount: number) =>
  Math.floor(versionCount / 2);

/** Uniform [0, 1) from a bigint expression, the same on every run (PostgreSQL's hashint8). */
const uniform = (expression: string) =>
  `((hashint8(${expression})::bigint + 2147483648) / 4294967296.0)`;

/** Service size weight, 0.25 to 1.75, mean 1. */
const weightSql = (e: string) => `(0.25 + 1.5 * ${uniform(`${e} * 7919`)})`;

/**
 * A such that the expected number of components, sum over services e and packages p of
 * min(1, A·w(e)/p), is `components` (w, uniform, taken on a grid of 100 points).
 */
function zipfScale(
  entities: number,
  packages: number,
  components: number,
): number {
  const weights = Array.from(
    { length: 100 },
    (_, i) => 0.25 + (1.5 * (i + 0.5)) / 100,
  );
  const expected = (a: number) => {
    let sum = 0;
    for (const w of weights) {
      for (let p = 1; p <= packages; p++) sum += Math.min(1, (a * w) / p);
    }
    return (sum / weights.length) * entities;
  };
  let low = 0;
  let high = packages * 10;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (expected(mid) < components) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

async function timedStep<T>(label: string, work: () => Promise<T>): Promise<T> {
  const start = Date.now();
  const result = await work();
  console.log(
    `  ${label}: ${((Date.now() - start) / 1000).toFixed(1)} s${
      typeof result === 'number'
        ? ` (${result.toLocaleString('en-US')} rows)`
        : ''
    }`,
  );
  return result;
}

const rowCount = (result: { rowCount?: number }) => result.rowCount ?? 0;

/** The SBOM components, the findings and their other ids, from bench_choices. */
async function fillReportRows(knex: Knex, version: string): Promise<void> {
  await timedStep('components', async () =>
    rowCount(
      await knex.raw(
        `INSERT INTO components (report_id, entity_ref, name, version, purl, type, licenses,
                                 name_lower, purl_type, purl_namespace, purl_name, purl_version)
         SELECT md5('sbom' || c.e)::uuid::text,
                'component:default/svc-' || lpad(c.e::text, 5, '0'),
                b.name, ${version}, b.purl_base || '@' || ${version} || b.purl_tail, 'library',
                '["MIT"]', lower(b.name), b.norm_type, b.norm_namespace, b.norm_name, ${version}
           FROM bench_choices c JOIN bench_packages b ON b.p = c.p`,
      ),
    ),
  );

  await timedStep('findings (one per CVE of an affected package)', async () =>
    rowCount(
      await knex.raw(
        `INSERT INTO vulnerabilities (report_id, entity_ref, vuln_id, severity, severity_rank,
                                      package_name, installed_version, fixed_version, status,
                                      cvss_score, title, url, published_at, target, purl,
                                      cve_id, package_lower, purl_type, purl_namespace,
                                      purl_name)
         SELECT md5('scan' || c.e)::uuid::text,
                'component:default/svc-' || lpad(c.e::text, 5, '0'),
                CASE WHEN b.ghsa
                     THEN 'GHSA-' || substr(md5(cve), 1, 4) || '-' || substr(md5(cve), 5, 4)
                          || '-' || substr(md5(cve), 9, 4)
                     ELSE cve END,
                (ARRAY['critical','high','medium','low','unknown'])[1 + (b.p + k) % 5],
                (b.p + k) % 5, b.name, ${version},
                b.versions[1 + array_length(b.versions, 1) / 2], 'fixed', 5.0 + (b.p % 5),
                'A flaw in ' || b.name, NULL, NULL, 'app',
                b.purl_base || '@' || ${version} || b.purl_tail, cve, lower(b.name),
                b.norm_type, b.norm_namespace, b.norm_name
           FROM bench_choices c
           JOIN bench_packages b ON b.p = c.p
          CROSS JOIN LATERAL unnest(b.cves) WITH ORDINALITY AS x(cve, k)
          WHERE c.v <= array_length(b.versions, 1) / 2`,
      ),
    ),
  );

  // As ingestion writes them: every id but the CVE, which cve_id holds (so the GHSA ids).
  await timedStep('finding_ids (the GHSA ids; CVEs are cve_id)', async () =>
    rowCount(
      await knex.raw(
        `INSERT INTO finding_ids (report_id, entity_ref, vulnerability_row_id, id)
         SELECT report_id, entity_ref, row_id, upper(vuln_id) FROM vulnerabilities
          WHERE cve_id IS DISTINCT FROM upper(vuln_id)`,
      ),
    ),
  );
}

export async function generateFleet(
  knex: Knex,
  options: { entities: number; packages: number; components: number },
): Promise<BenchPackage[]> {
  const { entities, packages, components } = options;
  const now = new Date().toISOString();
  const catalog = Array.from({ length: packages }, (_, i) =>
    benchPackage(i + 1),
  );

  await timedStep('posture_entities', async () =>
    rowCount(
      await knex.raw(
        `INSERT INTO posture_entities (entity_ref, kind, namespace, name, title, owner_ref,
                                       system_ref, domain_ref, lifecycle, policy, seen_at)
         SELECT 'component:default/svc-' || lpad(e::text, 5, '0'), 'component', 'default',
                'svc-' || lpad(e::text, 5, '0'), 'Service ' || e,
                'group:default/team-' || lpad((1 + e % ${TEAMS})::text, 3, '0'),
                'system:default/sys-' || lpad((1 + e % ${SYSTEMS})::text, 3, '0'),
                'domain:default/dom-' || lpad((1 + e % 20)::text, 2, '0'),
                CASE WHEN e % 10 = 0 THEN 'experimental'
                     WHEN e % 25 = 1 THEN 'deprecated' ELSE 'production' END,
                NULL, ?::timestamptz
           FROM generate_series(1, ?) e`,
        [now, entities],
      ),
    ),
  );

  // The package catalog, with the columns normalizePurl gives, as a scratch table.
  await knex.raw(
    `CREATE UNLOGGED TABLE bench_packages (
       p int PRIMARY KEY, type text, name text, purl_base text, purl_tail text,
       versions text[], norm_type text, norm_namespace text, norm_name text, cves text[],
       ghsa boolean)`,
  );
  await knex('bench_packages').insert(
    catalog.map(pkg => ({
      p: pkg.p,
      type: pkg.type,
      name: pkg.name,
      purl_base: pkg.purlBase,
      purl_tail: pkg.purlTail,
      versions: pkg.versions,
      norm_type: pkg.normalized.type,
      norm_namespace: pkg.normalized.namespace,
      norm_name: pkg.normalized.name,
      cves: cvesOf(pkg.p),
      ghsa: pkg.p % 4 === 0,
    })),
  );

  const scale = zipfScale(entities, packages, components);
  await timedStep('choices (service, package, version)', async () => {
    await knex.raw(
      `CREATE UNLOGGED TABLE bench_choices AS
       SELECT e, b.p, 1 + floor(${uniform('e::bigint * 100003 + b.p + 77')}
                                * array_length(b.versions, 1))::int AS v
         FROM generate_series(1, ?) e
        CROSS JOIN bench_packages b
        WHERE ${uniform('e::bigint * 100003 + b.p')} < ? * ${weightSql(
        'e::bigint',
      )} / b.p`,
      [entities, scale],
    );
    return Number((await knex('bench_choices').count({ n: '*' }))[0].n);
  });

  await timedStep(
    'reports (SBOM and scan per service, sidecar scans)',
    async () =>
      rowCount(
        await knex.raw(
          `INSERT INTO reports (id, entity_ref, artifact, artifact_name, digest, format, sha256,
                              is_scan, generated_at, ingested_at, finding_count,
                              component_count, other_findings, uploaded_by, license_counts)
         SELECT md5(f.slot || e)::uuid::text, pe.entity_ref, f.artifact, f.artifact || ':1.0',
                'sha256:' || md5(f.artifact || e) || md5(e || f.artifact), f.format,
                md5(f.format || e || 'doc') || md5(e || f.format), f.format = 'trivy',
                ?::timestamptz, ?::timestamptz, 0, 0, '{}', 'bench', '{}'
           FROM generate_series(1, ?) e
           JOIN posture_entities pe
             ON pe.entity_ref = 'component:default/svc-' || lpad(e::text, 5, '0')
          CROSS JOIN LATERAL (VALUES
            ('sbom', 'cyclonedx', 'ghcr.io/acme/svc-' || lpad(e::text, 5, '0')),
            ('scan', 'trivy', 'ghcr.io/acme/svc-' || lpad(e::text, 5, '0')),
            ('sidecar', 'trivy',
             'ghcr.io/acme/sidecar-' || lpad((1 + e % ${SIDECARS})::text, 2, '0'))
          ) AS f(slot, format, artifact)`,
          [now, now, entities],
        ),
      ),
  );

  const version = `b.versions[c.v]`;
  await withIndexesDeferred(
    knex,
    ['components', 'vulnerabilities', 'finding_ids'],
    () => fillReportRows(knex, version),
  );

  await timedStep('report counts', async () => {
    await knex.raw(
      `UPDATE reports r SET component_count = n FROM (
         SELECT report_id, count(*) AS n FROM components GROUP BY report_id) c
        WHERE c.report_id = r.id`,
    );
    await knex.raw(
      `UPDATE reports r SET finding_count = n FROM (
         SELECT report_id, count(*) AS n FROM vulnerabilities GROUP BY report_id) v
        WHERE v.report_id = r.id`,
    );
  });
  await knex.raw('DROP TABLE bench_choices');
  await knex.raw('DROP TABLE bench_packages');
  await timedStep('VACUUM ANALYZE', async () => {
    await knex.raw('VACUUM ANALYZE');
  });
  await checkSample(knex);
  return catalog;
}

/** The generated columns are what ingestion would have written for those purls. */
async function checkSample(knex: Knex): Promise<void> {
  const sample: Array<Record<string, string | null>> = await knex
    .raw(
      `SELECT purl, name, name_lower, purl_type, purl_namespace, purl_name, purl_version
       FROM components TABLESAMPLE SYSTEM (0.1) LIMIT 2000`,
    )
    .then(r => r.rows);
  for (const row of sample) {
    const expected = normalizePurl(row.purl!);
    const actual = {
      type: row.purl_type,
      namespace: row.purl_namespace,
      name: row.purl_name,
      version: row.purl_version,
    };
    if (
      JSON.stringify(expected) !== JSON.stringify(actual) ||
      row.name_lower !== row.name!.toLowerCase()
    ) {
      throw new Error(
        `generated component ${row.purl} has ${JSON.stringify(
          actual,
        )}, ingestion would write ${JSON.stringify(expected)}`,
      );
    }
  }
  console.log(
    `  checked ${sample.length} sampled components against normalizePurl`,
  );
}
