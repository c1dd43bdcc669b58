import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { useSecurityPaths } from '../SecurityPages/securityPaths';
import { NativeSelectField } from '../shared/NativeSelectField';
import { useUniqueId } from '../shared/useUniqueId';
import {
  guessImpactKind,
  IMPACT_KINDS,
  impactQueryOf,
  type ImpactKind,
} from './impactSearch';

const useStyles = makeStyles(theme => ({
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1.5),
    [theme.breakpoints.down('xs')]: {
      flexDirection: 'column',
      alignItems: 'stretch',
    },
  },
  value: { flex: '1 1 360px', minWidth: 0 },
}));

/**
 * "Where do we run it?" from the scorecards: one box, whose kind follows what is typed (an
 * advisory id, a purl, an image, else a package) until picked; Enter opens the impact page
 * with the answer.
 */
export function ImpactSearchBox() {
  const classes = useStyles();
  const navigate = useNavigate();
  const paths = useSecurityPaths();
  const id = useUniqueId('fleet-search');
  const [value, setValue] = useState('');
  const [pickedKind, setPickedKind] = useState<ImpactKind>();
  const kind = pickedKind ?? guessImpactKind(value);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) {
      navigate(
        paths.impact(
          impactQueryOf({ kind, value, ecosystem: '', version: '' }),
        ),
      );
    }
  };

  return (
    <form
      role="search"
      aria-label="Where do we run it?"
      className={classes.form}
      onSubmit={submit}
    >
      <TextField
        id={`${id}-value`}
        className={classes.value}
        size="small"
        variant="outlined"
        label="Where do we run it?"
        placeholder="A CVE, a package, a package URL or an image"
        value={value}
        onChange={event => setValue(event.target.value)}
        inputProps={{ spellCheck: false, autoCapitalize: 'off' }}
      />
      <NativeSelectField<ImpactKind>
        id={`${id}-kind`}
        label="Search for"
        value={kind}
        options={IMPACT_KINDS}
        onChange={setPickedKind}
      />
      <Button
        type="submit"
        variant="outlined"
        color="primary"
        startIcon={<SearchIcon />}
      >
        Find
      </Button>
    </form>
  );
}
