import type {
  Campaign,
  CampaignDetail,
  CampaignEntity,
  ImpactItem,
  ImpactListResponse,
  ImpactMatch,
  ImpactOwnerCount,
} from '@posture/backstage-plugin-security-common';

/** Example impact answers and campaigns shared by the tests and the dev harness. */

/** log4j-core 2.14.1 in a Trivy finding of CVE-2021-44228, fixed in 2.15.0. */
export function impactMatch(overrides: Partial<ImpactMatch> = {}): ImpactMatch {
  return {
    source: 'finding',
    id: 'CVE-2021-44228',
    packageName: 'org.apache.logging.log4j:log4j-core',
    installedVersion: '2.14.1',
    fixedVersion: '2.15.0',
    fixAvailable: true,
    purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
    severity: 'critical',
    notAffected: false,
    artifact: 'ghcr.io/acme/payments',
    ...overrides,
  };
}

export function impactItem(
  overrides: Partial<ImpactItem> & Pick<ImpactItem, 'entityRef'>,
): ImpactItem {
  return {
    title: overrides.entityRef.replace(/^.*\//, ''),
    owner: 'group:default/team-payments',
    system: 'system:default/checkout',
    lifecycle: 'production',
    matches: [impactMatch()],
    ...overrides,
  };
}

/** One page of an impact answer: its owners are counted from the items unless given. */
export function impactList(
  overrides: Partial<ImpactListResponse> = {},
): ImpactListResponse {
  const items = overrides.items ?? [];
  const owners: ImpactOwnerCount[] = [];
  for (const item of items) {
    const known = owners.find(owner => owner.ref === item.owner);
    if (known) {
      known.entities += 1;
    } else {
      owners.push({
        ref: item.owner,
        title: item.owner ? item.owner.replace(/^.*\//, '') : 'No owner',
        entities: 1,
      });
    }
  }
  return {
    items,
    totalCount: items.length,
    query: { vulnerability: 'CVE-2021-44228' },
    owners,
    ...overrides,
  };
}

export function campaign(overrides: Partial<Campaign> = {}): Campaign {
  return {
    id: 'campaign-1',
    title: 'log4j-core below 2.17 gone',
    note: 'Upgrade to 2.17.1 or later.',
    query: {
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.1',
    },
    deadline: '2027-01-31',
    status: 'active',
    createdBy: 'user:default/ivy-chen',
    createdAt: '2026-12-01T09:00:00Z',
    recomputedAt: '2026-12-05T09:00:00Z',
    total: 4,
    remaining: 3,
    byOwner: [],
    burndown: [],
    ...overrides,
  };
}

export function campaignEntity(
  overrides: Partial<CampaignEntity> & Pick<CampaignEntity, 'entityRef'>,
): CampaignEntity {
  return {
    title: overrides.entityRef.replace(/^.*\//, ''),
    owner: 'group:default/team-payments',
    system: 'system:default/checkout',
    lifecycle: 'production',
    firstSeenAt: '2026-12-01T09:00:00Z',
    resolvedAt: null,
    ...overrides,
  };
}

export function campaignDetail(
  overrides: Partial<CampaignDetail> = {},
): CampaignDetail {
  return { ...campaign(), entities: [], ...overrides };
}
