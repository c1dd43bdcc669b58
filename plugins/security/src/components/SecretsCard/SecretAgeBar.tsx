import Box from '@material-ui/core/Box';
import LinearProgress from '@material-ui/core/LinearProgress';
import Typography from '@material-ui/core/Typography';
import type { SecretItem } from '@posture/backstage-plugin-security-common';
import { statusClasses, useSecretStatusStyles } from './secretStatusStyles';

// Maximum ages can come from durations such as `12h`, i.e. half a day.
const dayFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** How much of its rotation period a secret has used; a full bar once it is past it. */
export function ageBarValue(ageDays: number, maxAgeDays: number): number {
  if (maxAgeDays <= 0) {
    return 100;
  }
  return Math.min(100, (ageDays / maxAgeDays) * 100);
}

/** "123 days of 90": the age against the maximum, which the bar alone cannot give. */
export function ageText(ageDays: number | null, maxAgeDays: number | null) {
  if (ageDays === null) {
    return 'Age unknown';
  }
  const age = `${dayFormat.format(ageDays)} ${ageDays === 1 ? 'day' : 'days'}`;
  return maxAgeDays === null
    ? age
    : `${age} of ${dayFormat.format(maxAgeDays)}`;
}

/** The secret's age as a bar coloured by its status, with the numbers next to it. */
export function SecretAgeBar(props: {
  secret: Pick<SecretItem, 'path' | 'ageDays' | 'maxAgeDays' | 'status'>;
}) {
  const { path, ageDays, maxAgeDays, status } = props.secret;
  const classes = useSecretStatusStyles();
  const { bar, track } = statusClasses(classes, status);
  // A deleted value is not in use: its age would read as overdue when there is nothing to rotate.
  if (status === 'deleted') {
    return (
      <Typography variant="caption" color="textSecondary" component="div">
        No current value: nothing to rotate
      </Typography>
    );
  }
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      {ageDays !== null && maxAgeDays !== null && (
        <Box flex={1} maxWidth={200}>
          <LinearProgress
            variant="determinate"
            value={ageBarValue(ageDays, maxAgeDays)}
            aria-label={`Age of ${path}`}
            classes={{ colorPrimary: track, barColorPrimary: bar }}
          />
        </Box>
      )}
      <Typography variant="caption" color="textSecondary">
        {ageText(ageDays, maxAgeDays)}
      </Typography>
    </Box>
  );
}
