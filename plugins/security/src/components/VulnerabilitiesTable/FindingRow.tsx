import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';
import { memo } from 'react';
import { FormattedDate } from '../shared/FormattedDate';
import { SeverityChip } from '../VulnerabilitiesCard/SeverityChip';
import { FindingLink } from './FindingLink';

const NONE = '—';

function FindingRowContent(props: { finding: VulnerabilityItem }) {
  const { finding } = props;
  return (
    <TableRow hover>
      <TableCell>
        <FindingLink finding={finding} />
      </TableCell>
      <TableCell>
        <SeverityChip severity={finding.severity} />
      </TableCell>
      <TableCell>{finding.packageName}</TableCell>
      <TableCell>{finding.installedVersion ?? NONE}</TableCell>
      <TableCell>
        {finding.fixedVersion ? (
          finding.fixedVersion
        ) : (
          <Typography variant="body2" color="textSecondary" component="span">
            No fix
          </Typography>
        )}
      </TableCell>
      <TableCell>{finding.status ?? NONE}</TableCell>
      <TableCell align="right">
        {finding.cvssScore === null ? NONE : finding.cvssScore.toFixed(1)}
      </TableCell>
      <TableCell>{finding.target ?? NONE}</TableCell>
      <TableCell>
        <FormattedDate value={finding.publishedAt} />
      </TableCell>
    </TableRow>
  );
}

/** Memoised: typing in the search box re-renders the table without touching its rows. */
export const FindingRow = memo(FindingRowContent);
