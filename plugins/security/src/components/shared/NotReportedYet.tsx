import Typography from '@material-ui/core/Typography';

/** What a section shows until its source has reported anything for the entity. */
export function NotReportedYet() {
  return (
    <Typography variant="body2" color="textSecondary">
      Not reported yet
    </Typography>
  );
}
