import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { EmptyState } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { getEntityImages } from '@posture/backstage-plugin-security-common';
import { TitledSnippet } from '../shared/TitledSnippet';
import { githubActionsJob } from './githubActionsJob';
import { uploadCommand } from './uploadCommand';

/**
 * The entity is annotated but no source has reported yet. The usual cause is a CI
 * pipeline that does not upload its scan, so show exactly what to add: the bare command
 * for any CI, and a whole job for GitHub Actions, the most common one.
 */
export function NoPostureDataEmptyState(props: { entity: Entity }) {
  const { entity } = props;
  const entityRef = stringifyEntityRef(entity);
  return (
    <EmptyState
      missing="data"
      title={`No security data yet for ${entity.metadata.name}`}
      description={
        <>
          Posture has not received a report for this entity. In its CI pipeline,
          scan the image with Trivy (
          <code>
            trivy image --format json --output trivy-report.json &lt;image&gt;
          </code>
          ) and upload the report with the command below, using a service token
          allowed to upload reports as <code>POSTURE_UPLOAD_TOKEN</code>.
          CycloneDX and SPDX SBOMs and Sigstore bundles are uploaded the same
          way; see <code>docs/uploading-reports.md</code>. Ready-made GitHub
          Actions and GitLab CI jobs are in <code>examples/ci</code> in the
          Posture repository.
        </>
      }
      action={
        <Box display="flex" flexDirection="column" gridGap={16}>
          <TitledSnippet
            title="Upload from any CI"
            language="bash"
            text={uploadCommand(entityRef)}
          />
          <TitledSnippet
            title="GitHub Actions"
            language="yaml"
            text={githubActionsJob(entityRef, getEntityImages(entity)[0])}
          />
        </Box>
      }
    />
  );
}
