import { useRouteRef } from '@backstage/core-plugin-api';
import { requestSecretRouteRef } from '../../routes';

/**
 * The request form's URL with the service preselected, or undefined when the app has not
 * mounted the secret requests page (an optional route: nothing to link to then).
 */
export function useRequestSecretLink(entityRef: string): string | undefined {
  const base = useRouteRef(requestSecretRouteRef)?.();
  if (base === undefined) {
    return undefined;
  }
  return `${base.replace(/\/+$/, '')}/new?entityRef=${encodeURIComponent(
    entityRef,
  )}`;
}
