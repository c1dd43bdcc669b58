import { useApi } from '@backstage/core-plugin-api';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import { useCallback, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityApiRef } from '../../api/SecurityApi';

export type PostureState = {
  value?: EntityPosture;
  loading: boolean;
  error?: Error;
  /** Starts over from the loading state, for the error panel's "Retry". */
  retry: () => void;
  /**
   * Fetches the posture again in the background, for a card that changed it ("Check
   * now"): the tab keeps showing the current posture, rather than unmounting that card
   * behind a spinner, and a failure is thrown to the caller instead of replacing the tab.
   */
  reload: () => Promise<void>;
};

/** The entity's posture, loaded once and then reloaded on request. */
export function usePosture(entityRef: string): PostureState {
  const securityApi = useApi(securityApiRef);
  const initial = useAsyncRetry(
    () => securityApi.getPosture(entityRef),
    [securityApi, entityRef],
  );
  // Keyed by entity, so a reload answered after navigating away is not shown for another.
  const [reloaded, setReloaded] = useState<{
    entityRef: string;
    posture: EntityPosture;
  }>();
  const reload = useCallback(async () => {
    const posture = await securityApi.getPosture(entityRef);
    setReloaded({ entityRef, posture });
  }, [securityApi, entityRef]);

  const latest =
    reloaded?.entityRef === entityRef ? reloaded.posture : initial.value;
  return {
    value: initial.loading || initial.error ? undefined : latest,
    loading: initial.loading,
    error: initial.error,
    retry: initial.retry,
    reload,
  };
}
