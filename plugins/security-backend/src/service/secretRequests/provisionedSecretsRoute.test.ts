import { createBackendModule } from '@backstage/backend-plugin-api';
import { SecretProvisioningError } from '@posture/backstage-plugin-security-node';
import {
  securityPostureSourcesExtensionPoint,
  type PostureSource,
  type ProvisionedSecretLocation,
  type SecretObservation,
} from '@posture/backstage-plugin-security-node';
import request from 'supertest';
import {
  as,
  ALICE,
  BOB,
  kvRequest,
  startSecretRequestBackend,
  type SecretRequestBackend,
} from '../../__testUtils__/secretRequestBackend';
import { FakeSecretProvisioner } from '../../__testUtils__/secretRequestHarness';
import { createTestDatabases } from '../../__testUtils__/testDatabases';

/*
 * A secret Posture provisions shows on its service's Secrets card at once: approval (or a
 * successful retry) checks the entity's secrets in the background, and the secrets source is
 * given the provisioned locations, though component:default/api has no Vault annotation.
 */

const databases = createTestDatabases();
const API = '/api/security/v1/entities/component/default/api';

/**
 * A secrets source in the Vault module's manner: it applies by annotation only, and reads each
 * provisioned location from the fake provisioner's store (what Vault would hold).
 */
function provisionedSecretsReader(provisioner: FakeSecretProvisioner) {
  const seen: ProvisionedSecretLocation[][] = [];
  const observe = (where: ProvisionedSecretLocation): SecretObservation => {
    const written = provisioner.written.has(`${where.engine}/${where.path}`);
    return {
      ...where,
      currentVersion: where.kind === 'kv' && written ? 1 : null,
      createdTime: written ? new Date().toISOString() : null,
      updatedTime: null,
      maxAgeDays: 30,
      state: written ? 'active' : 'error',
      error: written ? null : 'not found',
    };
  };
  const source: PostureSource = {
    id: 'vault',
    observes: 'secrets',
    appliesTo: entity =>
      Boolean(entity.metadata.annotations?.['vault.io/secrets-path']),
    async collect(_entity, context) {
      seen.push(context.provisionedSecrets);
      return {
        kind: 'secrets',
        items: context.provisionedSecrets.map(observe),
      };
    },
  };
  const module = createBackendModule({
    pluginId: 'security',
    moduleId: 'test-provisioned-secrets-reader',
    register(env) {
      env.registerInit({
        deps: { sources: securityPostureSourcesExtensionPoint },
        async init({ sources }) {
          sources.addPostureSource(source);
        },
      });
    },
  });
  return { module, seen };
}

describe.each(databases.eachSupportedId())(
  'a provisioned secret on the Secrets card, on %s',
  id => {
    let current: SecretRequestBackend | undefined;
    afterEach(async () => {
      await current?.stop();
      current = undefined;
    });

    async function start() {
      const provisioner = new FakeSecretProvisioner();
      const reader = provisionedSecretsReader(provisioner);
      current = await startSecretRequestBackend({
        knex: await databases.init(id),
        provisioner,
        features: [reader.module],
      });
      const entityGet = (path: string) =>
        request(current!.server)
          .get(`${API}${path}`)
          .set('Authorization', as(ALICE));
      return { b: current, provisioner, reader, entityGet };
    }

    const paths = (res: request.Response) =>
      res.body.items.map((i: { kind: string; engine: string; path: string }) =>
        [i.kind, i.engine, i.path].join(' '),
      );

    it('lists a secret and a database role on GET .../secrets as soon as each is provisioned, without a Vault annotation', async () => {
      const { b, reader, entityGet } = await start();
      expect((await entityGet('/secrets')).body.items).toEqual([]);

      const asked = await b.api.ask(kvRequest());
      const approved = await b.api.act(asked.body.id, 'approve', BOB);
      expect(approved.body.status).toBe('provisioned');
      await b.tasks.whenIdle();

      const secrets = await entityGet('/secrets');
      expect(secrets.status).toBe(200);
      expect(secrets.body.items).toEqual([
        expect.objectContaining({
          kind: 'kv',
          engine: 'secret',
          path: 'default/api/stripe-key',
          currentVersion: 1,
          ageDays: 0,
          status: 'ok',
          stale: false,
        }),
      ]);
      // The secrets section is known now: not listed as missing, and counted.
      const posture = await entityGet('/posture');
      expect(posture.body.secrets).toMatchObject({ total: 1, overdue: 0 });
      expect(posture.body.missing).not.toContain('secrets');

      const role = await b.api.ask(
        kvRequest({ kind: 'database-role', name: 'orders' }),
      );
      await b.api.act(role.body.id, 'approve', BOB);
      await b.tasks.whenIdle();
      expect(paths(await entityGet('/secrets')).sort()).toEqual([
        'database-static-role database api-orders',
        'kv secret default/api/stripe-key',
      ]);
      // One check per provisioning, each given every provisioned location of the entity.
      expect(reader.seen.map(s => s.length)).toEqual([1, 2]);
    });

    it('checks nothing when provisioning fails, and lists the secret once a retry provisions it', async () => {
      const { b, provisioner, reader, entityGet } = await start();
      provisioner.failWith(
        new SecretProvisioningError('Vault answered 503', true),
      );
      const asked = await b.api.ask(kvRequest());
      const failed = await b.api.act(asked.body.id, 'approve', BOB);
      expect(failed.body.status).toBe('failed');
      await b.tasks.whenIdle();
      expect(reader.seen).toEqual([]);
      expect((await entityGet('/secrets')).body.items).toEqual([]);

      const retried = await b.api.act(asked.body.id, 'retry', BOB);
      expect(retried.body.status).toBe('provisioned');
      await b.tasks.whenIdle();
      expect(paths(await entityGet('/secrets'))).toEqual([
        'kv secret default/api/stripe-key',
      ]);
    });
  },
);
