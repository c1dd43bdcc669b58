import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type {
  PostureSource,
  PostureSourceContext,
} from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { DatabaseSecretRequestStore } from '../database/DatabaseSecretRequestStore';
import { makeScan } from '../__testUtils__/parsedReports';
import { SourceRunner } from './SourceRunner';
import { BackgroundTasks } from './background/BackgroundTasks';
import { testWorkQueue } from '../__testUtils__/testWorkQueue';

const component = (name: string, secretsPath?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: secretsPath ? { 'vault.io/secrets-path': secretsPath } : {},
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

/** Stores a request for the entity's secret and takes it to `provisioned`, as approval does. */
async function provisioned(
  knex: Knex,
  secret: {
    entityRef: string;
    kind: 'kv' | 'database-role';
    name: string;
    mount: string;
    path: string;
  },
) {
  const requests = new DatabaseSecretRequestStore(knex);
  const id = `00000000-0000-4000-8000-${secret.path
    .replace(/[^a-z0-9]/g, '')
    .slice(0, 12)
    .padStart(12, '0')}`;
  const now = new Date('2026-11-22T00:00:00Z');
  await requests.create({
    request: {
      ...secret,
      id,
      ownerRef: 'group:default/team-a',
      rotationPeriodDays: 30,
      justification: 'The service needs it',
      requester: 'user:default/alice',
      expiresAt: new Date('2026-11-29T00:00:00Z'),
    },
    now,
  });
  await requests.approve({
    id,
    approver: 'user:default/bob',
    comment: null,
    now,
  });
  await requests.finish({
    id,
    attempt: 1,
    outcome: {
      type: 'provisioned',
      mount: secret.mount,
      path: secret.path,
      version: secret.kind === 'kv' ? 1 : null,
      policyName: 'posture-secret-x',
    },
    now,
  });
}

const noRequests = { provisionedSecrets: async () => [] };

describe('SourceRunner', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('checks every entity the source applies to, and one failure does not stop the others', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const seen: string[] = [];
    const digests: string[] = [];
    const source: PostureSource = {
      id: 'vault',
      observes: 'secrets',
      appliesTo: e =>
        Boolean(e.metadata.annotations?.['vault.io/secrets-path']),
      async collect(entity, context) {
        seen.push(entity.metadata.name);
        digests.push(...context.knownDigests);
        if (entity.metadata.name === 'broken')
          throw new Error('permission denied');
        return {
          kind: 'secrets',
          items: [
            {
              path: `${entity.metadata.name}/db`,
              engine: 'secret',
              kind: 'kv',
              currentVersion: 1,
              createdTime: '2026-11-01T00:00:00Z',
              updatedTime: null,
              maxAgeDays: 90,
              state: 'active',
              error: null,
            },
          ],
        };
      },
    };
    const runner = new SourceRunner({
      sources: [source],
      catalog: catalogServiceMock({
        entities: [
          component('a', 'a/'),
          component('broken', 'b/'),
          component('no-vault'),
          component('c', 'c/db'),
        ],
      }),
      auth: mockServices.auth(),
      store,
      secretRequests: noRequests,
      logger: mockServices.logger.mock(),
      queue: testWorkQueue(knex),
      now: () => new Date('2026-11-23T00:00:00Z'),
    });

    await runner.runSource(source, new AbortController().signal);

    expect(seen.sort()).toEqual(['a', 'broken', 'c']);
    // No reports were uploaded, so no entity has a known image digest yet.
    expect(digests).toEqual([]);
    expect(
      await store.secrets.list({ entityRef: 'component:default/a' }),
    ).toHaveLength(1);
    expect(
      await store.secrets.list({ entityRef: 'component:default/c' }),
    ).toHaveLength(1);
    expect(
      (await store.summaries.get({ entityRef: 'component:default/broken' }))
        ?.secrets,
    ).toMatchObject({ total: 0, stale: true });
    expect(
      await store.summaries.get({ entityRef: 'component:default/no-vault' }),
    ).toBeUndefined();
  });

  it('stops a pass whose failure cannot even be recorded, and ends it only once every entity in progress has finished', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    jest
      .spyOn(store.secrets, 'markStale')
      .mockRejectedValue(new Error('database unavailable'));
    let inFlight = 0;
    const started: string[] = [];
    const source: PostureSource = {
      id: 'vault',
      observes: 'secrets',
      appliesTo: () => true,
      async collect(entity) {
        started.push(entity.metadata.name);
        inFlight += 1;
        try {
          // The others take a few turns of the event loop; the first fails at once.
          if (entity.metadata.name === 'e0') throw new Error('Vault down');
          for (let i = 0; i < 20; i++) await Promise.resolve();
          return { kind: 'secrets', items: [] };
        } finally {
          inFlight -= 1;
        }
      },
    };
    const runner = new SourceRunner({
      sources: [source],
      catalog: catalogServiceMock({
        entities: Array.from({ length: 40 }, (_, i) =>
          component(`e${i}`, `e${i}/`),
        ),
      }),
      auth: mockServices.auth(),
      store,
      secretRequests: noRequests,
      logger: mockServices.logger.mock(),
      queue: testWorkQueue(knex),
      now: () => new Date('2026-11-23T00:00:00Z'),
    });

    await expect(
      runner.runSource(source, new AbortController().signal),
    ).rejects.toThrow('database unavailable');
    // Nothing still running after the pass ended, and no entity started after the failure
    // beyond the ones already taken by the other workers.
    expect(inFlight).toBe(0);
    const startedWhenEnded = started.length;
    expect(startedWhenEnded).toBeLessThan(40);
    for (let i = 0; i < 100; i++) await Promise.resolve();
    expect(started).toHaveLength(startedWhenEnded);
  });

  it('checks a reported digest once, with the signature sources only, and not again once judged', async () => {
    const knex = await databases.init('SQLITE_3');
    const store = await DatabasePostureStore.create({
      database: mockServices.database({ knex, migrations: { skip: false } }),
    });
    const calls: string[][] = [];
    const signatures: PostureSource = {
      id: 'log',
      observes: 'signatures',
      appliesTo: () => true,
      async collect(_entity, context) {
        calls.push(context.knownDigests);
        return {
          kind: 'signatures',
          items: [
            {
              digest: 'sha256:aaaa',
              status: 'unsigned',
              reason: null,
              signer: null,
              logIndex: null,
              logUrl: null,
              integratedTime: null,
              kind: null,
              predicateType: null,
              entries: 0,
            },
          ],
        };
      },
    };
    const secrets: PostureSource = {
      id: 'vault',
      observes: 'secrets',
      appliesTo: () => true,
      collect: jest.fn(),
    };
    const tasks = new BackgroundTasks(mockServices.logger.mock());
    const api = component('api');
    const runner = new SourceRunner({
      sources: [signatures, secrets],
      catalog: catalogServiceMock({ entities: [api] }),
      auth: mockServices.auth(),
      store,
      secretRequests: noRequests,
      logger: mockServices.logger.mock(),
      queue: testWorkQueue(knex, tasks),
    });
    const ref = 'component:default/api';
    // The entity's scan names sha256:aaaa, so that digest's verdict is its signature state.
    await store.reports.replaceReport({
      write: {
        entityRef: ref,
        artifact: 'ghcr.io/acme/api',
        report: makeScan(0),
        sha256: 'a'.repeat(64),
        document: '{}',
        uploadedBy: null,
      },
    });

    // A scan and an SBOM of one build arrive together: one check, in the background.
    void runner.checkSignaturesSoon(api, 'sha256:aaaa');
    void runner.checkSignaturesSoon(api, 'sha256:aaaa');
    expect(tasks.pending).toEqual([
      'signatures:component:default/api@sha256:aaaa',
    ]);
    await tasks.whenIdle();
    expect(calls).toHaveLength(1);
    expect(
      (await store.summaries.get({ entityRef: ref }))?.signature?.status,
    ).toBe('unsigned');

    // Judged already: a rescan of the same image does not ask the log again.
    await runner.checkSignaturesSoon(api, 'sha256:aaaa');
    expect(calls).toHaveLength(1);
    // A new build's digest does.
    await runner.checkSignaturesSoon(api, 'sha256:bbbb');
    expect(calls).toHaveLength(2);
    expect(secrets.collect).not.toHaveBeenCalled();
  });

  describe('secrets Posture provisioned', () => {
    const activeKv = (path: string) => ({
      path,
      engine: 'secret',
      kind: 'kv' as const,
      currentVersion: 1,
      createdTime: '2026-11-22T00:00:00Z',
      updatedTime: null,
      maxAgeDays: 30,
      state: 'active' as const,
      error: null,
    });

    /** A secrets source that applies by annotation only and reads what it is told. */
    function recordingSecretsSource() {
      const contexts = new Map<string, PostureSourceContext>();
      const control: {
        calls: number;
        /** Each call waits for this, after calling `started`. */
        hold?: Promise<void>;
        started?: () => void;
      } = { calls: 0 };
      const source: PostureSource = {
        id: 'vault',
        observes: 'secrets',
        appliesTo: e =>
          Boolean(e.metadata.annotations?.['vault.io/secrets-path']),
        async collect(entity, context) {
          contexts.set(entity.metadata.name, context);
          control.calls += 1;
          control.started?.();
          await control.hold;
          return {
            kind: 'secrets',
            items: context.provisionedSecrets
              .filter(p => p.kind === 'kv')
              .map(p => activeKv(p.path)),
          };
        },
      };
      return { source, contexts, control };
    }

    async function setUp(entities: Entity[]) {
      const knex = await databases.init('SQLITE_3');
      const store = await DatabasePostureStore.create({
        database: mockServices.database({ knex, migrations: { skip: false } }),
      });
      const secrets = recordingSecretsSource();
      const signatureCalls: string[] = [];
      const signatures: PostureSource = {
        id: 'log',
        observes: 'signatures',
        appliesTo: e => Boolean(e.metadata.annotations?.['posture.dev/image']),
        async collect(entity, context) {
          signatureCalls.push(entity.metadata.name);
          expect(context.provisionedSecrets).toEqual([]);
          return { kind: 'signatures', items: [] };
        },
      };
      const tasks = new BackgroundTasks(mockServices.logger.mock());
      const runner = new SourceRunner({
        sources: [secrets.source, signatures],
        catalog: catalogServiceMock({ entities }),
        auth: mockServices.auth(),
        store,
        secretRequests: new DatabaseSecretRequestStore(knex),
        logger: mockServices.logger.mock(),
        queue: testWorkQueue(knex, tasks),
        refreshMinIntervalMs: 0,
        now: () => new Date('2026-11-23T00:00:00Z'),
      });
      return {
        knex,
        store,
        runner,
        tasks,
        contexts: secrets.contexts,
        control: secrets.control,
        secretsSource: secrets.source,
        signatures,
        signatureCalls,
      };
    }

    it('checks an entity with only provisioned secrets, passing their locations to the secrets source alone', async () => {
      // Refs of requests are stored in lower case; the catalog spells this one otherwise.
      const fresh: Entity = {
        ...component('New-Svc'),
        metadata: {
          ...component('New-Svc').metadata,
          annotations: { 'posture.dev/image': 'ghcr.io/acme/new-svc' },
        },
      };
      const t = await setUp([
        fresh,
        component('annotated', 'team/annotated/'),
        component('no-vault'),
      ]);
      await provisioned(t.knex, {
        entityRef: 'component:default/new-svc',
        kind: 'kv',
        name: 'stripe-key',
        mount: 'secret',
        path: 'default/new-svc/stripe-key',
      });
      await provisioned(t.knex, {
        entityRef: 'component:default/new-svc',
        kind: 'database-role',
        name: 'orders',
        mount: 'database',
        path: 'new-svc-orders',
      });

      await t.runner.runSource(t.secretsSource, new AbortController().signal);

      expect([...t.contexts.keys()].sort()).toEqual(['New-Svc', 'annotated']);
      expect(t.contexts.get('New-Svc')?.provisionedSecrets).toEqual([
        { engine: 'secret', path: 'default/new-svc/stripe-key', kind: 'kv' },
        {
          engine: 'database',
          path: 'new-svc-orders',
          kind: 'database-static-role',
        },
      ]);
      expect(t.contexts.get('annotated')?.provisionedSecrets).toEqual([]);
      expect(
        (
          await t.store.secrets.list({ entityRef: 'component:default/new-svc' })
        ).map(s => s.path),
      ).toEqual(['default/new-svc/stripe-key']);

      // A signature pass is not widened by secrets; "Check now" is, and passes them too.
      await t.runner.runSource(t.signatures, new AbortController().signal);
      expect(t.signatureCalls).toEqual(['New-Svc']);
      t.contexts.clear();
      const result = await t.runner.refreshEntity(component('no-vault'));
      expect(result.refreshed).toEqual([]);
      await expect(t.runner.refreshEntity(fresh)).resolves.toEqual({
        refreshed: ['vault', 'log'],
        errors: {},
      });
      expect(t.contexts.get('New-Svc')?.provisionedSecrets).toHaveLength(2);
    });

    it('checks the entity of a just-provisioned secret in the background, once more if asked meanwhile', async () => {
      const t = await setUp([component('api')]);
      const ref = 'component:default/api';
      await provisioned(t.knex, {
        entityRef: ref,
        kind: 'kv',
        name: 'one',
        mount: 'secret',
        path: 'default/api/one',
      });

      let release!: () => void;
      t.control.hold = new Promise(resolve => {
        release = resolve;
      });
      const started = new Promise<void>(resolve => {
        t.control.started = resolve;
      });
      const first = t.runner.checkSecretsSoon(ref);
      await started;
      expect(t.contexts.get('api')?.provisionedSecrets).toEqual([
        { engine: 'secret', path: 'default/api/one', kind: 'kv' },
      ]);
      // The second approval lands while the first check runs: its secret is not missed.
      await provisioned(t.knex, {
        entityRef: ref,
        kind: 'kv',
        name: 'two',
        mount: 'secret',
        path: 'default/api/two',
      });
      expect(t.runner.checkSecretsSoon('Component:default/API')).toBe(first);
      expect(t.tasks.pending).toEqual([`secrets:${ref}`]);
      t.control.hold = undefined;
      release();
      await t.tasks.whenIdle();
      expect(t.control.calls).toBe(2);

      expect(
        (await t.store.secrets.list({ entityRef: ref }))
          .map(s => s.path)
          .sort(),
      ).toEqual(['default/api/one', 'default/api/two']);
      expect(t.signatureCalls).toEqual([]);

      // An entity the catalog no longer has is not checked.
      t.contexts.clear();
      await t.runner.checkSecretsSoon('component:default/gone');
      expect(t.contexts.size).toBe(0);
    });
  });
});
