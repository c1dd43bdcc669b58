import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { SecretRequestEvent } from '@posture/backstage-plugin-security-common';
import { DateTime } from 'luxon';
import { EVENT_LABELS, personName } from './secretRequestLabels';

const useStyles = makeStyles(theme => ({
  list: { margin: 0, paddingLeft: theme.spacing(2.5) },
  event: {
    padding: theme.spacing(0.75, 0),
    '& + &': { borderTop: `1px solid ${theme.palette.divider}` },
  },
  what: { fontWeight: theme.typography.fontWeightMedium as number },
  detail: { overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' },
}));

function when(at: string) {
  const time = DateTime.fromISO(at);
  return (
    <time dateTime={at}>
      {time.isValid ? time.toLocaleString(DateTime.DATETIME_MED) : at}
    </time>
  );
}

/** What happened to a request and who did it, oldest first, as the backend recorded it. */
export function RequestHistory(props: { events: SecretRequestEvent[] }) {
  const classes = useStyles();
  if (props.events.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        No history recorded.
      </Typography>
    );
  }
  return (
    <ol
      className={classes.list}
      aria-label="History"
      data-testid="secret-request-history"
    >
      {props.events.map((event, index) => (
        <li key={`${event.at}-${index}`} className={classes.event}>
          <Typography variant="body2" component="div">
            <span className={classes.what}>
              {EVENT_LABELS[event.type] ?? event.type}
            </span>
            {' · '}
            {when(event.at)}
            {event.actor && ` · by ${personName(event.actor)}`}
          </Typography>
          {event.detail && (
            <Typography
              variant="body2"
              color="textSecondary"
              className={classes.detail}
            >
              {event.detail}
            </Typography>
          )}
        </li>
      ))}
    </ol>
  );
}
