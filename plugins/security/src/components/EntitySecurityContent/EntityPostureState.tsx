import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { securityApiRef } from '../../api/SecurityApi';
import { NoPostureDataEmptyState } from '../NoPostureDataEmptyState/NoPostureDataEmptyState';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { PostureOverview } from '../PostureOverview/PostureOverview';
import { hasPostureData } from './hasPostureData';

/** Fetches the entity's posture and picks the loading, error, empty or data state. */
export function EntityPostureState(props: { entity: Entity }) {
  const securityApi = useApi(securityApiRef);
  const entityRef = stringifyEntityRef(props.entity);
  const { value, loading, error, retry } = useAsyncRetry(
    () => securityApi.getPosture(entityRef),
    [securityApi, entityRef],
  );

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <PostureErrorPanel error={error} onRetry={retry} />;
  }
  if (!value || !hasPostureData(value)) {
    return <NoPostureDataEmptyState entity={props.entity} />;
  }
  return <PostureOverview entityRef={entityRef} posture={value} />;
}
