import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import type { PostureSource } from '@posture/backstage-plugin-security-common';
import { useUniqueId } from '../shared/useUniqueId';

/** What each unknown is, and the one step that makes it known. */
export const MISSING_SOURCE_HELP: Record<
  PostureSource,
  { what: string; todo: string }
> = {
  scan: {
    what: 'Vulnerabilities',
    todo: 'upload a Trivy scan from CI (trivy image --format json). Until then the checks that need it earn no points.',
  },
  sbom: {
    what: 'Components (SBOM)',
    todo: 'upload an SBOM from CI (trivy image --format cyclonedx, or SPDX).',
  },
  signature: {
    what: 'Image signature',
    todo: 'sign the image in CI with cosign (keyless) and upload a scan that names its digest; Posture then checks the signature.',
  },
  secrets: {
    what: 'Secret ages',
    todo: 'Vault has not reported the annotated paths and roles yet: press Check now on the Secrets card, or check that the Posture Vault token may read their metadata.',
  },
};

/** "Not known yet": the data that applies to the entity but has not arrived, with what to do. */
export function MissingSources(props: { missing: readonly PostureSource[] }) {
  const headingId = useUniqueId('missing-sources');
  if (props.missing.length === 0) {
    return null;
  }
  return (
    <div data-testid="missing-sources">
      <Typography variant="subtitle2" component="h3" id={headingId}>
        Not known yet
      </Typography>
      <List dense disablePadding aria-labelledby={headingId}>
        {props.missing.map(source => (
          <ListItem key={source} disableGutters>
            <ListItemText
              primary={
                <>
                  <strong>{MISSING_SOURCE_HELP[source].what}</strong>:{' '}
                  {MISSING_SOURCE_HELP[source].todo}
                </>
              }
            />
          </ListItem>
        ))}
      </List>
    </div>
  );
}
