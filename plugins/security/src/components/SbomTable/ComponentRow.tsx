import Box from '@material-ui/core/Box';
import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import { makeStyles } from '@material-ui/core/styles';
import type { SbomComponentItem } from '@posture/backstage-plugin-security-common';
import { memo } from 'react';
import { componentImpactQuery } from '../Impact/whoElseQueries';
import { WhoElseLink } from '../Impact/WhoElseLink';
import { NONE } from '../shared/none';
import { useTableStyles } from '../shared/tableStyles';
import { LicenseChips } from './LicenseChips';

const useStyles = makeStyles(theme => ({
  purl: {
    fontFamily: 'monospace',
    fontSize: theme.typography.body2.fontSize,
    display: 'block',
    maxWidth: theme.spacing(40),
    overflow: 'hidden',
    textOverflow: 'ellipsis',
    whiteSpace: 'nowrap',
  },
}));

/** One component; purls run long, so they are cut to one line with the full text on hover. */
function ComponentRowContent(props: { component: SbomComponentItem }) {
  const { component } = props;
  const classes = useStyles();
  const cells = useTableStyles();
  return (
    <TableRow hover>
      <TableCell>
        <span>{component.name}</span>
        <WhoElseLink
          query={componentImpactQuery(component)}
          subject={component.name}
        />
      </TableCell>
      <TableCell className={cells.nowrap}>
        {component.version ?? NONE}
      </TableCell>
      <TableCell>{component.type ?? NONE}</TableCell>
      <TableCell>
        <Box display="flex" flexWrap="wrap" gridGap={4}>
          <LicenseChips licenses={component.licenses} />
        </Box>
      </TableCell>
      <TableCell>
        {component.purl ? (
          <code className={classes.purl} title={component.purl}>
            {component.purl}
          </code>
        ) : (
          NONE
        )}
      </TableCell>
    </TableRow>
  );
}

/** Memoised: typing in the search box re-renders the table without touching its rows. */
export const ComponentRow = memo(ComponentRowContent);
