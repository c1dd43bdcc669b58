import type { AuthService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  SECRET_REQUEST_KINDS,
  SECRET_REQUEST_LIMITS,
  SECRET_REQUEST_NAME_PATTERN,
  secretRequestPath,
  validateSecretRequestInput,
  type SecretRequestKind,
} from '@posture/backstage-plugin-security-common';
import type { SecretRequestsClient } from './SecretRequestsClient';
import { retryWhileNotFound, type CatalogWaitOptions } from './waitForCatalog';

/** The action's id, as templates name it in `steps[].action`. @public */
export const SECRET_REQUEST_CREATE_ACTION_ID = 'posture:secret-request:create';

/** What a dry run answers for `requestId` and `status`: nothing was asked for. @public */
export const DRY_RUN = 'dry-run';

const L = SECRET_REQUEST_LIMITS;

/**
 * `posture:secret-request:create`: opens a Posture secret request for a service, on behalf of
 * the user who runs the template, so the permission check (`security.secret-request.create`
 * on the service) and the recorded requester are that user, never the scaffolder. The request
 * then waits for an approver like one made on the secret requests page. A dry run validates
 * the input and derives the Vault path without asking for anything. While the backend answers
 * 404 for the service (just registered, not yet processed by the catalog) it asks again for up
 * to `catalogWait.maxWaitMs`.
 * @public
 */
export function createSecretRequestAction(options: {
  auth: AuthService;
  client: SecretRequestsClient;
  catalogWait?: CatalogWaitOptions;
}) {
  const { auth, client, catalogWait } = options;
  return createTemplateAction({
    id: SECRET_REQUEST_CREATE_ACTION_ID,
    description:
      'Asks Posture for a secret for a service (a generated KV v2 secret or a Vault database static role), as the user running the template. The request waits for an approver; nobody, Posture included, ever sees the value.',
    supportsDryRun: true,
    examples: [
      {
        description:
          'Ask for a generated database password for the new service',
        example: [
          'steps:',
          '  - id: secret',
          '    name: Request the database password',
          `    action: ${SECRET_REQUEST_CREATE_ACTION_ID}`,
          '    input:',
          '      entityRef: component:default/${{ parameters.name }}',
          '      kind: kv',
          '      name: db-password',
          '      rotationPeriodDays: 90',
          '      justification: The new service connects to its own database.',
        ].join('\n'),
      },
    ],
    schema: {
      // The scaffolder validates and documents the input (template editor, installed actions
      // page) with this, built with its own copy of zod, so it cannot be the shared schema
      // itself: it states the same fields, kinds, name pattern and rotation bounds from
      // security-common. The handler then applies the shared secretRequestInputSchema (the
      // form's and the server's), whose words name any refused field.
      input: {
        entityRef: z =>
          z
            .string()
            .describe(
              'The service the secret is for, as a full entity ref (component:default/payments). Usually the catalog entity the template registers.',
            ),
        kind: z =>
          z
            .enum(
              SECRET_REQUEST_KINDS as [
                SecretRequestKind,
                ...SecretRequestKind[],
              ],
            )
            .describe(
              'kv: a static KV v2 secret whose value Posture generates; database-role: a Vault database static role that Vault rotates.',
            ),
        name: z =>
          z
            .string()
            .regex(SECRET_REQUEST_NAME_PATTERN)
            .describe(
              `The secret's name: 1 to ${L.nameMax} letters, digits, - or _. Posture derives the Vault path from the service and this name.`,
            ),
        rotationPeriodDays: z =>
          z
            .number()
            .int()
            .min(L.rotationPeriodDaysMin)
            .max(L.rotationPeriodDaysMax)
            .describe(
              `How often the secret should be rotated, in whole days (${L.rotationPeriodDaysMin} to ${L.rotationPeriodDaysMax}).`,
            ),
        justification: z =>
          z
            .string()
            .describe(
              `Why the service needs it, for the approver (${L.justificationMin} to ${L.justificationMax} characters, not counting surrounding spaces).`,
            ),
      },
      output: {
        requestId: z =>
          z
            .string()
            .describe(
              `The request's id (${DRY_RUN} in a dry run), for a link to its page`,
            ),
        status: z =>
          z
            .string()
            .describe(
              `The request's state: pending until an approver decides (${DRY_RUN} in a dry run)`,
            ),
        path: z =>
          z
            .string()
            .describe(
              'Where the secret will live in Vault: the KV path under the KV mount, or the database static role name',
            ),
      },
    },
    async handler(ctx) {
      const input = parseInput(ctx.input);
      const where = `the ${input.kind} secret ${input.name} of ${input.entityRef}`;
      if (ctx.isDryRun) {
        const { path } = vaultPathOf(input);
        ctx.logger.info(
          `Dry run: would ask Posture for ${where} (Vault path ${path}); nothing was requested`,
        );
        ctx.output('requestId', DRY_RUN);
        ctx.output('status', DRY_RUN);
        ctx.output('path', path);
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      if (!auth.isPrincipal(credentials, 'user')) {
        // The backend would refuse too; saying so here names the cause in the template's log.
        throw new NotAllowedError(
          `${SECRET_REQUEST_CREATE_ACTION_ID} asks as the user who runs the template, and this task was not started by a user`,
        );
      }
      // A resumed task reuses the request it already opened instead of asking twice.
      const created = await ctx.checkpoint({
        key: `posture-secret-request.${input.entityRef}.${input.kind}.${input.name}`,
        fn: async () => {
          const request = await retryWhileNotFound(
            () =>
              client.create(input, {
                onBehalfOf: credentials,
                signal: ctx.signal,
              }),
            {
              ...catalogWait,
              signal: ctx.signal,
              onWait: (ms, error) =>
                ctx.logger.info(
                  `${
                    error.message
                  }; if the template registered it just now, the catalog may not have processed it yet: asking again in ${
                    ms / 1000
                  } s`,
                ),
            },
          );
          return { id: request.id, status: request.status, path: request.path };
        },
      });
      ctx.logger.info(
        `Asked Posture for ${where} as ${credentials.principal.userEntityRef}: request ${created.id} is ${created.status} (Vault path ${created.path})`,
      );
      ctx.output('requestId', created.id);
      ctx.output('status', created.status);
      ctx.output('path', created.path);
    },
  });
}

/** The input through the shared schema, or a 400-style failure naming each refused field. */
function parseInput(input: unknown) {
  const result = validateSecretRequestInput(input);
  if (!result.success) {
    throw new InputError(
      `${SECRET_REQUEST_CREATE_ACTION_ID}: ${result.problems
        .map(p => p.message)
        .join('; ')}`,
    );
  }
  return result.data;
}

/** The derived Vault path; an entity name that cannot be a path segment is bad input. */
function vaultPathOf(input: Parameters<typeof secretRequestPath>[0]) {
  try {
    return secretRequestPath(input);
  } catch (error) {
    throw new InputError(
      `${SECRET_REQUEST_CREATE_ACTION_ID}: ${(error as Error).message}`,
    );
  }
}
