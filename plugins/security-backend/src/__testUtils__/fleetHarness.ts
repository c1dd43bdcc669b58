import {
  mockServices,
  type TestDatabases,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DEFAULT_POLICY_SET,
  type PolicySet,
} from '@posture/backstage-plugin-security-common';
import { createTestStore } from './storeHarness';
import type { TestDatabaseId } from './testDatabases';
import { DatabaseFleetStore } from '../database/DatabaseFleetStore';
import { FleetRegrade } from '../service/fleet/FleetRegrade';

const group = (
  name: string,
  parent?: string,
  namespace = 'default',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace },
  spec: { type: 'team', children: [], ...(parent ? { parent } : {}) },
});

const component = (
  name: string,
  spec: Record<string, unknown>,
  metadata: Partial<Entity['metadata']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default', ...metadata },
  spec: { type: 'service', lifecycle: 'production', ...spec },
});

/**
 * A small catalog: platform > payments > payments-api (a grandchild), two groups in a
 * cycle, a system in a domain, components owned by teams, a user, a group of the cycle and a
 * group of another namespace the catalog does not list, and an API (not a graded kind).
 */
export const CATALOG: Entity[] = [
  group('platform'),
  group('payments', 'platform'),
  group('payments-api', 'payments'),
  group('loop-a', 'loop-b'),
  group('loop-b', 'loop-a'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'checkout', namespace: 'default' },
    spec: { owner: 'payments', domain: 'commerce' },
  },
  component(
    'api',
    { owner: 'payments-api', system: 'checkout' },
    {
      title: 'Payments API',
      tags: ['pci', 'java'],
      annotations: {
        'posture.dev/policy': 'internet-facing',
        'posture.dev/image': 'ghcr.io/acme/api',
        'vault.io/secrets-path': 'payments/api/',
      },
    },
  ),
  component('billing', { owner: 'payments', system: 'checkout' }),
  component('web', { owner: 'user:alice', lifecycle: 'experimental' }),
  component('looped', { owner: 'loop-a' }),
  component('ledger', { owner: 'payments' }, { namespace: 'finance' }),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'API',
    metadata: { name: 'public-api', namespace: 'default' },
    spec: { type: 'openapi', owner: 'payments', lifecycle: 'production' },
  },
];

/** A migrated store, its fleet tables, and a regrade over `entities` (default: {@link CATALOG}). */
export async function createFleetHarness(
  databases: TestDatabases,
  id: TestDatabaseId,
) {
  const harness = await createTestStore(databases, id);
  const fleet = new DatabaseFleetStore(harness.knex);
  const regradeOf = (
    options: {
      entities?: Entity[];
      policies?: PolicySet;
      backfillHistoryDays?: number;
      batchSize?: number;
    } = {},
  ) =>
    new FleetRegrade({
      store: fleet,
      catalog: catalogServiceMock({ entities: options.entities ?? CATALOG }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      policies: options.policies ?? DEFAULT_POLICY_SET,
      entityKinds: ['component'],
      batchSize: options.batchSize,
      backfillHistoryDays: options.backfillHistoryDays,
    });
  return { ...harness, fleet, regradeOf };
}
