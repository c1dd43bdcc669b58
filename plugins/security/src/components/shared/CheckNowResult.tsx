import Alert from '@material-ui/lab/Alert';
import { errorMessage } from './errorMessage';
import type { CheckNow } from './useCheckNow';

/**
 * What went wrong with the last "Check now", or when to try again if it came too soon after
 * the previous one; nothing when it went well.
 */
export function CheckNowResult(props: { check: CheckNow }) {
  const { error, sourceError, sourceLabel, retryAfterSeconds } = props.check;
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
  if (retryAfterSeconds !== undefined) {
    return (
      <Alert severity="info">
        {sourceLabel} was checked moments ago, so it was not checked again. You
        can check again in {retryAfterSeconds} second
        {retryAfterSeconds === 1 ? '' : 's'}.
      </Alert>
    );
  }
  return null;
}
