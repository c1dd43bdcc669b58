import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Config } from '@backstage/config';
import type { Knex } from 'knex';
import { ScorecardReader } from '../../database/scorecardQueries';
import { ReadableEntitiesResolver } from './readableEntities';
import { ScorecardsService } from './ScorecardsService';

/** The scorecards over the plugin's database, for plugin.ts. */
export function createScorecardsService(options: {
  db: Knex;
  permissions: PermissionsService;
  logger: LoggerService;
  config: Config;
}): ScorecardsService {
  return new ScorecardsService({
    reader: new ScorecardReader(options.db),
    readable: new ReadableEntitiesResolver({
      permissions: options.permissions,
      logger: options.logger,
    }),
    appBaseUrl: options.config.getOptionalString('app.baseUrl'),
  });
}
