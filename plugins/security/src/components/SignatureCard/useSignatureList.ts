import { useApi } from '@backstage/core-plugin-api';
import type {
  ListResponse,
  SignatureItem,
} from '@posture/backstage-plugin-security-common';
import { useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { securityApiRef } from '../../api/SecurityApi';

export type SignatureList = {
  /** The last list received; kept while a reload runs so the rows do not blink. */
  value?: ListResponse<SignatureItem>;
  loading: boolean;
  error?: Error;
  /** Resolves once reloaded, also when that failed: the failure shows as `error`. */
  reload: () => Promise<unknown>;
};

/**
 * Every signature verdict of the entity, loaded once on mount (one small request; the
 * stale notice needs the errors it carries) and again whenever asked.
 */
export function useSignatureList(entityRef: string): SignatureList {
  const securityApi = useApi(securityApiRef);
  const [state, load] = useAsyncFn(
    () => securityApi.listSignatures(entityRef),
    [securityApi, entityRef],
    { loading: true },
  );
  useEffect(() => {
    load();
  }, [load]);
  return {
    value: state.value,
    loading: state.loading,
    error: state.error,
    reload: load,
  };
}
