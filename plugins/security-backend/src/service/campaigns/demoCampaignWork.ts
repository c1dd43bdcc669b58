import type { WorkQueue } from '../background/WorkQueue';
import type { DemoCampaign, DemoCampaignSeeder } from './DemoCampaignSeeder';

/**
 * DEMO ONLY: starting `security.demo.campaigns` as one queued item (`demo-campaigns:all`),
 * so replicas starting together run the seeder one at a time: the one holding the item
 * starts the campaigns, and a later run finds their titles and starts nothing. Two seeders at
 * once would both find no campaign of a title and both start one.
 */
export function defineDemoCampaignSeeding(
  queue: WorkQueue,
  seeder: Pick<DemoCampaignSeeder, 'run'>,
  items: readonly DemoCampaign[],
): () => Promise<void> {
  const seed = queue.define<{ seed: 'all' }>({
    kind: 'demo-campaigns',
    key: () => 'all',
    run: async () => {
      await seeder.run(items);
    },
  });
  return () => seed({ seed: 'all' });
}
