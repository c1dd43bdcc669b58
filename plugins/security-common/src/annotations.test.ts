import type { Entity } from '@backstage/catalog-model';
import {
  getEntityImages,
  getEntitySecretPaths,
  getEntityStaticRoles,
  isPostureAvailable,
} from './annotations';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
  };
}

describe('annotations', () => {
  it('splits comma-separated image repositories, trimming blanks', () => {
    expect(
      getEntityImages(
        entity({ 'posture.dev/image': ' ghcr.io/acme/a , ghcr.io/acme/b,, ' }),
      ),
    ).toEqual(['ghcr.io/acme/a', 'ghcr.io/acme/b']);
  });

  it('reads the community Vault plugin key for secret paths, keeping folder slashes', () => {
    expect(
      getEntitySecretPaths(
        entity({ 'vault.io/secrets-path': 'payments/api/, payments/db' }),
      ),
    ).toEqual(['payments/api/', 'payments/db']);
  });

  it('reads database static roles', () => {
    expect(
      getEntityStaticRoles(
        entity({ 'posture.dev/vault-static-roles': 'ledger-db' }),
      ),
    ).toEqual(['ledger-db']);
  });

  it('answers empty lists when an entity has no annotations at all', () => {
    const bare: Entity = {
      apiVersion: 'v1',
      kind: 'Component',
      metadata: { name: 'x' },
    };
    expect(getEntityImages(bare)).toEqual([]);
    expect(getEntitySecretPaths(bare)).toEqual([]);
    expect(isPostureAvailable(bare)).toBe(false);
  });

  it('treats an entity as covered when any Posture annotation has a value', () => {
    expect(
      isPostureAvailable(entity({ 'posture.dev/image': 'ghcr.io/acme/a' })),
    ).toBe(true);
    expect(isPostureAvailable(entity({ 'vault.io/secrets-path': 'a/b' }))).toBe(
      true,
    );
    expect(
      isPostureAvailable(entity({ 'posture.dev/vault-static-roles': 'r' })),
    ).toBe(true);
    expect(isPostureAvailable(entity({ 'posture.dev/image': '  ' }))).toBe(
      false,
    );
    expect(
      isPostureAvailable(entity({ 'github.com/project-slug': 'acme/x' })),
    ).toBe(false);
  });
});
