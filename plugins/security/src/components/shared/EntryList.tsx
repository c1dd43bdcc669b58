import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { ReactNode } from 'react';

const useStyles = makeStyles(theme => ({
  list: { listStyle: 'none', margin: 0, padding: 0 },
  item: {
    padding: theme.spacing(1.5, 0),
    borderBottom: `1px solid ${theme.palette.divider}`,
    '&:last-child': { borderBottom: 'none' },
  },
  heading: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(1),
  },
  name: { fontWeight: theme.typography.fontWeightMedium as number },
}));

/** A card's list of entries, without bullets or indent: e.g. policy checks, exemptions. */
export function EntryList(props: { label: string; children: ReactNode }) {
  const classes = useStyles();
  return (
    <ul className={classes.list} aria-label={props.label}>
      {props.children}
    </ul>
  );
}

/**
 * One entry of an EntryList: its name as a heading, with its status and tags beside it
 * (they wrap below on a phone), then its details; a rule divides it from the next.
 */
export function EntryListItem(props: {
  title: string;
  /** Status, tags and the like, shown beside the title. */
  aside?: ReactNode;
  /** The item's name for screen readers, when the title alone is not enough. */
  label?: string;
  children?: ReactNode;
}) {
  const classes = useStyles();
  return (
    <li className={classes.item} aria-label={props.label}>
      <div className={classes.heading}>
        <Typography component="h3" variant="body1" className={classes.name}>
          {props.title}
        </Typography>
        {props.aside}
      </div>
      {props.children}
    </li>
  );
}
