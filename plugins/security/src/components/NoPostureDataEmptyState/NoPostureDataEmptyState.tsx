import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { uploadCommand } from './uploadCommand';

/**
 * The entity is annotated but no source has reported yet. The usual cause is a CI
 * pipeline that does not upload its scan, so show exactly what to add.
 */
export function NoPostureDataEmptyState(props: { entity: Entity }) {
  const { entity } = props;
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
          way; see <code>docs/uploading-reports.md</code>.
        </>
      }
      action={
        <CodeSnippet
          language="bash"
          text={uploadCommand(stringifyEntityRef(entity))}
          showCopyCodeButton
          wrapLongLines
        />
      }
    />
  );
}
