import { VaultPathError } from '../client/vaultRoutes';
import {
  buildProvisionerRequest,
  type ProvisionerRoute,
} from './provisionerRoutes';

describe('buildProvisionerRequest', () => {
  it('builds each write route, and reads only metadata and roles', () => {
    const routes: ProvisionerRoute[] = [
      { name: 'kv-metadata-read', mount: 'secret', path: 'default/app/key' },
      { name: 'kv-metadata-write', mount: 'secret', path: 'default/app/key' },
      { name: 'kv-data-create', mount: 'secret', path: 'default/app/key' },
      { name: 'static-role-read', mount: 'database', role: 'app-db' },
      { name: 'static-role-create', mount: 'database', role: 'app-db' },
      { name: 'acl-policy-write', policy: 'posture-secret-kv-app' },
    ];
    expect(
      routes.map(r => {
        const request = buildProvisionerRequest(r);
        return `${request.method} ${request.path}`;
      }),
    ).toEqual([
      'GET secret/metadata/default/app/key',
      'POST secret/metadata/default/app/key',
      'POST secret/data/default/app/key',
      'GET database/static-roles/app-db',
      'POST database/static-roles/app-db',
      'PUT sys/policies/acl/posture-secret-kv-app',
    ]);
    expect(buildProvisionerRequest(routes[2])).toMatchObject({
      authenticated: true,
      namespaced: true,
      identity: 'Posture provisioner',
      action: 'creating the secret at secret/data/default/app/key',
    });
  });

  it.each<[ProvisionerRoute, RegExp]>([
    [
      { name: 'kv-data-create', mount: 'secret', path: 'default/../../sys/x' },
      /"\." and "\.\." segments are not allowed/,
    ],
    [
      { name: 'kv-data-create', mount: 'sys', path: 'policies/acl/x' },
      /sys\/ is not a secrets engine/,
    ],
    [
      { name: 'kv-metadata-write', mount: 'secret/data', path: 'x' },
      /would reach secret values/,
    ],
    [
      { name: 'static-role-create', mount: 'database', role: 'a/b' },
      /has no "\/"/,
    ],
    [{ name: 'acl-policy-write', policy: 'root/../x' }, /not allowed/],
  ])('refuses %j', (route, message) => {
    expect(() => buildProvisionerRequest(route)).toThrow(VaultPathError);
    expect(() => buildProvisionerRequest(route)).toThrow(message);
  });
});
