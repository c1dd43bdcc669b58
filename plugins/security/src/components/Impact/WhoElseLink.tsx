import { Link } from '@backstage/core-components';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import type { ImpactQuery } from '@posture/backstage-plugin-security-common';
import { visuallyHidden } from '../shared/visuallyHidden';
import { useImpactLink } from './useImpactLink';

const useStyles = makeStyles({ hidden: visuallyHidden });

/**
 * "Who else has this?": the impact page for a finding's advisory or a component's package.
 * The link reads the same in every row, so its accessible name adds what "this" is after the
 * visible words (which a voice user says to follow it). Nothing when the app has no such page.
 */
export function WhoElseLink(props: { query: ImpactQuery; subject: string }) {
  const classes = useStyles();
  const impactLink = useImpactLink();
  if (!impactLink) {
    return null;
  }
  return (
    <Typography variant="caption" component="span" display="block">
      <Link to={impactLink(props.query)}>
        Who else has this?
        <span className={classes.hidden}> {props.subject}</span>
      </Link>
    </Typography>
  );
}
