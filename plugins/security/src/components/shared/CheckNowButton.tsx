import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import RefreshIcon from '@material-ui/icons/Refresh';
import type { CheckNow } from './useCheckNow';

/**
 * Starts a check and shows it running; disabled meanwhile, since a second click would
 * only queue the same check again.
 */
export function CheckNowButton(props: { check: CheckNow }) {
  const { running, run } = props.check;
  return (
    <Button
      size="small"
      variant="outlined"
      onClick={run}
      disabled={running}
      aria-busy={running}
      startIcon={
        running ? (
          <CircularProgress
            size={16}
            aria-label={`Checking ${props.check.sourceLabel}`}
          />
        ) : (
          <RefreshIcon />
        )
      }
    >
      Check now
    </Button>
  );
}
