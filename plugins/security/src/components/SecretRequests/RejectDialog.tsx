import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import TextField from '@material-ui/core/TextField';
import { useTheme } from '@material-ui/core/styles';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import Alert from '@material-ui/lab/Alert';
import { useState, type FormEvent } from 'react';
import { useUniqueId } from '../shared/useUniqueId';

/** The backend's bounds of a rejection reason (SecretRequestRejection in the spec). */
const REASON_MAX = 2000;

/**
 * Asks why before rejecting: the reason is required, since it is what the requester reads to
 * know what to do instead. What the backend refuses is shown in the dialog.
 */
export function RejectDialog(props: {
  open: boolean;
  /** e.g. "stripe-api-key for payments". */
  subject: string;
  onClose: () => void;
  /** Sends the rejection; rejects with the backend's error to show. */
  onReject: (reason: string) => Promise<void>;
}) {
  const { open, subject, onClose, onReject } = props;
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('xs'));
  const titleId = useUniqueId('reject-secret-request-title');
  const reasonId = useUniqueId('reject-secret-request-reason');
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = reason.trim();
    setFailure(null);
    if (!trimmed) {
      setProblem('Say why, so the requester knows what to do instead.');
      return;
    }
    if (trimmed.length > REASON_MAX) {
      setProblem(
        `Keep it to ${REASON_MAX} characters (${trimmed.length} now).`,
      );
      return;
    }
    setProblem(null);
    setSending(true);
    try {
      await onReject(trimmed);
    } catch (error) {
      setFailure((error as Error).message);
    } finally {
      setSending(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={sending ? undefined : onClose}
      aria-labelledby={titleId}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>Reject {subject}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            Nothing is written to Vault. The requester is told, with your
            reason, and can ask again.
          </DialogContentText>
          {failure && (
            <Alert severity="error" role="alert">
              Not rejected: {failure}
            </Alert>
          )}
          <TextField
            id={reasonId}
            label="Reason"
            value={reason}
            onChange={e => setReason(e.target.value)}
            required
            multiline
            minRows={3}
            fullWidth
            margin="normal"
            // The dialog's one field: focus goes to it, as the WAI-ARIA dialog pattern says.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
            error={Boolean(problem)}
            helperText={
              problem ??
              'What the requester should do instead, e.g. use an existing secret.'
            }
            inputProps={{ maxLength: REASON_MAX + 100 }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={sending}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={sending}
          >
            {sending ? 'Rejecting…' : 'Reject request'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
