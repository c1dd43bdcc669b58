import {
  coreServices,
  createBackendModule,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import {
  createTemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import express from 'express';
import scaffolderModuleSecurity from '../index';

export const ALICE = 'user:default/alice';

/** Headers of a request Alice makes, JSON body. */
export const asAlice = {
  Authorization: mockCredentials.user.header(ALICE),
  'Content-Type': 'application/json',
};

/**
 * Stands in for the Posture security backend (plugin id `security`): answers
 * POST /v1/secret-requests as pending, recording whom Backstage authenticated the call as.
 */
function fakeSecurityBackend(seen: unknown[]) {
  return createBackendPlugin({
    pluginId: 'security',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
        },
        async init({ httpRouter, httpAuth }) {
          const router = express.Router();
          router.use(express.json());
          router.post('/v1/secret-requests', async (req, res) => {
            const credentials = await httpAuth.credentials(req);
            seen.push({ principal: credentials.principal, body: req.body });
            res.status(201).json({
              id: 'request-1',
              status: 'pending',
              path: `default/${req.body.entityRef.split('/')[1]}/${
                req.body.name
              }`,
            });
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

/**
 * `publish:github` as a name only: the example template needs it registered, and a dry run
 * skips it (it does not support dry runs). A real run would fail here.
 */
const publisherStandIn = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'publish-github-stand-in',
  register(env) {
    env.registerInit({
      deps: { actions: scaffolderActionsExtensionPoint },
      async init({ actions }) {
        actions.addActions(
          createTemplateAction({
            id: 'publish:github',
            async handler() {
              throw new Error('the tests publish nothing');
            },
          }),
        );
      },
    });
  },
});

/**
 * The real scaffolder backend with this module, a stand-in security backend and a catalog
 * holding `entities`, on a free port. `seen` lists the calls the security backend received.
 */
export async function startScaffolder(entities: Entity[] = []) {
  const seen: unknown[] = [];
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleSecurity,
      publisherStandIn,
      fakeSecurityBackend(seen),
      catalogServiceMock.factory({ entities }),
    ],
  });
  const address = backend.server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the test backend is not listening on a port');
  }
  return {
    backend,
    seen,
    base: `http://localhost:${address.port}/api/scaffolder`,
  };
}
