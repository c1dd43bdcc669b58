import type { ScorecardGroupBy } from '@posture/backstage-plugin-security-common';
import type { Knex } from 'knex';
import { allEntities, entityPage, recordedTitles } from './scorecards/entities';
import { groupExists, groupNumbers } from './scorecards/groupNumbers';
import { selectionNumbers } from './scorecards/numbers';
import type { ScorecardSelection } from './scorecards/selection';
import { trendFromHistory, trendFromRollups } from './scorecards/trend';

/**
 * The scorecards' reads: grade counts, check tallies, the worst entities and the trend, over
 * the typed columns of posture_entities, entity_posture, posture_checks and the history tables
 * only (never a JSON column, never the findings). The queries live in ./scorecards/.
 */

export {
  allEntities,
  entityPage,
  positionOf,
  recordedTitles,
  type EntityPosition,
} from './scorecards/entities';
export { groupExists, groupNumbers } from './scorecards/groupNumbers';
export {
  FLEET_REF,
  selectionNumbers,
  type GroupNumbers,
} from './scorecards/numbers';
export type {
  GradeFilter,
  ScorecardFilters,
  ScorecardSelection,
} from './scorecards/selection';
export { trendFromHistory, trendFromRollups } from './scorecards/trend';

/** The scorecard reads over one database client, for the service. */
export class ScorecardReader {
  constructor(private readonly db: Knex) {}

  groupNumbers(selection: ScorecardSelection) {
    return groupNumbers(this.db, selection);
  }

  groupExists(groupBy: ScorecardGroupBy, ref: string) {
    return groupExists(this.db, groupBy, ref);
  }

  selectionNumbers(selection: ScorecardSelection) {
    return selectionNumbers(this.db, selection);
  }

  entityPage(
    selection: ScorecardSelection,
    options: { limit: number; now: Date },
  ) {
    return entityPage(this.db, selection, options);
  }

  allEntities(
    selection: ScorecardSelection,
    options: { pageSize: number; now: Date },
  ) {
    return allEntities(this.db, selection, options);
  }

  trendFromRollups(options: {
    groupBy: ScorecardGroupBy;
    group?: string;
    fromDay: string;
  }) {
    return trendFromRollups(this.db, options);
  }

  trendFromHistory(selection: ScorecardSelection, fromDay: string) {
    return trendFromHistory(this.db, selection, fromDay);
  }

  recordedTitles(refs: string[]) {
    return recordedTitles(this.db, refs);
  }
}
