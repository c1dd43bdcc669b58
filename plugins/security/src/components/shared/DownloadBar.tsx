import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { ReactNode } from 'react';

/**
 * Download buttons in a row that wraps on a phone, followed by why the last download failed
 * (announced as an alert).
 */
export function DownloadBar(props: { failure?: string; children: ReactNode }) {
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gridGap={8}>
      {props.children}
      {props.failure && (
        <Typography variant="body2" color="error" role="alert">
          {props.failure}
        </Typography>
      )}
    </Box>
  );
}
