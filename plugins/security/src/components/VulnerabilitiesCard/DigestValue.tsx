import { CopyTextButton } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import { shortDigest } from './shortDigest';

/** A shortened digest that still copies whole: pinning an image needs every character. */
export function DigestValue(props: { digest: string }) {
  return (
    <Box component="span" display="inline-flex" alignItems="center">
      <code title={props.digest}>{shortDigest(props.digest)}</code>
      <CopyTextButton
        text={props.digest}
        aria-label="Copy digest"
        tooltipText="Digest copied to clipboard"
      />
    </Box>
  );
}
