import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';

/**
 * The panel's default title is only "Request failed with 403"; the backend's message
 * (e.g. which permission is missing) is what tells the reader what to do, so it goes in
 * the title instead of behind the expander.
 */
function errorTitle(error: Error, subject: string): string {
  const message = ResponseError.is(error) ? error.cause.message : error.message;
  return `Could not load ${subject}: ${message}`;
}

/** A failed request, with a way to try again once the cause is fixed. */
export function PostureErrorPanel(props: {
  error: Error;
  onRetry: () => void;
  /** What failed to load, e.g. "the vulnerabilities". */
  subject?: string;
}) {
  const subject = props.subject ?? 'the security posture';
  return (
    <>
      <ResponseErrorPanel
        error={props.error}
        title={errorTitle(props.error, subject)}
      />
      <Box mt={2}>
        <Button variant="outlined" onClick={props.onRetry}>
          Retry
        </Button>
      </Box>
    </>
  );
}
