import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { createContext, useContext, type ReactNode } from 'react';
import { useResolvedPath } from 'react-router-dom';
import { impactSearchParams } from '../Impact/impactSearch';

/**
 * Where the fleet pages live, as absolute paths from where the app mounted the security page:
 * the scorecards at its root, the impact search and the campaigns beneath it.
 */
export interface SecurityPaths {
  scorecards: string;
  /** The impact page, with the query in its URL when one is given. */
  impact: (query?: ImpactQuery) => string;
  campaigns: string;
  campaign: (id: string) => string;
}

const PathsContext = createContext<SecurityPaths | undefined>(undefined);

/** The paths under a mount point, e.g. `/security`. */
export function securityPathsUnder(base: string): SecurityPaths {
  const root = base.replace(/\/+$/, '');
  return {
    scorecards: root || '/',
    impact: query => {
      const search = query ? impactSearchParams(query).toString() : '';
      return `${root}/impact${search ? `?${search}` : ''}`;
    },
    campaigns: `${root}/campaigns`,
    campaign: id => `${root}/campaigns/${encodeURIComponent(id)}`,
  };
}

/**
 * Gives the pages their links. Set once where the page is mounted, so a link from a campaign
 * to its impact search does not depend on how deep the campaign's own route is.
 */
export function SecurityPathsProvider(props: { children: ReactNode }) {
  const base = useResolvedPath('.').pathname;
  return (
    <PathsContext.Provider value={securityPathsUnder(base)}>
      {props.children}
    </PathsContext.Provider>
  );
}

/**
 * The pages' paths. Without a provider (a part rendered on its own, as in a test) they are
 * taken relative to where that part is.
 */
export function useSecurityPaths(): SecurityPaths {
  const provided = useContext(PathsContext);
  const here = useResolvedPath('.').pathname;
  return provided ?? securityPathsUnder(here);
}
