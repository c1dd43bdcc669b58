import type { Knex } from 'knex';
import { DateTime } from 'luxon';
import { isPostgres } from '../fleet/dialect';
import type { CampaignEntityRow } from './campaignRows';

/** Refs per IN list or multi-row insert: under both engines' bind-parameter limits. */
const CHUNK = 500;

/** What one recomputation changed, and where the campaign stands fleet-wide after it. */
export interface RecomputeResult {
  /** Entities matched for the first time. */
  added: string[];
  /** Entities that matched before, stopped, and match again. */
  reopened: string[];
  /** Entities that stopped matching. */
  resolved: string[];
  /** Entities matched since the campaign started (fleet-wide, no permission filter). */
  total: number;
  /** Of those, the ones that still match. */
  remaining: number;
}

export interface RecomputeOptions {
  campaignId: string;
  /**
   * The entities the campaign's query matches now (VEX-cleared findings not counted), or how
   * to read them: on PostgreSQL that read happens once the campaign row is locked, so a
   * recomputation on another replica that read the fleet later never writes before it.
   */
  affectedRefs: readonly string[] | (() => Promise<readonly string[]>);
  now: Date;
  /** Judge only these entities (after their reports changed); default: all. */
  entityRefs?: readonly string[];
}

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) {
    out.push(items.slice(i, i + CHUNK));
  }
  return out;
}

/**
 * Brings a campaign's entities in line with what its query matches now, in one transaction:
 * refs matched for the first time are added (first seen now), refs that match again are
 * unresolved, refs no longer matching are resolved now; today's fleet-wide burn-down point is
 * written and the campaign marked recomputed. With `entityRefs`, only those entities are
 * judged (after one entity's report changed); the others keep their state.
 *
 * The campaign row is locked first (PostgreSQL), so two recomputations of one campaign run one
 * after the other and the later one's answer is the state left; given as a read, the answer is
 * read under that lock, so across replicas too the later writer read the later fleet. SQLite
 * has one writer anyway.
 * Undefined when the campaign does not exist or is closed (closed campaigns stay as they were).
 */
export async function recomputeCampaign(
  db: Knex,
  options: RecomputeOptions,
): Promise<RecomputeResult | undefined> {
  const postgres = isPostgres(db);
  const read = options.affectedRefs;
  // SQLite's one connection is the transaction's: read before it (one process, one writer).
  const early =
    typeof read === 'function' && !postgres ? await read() : undefined;
  return db.transaction(async trx => {
    const lookup = trx('campaigns')
      .where({ id: options.campaignId })
      .first('status');
    const campaign = await (postgres ? lookup.forUpdate() : lookup);
    if (!campaign || campaign.status !== 'active') {
      return undefined;
    }
    // Read under the row lock: what this writes is never older than a write before it.
    const affectedRefs =
      early ?? (typeof read === 'function' ? await read() : read);
    return recomputeInTransaction(trx, { ...options, affectedRefs });
  });
}

/** {@link recomputeCampaign}'s writes, in a transaction that holds the campaign (or created it). */
export async function recomputeInTransaction(
  trx: Knex.Transaction,
  options: RecomputeOptions & { affectedRefs: readonly string[] },
): Promise<RecomputeResult> {
  const { campaignId, now } = options;
  const scope = options.entityRefs ? new Set(options.entityRefs) : undefined;
  const affected = new Set(
    options.affectedRefs.filter(ref => !scope || scope.has(ref)),
  );
  const at = now.toISOString();
  const existing: Array<Pick<CampaignEntityRow, 'entity_ref' | 'resolved_at'>> =
    [];
  if (scope) {
    for (const part of chunks([...scope])) {
      existing.push(
        ...(await trx('campaign_entities')
          .where({ campaign_id: campaignId })
          .whereIn('entity_ref', part)
          .select('entity_ref', 'resolved_at')),
      );
    }
  } else {
    existing.push(
      ...(await trx('campaign_entities')
        .where({ campaign_id: campaignId })
        .select('entity_ref', 'resolved_at')),
    );
  }
  const known = new Map(
    existing.map(row => [row.entity_ref, row.resolved_at !== null]),
  );
  const added = [...affected].filter(ref => !known.has(ref)).sort();
  const reopened = [...affected].filter(ref => known.get(ref) === true).sort();
  const resolved = [...known]
    .filter(([ref, isResolved]) => !isResolved && !affected.has(ref))
    .map(([ref]) => ref)
    .sort();

  for (const part of chunks(added)) {
    await trx('campaign_entities').insert(
      part.map(ref => ({
        campaign_id: campaignId,
        entity_ref: ref,
        first_seen_at: at,
        resolved_at: null,
      })),
    );
  }
  for (const part of chunks(reopened)) {
    await trx('campaign_entities')
      .where({ campaign_id: campaignId })
      .whereIn('entity_ref', part)
      .update({ resolved_at: null });
  }
  for (const part of chunks(resolved)) {
    await trx('campaign_entities')
      .where({ campaign_id: campaignId })
      .whereIn('entity_ref', part)
      .whereNull('resolved_at')
      .update({ resolved_at: at });
  }

  const [counts] = await trx('campaign_entities')
    .where({ campaign_id: campaignId })
    .select(
      trx.raw('count(*) as total'),
      trx.raw(
        'coalesce(sum(case when resolved_at is null then 1 else 0 end), 0) as remaining',
      ),
    );
  const total = Number(counts?.total ?? 0);
  const remaining = Number(counts?.remaining ?? 0);
  await trx('campaign_burndown')
    .insert({
      campaign_id: campaignId,
      day: DateTime.fromJSDate(now, { zone: 'utc' }).toISODate(),
      remaining,
      total,
    })
    .onConflict(['campaign_id', 'day'])
    .merge(['remaining', 'total']);
  await trx('campaigns')
    .where({ id: campaignId })
    .update({ recomputed_at: at });
  return { added, reopened, resolved, total, remaining };
}
