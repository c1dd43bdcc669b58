import { InfoCard } from '@backstage/core-components';
import type { SbomSummary } from '@posture/backstage-plugin-security-common';
import { FORMAT_LABELS } from '../shared/formatLabels';
import { NotReportedYet } from '../shared/NotReportedYet';
import { RelativeTime } from '../shared/RelativeTime';
import { SummaryLine } from '../shared/SummaryLine';

const SBOM_HINT =
  'Upload a CycloneDX or SPDX SBOM, or a Trivy report, from CI to list the components.';

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
        <NotReportedYet hint={SBOM_HINT} />
      )}
    </InfoCard>
  );
}
