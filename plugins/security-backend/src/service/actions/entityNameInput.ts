import { parseEntityRef } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import type { EntityName } from '../EntityAccess';
import type { ActionZod } from './actionZod';

/** The `entityRef` input of the actions about one entity. */
export const entityRefInput = (z: ActionZod): ReturnType<ActionZod['string']> =>
  z
    .string()
    .min(1)
    .max(400)
    .describe(
      'The catalog entity, as an entity ref "kind:namespace/name" (e.g. "component:default/checkout-api"). ' +
        'Kind defaults to component and namespace to default, so "checkout-api" also works.',
    );

/**
 * An assistant's entity ref as the REST routes' path parameters: kind `component` and
 * namespace `default` when left out, as people write them.
 */
export function parseEntityName(entityRef: string): EntityName {
  try {
    return parseEntityRef(entityRef.trim(), {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
  } catch (error) {
    throw new InputError(
      `Invalid entityRef "${entityRef}": expected kind:namespace/name, e.g. component:default/checkout-api`,
    );
  }
}
