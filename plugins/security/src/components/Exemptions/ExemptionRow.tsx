import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import {
  checkLabel,
  type Exemption,
} from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import { EntryListItem } from '../shared/EntryList';
import { errorMessage } from '../shared/errorMessage';
import { FormattedDate } from '../shared/FormattedDate';
import { ExemptionStatusLabel } from './CheckStatusLabel';

const useStyles = makeStyles(theme => ({
  facts: {
    ...theme.typography.body2,
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: theme.spacing(2),
    rowGap: theme.spacing(0.25),
    margin: theme.spacing(1, 0),
    '& dt': { color: theme.palette.text.secondary },
    '& dd': { margin: 0, overflowWrap: 'anywhere' },
  },
  text: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: theme.spacing(1) },
}));

/** `user:default/alice` reads as `alice`; other namespaces and kinds stay visible. */
function personName(ref: string): string {
  const match = /^user:default\/(.+)$/i.exec(ref);
  return match ? match[1] : ref;
}

function decidedByLabel(exemption: Exemption): string {
  if (exemption.status === 'rejected') return 'Rejected by';
  return exemption.approver ? 'Approved by' : 'Approver';
}

type Decision = 'approve' | 'reject';

/**
 * One exemption: what it covers, its status, who asked and who decided, until when and why.
 * Approve and Reject are offered on a pending one to those who may decide; what the backend
 * refuses (e.g. approving one's own) is shown in the row.
 */
export function ExemptionRow(props: {
  exemption: Exemption;
  canDecide: boolean;
  onDecided: (exemption: Exemption) => void;
}) {
  const { exemption, canDecide, onDecided } = props;
  const classes = useStyles();
  const api = useApi(securityApiRef);
  const [busy, setBusy] = useState<Decision | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const what = exemption.findingId
    ? `${exemption.findingId} (${checkLabel(exemption.check)})`
    : checkLabel(exemption.check);

  const decide = async (decision: Decision) => {
    setBusy(decision);
    setFailure(null);
    try {
      const decided =
        decision === 'approve'
          ? await api.approveExemption(exemption.id)
          : await api.rejectExemption(exemption.id);
      onDecided(decided);
    } catch (error) {
      setFailure(
        `Could not ${decision} this exemption: ${errorMessage(error as Error)}`,
      );
    } finally {
      setBusy(null);
    }
  };

  return (
    <EntryListItem
      title={what}
      aside={<ExemptionStatusLabel status={exemption.status} />}
      label={`Exemption: ${what}`}
    >
      <dl className={classes.facts}>
        <dt>Requested by</dt>
        <dd>{personName(exemption.requester)}</dd>
        <dt>{decidedByLabel(exemption)}</dt>
        <dd>
          {exemption.approver
            ? personName(exemption.approver)
            : 'Not decided yet'}
        </dd>
        <dt>{exemption.status === 'expired' ? 'Expired' : 'Expires'}</dt>
        <dd>
          <FormattedDate value={exemption.expiresAt} />
        </dd>
      </dl>
      <Typography variant="body2" className={classes.text}>
        {exemption.justification}
      </Typography>
      {exemption.comment && (
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.text}
        >
          Comment: {exemption.comment}
        </Typography>
      )}
      {failure && (
        <Box mt={1}>
          <Alert severity="error" role="alert">
            {failure}
          </Alert>
        </Box>
      )}
      {canDecide && exemption.status === 'pending' && (
        <Box mt={1} className={classes.actions}>
          <Button
            size="small"
            variant="contained"
            color="primary"
            disabled={busy !== null}
            onClick={() => decide('approve')}
            aria-label={`Approve exemption: ${what}`}
          >
            {busy === 'approve' ? 'Approving…' : 'Approve'}
          </Button>
          <Button
            size="small"
            variant="outlined"
            disabled={busy !== null}
            onClick={() => decide('reject')}
            aria-label={`Reject exemption: ${what}`}
          >
            {busy === 'reject' ? 'Rejecting…' : 'Reject'}
          </Button>
        </Box>
      )}
    </EntryListItem>
  );
}
