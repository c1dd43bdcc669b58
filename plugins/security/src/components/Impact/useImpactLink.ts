import { useRouteRef } from '@backstage/core-plugin-api';
import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { securityPagesRouteRef } from '../../routes';
import { securityPathsUnder } from '../SecurityPages/securityPaths';

/**
 * The impact page's URL for a query, from a page outside the security pages (the Security
 * tab); undefined when the app has not mounted them (an optional route: no link then).
 */
export function useImpactLink(): ((query: ImpactQuery) => string) | undefined {
  const base = useRouteRef(securityPagesRouteRef)?.();
  if (base === undefined) {
    return undefined;
  }
  return query => securityPathsUnder(base).impact(query);
}
