/*
 * The fleet scorecards at fleet size, through ScorecardsService as createScorecardsService
 * builds it (ScorecardReader, ReadableEntitiesResolver over a permission stand-in): the first
 * page grouped by owner, system and domain, and one team's page (its entity list), for a
 * caller allowed everything (the trend from the rollups) and one allowed the entities of 20 of
 * the 100 teams (a conditional IS_ENTITY_OWNER decision, applied in SQL; the trend from the
 * selection's own snapshots).
 */
import type { PermissionsService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { ScorecardReader } from '../src/database/scorecardQueries';
import { ReadableEntitiesResolver } from '../src/service/scorecards/readableEntities';
import { parseScorecardQuery } from '../src/service/scorecards/scorecardQuery';
import { ScorecardsService } from '../src/service/scorecards/ScorecardsService';
import { TWENTY_TEAMS } from './fleetImpactQueries';
import { teamRef } from './impactFleet';
import {
  allowAll,
  ownersOnly,
  quietLogger,
  userCredentials,
} from './scaleStandIns';
import type { CpuMeter } from './scaleCpu';
import { repeat, type Spread } from './scaleStats';

export interface ScorecardRead {
  view: string;
  caller: string;
  ms: Spread;
  groups: number;
  entities: number;
}

/** A team among the restricted caller's 20 (team-046), so both callers see its entities. */
export const ONE_TEAM = teamRef(46);

export async function measureScorecards(options: {
  knex: Knex;
  now: Date;
  calls: number;
  cpu?: CpuMeter;
}): Promise<ScorecardRead[]> {
  const { knex, now, calls, cpu } = options;
  const service = (permissions: PermissionsService) =>
    new ScorecardsService({
      reader: new ScorecardReader(knex),
      readable: new ReadableEntitiesResolver({
        permissions,
        logger: quietLogger,
      }),
      now: () => now,
    });
  const restricted = ownersOnly((TWENTY_TEAMS as { values: string[] }).values);
  const callers: Array<[string, ScorecardsService]> = [
    ['everything', service(allowAll)],
    ['20 of 100 teams', service(restricted)],
  ];
  const views: Array<[string, Record<string, string>]> = [
    ['by owner', { groupBy: 'owner' }],
    ['by system', { groupBy: 'system' }],
    ['by domain', { groupBy: 'domain' }],
    ['one team (entity list)', { groupBy: 'owner', group: ONE_TEAM }],
  ];
  const reads: ScorecardRead[] = [];
  for (const [view, query] of views) {
    for (const [caller, scorecards] of callers) {
      const parsed = parseScorecardQuery(query);
      const page = await scorecards.getPage(parsed, userCredentials);
      const ms = await repeat(
        calls,
        () => scorecards.getPage(parsed, userCredentials),
        cpu,
      );
      reads.push({
        view,
        caller,
        ms,
        groups: page.groups.length,
        entities: page.totalEntities,
      });
      console.log(
        `  scorecards ${view}, ${caller}: median ${ms.median.toFixed(1)} ms`,
      );
    }
  }
  return reads;
}
