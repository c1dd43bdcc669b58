import type {
  BurndownPoint,
  CampaignEntity,
} from '@posture/backstage-plugin-security-common';
import { parseEntityRef } from '@backstage/catalog-model';
import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import type { EntityPredicate } from '../entityPredicate';
import { toIsoTimestamp } from '../rows';
import { recordedTitles } from '../scorecards/entities';
import type { CampaignRecord } from './campaignRows';
import {
  readableCampaignEntities,
  utcDaySql,
} from './readableCampaignEntities';

interface TotalsRow {
  campaign_id: string;
  total: number | string;
  remaining: number | string | null;
}
interface OwnerRow {
  campaign_id: string;
  owner_ref: string | null;
  remaining: number | string;
}
interface DayRow {
  campaign_id: string;
  day: string;
  n: number | string;
}
interface EntityRow {
  entity_ref: string;
  title: string | null;
  owner_ref: string | null;
  system_ref: string | null;
  lifecycle: string | null;
  first_seen_at: Date | string;
  resolved_at: Date | string | null;
}

/** The title of the owner group of entities without an owner. */
export const NO_OWNER_TITLE = 'No owner';

/** A campaign's numbers over the entities one caller may read. */
export interface CampaignNumbers {
  total: number;
  remaining: number;
  /** Owners with entities still affected, most first. */
  byOwner: Array<{ ref: string | null; title: string; remaining: number }>;
  /** One point per UTC day from the campaign's start to today (or its last recomputation). */
  burndown: BurndownPoint[];
}

function nameOf(ref: string): string {
  try {
    return parseEntityRef(ref).name;
  } catch {
    return ref;
  }
}

function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/**
 * The last day a campaign's burn-down shows: today while it runs; once closed, the day it was
 * last recomputed (nothing changes after that).
 */
function lastDay(campaign: CampaignRecord, now: Date): string {
  if (campaign.status === 'closed') {
    return dayOf(campaign.recomputedAt ?? campaign.createdAt);
  }
  return DateTime.fromJSDate(now, { zone: 'utc' }).toISODate()!;
}

/**
 * Each campaign's numbers over what the predicate lets the caller read, in four queries
 * whatever the number of campaigns. The burn-down is derived from campaign_entities (first
 * seen, resolved) for the same readable entities, so it agrees with the counts for every
 * caller: remaining on day D = entities first seen by the end of D and not resolved by then.
 */
export async function campaignNumbers(
  db: Knex,
  options: {
    campaigns: CampaignRecord[];
    predicate: EntityPredicate;
    now: Date;
  },
): Promise<Map<string, CampaignNumbers>> {
  const { campaigns, predicate, now } = options;
  const ids = campaigns.map(c => c.id);
  const result = new Map<string, CampaignNumbers>();
  if (ids.length === 0) {
    return result;
  }
  const readable = () =>
    readableCampaignEntities(db, predicate).whereIn('ce.campaign_id', ids);
  const firstDay = utcDaySql(db, 'ce.first_seen_at');
  const resolvedDay = utcDaySql(db, 'ce.resolved_at');
  const [totals, owners, addedByDay, resolvedByDay]: [
    TotalsRow[],
    OwnerRow[],
    DayRow[],
    DayRow[],
  ] = await Promise.all([
    readable()
      .groupBy('ce.campaign_id')
      .select(
        'ce.campaign_id',
        db.raw('count(*) as total'),
        db.raw(
          'sum(case when ce.resolved_at is null then 1 else 0 end) as remaining',
        ),
      ),
    readable()
      .whereNull('ce.resolved_at')
      .groupBy('ce.campaign_id', 'e.owner_ref')
      .select('ce.campaign_id', 'e.owner_ref', db.raw('count(*) as remaining')),
    readable()
      .groupBy('ce.campaign_id', firstDay)
      .select(
        'ce.campaign_id',
        db.raw('? as day', [firstDay]),
        db.raw('count(*) as n'),
      ),
    readable()
      .whereNotNull('ce.resolved_at')
      .groupBy('ce.campaign_id', resolvedDay)
      .select(
        'ce.campaign_id',
        db.raw('? as day', [resolvedDay]),
        db.raw('count(*) as n'),
      ),
  ]);

  const ownerRefs = [
    ...new Set(
      owners
        .map(o => o.owner_ref as string | null)
        .filter((r): r is string => !!r),
    ),
  ];
  const titles = await recordedTitles(db, ownerRefs);
  const perDay = (rows: DayRow[]) => {
    const map = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const id = String(row.campaign_id);
      const days = map.get(id) ?? new Map<string, number>();
      days.set(String(row.day), Number(row.n));
      map.set(id, days);
    }
    return map;
  };
  const added = perDay(addedByDay);
  const resolved = perDay(resolvedByDay);

  for (const campaign of campaigns) {
    const total = totals.find(t => t.campaign_id === campaign.id);
    result.set(campaign.id, {
      total: Number(total?.total ?? 0),
      remaining: Number(total?.remaining ?? 0),
      byOwner: owners
        .filter(o => o.campaign_id === campaign.id)
        .map(o => {
          const ref = o.owner_ref ?? null;
          return {
            ref,
            title: ref ? titles.get(ref) ?? nameOf(ref) : NO_OWNER_TITLE,
            remaining: Number(o.remaining),
          };
        })
        .sort(
          (a, b) =>
            b.remaining - a.remaining ||
            // Entities without an owner after every owner with as many.
            Number(a.ref === null) - Number(b.ref === null) ||
            a.title.localeCompare(b.title) ||
            String(a.ref).localeCompare(String(b.ref)),
        ),
      burndown: burndownOf(
        dayOf(campaign.createdAt),
        lastDay(campaign, now),
        added.get(campaign.id) ?? new Map(),
        resolved.get(campaign.id) ?? new Map(),
      ),
    });
  }
  return result;
}

/** Running sums of the entities added and resolved per day, one point per day. */
function burndownOf(
  from: string,
  to: string,
  added: Map<string, number>,
  resolved: Map<string, number>,
): BurndownPoint[] {
  // Anything dated before the first day (a clock step back) counts from the first day.
  let total = 0;
  let gone = 0;
  for (const [day, n] of added) if (day < from) total += n;
  for (const [day, n] of resolved) if (day < from) gone += n;
  const points: BurndownPoint[] = [];
  let day = DateTime.fromISO(from, { zone: 'utc' });
  const end = DateTime.fromISO(to, { zone: 'utc' });
  while (day <= end) {
    const date = day.toISODate()!;
    total += added.get(date) ?? 0;
    gone += resolved.get(date) ?? 0;
    points.push({ date, remaining: total - gone, total });
    day = day.plus({ days: 1 });
  }
  return points;
}

/** Every entity the campaign matched that the caller may read: still affected first. */
export async function campaignEntities(
  db: Knex,
  options: { campaignId: string; predicate: EntityPredicate },
): Promise<CampaignEntity[]> {
  const rows: EntityRow[] = await readableCampaignEntities(
    db,
    options.predicate,
  )
    .where('ce.campaign_id', options.campaignId)
    .select(
      'ce.entity_ref',
      'e.title',
      'e.owner_ref',
      'e.system_ref',
      'e.lifecycle',
      'ce.first_seen_at',
      'ce.resolved_at',
    )
    .orderByRaw(
      'case when ce.resolved_at is null then 0 else 1 end asc, ce.entity_ref asc',
    );
  return rows.map(row => ({
    entityRef: row.entity_ref,
    title: row.title ?? nameOf(row.entity_ref),
    owner: row.owner_ref ?? null,
    system: row.system_ref ?? null,
    lifecycle: row.lifecycle ?? null,
    firstSeenAt: toIsoTimestamp(row.first_seen_at),
    resolvedAt: row.resolved_at ? toIsoTimestamp(row.resolved_at) : null,
  }));
}
