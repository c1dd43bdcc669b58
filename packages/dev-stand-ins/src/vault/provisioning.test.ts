import {
  DEMO_PROVISIONER_TOKEN,
  provisionerPolicy,
  seedVaultDemo,
} from './demoSeed';
import { ENVELOPE_KEYS } from './__testUtils__/fixtures';
import { frozenClock, Harness, startHarness } from './__testUtils__/harness';

/*
 * The write endpoints a secret provisioner uses, answered as Vault answers them: KV v2 data
 * with check-and-set, metadata with custom_metadata, sys/policies/acl and database static
 * roles, each behind the token's ACL and the fault injection.
 */

const POLICY_DENIED = {
  errors: ['1 error occurred:\n\t* permission denied\n\n'],
};

const READ_ONE_PATH = `# for the payments service
path "secret/data/default/payment-gateway/stripe-key" {
  capabilities = ["read"]
}
`;

describe('Vault stand-in: the endpoints a provisioner writes', () => {
  let h: Harness;
  const clock = frozenClock();

  beforeEach(async () => {
    h = await startHarness({ now: clock.now });
  });

  afterEach(() => h.server.close());

  const metadataOf = async (path: string) =>
    (await h.call('GET', `/v1/secret/metadata/${path}`)).body.data;

  describe('KV v2 data with check-and-set', () => {
    it('writes version 1 with cas 0 on a new path', async () => {
      const res = await h.call('POST', '/v1/secret/data/default/app/api-key', {
        body: { data: { value: 'generated' }, options: { cas: 0 } },
      });
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(ENVELOPE_KEYS);
      expect(res.body.data).toEqual({
        created_time: clock.now().toISOString(),
        custom_metadata: null,
        deletion_time: '',
        destroyed: false,
        version: 1,
      });
      expect((await metadataOf('default/app/api-key')).current_version).toBe(1);
    });

    it("answers Vault's check-and-set error to cas 0 on an existing path and adds no version", async () => {
      const path = '/v1/secret/data/default/app/api-key';
      await h.call('POST', path, {
        body: { data: { value: 'first' }, options: { cas: 0 } },
      });
      const second = await h.call('PUT', path, {
        body: { data: { value: 'second' }, options: { cas: 0 } },
      });
      expect(second.status).toBe(400);
      expect(second.body).toEqual({
        errors: ['check-and-set parameter did not match the current version'],
      });
      const metadata = await metadataOf('default/app/api-key');
      expect(metadata.current_version).toBe(1);
      expect(Object.keys(metadata.versions)).toEqual(['1']);
      const read = await h.call('GET', path);
      expect(read.body.data.data).toEqual({ value: 'first' });
    });

    it('accepts cas 0 where only metadata exists (current_version 0)', async () => {
      await h.call('POST', '/v1/secret/metadata/default/app/db', {
        body: { custom_metadata: { request_id: 'r1' } },
      });
      const res = await h.call('POST', '/v1/secret/data/default/app/db', {
        body: { data: { value: 'v' }, options: { cas: 0 } },
      });
      expect(res.status).toBe(200);
      expect(res.body.data.version).toBe(1);
      expect(res.body.data.custom_metadata).toEqual({ request_id: 'r1' });
    });
  });

  describe('KV v2 metadata', () => {
    it('round-trips custom_metadata, max_versions and cas_required', async () => {
      const path = '/v1/secret/metadata/default/app/api-key';
      const write = await h.call('POST', path, {
        body: {
          max_versions: 5,
          cas_required: true,
          custom_metadata: {
            owner: 'group:default/team-payments',
            request_id: '6d1f4f2e',
            rotation_period: '30d',
          },
        },
      });
      expect(write.status).toBe(204);
      expect(write.text).toBe('');
      const read = await h.call('GET', path);
      expect(read.status).toBe(200);
      expect(read.body.data).toMatchObject({
        max_versions: 5,
        cas_required: true,
        current_version: 0,
        custom_metadata: {
          owner: 'group:default/team-payments',
          request_id: '6d1f4f2e',
          rotation_period: '30d',
        },
        versions: {},
      });
      // cas_required now refuses a write without cas, as Vault does.
      const blind = await h.call(
        'POST',
        '/v1/secret/data/default/app/api-key',
        {
          body: { data: { value: 'x' } },
        },
      );
      expect(blind.body).toEqual({
        errors: ['check-and-set parameter required for this call'],
      });
    });
  });

  describe('sys/policies/acl', () => {
    it('writes a policy (204), reads it back with its text, lists it, and enforces it', async () => {
      const write = await h.call(
        'PUT',
        '/v1/sys/policies/acl/Posture-Secret-KV-App',
        { body: { policy: READ_ONE_PATH } },
      );
      expect(write.status).toBe(204);

      const read = await h.call(
        'GET',
        '/v1/sys/policies/acl/posture-secret-kv-app',
      );
      expect(read.status).toBe(200);
      // sys/ answers carry data at the top level too, beside the usual envelope.
      expect(read.body).toMatchObject({
        name: 'posture-secret-kv-app',
        policy: READ_ONE_PATH,
        data: { name: 'posture-secret-kv-app', policy: READ_ONE_PATH },
        lease_id: '',
        renewable: false,
      });

      const list = await h.call('LIST', '/v1/sys/policies/acl');
      expect(list.body.data.keys).toEqual([
        'default',
        'posture-secret-kv-app',
        'root',
      ]);

      h.vault.state.kv
        .mount('secret')
        .write('default/payment-gateway/stripe-key', { value: 's3cr3t' });
      h.vault.state.kv
        .mount('secret')
        .write('default/payment-gateway/other', { value: 'other' });
      const service = h.vault.state.tokens.create({
        policies: ['posture-secret-kv-app'],
      }).id;
      const allowed = await h.call(
        'GET',
        '/v1/secret/data/default/payment-gateway/stripe-key',
        { token: service },
      );
      expect(allowed.status).toBe(200);
      for (const [method, path] of [
        ['GET', '/v1/secret/data/default/payment-gateway/other'],
        ['GET', '/v1/secret/metadata/default/payment-gateway/stripe-key'],
        ['POST', '/v1/secret/data/default/payment-gateway/stripe-key'],
      ]) {
        const res = await h.call(method, path, {
          token: service,
          body: method === 'POST' ? { data: { value: 'x' } } : undefined,
        });
        expect({ path, status: res.status, body: res.body }).toEqual({
          path,
          status: 403,
          body: POLICY_DENIED,
        });
      }
    });

    it('accepts a base64-encoded policy and JSON policies', async () => {
      await h.call('PUT', '/v1/sys/policies/acl/b64', {
        body: { policy: Buffer.from(READ_ONE_PATH).toString('base64') },
      });
      const b64 = await h.call('GET', '/v1/sys/policies/acl/b64');
      expect(b64.body.data.policy).toBe(READ_ONE_PATH);

      const json = JSON.stringify({
        path: { 'secret/data/x': { capabilities: ['read'] } },
      });
      const res = await h.call('POST', '/v1/sys/policies/acl/json', {
        body: { policy: json },
      });
      expect(res.status).toBe(204);
      expect(h.vault.state.policies.get('json')?.paths).toEqual({
        'secret/data/x': ['read'],
      });
    });

    it("answers Vault's 400s for an empty, unparsable or immutable policy and 404 for an unknown one", async () => {
      const cases: Array<[string, unknown, string]> = [
        ['empty', {}, "'policy' parameter not supplied or empty"],
        [
          'bad-cap',
          { policy: 'path "a/*" { capabilities = ["fly"] }' },
          'failed to parse policy: path "a/*": invalid capability "fly"',
        ],
        [
          'bad-key',
          { policy: 'path "a/*" { capabilities = ["read"] owner = "me" }' },
          'failed to parse policy: path "a/*": invalid key "owner"',
        ],
        ['root', { policy: READ_ONE_PATH }, 'cannot update "root" policy'],
      ];
      for (const [name, body, message] of cases) {
        const res = await h.call('PUT', `/v1/sys/policies/acl/${name}`, {
          body,
        });
        expect({ name, status: res.status, body: res.body }).toEqual({
          name,
          status: 400,
          body: { errors: [message] },
        });
      }
      const missing = await h.call('GET', '/v1/sys/policies/acl/nothing');
      expect(missing).toMatchObject({ status: 404, body: { errors: [] } });
      const del = await h.call('DELETE', '/v1/sys/policies/acl/default');
      expect(del.body).toEqual({ errors: ['cannot delete default policy'] });
    });
  });

  describe('database static roles', () => {
    it('creates a role (204) that reads back with its rotation period, never a password', async () => {
      const res = await h.call(
        'POST',
        '/v1/database/static-roles/payment-gateway-reports',
        {
          body: {
            db_name: 'payments-postgres',
            username: 'payment_gateway_reports',
            rotation_period: 2592000,
          },
        },
      );
      expect(res.status).toBe(204);
      const read = await h.call(
        'GET',
        '/v1/database/static-roles/payment-gateway-reports',
      );
      expect(read.body.data).toEqual({
        credential_type: 'password',
        db_name: 'payments-postgres',
        username: 'payment_gateway_reports',
        rotation_statements: expect.any(Array),
        rotation_period: 2592000,
        // Vault rotates a new static role straight away.
        last_vault_rotation: clock.now().toISOString(),
      });
    });

    it("answers Vault's 400 for a role without a username", async () => {
      const res = await h.call('POST', '/v1/database/static-roles/x', {
        body: { db_name: 'pg', rotation_period: '24h' },
      });
      expect(res).toMatchObject({
        status: 400,
        body: {
          errors: ['username is a required field to create a static account'],
        },
      });
    });
  });

  describe("the seeded provisioner token's policy", () => {
    beforeEach(() => {
      seedVaultDemo(h.vault.state, clock.now());
    });

    const as = (method: string, path: string, body?: unknown) =>
      h.call(method, path, { token: DEMO_PROVISIONER_TOKEN, body });

    it('creates secrets, metadata, static roles and posture-secret-* policies', async () => {
      expect(
        (
          await as('POST', '/v1/secret/metadata/default/app/key', {
            custom_metadata: { request_id: 'r' },
          })
        ).status,
      ).toBe(204);
      expect(
        (
          await as('POST', '/v1/secret/data/default/app/key', {
            data: { value: 'v' },
            options: { cas: 0 },
          })
        ).status,
      ).toBe(200);
      expect(
        (await as('GET', '/v1/secret/metadata/default/app/key')).status,
      ).toBe(200);
      expect(
        (
          await as('POST', '/v1/database/static-roles/app-reports', {
            db_name: 'pg',
            username: 'app_reports',
            rotation_period: 86400,
          })
        ).status,
      ).toBe(204);
      expect(
        (
          await as('PUT', '/v1/sys/policies/acl/posture-secret-kv-app', {
            policy: READ_ONE_PATH,
          })
        ).status,
      ).toBe(204);
    });

    it('is denied (403 permission denied) everywhere else, reads of values included', async () => {
      h.vault.state.kv
        .mount('secret')
        .write('default/app/key', { value: 'never-read' });
      const denied: Array<[string, string, unknown?]> = [
        ['GET', '/v1/secret/data/default/app/key'],
        [
          'POST',
          '/v1/secret/data/payments/checkout-api/api-key',
          { data: { value: 'v' }, options: { cas: 0 } },
        ],
        [
          'POST',
          '/v1/kv-payments/data/default/app/key',
          { data: { value: 'v' }, options: { cas: 0 } },
        ],
        // Existing roles cannot be changed: creating is all it may do.
        [
          'POST',
          '/v1/database/static-roles/ledger-db',
          { db_name: 'pg', username: 'x', rotation_period: 60 },
        ],
        ['GET', '/v1/database/static-creds/ledger-db'],
        // Its own policy and the reader's are out of reach.
        [
          'PUT',
          '/v1/sys/policies/acl/posture-provisioner',
          { policy: 'path "*" { capabilities = ["sudo"] }' },
        ],
        [
          'PUT',
          '/v1/sys/policies/acl/posture-metadata-reader',
          { policy: READ_ONE_PATH },
        ],
      ];
      for (const [method, path, body] of denied) {
        const res = await as(method, path, body);
        expect({ path, status: res.status, body: res.body }).toEqual({
          path,
          status: 403,
          body: POLICY_DENIED,
        });
        expect(res.text).not.toContain('never-read');
      }
      // Nothing was written by the refused calls.
      expect(
        h.vault.state.kv.mount('secret').get('payments/checkout-api/api-key'),
      ).toBeUndefined();
      expect(h.vault.state.policies.get('posture-provisioner')).toEqual(
        provisionerPolicy('secret', ['default/'], 'database'),
      );
    });

    it('answers 403 "permission denied" to a token without any policy', async () => {
      const stranger = h.vault.state.tokens.create({ policies: [] }).id;
      const res = await h.call('PUT', '/v1/sys/policies/acl/posture-secret-x', {
        token: stranger,
        body: { policy: READ_ONE_PATH },
      });
      expect(res).toMatchObject({ status: 403, body: POLICY_DENIED });
      const unknown = await h.call('POST', '/v1/secret/data/default/a/b', {
        token: 'hvs.not-a-token',
        body: { data: { value: 'v' } },
      });
      expect(unknown).toMatchObject({
        status: 403,
        body: { errors: ['permission denied'] },
      });
    });
  });

  describe('fault injection on writes', () => {
    it.each([
      [500, ['1 error occurred:\n\t* internal error\n\n']],
      [503, ['Vault is sealed']],
    ])(
      'answers %i to writes only, and writes nothing',
      async (status, errors) => {
        h.vault.faults.set('secret/data/', {
          status,
          methods: ['POST', 'PUT'],
        });
        h.vault.faults.set('sys/policies/acl/', { status, methods: ['PUT'] });
        h.vault.faults.set('database/static-roles/', {
          status,
          methods: ['POST'],
        });
        const writes: Array<[string, string, unknown]> = [
          [
            'POST',
            '/v1/secret/data/default/app/key',
            { data: { value: 'v' }, options: { cas: 0 } },
          ],
          ['PUT', '/v1/sys/policies/acl/p', { policy: READ_ONE_PATH }],
          [
            'POST',
            '/v1/database/static-roles/r',
            { db_name: 'pg', username: 'u', rotation_period: 60 },
          ],
        ];
        for (const [method, path, body] of writes) {
          const res = await h.call(method, path, { body });
          expect({ path, status: res.status, body: res.body }).toEqual({
            path,
            status,
            body: { errors },
          });
        }
        expect(h.vault.state.kv.mount('secret').get('default/app/key')).toBe(
          undefined,
        );
        expect(h.vault.state.policies.get('p')).toBeUndefined();
        expect(
          h.vault.state.database.mount('database').staticRoles.has('r'),
        ).toBe(false);
        // Reads of the same paths are untouched.
        expect(
          (await h.call('GET', '/v1/sys/policies/acl/default')).status,
        ).toBe(200);
        expect(
          h.vault.requestLog.entries().filter(e => e.faulted),
        ).toHaveLength(3);
      },
    );

    it('fails a counted number of writes, then lets the retry through', async () => {
      h.vault.faults.set('secret/data/', { status: 503, times: 1 });
      const body = { data: { value: 'v' }, options: { cas: 0 } };
      const first = await h.call('POST', '/v1/secret/data/default/a/b', {
        body,
      });
      const retry = await h.call('POST', '/v1/secret/data/default/a/b', {
        body,
      });
      expect([first.status, retry.status]).toEqual([503, 200]);
      expect(retry.body.data.version).toBe(1);
    });
  });
});
