import { createContext, useContext, type ReactNode } from 'react';
import { useResolvedPath } from 'react-router-dom';

/** Where the page's parts live, as absolute paths from where the app mounted the page. */
export interface SecretRequestPaths {
  mine: string;
  create: string;
  queue: string;
  request: (id: string) => string;
}

const PathsContext = createContext<SecretRequestPaths | undefined>(undefined);

function pathsUnder(base: string): SecretRequestPaths {
  const root = base.replace(/\/+$/, '');
  return {
    mine: root || '/',
    create: `${root}/new`,
    queue: `${root}/queue`,
    request: id => `${root}/requests/${encodeURIComponent(id)}`,
  };
}

/**
 * Gives the parts of the page their links. Set once where the page is mounted, so a link
 * from the queue to a request does not depend on how deep the queue's own route is.
 */
export function SecretRequestPathsProvider(props: { children: ReactNode }) {
  const base = useResolvedPath('.').pathname;
  return (
    <PathsContext.Provider value={pathsUnder(base)}>
      {props.children}
    </PathsContext.Provider>
  );
}

export function useSecretRequestPaths(): SecretRequestPaths {
  const paths = useContext(PathsContext);
  if (!paths) {
    throw new Error(
      'useSecretRequestPaths needs a SecretRequestPathsProvider above it',
    );
  }
  return paths;
}
