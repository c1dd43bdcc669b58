import Grid from '@material-ui/core/Grid';
import type { EntityPosture } from '@posture/backstage-plugin-security-common';
import { PostureSummaryCard } from '../PostureSummaryCard/PostureSummaryCard';
import { SbomCard } from '../SbomCard/SbomCard';
import { SecretsCard } from '../SecretsCard/SecretsCard';
import { SignatureCard } from '../SignatureCard/SignatureCard';
import { VulnerabilitiesCard } from '../VulnerabilitiesCard/VulnerabilitiesCard';

/** Layout of the data state: the headline card, then one card per source. */
export function PostureOverview(props: { posture: EntityPosture }) {
  const { posture } = props;
  return (
    <Grid container spacing={3} alignItems="stretch">
      <Grid item xs={12}>
        <PostureSummaryCard posture={posture} />
      </Grid>
      <Grid item xs={12} md={6}>
        <VulnerabilitiesCard summary={posture.vulnerabilities} />
      </Grid>
      <Grid item xs={12} md={6}>
        <SignatureCard summary={posture.signature} />
      </Grid>
      <Grid item xs={12} md={6}>
        <SbomCard summary={posture.sbom} />
      </Grid>
      <Grid item xs={12} md={6}>
        <SecretsCard summary={posture.secrets} />
      </Grid>
    </Grid>
  );
}
