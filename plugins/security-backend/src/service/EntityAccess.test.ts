import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { EntityAccess } from './EntityAccess';

const api: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'api', namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
};
const name = { kind: 'component', namespace: 'default', name: 'api' };
const alice = mockCredentials.user('user:default/alice');
const bob = mockCredentials.user('user:default/bob');

/**
 * A catalog and a permission policy that count their calls; `visibleTo` and `allowed` say
 * which callers see the entity and may read its posture, and can change mid-test.
 */
function setup(options: { grantTtlMs?: number } = {}) {
  const callers = [
    'user:default/alice',
    'user:default/bob',
    'service:catalog',
    'service:external:ci',
  ];
  const visibleTo = new Set(callers);
  const allowed = new Set(callers);
  const userOf = (credentials: BackstageCredentials) => {
    const principal = credentials.principal as {
      userEntityRef?: string;
      subject?: string;
    };
    return principal.userEntityRef ?? `service:${principal.subject}`;
  };
  const catalog = {
    getEntityByRef: jest.fn(
      async (_ref: string, { credentials }: { credentials: any }) =>
        visibleTo.has(userOf(credentials)) ? api : undefined,
    ),
  };
  const permissions = mockServices.permissions.mock();
  permissions.authorize.mockImplementation(async (requests, { credentials }) =>
    requests.map(() => ({
      result: allowed.has(userOf(credentials))
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    })),
  );
  let now = 1_000_000;
  const access = new EntityAccess({
    catalog: catalog as unknown as CatalogService,
    permissions,
    grantTtlMs: options.grantTtlMs ?? 5_000,
    now: () => now,
  });
  const advance = (ms: number) => {
    now += ms;
  };
  return { access, catalog, permissions, visibleTo, allowed, advance };
}

describe('EntityAccess', () => {
  it('asks the catalog and the policy once for a burst of reads by one caller', async () => {
    const { access, catalog, permissions } = setup();

    const grants = await Promise.all(
      Array.from({ length: 50 }, () => access.authorizeRead(name, alice)),
    );
    await access.authorizeRead(name, alice);

    expect(grants.every(g => g.entityRef === 'component:default/api')).toBe(
      true,
    );
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(1);
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
  });

  it('decides again for another caller, who gets a 403 or a 404 of their own', async () => {
    const { access, catalog, visibleTo } = setup();
    const carol = mockCredentials.user('user:default/carol');
    const dave = mockCredentials.user('user:default/dave');
    visibleTo.add('user:default/carol');

    await access.authorizeRead(name, alice);

    await expect(access.authorizeRead(name, carol)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
    await expect(access.authorizeRead(name, dave)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(3);
  });

  it("keeps each caller's grant apart: users, services, and a token's access restrictions", async () => {
    const { access, catalog } = setup();

    await access.authorizeRead(name, alice);
    await access.authorizeRead(name, bob);
    await access.authorizeRead(name, mockCredentials.service('catalog'));
    await access.authorizeRead(
      name,
      mockCredentials.service('external:ci', {
        permissionNames: ['catalog.entity.read'],
      }),
    );
    await access.authorizeRead(name, mockCredentials.service('external:ci'));

    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(5);
  });

  it('answers 403 once the permission is revoked and the grant has expired', async () => {
    const { access, allowed, advance } = setup({ grantTtlMs: 5_000 });
    await access.authorizeRead(name, alice);

    allowed.delete('user:default/alice');
    advance(5_000);

    await expect(access.authorizeRead(name, alice)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });
  });

  it('answers 404 once the entity is hidden from the caller and the grant has expired', async () => {
    const { access, visibleTo, advance } = setup({ grantTtlMs: 5_000 });
    await access.authorizeRead(name, alice);

    visibleTo.delete('user:default/alice');
    advance(5_000);

    await expect(access.authorizeRead(name, alice)).rejects.toMatchObject({
      name: 'NotFoundError',
    });
  });

  it('never remembers a refusal: a granted permission takes effect at once', async () => {
    const { access, allowed } = setup();
    allowed.delete('user:default/alice');
    await expect(access.authorizeRead(name, alice)).rejects.toMatchObject({
      name: 'NotAllowedError',
    });

    allowed.add('user:default/alice');

    await expect(access.authorizeRead(name, alice)).resolves.toMatchObject({
      entityRef: 'component:default/api',
    });
  });

  it('asks every time when the grant lifetime is 0', async () => {
    const { access, catalog, permissions } = setup({ grantTtlMs: 0 });

    await access.authorizeRead(name, alice);
    await access.authorizeRead(name, alice);

    expect(catalog.getEntityByRef).toHaveBeenCalledTimes(2);
    expect(permissions.authorize).toHaveBeenCalledTimes(2);
  });
});
