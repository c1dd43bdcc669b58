import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import {
  SEVERITIES,
  type SeverityCounts,
  type VulnerabilitySummary,
} from '@posture/backstage-plugin-security-common';
import { NotReportedYet } from '../shared/NotReportedYet';
import { RelativeTime } from '../shared/RelativeTime';
import { StaleNotice } from '../shared/StaleNotice';
import { SummaryLine } from '../shared/SummaryLine';
import { SeverityChip } from './SeverityChip';

function total(counts: SeverityCounts): number {
  return SEVERITIES.reduce((sum, severity) => sum + counts[severity], 0);
}

/** "1 critical, 2 high": only the severities that have a fix, worst first. */
function fixableBreakdown(fixable: SeverityCounts): string {
  return SEVERITIES.filter(severity => fixable[severity] > 0)
    .map(severity => `${fixable[severity]} ${severity}`)
    .join(', ');
}

/** Abbreviated like `docker images` does; the full digest is on hover. */
function shortDigest(digest: string): string {
  const [algorithm, hex] = digest.split(':');
  return hex ? `${algorithm}:${hex.slice(0, 12)}` : digest.slice(0, 19);
}

function VulnerabilitiesSummary(props: { summary: VulnerabilitySummary }) {
  const { summary } = props;
  const breakdown = fixableBreakdown(summary.fixable);
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
          <code title={summary.digest}>{shortDigest(summary.digest)}</code>
        </SummaryLine>
      )}
      <StaleNotice stale={summary.stale} />
    </>
  );
}

/** Vulnerability counts from the latest scan of the entity's image. */
export function VulnerabilitiesCard(props: {
  summary: VulnerabilitySummary | null;
}) {
  return (
    <InfoCard title="Vulnerabilities" variant="gridItem">
      {props.summary ? (
        <VulnerabilitiesSummary summary={props.summary} />
      ) : (
        <NotReportedYet />
      )}
    </InfoCard>
  );
}
