import type {
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import { DatabaseImpactStore } from '../../database/impact/DatabaseImpactStore';
import { ReadableEntitiesResolver } from '../scorecards/readableEntities';
import { ImpactService } from './ImpactService';

/** The impact query over the plugin's database, for plugin.ts. */
export function createImpactService(options: {
  db: Knex;
  permissions: PermissionsService;
  logger: LoggerService;
}): ImpactService {
  return new ImpactService({
    store: new DatabaseImpactStore(options.db),
    readable: new ReadableEntitiesResolver({
      permissions: options.permissions,
      logger: options.logger,
      view: 'impact answers',
    }),
  });
}
