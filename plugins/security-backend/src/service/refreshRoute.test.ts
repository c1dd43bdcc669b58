import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { securityPlugin } from '../plugin';
import { createFakeSecretsSource } from '../__testUtils__/fakeSecretsSource';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { SourceRunner } from './SourceRunner';

const databases = createTestDatabases();

const component = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'vault.io/secrets-path': `team/${name}/` },
  },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
});

describe.each(databases.eachSupportedId())('POST .../refresh on %s', id => {
  afterEach(() => jest.restoreAllMocks());

  async function start() {
    const knex = await databases.init(id);
    const fake = createFakeSecretsSource();
    // Holds every collect until the test releases it, so the calls really overlap.
    let release!: () => void;
    const gate = new Promise<void>(r => {
      release = r;
    });
    const collect = fake.source.collect.bind(fake.source);
    fake.source.collect = async (entity, context) => {
      await gate;
      return collect(entity, context);
    };
    // Counts the requests that reached the refresh: each joins the run (or starts it)
    // synchronously there, so once all have, the run may finish.
    let reached = 0;
    let onReached: (count: number) => void = () => {};
    const refreshEntity = SourceRunner.prototype.refreshEntity;
    jest
      .spyOn(SourceRunner.prototype, 'refreshEntity')
      .mockImplementation(function call(this: SourceRunner, entity) {
        const result = refreshEntity.call(this, entity);
        onReached(++reached);
        return result;
      });
    const reachedCount = (count: number) =>
      new Promise<void>(resolve => {
        onReached = n => {
          if (n >= count) resolve();
        };
      });
    const { server } = await startTestBackend({
      features: [
        securityPlugin,
        fake.module,
        mockServices.database.factory({ knex }),
        catalogServiceMock.factory({
          entities: [component('api'), component('web')],
        }),
        mockServices.permissions.factory({ result: AuthorizeResult.ALLOW }),
        mockServices.httpAuth.factory({
          defaultCredentials: mockCredentials.none(),
        }),
      ],
    });
    const refresh = (name: string) =>
      request(server)
        .post(`/api/security/v1/entities/component/default/${name}/refresh`)
        .set('Authorization', mockCredentials.user.header());
    return { fake, refresh, release, reachedCount };
  }

  it('runs concurrent refreshes of one entity once, and answers each with that run', async () => {
    const { fake, refresh, release, reachedCount } = await start();
    const allIn = reachedCount(40);
    const pending = Array.from({ length: 40 }, () => refresh('api').then());
    // Every request has joined the run before it is allowed to finish.
    await allIn;
    release();
    const answers = await Promise.all(pending);
    expect(answers.map(a => a.status)).toEqual(Array(40).fill(202));
    for (const answer of answers) {
      expect(answer.body).toEqual({ refreshed: ['fake-vault'], errors: {} });
    }
    expect(fake.control.calls).toEqual(['api']);
  });

  it('answers 429 with Retry-After to a refresh right after one, re-running nothing', async () => {
    const { fake, refresh, release } = await start();
    release();
    expect((await refresh('api')).status).toBe(202);
    const again = await refresh('api');
    expect(again.status).toBe(429);
    const retryAfter = Number(again.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(again.body.error.message).toContain('component:default/api');
    expect(again.body.error.message).toContain('security.refresh.minInterval');
    expect(fake.control.calls).toEqual(['api']);
    // Another entity is not held back by it.
    expect((await refresh('web')).status).toBe(202);
    expect(fake.control.calls).toEqual(['api', 'web']);
  });
});
