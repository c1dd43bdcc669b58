import Link, { type LinkProps } from '@material-ui/core/Link';
import { Link as RouterLink } from 'react-router-dom';

/**
 * A link to this page with another search: a real link (it can be opened in a new tab or
 * copied), which React Router follows without reloading the page.
 */
export function SearchLink(
  props: Omit<LinkProps, 'href'> & { search: string },
) {
  const { search, ...rest } = props;
  return (
    <Link component={RouterLink} to={{ search }} underline="always" {...rest} />
  );
}
