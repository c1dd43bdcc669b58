import { useApi } from '@backstage/core-plugin-api';
import type { SecretItem } from '@posture/backstage-plugin-security-common';
import { useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { securityApiRef } from '../../api/SecurityApi';

export type SecretList = {
  /** The last list received; kept while a reload runs so the rows do not blink. */
  items?: SecretItem[];
  loading: boolean;
  error?: Error;
  /** Resolves once reloaded, also when that failed: the failure shows as `error`. */
  reload: () => Promise<unknown>;
};

/** The entity's secrets, loaded on mount and again whenever asked. */
export function useSecretList(entityRef: string): SecretList {
  const securityApi = useApi(securityApiRef);
  const [state, load] = useAsyncFn(
    async () => (await securityApi.listSecrets(entityRef)).items,
    [securityApi, entityRef],
    { loading: true },
  );
  useEffect(() => {
    load();
  }, [load]);
  return {
    items: state.value,
    loading: state.loading,
    error: state.error,
    reload: load,
  };
}
