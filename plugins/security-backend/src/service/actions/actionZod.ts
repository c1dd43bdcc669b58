import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';

/**
 * The zod the actions registry hands each schema factory. Actions build their schemas with it
 * (never with this package's own zod), so the registry's JSON Schema conversion and input
 * validation see the zod instance they were written for.
 */
export type ActionZod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

/** What every Posture action declares: it reads, changes nothing, and may be retried. */
export const READ_ONLY_ATTRIBUTES = {
  readOnly: true,
  destructive: false,
  idempotent: true,
} as const;
