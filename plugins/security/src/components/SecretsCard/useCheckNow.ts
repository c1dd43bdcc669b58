import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { securityApiRef } from '../../api/SecurityApi';

export type CheckNow = {
  run: () => void;
  running: boolean;
  /** The refresh or the reload after it failed. */
  error?: Error;
  /** The refresh ran but Vault failed; the reloaded data says the same, marked stale. */
  vaultError?: string;
};

/**
 * "Check now": has the backend re-check Vault, then reloads what the card shows. The
 * reload waits for the refresh because the refresh answers only once the check is done,
 * so reading earlier would show the old data again.
 */
export function useCheckNow(
  entityRef: string,
  reload: () => Promise<unknown>,
): CheckNow {
  const securityApi = useApi(securityApiRef);
  const [state, run] = useAsyncFn(async () => {
    const result = await securityApi.refresh(entityRef);
    await reload();
    return result.errors.vault;
  }, [securityApi, entityRef, reload]);
  return {
    run: () => {
      run();
    },
    running: state.loading,
    error: state.error,
    vaultError: state.loading ? undefined : state.value,
  };
}
