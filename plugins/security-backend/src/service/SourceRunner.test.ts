import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import type { PostureSource } from '@posture/backstage-plugin-security-node';
import { DatabasePostureStore } from '../database/DatabasePostureStore';
import { SourceRunner } from './SourceRunner';

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
      now: () => new Date('2026-11-23T00:00:00Z'),
    });

    await runner.runSource(source, new AbortController().signal);

    expect(seen.sort()).toEqual(['a', 'broken', 'c']);
    // No reports were uploaded, so no entity has a known image digest yet.
    expect(digests).toEqual([]);
    expect(await store.listSecrets('component:default/a')).toHaveLength(1);
    expect(await store.listSecrets('component:default/c')).toHaveLength(1);
    expect(
      (await store.getPosture('component:default/broken'))?.secrets,
    ).toMatchObject({ total: 0, stale: true });
    expect(
      await store.getPosture('component:default/no-vault'),
    ).toBeUndefined();
  });
});
