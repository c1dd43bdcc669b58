import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  checkLabel,
  type PostureReason,
} from '@posture/backstage-plugin-security-common';
import { ReasonMessage } from './ReasonMessage';
import { ReasonPackages } from './ReasonPackages';

// The app's list styles keep list text on one line; a fix must wrap, or a phone cuts it off.
const useStyles = makeStyles({
  text: { whiteSpace: 'normal', overflowWrap: 'anywhere' },
});

/** Why the entity got its grade, each with the fix, so the reader knows what to do next. */
export function ReasonsList(props: { reasons: PostureReason[] }) {
  const classes = useStyles();
  return (
    <List dense disablePadding aria-label="Reasons for the grade">
      {props.reasons.map(reason => (
        <ListItem key={`${reason.check}:${reason.message}`} disableGutters>
          <ListItemText
            className={classes.text}
            primary={<ReasonMessage reason={reason} />}
            secondary={
              <>
                <Typography variant="body2" component="span" display="block">
                  Fix: {reason.fix}
                </Typography>
                <ReasonPackages reason={reason} />
                <Typography variant="caption" component="span" display="block">
                  Check: {checkLabel(reason.check)}
                </Typography>
              </>
            }
          />
        </ListItem>
      ))}
    </List>
  );
}
