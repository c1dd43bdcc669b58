import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';

/** Permission decisions about catalog entities, as a permission policy answers them. */

/** A condition of one of the catalog's permission rules. */
export function catalogRule(
  rule: string,
  params: PermissionCondition['params'],
): PermissionCondition {
  return { rule, resourceType: 'catalog-entity', params };
}

/** A conditional decision: allowed where the catalog's conditions hold. */
export function catalogConditional(
  conditions: PermissionCriteria<PermissionCondition>,
): PolicyDecision {
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'catalog',
    resourceType: 'catalog-entity',
    conditions,
  };
}

/** "Owners only": the entities one of these claims (user and group refs) owns. */
export function entityOwnerDecision(claims: string[]): PolicyDecision {
  return catalogConditional(catalogRule('IS_ENTITY_OWNER', { claims }));
}
