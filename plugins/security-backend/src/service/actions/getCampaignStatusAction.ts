import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import type {
  Campaign,
  CampaignDetail,
} from '@posture/backstage-plugin-security-common';
import type { CampaignService } from '../campaigns/CampaignService';
import { READ_ONLY_ATTRIBUTES, type ActionZod } from './actionZod';

/** Still-affected entities listed for one campaign; `remaining` counts them all. */
export const MAX_STILL_AFFECTED = 50;
/** Burn-down days answered (the most recent). */
export const MAX_BURNDOWN_POINTS = 30;

const campaignOutput = (z: ActionZod) =>
  z.object({
    id: z.string(),
    title: z.string(),
    note: z.string(),
    status: z.enum(['active', 'closed']),
    query: z
      .record(z.string())
      .describe('The impact query the campaign tracks (see query-impact).'),
    deadline: z.string().describe('YYYY-MM-DD.'),
    pastDeadline: z
      .boolean()
      .describe('The deadline has passed and services are still affected.'),
    createdBy: z.string(),
    total: z
      .number()
      .int()
      .describe('Services the campaign matched since it started.'),
    remaining: z.number().int().describe('Services still affected.'),
    byOwner: z
      .array(
        z.object({
          ref: z.string().nullable(),
          title: z.string(),
          remaining: z.number().int(),
        }),
      )
      .describe('Services still affected per owning team.'),
    burndown: z
      .array(
        z.object({
          date: z.string(),
          remaining: z.number().int(),
          total: z.number().int(),
        }),
      )
      .describe(
        `Remaining per day, oldest first (the last ${MAX_BURNDOWN_POINTS} days).`,
      ),
    stillAffected: z
      .array(
        z.object({
          entityRef: z.string(),
          title: z.string(),
          owner: z.string().nullable(),
        }),
      )
      .optional()
      .describe(
        `With an id only: the services still affected (at most ${MAX_STILL_AFFECTED}).`,
      ),
  });

const statusOutput = (z: ActionZod) =>
  z.object({
    campaigns: z.array(campaignOutput(z)),
    totalCount: z.number().int(),
  });

function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function toCampaignOutput(campaign: Campaign | CampaignDetail, now: Date) {
  return {
    id: campaign.id,
    title: campaign.title,
    note: campaign.note,
    status: campaign.status,
    query: Object.fromEntries(
      Object.entries(campaign.query).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string',
      ),
    ),
    deadline: campaign.deadline,
    pastDeadline: campaign.remaining > 0 && campaign.deadline < today(now),
    createdBy: campaign.createdBy,
    total: campaign.total,
    remaining: campaign.remaining,
    byOwner: campaign.byOwner,
    burndown: campaign.burndown.slice(-MAX_BURNDOWN_POINTS),
    ...('entities' in campaign
      ? {
          stillAffected: campaign.entities
            .filter(e => e.resolvedAt === null)
            .slice(0, MAX_STILL_AFFECTED)
            .map(e => ({
              entityRef: e.entityRef,
              title: e.title,
              owner: e.owner,
            })),
        }
      : {}),
  };
}

/** `security:get-campaign-status`: is it gone yet? */
export function registerGetCampaignStatusAction(
  registry: ActionsRegistryService,
  deps: { campaignService: CampaignService; now?: () => Date },
): void {
  const now = deps.now ?? (() => new Date());
  registry.register({
    name: 'get-campaign-status',
    title: 'Get the status of remediation campaigns',
    description: [
      'Answers how remediation campaigns are going. A campaign is a saved impact query with a',
      'deadline ("log4j-core below 2.17 gone by 31 January"); services drop out by themselves',
      'when they ship a fixed report. Without an id: every active campaign with its deadline,',
      'how many services it matched (total) and how many are still affected (remaining), per',
      'owning team, and its burn-down. With an id: that campaign (active or closed), plus the',
      'services still affected. Use it for "is log4j gone yet?", "which teams are behind on',
      'the openssl campaign?" or "how many services still need fixing before the deadline?".',
      'Counts cover only services the caller may read. Answers NotFoundError for an unknown id.',
    ].join(' '),
    attributes: READ_ONLY_ATTRIBUTES,
    schema: {
      input: z =>
        z.object({
          id: z
            .string()
            .min(1)
            .max(100)
            .optional()
            .describe(
              'A campaign id (from a previous answer). Leave it out to list the active campaigns.',
            ),
        }),
      output: z => statusOutput(z),
    },
    examples: [
      { title: 'How are the active campaigns going?', input: {} },
      {
        title: 'Which services still block one campaign?',
        input: { id: '6f1c2a5e-0b7d-4a51-9a0e-3c8f1e2d4b6a' },
      },
    ],
    action: async ({ input, credentials }) => {
      if (input.id) {
        const campaign = await deps.campaignService.get(input.id, credentials);
        return {
          output: {
            campaigns: [toCampaignOutput(campaign, now())],
            totalCount: 1,
          },
        };
      }
      const { items, totalCount } = await deps.campaignService.list(
        { status: 'active' },
        credentials,
      );
      return {
        output: {
          campaigns: items.map(c => toCampaignOutput(c, now())),
          totalCount,
        },
      };
    },
  });
}
