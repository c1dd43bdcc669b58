import { CodeSnippet } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import {
  attestCommand,
  githubAttestationSteps,
  type SigningTarget,
} from './signingCommands';

/** How to get the image a signature Posture can verify: what to run in CI, ready to copy. */
export function SigningInstructions(props: {
  entityRef: string;
  target: SigningTarget;
}) {
  return (
    <Box mt={2} data-testid="signing-instructions">
      <Typography variant="subtitle2" gutterBottom>
        Sign the image in CI
      </Typography>
      <Typography variant="body2" gutterBottom>
        Attest the image keylessly in the job that pushes it (on GitHub Actions
        the job needs <code>id-token: write</code>). Cosign 2 records the
        attestation in the Rekor transparency log as an in-toto entry under the
        image digest, where Posture finds and verifies it.
      </Typography>
      <CodeSnippet
        language="bash"
        text={attestCommand(props.target)}
        showCopyCodeButton
        wrapLongLines
      />
      <Typography variant="subtitle2" gutterBottom>
        Or upload the bundle
      </Typography>
      <Typography variant="body2" gutterBottom>
        When Posture does not read your log, or the log keeps only hashes,
        upload the attestation's Sigstore bundle, e.g. from GitHub's provenance
        action. A bundle from <code>cosign sign</code> needs its signed payload
        too (see the Posture docs on signatures).
      </Typography>
      <CodeSnippet
        language="yaml"
        text={githubAttestationSteps(props.entityRef, props.target)}
        showCopyCodeButton
        wrapLongLines
      />
    </Box>
  );
}
