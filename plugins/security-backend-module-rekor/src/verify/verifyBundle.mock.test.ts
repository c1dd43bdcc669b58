import {
  publicGoodRootPath,
  readRekorFixture,
} from '../__testUtils__/fixtures';
import { VERIFIABLE_FIXTURES, exactly } from '../testing/fixtureCases';
import {
  createTestSigstore,
  type TestSigstore,
} from '../testing/signedMaterial';
import { loadTrustMaterial } from './trustMaterial';
import { verifyBundle } from './verifyBundle';

const IMAGE = `sha256:${'ab'.repeat(32)}`;
const OTHER = `sha256:${'cd'.repeat(32)}`;
const ISSUER = 'https://token.actions.githubusercontent.com';
const WORKFLOW =
  'https://github.com/posture/app/.github/workflows/release.yml@refs/heads/main';
const signer = { issuer: ISSUER, subject: WORKFLOW };

let sigstore: TestSigstore;
beforeAll(async () => {
  sigstore = await createTestSigstore();
});
const ownTrust = () => loadTrustMaterial([sigstore.trustedRoot]);
const allow = (subjectPattern: string, issuer = ISSUER) => [
  { issuer, subjectPattern },
];

describe('mock-signed attestation', () => {
  it('is verified with its own root', async () => {
    const bundle = await sigstore.attest({ subjectDigest: IMAGE, signer });
    const verdict = await verifyBundle(bundle, {
      trust: ownTrust(),
      expectedDigest: IMAGE,
      identities: allow(exactly(WORKFLOW)),
    });
    expect(verdict).toMatchObject({
      status: 'verified',
      reason: null,
      signer,
      kind: 'attestation',
      predicateType: 'https://slsa.dev/provenance/v1',
      digest: IMAGE,
    });
    expect(verdict.logIndex).toEqual(expect.any(Number));
    expect(Date.parse(verdict.integratedTime!)).toBeGreaterThan(
      Date.now() - 60_000,
    );
  });

  it('is invalid with the public-good root', async () => {
    const bundle = await sigstore.attest({ subjectDigest: IMAGE, signer });
    const verdict = await verifyBundle(bundle, {
      trust: loadTrustMaterial([publicGoodRootPath()]),
      expectedDigest: IMAGE,
      identities: allow(exactly(WORKFLOW)),
    });
    expect(verdict).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(
        /^untrusted certificate: CERTIFICATE_ERROR: /,
      ),
      signer: null,
    });
  });

  it('is invalid with another instance’s root', async () => {
    const other = await createTestSigstore();
    const bundle = await sigstore.attest({ subjectDigest: IMAGE, signer });
    const verdict = await verifyBundle(bundle, {
      trust: loadTrustMaterial([other.trustedRoot]),
      expectedDigest: IMAGE,
      identities: allow(exactly(WORKFLOW)),
    });
    expect(verdict.status).toBe('invalid');
  });

  it('merged roots verify both public-good and mock bundles', async () => {
    const trust = loadTrustMaterial([
      publicGoodRootPath(),
      sigstore.trustedRoot,
    ]);
    const bundle = await sigstore.attest({ subjectDigest: IMAGE, signer });
    const f = VERIFIABLE_FIXTURES[0];
    await expect(
      verifyBundle(bundle, {
        trust,
        expectedDigest: IMAGE,
        identities: allow(exactly(WORKFLOW)),
      }),
    ).resolves.toMatchObject({ status: 'verified' });
    await expect(
      verifyBundle(readRekorFixture(f.file), {
        trust,
        expectedDigest: f.digest,
        identities: [f.identity],
      }),
    ).resolves.toMatchObject({ status: 'verified' });
  });

  it('for another digest is invalid with the reason', async () => {
    const bundle = await sigstore.attest({ subjectDigest: IMAGE, signer });
    const verdict = await verifyBundle(bundle, {
      trust: ownTrust(),
      expectedDigest: OTHER,
      identities: allow(exactly(WORKFLOW)),
    });
    expect(verdict).toMatchObject({
      status: 'invalid',
      reason: `digest mismatch: signed for ${IMAGE}, not for the image's ${OTHER}`,
      digest: IMAGE,
    });
  });

  it('matches the expected digest case-insensitively', async () => {
    const bundle = await sigstore.attest({ subjectDigest: IMAGE, signer });
    const verdict = await verifyBundle(bundle, {
      trust: ownTrust(),
      expectedDigest: IMAGE.toUpperCase().replace('SHA256', 'sha256'),
      identities: allow(exactly(WORKFLOW)),
    });
    expect(verdict.status).toBe('verified');
  });
});

describe('identity policy', () => {
  const judge = async (
    identities: Array<{ issuer: string; subjectPattern: string }>,
  ) =>
    verifyBundle(await sigstore.attest({ subjectDigest: IMAGE, signer }), {
      trust: ownTrust(),
      expectedDigest: IMAGE,
      identities,
    });

  it.each([
    ['the exact subject', exactly(WORKFLOW)],
    [
      'a pattern over the whole subject',
      'https://github\\.com/posture/app/\\.github/workflows/[a-z]+\\.yml@refs/heads/main',
    ],
    ['a pattern already anchored with ^…$', `^${exactly(WORKFLOW)}$`],
    ['a pattern anchored with ^ only', `^${exactly(WORKFLOW)}`],
    [
      'an alternation whose second branch matches',
      `nobody|${exactly(WORKFLOW)}`,
    ],
  ])('allows %s', async (_what, pattern) => {
    expect((await judge(allow(pattern))).status).toBe('verified');
  });

  it.each([
    ['a prefix', 'https://github\\.com/posture/app/'],
    ['a suffix', 'release\\.yml@refs/heads/main'],
    ['a middle part', 'posture'],
    ['a prefix written with ^', '^https://github\\.com/posture/'],
    ['an alternation with an unanchorable branch', 'nobody|posture/app'],
    ['a subject of another ref', exactly(WORKFLOW.replace('main', 'dev'))],
  ])('refuses %s that would match unanchored', async (_what, pattern) => {
    const verdict = await judge(allow(pattern));
    expect(verdict.status).toBe('unexpected-signer');
    expect(verdict.signer).toEqual(signer);
  });

  it('compares the issuer exactly', async () => {
    for (const issuer of [
      `${ISSUER}/`,
      'https://token.actions.githubusercontent.co',
      ISSUER.toUpperCase(),
    ]) {
      expect((await judge(allow(exactly(WORKFLOW), issuer))).status).toBe(
        'unexpected-signer',
      );
    }
  });

  it('allows nobody when no identity is configured', async () => {
    const verdict = await judge([]);
    expect(verdict).toMatchObject({ status: 'unexpected-signer', signer });
  });

  it('judges the digest before the identity', async () => {
    const verdict = await verifyBundle(
      await sigstore.attest({ subjectDigest: OTHER, signer }),
      {
        trust: ownTrust(),
        expectedDigest: IMAGE,
        identities: [],
      },
    );
    expect(verdict.status).toBe('invalid');
  });
});

describe('mock-signed cosign image signature', () => {
  it('is verified with its payload', async () => {
    const { bundle, payload } = await sigstore.signImage({
      imageDigest: IMAGE,
      signer,
    });
    const verdict = await verifyBundle(bundle, {
      trust: ownTrust(),
      expectedDigest: IMAGE,
      identities: allow(exactly(WORKFLOW)),
      payload,
    });
    expect(verdict).toMatchObject({
      status: 'verified',
      kind: 'signature',
      predicateType: null,
      digest: IMAGE,
      signer,
    });
  });

  it('without its payload is invalid', async () => {
    const { bundle } = await sigstore.signImage({ imageDigest: IMAGE, signer });
    const verdict = await verifyBundle(bundle, {
      trust: ownTrust(),
      expectedDigest: IMAGE,
      identities: allow(exactly(WORKFLOW)),
    });
    expect(verdict).toMatchObject({
      status: 'invalid',
      reason: 'message signature without its signed payload',
    });
  });

  it('for another image is invalid with the reason', async () => {
    const { bundle, payload } = await sigstore.signImage({
      imageDigest: OTHER,
      signer,
    });
    const verdict = await verifyBundle(bundle, {
      trust: ownTrust(),
      expectedDigest: IMAGE,
      identities: allow(exactly(WORKFLOW)),
      payload,
    });
    expect(verdict).toMatchObject({
      status: 'invalid',
      reason: `digest mismatch: signed for ${OTHER}, not for the image's ${IMAGE}`,
      digest: OTHER,
    });
  });

  it('from a disallowed identity is unexpected-signer', async () => {
    const someone = {
      issuer: 'https://accounts.google.com',
      subject: 'mallory@example.com',
    };
    const { bundle, payload } = await sigstore.signImage({
      imageDigest: IMAGE,
      signer: someone,
    });
    const verdict = await verifyBundle(bundle, {
      trust: ownTrust(),
      expectedDigest: IMAGE,
      identities: allow(exactly(WORKFLOW)),
      payload,
    });
    expect(verdict).toMatchObject({
      status: 'unexpected-signer',
      signer: someone,
    });
  });
});
