import { ResponseError } from '@backstage/errors';
import type { ImpactSearch } from './impactSearch';

/** A field of the impact search form. */
export type ImpactField = 'value' | 'ecosystem' | 'version';

/** What the backend refused, and the field to show it by. */
export interface ImpactFieldError {
  field: ImpactField;
  message: string;
}

/**
 * The backend's 400 placed by the field it is about, so the reader sees what to change where
 * they would change it: a version or range it cannot judge ("version ranges cannot be judged
 * for deb versions") by the version, an ecosystem it does not know by the ecosystem,
 * anything else (a malformed purl, an empty id) by the value. Other failures are no field's.
 */
export function impactFieldError(
  error: Error | undefined,
  search: ImpactSearch,
): ImpactFieldError | undefined {
  if (
    !error ||
    !ResponseError.is(error) ||
    error.response.status !== 400 ||
    !error.cause.message
  ) {
    return undefined;
  }
  const message = error.cause.message;
  if (search.kind === 'package') {
    if (search.version && /version|range/i.test(message)) {
      return { field: 'version', message };
    }
    if (search.ecosystem && /ecosystem|type/i.test(message)) {
      return { field: 'ecosystem', message };
    }
  }
  return { field: 'value', message };
}
