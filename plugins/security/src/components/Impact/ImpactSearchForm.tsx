import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import { useState, type FormEvent } from 'react';
import { NativeSelectField } from '../shared/NativeSelectField';
import { useUniqueId } from '../shared/useUniqueId';
import { ecosystemOptions } from './ecosystems';
import type { ImpactFieldError } from './impactFieldError';
import {
  guessImpactKind,
  IMPACT_KINDS,
  type ImpactKind,
  type ImpactSearch,
} from './impactSearch';

const VALUE_FIELDS: Record<ImpactKind, { label: string; example: string }> = {
  vulnerability: {
    label: 'Vulnerability id',
    example: 'e.g. CVE-2021-44228 or GHSA-jfh8-c2jp-5v3q',
  },
  package: { label: 'Package name', example: 'e.g. log4j-core' },
  purl: {
    label: 'Package URL',
    example: 'e.g. pkg:maven/org.apache.logging.log4j/log4j-core',
  },
  image: { label: 'Image repository', example: 'e.g. ghcr.io/acme/payments' },
};

export const VERSION_HELP =
  'e.g. <2.17.1; semver for npm, Go, Cargo, PEP 440 for PyPI';

const useStyles = makeStyles(theme => ({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'flex-start',
    gap: theme.spacing(1.5),
    // One field a line on a phone, each as wide as the screen.
    [theme.breakpoints.down('xs')]: {
      flexDirection: 'column',
      alignItems: 'stretch',
    },
  },
  value: { flex: '1 1 320px', minWidth: 0 },
  version: { flex: '0 1 280px' },
  submit: { marginTop: 2 },
}));

/**
 * What to look for: a kind, a value, and for a package an ecosystem and a version or range.
 * The kind follows what is typed (an advisory id, a purl, an image) until it is picked. The
 * backend's refusal is shown by the field it is about. Enter submits.
 */
export function ImpactSearchForm(props: {
  initial?: ImpactSearch;
  fieldError?: ImpactFieldError;
  onSearch: (search: ImpactSearch) => void;
}) {
  const { initial, fieldError } = props;
  const classes = useStyles();
  const id = useUniqueId('impact-search');
  const [pickedKind, setPickedKind] = useState<ImpactKind | undefined>(
    initial?.kind,
  );
  const [value, setValue] = useState(initial?.value ?? '');
  const [ecosystem, setEcosystem] = useState(initial?.ecosystem ?? '');
  const [version, setVersion] = useState(initial?.version ?? '');
  const [missing, setMissing] = useState(false);
  const kind = pickedKind ?? guessImpactKind(value);
  const valueField = VALUE_FIELDS[kind];
  const errorOf = (field: ImpactFieldError['field']) =>
    fieldError?.field === field ? fieldError.message : undefined;
  const valueError = missing
    ? `Enter a ${valueField.label.toLocaleLowerCase('en-US')}.`
    : errorOf('value');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!value.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    props.onSearch({
      kind,
      value: value.trim(),
      ecosystem: kind === 'package' ? ecosystem : '',
      version: kind === 'package' ? version.trim() : '',
    });
  };

  return (
    <form
      role="search"
      aria-label="Where do we run it?"
      className={classes.form}
      onSubmit={submit}
      noValidate
    >
      <NativeSelectField<ImpactKind>
        id={`${id}-kind`}
        label="Search for"
        value={kind}
        options={IMPACT_KINDS}
        onChange={setPickedKind}
      />
      <TextField
        id={`${id}-value`}
        className={classes.value}
        size="small"
        variant="outlined"
        label={valueField.label}
        placeholder={valueField.example}
        value={value}
        onChange={event => {
          setValue(event.target.value);
          setMissing(false);
        }}
        required
        error={Boolean(valueError)}
        helperText={valueError}
        inputProps={{ spellCheck: false, autoCapitalize: 'off' }}
      />
      {kind === 'package' && (
        <>
          <TextField
            id={`${id}-ecosystem`}
            select
            size="small"
            variant="outlined"
            label="Ecosystem"
            value={ecosystem}
            SelectProps={{ native: true }}
            InputLabelProps={{ shrink: true }}
            onChange={event => setEcosystem(event.target.value)}
            error={Boolean(errorOf('ecosystem'))}
            helperText={errorOf('ecosystem')}
          >
            {ecosystemOptions(ecosystem).map(([option, label]) => (
              <option key={option} value={option}>
                {label}
              </option>
            ))}
          </TextField>
          <TextField
            id={`${id}-version`}
            className={classes.version}
            size="small"
            variant="outlined"
            label="Version or range"
            placeholder="any version"
            value={version}
            onChange={event => setVersion(event.target.value)}
            error={Boolean(errorOf('version'))}
            helperText={errorOf('version') ?? VERSION_HELP}
            inputProps={{ spellCheck: false }}
          />
        </>
      )}
      <Button
        type="submit"
        variant="contained"
        color="primary"
        startIcon={<SearchIcon />}
        className={classes.submit}
      >
        Search
      </Button>
    </form>
  );
}
