import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import authPlugin from '@backstage/plugin-auth-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { authModuleDemoApproverProvider } from './demoApproverAuth';

const platformApprover: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ivy-chen', namespace: 'default' },
  spec: {
    profile: { displayName: 'Ivy Chen', email: 'ivy.chen@example.com' },
    memberOf: ['team-platform'],
  },
  relations: [{ type: 'memberOf', targetRef: 'group:default/team-platform' }],
};

async function backendWith(providers: object) {
  const { server } = await startTestBackend({
    features: [
      authPlugin,
      authModuleDemoApproverProvider,
      catalogServiceMock.factory({ entities: [platformApprover] }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          auth: { providers },
        },
      }),
    ],
  });
  return server;
}

/** What the app's sign-in page asks (the header is what Backstage's auth routes require). */
const refresh = (server: Awaited<ReturnType<typeof backendWith>>) =>
  request(server)
    .get('/api/auth/demo-approver/refresh')
    .set('X-Requested-With', 'XMLHttpRequest');

describe('the demo approver sign-in', () => {
  // Jest runs with NODE_ENV=test: outside development, as the built demo backend is.
  it('signs in as the configured catalog user, with their groups and profile', async () => {
    const server = await backendWith({
      'demo-approver': {
        userEntityRef: 'user:default/ivy-chen',
        dangerouslyAllowOutsideDevelopment: true,
      },
    });

    const res = await refresh(server);

    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity).toEqual({
      type: 'user',
      userEntityRef: 'user:default/ivy-chen',
      ownershipEntityRefs: expect.arrayContaining([
        'user:default/ivy-chen',
        'group:default/team-platform',
      ]),
    });
    expect(res.body.backstageIdentity.token).toEqual(expect.any(String));
    expect(res.body.profile).toEqual({
      displayName: 'Ivy Chen',
      email: 'ivy.chen@example.com',
    });
  });

  it('refuses outside development unless dangerouslyAllowOutsideDevelopment is set', async () => {
    const server = await backendWith({
      'demo-approver': { userEntityRef: 'user:default/ivy-chen' },
    });

    const res = await refresh(server);

    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'auth.providers.demo-approver.dangerouslyAllowOutsideDevelopment',
    );
    expect(res.body.backstageIdentity).toBeUndefined();
  });

  it('is not there at all without auth.providers.demo-approver', async () => {
    const server = await backendWith({ guest: {} });

    const res = await refresh(server);

    expect(res.status).toBe(404);
    expect(res.body.backstageIdentity).toBeUndefined();
  });

  it('signs nobody in as a user the catalog does not have', async () => {
    const server = await backendWith({
      'demo-approver': {
        userEntityRef: 'user:default/nobody',
        dangerouslyAllowOutsideDevelopment: true,
      },
    });

    const res = await refresh(server);

    expect(res.status).toBe(404);
    expect(res.body.backstageIdentity).toBeUndefined();
  });
});
