import crypto from 'crypto';
import {
  readRekorFixture,
  publicGoodRootPath,
} from '../__testUtils__/fixtures';
import { VERIFIABLE_FIXTURES, exactly } from '../testing/fixtureCases';
import { loadTrustMaterial } from './trustMaterial';
import { verifyBundle } from './verifyBundle';

const trust = loadTrustMaterial([publicGoodRootPath()]);
const OTHER_DIGEST = `sha256:${'0'.repeat(64)}`;

describe('verifyBundle against the public-good root', () => {
  it.each(VERIFIABLE_FIXTURES.map(f => [f.file, f] as const))(
    '%s is verified',
    async (_file, f) => {
      const verdict = await verifyBundle(readRekorFixture(f.file), {
        trust,
        expectedDigest: f.digest,
        identities: [f.identity],
      });
      expect(verdict).toEqual({
        status: 'verified',
        reason: null,
        signer: { issuer: f.identity.issuer, subject: f.subject },
        logIndex: f.logIndex,
        integratedTime: f.integratedTime,
        kind: f.kind,
        predicateType: f.predicateType,
        digest: f.digest,
      });
    },
  );

  it.each(VERIFIABLE_FIXTURES.map(f => [f.file, f] as const))(
    '%s for another image is invalid with the digest it is for',
    async (_file, f) => {
      const verdict = await verifyBundle(readRekorFixture(f.file), {
        trust,
        expectedDigest: f.digest.startsWith('sha512:')
          ? `sha512:${'0'.repeat(128)}`
          : OTHER_DIGEST,
        identities: [f.identity],
      });
      expect(verdict.status).toBe('invalid');
      expect(verdict.reason).toMatch(
        new RegExp(
          `^digest mismatch: signed for ${f.digest}, not for the image's sha(256|512):0+$`,
        ),
      );
      expect(verdict.digest).toBe(f.digest);
      // Crypto passed, so the signer is known and reported even though the verdict is invalid.
      expect(verdict.signer?.subject).toBe(f.subject);
    },
  );

  it('reports a sha256 image against sha512-only subjects as a mismatch', async () => {
    const f = VERIFIABLE_FIXTURES.find(x => x.digest.startsWith('sha512:'))!;
    const verdict = await verifyBundle(readRekorFixture(f.file), {
      trust,
      expectedDigest: OTHER_DIGEST,
      identities: [f.identity],
    });
    expect(verdict.status).toBe('invalid');
    expect(verdict.reason).toBe(
      `digest mismatch: signed for ${f.digest}, not for the image's ${OTHER_DIGEST}`,
    );
  });

  it.each(VERIFIABLE_FIXTURES.map(f => [f.file, f] as const))(
    '%s from an identity the policy does not allow is unexpected-signer',
    async (_file, f) => {
      const verdict = await verifyBundle(readRekorFixture(f.file), {
        trust,
        expectedDigest: f.digest,
        identities: [
          {
            issuer: f.identity.issuer,
            subjectPattern: 'someone-else@example\\.com',
          },
          {
            issuer: 'https://issuer.example',
            subjectPattern: exactly(f.subject),
          },
        ],
      });
      expect(verdict.status).toBe('unexpected-signer');
      expect(verdict.signer).toEqual({
        issuer: f.identity.issuer,
        subject: f.subject,
      });
      expect(verdict.reason).toContain(f.subject);
      expect(verdict.logIndex).toBe(f.logIndex);
    },
  );

  describe('message signatures', () => {
    const MESSAGE_FIXTURES = [
      'bundles/hashedrekord-v0.3.sigstore.json',
      'bundles/oci-image-hashedrekord-minder-v0.1.sigstore.json',
    ];

    it.each(MESSAGE_FIXTURES)(
      '%s without its payload is invalid, not verified',
      async file => {
        const verdict = await verifyBundle(readRekorFixture(file), {
          trust,
          expectedDigest: OTHER_DIGEST,
          identities: [],
        });
        expect(verdict).toMatchObject({
          status: 'invalid',
          reason: 'message signature without its signed payload',
          kind: 'signature',
          signer: null,
        });
      },
    );

    it.each(MESSAGE_FIXTURES)(
      '%s with a payload it did not sign names both digests',
      async file => {
        const payload = Buffer.from('{"critical":{}}');
        const verdict = await verifyBundle(readRekorFixture(file), {
          trust,
          expectedDigest: OTHER_DIGEST,
          identities: [],
          payload,
        });
        const hex = crypto.createHash('sha256').update(payload).digest('hex');
        expect(verdict.status).toBe('invalid');
        expect(verdict.reason).toMatch(
          new RegExp(
            `^payload sha256:${hex} is not the signed message sha256:[0-9a-f]{64}$`,
          ),
        );
      },
    );

    it('the staging bundle is invalid against public-good: its CA is not trusted', async () => {
      const verdict = await verifyBundle(
        readRekorFixture('bundles/hashedrekord-staging-v0.3.sigstore.json'),
        { trust, expectedDigest: OTHER_DIGEST, identities: [] },
      );
      expect(verdict.status).toBe('invalid');
      expect(verdict.reason).toBe(
        'untrusted certificate: CERTIFICATE_ERROR: Failed to verify certificate chain (no valid certificate path found)',
      );
    });
  });

  it('the legacy cosign rekorBundle is not a Sigstore bundle', async () => {
    const verdict = await verifyBundle(
      readRekorFixture('bundles/cosign-legacy-rekorBundle-example.json'),
      { trust, expectedDigest: OTHER_DIGEST, identities: [] },
    );
    expect(verdict.status).toBe('invalid');
    expect(verdict.reason).toMatch(/^not a Sigstore bundle: /);
  });

  it.each([
    ['JSON text that does not parse', '{not json'],
    ['null', null],
    ['a number', 42],
    ['an empty object', {}],
    ['an unknown media type', { mediaType: 'application/json' }],
  ])('%s is invalid, not thrown', async (_what, input) => {
    const verdict = await verifyBundle(input, {
      trust,
      expectedDigest: OTHER_DIGEST,
      identities: [],
    });
    expect(verdict.status).toBe('invalid');
    expect(verdict.reason).toMatch(/^not a Sigstore bundle: /);
  });

  it('accepts the bundle as JSON text', async () => {
    const f = VERIFIABLE_FIXTURES[0];
    const text = JSON.stringify(readRekorFixture(f.file));
    const verdict = await verifyBundle(text, {
      trust,
      expectedDigest: f.digest,
      identities: [f.identity],
    });
    expect(verdict.status).toBe('verified');
  });

  it('throws for options that are programming errors', async () => {
    const bundle = readRekorFixture(VERIFIABLE_FIXTURES[0].file);
    await expect(
      verifyBundle(bundle, { trust, expectedDigest: 'latest', identities: [] }),
    ).rejects.toThrow(/expected digest/);
    await expect(
      verifyBundle(bundle, {
        trust,
        expectedDigest: OTHER_DIGEST,
        identities: [{ issuer: 'x', subjectPattern: 'a)|(b' }],
      }),
    ).rejects.toThrow(/invalid subject pattern/);
  });
});
