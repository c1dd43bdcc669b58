import {
  compareSignatureStatus,
  nextSourceVerdicts,
  staleSourceVerdicts,
  summarizeSignatureVerdicts,
  uploadedVerdictWins,
  verdictFromObservation,
  verdictWithoutSignature,
  type SignatureObservation,
} from './signatureVerdicts';
import type { SignatureItem } from './types';

const a = 'sha256:aaaa';
const b = 'sha256:bbbb';
const signer = { issuer: 'https://issuer', subject: 'release.yml' };

function observed(
  digest: string,
  status: SignatureObservation['status'],
): SignatureObservation {
  return {
    ...verdictWithoutSignature(digest, 'unsigned', `${status} reason`),
    status,
    signer: status === 'verified' ? signer : null,
  };
}

const stored = (
  digest: string,
  status: SignatureObservation['status'],
  source = 'rekor',
  checkedAt = '2026-11-20T00:00:00.000Z',
): SignatureItem =>
  verdictFromObservation(observed(digest, status), source, checkedAt);

describe('signature verdict rules', () => {
  it('ranks verified first, then unexpected-signer, invalid, unsigned, unknown', () => {
    const statuses = [
      'unknown',
      'invalid',
      'verified',
      'unsigned',
      'unexpected-signer',
    ] as const;
    expect([...statuses].sort(compareSignatureStatus)).toEqual([
      'verified',
      'unexpected-signer',
      'invalid',
      'unsigned',
      'unknown',
    ]);
  });

  it('lets an upload replace a kept verdict only when it is at least as good', () => {
    expect(uploadedVerdictWins(observed(a, 'invalid'), undefined)).toBe(true);
    expect(
      uploadedVerdictWins(observed(a, 'invalid'), stored(a, 'verified')),
    ).toBe(false);
    expect(
      uploadedVerdictWins(observed(a, 'verified'), stored(a, 'verified')),
    ).toBe(true);
    expect(
      uploadedVerdictWins(observed(a, 'verified'), stored(a, 'invalid')),
    ).toBe(true);
  });

  it('keeps an earlier real verdict, stale, for a digest the source could not check this time', () => {
    const next = nextSourceVerdicts({
      previous: [stored(a, 'verified'), stored(b, 'unknown')],
      observations: [
        { ...observed(a, 'unknown'), reason: 'log timed out' },
        observed(b, 'unsigned'),
      ],
      source: 'rekor',
      at: '2026-11-23T00:00:00.000Z',
    });
    expect(next).toEqual([
      { ...stored(a, 'verified'), stale: true, error: 'log timed out' },
      stored(b, 'unsigned', 'rekor', '2026-11-23T00:00:00.000Z'),
    ]);
  });

  it('marks a failed source stale and gives the current digest, if unjudged, an unknown verdict naming the error', () => {
    const at = '2026-11-23T00:00:00.000Z';
    const next = staleSourceVerdicts({
      previous: [stored(a, 'verified')],
      currentDigest: b,
      source: 'rekor',
      error: '503 from the log',
      at,
    });
    expect(next).toEqual([
      { ...stored(a, 'verified'), stale: true, error: '503 from the log' },
      expect.objectContaining({
        digest: b,
        status: 'unknown',
        reason: '503 from the log',
        error: '503 from the log',
        stale: false,
        checkedAt: at,
      }),
    ]);
    expect(
      staleSourceVerdicts({
        previous: [stored(a, 'verified')],
        currentDigest: a,
        source: 'rekor',
        error: 'down',
        at,
      }),
    ).toHaveLength(1);
  });

  it("summarises the best verdict for the newest report's digest, and unknown for a digest nobody checked", () => {
    const verdicts = [
      stored(a, 'invalid', 'upload', '2026-11-22T00:00:00.000Z'),
      stored(a, 'verified', 'rekor', '2026-11-21T00:00:00.000Z'),
      stored(b, 'unsigned', 'rekor', '2026-11-20T00:00:00.000Z'),
    ];
    expect(summarizeSignatureVerdicts(verdicts, [a, b])).toMatchObject({
      status: 'verified',
      signer,
      digest: a,
      // The newest check of the digest, whichever verdict won.
      checkedAt: '2026-11-22T00:00:00.000Z',
    });
    expect(summarizeSignatureVerdicts(verdicts, [b])).toMatchObject({
      status: 'unsigned',
      digest: b,
    });
    expect(summarizeSignatureVerdicts(verdicts, ['sha256:cccc'])).toMatchObject(
      {
        status: 'unknown',
        digest: 'sha256:cccc',
        reason: 'this image digest has not been checked yet',
      },
    );
    // Without a report naming a digest, no verdict is current, however many were stored.
    expect(summarizeSignatureVerdicts(verdicts, [])).toBeNull();
    expect(summarizeSignatureVerdicts([], [a])).toBeNull();
  });

  it('never lets a verdict for a digest no report names decide the summary', () => {
    const foreign = 'sha256:ffff';
    // Checked last and worst, but for an image none of the entity's reports names.
    const verdicts = [
      stored(foreign, 'invalid', 'upload', '2026-11-23T00:00:00.000Z'),
      stored(a, 'verified', 'rekor', '2026-11-21T00:00:00.000Z'),
    ];
    expect(summarizeSignatureVerdicts(verdicts, [a])).toMatchObject({
      digest: a,
      status: 'verified',
      checkedAt: '2026-11-21T00:00:00.000Z',
    });
    expect(summarizeSignatureVerdicts(verdicts.slice(0, 1), [])).toBeNull();
    // Nor turn "nothing known" into "not checked yet" for the reported digest.
    expect(summarizeSignatureVerdicts(verdicts.slice(0, 1), [a])).toBeNull();
  });

  it('gives a stale verdict without a reason its error as the reason', () => {
    const item = {
      ...stored(a, 'verified'),
      reason: null,
      stale: true,
      error: 'log down',
    };
    expect(summarizeSignatureVerdicts([item], [a])).toMatchObject({
      stale: true,
      reason: 'log down',
    });
  });
});
