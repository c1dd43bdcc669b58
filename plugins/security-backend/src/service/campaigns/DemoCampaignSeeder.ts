import type { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import type { CampaignService } from './CampaignService';

/** One example campaign of `security.demo.campaigns`. */
export interface DemoCampaign {
  title: string;
  note: string;
  /** Days from the first start-up until the deadline. */
  deadlineInDays: number;
  query: ImpactQuery;
}

/** The deadline `days` after `now`, as a campaign takes it (YYYY-MM-DD, UTC). */
export function demoDeadline(now: Date, days: number): string {
  return DateTime.fromJSDate(now, { zone: 'utc' }).plus({ days }).toISODate()!;
}

/**
 * Starts the demo's example campaigns through the campaign service, as the plugin itself (a
 * service principal, which the permission framework allows), so they are checked, stored,
 * computed and announced to their owners exactly like one a platform user starts. A campaign
 * whose title any campaign already has is skipped, so restarts add nothing. Its services come
 * in as the seeded reports arrive (each report change recomputes the active campaigns).
 */
export class DemoCampaignSeeder {
  constructor(
    private readonly deps: {
      campaigns: Pick<CampaignService, 'list' | 'create'>;
      auth: Pick<AuthService, 'getOwnServiceCredentials'>;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async run(items: readonly DemoCampaign[]): Promise<number> {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const now = this.deps.now?.() ?? new Date();
    const existing = await this.deps.campaigns.list(
      { status: 'all' },
      credentials,
    );
    const titles = new Set(existing.items.map(campaign => campaign.title));
    let seeded = 0;
    for (const item of items) {
      if (titles.has(item.title)) {
        continue;
      }
      await this.deps.campaigns.create(
        {
          title: item.title,
          note: item.note,
          deadline: demoDeadline(now, item.deadlineInDays),
          query: item.query,
        },
        credentials,
      );
      titles.add(item.title);
      seeded += 1;
    }
    if (seeded > 0) {
      this.deps.logger.info(
        `Started ${seeded} demo campaign(s) from security.demo.campaigns`,
      );
    }
    return seeded;
  }
}
