import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import {
  checkLabel,
  type PostureReason,
} from '@posture/backstage-plugin-security-common';
import { ReasonMessage } from './ReasonMessage';
import { ReasonPackages } from './ReasonPackages';

/** Why the entity got its grade, each with the fix, so the reader knows what to do next. */
export function ReasonsList(props: { reasons: PostureReason[] }) {
  return (
    <List dense disablePadding aria-label="Reasons for the grade">
      {props.reasons.map(reason => (
        <ListItem key={`${reason.check}:${reason.message}`} disableGutters>
          <ListItemText
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
