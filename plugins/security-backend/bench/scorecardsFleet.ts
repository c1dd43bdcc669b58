/*
 * The generated fleet of `yarn bench:scorecards` (and the catalog, secrets, exemptions and
 * history of `yarn bench:scale`): catalog entities for the regrade's catalog
 * walk (one organisation, 10 departments, 100 teams, 500 systems in 20 domains, N components,
 * 1% of them owned by users), then set-based PostgreSQL that fills what uploads and sources
 * would have stored (a scan with 10 findings per component, SBOMs, signatures, Vault secret
 * ages, a few exemptions) and 400 days of history, without a row-by-row round trip.
 */
import type { Entity } from '@backstage/catalog-model';
import type { Knex } from 'knex';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const DEPARTMENTS = 10;
export const TEAMS = 100;
export const SYSTEMS = 500;
export const DOMAINS = 20;

export const entityName = (i: number) => `svc-${pad(i, 5)}`;
export const departmentName = (d: number) => `dept-${pad(d, 2)}`;
const teamName = (t: number) => `team-${pad(t, 3)}`;
const systemName = (s: number) => `sys-${pad(s, 3)}`;

function group(name: string, parent?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
  };
}

/** The catalog the regrade walks: groups, systems and `count` components. */
export function catalogEntities(count: number): Entity[] {
  const entities: Entity[] = [group('acme')];
  for (let d = 1; d <= DEPARTMENTS; d++) {
    entities.push(group(departmentName(d), 'acme'));
  }
  for (let t = 1; t <= TEAMS; t++) {
    entities.push(group(teamName(t), departmentName(1 + (t % DEPARTMENTS))));
  }
  for (let s = 1; s <= SYSTEMS; s++) {
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: systemName(s), namespace: 'default' },
      spec: {
        owner: teamName(1 + (s % TEAMS)),
        domain: `dom-${pad(1 + (s % DOMAINS), 2)}`,
      },
    });
  }
  for (let i = 1; i <= count; i++) {
    const name = entityName(i);
    let lifecycle = 'production';
    if (i % 10 === 0) lifecycle = 'experimental';
    else if (i % 25 === 1) lifecycle = 'deprecated';
    entities.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name,
        namespace: 'default',
        title: `Service ${i}`,
        tags: [`lang-${i % 10}`, `tier-${i % 3}`],
        annotations: {
          'posture.dev/image': `ghcr.io/acme/${name}`,
          ...(i % 3 === 0 ? { 'vault.io/secrets-path': `apps/${name}/` } : {}),
          ...(i % 10 === 4 ? { 'posture.dev/policy': 'internet-facing' } : {}),
        },
      },
      spec: {
        type: 'service',
        lifecycle,
        owner:
          i % 100 === 7
            ? `user:user-${pad(Math.floor(i / 100) % 50, 2)}`
            : teamName(1 + (i % TEAMS)),
        system: systemName(1 + (i % SYSTEMS)),
      },
    });
  }
  return entities;
}

/** `i` of a generated component, from its name, in SQL. */
const I = `substring(e.name from 5)::int`;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const iso = (expression: string) =>
  `to_char((${expression}) AT TIME ZONE 'UTC', ${ISO})`;

/**
 * What uploads and sources would have stored for every component with facts: one Trivy scan
 * of 10 findings (a third of them fixable in every fourth component), the summary sections (scan age 0 to 44 days, an SBOM for
 * five in six, signatures mostly verified, secrets for every third), three Vault secrets of
 * varying age for every third, approved exemptions for one in fifty. Grades are left to the
 * regrade.
 */
export async function fillPosture(knex: Knex, now: Date): Promise<void> {
  const at = now.toISOString();
  await knex.raw(
    `INSERT INTO reports (id, entity_ref, artifact, artifact_name, digest, format, sha256,
                          is_scan, generated_at, ingested_at, finding_count, component_count,
                          other_findings, uploaded_by, license_counts)
     SELECT md5(e.entity_ref)::uuid::text, e.entity_ref, 'ghcr.io/acme/' || e.name,
            'ghcr.io/acme/' || e.name, 'sha256:' || md5(e.name) || md5(e.name || '#'),
            'trivy', md5(e.name) || md5(e.name || '!'), true,
            ?::timestamptz - make_interval(days => ${I} % 45), ?::timestamptz,
            10, 0, '{}', 'bench', '{}'
       FROM posture_entities e`,
    [at, at],
  );
  await knex.raw(
    `INSERT INTO vulnerabilities (report_id, entity_ref, vuln_id, severity, severity_rank,
                                  package_name, installed_version, fixed_version, status,
                                  cvss_score, title, url, published_at, target, purl)
     SELECT r.id, r.entity_ref, 'CVE-2026-' || lpad((k * 1000 + ${I} % 997)::text, 5, '0'),
            (ARRAY['critical','high','medium','low','unknown'])[1 + (k + ${I}) % 5],
            (k + ${I}) % 5, 'pkg-' || k, '1.0.' || k,
            CASE WHEN ${I} % 4 = 0 AND (k + ${I}) % 3 = 0 THEN '1.1.' || k END,
            CASE WHEN ${I} % 4 = 0 AND (k + ${I}) % 3 = 0 THEN 'fixed' ELSE 'affected' END,
            5.0 + (k % 5), 'Finding ' || k, NULL, NULL, 'app', NULL
       FROM reports r JOIN posture_entities e ON e.entity_ref = r.entity_ref
      CROSS JOIN generate_series(0, 9) k`,
  );
  await fillSecrets(knex, now);
  const counts = (fixable: boolean) =>
    `json_build_object(${['critical', 'high', 'medium', 'low', 'unknown']
      .map(
        s =>
          `'${s}', count(*) FILTER (WHERE v.severity = '${s}'${
            fixable ? ' AND v.fixed_version IS NOT NULL' : ''
          })`,
      )
      .join(', ')})`;
  await knex.raw(
    `INSERT INTO entity_posture (entity_ref, grade, score, reasons, vulnerabilities, sbom,
                                 signature, secrets, updated_at, policy, checks, version)
     SELECT e.entity_ref, NULL, NULL, '[]',
            (${counts(false)}::jsonb || jsonb_build_object(
              'fixable', ${counts(true)}, 'scannedAt', ${iso('r.generated_at')},
              'artifact', r.artifact, 'digest', r.digest, 'stale', false))::text,
            CASE WHEN ${I} % 6 = 0 THEN NULL ELSE json_build_object(
              'components', 50 + ${I} % 400, 'format', 'cyclonedx',
              'generatedAt', ${iso('r.generated_at')})::text END,
            json_build_object(
              'status', CASE WHEN ${I} % 5 = 0 THEN 'unsigned'
                             WHEN ${I} % 17 = 0 THEN 'invalid' ELSE 'verified' END,
              'signer', NULL, 'checkedAt', ?::text, 'stale', false, 'digest', r.digest,
              'reason', NULL, 'logIndex', NULL, 'logUrl', NULL, 'integratedTime', NULL)::text,
            CASE WHEN ${I} % 3 = 0 THEN json_build_object(
              'total', 3, 'overdue', 0, 'dueSoon', 0, 'oldestAgeDays', NULL,
              'overdueSecrets', '[]'::json, 'checkedAt', ?::text, 'stale', false)::text END,
            ?::timestamptz, NULL, '[]', 0
       FROM posture_entities e
       JOIN reports r ON r.entity_ref = e.entity_ref
       JOIN vulnerabilities v ON v.report_id = r.id
      GROUP BY e.entity_ref, e.name, r.generated_at, r.artifact, r.digest`,
    [at, at, at],
  );
  await fillExemptions(knex, now);
}

/** Three Vault secrets of varying age (0 to 199 days) for every third component. */
export async function fillSecrets(knex: Knex, now: Date): Promise<void> {
  const at = now.toISOString();
  await knex.raw(
    `INSERT INTO secrets (entity_ref, engine, path, kind, current_version, created_time,
                          updated_time, max_age_days, state, error, checked_at, stale)
     SELECT e.entity_ref, 'secret', 'apps/' || e.name || '/key-' || k, 'kv', 1,
            ${iso(
              `?::timestamptz - make_interval(days => (${I} * 7 + k * 30) % 200)`,
            )},
            NULL, 90, 'active', NULL, ?, false
       FROM posture_entities e CROSS JOIN generate_series(1, 3) k
      WHERE ${I} % 3 = 0`,
    [at, at],
  );
}

/** An approved SBOM exemption, 30 days left, for one component in fifty. */
export async function fillExemptions(knex: Knex, now: Date): Promise<void> {
  const at = now.toISOString();
  await knex.raw(
    `INSERT INTO posture_exemptions (id, entity_ref, "check", finding_id, justification,
                                     requester, approver, comment, status, expires_at,
                                     created_at, decided_at)
     SELECT md5('exemption' || e.entity_ref)::uuid::text, e.entity_ref, 'sbom', NULL,
            'SBOM generation lands next sprint', 'user:default/bench-requester',
            'user:default/bench-approver', NULL, 'approved',
            ?::timestamptz + interval '30 days', ?::timestamptz, ?::timestamptz
       FROM posture_entities e WHERE ${I} % 50 = 3`,
    [at, at, at],
  );
}

/**
 * `days` daily snapshots per entity before `today` (today itself is the regrade's): scores
 * drifting by entity and day, about one in fifty never graded, check statuses rotating.
 */
export async function fillHistory(
  knex: Knex,
  today: string,
  days: number,
): Promise<number> {
  const checks = [
    {
      'fixable-vulnerabilities': 'pass',
      'scan-age': 'pass',
      sbom: 'pass',
      signature: 'pass',
    },
    {
      'fixable-vulnerabilities': 'fail',
      'scan-age': 'pass',
      sbom: 'pass',
      signature: 'fail',
    },
    {
      'fixable-vulnerabilities': 'pass',
      'scan-age': 'fail',
      sbom: 'fail',
      signature: 'pass',
    },
    {
      'fixable-vulnerabilities': 'fail',
      'scan-age': 'pass',
      sbom: 'exempt',
      signature: 'pass',
      'secret-age': 'fail',
    },
  ].map(c => JSON.stringify(c));
  // One statement per day, oldest first, as the daily snapshots arrive: rows of a day lie
  // together in the table, an entity's days apart, as in a database that has run that long.
  let rows = 0;
  for (let d = days; d >= 1; d--) {
    const result = await knex.raw(
      `INSERT INTO posture_history (entity_ref, day, grade, score, checks, owner_ref,
                                    system_ref, domain_ref)
       SELECT e.entity_ref, to_char(?::date - d, 'YYYY-MM-DD'),
              CASE WHEN s.score IS NULL THEN NULL WHEN s.score >= 90 THEN 'A'
                   WHEN s.score >= 80 THEN 'B' WHEN s.score >= 70 THEN 'C'
                   WHEN s.score >= 60 THEN 'D' ELSE 'F' END,
              s.score, (ARRAY[?, ?, ?, ?])[1 + (${I} + d) % 4], e.owner_ref, e.system_ref,
              e.domain_ref
         FROM posture_entities e
        CROSS JOIN (SELECT ?::int AS d) day
        CROSS JOIN LATERAL (SELECT CASE WHEN ${I} % 50 = 0 THEN NULL
                                   ELSE least(100, 40 + (${I} * 37) % 61 + (d * (${I} % 7)) % 25
                                               - (d % 9)) END AS score) s`,
      [today, ...checks, d],
    );
    rows += result.rowCount ?? 0;
  }
  return rows;
}
