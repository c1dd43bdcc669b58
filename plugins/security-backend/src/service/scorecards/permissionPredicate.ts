import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  type PermissionCondition,
  type PermissionCriteria,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  ALLOW_ALL,
  DENY_ALL,
  type EntityFactField,
  type EntityPredicate,
} from '../../database/entityPredicate';

/** Told about each condition that could not be translated (it was taken as not matching). */
export type UntranslatableRule = (rule: string, why: string) => void;

/** The metadata keys posture_entities records as a fact of its own. */
const METADATA_FIELDS: Record<string, EntityFactField> = {
  name: 'name',
  namespace: 'namespace',
};

/**
 * Translates a permission decision on catalog entities into the entities it allows, over the
 * facts the scorecards store, so a fleet-wide list is filtered in SQL instead of entity by
 * entity. The catalog's rules are supported where a stored fact answers them exactly:
 * IS_ENTITY_KIND, IS_ENTITY_OWNER (claims against the owner ref), HAS_METADATA name, namespace
 * and tags, HAS_SPEC lifecycle (and owner or system being set), HAS_ANNOTATION
 * posture.dev/policy. Anything else fails closed: the rule counts as not matching where it
 * appears plainly and as matching under a NOT, so an unknown rule never widens what is shown.
 */
export function decisionPredicate(
  decision: PolicyDecision,
  onUntranslatable: UntranslatableRule,
): EntityPredicate {
  if (decision.result === AuthorizeResult.ALLOW) {
    return ALLOW_ALL;
  }
  if (decision.result !== AuthorizeResult.CONDITIONAL) {
    return DENY_ALL;
  }
  if (decision.resourceType !== RESOURCE_TYPE_CATALOG_ENTITY) {
    onUntranslatable(
      `${decision.pluginId}/${decision.resourceType}`,
      `conditions are for resource type ${decision.resourceType}, not ${RESOURCE_TYPE_CATALOG_ENTITY}`,
    );
    return DENY_ALL;
  }
  return criteriaPredicate(decision.conditions, true, onUntranslatable);
}

/** All of the predicates, with the trivial cases folded (so "allowed everything" stays visible). */
export function allOf(predicates: EntityPredicate[]): EntityPredicate {
  const parts = predicates.filter(p => !('const' in p && p.const));
  if (parts.some(p => 'const' in p && !p.const)) {
    return DENY_ALL;
  }
  if (parts.length === 0) {
    return ALLOW_ALL;
  }
  return parts.length === 1 ? parts[0] : { all: parts };
}

function criteriaPredicate(
  criteria: PermissionCriteria<PermissionCondition>,
  positive: boolean,
  onUntranslatable: UntranslatableRule,
): EntityPredicate {
  if ('allOf' in criteria) {
    return {
      all: criteria.allOf.map(c =>
        criteriaPredicate(c, positive, onUntranslatable),
      ),
    };
  }
  if ('anyOf' in criteria) {
    return {
      any: criteria.anyOf.map(c =>
        criteriaPredicate(c, positive, onUntranslatable),
      ),
    };
  }
  if ('not' in criteria) {
    return {
      not: criteriaPredicate(criteria.not, !positive, onUntranslatable),
    };
  }
  const translated = conditionPredicate(criteria);
  if (typeof translated === 'string') {
    onUntranslatable(criteria.rule, translated);
    // Fail closed: false where the rule grants, true where a NOT around it would grant.
    return { const: !positive };
  }
  return translated;
}

function stringParam(
  params: PermissionCondition['params'],
  key: string,
): string | undefined | null {
  const value = params?.[key];
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : null;
}

function stringListParam(
  params: PermissionCondition['params'],
  key: string,
): string[] | null {
  const value = params?.[key];
  if (!Array.isArray(value) || !value.every(v => typeof v === 'string')) {
    return null;
  }
  return value as string[];
}

/** A predicate, or why the condition cannot be answered from the stored facts. */
function conditionPredicate(
  condition: PermissionCondition,
): EntityPredicate | string {
  if (condition.resourceType !== RESOURCE_TYPE_CATALOG_ENTITY) {
    return `a condition on resource type ${condition.resourceType}`;
  }
  const { params } = condition;
  switch (condition.rule) {
    case 'IS_ENTITY_KIND': {
      const kinds = stringListParam(params, 'kinds');
      return kinds ? { field: 'kind', values: kinds } : 'kinds is not a list';
    }
    case 'IS_ENTITY_OWNER': {
      const claims = stringListParam(params, 'claims');
      return claims
        ? { field: 'owner', values: claims }
        : 'claims is not a list';
    }
    case 'HAS_METADATA':
      return keyValuePredicate(params, key =>
        key === 'tags'
          ? value => (value === undefined ? {} : { tag: value })
          : fieldMatcher(METADATA_FIELDS[key]),
      );
    case 'HAS_SPEC':
      return keyValuePredicate(params, (key, hasValue) => {
        if (key === 'lifecycle') return fieldMatcher('lifecycle');
        // spec.owner and spec.system hold the text as written ('team-a', 'group:team-a'),
        // which the stored full ref cannot be compared with; whether one is set, it can.
        if ((key === 'owner' || key === 'system') && !hasValue) {
          return fieldMatcher(key);
        }
        return undefined;
      });
    case 'HAS_ANNOTATION': {
      const annotation = stringParam(params, 'annotation');
      const value = stringParam(params, 'value');
      if (
        annotation?.toLowerCase() !== 'posture.dev/policy' ||
        value === null
      ) {
        return `annotation ${annotation} is not recorded`;
      }
      return value === undefined
        ? { field: 'policy' }
        : { field: 'policy', values: [value] };
    }
    default:
      return `rule ${condition.rule} is not supported on the scorecards`;
  }
}

type ValueMatcher = (value: string | undefined) => EntityPredicate;

function fieldMatcher(field: EntityFactField | undefined) {
  if (!field) return undefined;
  return (value: string | undefined): EntityPredicate =>
    value === undefined ? { field } : { field, values: [value] };
}

function keyValuePredicate(
  params: PermissionCondition['params'],
  matcherFor: (key: string, hasValue: boolean) => ValueMatcher | undefined,
): EntityPredicate | string {
  const key = stringParam(params, 'key');
  const value = stringParam(params, 'value');
  if (!key || value === null) {
    return 'key or value is not a string';
  }
  const matcher = matcherFor(key.toLowerCase(), value !== undefined);
  return matcher ? matcher(value) : `key ${key} is not recorded`;
}
