import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import type { SecretsSummary } from '@posture/backstage-plugin-security-common';
import { useRequestSecretLink } from '../SecretRequests/useRequestSecretLink';
import { hasVaultAnnotations } from './hasVaultAnnotations';
import { SecretsAnnotationHint } from './SecretsAnnotationHint';
import { SecretsDetails } from './SecretsDetails';
import { SecretsNotReported } from './SecretsNotReported';

/**
 * Secret age from Vault metadata; values never reach Posture. The title and test id are
 * what end-to-end tests find the card by.
 */
export function SecretsCard(props: {
  entity: Entity;
  summary: SecretsSummary | null;
  /** Fetches the posture again, for after "Check now". */
  onReload: () => Promise<void>;
}) {
  const { entity, summary, onReload } = props;
  const entityRef = stringifyEntityRef(entity);
  const requestLink = useRequestSecretLink(entityRef);
  let content;
  if (summary) {
    content = (
      <SecretsDetails
        entityRef={entityRef}
        summary={summary}
        onReload={onReload}
      />
    );
  } else if (hasVaultAnnotations(entity)) {
    content = <SecretsNotReported entityRef={entityRef} onReload={onReload} />;
  } else {
    content = <SecretsAnnotationHint entityName={entity.metadata.name} />;
  }
  // The wrapper passes the grid cell's height on, so the card lines up with its neighbour.
  return (
    <Box data-testid="secrets-card" height="100%">
      <InfoCard
        title="Secrets"
        variant="gridItem"
        deepLink={
          requestLink
            ? { title: 'Request a secret', link: requestLink }
            : undefined
        }
      >
        {content}
      </InfoCard>
    </Box>
  );
}
