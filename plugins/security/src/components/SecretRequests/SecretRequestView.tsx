import { InfoCard, Link, Progress } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { SecretRequestDetail } from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { PostureErrorPanel } from '../PostureErrorPanel/PostureErrorPanel';
import { FormattedDate } from '../shared/FormattedDate';
import { RelativeTime } from '../shared/RelativeTime';
import { useReloadable } from '../shared/useReloadable';
import { DecisionActions } from './DecisionActions';
import { DecisionPermission } from './DecisionPermission';
import { RequestFacts, ServiceLink } from './RequestFacts';
import { RequestHistory } from './RequestHistory';
import { SecretManifests } from './SecretManifests';
import { KIND_LABELS, personName } from './secretRequestLabels';
import { useSecretRequestPaths } from './secretRequestPaths';
import { SecretRequestStatusLabel } from './SecretRequestStatusLabel';

const useStyles = makeStyles(theme => ({
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
  },
  name: { overflowWrap: 'anywhere' },
  text: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
}));

/** What the request says about its status in a sentence a requester acts on. */
function statusSentence(request: SecretRequestDetail) {
  switch (request.status) {
    case 'pending':
      return (
        <>
          Waiting for someone who may approve secrets for this service. It
          expires undecided <RelativeTime value={request.expiresAt} />.
        </>
      );
    case 'approved':
      return <>Approved; Posture is writing it to Vault.</>;
    case 'provisioned':
      return (
        <>
          In Vault at {request.mount}/{request.path}. The service’s Vault role
          reads it through the policy {request.policyName ?? 'Posture wrote'}.
        </>
      );
    case 'failed':
      return (
        <>
          Approved, but writing it to Vault failed:{' '}
          {request.reason ?? 'Vault did not say why'}. An approver can retry
          once the cause is fixed.
        </>
      );
    case 'rejected':
      return <>Rejected: {request.reason ?? 'no reason given'}.</>;
    default:
      return (
        <>
          Nobody decided in time, so it expired. Request it again if it is still
          needed.
        </>
      );
  }
}

function RequestDetails(props: {
  request: SecretRequestDetail;
  onChanged: (detail: SecretRequestDetail) => void;
}) {
  const { request, onChanged } = props;
  const classes = useStyles();
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} lg={6}>
        <InfoCard
          // The title holds a heading and the status; a span (the default) cannot hold them.
          titleTypographyProps={{ component: 'div' }}
          title={
            <div className={classes.heading}>
              <Typography component="h2" variant="h5" className={classes.name}>
                {request.name}
              </Typography>
              <SecretRequestStatusLabel status={request.status} />
            </div>
          }
        >
          <Typography variant="body2" paragraph>
            {statusSentence(request)}
          </Typography>
          <RequestFacts
            facts={[
              ['Service', <ServiceLink entityRef={request.entityRef} />],
              ['Kind', KIND_LABELS[request.kind] ?? request.kind],
              ['Rotation', `every ${request.rotationPeriodDays} days`],
              [
                request.kind === 'kv' ? 'Vault path' : 'Vault static role',
                `${request.mount}/${request.path}`,
              ],
              [
                'Version',
                request.version === null ? null : String(request.version),
              ],
              ['Policy', request.policyName],
              ['Requested by', personName(request.requester)],
              ['Requested', <FormattedDate value={request.createdAt} />],
              [
                request.status === 'rejected' ? 'Rejected by' : 'Approved by',
                request.approver ? personName(request.approver) : null,
              ],
              [
                'Provisioned',
                request.provisionedAt ? (
                  <FormattedDate value={request.provisionedAt} />
                ) : null,
              ],
            ]}
          />
          <Typography variant="subtitle2" component="h3">
            Justification
          </Typography>
          <Typography variant="body2" className={classes.text}>
            {request.justification}
          </Typography>
          <DecisionPermission request={request}>
            {decision => (
              <DecisionActions
                request={request}
                decision={decision}
                onChanged={onChanged}
              />
            )}
          </DecisionPermission>
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={6}>
        <InfoCard title="History">
          <RequestHistory events={request.events} />
        </InfoCard>
      </Grid>
      {request.status === 'provisioned' && (
        <Grid item xs={12}>
          <InfoCard title="How the service reads it">
            <SecretManifests request={request} />
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
}

/** One request: its facts, status, decision buttons for approvers, history and manifests. */
export function SecretRequestView() {
  const { id = '' } = useParams();
  const paths = useSecretRequestPaths();
  const loaded = useReloadable(api => api.getSecretRequest(id), [id]);
  // What an approval, rejection or retry answered, newer than what was loaded.
  const [changed, setChanged] = useState<SecretRequestDetail | undefined>();
  const request = changed?.id === id ? changed : loaded.value;

  if (loaded.loading && !request) {
    return <Progress />;
  }
  if (loaded.error && !request) {
    if (
      ResponseError.is(loaded.error) &&
      loaded.error.response.status === 404
    ) {
      return (
        <InfoCard title="No such request">
          <Typography variant="body2" paragraph>
            This secret request does not exist, or you may not read its service.
          </Typography>
          <Link to={paths.mine}>Back to my requests</Link>
        </InfoCard>
      );
    }
    return (
      <PostureErrorPanel
        error={loaded.error}
        onRetry={loaded.reload}
        subject="the secret request"
      />
    );
  }
  if (!request) {
    return null;
  }
  return <RequestDetails request={request} onChanged={setChanged} />;
}
