import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { ActionContext } from '@backstage/plugin-scaffolder-node';
import type { JsonObject, JsonValue } from '@backstage/types';

/**
 * An action context as the scaffolder builds one for a step: the rendered input, the
 * initiator's credentials, dry-run or not, and checkpoints kept in `checkpoints` (pass the
 * same map to a second run to play a resumed task).
 */
export function actionContext<TInput extends JsonObject>(options: {
  input: TInput;
  credentials: BackstageCredentials;
  isDryRun?: boolean;
  checkpoints?: Map<string, JsonValue>;
  signal?: AbortSignal;
}) {
  const outputs: Record<string, JsonValue> = {};
  const logger = mockServices.logger.mock();
  const checkpoints = options.checkpoints ?? new Map<string, JsonValue>();
  const ctx: ActionContext<TInput, JsonObject> = {
    input: options.input,
    logger,
    workspacePath: '/tmp/posture-scaffolder-test-workspace',
    task: { id: 'task-1' },
    isDryRun: options.isDryRun,
    signal: options.signal,
    getInitiatorCredentials: async () => options.credentials,
    output: (name, value) => {
      outputs[name as string] = value as JsonValue;
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
  return { ctx, outputs, logger, checkpoints };
}
