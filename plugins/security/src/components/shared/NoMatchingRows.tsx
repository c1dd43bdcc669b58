import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';

/**
 * An empty page. With filters on, the way out is to clear them, so offer that right
 * there; without, the list is genuinely empty and there is nothing to do.
 */
export function NoMatchingRows(props: {
  message: string;
  onReset?: () => void;
}) {
  return (
    <Box py={4} display="flex" flexDirection="column" alignItems="center">
      <Typography variant="body1" color="textSecondary" gutterBottom>
        {props.message}
      </Typography>
      {props.onReset && (
        <Button variant="outlined" onClick={props.onReset}>
          Reset filters
        </Button>
      )}
    </Box>
  );
}
