import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/**
 * The heading of a part of the security pages (the page header above names the plugin), with
 * links or buttons beside it that wrap below it on a phone.
 */
export function PageHeading(props: {
  title: ReactNode;
  description?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <Box
      display="flex"
      flexWrap="wrap"
      alignItems="flex-start"
      justifyContent="space-between"
      gridGap={12}
      mb={2}
    >
      <Box minWidth={0}>
        <Typography variant="h4" component="h2">
          {props.title}
        </Typography>
        {props.description && (
          <Typography variant="body2" color="textSecondary">
            {props.description}
          </Typography>
        )}
      </Box>
      {props.children && (
        <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
          {props.children}
        </Box>
      )}
    </Box>
  );
}
