import { mockServices } from '@backstage/backend-test-utils';
import fs from 'fs';
import type { Knex } from 'knex';
import path from 'path';
import { isDeepStrictEqual } from 'util';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { backfillPurlColumns } from './backfillPurlColumns';
import { DatabaseCampaignStore } from './DatabaseCampaignStore';
import { DatabaseExemptionStore } from './DatabaseExemptionStore';
import { DatabaseImpactStore } from './impact/DatabaseImpactStore';
import type { ResolvedImpactQuery } from './impact/ImpactStore';
import { DatabasePostureStore } from './DatabasePostureStore';
import { DatabaseSecretRequestStore } from './DatabaseSecretRequestStore';
import { readHistory } from './fleet/historyRows';

/*
 * Upgrades and rollbacks of a live installation: every migration goes up and down on each
 * engine, and rows written by each earlier schema still read once the database is at latest.
 */

const directory = path.resolve(__dirname, '../../migrations');
const config = { directory };
const migrationNames = fs
  .readdirSync(directory)
  .filter(name => name.endsWith('.js'))
  .sort();
const versionOf = (name: string) => name.split('_')[0];

const databases = createTestDatabases();

/**
 * Migrations that change only what one engine enforces, and so leave the other's schema as
 * it was (SQLite ignores declared varchar lengths).
 */
const POSTGRES_ONLY = new Set([
  '20261210120000_report_text_columns.js',
  '20270210120000_history_trend_key.js',
]);

/** Tables (without knex's own), their columns and their indexes, as this engine reports them. */
async function schemaOf(knex: Knex) {
  const isPostgres = knex.client.config.client === 'pg';
  const tables: string[] = isPostgres
    ? await knex('information_schema.tables')
        .whereRaw('table_schema = current_schema()')
        .andWhere({ table_type: 'BASE TABLE' })
        .pluck('table_name')
    : await knex('sqlite_master').where({ type: 'table' }).pluck('name');
  // On PostgreSQL the definitions, so a migration that only changes what an index covers is
  // seen; SQLite's index names say what its migrations change.
  const indexes: Array<{ name: string; definition: string }> = isPostgres
    ? await knex('pg_indexes')
        .whereRaw('schemaname = current_schema()')
        .select({ name: 'indexname', definition: 'indexdef' })
    : await knex('sqlite_master')
        .where({ type: 'index' })
        .select({ name: 'name', definition: 'name' });
  const own = (name: string) =>
    !name.startsWith('knex_migrations') && !name.startsWith('sqlite_');
  const schema: Record<string, string[]> = {};
  for (const table of tables.filter(own).sort()) {
    // Types and lengths too, so a migration that only changes a column's type is seen.
    schema[table] = Object.entries(await knex(table).columnInfo())
      .map(([column, info]) => `${column} ${info.type}(${info.maxLength})`)
      .sort();
  }
  return {
    tables: schema,
    indexes: indexes
      .filter(index => own(index.name))
      .map(index => index.definition)
      .sort(),
  };
}

/** Migrates up to and including `name`, one migration at a time. */
async function migrateThrough(knex: Knex, name: string) {
  for (const each of migrationNames.slice(
    0,
    migrationNames.indexOf(name) + 1,
  )) {
    await knex.migrate.up({ ...config, name: each });
  }
}

/**
 * The only reads through the store (the rest is plain knex, which the store's refactors leave
 * alone); `create` also brings the database to latest, as the plugin does at start-up, and
 * the backfill of the impact columns runs to its end, as the plugin's task does after it.
 */
async function readThroughStore(knex: Knex, entityRef: string) {
  const store = await DatabasePostureStore.create({
    database: mockServices.database({ knex, migrations: { skip: false } }),
  });
  await backfillPurlColumns(knex);
  return {
    posture: await store.summaries.get({ entityRef }),
    reports: await store.reports.listReports({ entityRef }),
  };
}

const entityRef = 'component:default/upgraded';

const VULNERABILITY = {
  report_id: 'scan-before-counts',
  entity_ref: entityRef,
  vuln_id: 'CVE-2026-0001',
  severity: 'high',
  severity_rank: 1,
  package_name: 'openssl',
  installed_version: '3.0.0',
  fixed_version: '3.0.1',
  status: 'fixed',
  cvss_score: 7.5,
  title: 'A flaw',
  url: null,
  published_at: '2026-11-01T00:00:00Z',
  target: 'debian 12',
  purl: 'pkg:deb/debian/openssl@3.0.0',
};

/** Rows as the schema after `schema` had them, and what must read back after latest. */
const generations: Array<{
  schema: string;
  write(knex: Knex): Promise<void>;
  read(knex: Knex): Promise<unknown>;
  expected: unknown;
}> = [
  {
    schema: '20261123120000_init.js',
    async write(knex) {
      await knex('entity_posture').insert({
        entity_ref: entityRef,
        grade: 'B',
        score: 84,
        reasons: JSON.stringify([
          { check: 'high-vulns', message: '2 high', fix: 'Upgrade' },
        ]),
        vulnerabilities: JSON.stringify({
          critical: 0,
          high: 2,
          medium: 1,
          low: 0,
          unknown: 0,
          fixable: { critical: 0, high: 1, medium: 0, low: 0, unknown: 0 },
          scannedAt: '2026-11-20T10:00:00.000Z',
          artifact: 'ghcr.io/acme/upgraded',
          digest: null,
          stale: false,
        }),
        sbom: JSON.stringify({
          components: 3,
          format: 'cyclonedx',
          generatedAt: null,
        }),
        signature: null,
        secrets: null,
        updated_at: '2026-11-23T12:30:00.000Z',
      });
    },
    async read(knex) {
      return (await readThroughStore(knex, entityRef)).posture;
    },
    expected: {
      entityRef,
      grade: 'B',
      score: 84,
      reasons: [{ check: 'high-vulns', message: '2 high', fix: 'Upgrade' }],
      vulnerabilities: {
        critical: 0,
        high: 2,
        medium: 1,
        low: 0,
        unknown: 0,
        fixable: { critical: 0, high: 1, medium: 0, low: 0, unknown: 0 },
        scannedAt: '2026-11-20T10:00:00.000Z',
        artifact: 'ghcr.io/acme/upgraded',
        digest: null,
        stale: false,
      },
      sbom: { components: 3, format: 'cyclonedx', generatedAt: null },
      policy: null,
      checks: [],
      signature: null,
      secrets: null,
      updatedAt: '2026-11-23T12:30:00.000Z',
    },
  },
  {
    // Before licence counts: the backfill must count these reports' components.
    schema: '20261123130000_reports.js',
    async write(knex) {
      const report = {
        entity_ref: entityRef,
        artifact_name: null,
        digest: null,
        is_scan: false,
        generated_at: null,
        finding_count: 0,
        other_findings: '{}',
        uploaded_by: null,
      };
      await knex('reports').insert([
        {
          ...report,
          id: 'sbom-before-counts',
          artifact: 'ghcr.io/acme/upgraded',
          format: 'cyclonedx',
          sha256: 'a'.repeat(64),
          ingested_at: '2026-11-23T13:30:00.000Z',
          component_count: 3,
        },
        {
          ...report,
          id: 'scan-before-counts',
          artifact: 'ghcr.io/acme/upgraded',
          digest: 'sha256:1111',
          format: 'trivy',
          sha256: 'b'.repeat(64),
          is_scan: true,
          generated_at: '2026-11-23T13:00:00.000Z',
          ingested_at: '2026-11-23T13:10:00.000Z',
          finding_count: 1,
          component_count: 0,
          other_findings: JSON.stringify({ secrets: 1 }),
        },
      ]);
      await knex('report_documents').insert({
        report_id: 'sbom-before-counts',
        content: '{"bomFormat":"CycloneDX"}',
      });
      await knex('components').insert(
        [['MIT'], ['MIT', 'Apache-2.0'], []].map((licenses, i) => ({
          report_id: 'sbom-before-counts',
          entity_ref: entityRef,
          name: `component-${i}`,
          version: '1.0.0',
          purl: `pkg:npm/component-${i}@1.0.0`,
          type: 'library',
          licenses: JSON.stringify(licenses),
        })),
      );
      await knex('vulnerabilities').insert(VULNERABILITY);
    },
    async read(knex) {
      const { reports } = await readThroughStore(knex, entityRef);
      const licenseCounts = Object.fromEntries(
        (await knex('reports').select('id', 'license_counts')).map(row => [
          row.id,
          JSON.parse(row.license_counts),
        ]),
      );
      const vulnerability = await knex('vulnerabilities').first();
      return {
        reports,
        licenseCounts,
        documents: await knex('report_documents').pluck('content'),
        vulnerability: {
          ...vulnerability,
          row_id: Number(vulnerability.row_id),
          cvss_score: Number(vulnerability.cvss_score),
        },
      };
    },
    expected: {
      reports: [
        {
          id: 'sbom-before-counts',
          entityRef,
          artifact: 'ghcr.io/acme/upgraded',
          artifactName: null,
          digest: null,
          format: 'cyclonedx',
          sha256: 'a'.repeat(64),
          generatedAt: null,
          ingestedAt: '2026-11-23T13:30:00.000Z',
          findings: 0,
          components: 3,
          otherFindings: {},
        },
        {
          id: 'scan-before-counts',
          entityRef,
          artifact: 'ghcr.io/acme/upgraded',
          artifactName: null,
          digest: 'sha256:1111',
          format: 'trivy',
          sha256: 'b'.repeat(64),
          generatedAt: '2026-11-23T13:00:00.000Z',
          ingestedAt: '2026-11-23T13:10:00.000Z',
          findings: 1,
          components: 0,
          otherFindings: { secrets: 1 },
        },
      ],
      licenseCounts: {
        'sbom-before-counts': { MIT: 2, 'Apache-2.0': 1, '(none)': 1 },
        'scan-before-counts': {},
      },
      documents: ['{"bomFormat":"CycloneDX"}'],
      vulnerability: {
        row_id: 1,
        ...VULNERABILITY,
        // Backfilled from the finding's id by the exploitability migration.
        cve_id: 'CVE-2026-0001',
        vex_statement_id: null,
        vex_status: null,
        // Filled from its package and purl by the backfill of the impact columns.
        package_lower: 'openssl',
        purl_type: 'deb',
        purl_namespace: 'debian',
        purl_name: 'openssl',
      },
    },
  },
  {
    schema: '20261123140000_secrets.js',
    async write(knex) {
      await knex('secrets').insert({
        entity_ref: entityRef,
        engine: 'secret',
        path: 'payments/upgraded/db',
        kind: 'kv',
        current_version: 3,
        created_time: '2026-10-01T00:00:00.000Z',
        updated_time: '2026-11-01T00:00:00.000Z',
        max_age_days: 90,
        state: 'active',
        error: null,
        checked_at: '2026-11-23T14:30:00.000Z',
        stale: true,
      });
      await knex('source_status').insert({
        entity_ref: entityRef,
        source: 'vault',
        attempted_at: '2026-11-23T14:40:00.000Z',
        succeeded_at: '2026-11-23T14:30:00.000Z',
        error: 'Vault answered 503',
      });
    },
    async read(knex) {
      const secret = await knex('secrets')
        .where({ entity_ref: entityRef })
        .first();
      return {
        // SQLite answers booleans as 0 and 1.
        secret: { ...secret, stale: Boolean(secret.stale) },
        sourceStatus: await knex('source_status')
          .where({ entity_ref: entityRef })
          .first(),
      };
    },
    expected: {
      secret: {
        entity_ref: entityRef,
        engine: 'secret',
        path: 'payments/upgraded/db',
        kind: 'kv',
        current_version: 3,
        created_time: '2026-10-01T00:00:00.000Z',
        updated_time: '2026-11-01T00:00:00.000Z',
        max_age_days: 90,
        state: 'active',
        error: null,
        checked_at: '2026-11-23T14:30:00.000Z',
        stale: true,
      },
      sourceStatus: {
        entity_ref: entityRef,
        source: 'vault',
        attempted_at: '2026-11-23T14:40:00.000Z',
        succeeded_at: '2026-11-23T14:30:00.000Z',
        error: 'Vault answered 503',
      },
    },
  },
  {
    // Counts written at ingestion are kept as they are, not recomputed by a later migration.
    schema: '20261123150000_report_license_counts.js',
    async write(knex) {
      await knex('reports').insert({
        id: 'sbom-with-counts',
        entity_ref: entityRef,
        artifact: 'ghcr.io/acme/upgraded',
        format: 'spdx',
        sha256: 'c'.repeat(64),
        is_scan: false,
        ingested_at: '2026-11-23T15:30:00.000Z',
        finding_count: 0,
        component_count: 1,
        other_findings: '{}',
        license_counts: JSON.stringify({ 'BSD-3-Clause': 1 }),
      });
    },
    async read(knex) {
      const { reports } = await readThroughStore(knex, entityRef);
      const row = await knex('reports')
        .where({ id: 'sbom-with-counts' })
        .first();
      return {
        reports: reports.map(r => [r.id, r.format, r.components]),
        licenseCounts: JSON.parse(row.license_counts),
      };
    },
    expected: {
      reports: [['sbom-with-counts', 'spdx', 1]],
      licenseCounts: { 'BSD-3-Clause': 1 },
    },
  },
  {
    // Verdicts written before the text columns read back whole.
    schema: '20261202120000_signatures.js',
    async write(knex) {
      await knex('signatures').insert({
        entity_ref: entityRef,
        digest: `sha256:${'d'.repeat(64)}`,
        source: 'rekor',
        status: 'verified',
        reason: null,
        signer_issuer: 'https://token.actions.githubusercontent.com',
        signer_subject:
          'https://github.com/acme/upgraded/.github/workflows/release.yml@refs/heads/main',
        log_index: 123456789012,
        log_url: 'https://search.sigstore.dev/?logIndex=123456789012',
        integrated_time: '2026-12-01T10:00:00.000Z',
        kind: 'attestation',
        predicate_type: 'https://slsa.dev/provenance/v1',
        entries: 1,
        checked_at: '2026-12-02T10:00:00.000Z',
        stale: false,
        error: null,
      });
    },
    async read(knex) {
      const store = await DatabasePostureStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      return store.signatures.list({ entityRef });
    },
    expected: [
      {
        digest: `sha256:${'d'.repeat(64)}`,
        status: 'verified',
        reason: null,
        signer: {
          issuer: 'https://token.actions.githubusercontent.com',
          subject:
            'https://github.com/acme/upgraded/.github/workflows/release.yml@refs/heads/main',
        },
        logIndex: 123456789012,
        logUrl: 'https://search.sigstore.dev/?logIndex=123456789012',
        integratedTime: '2026-12-01T10:00:00.000Z',
        checkedAt: '2026-12-02T10:00:00.000Z',
        stale: false,
        error: null,
        source: 'rekor',
        kind: 'attestation',
        predicateType: 'https://slsa.dev/provenance/v1',
        entries: 1,
      },
    ],
  },
  {
    // A summary graded before policies reads with no checks, keeps its grade until the
    // next write, and that write grades it under the default policy.
    schema: '20261210120000_report_text_columns.js',
    async write(knex) {
      await knex('entity_posture').insert({
        entity_ref: entityRef,
        grade: 'C',
        score: 79,
        reasons: JSON.stringify([
          { check: 'scan-missing', message: 'No scan', fix: 'Scan' },
        ]),
        vulnerabilities: null,
        sbom: JSON.stringify({
          components: 3,
          format: 'cyclonedx',
          generatedAt: '2026-12-09T10:00:00.000Z',
        }),
        signature: null,
        secrets: null,
        updated_at: '2026-12-09T10:00:00.000Z',
      });
    },
    async read(knex) {
      const store = await DatabasePostureStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const before = await store.summaries.get({ entityRef });
      await store.summaries.regrade({
        entityRef,
        now: new Date('2026-12-10T10:00:00.000Z'),
      });
      const after = await store.summaries.get({ entityRef });
      const row = await knex('entity_posture')
        .where({ entity_ref: entityRef })
        .first();
      return {
        before: [before?.grade, before?.policy, before?.checks],
        after: [
          after?.policy,
          after?.checks.map(c => [c.check, c.status]),
          Number(row.version),
        ],
      };
    },
    expected: {
      before: ['C', null, []],
      after: [
        'standard',
        [
          ['known-exploited', 'missing'],
          ['exploit-likelihood', 'missing'],
          ['fixable-vulnerabilities', 'missing'],
          ['scan-age', 'missing'],
          ['sbom', 'pass'],
        ],
        1,
      ],
    },
  },
  {
    // Exemptions and notification batches of #12 read unchanged next to the secret requests.
    schema: '20261220120000_policy_fleet.js',
    async write(knex) {
      await knex('posture_exemptions').insert({
        id: '00000000-0000-4000-8000-000000000012',
        entity_ref: entityRef,
        check: 'sbom',
        finding_id: null,
        justification: 'SBOM generation lands next sprint',
        requester: 'user:default/alice',
        approver: 'user:default/bob',
        comment: 'Until the release',
        status: 'approved',
        expires_at: '2027-01-31T00:00:00.000Z',
        created_at: '2026-12-20T12:00:00.000Z',
        decided_at: '2026-12-20T13:00:00.000Z',
        expiry_notified_at: null,
      });
      await knex('posture_notifications').insert({
        topic: 'posture-grade-drop',
        recipient: 'group:default/team-a',
        day: '2026-12-20',
        sent_at: '2026-12-20T12:30:00.000Z',
      });
    },
    async read(knex) {
      const exemptions = new DatabaseExemptionStore(knex);
      return {
        exemption: await exemptions.get({
          id: '00000000-0000-4000-8000-000000000012',
          now: new Date('2026-12-30T12:00:00.000Z'),
        }),
        // PostgreSQL counts as strings, SQLite as numbers.
        batches: Number(
          (await knex('posture_notifications').count({ n: '*' }))[0].n,
        ),
        secretRequests: Number(
          (await knex('secret_requests').count({ n: '*' }))[0].n,
        ),
      };
    },
    expected: {
      exemption: {
        id: '00000000-0000-4000-8000-000000000012',
        entityRef,
        check: 'sbom',
        findingId: null,
        justification: 'SBOM generation lands next sprint',
        requester: 'user:default/alice',
        approver: 'user:default/bob',
        comment: 'Until the release',
        status: 'approved',
        expiresAt: '2027-01-31T00:00:00.000Z',
        createdAt: '2026-12-20T12:00:00.000Z',
        decidedAt: '2026-12-20T13:00:00.000Z',
      },
      batches: 1,
      secretRequests: 0,
    },
  },
  {
    // Secret requests of #13 read unchanged; findings stored before #14 get their CVE (the
    // KEV and EPSS join key) from their id, whatever its case, and no VEX status; summaries
    // get zero KEV and high-EPSS counts until their next recount.
    schema: '20261230120000_secret_requests.js',
    async write(knex) {
      await knex('secret_requests').insert({
        id: '00000000-0000-4000-8000-000000000013',
        entity_ref: entityRef,
        owner_ref: 'group:default/team-a',
        kind: 'kv',
        name: 'stripe-key',
        rotation_period_days: 90,
        justification: 'Payments need the Stripe key',
        status: 'provisioned',
        requester: 'user:default/alice',
        approver: 'user:default/bob',
        reason: null,
        mount: 'secret',
        path: 'posture/component/default/upgraded/stripe-key',
        version: 1,
        policy_name: 'posture-read-upgraded-stripe-key',
        created_at: '2026-12-30T12:00:00.000Z',
        decided_at: '2026-12-30T12:10:00.000Z',
        provisioned_at: '2026-12-30T12:10:05.000Z',
        expires_at: '2027-01-06T12:00:00.000Z',
        attempt: 1,
        attempt_started_at: '2026-12-30T12:10:01.000Z',
      });
      await knex('secret_request_events').insert([
        {
          request_id: '00000000-0000-4000-8000-000000000013',
          at: '2026-12-30T12:00:00.000Z',
          type: 'created',
          actor: 'user:default/alice',
          detail: null,
        },
        {
          request_id: '00000000-0000-4000-8000-000000000013',
          at: '2026-12-30T12:10:05.000Z',
          type: 'provisioned',
          actor: null,
          detail: 'version 1',
        },
      ]);
      await knex('reports').insert({
        id: 'scan-before-exploitability',
        entity_ref: entityRef,
        artifact: 'ghcr.io/acme/upgraded',
        artifact_name: 'ghcr.io/acme/upgraded:1.4.0',
        digest: `sha256:${'e'.repeat(64)}`,
        format: 'trivy',
        sha256: 'e'.repeat(64),
        is_scan: true,
        generated_at: '2026-12-30T13:00:00.000Z',
        ingested_at: '2026-12-30T13:01:00.000Z',
        finding_count: 2,
        component_count: 0,
        other_findings: '{}',
        license_counts: '{}',
        uploaded_by: null,
      });
      await knex('vulnerabilities').insert([
        {
          ...VULNERABILITY,
          report_id: 'scan-before-exploitability',
          vuln_id: 'cve-2021-44228',
          package_name: 'org.apache.logging.log4j:log4j-core',
        },
        {
          ...VULNERABILITY,
          report_id: 'scan-before-exploitability',
          vuln_id: 'GHSA-jfh8-c2jp-5v3q',
          package_name: 'org.apache.logging.log4j:log4j-core',
        },
      ]);
      await knex('entity_posture').insert({
        entity_ref: entityRef,
        grade: 'D',
        score: 61,
        reasons: '[]',
        vulnerabilities: null,
        sbom: null,
        signature: null,
        secrets: null,
        updated_at: '2026-12-30T13:01:00.000Z',
      });
    },
    async read(knex) {
      const requests = new DatabaseSecretRequestStore(knex);
      const id = '00000000-0000-4000-8000-000000000013';
      const request = await requests.get({
        id,
        now: new Date('2027-01-10T12:00:00.000Z'),
      });
      return {
        request: request && {
          status: request.status,
          path: request.path,
          version: request.version,
          provisionedAt: request.provisionedAt,
          attempt: request.attempt,
        },
        events: (await requests.events({ id })).map(e => [e.type, e.detail]),
        findings: await knex('vulnerabilities')
          .where({ report_id: 'scan-before-exploitability' })
          .orderBy('row_id')
          .select('vuln_id', 'cve_id', 'vex_statement_id', 'vex_status'),
        counts: await knex('entity_posture')
          .where({ entity_ref: entityRef })
          .first('grade', 'kev_count', 'high_epss_count'),
      };
    },
    expected: {
      request: {
        status: 'provisioned',
        path: 'posture/component/default/upgraded/stripe-key',
        version: 1,
        provisionedAt: '2026-12-30T12:10:05.000Z',
        attempt: 1,
      },
      events: [
        ['created', null],
        ['provisioned', 'version 1'],
      ],
      findings: [
        {
          vuln_id: 'cve-2021-44228',
          cve_id: 'CVE-2021-44228',
          vex_statement_id: null,
          vex_status: null,
        },
        {
          vuln_id: 'GHSA-jfh8-c2jp-5v3q',
          cve_id: null,
          vex_statement_id: null,
          vex_status: null,
        },
      ],
      counts: { grade: 'D', kev_count: 0, high_epss_count: 0 },
    },
  },
  {
    // KEV entries and VEX statements of #14 read unchanged; components and findings stored
    // before #15 get their purl columns and finding ids from the backfill after start-up.
    schema: '20270110120000_exploitability.js',
    async write(knex) {
      await knex('kev_entries').insert({
        cve_id: 'CVE-2021-44228',
        vendor_project: 'Apache',
        product: 'Log4j2',
        vulnerability_name: 'Apache Log4j2 Remote Code Execution Vulnerability',
        date_added: '2021-12-10',
        due_date: '2021-12-24',
        ransomware: true,
        short_description:
          'JNDI features do not protect against attacker-controlled LDAP',
        required_action: 'Apply updates per vendor instructions.',
        notes: '',
      });
      const [statement] = await knex('vex_statements')
        .insert({
          entity_ref: entityRef,
          vuln_id: 'CVE-2021-44228',
          product: 'ghcr.io/acme/upgraded',
          product_repository: 'ghcr.io/acme/upgraded',
          product_digest: null,
          subcomponent: '',
          status: 'not_affected',
          justification: 'vulnerable_code_not_in_execute_path',
          impact_statement: 'JNDI lookups are disabled',
          action_statement: null,
          author: 'security@acme.example',
          statement_at: '2027-01-09T12:00:00.000Z',
          format: 'openvex',
          document_sha256: 'f'.repeat(64),
          uploaded_by: 'user:default/alice',
          ingested_at: '2027-01-09T12:01:00.000Z',
        })
        .returning('id');
      await knex('reports').insert([
        {
          id: 'scan-before-impact',
          entity_ref: entityRef,
          artifact: 'ghcr.io/acme/upgraded',
          artifact_name: 'ghcr.io/acme/upgraded:1.5.0',
          digest: null,
          format: 'trivy',
          sha256: '1'.repeat(64),
          is_scan: true,
          generated_at: '2027-01-10T13:00:00.000Z',
          ingested_at: '2027-01-10T13:01:00.000Z',
          finding_count: 1,
          component_count: 0,
          other_findings: '{}',
          license_counts: '{}',
          uploaded_by: null,
        },
        {
          id: 'sbom-before-impact',
          entity_ref: entityRef,
          artifact: 'ghcr.io/acme/upgraded',
          artifact_name: 'ghcr.io/acme/upgraded:1.5.0',
          digest: null,
          format: 'cyclonedx',
          sha256: '2'.repeat(64),
          is_scan: false,
          generated_at: '2027-01-10T13:00:00.000Z',
          ingested_at: '2027-01-10T13:02:00.000Z',
          finding_count: 0,
          component_count: 1,
          other_findings: '{}',
          license_counts: '{}',
          uploaded_by: null,
        },
      ]);
      await knex('vulnerabilities').insert({
        ...VULNERABILITY,
        report_id: 'scan-before-impact',
        vuln_id: 'GHSA-jfh8-c2jp-5v3q',
        package_name: 'org.apache.logging.log4j:log4j-core',
        installed_version: '2.14.1',
        fixed_version: '2.15.0',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        cve_id: 'CVE-2021-44228',
        // knex answers inserted ids as rows on PostgreSQL, as numbers on SQLite.
        vex_statement_id:
          typeof statement === 'object' ? statement.id : statement,
        vex_status: 'not_affected',
      });
      await knex('components').insert({
        report_id: 'sbom-before-impact',
        entity_ref: entityRef,
        name: 'Log4j-Core',
        version: '2.14.1',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
        type: 'library',
        licenses: JSON.stringify(['Apache-2.0']),
      });
    },
    async read(knex) {
      await readThroughStore(knex, entityRef);
      const kev = await knex('kev_entries').first('cve_id', 'date_added');
      const finding = await knex('vulnerabilities')
        .where({ report_id: 'scan-before-impact' })
        .first(
          'row_id',
          'cve_id',
          'vex_status',
          'package_lower',
          'purl_type',
          'purl_namespace',
          'purl_name',
        );
      const { row_id: rowId, ...findingColumns } = finding;
      return {
        kev,
        vex: await knex('vex_statements').first('vuln_id', 'status', 'author'),
        finding: findingColumns,
        findingIds: (
          await knex('finding_ids')
            .orderBy('id')
            .select('report_id', 'id', 'vulnerability_row_id')
        ).map(row => ({
          report_id: row.report_id,
          id: row.id,
          ofThatFinding: Number(row.vulnerability_row_id) === Number(rowId),
        })),
        component: await knex('components').first(
          'name_lower',
          'purl_type',
          'purl_namespace',
          'purl_name',
          'purl_version',
        ),
      };
    },
    expected: {
      kev: { cve_id: 'CVE-2021-44228', date_added: '2021-12-10' },
      vex: {
        vuln_id: 'CVE-2021-44228',
        status: 'not_affected',
        author: 'security@acme.example',
      },
      finding: {
        cve_id: 'CVE-2021-44228',
        vex_status: 'not_affected',
        package_lower: 'org.apache.logging.log4j:log4j-core',
        purl_type: 'maven',
        purl_namespace: 'org.apache.logging.log4j',
        purl_name: 'log4j-core',
      },
      // The finding's id (the aliases it was reported with were not kept then); its CVE is
      // its cve_id, which the impact query reads (migration 20270201120000).
      findingIds: [
        {
          report_id: 'scan-before-impact',
          ofThatFinding: true,
          id: 'GHSA-JFH8-C2JP-5V3Q',
        },
      ],
      component: {
        name_lower: 'log4j-core',
        purl_type: 'maven',
        purl_namespace: 'org.apache.logging.log4j',
        purl_name: 'log4j-core',
        purl_version: '2.14.1',
      },
    },
  },
  {
    // Campaigns of #15 read unchanged once the work queue of #16 is in.
    schema: '20270120120000_impact_campaigns.js',
    async write(knex) {
      await knex('campaigns').insert({
        id: '00000000-0000-4000-8000-00000000c001',
        title: 'log4j-core below 2.17 gone',
        note: 'Upgrade',
        query: JSON.stringify({ package: 'log4j-core', version: '<2.17.0' }),
        deadline: '2027-03-01',
        status: 'active',
        created_by: 'user:default/ivy',
        created_at: '2027-01-20T12:00:00.000Z',
        recomputed_at: null,
        started_notified_at: '2027-01-20T12:00:01.000Z',
        reminder_notified_at: null,
      });
      await knex('campaign_entities').insert({
        campaign_id: '00000000-0000-4000-8000-00000000c001',
        entity_ref: entityRef,
        first_seen_at: '2027-01-20T12:00:00.000Z',
        resolved_at: null,
      });
    },
    async read(knex) {
      await readThroughStore(knex, entityRef);
      const campaigns = new DatabaseCampaignStore(knex);
      const campaign = await campaigns.get(
        '00000000-0000-4000-8000-00000000c001',
      );
      return {
        title: campaign?.title,
        status: campaign?.status,
        startedNotifiedAt: campaign?.startedNotifiedAt,
        entities: await knex('campaign_entities').select(
          'entity_ref',
          'resolved_at',
        ),
      };
    },
    expected: {
      title: 'log4j-core below 2.17 gone',
      status: 'active',
      startedNotifiedAt: '2027-01-20T12:00:01.000Z',
      entities: [{ entity_ref: entityRef, resolved_at: null }],
    },
  },
  {
    // Rows written with the consolidated impact indexes (finding_ids without the CVE, which
    // cve_id holds) still answer every kind of impact question once the work queue of #16 is in.
    schema: '20270201120000_impact_index_consolidation.js',
    async write(knex) {
      await knex('reports').insert(
        ['scan-indexed', 'sbom-indexed'].map((id, i) => ({
          id,
          entity_ref: entityRef,
          artifact: 'ghcr.io/acme/indexed',
          artifact_name: null,
          digest: null,
          format: i === 0 ? 'trivy' : 'cyclonedx',
          sha256: String(i + 3).repeat(64),
          is_scan: i === 0,
          generated_at: '2027-02-01T13:00:00.000Z',
          ingested_at: '2027-02-01T13:01:00.000Z',
          finding_count: 1 - i,
          component_count: i,
          other_findings: '{}',
          license_counts: '{}',
          uploaded_by: null,
        })),
      );
      const [finding] = await knex('vulnerabilities')
        .insert({
          ...VULNERABILITY,
          report_id: 'scan-indexed',
          vuln_id: 'GHSA-jfh8-c2jp-5v3q',
          package_name: 'org.apache.logging.log4j:log4j-core',
          installed_version: '2.14.1',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
          cve_id: 'CVE-2021-44228',
          package_lower: 'org.apache.logging.log4j:log4j-core',
          purl_type: 'maven',
          purl_namespace: 'org.apache.logging.log4j',
          purl_name: 'log4j-core',
        })
        .returning('row_id');
      await knex('finding_ids').insert({
        report_id: 'scan-indexed',
        entity_ref: entityRef,
        vulnerability_row_id:
          typeof finding === 'object' ? finding.row_id : finding,
        id: 'GHSA-JFH8-C2JP-5V3Q',
      });
      await knex('components').insert({
        report_id: 'sbom-indexed',
        entity_ref: entityRef,
        name: 'lodash',
        version: '4.17.20',
        purl: 'pkg:npm/lodash@4.17.20',
        type: 'library',
        licenses: '[]',
        name_lower: 'lodash',
        purl_type: 'npm',
        purl_namespace: null,
        purl_name: 'lodash',
        purl_version: '4.17.20',
      });
    },
    async read(knex) {
      await readThroughStore(knex, entityRef);
      const impact = new DatabaseImpactStore(knex);
      const affected = (query: ResolvedImpactQuery) =>
        impact.affectedEntities({ query });
      const pkg = (name: string, ecosystem: string | null) =>
        affected({ kind: 'package', name, ecosystem, versionMatches: null });
      return {
        cve: await affected({ kind: 'vulnerability', id: 'CVE-2021-44228' }),
        ghsa: await affected({
          kind: 'vulnerability',
          id: 'GHSA-JFH8-C2JP-5V3Q',
        }),
        artifact: await pkg('log4j-core', 'maven'),
        listedName: await pkg('org.apache.logging.log4j:log4j-core', null),
        npm: await pkg('lodash', 'npm'),
        purl: await affected({
          kind: 'purl',
          type: 'npm',
          namespace: null,
          name: 'lodash',
          version: '4.17.20',
        }),
      };
    },
    expected: {
      cve: [entityRef],
      ghsa: [entityRef],
      artifact: [entityRef],
      listedName: [entityRef],
      npm: [entityRef],
      purl: [entityRef],
    },
  },
  {
    // Daily snapshots stored before the history key carried the grade and score still read,
    // and work queued by a replica before the upgrade is still there to be claimed.
    schema: '20270202120000_work_queue.js',
    async write(knex) {
      await knex('posture_history').insert(
        ['2027-02-01', '2027-02-02'].map((day, i) => ({
          entity_ref: entityRef,
          day,
          grade: i === 0 ? 'C' : 'B',
          score: i === 0 ? 72 : 85,
          checks: JSON.stringify({ sbom: i === 0 ? 'fail' : 'pass' }),
          owner_ref: 'group:default/team-a',
          system_ref: null,
          domain_ref: null,
        })),
      );
      await knex('work_queue').insert({
        key: `campaigns:${entityRef}`,
        kind: 'campaigns',
        payload: JSON.stringify({ entityRef }),
        run_after: '2027-02-02T12:00:00.000Z',
        enqueued_at: '2027-02-02T12:00:00.000Z',
      });
    },
    async read(knex) {
      return {
        history: await readHistory(knex, { entityRef, from: '2027-02-01' }),
        queued: await knex('work_queue').pluck('key'),
      };
    },
    expected: {
      history: [
        { date: '2027-02-01', grade: 'C', score: 72, checks: { sbom: 'fail' } },
        { date: '2027-02-02', grade: 'B', score: 85, checks: { sbom: 'pass' } },
      ],
      queued: [`campaigns:${entityRef}`],
    },
  },
];

describe.each(databases.eachSupportedId())('migrations on %s', id => {
  it('has rows of every schema but the latest to upgrade from', () => {
    expect(generations.map(g => g.schema)).toEqual(migrationNames.slice(0, -1));
  });

  it('go up one at a time, down again to zero, and back up to the same schema', async () => {
    const knex = await databases.init(id);
    const empty = await schemaOf(knex);
    expect(empty.tables).toEqual({});

    // schemas[i] is the schema once migrationNames[i] has run.
    const schemas = [];
    for (const name of migrationNames) {
      await knex.migrate.up(config);
      await expect(knex.migrate.currentVersion(config)).resolves.toBe(
        versionOf(name),
      );
      const schema = await schemaOf(knex);
      const changes = id === 'POSTGRES_15' || !POSTGRES_ONLY.has(name);
      const previous = schemas[schemas.length - 1] ?? empty;
      expect({ name, changed: !isDeepStrictEqual(schema, previous) }).toEqual({
        name,
        changed: changes,
      });
      schemas.push(schema);
    }
    const [, pending] = await knex.migrate.list(config);
    expect(pending).toEqual([]);

    for (let i = migrationNames.length - 1; i >= 0; i--) {
      await knex.migrate.down(config);
      await expect(schemaOf(knex)).resolves.toEqual(
        i === 0 ? empty : schemas[i - 1],
      );
    }
    await expect(knex.migrate.currentVersion(config)).resolves.toBe('none');

    await knex.migrate.latest(config);
    await expect(schemaOf(knex)).resolves.toEqual(schemas[schemas.length - 1]);
  }, 60_000);

  it.each(generations.map(g => [g.schema, g] as const))(
    'rows written with the schema of %s still read after latest',
    async (name, generation) => {
      const knex = await databases.init(id);
      await migrateThrough(knex, name);
      await generation.write(knex);
      await knex.migrate.latest(config);
      await expect(generation.read(knex)).resolves.toEqual(generation.expected);
    },
    60_000,
  );
});
