import {
  signatureStaleReason,
  signatureStatusReason,
} from './signatureReasons';
import type { SignatureSummary } from './types';

const signature = (
  status: SignatureSummary['status'],
  extra: Partial<SignatureSummary> = {},
): SignatureSummary => ({
  status,
  signer: null,
  checkedAt: '2026-11-23T11:00:00Z',
  stale: false,
  digest: `sha256:${'ab'.repeat(32)}`,
  reason: null,
  logIndex: null,
  logUrl: null,
  integratedTime: null,
  ...extra,
});

describe('signatureStatusReason', () => {
  it('says nothing against a verified image', () => {
    expect(signatureStatusReason(signature('verified'))).toBeNull();
  });

  it.each([
    [
      'invalid',
      'The signature of sha256:abababababab… does not verify: digest mismatch',
      /^Treat the image as untrusted/,
    ],
    [
      'unexpected-signer',
      'sha256:abababababab… is signed, but not by an allowed identity: digest mismatch',
      /security\.signing\.identities/,
    ],
    [
      'unsigned',
      'No verified signature or attestation for sha256:abababababab…',
      /cosign \(keyless\)/,
    ],
    [
      'unknown',
      'The signature of sha256:abababababab… could not be checked: digest mismatch',
      /security\.rekor\.baseUrl/,
    ],
  ] as const)(
    'names the image and what to do when it is %s',
    (status, message, fix) => {
      expect(
        signatureStatusReason(signature(status, { reason: 'digest mismatch' })),
      ).toEqual({
        check: expect.any(String),
        message,
        fix: expect.stringMatching(fix),
        target: 'signature',
      });
    },
  );

  it('speaks of the current image when the digest is unknown', () => {
    expect(
      signatureStatusReason(signature('unsigned', { digest: null }))?.message,
    ).toBe('No verified signature or attestation for the current image');
  });
});

describe('signatureStaleReason', () => {
  it.each([
    [
      'a stale verdict',
      signature('unsigned', { stale: true }),
      'signature-stale',
    ],
    ['a fresh verdict', signature('unsigned'), undefined],
    // An unknown verdict already says the log could not be asked.
    [
      'a stale unknown verdict',
      signature('unknown', { stale: true }),
      undefined,
    ],
  ])('for %s: %s', (_, summary, check) => {
    expect(signatureStaleReason(summary)?.check).toBe(check);
  });
});
