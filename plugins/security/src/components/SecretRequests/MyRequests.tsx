import { InfoCard, LinkButton, Progress } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { useReloadable } from '../shared/useReloadable';
import { RequestListItem } from './RequestListItem';
import { useSecretRequestPaths } from './secretRequestPaths';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0 },
});

/** The user's own requests, newest first, each with its status and a link to its history. */
export function MyRequests() {
  const classes = useStyles();
  const paths = useSecretRequestPaths();
  const requests = useReloadable(
    api => api.listSecretRequests({ mine: true }),
    [],
  );
  const items = requests.value?.items ?? [];

  let content;
  if (requests.loading && !requests.value) {
    content = <Progress />;
  } else if (requests.error) {
    content = (
      <PostureErrorPanel
        error={requests.error}
        onRetry={requests.reload}
        subject="your secret requests"
      />
    );
  } else if (items.length === 0) {
    content = (
      <>
        <Typography variant="subtitle1" component="p">
          You have not requested a secret yet
        </Typography>
        <Typography variant="body2" color="textSecondary" paragraph>
          Ask for one for a service you work on: someone who may approve secrets
          for it decides, and Posture creates it in Vault without anyone seeing
          the value.
        </Typography>
        <LinkButton to={paths.create} variant="contained" color="primary">
          Request a secret
        </LinkButton>
      </>
    );
  } else {
    content = (
      <ul className={classes.list} aria-label="My secret requests">
        {items.map(request => (
          <RequestListItem key={request.id} request={request} />
        ))}
      </ul>
    );
  }

  return (
    <InfoCard title="My requests">
      <div data-testid="my-secret-requests">{content}</div>
    </InfoCard>
  );
}
