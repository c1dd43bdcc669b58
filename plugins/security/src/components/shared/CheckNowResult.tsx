import Alert from '@material-ui/lab/Alert';
import { errorMessage } from './errorMessage';
import type { CheckNow } from './useCheckNow';

/** What went wrong with the last "Check now"; nothing when it went well. */
export function CheckNowResult(props: { check: CheckNow }) {
  const { error, sourceError, sourceLabel } = props.check;
  if (error) {
    return <Alert severity="error">Check failed: {errorMessage(error)}</Alert>;
  }
  if (sourceError) {
    return (
      <Alert severity="warning">
        {sourceLabel} could not be checked: {sourceError}
      </Alert>
    );
  }
  return null;
}
