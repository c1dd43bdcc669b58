import type { Entity } from '@backstage/catalog-model';
import { emptyPosture } from './emptyPosture';
import { applicableSources, missingSources } from './postureSources';
import type { EntityPosture } from './types';

function entity(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', annotations },
  };
}

const image = { 'posture.dev/image': 'ghcr.io/acme/svc' };
const vault = { 'vault.io/secrets-path': 'storefront/svc/' };
const roles = { 'posture.dev/vault-static-roles': 'svc-db' };

const scan: EntityPosture['vulnerabilities'] = {
  critical: 0,
  high: 0,
  medium: 0,
  low: 0,
  unknown: 0,
  fixable: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0 },
  scannedAt: '2026-11-22T00:00:00Z',
  artifact: 'ghcr.io/acme/svc',
  digest: `sha256:${'cd'.repeat(32)}`,
  stale: false,
};
const secrets: EntityPosture['secrets'] = {
  total: 1,
  overdue: 0,
  dueSoon: 0,
  oldestAgeDays: 3,
  checkedAt: '2026-11-22T00:00:00Z',
  stale: false,
};

describe('applicableSources', () => {
  it.each([
    ['no annotation', {}, null, ['scan', 'sbom']],
    ['an image', image, null, ['scan', 'sbom', 'signature']],
    ['Vault paths', vault, null, ['scan', 'sbom', 'secrets']],
    ['static roles only', roles, null, ['scan', 'sbom', 'secrets']],
    [
      'no image annotation but a scan naming a digest',
      {},
      scan,
      ['scan', 'sbom', 'signature'],
    ],
    [
      'everything',
      { ...image, ...vault, ...roles },
      null,
      ['scan', 'sbom', 'signature', 'secrets'],
    ],
  ])('with %s: %j', (_, annotations, vulnerabilities, expected) => {
    expect(applicableSources(entity(annotations), { vulnerabilities })).toEqual(
      expected,
    );
  });

  it('ignores blank annotations', () => {
    expect(
      applicableSources(
        entity({
          'posture.dev/image': ' , ',
          'vault.io/secrets-path': ' ',
        }),
        { vulnerabilities: null },
      ),
    ).toEqual(['scan', 'sbom']);
  });
});

describe('missingSources', () => {
  it('lists what applies and is not known: the issue`s recommendations, with only Vault secrets', () => {
    const posture = { ...emptyPosture('component:default/svc'), secrets };
    expect(missingSources(entity({ ...image, ...vault }), posture)).toEqual([
      'scan',
      'sbom',
      'signature',
    ]);
  });

  it('never lists secrets for an entity without Vault annotations', () => {
    const posture = {
      ...emptyPosture('component:default/svc'),
      vulnerabilities: scan,
    };
    expect(missingSources(entity(image), posture)).toEqual([
      'sbom',
      'signature',
    ]);
  });

  it('counts the secrets a source reported without an annotation (provisioned by Posture), never as missing', () => {
    const posture = { ...emptyPosture('component:default/svc'), secrets };
    expect(applicableSources(entity({}), posture)).toEqual([
      'scan',
      'sbom',
      'secrets',
    ]);
    expect(missingSources(entity({}), posture)).toEqual(['scan', 'sbom']);
    // Before its first check such an entity has nothing to say about secrets yet.
    expect(
      missingSources(entity({}), emptyPosture('component:default/svc')),
    ).toEqual(['scan', 'sbom']);
  });

  it('lists everything that applies when nothing is known', () => {
    expect(
      missingSources(
        entity({ ...image, ...vault }),
        emptyPosture('component:default/svc'),
      ),
    ).toEqual(['scan', 'sbom', 'signature', 'secrets']);
  });
});
