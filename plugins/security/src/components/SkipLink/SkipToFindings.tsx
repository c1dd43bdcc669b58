import { makeStyles } from '@material-ui/core/styles';
import type { MouseEvent } from 'react';

const useStyles = makeStyles(theme => ({
  // Off screen until focused, then a visible link at the top of the tab (WCAG 2.4.1).
  link: {
    position: 'absolute',
    left: -10000,
    width: 1,
    height: 1,
    overflow: 'hidden',
    '&:focus': {
      position: 'static',
      display: 'inline-block',
      width: 'auto',
      height: 'auto',
      overflow: 'visible',
      marginBottom: theme.spacing(1),
      padding: theme.spacing(1, 2),
      backgroundColor: theme.palette.background.paper,
      color: theme.palette.primary.main,
      fontWeight: theme.typography.fontWeightBold as number,
      textDecoration: 'underline',
    },
  },
}));

/**
 * The first stop of the tab for keyboard users: straight to the findings table, past the
 * cards. The href is the findings view's own URL, so it also works opened in a new tab; a
 * plain activation switches the view in place and moves focus into the table's panel.
 */
export function SkipToFindings(props: { onSkip: () => void }) {
  const classes = useStyles();
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button) {
      return;
    }
    event.preventDefault();
    props.onSkip();
  };
  return (
    <a className={classes.link} href="?view=findings" onClick={onClick}>
      Skip to findings
    </a>
  );
}
