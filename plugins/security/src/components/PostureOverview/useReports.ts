import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { securityApiRef } from '../../api/SecurityApi';
import type { SecurityReport } from '../../api/types';

/**
 * The entity's current reports, fetched once for every section that needs them. They only
 * add detail (downloads, Trivy's other findings), so a failure leaves them undefined
 * rather than taking the tab down, and nothing is asked for an entity without reports.
 */
export function useReports(
  entityRef: string,
  enabled: boolean,
): SecurityReport[] | undefined {
  const securityApi = useApi(securityApiRef);
  const { value } = useAsync(
    async () =>
      enabled ? (await securityApi.listReports(entityRef)).items : undefined,
    [securityApi, entityRef, enabled],
  );
  return value;
}
