import type { Entity } from '@backstage/catalog-model';
import {
  ALICE,
  asAlice,
  startScaffolder,
} from './__testUtils__/scaffolderBackend';

/** A template whose one step asks Posture for a secret for the service it names. */
const template: Entity = {
  apiVersion: 'scaffolder.backstage.io/v1beta3',
  kind: 'Template',
  metadata: { name: 'ask-for-a-secret', namespace: 'default' },
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

const start = () => startScaffolder([template]);

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
          templateRef: 'template:default/ask-for-a-secret',
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
