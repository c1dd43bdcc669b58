import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import type { SignatureSummary } from '@posture/backstage-plugin-security-common';
import { SignatureDetails } from './SignatureDetails';
import { SignatureNotReported } from './SignatureNotReported';

/**
 * Whether the deployed image carries a verified signature, and from whom. The test id
 * and `data-status` (the status, or `not-reported`) are what end-to-end tests read.
 */
export function SignatureCard(props: {
  entity: Entity;
  summary: SignatureSummary | null;
  /** The digest of the latest scan, for the signing instructions before any verdict. */
  scannedDigest: string | null;
  /** Fetches the posture again, for after "Check now". */
  onReload: () => Promise<void>;
}) {
  const { entity, summary, scannedDigest, onReload } = props;
  const entityRef = stringifyEntityRef(entity);
  // The wrapper passes the grid cell's height on, so the card lines up with its neighbour.
  return (
    <Box
      data-testid="signature-card"
      data-status={summary?.status ?? 'not-reported'}
      height="100%"
    >
      <InfoCard title="Signature" variant="gridItem">
        {summary ? (
          <SignatureDetails
            entity={entity}
            entityRef={entityRef}
            summary={summary}
            onReload={onReload}
          />
        ) : (
          <SignatureNotReported
            entity={entity}
            entityRef={entityRef}
            scannedDigest={scannedDigest}
            onReload={onReload}
          />
        )}
      </InfoCard>
    </Box>
  );
}
