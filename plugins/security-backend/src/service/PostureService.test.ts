import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import type { PostureStore } from '../database/PostureStore';
import type { EntityAccess } from './EntityAccess';
import { PostureService } from './PostureService';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ledger',
    namespace: 'default',
    annotations: {
      'posture.dev/image': 'ghcr.io/acme/ledger',
      'posture.dev/vault-static-roles': 'ledger-db',
    },
  },
};
const entityRef = 'component:default/ledger';
const name = { kind: 'component', namespace: 'default', name: 'ledger' };

function service(stored: EntityPosture | undefined) {
  const access = {
    authorizeRead: async () => ({ entity, entityRef }),
  } as unknown as EntityAccess;
  const store = {
    summaries: { get: async () => stored },
  } as unknown as PostureStore;
  return new PostureService({
    access,
    auditor: mockServices.auditor.mock(),
    store,
  });
}

describe('PostureService', () => {
  it('adds what is missing to a summary stored before `missing` existed', async () => {
    // As written by an earlier version: no `missing`, no `overdueSecrets`.
    const stored: EntityPosture = {
      entityRef,
      grade: 'A',
      score: 100,
      reasons: [],
      vulnerabilities: null,
      sbom: null,
      signature: null,
      secrets: {
        total: 1,
        overdue: 0,
        dueSoon: 0,
        oldestAgeDays: 3,
        checkedAt: '2026-11-22T00:00:00.000Z',
        stale: false,
      },
      updatedAt: '2026-11-22T00:00:00.000Z',
      policy: 'standard',
      checks: [],
    };
    const posture = await service(stored).getPosture(
      name,
      mockCredentials.user(),
    );
    expect(posture).toEqual({
      ...stored,
      missing: ['scan', 'sbom', 'signature'],
    });
  });

  it('lists every source that applies for an entity nothing was stored for', async () => {
    const posture = await service(undefined).getPosture(
      name,
      mockCredentials.user(),
    );
    expect(posture.grade).toBeNull();
    expect(posture.missing).toEqual(['scan', 'sbom', 'signature', 'secrets']);
  });
});
