import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import scaffolderPlugin from '@backstage/plugin-scaffolder-backend';
import express from 'express';
import type { Server } from 'http';
import scaffolderModuleSecurity from './index';

const ALICE = 'user:default/alice';

/** A template whose one step asks Posture for a secret for the service it names. */
const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'service-with-secret', namespace: 'default' },
  spec: {
    type: 'service',
    owner: 'group:default/platform',
    parameters: [
      {
        required: ['name'],
        properties: { name: { type: 'string' } },
      },
    ],
    steps: [
      {
        id: 'secret',
        name: 'Request the database password',
        action: 'posture:secret-request:create',
        input: {
          entityRef: 'component:default/${{ parameters.name }}',
          kind: 'kv',
          name: 'db-password',
          rotationPeriodDays: 90,
          justification: 'The new service connects to its own database.',
        },
      },
    ],
    output: {
      requestId: '${{ steps.secret.output.requestId }}',
      status: '${{ steps.secret.output.status }}',
      path: '${{ steps.secret.output.path }}',
    },
  },
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

async function start() {
  const seen: unknown[] = [];
  const backend = await startTestBackend({
    features: [
      scaffolderPlugin,
      scaffolderModuleSecurity,
      fakeSecurityBackend(seen),
      catalogServiceMock.factory({ entities: [template] }),
    ],
  });
  return { backend, seen, base: baseUrl(backend.server) };
}

function baseUrl(server: Server) {
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the test backend is not listening on a port');
  }
  return `http://localhost:${address.port}/api/scaffolder`;
}

const asAlice = {
  Authorization: mockCredentials.user.header(ALICE),
  'Content-Type': 'application/json',
};

describe('scaffolderModuleSecurity in the scaffolder backend', () => {
  it('starts with the scaffolder and lists the action with its schema and dry-run support', async () => {
    const { backend, base } = await start();
    try {
      const response = await fetch(`${base}/v2/actions`, { headers: asAlice });
      const actions = (await response.json()) as Array<{
        id: string;
        schema?: { input?: { required?: string[] } };
      }>;

      const action = actions.find(
        a => a.id === 'posture:secret-request:create',
      );
      expect(action?.schema?.input?.required).toEqual([
        'entityRef',
        'kind',
        'name',
        'rotationPeriodDays',
        'justification',
      ]);
    } finally {
      await backend.stop();
    }
  });

  it('runs a template: the security backend is called as the user who ran it, and the task outputs the request', async () => {
    const { backend, base, seen } = await start();
    try {
      const created = await fetch(`${base}/v2/tasks`, {
        method: 'POST',
        headers: asAlice,
        body: JSON.stringify({
          templateRef: 'template:default/service-with-secret',
          values: { name: 'payments' },
        }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };

      // The event stream ends with the task's completion.
      const events = await (
        await fetch(`${base}/v2/tasks/${id}/eventstream`, { headers: asAlice })
      ).text();
      const task = (await (
        await fetch(`${base}/v2/tasks/${id}`, { headers: asAlice })
      ).json()) as { status: string };

      expect(events).toContain('event: completion');
      expect(task.status).toBe('completed');
      expect(seen).toEqual([
        {
          principal: { type: 'user', userEntityRef: ALICE },
          body: {
            entityRef: 'component:default/payments',
            kind: 'kv',
            name: 'db-password',
            rotationPeriodDays: 90,
            justification: 'The new service connects to its own database.',
          },
        },
      ]);
      expect(events).toContain(
        `Asked Posture for the kv secret db-password of component:default/payments as ${ALICE}: request request-1 is pending`,
      );
    } finally {
      await backend.stop();
    }
  });

  it('dry-runs the template without asking the security backend', async () => {
    const { backend, base, seen } = await start();
    try {
      const response = await fetch(`${base}/v2/dry-run`, {
        method: 'POST',
        headers: asAlice,
        body: JSON.stringify({
          template,
          values: { name: 'payments' },
          directoryContents: [],
        }),
      });
      const result = (await response.json()) as {
        output: Record<string, unknown>;
      };

      expect(response.status).toBe(200);
      expect(result.output).toEqual({
        requestId: 'dry-run',
        status: 'dry-run',
        path: 'default/payments/db-password',
      });
      expect(seen).toEqual([]);
    } finally {
      await backend.stop();
    }
  });
});
