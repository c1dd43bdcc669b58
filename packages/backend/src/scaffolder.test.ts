import { createBackendModule } from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogModuleScaffolderEntityModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import scaffolderModuleSecurity from '@posture/backstage-plugin-scaffolder-backend-module-security';
import { load } from 'js-yaml';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import request from 'supertest';

/*
 * The demo's scaffolder (index.ts): the scaffolder backend with Posture's action, beside the
 * catalog with the Template entity model, under the demo's catalog rules (app-config.yaml).
 */

const ROOT = resolve(__dirname, '../../..');
const demoConfig = load(
  readFileSync(resolve(ROOT, 'app-config.yaml'), 'utf8'),
) as { catalog: { rules: Array<{ allow: string[] }> } };

/**
 * Lets the test hand the catalog a file location through its API, as the demo does through
 * catalog.locations; what the catalog then accepts is still decided by the demo's rules.
 */
const fileLocationsByApi = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'test-file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

async function startDemoScaffolder() {
  const logger = mockServices.logger.mock();
  logger.child.mockReturnValue(logger);
  const backend = await startTestBackend({
    features: [
      catalogPlugin,
      catalogModuleScaffolderEntityModel,
      fileLocationsByApi,
      scaffolderPlugin,
      scaffolderModuleSecurity,
      logger.factory,
      mockServices.rootConfig.factory({
        data: { catalog: { rules: demoConfig.catalog.rules } },
      }),
    ],
  });
  return { backend, logger };
}

describe('the demo scaffolder', () => {
  it('starts without a warning or an error and offers posture:secret-request:create', async () => {
    const { backend, logger } = await startDemoScaffolder();
    try {
      const actions = await request(backend.server)
        .get('/api/scaffolder/v2/actions')
        .set('Authorization', mockCredentials.user.header());

      expect(actions.status).toBe(200);
      expect(actions.body.map((a: { id: string }) => a.id)).toContain(
        'posture:secret-request:create',
      );
      expect(logger.warn).not.toHaveBeenCalled();
      expect(logger.error).not.toHaveBeenCalled();
    } finally {
      await backend.stop();
    }
  });

  it('takes the example catalog with its template under the demo’s rules', async () => {
    const { backend } = await startDemoScaffolder();
    try {
      const res = await request(backend.server)
        .post('/api/catalog/locations?dryRun=true')
        .set('Authorization', mockCredentials.user.header())
        .send({
          type: 'file',
          target: resolve(ROOT, 'examples/catalog/all.yaml'),
        });

      expect(res.status).toBe(201);
      const templates = (res.body.entities as Entity[]).filter(
        e => e.kind === 'Template',
      );
      expect(templates.map(t => t.metadata.name)).toEqual([
        'service-with-secret',
      ]);
    } finally {
      await backend.stop();
    }
  });
});
