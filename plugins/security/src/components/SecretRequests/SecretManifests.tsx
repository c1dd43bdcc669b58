import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { SecretRequest } from '@posture/backstage-plugin-security-common';
import { TitledSnippet } from '../shared/TitledSnippet';
import { secretManifests } from './manifests';

const useStyles = makeStyles(theme => ({
  manifests: {
    display: 'grid',
    gap: theme.spacing(2),
    gridTemplateColumns: 'minmax(0, 1fr)',
    [theme.breakpoints.up('lg')]: {
      gridTemplateColumns: 'repeat(2, minmax(0, 1fr))',
    },
    // Room for the snippet's copy button, which sits over the first lines' ends.
    '& pre': { paddingRight: `${theme.spacing(6)}px !important` },
  },
}));

/**
 * How the service reads its provisioned secret in Kubernetes: a manifest for each operator,
 * naming the path (never a value), with a copy button.
 */
export function SecretManifests(props: { request: SecretRequest }) {
  const classes = useStyles();
  const { request } = props;
  return (
    <section
      aria-label="How the service reads it"
      data-testid="secret-manifests"
    >
      <Typography variant="body2" paragraph>
        Apply one of these in the service’s Kubernetes namespace; the operator
        keeps a Kubernetes Secret in step with Vault
        {request.kind === 'database-role' ? ' as the password rotates.' : '.'}
      </Typography>
      <div className={classes.manifests}>
        {secretManifests(request).map(manifest => (
          <TitledSnippet
            key={manifest.id}
            title={manifest.title}
            language="yaml"
            text={manifest.yaml}
          />
        ))}
      </div>
    </section>
  );
}
