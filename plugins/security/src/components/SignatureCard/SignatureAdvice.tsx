import Typography from '@material-ui/core/Typography';
import {
  ANNOTATION_SIGNING_IDENTITY,
  type SignatureSummary,
} from '@posture/backstage-plugin-security-common';
import type { ReactNode } from 'react';

function WhatToDo(props: { children: ReactNode }) {
  return (
    <Typography variant="body2" component="p" data-testid="signature-advice">
      <strong>What to do:</strong> {props.children}
    </Typography>
  );
}

/**
 * What the status asks of the reader. Unsigned images get the signing instructions
 * instead, from the card, since those need the entity.
 */
export function SignatureAdvice(props: { summary: SignatureSummary }) {
  const { status, reason } = props.summary;
  switch (status) {
    case 'invalid':
      return (
        <WhatToDo>
          treat this image as untrusted and do not deploy it. Rebuild it and
          sign it again. If the signature should have verified, check that
          Posture's trusted roots include the Sigstore instance that signed it.
        </WhatToDo>
      );
    case 'unexpected-signer':
      return (
        <WhatToDo>
          sign the image from the release workflow. If this identity may sign
          it, add it to <code>security.signing.identities</code> in the app
          config or to the entity's <code>{ANNOTATION_SIGNING_IDENTITY}</code>{' '}
          annotation.
        </WhatToDo>
      );
    case 'unknown':
      return (
        <Typography
          variant="body2"
          component="p"
          data-testid="signature-advice"
        >
          The signature could not be checked yet
          {reason ? `: ${reason}` : ''}. Posture checks again on its next run
          (and whenever a report brings a new image digest); check now to try
          sooner.
        </Typography>
      );
    default:
      return null;
  }
}
