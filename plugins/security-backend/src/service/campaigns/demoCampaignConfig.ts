import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { invalidConfig } from '@posture/backstage-plugin-security-node';
import { parseCampaignInput } from './campaignInput';
import { demoDeadline, type DemoCampaign } from './DemoCampaignSeeder';

const KEY = 'security.demo.campaigns';
/** Ten years: a deadline further out is a typo, not a campaign. */
const MAX_DAYS = 3650;

/** Whole days from 1 to MAX_DAYS; 30 when absent. */
function readDays(item: Config, key: string): number {
  let days: number | undefined;
  try {
    days = item.getOptionalNumber('deadlineInDays');
  } catch {
    return invalidConfig(key, 'must be a number of days');
  }
  days ??= 30;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) {
    invalidConfig(
      key,
      `${days} must be a whole number of days from 1 to ${MAX_DAYS}`,
    );
  }
  return days;
}

/**
 * `security.demo.campaigns`, read once at start-up. Each entry is checked as `POST
 * /v1/campaigns` checks a campaign (title, note, query), so a bad one stops the backend with a
 * message naming its key instead of failing when the seeder runs.
 */
export function readDemoCampaigns(
  config: Config,
  now: Date = new Date(),
): DemoCampaign[] {
  return (config.getOptionalConfigArray(KEY) ?? []).map((item, index) => {
    const key = `${KEY}[${index}]`;
    const deadlineInDays = readDays(item, `${key}.deadlineInDays`);
    try {
      const parsed = parseCampaignInput(
        {
          title: item.getOptional('title'),
          note: item.getOptional('note'),
          deadline: demoDeadline(now, deadlineInDays),
          query: item.getOptional('query'),
        },
        now,
      );
      return {
        title: parsed.title,
        note: parsed.note,
        deadlineInDays,
        query: parsed.query as ImpactQuery,
      };
    } catch (error) {
      if (error instanceof InputError) {
        return invalidConfig(key, error.message);
      }
      throw error;
    }
  });
}
