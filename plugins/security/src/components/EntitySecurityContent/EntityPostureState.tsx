import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { Progress } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { NoPostureDataEmptyState } from '../NoPostureDataEmptyState/NoPostureDataEmptyState';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { PostureOverview } from '../PostureOverview/PostureOverview';
import { hasVaultAnnotations, SecretsCard } from '../SecretsCard';
import { hasPostureData } from './hasPostureData';
import { usePosture } from './usePosture';

/** Fetches the entity's posture and picks the loading, error, empty or data state. */
export function EntityPostureState(props: { entity: Entity }) {
  const { entity } = props;
  const entityRef = stringifyEntityRef(entity);
  const { value, loading, error, retry, reload } = usePosture(entityRef);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <PostureErrorPanel error={error} onRetry={retry} />;
  }
  if (!value || !hasPostureData(value)) {
    // Vault is pulled, not pushed from CI: offer to check it now rather than only
    // explaining uploads, or a Vault-only entity would wait for the schedule.
    return (
      <>
        {hasVaultAnnotations(entity) && (
          <Box mb={3}>
            <SecretsCard entity={entity} summary={null} onReload={reload} />
          </Box>
        )}
        <NoPostureDataEmptyState entity={entity} />
      </>
    );
  }
  return (
    <PostureOverview
      entity={entity}
      entityRef={entityRef}
      posture={value}
      onReload={reload}
    />
  );
}
