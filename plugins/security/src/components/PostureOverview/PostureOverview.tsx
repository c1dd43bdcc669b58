import type { Entity } from '@backstage/catalog-model';
import Grid from '@material-ui/core/Grid';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import { PostureSummaryCard } from '../PostureSummaryCard/PostureSummaryCard';
import { SbomCard } from '../SbomCard/SbomCard';
import { SbomTable } from '../SbomTable';
import { SecretsCard } from '../SecretsCard';
import { SignatureCard } from '../SignatureCard/SignatureCard';
import { VulnerabilitiesCard } from '../VulnerabilitiesCard/VulnerabilitiesCard';
import { VulnerabilitiesTable } from '../VulnerabilitiesTable';
import { useReports } from './useReports';

/**
 * Layout of the data state: the headline card, one card per source, then the full lists
 * of findings and components for the sources that have reported.
 */
export function PostureOverview(props: {
  entity: Entity;
  entityRef: string;
  posture: EntityPosture;
  /** Fetches the posture again, for a card whose action changed it. */
  onReload: () => Promise<void>;
}) {
  const { entity, entityRef, posture, onReload } = props;
  const reports = useReports(
    entityRef,
    posture.vulnerabilities !== null || posture.sbom !== null,
  );
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <PostureSummaryCard posture={posture} />
      </Grid>
      <Grid item xs={12} md={6}>
        <VulnerabilitiesCard
          summary={posture.vulnerabilities}
          reports={reports}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <SignatureCard
          entity={entity}
          summary={posture.signature}
          scannedDigest={posture.vulnerabilities?.digest ?? null}
          onReload={onReload}
        />
      </Grid>
      <Grid item xs={12} md={6}>
        <SbomCard summary={posture.sbom} />
      </Grid>
      <Grid item xs={12} md={6}>
        <SecretsCard
          entity={entity}
          summary={posture.secrets}
          onReload={onReload}
        />
      </Grid>
      {posture.vulnerabilities && (
        <Grid item xs={12}>
          <VulnerabilitiesTable
            entityRef={entityRef}
            summary={posture.vulnerabilities}
          />
        </Grid>
      )}
      {posture.sbom && (
        <Grid item xs={12}>
          <SbomTable
            entityRef={entityRef}
            summary={posture.sbom}
            reports={reports}
          />
        </Grid>
      )}
    </Grid>
  );
}
