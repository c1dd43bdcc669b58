import Box from '@material-ui/core/Box';
import type { ReactNode } from 'react';
import { CheckNowButton } from './CheckNowButton';
import { CheckNowResult } from './CheckNowResult';
import type { CheckNow } from './useCheckNow';

/** A line of text with "Check now" at its end, and the outcome of the last check below. */
export function CheckNowBar(props: { check: CheckNow; children: ReactNode }) {
  return (
    <Box display="flex" flexDirection="column" gridGap={8} mb={1}>
      <Box
        display="flex"
        justifyContent="space-between"
        alignItems="flex-start"
        gridGap={8}
      >
        <Box>{props.children}</Box>
        <Box flexShrink={0}>
          <CheckNowButton check={props.check} />
        </Box>
      </Box>
      <CheckNowResult check={props.check} />
    </Box>
  );
}
