import TextField from '@material-ui/core/TextField';

/**
 * A select the browser draws (keyboard- and screen-reader-friendly), small and outlined like
 * the text boxes beside it.
 */
export function NativeSelectField<T extends string>(props: {
  id: string;
  label: string;
  value: T;
  /** [value, label] in the order shown. */
  options: ReadonlyArray<readonly [T, string]>;
  onChange: (value: T) => void;
}) {
  return (
    <TextField
      id={props.id}
      select
      size="small"
      variant="outlined"
      label={props.label}
      value={props.value}
      SelectProps={{ native: true }}
      // The label stays above the box, so an empty value ("Any") is not drawn under it.
      InputLabelProps={{ shrink: true }}
      onChange={event => props.onChange(event.target.value as T)}
    >
      {props.options.map(([value, label]) => (
        <option key={value} value={value}>
          {label}
        </option>
      ))}
    </TextField>
  );
}
