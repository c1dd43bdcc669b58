import { Link } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { SecretRequest } from '@posture/backstage-plugin-security-common';
import type { ReactNode } from 'react';
import { RelativeTime } from '../shared/RelativeTime';
import { pendingAge } from './pendingAge';
import { RequestFacts, ServiceLink } from './RequestFacts';
import { requestSubject } from './requestSubject';
import { KIND_LABELS, personName } from './secretRequestLabels';
import { useSecretRequestPaths } from './secretRequestPaths';
import { SecretRequestStatusLabel } from './SecretRequestStatusLabel';

const useStyles = makeStyles(theme => ({
  item: {
    padding: theme.spacing(1.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.5),
  },
  name: {
    fontWeight: theme.typography.fontWeightMedium as number,
    overflowWrap: 'anywhere',
  },
  text: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
}));

/**
 * One request in a list: its name (linking to its page with the history), status, service,
 * kind and when it was asked; the queue adds who asked, how long it has waited and why.
 */
export function RequestListItem(props: {
  request: SecretRequest;
  /** The approval queue's view: requester, waiting time and justification. */
  forApprover?: boolean;
  children?: ReactNode;
}) {
  const { request, forApprover, children } = props;
  const classes = useStyles();
  const paths = useSecretRequestPaths();
  const subject = requestSubject(request);
  const waited =
    request.status === 'pending' ? pendingAge(request.createdAt) : null;
  return (
    <li
      className={classes.item}
      aria-label={`Secret request: ${subject}`}
      data-testid="secret-request-item"
    >
      <div className={classes.heading}>
        <Typography component="h3" variant="body1" className={classes.name}>
          <Link
            to={paths.request(request.id)}
            aria-label={`${subject}: open its history`}
          >
            {request.name}
          </Link>
        </Typography>
        <SecretRequestStatusLabel status={request.status} />
      </div>
      <RequestFacts
        facts={[
          ['Service', <ServiceLink entityRef={request.entityRef} />],
          ['Kind', KIND_LABELS[request.kind] ?? request.kind],
          ['Requested by', forApprover ? personName(request.requester) : null],
          // In the queue a pending request's age says more than the date it was asked on.
          forApprover && waited
            ? ['Waiting for', waited]
            : ['Requested', <RelativeTime value={request.createdAt} />],
          ['Rotation', `every ${request.rotationPeriodDays} days`],
          [
            'Reason',
            request.status === 'rejected' || request.status === 'failed'
              ? request.reason ?? 'Not given'
              : null,
          ],
        ]}
      />
      {forApprover && (
        <Typography variant="body2" className={classes.text}>
          {request.justification}
        </Typography>
      )}
      {children}
    </li>
  );
}
