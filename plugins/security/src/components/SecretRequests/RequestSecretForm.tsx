import { InfoCard } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import Alert from '@material-ui/lab/Alert';
import { SECRET_REQUEST_LIMITS } from '@posture/backstage-plugin-security-common';
import { useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { securityApiRef } from '../../api/SecurityApi';
import { errorMessage } from '../shared/errorMessage';
import { useUniqueId } from '../shared/useUniqueId';
import { EntityRefPicker } from './EntityRefPicker';
import {
  FORM_FIELDS,
  previewPath,
  problemsOfMessage,
  validateRequestForm,
  type FieldProblems,
  type RequestFormField,
  type RequestFormValues,
} from './requestForm';
import { SecretKindField } from './SecretKindField';

const L = SECRET_REQUEST_LIMITS;

/** A rotation period that suits most secrets; the requester changes it when theirs differs. */
const DEFAULT_ROTATION_DAYS = '90';

const useStyles = makeStyles(theme => ({
  form: { maxWidth: 720 },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(1),
    marginTop: theme.spacing(2),
  },
  path: { overflowWrap: 'anywhere' },
}));

/**
 * Asks for a secret for a service. Checked with the backend's own schema before anything is
 * sent, each problem next to its field (and focus on the first); what the backend refuses
 * (403 not allowed for this service, 409 already requested, ...) is shown above the form.
 * Once requested, the request's own page opens.
 */
export function RequestSecretForm() {
  const classes = useStyles();
  const api = useApi(securityApiRef);
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [values, setValues] = useState<RequestFormValues>(() => ({
    entityRef: searchParams.get('entityRef') || null,
    kind: 'kv',
    name: '',
    rotationPeriodDays: DEFAULT_ROTATION_DAYS,
    justification: '',
  }));
  const [problems, setProblems] = useState<FieldProblems>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const ids = {
    entityRef: useUniqueId('secret-request-service'),
    name: useUniqueId('secret-request-name'),
    rotationPeriodDays: useUniqueId('secret-request-rotation'),
    justification: useUniqueId('secret-request-justification'),
  };
  const fieldRefs = useRef<Partial<Record<RequestFormField, HTMLInputElement>>>(
    {},
  );
  const refFor = (field: RequestFormField) => (element: HTMLInputElement) => {
    fieldRefs.current[field] = element ?? undefined;
  };

  const set = <K extends RequestFormField>(
    field: K,
    value: RequestFormValues[K],
  ) => setValues(current => ({ ...current, [field]: value }));

  const focusFirst = (found: FieldProblems) => {
    const first = FORM_FIELDS.find(field => found[field]);
    if (first) {
      fieldRefs.current[first]?.focus();
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(null);
    const result = validateRequestForm(values);
    if ('problems' in result) {
      setProblems(result.problems);
      focusFirst(result.problems);
      return;
    }
    setProblems({});
    setSending(true);
    try {
      const created = await api.createSecretRequest(result.input);
      navigate(`../requests/${encodeURIComponent(created.id)}`);
    } catch (error) {
      const message = errorMessage(error as Error);
      setFailure(message);
      // The server's 400 names the fields the way the shared schema does.
      if (ResponseError.is(error) && error.response.status === 400) {
        setProblems(problemsOfMessage(message));
      }
      setSending(false);
    }
  };

  const path = previewPath(values);
  return (
    <InfoCard title="Request a secret">
      <form
        className={classes.form}
        onSubmit={submit}
        noValidate
        aria-label="Request a secret"
      >
        <Typography variant="body2" paragraph>
          Someone other than you who may approve secrets for the service
          decides; Posture then creates the secret in Vault and grants the
          service’s Vault role read on it. Nobody ever types or sees the value.
        </Typography>
        {failure && (
          <Alert severity="error" role="alert">
            Not requested: {failure}
          </Alert>
        )}
        <EntityRefPicker
          id={ids.entityRef}
          label="Service"
          kind="component"
          value={values.entityRef}
          onChange={ref => set('entityRef', ref)}
          required
          error={problems.entityRef}
          helperText="The catalog component that will read the secret."
          inputRef={refFor('entityRef')}
        />
        <SecretKindField
          value={values.kind}
          onChange={kind => set('kind', kind)}
          error={problems.kind}
          inputRef={refFor('kind')}
        />
        <TextField
          id={ids.name}
          label="Name"
          value={values.name}
          onChange={e => set('name', e.target.value)}
          required
          fullWidth
          margin="normal"
          variant="outlined"
          error={Boolean(problems.name)}
          helperText={
            problems.name ??
            `Letters, digits, - and _ (1 to ${L.nameMax}), e.g. stripe-api-key.`
          }
          inputRef={refFor('name')}
          inputProps={{ maxLength: L.nameMax + 16, spellCheck: false }}
        />
        {path && (
          <Typography
            variant="body2"
            color="textSecondary"
            className={classes.path}
            data-testid="secret-request-path"
          >
            {values.kind === 'kv'
              ? `Vault path: ${path} in the KV mount.`
              : `Vault static role: ${path}.`}
          </Typography>
        )}
        <TextField
          id={ids.rotationPeriodDays}
          label="Rotation period (days)"
          type="number"
          value={values.rotationPeriodDays}
          onChange={e => set('rotationPeriodDays', e.target.value)}
          required
          margin="normal"
          variant="outlined"
          error={Boolean(problems.rotationPeriodDays)}
          helperText={
            problems.rotationPeriodDays ??
            (values.kind === 'kv'
              ? `After this many days the Secrets card calls it overdue (${L.rotationPeriodDaysMin} to ${L.rotationPeriodDaysMax}).`
              : `Vault changes the password this often (${L.rotationPeriodDaysMin} to ${L.rotationPeriodDaysMax}).`)
          }
          inputRef={refFor('rotationPeriodDays')}
          inputProps={{
            min: L.rotationPeriodDaysMin,
            max: L.rotationPeriodDaysMax,
            step: 1,
            inputMode: 'numeric',
          }}
        />
        <TextField
          id={ids.justification}
          label="Justification"
          value={values.justification}
          onChange={e => set('justification', e.target.value)}
          required
          multiline
          minRows={3}
          fullWidth
          margin="normal"
          variant="outlined"
          error={Boolean(problems.justification)}
          helperText={
            problems.justification ??
            `What the service uses it for (${L.justificationMin} to ${L.justificationMax} characters); the approver reads this.`
          }
          inputRef={refFor('justification')}
          inputProps={{ maxLength: L.justificationMax + 100 }}
        />
        <Box className={classes.actions}>
          <Button
            type="submit"
            variant="contained"
            color="primary"
            disabled={sending}
          >
            {sending ? 'Requesting…' : 'Request secret'}
          </Button>
        </Box>
      </form>
    </InfoCard>
  );
}
