import type { Entity } from '@backstage/catalog-model';
import { getEntityImages } from '@posture/backstage-plugin-security-common';
import { uploadCommand } from '../NoPostureDataEmptyState/uploadCommand';

/** The image a snippet signs, pinned by digest: signing a tag would sign whatever it moves to. */
export type SigningTarget = { image: string; digest: string };

const ATTEST =
  'cosign attest --yes --type slsaprovenance1 --predicate provenance.json';
const PREDICATE_COMMENT =
  "# provenance.json: the build's SLSA v1 provenance predicate";
const BUNDLE_PATH = '${{ steps.attest.outputs.bundle-path }}';

/** The entity's first image repository and the digest Posture checks; placeholders otherwise. */
export function signingTarget(
  entity: Entity,
  digest: string | null | undefined,
): SigningTarget {
  return {
    image: getEntityImages(entity)[0] ?? 'IMAGE',
    digest: digest ?? 'sha256:DIGEST',
  };
}

/**
 * Keyless attestation from CI: cosign logs an in-toto attestation in Rekor, indexed by the
 * image digest, which is where Posture's Rekor source looks.
 */
export function attestCommand(target: SigningTarget): string {
  return [PREDICATE_COMMENT, `${ATTEST} ${target.image}@${target.digest}`].join(
    '\n',
  );
}

/**
 * GitHub Actions steps that attest the image and upload the Sigstore bundle: the bundle
 * carries the signed statement, so Posture verifies it whatever the log keeps (a `dsse`
 * entry in Rekor holds only hashes).
 */
export function githubAttestationSteps(
  entityRef: string,
  target: SigningTarget,
): string {
  const upload = uploadCommand(entityRef, {
    file: `"${BUNDLE_PATH}"`,
    digest: target.digest,
  })
    .split('\n')
    .map(line => `      ${line}`);
  return [
    '# permissions: id-token: write, attestations: write',
    '- uses: actions/attest-build-provenance@v2',
    '  id: attest',
    '  with:',
    `    subject-name: ${target.image}`,
    `    subject-digest: ${target.digest}`,
    '- name: Upload the bundle to Posture',
    '  run: |',
    ...upload,
  ].join('\n');
}
