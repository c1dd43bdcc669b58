import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  createVaultStandIn,
  defaultCatalogPath,
  readVaultAnnotations,
  seedVaultDemo,
} from '@posture/dev-stand-ins';
import securityPlugin from '@posture/backstage-plugin-security-backend';
import { randomBytes } from 'crypto';
import request from 'supertest';
import vaultModule from './index';

/*
 * The whole pull path against the Vault stand-in: the security backend with this module, the
 * example catalog, secret values planted in Vault. What the issue judges: Posture only ever
 * calls metadata, list, role, health and auth paths; no value reaches the database or the
 * API; a failing Vault leaves the last data in place, marked stale, and the backend serving.
 */

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

function entitiesFromExampleCatalog(): Entity[] {
  return readVaultAnnotations(defaultCatalogPath(__dirname)).map(a => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: a.component,
      namespace: 'default',
      annotations: {
        ...(a.secretPaths.length
          ? { 'vault.io/secrets-path': a.secretPaths.join(',') }
          : {}),
        ...(a.engine ? { 'vault.io/secrets-engine': a.engine } : {}),
        ...(a.staticRoles.length
          ? { 'posture.dev/vault-static-roles': a.staticRoles.join(',') }
          : {}),
      },
    },
    spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
  }));
}

async function vaultWrite(
  url: string,
  token: string,
  path: string,
  body: unknown,
) {
  const res = await fetch(`${url}/v1/${path}`, {
    method: 'POST',
    headers: { 'X-Vault-Token': token, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!res.ok)
    throw new Error(`write ${path}: ${res.status} ${await res.text()}`);
}

async function vaultRead(url: string, token: string, path: string) {
  const res = await fetch(`${url}/v1/${path}`, {
    headers: { 'X-Vault-Token': token },
  });
  if (!res.ok) throw new Error(`read ${path}: ${res.status}`);
  return res.json();
}

describe('the security backend with Vault (stand-in)', () => {
  const vault = createVaultStandIn();
  const seed = seedVaultDemo(vault.state, vault.state.now());
  const entities = entitiesFromExampleCatalog();
  let vaultUrl: string;
  let closeVault: () => Promise<void>;
  let server: any;
  let knex: any;
  const values: string[] = [];
  const user = mockCredentials.user.header();

  beforeAll(async () => {
    ({ url: vaultUrl, close: closeVault } = await vault.start(0));
    // Plant unmistakable values: a new version of every seeded KV secret, and the static
    // roles' passwords as Vault holds them.
    for (const secret of seed.secrets) {
      const value = `CANARY-${randomBytes(12).toString('hex')}`;
      values.push(value);
      await vaultWrite(
        vaultUrl,
        vault.rootToken,
        `${secret.mount}/data/${secret.path}`,
        {
          data: { password: value, nested: { key: value } },
        },
      );
    }
    for (const role of seed.staticRoles) {
      const creds = await vaultRead(
        vaultUrl,
        vault.rootToken,
        `${role.mount}/static-creds/${role.name}`,
      );
      values.push(creds.data.password);
    }
    vault.requestLog.clear();

    knex = await databases.init('SQLITE_3');
    ({ server } = await startTestBackend({
      features: [
        securityPlugin,
        vaultModule,
        catalogServiceMock.factory({ entities }),
        mockServices.database.factory({ knex }),
        mockServices.rootConfig.factory({
          data: {
            security: {
              vault: {
                baseUrl: vaultUrl,
                auth: { method: 'token', token: seed.readerToken },
                timeoutMs: 500,
                retries: 1,
                // Runs only when asked: the test drives every pass.
                schedule: {
                  frequency: { hours: 24 },
                  timeout: { minutes: 5 },
                  initialDelay: { hours: 24 },
                },
              },
              // The tests refresh one entity back to back; the throttle is tested in the plugin.
              refresh: { minInterval: { seconds: 0 } },
            },
          },
        }),
      ],
    }));
  });

  afterAll(async () => {
    await closeVault();
  });

  const refreshAll = () =>
    Promise.all(
      entities.map(e =>
        request(server)
          .post(
            `/api/security/v1/entities/component/default/${e.metadata.name}/refresh`,
          )
          .set('Authorization', user),
      ),
    );

  it('syncs every annotated example service using only metadata, list, role, health and auth calls', async () => {
    const results = await refreshAll();
    expect(
      results.every(
        r => r.status === 202 && r.body.refreshed.includes('vault'),
      ),
    ).toBe(true);
    const categories = new Set(vault.requestLog.entries().map(e => e.category));
    expect(
      [...categories].every(c =>
        ['metadata', 'list', 'role', 'health', 'auth'].includes(c),
      ),
    ).toBe(true);
    expect(categories.has('metadata')).toBe(true);
    expect(categories.has('data')).toBe(false);
    expect(categories.has('credential')).toBe(false);
  });

  it('never lets a secret value into the API responses or the database', async () => {
    await refreshAll();
    const responses: string[] = [];
    for (const e of entities) {
      const base = `/api/security/v1/entities/component/default/${e.metadata.name}`;
      for (const path of ['/posture', '/secrets']) {
        const res = await request(server)
          .get(`${base}${path}`)
          .set('Authorization', user);
        expect(res.status).toBe(200);
        responses.push(res.text);
      }
    }
    const tables: string[] = (
      await knex('sqlite_master').where({ type: 'table' }).pluck('name')
    ).filter((t: string) => !t.startsWith('sqlite_'));
    const dump: string[] = [];
    for (const table of tables) {
      dump.push(JSON.stringify(await knex(table).select()));
    }
    const haystack = [...responses, ...dump].join('\n');
    expect(values.length).toBeGreaterThan(10);
    expect(values.filter(v => haystack.includes(v))).toEqual([]);
    // The data is really there: ages, not values.
    expect(haystack).toContain('"ageDays"');
    expect(dump.join('')).toContain('created_time');
  });

  it.each([
    [
      '403',
      { status: 403, errors: ['1 error occurred:\n\t* permission denied\n\n'] },
    ],
    ['503', { status: 503, errors: ['Vault is sealed'] }],
    ['a timeout', { delayMs: 2000 }],
  ])(
    'keeps the last data, stale with the error, when Vault answers %s, and keeps serving',
    async (_, fault) => {
      await refreshAll();
      const name = seed.secrets[0].component;
      const base = `/api/security/v1/entities/component/default/${name}`;
      const before = (
        await request(server).get(`${base}/secrets`).set('Authorization', user)
      ).body;
      expect(before.items.length).toBeGreaterThan(0);

      vault.faults.set('/v1/', fault);
      try {
        const refreshed = await request(server)
          .post(`${base}/refresh`)
          .set('Authorization', user);
        expect(refreshed.status).toBe(202);
        const after = await request(server)
          .get(`${base}/secrets`)
          .set('Authorization', user);
        expect(after.status).toBe(200);
        expect(after.body.items.map((i: any) => i.path)).toEqual(
          before.items.map((i: any) => i.path),
        );
        expect(after.body.items.every((i: any) => i.stale && i.error)).toBe(
          true,
        );
        const posture = await request(server)
          .get(`${base}/posture`)
          .set('Authorization', user);
        expect(posture.status).toBe(200);
        expect(posture.body.secrets.stale).toBe(true);
      } finally {
        vault.faults.clear();
      }
      await request(server).post(`${base}/refresh`).set('Authorization', user);
      const recovered = await request(server)
        .get(`${base}/posture`)
        .set('Authorization', user);
      expect(recovered.body.secrets.stale).toBe(false);
    },
  );
});
