import { InputError } from '@backstage/errors';
import { bundleFromJSON } from '@sigstore/bundle';
import type {
  SignatureBundleContext,
  SignatureBundleHandler,
  SignatureObservation,
} from '@posture/backstage-plugin-security-node';
import type { SigningConfig } from '../config/readSigningConfig';
import { identitiesFor } from '../judge/entityIdentities';
import { summarizeVerdicts } from '../judge/summarizeVerdicts';
import { invalidVerdict } from '../verify/types';
import { verifyBundle } from '../verify/verifyBundle';
import { bundleFromLegacyCosign } from './legacyCosignBundle';
import { detectUpload, readUpload, uploadReferences } from './uploadShape';

/**
 * `POST /v1/reports` with a Sigstore bundle: verified offline against the configured trusted
 * roots for the entity's image digest and signer policy.
 */
export class SigstoreBundleHandler implements SignatureBundleHandler {
  readonly name = 'Sigstore bundle';

  constructor(
    private readonly options: { signing: SigningConfig; searchUrl: string },
  ) {}

  detect(document: unknown): boolean {
    return detectUpload(document);
  }

  references(document: unknown): string[] {
    return uploadReferences(document);
  }

  async judge(
    document: unknown,
    context: SignatureBundleContext,
  ): Promise<SignatureObservation> {
    const upload = readUpload(document);
    const { payload } = upload;
    let bundle = upload.bundle;
    if (upload.legacy) {
      const converted = bundleFromLegacyCosign(bundle);
      if ('mismatch' in converted) {
        return summarizeVerdicts(
          context.digest,
          [
            invalidVerdict(
              'signature',
              `log entry does not match the signed content: ${converted.mismatch}`,
            ),
          ],
          { searchUrl: this.options.searchUrl },
        );
      }
      bundle = converted.bundle;
    }
    // Structure first: a document that is not a bundle is a bad request, not a bad signature.
    let parsed;
    try {
      parsed = bundleFromJSON(bundle);
    } catch (error) {
      throw new InputError(
        `Not a valid Sigstore bundle: ${(error as Error).message}`,
      );
    }
    if (parsed.content.$case === 'messageSignature' && !payload) {
      throw new InputError(
        'This bundle is a cosign image signature (a message signature): send {"bundle": <bundle>, "payload": "<base64 of the signed simple-signing JSON>"} so the signed image digest can be checked, or upload an attestation bundle',
      );
    }
    const verdict = await verifyBundle(bundle, {
      trust: this.options.signing.trust,
      expectedDigest: context.digest,
      identities: identitiesFor(
        context.entity,
        this.options.signing.identities,
      ),
      payload,
    });
    return summarizeVerdicts(context.digest, [verdict], {
      searchUrl: this.options.searchUrl,
    });
  }
}
