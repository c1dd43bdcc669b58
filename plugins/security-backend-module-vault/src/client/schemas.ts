import { z } from 'zod';
import { VaultError } from './VaultError';
import type { VaultRoute } from './vaultRoutes';

// Only the fields Posture reads are declared; everything else Vault sends passes through
// unread. Nothing here can hold a secret value: these are metadata and auth responses.

const kvVersion = z.object({
  created_time: z.string().nullish(),
  deletion_time: z.string().nullish(),
  destroyed: z.boolean().nullish(),
});

/** `GET {mount}/metadata/{path}` → `data`. @public */
export const kvMetadataSchema = z.object({
  current_version: z.number().int(),
  created_time: z.string().nullish(),
  updated_time: z.string().nullish(),
  custom_metadata: z.record(z.string(), z.unknown()).nullish(),
  versions: z.record(z.string(), kvVersion).nullish(),
});
/** @public */
export type KvMetadata = z.infer<typeof kvMetadataSchema>;

/** `LIST {mount}/metadata/{folder}` → `data`. */
export const kvListSchema = z.object({ keys: z.array(z.string()) });

/**
 * `GET {mount}/static-roles/{name}` → `data`. Vault answers `rotation_period` in seconds; the
 * API docs show a duration string, so both are read.
 * @public
 */
export const staticRoleSchema = z.object({
  last_vault_rotation: z.string().nullish(),
  rotation_period: z.union([z.number(), z.string()]).nullish(),
  rotation_schedule: z.string().nullish(),
  username: z.string().nullish(),
  db_name: z.string().nullish(),
});
/** @public */
export type StaticRole = z.infer<typeof staticRoleSchema>;

/** `auth/token/lookup-self` → `data`. `ttl` 0 means the token never expires. */
export const tokenLookupSchema = z.object({
  ttl: z.number(),
  creation_ttl: z.number().nullish(),
  renewable: z.boolean().nullish(),
});

/** Login and `renew-self` → `auth`. */
export const authSchema = z.object({
  client_token: z.string().min(1),
  lease_duration: z.number(),
  renewable: z.boolean(),
});

/** `sys/health` (any status). @public */
export const healthSchema = z.object({
  initialized: z.boolean().nullish(),
  sealed: z.boolean().nullish(),
  standby: z.boolean().nullish(),
  version: z.string().nullish(),
});
/** @public */
export type VaultHealth = z.infer<typeof healthSchema>;

/**
 * Reads `body[key]` with `schema`. A mismatch names the route and the offending field only;
 * the body is never quoted, in case a misrouted mount answered with something it should not.
 */
export function parseVaultBody<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  body: unknown,
  key: 'data' | 'auth' | null,
  what: string,
  route: VaultRoute,
): T {
  const value =
    key === null ? body : (body as Record<string, unknown> | null)?.[key];
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = [key, ...issue.path].filter(p => p !== null).join('.');
  throw new VaultError(
    'invalid-response',
    `Vault's answer for ${what} is not what ${route.name} returns (${
      field || 'body'
    }: ${issue.message})`,
  );
}
