import { InfoCard } from '@backstage/core-components';
import type {
  ReportFormat,
  SbomSummary,
} from '@posture/backstage-plugin-security-common';
import { NotReportedYet } from '../shared/NotReportedYet';
import { RelativeTime } from '../shared/RelativeTime';
import { SummaryLine } from '../shared/SummaryLine';

const FORMAT_LABELS: Record<ReportFormat, string> = {
  trivy: 'Trivy',
  cyclonedx: 'CycloneDX',
  spdx: 'SPDX',
  'sigstore-bundle': 'Sigstore bundle',
};

/** Size and origin of the entity's software bill of materials. */
export function SbomCard(props: { summary: SbomSummary | null }) {
  const { summary } = props;
  return (
    <InfoCard title="SBOM" variant="gridItem">
      {summary ? (
        <>
          <SummaryLine label="Components">{summary.components}</SummaryLine>
          {summary.format && (
            <SummaryLine label="Format">
              {FORMAT_LABELS[summary.format] ?? summary.format}
            </SummaryLine>
          )}
          {summary.generatedAt && (
            <SummaryLine label="Generated">
              <RelativeTime value={summary.generatedAt} />
            </SummaryLine>
          )}
        </>
      ) : (
        <NotReportedYet />
      )}
    </InfoCard>
  );
}
