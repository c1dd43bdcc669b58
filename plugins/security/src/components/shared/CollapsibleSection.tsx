import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { useState, type ReactNode } from 'react';
import { useUniqueId } from './useUniqueId';

const useStyles = makeStyles(theme => ({
  section: {
    borderTop: `1px solid ${theme.palette.divider}`,
    padding: theme.spacing(1, 0),
  },
  toggle: { textTransform: 'none', ...theme.typography.h6 },
}));

/**
 * A part of a list (one owner's services, the resolved ones): a region named after its title,
 * with a button that shows or hides its rows and what it counts beside it.
 */
export function CollapsibleSection(props: {
  title: string;
  /** e.g. "5 services". */
  count: string;
  defaultExpanded?: boolean;
  children: ReactNode;
}) {
  const classes = useStyles();
  const titleId = useUniqueId('section-title');
  const contentId = useUniqueId('section-content');
  const [expanded, setExpanded] = useState(props.defaultExpanded ?? true);
  return (
    <section aria-labelledby={titleId} className={classes.section}>
      <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
        <Typography variant="h6" component="h3">
          <Button
            className={classes.toggle}
            aria-expanded={expanded}
            aria-controls={contentId}
            startIcon={expanded ? <ExpandLessIcon /> : <ExpandMoreIcon />}
            onClick={() => setExpanded(open => !open)}
          >
            <span id={titleId}>{props.title}</span>
          </Button>
        </Typography>
        <Typography variant="body2" color="textSecondary">
          {props.count}
        </Typography>
      </Box>
      <div id={contentId} hidden={!expanded}>
        {expanded && props.children}
      </div>
    </section>
  );
}
