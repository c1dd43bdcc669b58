import Chip from '@material-ui/core/Chip';
import { NONE } from '../shared/none';

/** A component's licences as outlined chips, or a dash when it declares none. */
export function LicenseChips(props: { licenses: string[] }) {
  if (props.licenses.length === 0) return <>{NONE}</>;
  return (
    <>
      {props.licenses.map(license => (
        <Chip
          key={license}
          size="small"
          variant="outlined"
          label={license}
          style={{ maxWidth: '100%' }}
        />
      ))}
    </>
  );
}
