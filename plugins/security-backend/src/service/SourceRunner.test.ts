import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { PostureSource } from '@posture/backstage-plugin-security-node';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { makeScan } from '../__testUtils__/parsedReports';
import { SourceRunner } from './SourceRunner';
import { BackgroundTasks } from './background/BackgroundTasks';

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
      logger: mockServices.logger.mock(),
      tasks: new BackgroundTasks(mockServices.logger.mock()),
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
    const runner = new SourceRunner({
      sources: [signatures, secrets],
      catalog: catalogServiceMock({ entities: [] }),
      auth: mockServices.auth(),
      store,
      logger: mockServices.logger.mock(),
      tasks,
    });
    const api = component('api');
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
});
