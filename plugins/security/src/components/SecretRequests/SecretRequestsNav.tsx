import { makeStyles } from '@material-ui/core/styles';
import { NavLink } from 'react-router-dom';
import { useSecretRequestPaths } from './secretRequestPaths';

const useStyles = makeStyles(theme => ({
  nav: {
    borderBottom: `1px solid ${theme.palette.divider}`,
    marginBottom: theme.spacing(3),
  },
  list: {
    display: 'flex',
    flexWrap: 'wrap',
    listStyle: 'none',
    margin: 0,
    padding: 0,
    columnGap: theme.spacing(1),
  },
  link: {
    ...theme.typography.button,
    display: 'inline-block',
    padding: theme.spacing(1.5, 2),
    color: theme.palette.text.secondary,
    textDecoration: 'none',
    borderBottom: '3px solid transparent',
    '&:hover': { color: theme.palette.text.primary },
    '&[aria-current="page"]': {
      color: theme.palette.text.primary,
      borderBottomColor: theme.palette.primary.main,
    },
  },
}));

/**
 * The page's three parts as links (each has its own URL, so they can be shared and the
 * browser's back button works); the current one is marked for screen readers too.
 */
export function SecretRequestsNav() {
  const classes = useStyles();
  const paths = useSecretRequestPaths();
  const links = [
    { to: paths.mine, label: 'My requests', end: true },
    { to: paths.create, label: 'Request a secret', end: true },
    { to: paths.queue, label: 'Approval queue', end: true },
  ];
  return (
    <nav aria-label="Secret requests" className={classes.nav}>
      <ul className={classes.list}>
        {links.map(link => (
          <li key={link.to}>
            <NavLink to={link.to} end={link.end} className={classes.link}>
              {link.label}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
