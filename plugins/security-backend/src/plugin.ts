import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { securityPermissions } from '@posture/backstage-plugin-security-common';
import {
  securityPostureSourcesExtensionPoint,
  securityReportFormatsExtensionPoint,
  securitySignatureBundlesExtensionPoint,
  type PostureSource,
  type ReportFormatHandler,
  type SignatureBundleHandler,
} from '@posture/backstage-plugin-security-node';
import { readSecurityBackendConfig } from './config';
import { readWriteAccessConfig } from './writeAccessConfig';
import { DatabasePostureStore } from './database/DatabasePostureStore';
import { EntityAccess } from './service/EntityAccess';
import { EntityResolver } from './service/EntityResolver';
import { FindingsService } from './service/FindingsService';
import { IngestionSlots } from './service/IngestionSlots';
import { PostureService } from './service/PostureService';
import { ReportClock } from './service/ReportClock';
import { ReportDeletionService } from './service/ReportDeletionService';
import { ReportIngestionService } from './service/ReportIngestionService';
import { ReportSeeder } from './service/ReportSeeder';
import { SourceRunner } from './service/SourceRunner';
import { UploadAccess } from './service/UploadAccess';
import { securityBackgroundTasksServiceRef } from './service/background/backgroundTasksServiceRef';
import { createRouter } from './service/router';
import { createScorecardsService } from './service/scorecards/createScorecardsService';

/**
 * The Posture security backend plugin, mounted at `/api/security`.
 * @public
 */
export const securityPlugin = createBackendPlugin({
  pluginId: 'security',
  register(env) {
    const reportFormats: ReportFormatHandler[] = [];
    const postureSources: PostureSource[] = [];
    const bundleHandlers: SignatureBundleHandler[] = [];
    env.registerExtensionPoint(securityReportFormatsExtensionPoint, {
      addReportFormat(...formats) {
        reportFormats.push(...formats);
      },
    });
    env.registerExtensionPoint(securitySignatureBundlesExtensionPoint, {
      addSignatureBundleHandler(...handlers) {
        bundleHandlers.push(...handlers);
      },
    });
    env.registerExtensionPoint(securityPostureSourcesExtensionPoint, {
      addPostureSource(...sources) {
        postureSources.push(...sources);
      },
    });

    env.registerInit({
      deps: {
        logger: coreServices.logger,
        config: coreServices.rootConfig,
        auth: coreServices.auth,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        scheduler: coreServices.scheduler,
        catalog: catalogServiceRef,
        tasks: securityBackgroundTasksServiceRef,
      },
      async init({
        logger,
        config,
        auth,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        scheduler,
        catalog,
        tasks,
      }) {
        const {
          maxReportSize,
          maxClockSkewMs,
          seedDirectory,
          maxConcurrentIngestions,
          maxQueuedIngestions,
        } = readSecurityBackendConfig(config);
        const writeAccess = readWriteAccessConfig(config);
        permissionsRegistry.addPermissions(securityPermissions);
        const store = await DatabasePostureStore.create({ database });
        const access = new EntityAccess({ catalog, permissions });
        const sourceRunner = new SourceRunner({
          sources: postureSources,
          catalog,
          auth,
          store,
          logger,
          auditor,
          tasks,
          refreshMinIntervalMs: writeAccess.refreshMinIntervalMs,
        });
        const ingestionService = new ReportIngestionService({
          formats: reportFormats,
          bundleHandlers,
          resolver: new EntityResolver(catalog, {
            entityKinds: writeAccess.entityKinds,
          }),
          serviceAccess: writeAccess.serviceAccess,
          auth,
          permissions,
          auditor,
          store,
          clock: new ReportClock({ maxSkewMs: maxClockSkewMs }),
          // A new build's digest gets its signature checked at once, in the background.
          signatureChecks: sourceRunner,
        });
        for (const source of postureSources) {
          await scheduler.scheduleTask({
            id: `security-source-${source.id}`,
            scope: 'global',
            frequency: source.schedule?.frequency ?? { minutes: 30 },
            timeout: source.schedule?.timeout ?? { minutes: 30 },
            initialDelay: source.schedule?.initialDelay ?? { seconds: 10 },
            fn: async signal =>
              sourceRunner.runSource(source, signal as AbortSignal),
          });
        }
        httpRouter.use(
          await createRouter({
            httpAuth,
            maxReportSize,
            ingestionSlots: new IngestionSlots({
              maxConcurrent: maxConcurrentIngestions,
              maxQueued: maxQueuedIngestions,
            }),
            access,
            sourceRunner,
            ingestionService,
            deletionService: new ReportDeletionService({
              catalog,
              auth,
              permissions,
              auditor,
              store,
              // A service deletes only where it may upload.
              serviceWriteAccess: new UploadAccess({
                auth,
                permissions,
                serviceAccess: writeAccess.serviceAccess,
              }),
            }),
            postureService: new PostureService({ access, auditor, store }),
            findingsService: new FindingsService({ access, store }),
            scorecards: createScorecardsService({
              db: await database.getClient(),
              permissions,
              logger,
              config,
            }),
          }),
        );
        if (seedDirectory) {
          const seeder = new ReportSeeder({
            directory: seedDirectory,
            ingestion: ingestionService,
            auth,
            logger,
          });
          await scheduler.scheduleTask({
            id: 'security-seed-reports',
            scope: 'global',
            frequency: { seconds: 15 },
            timeout: { minutes: 10 },
            initialDelay: { seconds: 2 },
            fn: async () => {
              await seeder.run();
            },
          });
        }
        logger.info(
          `Posture ready: ${reportFormats.length} report format(s), ${bundleHandlers.length} signature bundle handler(s), ${postureSources.length} posture source(s)`,
        );
      },
    });
  },
});
