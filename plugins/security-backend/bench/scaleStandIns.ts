/*
 * What `yarn bench:scale` puts in place of other plugins, so the measured code is Posture's own
 * services over the real database without HTTP: a catalog answering from the generated entities
 * (pages of 500, as the real one streams), service credentials, a permission decision of
 * choice, a quiet logger and an auditor that records nothing.
 */
import type {
  AuditorService,
  AuthService,
  BackstageCredentials,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';

export const userCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
} as unknown as BackstageCredentials;

export const ciCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'service', subject: 'external:ci' },
} as unknown as BackstageCredentials;

export const quietLogger: LoggerService = {
  info: () => {},
  debug: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  child: () => quietLogger,
};

export const silentAuditor: AuditorService = {
  createEvent: async () => ({ success: async () => {}, fail: async () => {} }),
};

export const serviceAuth = {
  getOwnServiceCredentials: async () => ({
    $$type: '@backstage/BackstageCredentials',
    principal: { type: 'service', subject: 'plugin:security' },
  }),
  isPrincipal: (credentials: BackstageCredentials, type: string) =>
    (credentials.principal as { type: string }).type === type,
} as unknown as AuthService;

/** The catalog stand-in: streamEntities a page of 500 at a time, getEntityByRef from a map. */
export function standInCatalog(entities: Entity[]): CatalogService {
  const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
  return {
    async *streamEntities() {
      for (let i = 0; i < entities.length; i += 500) {
        yield entities.slice(i, i + 500);
      }
    },
    getEntityByRef: async (ref: string) => byRef.get(ref),
  } as unknown as CatalogService;
}

/** Answers every authorize and authorizeConditional request with `decide(permission)`. */
export function permissionsAnswering(
  decide: (permission: string) => PolicyDecision,
): PermissionsService {
  const answer = async (requests: Array<{ permission: { name: string } }>) =>
    requests.map(r => decide(r.permission.name));
  return {
    authorize: answer,
    authorizeConditional: answer,
  } as unknown as PermissionsService;
}

export const allowAll = permissionsAnswering(() => ({
  result: AuthorizeResult.ALLOW,
}));

/** security.posture.read only for entities the given groups own (a conditional decision). */
export function ownersOnly(claims: string[]): PermissionsService {
  return permissionsAnswering(permission =>
    permission === 'security.posture.read'
      ? {
          result: AuthorizeResult.CONDITIONAL,
          pluginId: 'catalog',
          resourceType: 'catalog-entity',
          conditions: {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: { claims },
          },
        }
      : { result: AuthorizeResult.ALLOW },
  );
}
