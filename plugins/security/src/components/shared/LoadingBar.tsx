import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';

/**
 * Shown above a table whose next page is loading: the current rows stay in place, so the
 * layout does not jump, and the bar keeps its height either way.
 */
export function LoadingBar(props: { loading: boolean; label: string }) {
  return (
    <Box height={4}>
      {props.loading && <LinearProgress aria-label={props.label} />}
    </Box>
  );
}
