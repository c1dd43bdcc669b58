import type {
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type {
  ActionContext,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import type { JsonObject, JsonValue } from '@backstage/types';

/**
 * A context for `action`'s handler as the scaffolder builds one for a step: the rendered input
 * (any object: the handler must not rely on the scaffolder's schema check), the initiator's
 * credentials, dry-run or not, and checkpoints kept in `checkpoints` (pass the same map to a
 * second run to play a resumed task).
 */
export function actionContext<TAction extends TemplateAction<any, any, any>>(
  _action: TAction,
  options: {
    input: JsonObject;
    credentials: BackstageCredentials;
    isDryRun?: boolean;
    checkpoints?: Map<string, JsonValue>;
    signal?: AbortSignal;
  },
): {
  ctx: Parameters<TAction['handler']>[0];
  outputs: Record<string, JsonValue>;
  logger: jest.Mocked<LoggerService>;
  checkpoints: Map<string, JsonValue>;
} {
  const outputs: Record<string, JsonValue> = {};
  const logger = mockServices.logger.mock();
  const checkpoints = options.checkpoints ?? new Map<string, JsonValue>();
  const ctx: ActionContext<JsonObject, JsonObject> = {
    input: options.input,
    logger,
    workspacePath: '/tmp/posture-scaffolder-test-workspace',
    task: { id: 'task-1' },
    isDryRun: options.isDryRun,
    signal: options.signal,
    getInitiatorCredentials: async () => options.credentials,
    output: (name, value) => {
      outputs[name] = value as JsonValue;
    },
    // As the scaffolder does: a successful checkpoint's value is reused on a resumed run.
    checkpoint: async ({ key, fn }) => {
      if (checkpoints.has(key)) {
        return checkpoints.get(key) as never;
      }
      const value = await fn();
      checkpoints.set(key, (value ?? {}) as JsonValue);
      return value;
    },
    createTemporaryDirectory: async () => {
      throw new Error('the action needs no temporary directory');
    },
  };
  // Typed as the action's own context: the input is deliberately unchecked.
  return {
    ctx: ctx as unknown as Parameters<TAction['handler']>[0],
    outputs,
    logger,
    checkpoints,
  };
}
