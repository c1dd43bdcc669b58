import crypto from 'crypto';
import fs from 'fs';
import { toTrustMaterial, type TrustMaterial } from '@sigstore/verify';
import { TrustedRoot } from '@sigstore/protobuf-specs';

/**
 * Trust in one Rekor log only, from its PEM public key (e.g. the staging key beside the
 * fixtures): enough for log-entry checks, trusts no CA. `baseUrl` must name the checkpoint's
 * origin host, which is how the verifier matches a checkpoint to a log.
 */
export function trustFromLogKey(
  pemFile: string,
  baseUrl: string,
): TrustMaterial {
  const spki = crypto
    .createPublicKey(fs.readFileSync(pemFile, 'utf8'))
    .export({ type: 'spki', format: 'der' });
  return toTrustMaterial(
    TrustedRoot.fromJSON({
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [
        {
          baseUrl,
          hashAlgorithm: 'SHA2_256',
          publicKey: {
            rawBytes: spki.toString('base64'),
            keyDetails: 'PKIX_ECDSA_P256_SHA_256',
            validFor: { start: '2020-01-01T00:00:00Z' },
          },
          logId: {
            keyId: crypto.createHash('sha256').update(spki).digest('base64'),
          },
        },
      ],
      certificateAuthorities: [],
      ctlogs: [],
      timestampAuthorities: [],
    }),
  );
}
