import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import FormLabel from '@material-ui/core/FormLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  SECRET_REQUEST_KINDS,
  type SecretRequestKind,
} from '@posture/backstage-plugin-security-common';
import type { Ref } from 'react';
import { useUniqueId } from '../shared/useUniqueId';

const useStyles = makeStyles(theme => ({
  legend: {
    fontWeight: 'bold',
    fontSize: theme.typography.body2.fontSize,
    color: theme.palette.text.primary,
    '&.Mui-focused': { color: theme.palette.text.primary },
  },
  option: { marginTop: theme.spacing(1) },
  // Under the radio's label, lined up with its text (the radio is 42 px wide).
  explanation: { marginLeft: 42, marginTop: -4 },
}));

const KIND_TITLES: Record<SecretRequestKind, string> = {
  kv: 'A KV secret that Posture generates',
  'database-role': 'A database static role that Vault rotates',
};

const KIND_EXPLANATIONS: Record<SecretRequestKind, string> = {
  kv: 'Posture generates a strong random value and writes it once to Vault’s KV store; nobody sees it, Posture included. Your service reads it with its Vault role, and the Secrets card counts its age against the rotation period.',
  'database-role':
    'Vault creates a static role for your service’s database user and changes its password every rotation period. Your service reads the current username and password from Vault.',
};

/** The kind of secret, each explained in words under its radio button. */
export function SecretKindField(props: {
  value: SecretRequestKind;
  onChange: (kind: SecretRequestKind) => void;
  error?: string;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const { value, onChange, error, inputRef } = props;
  const classes = useStyles();
  const legendId = useUniqueId('secret-kind-legend');
  const explanationId = useUniqueId('secret-kind-explanation');
  return (
    <FormControl component="fieldset" error={Boolean(error)} margin="normal">
      <FormLabel component="legend" id={legendId} className={classes.legend}>
        What to provision
      </FormLabel>
      <RadioGroup
        aria-labelledby={legendId}
        name="kind"
        value={value}
        onChange={event => onChange(event.target.value as SecretRequestKind)}
      >
        {SECRET_REQUEST_KINDS.map(kind => (
          <div key={kind} className={classes.option}>
            <FormControlLabel
              value={kind}
              control={
                <Radio
                  color="primary"
                  inputRef={kind === value ? inputRef : undefined}
                  inputProps={{
                    'aria-describedby': `${explanationId}-${kind}`,
                  }}
                />
              }
              label={KIND_TITLES[kind]}
            />
            <Typography
              id={`${explanationId}-${kind}`}
              variant="body2"
              color="textSecondary"
              className={classes.explanation}
            >
              {KIND_EXPLANATIONS[kind]}
            </Typography>
          </div>
        ))}
      </RadioGroup>
      {error && <FormHelperText>{error}</FormHelperText>}
    </FormControl>
  );
}
