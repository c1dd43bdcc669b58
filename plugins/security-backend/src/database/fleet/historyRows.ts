import type {
  CheckStatus,
  Grade,
  HistoryItem,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { bulkInsert, type PostgresColumnTypes } from '../bulkInsert';
import { jsonObjectAgg } from './dialect';

/** What the rollups group by; the fleet is one group, `*`. */
export type RollupGroupBy = 'fleet' | 'owner' | 'system' | 'domain';

/** The fleet's rollup rows: `group_by = 'fleet'`, `group_ref = '*'`. */
export const FLEET_GROUP_REF = '*';

/** One entity's snapshot of one day, as stored. */
export interface HistoryRow {
  entity_ref: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  grade: string | null;
  score: number | null;
  /** JSON object: check id to status. */
  checks: string;
  owner_ref: string | null;
  system_ref: string | null;
  domain_ref: string | null;
}

const HISTORY_TYPES: PostgresColumnTypes<HistoryRow> = {
  entity_ref: 'text',
  day: 'text',
  grade: 'text',
  score: 'integer',
  checks: 'text',
  owner_ref: 'text',
  system_ref: 'text',
  domain_ref: 'text',
};

/**
 * Snapshots every entity with catalog facts as of `day`: its current grade, score and check
 * statuses, and the owner, system and domain the catalog gives it now. Running again the same
 * day overwrites that day's rows; rows of entities that left the catalog since are removed.
 * Two set-based statements, whatever the fleet's size.
 */
export async function snapshotDay(db: Knex, day: string): Promise<number> {
  return db.transaction(async trx => {
    await trx.raw(
      `DELETE FROM posture_history
        WHERE day = ?
          AND NOT EXISTS (SELECT 1 FROM posture_entities e
                           WHERE e.entity_ref = posture_history.entity_ref)`,
      [day],
    );
    // SQLite needs a WHERE in an INSERT ... SELECT with ON CONFLICT (its parser's rule).
    await trx.raw(
      `INSERT INTO posture_history
              (entity_ref, day, grade, score, checks, owner_ref, system_ref, domain_ref)
       SELECT e.entity_ref, ?, p.grade, p.score, COALESCE(c.checks, '{}'),
              e.owner_ref, e.system_ref, e.domain_ref
         FROM posture_entities e
         LEFT JOIN entity_posture p ON p.entity_ref = e.entity_ref
         LEFT JOIN (SELECT entity_ref, ${jsonObjectAgg(
           trx,
           '"check"',
           'status',
         )} AS checks
                      FROM posture_checks GROUP BY entity_ref) c
                ON c.entity_ref = e.entity_ref
        WHERE 1 = 1
       ON CONFLICT (entity_ref, day) DO UPDATE SET
              grade = excluded.grade, score = excluded.score, checks = excluded.checks,
              owner_ref = excluded.owner_ref, system_ref = excluded.system_ref,
              domain_ref = excluded.domain_ref`,
      [day],
    );
    const [{ n }] = await trx('posture_history')
      .where({ day })
      .count({ n: '*' });
    return Number(n);
  });
}

const COUNTS = `
  SUM(CASE WHEN h.grade = 'A' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.grade = 'B' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.grade = 'C' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.grade = 'D' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.grade = 'F' THEN 1 ELSE 0 END),
  SUM(CASE WHEN h.grade IS NULL THEN 1 ELSE 0 END),
  SUM(COALESCE(h.score, 0)),
  SUM(CASE WHEN h.score IS NULL THEN 0 ELSE 1 END)`;

const INSERT_ROLLUPS = `INSERT INTO posture_history_rollups
  (day, group_by, group_ref, grade_a, grade_b, grade_c, grade_d, grade_f, grade_none,
   score_sum, scored)`;

/**
 * Rebuilds the per-group grade counts of the days `from` to `to` (inclusive) from the
 * snapshots: the fleet, each owner (a group's numbers include every descendant group's
 * entities, through the ancestry closure; an owner that is a user or a group the catalog does
 * not know counts for itself), each system and each domain. INSERT ... SELECT ... GROUP BY,
 * so the database does the counting.
 */
export async function rebuildRollups(
  db: Knex,
  range: { from: string; to: string },
): Promise<void> {
  const days = [range.from, range.to];
  await db.transaction(async trx => {
    await trx('posture_history_rollups')
      .whereBetween('day', [range.from, range.to])
      .delete();
    await trx.raw(
      `${INSERT_ROLLUPS}
       SELECT h.day, 'fleet', '${FLEET_GROUP_REF}', ${COUNTS}
         FROM posture_history h
        WHERE h.day BETWEEN ? AND ?
        GROUP BY h.day`,
      days,
    );
    await trx.raw(
      `${INSERT_ROLLUPS}
       SELECT h.day, 'owner', a.ancestor_ref, ${COUNTS}
         FROM posture_history h
         JOIN posture_group_ancestry a ON a.group_ref = h.owner_ref
        WHERE h.day BETWEEN ? AND ?
        GROUP BY h.day, a.ancestor_ref`,
      days,
    );
    await trx.raw(
      `${INSERT_ROLLUPS}
       SELECT h.day, 'owner', h.owner_ref, ${COUNTS}
         FROM posture_history h
        WHERE h.day BETWEEN ? AND ?
          AND h.owner_ref IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM posture_group_ancestry a
                           WHERE a.group_ref = h.owner_ref)
        GROUP BY h.day, h.owner_ref`,
      days,
    );
    for (const groupBy of ['system', 'domain'] as const) {
      await trx.raw(
        `${INSERT_ROLLUPS}
         SELECT h.day, '${groupBy}', h.${groupBy}_ref, ${COUNTS}
           FROM posture_history h
          WHERE h.day BETWEEN ? AND ?
            AND h.${groupBy}_ref IS NOT NULL
          GROUP BY h.day, h.${groupBy}_ref`,
        days,
      );
    }
  });
}

/** Deletes snapshots and rollups of days before `day`. */
export async function deleteHistoryBefore(
  db: Knex,
  day: string,
): Promise<{ history: number; rollups: number }> {
  return db.transaction(async trx => ({
    history: await trx('posture_history').where('day', '<', day).delete(),
    rollups: await trx('posture_history_rollups')
      .where('day', '<', day)
      .delete(),
  }));
}

/** An entity's snapshots from `from` on, oldest first. */
export async function readHistory(
  db: Knex,
  options: { entityRef: string; from: string },
): Promise<HistoryItem[]> {
  const rows: Array<Pick<HistoryRow, 'day' | 'grade' | 'score' | 'checks'>> =
    await db('posture_history')
      .where({ entity_ref: options.entityRef })
      .andWhere('day', '>=', options.from)
      .orderBy('day', 'asc')
      .select('day', 'grade', 'score', 'checks');
  return rows.map(row => ({
    date: row.day,
    grade: (row.grade as Grade | null) ?? null,
    score: row.score === null ? null : Number(row.score),
    checks: JSON.parse(row.checks) as Record<string, CheckStatus>,
  }));
}

/** A snapshot of `day` whose entity has no snapshot of any earlier day, with its policy. */
export type FirstSnapshot = HistoryRow & { policy: string | null };

/** The snapshots of `day` of entities that have no history before it. */
export async function firstSnapshotsOn(
  db: Knex,
  day: string,
): Promise<FirstSnapshot[]> {
  return db('posture_history as h')
    .leftJoin('entity_posture as p', 'p.entity_ref', 'h.entity_ref')
    .where('h.day', day)
    .whereNotExists(q =>
      q
        .select(db.raw('1'))
        .from('posture_history as o')
        .whereRaw('o.entity_ref = h.entity_ref')
        .andWhere('o.day', '<', day),
    )
    .orderBy('h.entity_ref')
    .select('h.*', 'p.policy');
}

/** Inserts snapshots of days that have none for their entity yet (the demo's backfill). */
export async function insertHistory(
  db: Knex,
  rows: readonly HistoryRow[],
): Promise<void> {
  await db.transaction(trx =>
    bulkInsert(trx, 'posture_history', [...rows], HISTORY_TYPES),
  );
}
