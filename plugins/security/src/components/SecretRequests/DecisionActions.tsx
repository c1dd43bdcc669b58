import { useApi } from '@backstage/core-plugin-api';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import type {
  SecretRequest,
  SecretRequestDetail,
} from '@posture/backstage-plugin-security-common';
import { useState } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import { errorMessage } from '../shared/errorMessage';
import type { Decision } from './DecisionPermission';
import { RejectDialog } from './RejectDialog';
import { requestSubject } from './requestSubject';

const useStyles = makeStyles(theme => ({
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
  outcome: { marginTop: theme.spacing(1) },
}));

type Action = 'approve' | 'retry';

type Outcome = { severity: 'success' | 'error'; text: string };

/** What an approval or retry came to, in words: the backend provisions before it answers. */
function outcomeOf(detail: SecretRequestDetail, action: Action): Outcome {
  const done = action === 'approve' ? 'Approved' : 'Retried';
  if (detail.status === 'provisioned') {
    return {
      severity: 'success',
      text: `${done} and provisioned in Vault at ${detail.mount}/${detail.path}.`,
    };
  }
  if (detail.status === 'failed') {
    return {
      severity: 'error',
      text: `${done}, but provisioning failed: ${
        detail.reason ?? 'Vault did not say why'
      }. Retry once the cause is fixed.`,
    };
  }
  return { severity: 'success', text: `${done}.` };
}

/**
 * Approve and Reject on a pending request, Retry on a failed one, for those who may decide
 * (never on one's own). An approval answers once Vault is written, so its outcome (provisioned,
 * or failed with the reason) is said here; what the backend refuses is said too.
 */
export function DecisionActions(props: {
  request: SecretRequest;
  decision: Decision;
  onChanged: (detail: SecretRequestDetail) => void;
}) {
  const { request, decision, onChanged } = props;
  const { known, canDecide, own } = decision;
  const classes = useStyles();
  const api = useApi(securityApiRef);
  const [busy, setBusy] = useState<Action | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [rejecting, setRejecting] = useState(false);
  const subject = requestSubject(request);

  const act = async (action: Action) => {
    setBusy(action);
    setOutcome(null);
    try {
      const detail =
        action === 'approve'
          ? await api.approveSecretRequest(request.id)
          : await api.retrySecretRequest(request.id);
      setOutcome(outcomeOf(detail, action));
      onChanged(detail);
    } catch (error) {
      setOutcome({
        severity: 'error',
        text: `Could not ${action} ${subject}: ${errorMessage(error as Error)}`,
      });
    } finally {
      setBusy(null);
    }
  };

  const reject = async (reason: string) => {
    try {
      const detail = await api.rejectSecretRequest(request.id, reason);
      setRejecting(false);
      setOutcome({ severity: 'success', text: `Rejected ${subject}.` });
      onChanged(detail);
    } catch (error) {
      throw new Error(errorMessage(error as Error));
    }
  };

  const pending = request.status === 'pending';
  const failed = request.status === 'failed';
  return (
    <>
      {outcome && (
        <Alert
          severity={outcome.severity}
          role={outcome.severity === 'error' ? 'alert' : 'status'}
          className={classes.outcome}
        >
          {outcome.text}
        </Alert>
      )}
      {known && pending && !canDecide && (
        <Typography
          variant="body2"
          color="textSecondary"
          className={classes.outcome}
          data-testid="decision-note"
        >
          {own
            ? 'You asked for this, so someone else approves or rejects it.'
            : 'You may not approve secrets for this service; someone who may decides.'}
        </Typography>
      )}
      {canDecide && pending && (
        <Box className={classes.actions}>
          <Button
            size="small"
            variant="contained"
            color="primary"
            disabled={busy !== null}
            onClick={() => act('approve')}
            aria-label={`Approve ${subject}`}
          >
            {busy === 'approve' ? 'Approving and provisioning…' : 'Approve'}
          </Button>
          <Button
            size="small"
            variant="outlined"
            disabled={busy !== null}
            onClick={() => setRejecting(true)}
            aria-label={`Reject ${subject}`}
          >
            Reject
          </Button>
        </Box>
      )}
      {canDecide && failed && (
        <Box className={classes.actions}>
          <Button
            size="small"
            variant="contained"
            color="primary"
            disabled={busy !== null}
            onClick={() => act('retry')}
            aria-label={`Retry provisioning ${subject}`}
          >
            {busy === 'retry' ? 'Retrying…' : 'Retry provisioning'}
          </Button>
        </Box>
      )}
      {rejecting && (
        <RejectDialog
          open
          subject={subject}
          onClose={() => setRejecting(false)}
          onReject={reject}
        />
      )}
    </>
  );
}
