import type { Knex } from 'knex';
import type { NewCampaign } from '../../DatabaseCampaignStore';

/** Test data for the campaign store and service tests: entities' facts and a campaign. */

export const PAYMENTS = 'group:default/team-payments';
export const IDENTITY = 'group:default/team-identity';

/** Records catalog facts of entities as the regrade would (posture_entities). */
export async function recordEntities(
  knex: Knex,
  entities: Array<{
    ref: string;
    owner: string | null;
    title?: string;
    system?: string | null;
    lifecycle?: string | null;
  }>,
): Promise<void> {
  await knex.batchInsert(
    'posture_entities',
    entities.map(e => {
      const [kind, rest] = e.ref.split(':');
      const [namespace, name] = rest.split('/');
      return {
        entity_ref: e.ref,
        kind,
        namespace,
        name,
        title: e.title ?? name,
        owner_ref: e.owner,
        system_ref: e.system ?? null,
        domain_ref: null,
        lifecycle: e.lifecycle ?? 'production',
        policy: null,
        seen_at: new Date().toISOString(),
      };
    }),
    100,
  );
}

export function newCampaign(overrides: Partial<NewCampaign> = {}): NewCampaign {
  return {
    id: '6f1c1f1e-8d0a-4a53-9a3e-000000000001',
    title: 'log4j-core below 2.17 gone',
    note: 'By the end of January',
    query: { package: 'log4j-core', ecosystem: 'maven', version: '<2.17.0' },
    deadline: '2027-01-31',
    createdBy: 'user:default/platform-lead',
    ...overrides,
  };
}
