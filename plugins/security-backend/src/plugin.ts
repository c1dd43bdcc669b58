import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import { securityPermissions } from '@posture/backstage-plugin-security-common';
import {
  securityExploitFeedsExtensionPoint,
  securityPostureSourcesExtensionPoint,
  securityReportFormatsExtensionPoint,
  securitySecretProvisionersExtensionPoint,
  securitySignatureBundlesExtensionPoint,
  securityVexFormatsExtensionPoint,
  type EpssSnapshot,
  type ExploitFeed,
  type KevCatalog,
  type PostureSource,
  type ReportFormatHandler,
  type SecretProvisioner,
  type SignatureBundleHandler,
  type VexFormatHandler,
} from '@posture/backstage-plugin-security-node';
import { readSecurityBackendConfig } from './config';
import { readWriteAccessConfig } from './writeAccessConfig';
import { readPolicyConfig } from './policyConfig';
import { DatabasePostureStore } from './database/DatabasePostureStore';
import { EntityAccess } from './service/EntityAccess';
import { EntityResolver } from './service/EntityResolver';
import { FindingsService } from './service/FindingsService';
import { GateService } from './service/gate/GateService';
import { DatabaseNotificationStore } from './database/DatabaseNotificationStore';
import { PostureNotifier } from './service/notify/PostureNotifier';
import { IngestionSlots } from './service/IngestionSlots';
import { PostureService } from './service/PostureService';
import { ReportClock } from './service/ReportClock';
import { ReportDeletionService } from './service/ReportDeletionService';
import { ReportIngestionService } from './service/ReportIngestionService';
import { ReportSeeder } from './service/ReportSeeder';
import { SourceRunner } from './service/SourceRunner';
import { UploadAccess } from './service/UploadAccess';
import { securityBackgroundTasksServiceRef } from './service/background/backgroundTasksServiceRef';
import { createWorkQueue } from './service/background/createWorkQueue';
import { DatabaseRefreshMarkStore } from './database/DatabaseRefreshMarkStore';
import { DatabaseFleetStore } from './database/DatabaseFleetStore';
import { createRouter } from './service/router';
import { createFleetRegrade } from './service/fleet/createFleetRegrade';
import { HistoryService } from './service/HistoryService';
import { createScorecardsService } from './service/scorecards/createScorecardsService';
import { createImpactService } from './service/impact/createImpactService';
import { scheduleImpactBackfill } from './service/impact/scheduleImpactBackfill';
import { registerPostureActions } from './service/actions/registerPostureActions';
import { createCampaigns } from './service/campaigns/createCampaigns';
import { DatabaseExemptionStore } from './database/DatabaseExemptionStore';
import { DemoExemptionSeeder } from './service/exemptions/DemoExemptionSeeder';
import { DemoCampaignSeeder } from './service/campaigns/DemoCampaignSeeder';
import { readDemoCampaigns } from './service/campaigns/demoCampaignConfig';
import { defineDemoCampaignSeeding } from './service/campaigns/demoCampaignWork';
import { readCampaignsSchedule } from './service/campaigns/campaignsConfig';
import { readExemptionConfig } from './service/exemptions/exemptionConfig';
import { ExemptionExpiry } from './service/exemptions/ExemptionExpiry';
import {
  ExemptionService,
  type Regrade,
} from './service/exemptions/ExemptionService';
import { ReadableEntities } from './service/exemptions/ReadableEntities';
import { createSecretRequests } from './service/secretRequests/createSecretRequests';
import { DatabaseSecretRequestStore } from './database/DatabaseSecretRequestStore';
import { createExploitFeeds } from './service/feeds/createExploitFeeds';

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
    const secretProvisioners: SecretProvisioner[] = [];
    const vexFormats: VexFormatHandler[] = [];
    const exploitFeeds: {
      kev?: ExploitFeed<KevCatalog>;
      epss?: ExploitFeed<EpssSnapshot>;
    } = {};
    env.registerExtensionPoint(securityVexFormatsExtensionPoint, {
      addVexFormat(...formats) {
        vexFormats.push(...formats);
      },
    });
    env.registerExtensionPoint(securityExploitFeedsExtensionPoint, {
      setKnownExploitedFeed(feed) {
        exploitFeeds.kev = feed;
      },
      setExploitScoreFeed(feed) {
        exploitFeeds.epss = feed;
      },
    });
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
    env.registerExtensionPoint(securitySecretProvisionersExtensionPoint, {
      addSecretProvisioner(...provisioners) {
        secretProvisioners.push(...provisioners);
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
        lifecycle: coreServices.lifecycle,
        userInfo: coreServices.userInfo,
        catalog: catalogServiceRef,
        tasks: securityBackgroundTasksServiceRef,
        notifications: notificationService,
        actionsRegistry: actionsRegistryServiceRef,
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
        lifecycle,
        userInfo,
        catalog,
        tasks,
        notifications,
        actionsRegistry,
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
        // Invalid policy configuration fails start-up here, naming the key.
        const policies = readPolicyConfig(config);
        const store = await DatabasePostureStore.create({ database, policies });
        // Rows stored before the impact columns get them in the background, once.
        await scheduleImpactBackfill({
          scheduler,
          db: await database.getClient(),
          logger,
        });
        const access = new EntityAccess({ catalog, permissions });
        // Background work lives in the database: any replica finishes what a dead one started.
        const workQueue = createWorkQueue({
          db: await database.getClient(),
          config,
          tasks,
          scheduler,
          logger,
        });
        const sourceRunner = new SourceRunner({
          sources: postureSources,
          catalog,
          auth,
          store,
          // Secrets Posture provisioned are checked without a Vault annotation.
          secretRequests: new DatabaseSecretRequestStore(
            await database.getClient(),
          ),
          logger,
          auditor,
          queue: workQueue.queue,
          refreshMinIntervalMs: writeAccess.refreshMinIntervalMs,
          // The "Check now" limit holds across replicas.
          refreshMarks: new DatabaseRefreshMarkStore(
            await database.getClient(),
          ),
        });
        // Campaigns: recomputed after each entity's report change and daily; owners notified.
        const campaigns = await createCampaigns({
          db: await database.getClient(),
          permissions,
          auditor,
          notifications,
          scheduler,
          queue: workQueue.queue,
          logger,
          schedule: readCampaignsSchedule(config),
        });
        // DEMO ONLY (security.demo.campaigns): started once the backend is up, so the owners'
        // notices reach the notifications backend; a bad entry stops start-up here. Queued,
        // so replicas starting together start each campaign once.
        const demoCampaigns = readDemoCampaigns(config);
        if (demoCampaigns.length > 0) {
          const seedDemoCampaigns = defineDemoCampaignSeeding(
            workQueue.queue,
            new DemoCampaignSeeder({
              campaigns: campaigns.service,
              auth,
              logger,
            }),
            demoCampaigns,
          );
          lifecycle.addStartupHook(() => seedDemoCampaigns());
        }
        const ingestionService = new ReportIngestionService({
          formats: reportFormats,
          vexFormats,
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
          afterReportChange: campaigns.afterReportChange,
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
        // The KEV and EPSS loads, on their modules' schedules, one instance at a time.
        const exploitFeedStatus = await createExploitFeeds({
          scheduler,
          store,
          logger,
          auditor,
          feeds: exploitFeeds,
          // posture_meta: a recount owed after a load survives the replica that loaded.
          owedRecounts: await DatabaseFleetStore.create({ database }),
        });
        const exemptionConfig = readExemptionConfig(config);
        const exemptionStore = new DatabaseExemptionStore(
          await database.getClient(),
        );
        const regrade: Regrade = options => store.summaries.regrade(options);
        const exemptionExpiry = new ExemptionExpiry({
          store: exemptionStore,
          regrade,
          auditor,
          logger,
        });
        await scheduler.scheduleTask({
          id: 'security-exemption-expiry',
          scope: 'global',
          frequency: exemptionConfig.expiryFrequency,
          timeout: { minutes: 5 },
          initialDelay: { seconds: 30 },
          fn: async signal => {
            await exemptionExpiry.run(signal as AbortSignal);
          },
        });
        if (exemptionConfig.demoExemptions.length > 0) {
          await new DemoExemptionSeeder({
            store: exemptionStore,
            regrade,
            logger,
          }).run(exemptionConfig.demoExemptions);
        }
        const notifier = new PostureNotifier({
          store: new DatabaseNotificationStore(await database.getClient()),
          notifications,
          logger,
        });
        // Daily (and on a policy change) regrade of every entity, with the history it snapshots.
        const fleet = await createFleetRegrade({
          config,
          database,
          catalog,
          auth,
          logger,
          scheduler,
          lifecycle,
          policies,
          entityKinds: writeAccess.entityKinds,
          // Grade-drop and exemption-expiry notifications, once the day's snapshot is written.
          afterSnapshot: options => notifier.afterSnapshot(options),
        });
        // Shared by GET /v1/impact and the assistants' impact action.
        const impactService = createImpactService({
          db: await database.getClient(),
          permissions,
          logger,
        });
        // Shared by the REST routes and the assistants' actions.
        const postureService = new PostureService({ access, auditor, store });
        const findingsService = new FindingsService({ access, store });
        // Read actions for assistants (the MCP actions backend), with the caller's permissions:
        // an entity's posture and findings, the impact query, campaign status.
        registerPostureActions(actionsRegistry, {
          postureService,
          findingsService,
          impactService,
          campaignService: campaigns.service,
        });
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
              afterReportChange: campaigns.afterReportChange,
            }),
            postureService,
            findingsService,
            history: new HistoryService({ access, store: fleet.store }),
            exploitFeeds: exploitFeedStatus,
            gate: new GateService({
              access,
              auditor,
              store,
              exemptions: exemptionStore,
            }),
            scorecards: createScorecardsService({
              db: await database.getClient(),
              permissions,
              logger,
              config,
            }),
            impact: impactService,
            campaigns: campaigns.service,
            exemptions: new ExemptionService({
              access,
              readable: new ReadableEntities({ catalog, permissions }),
              auth,
              userInfo,
              permissions,
              auditor,
              logger,
              store: exemptionStore,
              regrade,
              maxExemptionDays: policies.maxExemptionDays,
            }),
            secretRequests: await createSecretRequests({
              config,
              database,
              scheduler,
              access,
              readable: new ReadableEntities({ catalog, permissions }),
              catalog,
              auth,
              permissions,
              auditor,
              logger,
              notifications,
              provisioners: secretProvisioners,
              // The Secrets card lists a new secret at once, not at the next Vault pass.
              onProvisioned: request =>
                void sourceRunner.checkSecretsSoon(request.entityRef),
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
        // Every kind of background work is defined by now: sweep for what nobody runs.
        await workQueue.startSweeping();
        logger.info(
          `Posture ready: ${reportFormats.length} report format(s), ${
            vexFormats.length
          } VEX format(s), ${
            bundleHandlers.length
          } signature bundle handler(s), ${
            postureSources.length
          } posture source(s), exploit feeds: ${
            Object.keys(exploitFeeds).join(', ') || 'none'
          }`,
        );
      },
    });
  },
});
