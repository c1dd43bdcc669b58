import { useApi } from '@backstage/core-plugin-api';
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
import {
  checkLabel,
  type CheckResult,
  type Exemption,
} from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import { useState, type FormEvent } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import { errorMessage } from '../shared/errorMessage';
import { useUniqueId } from '../shared/useUniqueId';
import { endOfDay, expiryRange } from './exemptionDates';
import { FindingIdField } from './FindingIdField';
import { takesFindingExemption } from './findingCandidates';

const JUSTIFICATION_MIN = 10;
const JUSTIFICATION_MAX = 2000;

interface Problems {
  justification?: string;
  expiry?: string;
}

function validate(
  justification: string,
  expiry: string,
  range: { min: string; max: string },
): Problems {
  const problems: Problems = {};
  const length = justification.trim().length;
  if (length < JUSTIFICATION_MIN) {
    problems.justification = `Say why, in at least ${JUSTIFICATION_MIN} characters (${length} so far).`;
  } else if (length > JUSTIFICATION_MAX) {
    problems.justification = `Keep it to ${JUSTIFICATION_MAX} characters (${length} now).`;
  }
  if (!expiry || !DateTime.fromISO(expiry).isValid) {
    problems.expiry = 'Pick the last day the exemption should apply.';
  } else if (expiry < range.min) {
    problems.expiry = 'Pick today or a later day.';
  } else if (expiry > range.max) {
    problems.expiry = `Pick ${formatDay(range.max)} or an earlier day.`;
  }
  return problems;
}

function formatDay(date: string): string {
  return DateTime.fromISO(date).toLocaleString(DateTime.DATE_MED);
}

/**
 * Asks for an exemption of one failing check (or, for the checks that count single findings,
 * FINDING_EXEMPTION_CHECKS, of one of its findings) until the end of a chosen day. Field problems are said next to their field before
 * anything is sent; what the backend refuses (not of the owning team, already asked, a
 * stricter limit) is shown as its message.
 */
export function RequestExemptionDialog(props: {
  open: boolean;
  entityRef: string;
  check: CheckResult;
  maxDays: number;
  onClose: () => void;
  onRequested: (exemption: Exemption) => void;
}) {
  const { open, entityRef, check, maxDays, onClose, onRequested } = props;
  const api = useApi(securityApiRef);
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('xs'));
  const titleId = useUniqueId('exemption-dialog-title');
  // MUI ties a TextField's label and helper text to its input through the id.
  const justificationId = useUniqueId('exemption-justification');
  const expiryId = useUniqueId('exemption-expiry');
  const findingIdId = useUniqueId('exemption-finding');
  const range = expiryRange(maxDays);
  const [justification, setJustification] = useState('');
  const [expiry, setExpiry] = useState(range.max);
  const [findingId, setFindingId] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [submitting, setSubmitting] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const label = checkLabel(check.check);
  const findings = takesFindingExemption(check.check);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validate(justification, expiry, range);
    setProblems(found);
    setFailure(null);
    if (found.justification || found.expiry) {
      return;
    }
    setSubmitting(true);
    try {
      const exemption = await api.requestExemption({
        entityRef,
        check: check.check,
        ...(findings && findingId.trim()
          ? { findingId: findingId.trim() }
          : {}),
        justification: justification.trim(),
        expiresAt: endOfDay(expiry)!,
      });
      onRequested(exemption);
    } catch (error) {
      setFailure(errorMessage(error as Error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={submitting ? undefined : onClose}
      aria-labelledby={titleId}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={titleId}>Request an exemption: {label}</DialogTitle>
        <DialogContent>
          <DialogContentText>
            While approved, the check (or, with a finding id, that one finding)
            no longer counts against {entityRef}. Someone other than you who may
            approve exemptions has to approve it; it ends on its own at the end
            of the chosen day (at most {maxDays} days).
          </DialogContentText>
          {failure && (
            <Alert severity="error" role="alert">
              Not requested: {failure}
            </Alert>
          )}
          <TextField
            id={justificationId}
            label="Justification"
            value={justification}
            onChange={e => setJustification(e.target.value)}
            required
            multiline
            minRows={3}
            fullWidth
            margin="normal"
            // The WAI-ARIA dialog pattern: focus moves to the first field of the dialog the user
            // just opened to fill in, not to an unlabelled container.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
            error={Boolean(problems.justification)}
            helperText={
              problems.justification ??
              `Why the check cannot pass yet and what will fix it (${JUSTIFICATION_MIN} to ${JUSTIFICATION_MAX} characters).`
            }
            inputProps={{ maxLength: JUSTIFICATION_MAX + 100 }}
          />
          <TextField
            id={expiryId}
            label="Last day"
            type="date"
            value={expiry}
            onChange={e => setExpiry(e.target.value)}
            required
            fullWidth
            margin="normal"
            InputLabelProps={{ shrink: true }}
            inputProps={{ min: range.min, max: range.max }}
            error={Boolean(problems.expiry)}
            helperText={
              problems.expiry ??
              `Until the end of this day; ${formatDay(
                range.max,
              )} at the latest.`
            }
          />
          {findings && (
            <FindingIdField
              id={findingIdId}
              entityRef={entityRef}
              check={check}
              value={findingId}
              onChange={setFindingId}
            />
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={submitting}
          >
            {submitting ? 'Requesting…' : 'Request exemption'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
