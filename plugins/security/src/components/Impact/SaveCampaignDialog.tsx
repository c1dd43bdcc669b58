import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogContentText from '@material-ui/core/DialogContentText';
import DialogTitle from '@material-ui/core/DialogTitle';
import { useTheme } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import useMediaQuery from '@material-ui/core/useMediaQuery';
import Alert from '@material-ui/lab/Alert';
import {
  securityCampaignManagePermission,
  type Campaign,
  type ImpactQuery,
} from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import { useState, type FormEvent } from 'react';
import { securityApiRef } from '../../api/SecurityApi';
import { errorMessage } from '../shared/errorMessage';
import { useUniqueId } from '../shared/useUniqueId';
import { describeImpactQuery } from './impactSearch';

/** The backend's bounds (CampaignInput in the spec). */
const TITLE_MIN = 3;
const TITLE_MAX = 200;
const NOTE_MAX = 4000;
/** A month is what most fixes take to ship; the reader changes it when it is not. */
const DEFAULT_DAYS = 30;

export const NO_CAMPAIGN_PERMISSION = `You need the ${securityCampaignManagePermission.name} permission`;

type Field = 'title' | 'deadline' | 'note';

function today(): string {
  return DateTime.local().toISODate()!;
}

function validate(
  title: string,
  deadline: string,
  note: string,
): Partial<Record<Field, string>> {
  const problems: Partial<Record<Field, string>> = {};
  if (title.length < TITLE_MIN || title.length > TITLE_MAX) {
    problems.title = `Between ${TITLE_MIN} and ${TITLE_MAX} characters (${title.length} now).`;
  }
  if (!DateTime.fromISO(deadline).isValid) {
    problems.deadline = 'Pick a date.';
  } else if (deadline < today()) {
    problems.deadline = 'Today or later.';
  }
  if (note.length > NOTE_MAX) {
    problems.note = `Keep it to ${NOTE_MAX} characters (${note.length} now).`;
  }
  return problems;
}

/** The backend's refusal in words: a missing permission says which. */
function failureOf(error: Error): string {
  if (ResponseError.is(error) && error.response.status === 403) {
    return NO_CAMPAIGN_PERMISSION;
  }
  return errorMessage(error);
}

/**
 * Saves the impact query as a campaign: a title, a deadline (a month from today unless
 * changed) and a note for the owners, who are notified. What the backend refuses (a missing
 * permission, a bad field) is shown in the dialog, which keeps what was typed.
 */
export function SaveCampaignDialog(props: {
  open: boolean;
  query: ImpactQuery;
  onClose: () => void;
  onSaved: (campaign: Campaign) => void;
}) {
  const { open, query, onClose, onSaved } = props;
  const securityApi = useApi(securityApiRef);
  const theme = useTheme();
  const fullScreen = useMediaQuery(theme.breakpoints.down('xs'));
  const id = useUniqueId('save-campaign');
  const [title, setTitle] = useState(`${describeImpactQuery(query)} gone`);
  const [deadline, setDeadline] = useState(
    () => DateTime.local().plus({ days: DEFAULT_DAYS }).toISODate()!,
  );
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const input = { title: title.trim(), deadline, note: note.trim() };
    const found = validate(input.title, input.deadline, input.note);
    setProblems(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) {
      return;
    }
    setSaving(true);
    try {
      const campaign = await securityApi.createCampaign({
        title: input.title,
        deadline: input.deadline,
        ...(input.note ? { note: input.note } : {}),
        query,
      });
      onSaved(campaign);
    } catch (error) {
      setFailure(failureOf(error as Error));
      setSaving(false);
    }
  };

  return (
    <Dialog
      open={open}
      onClose={saving ? undefined : onClose}
      aria-labelledby={`${id}-title`}
      fullScreen={fullScreen}
      fullWidth
      maxWidth="sm"
    >
      <form onSubmit={submit} noValidate>
        <DialogTitle id={`${id}-title`}>Save as campaign</DialogTitle>
        <DialogContent>
          <DialogContentText>
            The campaign follows the services that still match{' '}
            <strong>{describeImpactQuery(query)}</strong> until the deadline;
            their owners are told now and a week before it.
          </DialogContentText>
          {failure && (
            <Alert severity="error" role="alert">
              Not saved: {failure}
            </Alert>
          )}
          <TextField
            id={`${id}-name`}
            label="Title"
            value={title}
            onChange={event => setTitle(event.target.value)}
            required
            fullWidth
            margin="normal"
            // The dialog's first field: focus goes to it, as the WAI-ARIA dialog pattern says.
            // eslint-disable-next-line jsx-a11y/no-autofocus
            autoFocus
            error={Boolean(problems.title)}
            helperText={
              problems.title ?? 'e.g. log4j-core below 2.17 gone by 31 January'
            }
            inputProps={{ maxLength: TITLE_MAX + 50 }}
          />
          <TextField
            id={`${id}-deadline`}
            label="Deadline"
            type="date"
            value={deadline}
            onChange={event => setDeadline(event.target.value)}
            required
            margin="normal"
            InputLabelProps={{ shrink: true }}
            inputProps={{ min: today() }}
            error={Boolean(problems.deadline)}
            helperText={problems.deadline}
          />
          <TextField
            id={`${id}-note`}
            label="Note"
            value={note}
            onChange={event => setNote(event.target.value)}
            multiline
            minRows={3}
            fullWidth
            margin="normal"
            error={Boolean(problems.note)}
            helperText={
              problems.note ?? 'What owners should do, e.g. upgrade to 2.17.1.'
            }
            inputProps={{ maxLength: NOTE_MAX + 100 }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={saving}>
            Cancel
          </Button>
          <Button
            type="submit"
            color="primary"
            variant="contained"
            disabled={saving}
          >
            {saving ? 'Saving…' : 'Save'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
