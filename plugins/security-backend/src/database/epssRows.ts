import { InputError } from '@backstage/errors';
import type { EpssSnapshot } from '@posture/backstage-plugin-security-node';
import type { Knex } from 'knex';
import { setImmediate as nextTurn } from 'timers/promises';
import { STORABLE_CVE_ID } from './kevRows';

export const EPSS_TABLE = 'epss_scores';

/**
 * Rows per PostgreSQL statement: three array parameters whatever the count. Measured on 300k
 * rows (2 cores): 10k and 50k per statement load alike (~1.3 s), one statement of 300k is
 * slower (~2 s) and holds a 300k-element array in memory twice.
 */
const POSTGRES_ROWS_PER_STATEMENT = 50_000;
/** Rows per SQLite statement: three bind parameters each, under SQLite's 32,766. */
const SQLITE_ROWS_PER_STATEMENT = 5_000;

const isProbability = (value: number) =>
  Number.isFinite(value) && value >= 0 && value <= 1;

/**
 * Refuses, naming the row, a snapshot the table cannot hold as it is: columns of different
 * lengths, no rows at all, an id that is not a storable upper-case CVE, a CVE twice (the primary key), a
 * score or percentile outside 0..1. The feed module validates the file line by line; this
 * guards the store's own invariants, so a bad snapshot never fails half way with SQL.
 */
export function assertLoadableSnapshot(snapshot: EpssSnapshot): void {
  const { cves, scores, percentiles } = snapshot;
  if (scores.length !== cves.length || percentiles.length !== cves.length) {
    throw new InputError(
      `EPSS snapshot has ${cves.length} CVEs, ${scores.length} scores and ${percentiles.length} percentiles`,
    );
  }
  // A real file has about 300k rows: an empty one is a broken download, not "no scores".
  if (cves.length === 0) {
    throw new InputError('EPSS snapshot has no rows');
  }
  const seen = new Set<string>();
  for (let i = 0; i < cves.length; i++) {
    const cve = cves[i];
    if (!STORABLE_CVE_ID.test(cve)) {
      throw new InputError(
        `EPSS row ${i}: ${JSON.stringify(cve).slice(
          0,
          60,
        )} is not an upper-case CVE id`,
      );
    }
    if (seen.has(cve)) {
      throw new InputError(`EPSS row ${i}: ${cve} is listed twice`);
    }
    seen.add(cve);
    if (!isProbability(scores[i]) || !isProbability(percentiles[i])) {
      throw new InputError(
        `EPSS row ${i} (${cve}): score and percentile must be numbers from 0 to 1`,
      );
    }
  }
}

/**
 * Replaces every score, inside the caller's transaction.
 *
 * DELETE, not TRUNCATE: TRUNCATE is faster by a few hundred milliseconds on 300k rows, but it
 * takes an ACCESS EXCLUSIVE lock that makes every findings list (which joins this table) wait
 * until the load commits; after DELETE, readers keep seeing the previous scores until then.
 * The dead rows are autovacuum's, once a day.
 */
export async function replaceEpssScores(
  trx: Knex.Transaction,
  snapshot: EpssSnapshot,
): Promise<void> {
  await trx(EPSS_TABLE).delete();
  const client = String(trx.client.config.client);
  if (client === 'pg' || client.includes('postgres')) {
    await insertWithUnnest(trx, snapshot);
  } else {
    await insertWithValues(trx, snapshot);
  }
}

/**
 * The columns go in as they come, one array parameter each, through `unnest`: no object per
 * row, a handful of statements for 300k rows.
 */
async function insertWithUnnest(
  trx: Knex.Transaction,
  { cves, scores, percentiles }: EpssSnapshot,
): Promise<void> {
  for (let at = 0; at < cves.length; at += POSTGRES_ROWS_PER_STATEMENT) {
    const end = at + POSTGRES_ROWS_PER_STATEMENT;
    await trx.raw(
      `INSERT INTO ${EPSS_TABLE} (cve_id, epss, percentile) SELECT * FROM unnest(?::text[], ?::real[], ?::real[])`,
      // node-postgres sends JS arrays as PostgreSQL arrays.
      [
        cves.slice(at, end),
        scores.slice(at, end),
        percentiles.slice(at, end),
      ] as unknown as readonly Knex.RawBinding[],
    );
  }
}

/**
 * Multi-row VALUES (which SQLite does not count against its 500-term compound SELECT limit,
 * unlike knex's multi-row insert). SQLite's driver is synchronous: the event loop gets a
 * turn between statements, so health checks are answered during a large load.
 */
async function insertWithValues(
  trx: Knex.Transaction,
  { cves, scores, percentiles }: EpssSnapshot,
): Promise<void> {
  for (let at = 0; at < cves.length; at += SQLITE_ROWS_PER_STATEMENT) {
    if (at > 0) {
      await nextTurn();
    }
    const end = Math.min(at + SQLITE_ROWS_PER_STATEMENT, cves.length);
    const bindings: Array<string | number> = [];
    for (let i = at; i < end; i++) {
      bindings.push(cves[i], scores[i], percentiles[i]);
    }
    await trx.raw(
      `INSERT INTO ${EPSS_TABLE} (cve_id, epss, percentile) VALUES ${Array(
        end - at,
      )
        .fill('(?, ?, ?)')
        .join(', ')}`,
      bindings,
    );
  }
}
