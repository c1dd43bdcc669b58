import Alert from '@material-ui/lab/Alert';
import { errorMessage } from '../shared/errorMessage';
import type { CheckNow } from './useCheckNow';

/** What went wrong with the last "Check now"; nothing when it went well. */
export function CheckNowResult(props: { check: CheckNow }) {
  const { error, vaultError } = props.check;
  if (error) {
    return <Alert severity="error">Check failed: {errorMessage(error)}</Alert>;
  }
  if (vaultError) {
    return (
      <Alert severity="warning">Vault could not be checked: {vaultError}</Alert>
    );
  }
  return null;
}
