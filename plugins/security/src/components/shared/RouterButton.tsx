import Button from '@material-ui/core/Button';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';

/** A link that looks like a button, followed by React Router without reloading the page. */
export function RouterButton(props: {
  to: string;
  variant?: 'text' | 'outlined' | 'contained';
  color?: 'default' | 'primary';
  startIcon?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Button
      component={RouterLink}
      to={props.to}
      variant={props.variant}
      color={props.color}
      startIcon={props.startIcon}
      // MUI gives any button that is not a plain <a href> the button role; this is a link.
      role={undefined}
    >
      {props.children}
    </Button>
  );
}
