import { useApi } from '@backstage/core-plugin-api';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { RefreshTooSoonError } from '../../api/RefreshTooSoonError';
import { securityApiRef } from '../../api/SecurityApi';

/** The pull source a card's "Check now" is about, as the refresh route and users name it. */
export type CheckedSource = {
  /** The source id the refresh reports errors under, e.g. `vault` or `rekor`. */
  id: string;
  /** How the card names it, e.g. "Vault" in "Vault could not be checked". */
  label: string;
};

export type CheckNow = {
  run: () => void;
  running: boolean;
  /** The refresh or the reload after it failed. */
  error?: Error;
  /** The refresh ran but the source failed; the reloaded data says the same, marked stale. */
  sourceError?: string;
  /** Checked moments ago, so nothing was re-checked: seconds until a check is accepted. */
  retryAfterSeconds?: number;
  /** The source's label, for the progress indicator and the failure message. */
  sourceLabel: string;
};

/**
 * "Check now": has the backend re-check its pull sources, then reloads what the card
 * shows. The reload waits for the refresh because the refresh answers only once the check
 * is done, so reading earlier would show the old data again.
 */
export function useCheckNow(
  entityRef: string,
  reload: () => Promise<unknown>,
  source: CheckedSource,
): CheckNow {
  const securityApi = useApi(securityApiRef);
  const sourceId = source.id;
  const [state, run] = useAsyncFn(async (): Promise<{
    sourceError?: string;
    retryAfterSeconds?: number;
  }> => {
    let result;
    try {
      result = await securityApi.refresh(entityRef);
    } catch (error) {
      // Not a failure: the data shown is that recent check's; say when to ask again.
      if (error instanceof RefreshTooSoonError) {
        return { retryAfterSeconds: error.retryAfterSeconds };
      }
      throw error;
    }
    await reload();
    return { sourceError: result.errors[sourceId] };
  }, [securityApi, entityRef, reload, sourceId]);
  const outcome = state.loading ? undefined : state.value;
  return {
    run: () => {
      run();
    },
    running: state.loading,
    error: state.error,
    sourceError: outcome?.sourceError,
    retryAfterSeconds: outcome?.retryAfterSeconds,
    sourceLabel: source.label,
  };
}
