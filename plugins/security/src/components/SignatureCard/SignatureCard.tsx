import { InfoCard } from '@backstage/core-components';
import type { SignatureSummary } from '@posture/backstage-plugin-security-common';
import { NotReportedYet } from '../shared/NotReportedYet';
import { RelativeTime } from '../shared/RelativeTime';
import { StaleNotice } from '../shared/StaleNotice';
import { SummaryLine } from '../shared/SummaryLine';
import { SignatureStatusLabel } from './SignatureStatusLabel';

/** Whether the deployed image carries a verified signature, and from whom. */
export function SignatureCard(props: { summary: SignatureSummary | null }) {
  const { summary } = props;
  return (
    <InfoCard title="Signature" variant="gridItem">
      {summary ? (
        <>
          <SignatureStatusLabel status={summary.status} />
          {summary.signer && (
            <>
              <SummaryLine label="Signer">{summary.signer.subject}</SummaryLine>
              <SummaryLine label="Issuer">{summary.signer.issuer}</SummaryLine>
            </>
          )}
          {summary.checkedAt && (
            <SummaryLine label="Checked">
              <RelativeTime value={summary.checkedAt} />
            </SummaryLine>
          )}
          <StaleNotice stale={summary.stale} />
        </>
      ) : (
        <NotReportedYet />
      )}
    </InfoCard>
  );
}
