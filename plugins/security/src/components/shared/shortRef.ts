import { parseEntityRef } from '@backstage/catalog-model';
import { humanizeEntityRef } from '@backstage/plugin-catalog-react';

/**
 * `system:default/data-pipeline` as "data-pipeline": the kind and default namespace say
 * nothing in a column of systems. Anything that is not a ref is shown as it is.
 */
export function shortRef(ref: string, defaultKind: string): string {
  try {
    return humanizeEntityRef(parseEntityRef(ref), { defaultKind });
  } catch {
    return ref;
  }
}
