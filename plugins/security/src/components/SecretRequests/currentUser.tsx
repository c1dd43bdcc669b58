import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { createContext, useContext, type ReactNode } from 'react';
import useAsync from 'react-use/esm/useAsync';

const CurrentUserContext = createContext<string | undefined>(undefined);

/**
 * Reads the signed-in user's entity ref once for the whole page (the queue has a row per
 * request), for telling one's own requests apart.
 */
export function CurrentUserProvider(props: { children: ReactNode }) {
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  return (
    <CurrentUserContext.Provider value={identity.value?.userEntityRef}>
      {props.children}
    </CurrentUserContext.Provider>
  );
}

/** The signed-in user's entity ref, e.g. `user:default/alice`; undefined while it loads. */
export function useCurrentUserRef(): string | undefined {
  return useContext(CurrentUserContext);
}
