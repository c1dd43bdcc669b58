import { EmptyState } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import { uploadCommand } from '../NoPostureDataEmptyState/uploadCommand';
import { TitledSnippet } from '../shared/TitledSnippet';

/** Nothing graded anywhere yet: say how an entity gets onto the scorecards. */
export function NothingGradedEmptyState() {
  return (
    <EmptyState
      missing="data"
      title="No entity has been graded yet"
      description={
        <>
          No entity has been graded yet: upload a Trivy report from CI and the
          entity appears here, grouped by its owner, system and domain. Scan the
          image with Trivy (
          <code>
            trivy image --format json --output trivy-report.json &lt;image&gt;
          </code>
          ) and upload the report with the command below, naming the entity and
          using a service token allowed to upload reports as{' '}
          <code>POSTURE_UPLOAD_TOKEN</code>. Each entity's Security tab shows
          the same steps with its own name filled in.
        </>
      }
      action={
        <TitledSnippet
          title="Upload from any CI"
          language="bash"
          text={uploadCommand('component:default/<name>')}
        />
      }
    />
  );
}

/** The filters (or the group) leave nothing: say so, and offer the way back. */
export function NoMatchEmptyState(props: {
  filtered: boolean;
  onClearFilters: () => void;
}) {
  return (
    <EmptyState
      missing="data"
      title="No entity matches"
      description={
        props.filtered
          ? 'No entity in this selection matches the filters. Clear them or loosen one to see entities again.'
          : 'This group has no graded entity: none of the entities it or its child groups own has been reported yet.'
      }
      action={
        props.filtered ? (
          <Button
            variant="contained"
            color="primary"
            onClick={props.onClearFilters}
          >
            Clear filters
          </Button>
        ) : undefined
      }
    />
  );
}
