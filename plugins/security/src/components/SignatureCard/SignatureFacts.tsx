import Box from '@material-ui/core/Box';
import type { SignatureSummary } from '@posture/backstage-plugin-security-common';
import { DateWithAge } from '../shared/DateWithAge';
import { SummaryLine } from '../shared/SummaryLine';
import { DigestValue } from '../VulnerabilitiesCard/DigestValue';
import { LogIndexLink } from './LogIndexLink';

/** Who signed which image digest, when, and where the log proves it. */
export function SignatureFacts(props: { summary: SignatureSummary }) {
  const { signer, integratedTime, digest, logIndex, logUrl } = props.summary;
  return (
    <Box my={1} style={{ overflowWrap: 'anywhere' }}>
      {signer && (
        <>
          <SummaryLine label="Signed by">{signer.subject}</SummaryLine>
          <SummaryLine label="Issuer">{signer.issuer}</SummaryLine>
        </>
      )}
      {integratedTime && (
        <SummaryLine label="Signed">
          <DateWithAge value={integratedTime} />
        </SummaryLine>
      )}
      {digest && (
        <SummaryLine label="Digest">
          <DigestValue digest={digest} />
        </SummaryLine>
      )}
      {logIndex !== null && (
        <SummaryLine label="Log index">
          <LogIndexLink logIndex={logIndex} logUrl={logUrl} />
        </SummaryLine>
      )}
    </Box>
  );
}
