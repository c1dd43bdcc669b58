import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import SearchIcon from '@material-ui/icons/Search';
import { useUniqueId } from './useUniqueId';

/** A compact search box; the caller debounces, since only it knows what a change costs. */
export function SearchField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  // An id ties the floating label to the input, which is what gives it its accessible name.
  const id = useUniqueId('security-search');
  return (
    <TextField
      id={id}
      type="search"
      size="small"
      variant="outlined"
      label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        ),
      }}
    />
  );
}
