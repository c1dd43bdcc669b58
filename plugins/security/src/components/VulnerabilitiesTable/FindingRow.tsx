import TableCell from '@material-ui/core/TableCell';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import Box from '@material-ui/core/Box';
import type { VulnerabilityItem } from '@posture/backstage-plugin-security-common';
import { memo } from 'react';
import { EpssValue } from '../Exploitability/EpssValue';
import { KevChip } from '../Exploitability/KevChip';
import { VexStatementToggle } from '../Exploitability/VexStatementToggle';
import { BreakableText } from '../shared/BreakableText';
import { FormattedDate } from '../shared/FormattedDate';
import { NONE } from '../shared/none';
import { useTableStyles } from '../shared/tableStyles';
import { findingImpactQuery } from '../Impact/whoElseQueries';
import { WhoElseLink } from '../Impact/WhoElseLink';
import { SeverityChip } from '../VulnerabilitiesCard/SeverityChip';
import { FindingLink } from './FindingLink';
import { statusLabel } from './statusLabels';

/** "No fix" in words rather than a dash: it is the fact the reader is looking for. */
export function FixedIn(props: { finding: VulnerabilityItem }) {
  return props.finding.fixedVersion ? (
    <>{props.finding.fixedVersion}</>
  ) : (
    <Typography variant="body2" color="textSecondary" component="span">
      No fix
    </Typography>
  );
}

/**
 * The scanner's status, and the VEX statement that names the finding when one does without
 * clearing it (`affected`, `under_investigation`).
 */
export function FindingStatus(props: { finding: VulnerabilityItem }) {
  const { status, vex } = props.finding;
  return (
    <>
      {status ? statusLabel(status) : NONE}
      {vex && <VexStatementToggle vex={vex} />}
    </>
  );
}

function FindingRowContent(props: { finding: VulnerabilityItem }) {
  const { finding } = props;
  const classes = useTableStyles();
  return (
    <TableRow hover>
      <TableCell className={classes.prose}>
        <span className={classes.nowrap}>
          <FindingLink finding={finding} />
        </span>
        {finding.kev && (
          <Box my={0.5}>
            <KevChip kev={finding.kev} />
          </Box>
        )}
        {finding.title && (
          <Typography variant="body2" color="textSecondary">
            {finding.title}
          </Typography>
        )}
        <WhoElseLink query={findingImpactQuery(finding)} subject={finding.id} />
      </TableCell>
      <TableCell>
        <SeverityChip severity={finding.severity} />
      </TableCell>
      <TableCell className={classes.reference}>
        <BreakableText package text={finding.packageName} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        {finding.installedVersion ?? NONE}
      </TableCell>
      <TableCell className={classes.nowrap}>
        <FixedIn finding={finding} />
      </TableCell>
      <TableCell className={classes.nowrap}>
        <FindingStatus finding={finding} />
      </TableCell>
      <TableCell align="right">
        {finding.cvssScore === null ? NONE : finding.cvssScore.toFixed(1)}
      </TableCell>
      <TableCell>
        <EpssValue epss={finding.epss} />
      </TableCell>
      <TableCell className={classes.reference}>
        {finding.target ? <BreakableText text={finding.target} /> : NONE}
      </TableCell>
      <TableCell className={classes.nowrap}>
        <FormattedDate value={finding.publishedAt} />
      </TableCell>
    </TableRow>
  );
}

/** Memoised: typing in the search box re-renders the table without touching its rows. */
export const FindingRow = memo(FindingRowContent);
