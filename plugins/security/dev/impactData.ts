import { ResponseError } from '@backstage/errors';
import type {
  Campaign,
  CampaignDetail,
  ImpactItem,
  ImpactListResponse,
  ImpactQuery,
} from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import type { SecurityApi } from '../src/api/SecurityApi';
import type { ImpactPageRequest } from '../src/api/types';
import {
  campaign,
  campaignEntity,
  impactItem,
  impactMatch,
} from '../src/testing/impactFixtures';

/**
 * The dev harness's impact answers and campaigns, held in memory:
 * - `?vulnerability=CVE-2021-44228` (or `?package=log4j-core`): 32 services of four teams,
 *   some with the fix, some without, one cleared by VEX; paged;
 * - a package with a range and `ecosystem=deb`: the backend's 400 by the version field;
 * - anything else: no service.
 * Campaigns: one on track, one overdue, one closed; a new one is added, and one whose title
 * says "forbidden" is refused with 403 as for a user without `security.campaign.manage`.
 */

const TEAMS = [
  ['team-payments', 'Team Payments'],
  ['team-storefront', 'Team Storefront'],
  ['team-platform', 'Team Platform'],
  ['team-data', 'Team Data'],
] as const;

const affected: ImpactItem[] = Array.from({ length: 32 }, (_, i) => {
  const [team] = TEAMS[i % TEAMS.length];
  const fixed = i % 3 !== 0;
  return impactItem({
    entityRef: `component:default/service-${String(i + 1).padStart(2, '0')}`,
    owner: `group:default/${team}`,
    system: i % 5 === 0 ? null : `system-${(i % 4) + 1}`,
    lifecycle: i % 6 === 0 ? 'experimental' : 'production',
    matches: [
      impactMatch({
        artifact: `ghcr.io/acme/service-${i + 1}`,
        fixedVersion: fixed ? '2.17.1' : null,
        fixAvailable: fixed,
        notAffected: i === 7,
      }),
      ...(i % 2 === 0
        ? [
            impactMatch({
              source: 'sbom',
              id: null,
              severity: null,
              fixedVersion: null,
              fixAvailable: false,
              artifact: `ghcr.io/acme/service-${i + 1}`,
            }),
          ]
        : []),
    ],
  });
});

async function refused(status: number, name: string, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name, message },
        response: { statusCode: status },
      }),
      { status, headers: { 'content-type': 'application/json' } },
    ),
  );
}

function matching(query: ImpactQuery): ImpactItem[] {
  const name = query.package?.toLowerCase();
  if (
    query.vulnerability?.toUpperCase() === 'CVE-2021-44228' ||
    name === 'log4j-core' ||
    query.purl?.toLowerCase().includes('log4j-core')
  ) {
    return affected;
  }
  return [];
}

function sorted(items: ImpactItem[], request: ImpactPageRequest) {
  const key = (item: ImpactItem) => {
    if (request.sort === 'matches') {
      return String(1000 - item.matches.length).padStart(4, '0') + item.title;
    }
    return request.sort === 'entity'
      ? item.title
      : `${item.owner ?? '~'}|${item.title}`;
  };
  return [...items].sort((a, b) => key(a).localeCompare(key(b)));
}

function answer(
  query: ImpactQuery,
  request: ImpactPageRequest = {},
): ImpactListResponse {
  const items = sorted(matching(query), request);
  const offset = request.cursor ? Number(request.cursor) : 0;
  const limit = request.limit ?? 50;
  const owners = TEAMS.map(([ref, title]) => ({
    ref: `group:default/${ref}`,
    title,
    entities: items.filter(item => item.owner === `group:default/${ref}`)
      .length,
  })).filter(owner => owner.entities > 0);
  return {
    items: items.slice(offset, offset + limit),
    totalCount: items.length,
    ...(offset + limit < items.length
      ? { nextCursor: String(offset + limit) }
      : {}),
    query,
    owners,
  };
}

const day = (days: number) => DateTime.now().plus({ days }).toISODate()!;

/** Fourteen days of a campaign burning down from 12 to 4. */
const burndown = Array.from({ length: 14 }, (_, i) => ({
  date: day(i - 13),
  remaining: Math.max(4, 12 - Math.floor(i * 0.7)),
  total: 12,
}));

function detailOf(item: Campaign): CampaignDetail {
  const entities = affected.slice(0, item.total).map((service, i) =>
    campaignEntity({
      entityRef: service.entityRef,
      owner: service.owner,
      system: service.system,
      lifecycle: service.lifecycle,
      firstSeenAt: `${item.createdAt.slice(0, 10)}T09:00:00Z`,
      resolvedAt:
        i < item.total - item.remaining ? `${day(-2)}T10:00:00Z` : null,
    }),
  );
  const byOwner = TEAMS.map(([ref, title]) => ({
    ref: `group:default/${ref}`,
    title,
    remaining: entities.filter(
      entity => !entity.resolvedAt && entity.owner === `group:default/${ref}`,
    ).length,
  })).filter(owner => owner.remaining > 0);
  return { ...item, byOwner, entities };
}

export function devImpact(): Pick<
  SecurityApi,
  | 'getImpact'
  | 'downloadImpactCsv'
  | 'listCampaigns'
  | 'getCampaign'
  | 'createCampaign'
  | 'closeCampaign'
> {
  const campaigns: Campaign[] = [
    campaign({
      id: 'log4j',
      title: 'log4j-core below 2.17 gone',
      deadline: day(12),
      createdAt: `${day(-13)}T09:00:00Z`,
      total: 12,
      remaining: 4,
      burndown,
    }),
    campaign({
      id: 'xz',
      title: 'xz-utils 5.6.0 and 5.6.1 gone',
      query: { package: 'xz-utils', ecosystem: 'deb' },
      deadline: day(-3),
      createdAt: `${day(-20)}T09:00:00Z`,
      total: 3,
      remaining: 1,
      burndown: burndown.map(point => ({ ...point, total: 3, remaining: 1 })),
    }),
    campaign({
      id: 'openssl',
      title: 'OpenSSL 1.1 gone',
      query: { package: 'openssl', version: '<3' },
      status: 'closed',
      deadline: day(-40),
      createdAt: `${day(-90)}T09:00:00Z`,
      total: 5,
      remaining: 0,
    }),
  ];
  const later = <T>(value: T) =>
    new Promise<T>(resolve => setTimeout(() => resolve(value), 250));

  return {
    async getImpact(query, request) {
      if (query.ecosystem === 'deb' && /[<>^~]/.test(query.version ?? '')) {
        throw await refused(
          400,
          'InputError',
          'version ranges cannot be judged for deb versions; give an exact version',
        );
      }
      return later(answer(query, request));
    },
    downloadImpactCsv: async query =>
      new Blob(
        [
          [
            'entityRef,owner,packageName,installedVersion,fixedVersion',
            ...matching(query).map(
              item =>
                `${item.entityRef},${item.owner},log4j-core,2.14.1,2.17.1`,
            ),
          ].join('\n'),
        ],
        { type: 'text/csv' },
      ),
    listCampaigns: async () =>
      later({ items: [...campaigns], totalCount: campaigns.length }),
    async getCampaign(id) {
      const found = campaigns.find(item => item.id === id);
      if (!found) {
        throw await refused(404, 'NotFoundError', `No campaign ${id}`);
      }
      return later(detailOf(found));
    },
    async createCampaign(input) {
      if (/forbidden/i.test(input.title)) {
        throw await refused(
          403,
          'NotAllowedError',
          'Not allowed to manage campaigns',
        );
      }
      const total = matching(input.query).length;
      const created = campaign({
        id: `new-${campaigns.length + 1}`,
        title: input.title,
        note: input.note ?? '',
        query: input.query,
        deadline: input.deadline,
        createdAt: DateTime.now().toISO()!,
        total,
        remaining: total,
        burndown: [{ date: day(0), remaining: total, total }],
      });
      campaigns.unshift(created);
      return created;
    },
    async closeCampaign(id) {
      const index = campaigns.findIndex(item => item.id === id);
      if (index < 0) {
        throw await refused(404, 'NotFoundError', `No campaign ${id}`);
      }
      campaigns[index] = { ...campaigns[index], status: 'closed' };
      return campaigns[index];
    },
  };
}
