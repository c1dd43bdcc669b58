import type { Entity } from '@backstage/catalog-model';
import {
  ANNOTATION_IMAGE,
  getEntityImages,
} from '@posture/backstage-plugin-security-common';
import { CheckNowBar } from '../shared/CheckNowBar';
import { NotReportedYet } from '../shared/NotReportedYet';
import { useCheckNow } from '../shared/useCheckNow';
import { REKOR_SOURCE } from './rekorSource';
import { signingTarget } from './signingCommands';
import { SigningInstructions } from './SigningInstructions';

const HINT =
  'Posture checks the signature of the image digest in the latest Trivy report: in the Rekor transparency log, and in Sigstore bundles uploaded for it.';

const NO_IMAGE_HINT = `Posture checks the signatures of the images named in the ${ANNOTATION_IMAGE} annotation.`;

/**
 * No verdict yet. For an entity with an image that usually means it is not signed, so
 * say how to sign it; the digest is the scanned one, which is what the sources check.
 */
export function SignatureNotReported(props: {
  entity: Entity;
  entityRef: string;
  /** The digest of the latest scan, when there is one. */
  scannedDigest: string | null;
  onReload: () => Promise<void>;
}) {
  const { entity, entityRef, scannedDigest, onReload } = props;
  const check = useCheckNow(entityRef, onReload, REKOR_SOURCE);
  if (getEntityImages(entity).length === 0) {
    return <NotReportedYet hint={NO_IMAGE_HINT} />;
  }
  return (
    <>
      <CheckNowBar check={check}>
        <NotReportedYet hint={HINT} />
      </CheckNowBar>
      <SigningInstructions
        entityRef={entityRef}
        target={signingTarget(entity, scannedDigest)}
      />
    </>
  );
}
