import type {
  ScorecardGroupBy,
  TrendPoint,
} from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import {
  GRADE_SCORE_COLUMNS,
  gradeScoreColumns,
  gradesOf,
  selectionQuery,
  type ScorecardSelection,
} from './selection';

/** The scorecards' trend: grade counts and mean score per day. */

function trendPoint(row: Record<string, unknown>): TrendPoint {
  return {
    date: String(row.day),
    ...gradesOf(row),
  };
}

/**
 * The trend from the daily rollups: the fleet (`group` undefined: group_by 'fleet',
 * group_ref '*', as the regrade writes it) or one group. Cheap (one row per day), but only right when nothing is filtered out: the rollups
 * count every entity.
 */
export async function trendFromRollups(
  db: Knex,
  options: { groupBy: ScorecardGroupBy; group?: string; fromDay: string },
): Promise<TrendPoint[]> {
  const rows = await db('posture_history_rollups')
    .where('day', '>=', options.fromDay)
    .andWhere(
      options.group === undefined
        ? { group_by: 'fleet', group_ref: '*' }
        : { group_by: options.groupBy, group_ref: options.group },
    )
    .select('day', ...GRADE_SCORE_COLUMNS)
    .orderBy('day', 'asc');
  return rows.map(trendPoint);
}

/**
 * The trend of exactly the selection's entities (as selected today: their kind, tags, grade
 * and failing checks now, and the caller's permissions), from their daily snapshots.
 */
export async function trendFromHistory(
  db: Knex,
  selection: ScorecardSelection,
  fromDay: string,
): Promise<TrendPoint[]> {
  const rows = await db('posture_history as h')
    .whereIn(
      'h.entity_ref',
      selectionQuery(db, selection).select('e.entity_ref'),
    )
    .andWhere('h.day', '>=', fromDay)
    .groupBy('h.day')
    .select('h.day as day', ...gradeScoreColumns(db, 'h'))
    .orderBy('h.day', 'asc');
  return rows.map(trendPoint);
}
