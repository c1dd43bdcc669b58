import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { securityPermissions } from '@posture/backstage-plugin-security-common';
import {
  securityPostureSourcesExtensionPoint,
  securityReportFormatsExtensionPoint,
  type PostureSource,
  type ReportFormatHandler,
} from '@posture/backstage-plugin-security-node';
import { DatabasePostureStore } from './database/DatabasePostureStore';
import { PostureService } from './service/PostureService';
import { createRouter } from './service/router';

/**
 * The Posture security backend plugin, mounted at `/api/security`.
 * @public
 */
export const securityPlugin = createBackendPlugin({
  pluginId: 'security',
  register(env) {
    const reportFormats: ReportFormatHandler[] = [];
    const postureSources: PostureSource[] = [];
    env.registerExtensionPoint(securityReportFormatsExtensionPoint, {
      addReportFormat(...formats) {
        reportFormats.push(...formats);
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
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
      },
      async init({
        logger,
        database,
        httpRouter,
        httpAuth,
        permissions,
        permissionsRegistry,
        auditor,
        catalog,
      }) {
        permissionsRegistry.addPermissions(securityPermissions);
        const store = await DatabasePostureStore.create({ database });
        const postureService = new PostureService({
          catalog,
          permissions,
          auditor,
          store,
        });
        httpRouter.use(await createRouter({ httpAuth, postureService }));
        logger.info(
          `Posture ready: ${reportFormats.length} report format(s), ${postureSources.length} posture source(s)`,
        );
      },
    });
  },
});
