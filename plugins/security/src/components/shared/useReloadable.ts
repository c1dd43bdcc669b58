import { useApi } from '@backstage/core-plugin-api';
import { useEffect } from 'react';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { securityApiRef, type SecurityApi } from '../../api/SecurityApi';

export type Reloadable<T> = {
  /** The last value received; kept while a reload runs so the rows do not blink. */
  value?: T;
  loading: boolean;
  error?: Error;
  /** Resolves once reloaded, also when that failed: the failure shows as `error`. */
  reload: () => Promise<unknown>;
};

/** One read of the security API, made on mount and again whenever asked. */
export function useReloadable<T>(
  read: (api: SecurityApi) => Promise<T>,
  deps: unknown[],
): Reloadable<T> {
  const securityApi = useApi(securityApiRef);
  const [state, load] = useAsyncFn(
    () => read(securityApi),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [securityApi, ...deps],
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
