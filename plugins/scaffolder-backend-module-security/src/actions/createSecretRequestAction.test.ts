import {
  mockCredentials,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import type { JsonValue } from '@backstage/types';
import type { SecretRequest } from '@posture/backstage-plugin-security-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { actionContext } from '../__testUtils__/actionContext';
import { createSecretRequestAction } from './createSecretRequestAction';
import { SecretRequestsClient } from './SecretRequestsClient';

const SECURITY = 'http://security.test/api/security';
const ALICE = 'user:default/alice';

const input = {
  entityRef: 'Component:default/Payments',
  kind: 'kv',
  name: 'stripe-api_key',
  rotationPeriodDays: 90,
  justification: '  The new service calls the payment provider.  ',
};

/** What the security backend answers for a created request (201). */
function created(body: Record<string, unknown>): SecretRequest {
  return {
    id: '0b7d5c52-9a4a-4c5e-9f4e-5d1b7f0c1a11',
    entityRef: String(body.entityRef).toLocaleLowerCase('en-US'),
    kind: body.kind as SecretRequest['kind'],
    name: String(body.name),
    rotationPeriodDays: Number(body.rotationPeriodDays),
    justification: String(body.justification),
    status: 'pending',
    requester: ALICE,
    approver: null,
    reason: null,
    mount: 'secret',
    path: 'default/payments/stripe-api_key',
    version: null,
    policyName: null,
    createdAt: '2026-12-30T12:00:00.000Z',
    decidedAt: null,
    provisionedAt: null,
    expiresAt: '2027-01-06T12:00:00.000Z',
  };
}

function setup() {
  const auth = mockServices.auth({ pluginId: 'scaffolder' });
  // The pauses while waiting for the catalog, recorded instead of waited.
  const pauses: number[] = [];
  const action = createSecretRequestAction({
    auth,
    catalogWait: {
      sleep: async ms => {
        pauses.push(ms);
      },
    },
    client: new SecretRequestsClient({
      auth,
      discovery: mockServices.discovery.mock({
        getBaseUrl: async pluginId => `http://${pluginId}.test/api/${pluginId}`,
      }),
    }),
  });
  return { action, pauses };
}

/** The backend's Backstage error body, as its error handler writes it. */
const backstageError = (status: number, name: string, message: string) =>
  HttpResponse.json(
    { error: { name, message }, request: {}, response: { statusCode: status } },
    { status },
  );

describe('posture:secret-request:create', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  /** Records each POST to the backend and who it came from, answering with `answer`. */
  function securityBackend(
    answer: (body: Record<string, unknown>) => Response | Promise<Response>,
  ) {
    const calls: Array<{ body: Record<string, unknown>; caller: unknown }> = [];
    // The security backend's own view of the token: whom it authenticates the call as.
    const securityAuth = mockServices.auth({ pluginId: 'security' });
    server.use(
      http.post(`${SECURITY}/v1/secret-requests`, async ({ request }) => {
        const token = (request.headers.get('authorization') ?? '').replace(
          /^Bearer /,
          '',
        );
        const body = (await request.json()) as Record<string, unknown>;
        calls.push({
          body,
          caller: (await securityAuth.authenticate(token)).principal,
        });
        return answer(body);
      }),
    );
    return calls;
  }

  it('opens the request as the user running the template, and outputs its id, state and Vault path', async () => {
    const calls = securityBackend(body =>
      HttpResponse.json(created(body), { status: 201 }),
    );
    const { action } = setup();
    const { ctx, outputs, logger } = actionContext(action, {
      input,
      credentials: mockCredentials.user(ALICE),
    });

    await action.handler(ctx);

    expect(calls).toEqual([
      {
        // The shared schema's reading: canonical ref, trimmed justification.
        body: {
          entityRef: 'component:default/payments',
          kind: 'kv',
          name: 'stripe-api_key',
          rotationPeriodDays: 90,
          justification: 'The new service calls the payment provider.',
        },
        // Alice, not the scaffolder: her permission is checked, she is the requester.
        caller: { type: 'user', userEntityRef: ALICE },
      },
    ]);
    expect(outputs).toEqual({
      requestId: '0b7d5c52-9a4a-4c5e-9f4e-5d1b7f0c1a11',
      status: 'pending',
      path: 'default/payments/stripe-api_key',
    });
    expect(logger.info).toHaveBeenCalledWith(
      `Asked Posture for the kv secret stripe-api_key of component:default/payments as ${ALICE}: request 0b7d5c52-9a4a-4c5e-9f4e-5d1b7f0c1a11 is pending (Vault path default/payments/stripe-api_key)`,
    );
  });

  it.each([
    [
      400,
      'InputError',
      'name must be 1 to 64 letters, digits, - or _ (no dots or slashes)',
    ],
    [
      403,
      'NotAllowedError',
      'Not allowed to ask for secrets for component:default/payments (security.secret-request.create)',
    ],
    [
      409,
      'ConflictError',
      'A live request for the kv secret stripe-api_key of component:default/payments already exists',
    ],
  ])(
    'fails the step on a %i with the backend’s message',
    async (status, name, message) => {
      const calls = securityBackend(() =>
        backstageError(status, name, message),
      );
      const { action } = setup();
      const { ctx, outputs } = actionContext(action, {
        input,
        credentials: mockCredentials.user(ALICE),
      });

      const failure = action.handler(ctx);

      await expect(failure).rejects.toMatchObject({
        name,
        message: `Posture refused the secret request for component:default/payments (${status}): ${message}`,
      });
      expect(calls).toHaveLength(1);
      expect(outputs).toEqual({});
    },
  );

  it('asks again while the catalog has not processed a just-registered service, then opens the request', async () => {
    let answers = 0;
    const calls = securityBackend(body =>
      ++answers <= 2
        ? backstageError(
            404,
            'NotFoundError',
            'No catalog entity component:default/payments',
          )
        : HttpResponse.json(created(body), { status: 201 }),
    );
    const { action, pauses } = setup();
    const { ctx, outputs, logger } = actionContext(action, {
      input,
      credentials: mockCredentials.user(ALICE),
    });

    await action.handler(ctx);

    expect(calls).toHaveLength(3);
    expect(pauses).toEqual([1000, 2000]);
    expect(outputs.status).toBe('pending');
    expect(logger.info).toHaveBeenCalledWith(
      'Posture refused the secret request for component:default/payments (404): No catalog entity component:default/payments; if the template registered it just now, the catalog may not have processed it yet: asking again in 1 s',
    );
  });

  it('fails the step on a 404 that lasts a minute, with the backend’s message', async () => {
    const calls = securityBackend(() =>
      backstageError(
        404,
        'NotFoundError',
        'No catalog entity component:default/payments',
      ),
    );
    const { action, pauses } = setup();
    const { ctx, outputs } = actionContext(action, {
      input,
      credentials: mockCredentials.user(ALICE),
    });

    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'NotFoundError',
      message:
        'Posture refused the secret request for component:default/payments (404): No catalog entity component:default/payments (still not found after waiting 60 s for the catalog)',
    });
    expect(pauses).toEqual([1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(calls).toHaveLength(8);
    expect(outputs).toEqual({});
  });

  it('fails the step when the backend fails, saying so, and a resumed task asks again', async () => {
    let healthy = false;
    const calls = securityBackend(body =>
      healthy
        ? HttpResponse.json(created(body), { status: 201 })
        : backstageError(503, 'ServiceUnavailableError', 'database is down'),
    );
    const { action } = setup();
    const checkpoints = new Map<string, JsonValue>();
    const run = () =>
      actionContext(action, {
        input,
        credentials: mockCredentials.user(ALICE),
        checkpoints,
      });

    await expect(action.handler(run().ctx)).rejects.toThrow(
      'The security backend failed to open the secret request for component:default/payments (503): database is down',
    );
    healthy = true;
    const retry = run();
    await action.handler(retry.ctx);

    expect(calls).toHaveLength(2);
    expect(retry.outputs.status).toBe('pending');
  });

  it('a resumed task reuses the request it opened instead of asking twice', async () => {
    const calls = securityBackend(body =>
      HttpResponse.json(created(body), { status: 201 }),
    );
    const { action } = setup();
    const checkpoints = new Map<string, JsonValue>();
    const first = actionContext(action, {
      input,
      credentials: mockCredentials.user(ALICE),
      checkpoints,
    });
    const resumed = actionContext(action, {
      input,
      credentials: mockCredentials.user(ALICE),
      checkpoints,
    });

    await action.handler(first.ctx);
    await action.handler(resumed.ctx);

    expect(calls).toHaveLength(1);
    expect(resumed.outputs).toEqual(first.outputs);
  });

  it('in a dry run validates and derives the Vault path, and asks for nothing', async () => {
    const calls = securityBackend(body =>
      HttpResponse.json(created(body), { status: 201 }),
    );
    const { action } = setup();
    const kv = actionContext(action, {
      input,
      credentials: mockCredentials.user(ALICE),
      isDryRun: true,
    });
    const role = actionContext(action, {
      input: { ...input, kind: 'database-role', name: 'app' },
      credentials: mockCredentials.user(ALICE),
      isDryRun: true,
    });

    await action.handler(kv.ctx);
    await action.handler(role.ctx);

    expect(calls).toEqual([]);
    expect(kv.outputs).toEqual({
      requestId: 'dry-run',
      status: 'dry-run',
      path: 'default/payments/stripe-api_key',
    });
    expect(role.outputs.path).toBe('payments-app');
    expect(kv.logger.info).toHaveBeenCalledWith(
      'Dry run: would ask Posture for the kv secret stripe-api_key of component:default/payments (Vault path default/payments/stripe-api_key); nothing was requested',
    );
  });

  it.each([false, true])(
    'refuses bad input with the shared schema’s words before asking (dry run: %s)',
    async isDryRun => {
      const calls = securityBackend(body =>
        HttpResponse.json(created(body), { status: 201 }),
      );
      const { action } = setup();
      const { ctx } = actionContext(action, {
        input: {
          ...input,
          entityRef: 'payments',
          name: '../other',
          justification: 'short',
          value: 'hunter2',
        },
        credentials: mockCredentials.user(ALICE),
        isDryRun,
      });

      const failure = action.handler(ctx);

      await expect(failure).rejects.toMatchObject({ name: 'InputError' });
      await expect(failure).rejects.toThrow(
        /^posture:secret-request:create: entityRef must be a full entity ref such as component:default\/payments; name must be 1 to 64 letters, digits, - or _ \(no dots or slashes\); justification must be 10 to 2000 characters .*; unknown field\(s\) value: a request never carries a value/,
      );
      expect(calls).toEqual([]);
    },
  );

  it('refuses a task that no user started, without asking', async () => {
    const calls = securityBackend(body =>
      HttpResponse.json(created(body), { status: 201 }),
    );
    const { action } = setup();
    const { ctx } = actionContext(action, {
      input,
      credentials: mockCredentials.service('plugin:catalog'),
    });

    await expect(action.handler(ctx)).rejects.toThrow(
      'posture:secret-request:create asks as the user who runs the template, and this task was not started by a user',
    );
    expect(calls).toEqual([]);
  });

  it('describes its input for the scaffolder with the shared kinds, name pattern and bounds', () => {
    const { action } = setup();

    expect(action.supportsDryRun).toBe(true);
    expect(action.schema?.input).toMatchObject({
      type: 'object',
      required: [
        'entityRef',
        'kind',
        'name',
        'rotationPeriodDays',
        'justification',
      ],
      additionalProperties: false,
      properties: {
        kind: { enum: ['kv', 'database-role'] },
        name: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
        rotationPeriodDays: { type: 'integer', minimum: 1, maximum: 365 },
      },
    });
    expect(Object.keys(action.schema?.output?.properties ?? {})).toEqual([
      'requestId',
      'status',
      'path',
    ]);
  });
});
