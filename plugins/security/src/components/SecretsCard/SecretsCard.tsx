import {
  InfoCard,
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { SecretsSummary } from '@posture/backstage-plugin-security-common';
import { NotReportedYet } from '../shared/NotReportedYet';
import { RelativeTime } from '../shared/RelativeTime';
import { StaleNotice } from '../shared/StaleNotice';
import { SummaryLine } from '../shared/SummaryLine';

function RotationStatus(props: { summary: SecretsSummary }) {
  const { overdue, dueSoon } = props.summary;
  if (overdue > 0) {
    return <StatusError>{overdue} overdue for rotation</StatusError>;
  }
  if (dueSoon > 0) {
    return <StatusWarning>{dueSoon} due for rotation soon</StatusWarning>;
  }
  return <StatusOK>All within their rotation period</StatusOK>;
}

/** Secret age from Vault metadata; values never reach Posture. */
export function SecretsCard(props: { summary: SecretsSummary | null }) {
  const { summary } = props;
  return (
    <InfoCard title="Secrets" variant="gridItem">
      {summary ? (
        <>
          <SummaryLine label="Tracked">{summary.total}</SummaryLine>
          <SummaryLine label="Overdue">{summary.overdue}</SummaryLine>
          <SummaryLine label="Due soon">{summary.dueSoon}</SummaryLine>
          {summary.oldestAgeDays !== null && (
            <SummaryLine label="Oldest">
              {summary.oldestAgeDays} days
            </SummaryLine>
          )}
          {summary.checkedAt && (
            <SummaryLine label="Checked">
              <RelativeTime value={summary.checkedAt} />
            </SummaryLine>
          )}
          <RotationStatus summary={summary} />
          <StaleNotice stale={summary.stale} />
        </>
      ) : (
        <NotReportedYet />
      )}
    </InfoCard>
  );
}
