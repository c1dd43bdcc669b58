import Typography from '@material-ui/core/Typography';

/**
 * What a section shows until its source has reported anything for the entity, with what
 * would make it report when that is up to the reader.
 */
export function NotReportedYet(props: { hint?: string }) {
  return (
    <>
      <Typography variant="body2" color="textSecondary">
        Not reported yet
      </Typography>
      {props.hint && (
        <Typography variant="caption" color="textSecondary" component="p">
          {props.hint}
        </Typography>
      )}
    </>
  );
}
