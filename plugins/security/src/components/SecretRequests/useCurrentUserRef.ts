import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';

/**
 * The signed-in user's entity ref, e.g. `user:default/alice`, for telling one's own requests
 * apart (no Approve on them); undefined while it loads.
 */
export function useCurrentUserRef(): string | undefined {
  const identityApi = useApi(identityApiRef);
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  return identity.value?.userEntityRef;
}
