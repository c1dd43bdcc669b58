import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import {
  SEVERITIES,
  type SeverityCounts,
  type VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';
import type { SecurityReport } from '../../api/types';
import { NotReportedYet } from '../shared/NotReportedYet';
import { RelativeTime } from '../shared/RelativeTime';
import { StaleNotice } from '../shared/StaleNotice';
import { SummaryLine } from '../shared/SummaryLine';
import { DigestValue } from './DigestValue';
import { otherFindingsText } from './otherFindings';
import { SeverityChip } from './SeverityChip';

const SCAN_HINT =
  'Scan the image with Trivy in CI and upload the JSON report to see its findings.';

function total(counts: SeverityCounts): number {
  return SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);
}

/** "1 critical, 2 high": only the severities that have a fix, worst first. */
function fixableBreakdown(fixable: SeverityCounts): string {
  return SEVERITIES.filter(severity => fixable[severity] > 0)
    .map(severity => `${fixable[severity]} ${severity}`)
    .join(', ');
}

function ScanSummary(props: {
  summary: VulnerabilitySummary;
  reports?: SecurityReport[];
}) {
  const { summary } = props;
  const breakdown = fixableBreakdown(summary.fixable);
  const otherFindings = props.reports ? otherFindingsText(props.reports) : null;
  return (
    <>
      <Box display="flex" flexWrap="wrap" gridGap={8} mb={1}>
        {SEVERITIES.map(severity => (
          <SeverityChip
            key={severity}
            severity={severity}
            count={summary[severity]}
          />
        ))}
      </Box>
      <SummaryLine label="Fixable">
        {total(summary.fixable)} of {total(summary)}
        {breakdown && ` (${breakdown})`}
      </SummaryLine>
      {summary.scannedAt && (
        <SummaryLine label="Scanned">
          <RelativeTime value={summary.scannedAt} />
        </SummaryLine>
      )}
      {summary.artifact && (
        <SummaryLine label="Artifact">{summary.artifact}</SummaryLine>
      )}
      {summary.digest && (
        <SummaryLine label="Digest">
          <DigestValue digest={summary.digest} />
        </SummaryLine>
      )}
      {otherFindings && (
        <SummaryLine label="Also found by Trivy">{otherFindings}</SummaryLine>
      )}
      <StaleNotice stale={summary.stale} />
    </>
  );
}

/**
 * The latest scan of the entity's image: counts by severity, what has a fix, how old the
 * scan is and exactly which image it looked at.
 */
export function VulnerabilitiesCard(props: {
  summary: VulnerabilitySummary | null;
  /** The entity's current reports, for what Trivy found besides vulnerabilities. */
  reports?: SecurityReport[];
}) {
  return (
    <InfoCard title="Vulnerabilities" variant="gridItem">
      {props.summary ? (
        <ScanSummary summary={props.summary} reports={props.reports} />
      ) : (
        <NotReportedYet hint={SCAN_HINT} />
      )}
    </InfoCard>
  );
}
