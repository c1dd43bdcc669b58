import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { readRekorFixture } from '../__testUtils__/fixtures';
import {
  createTestSigstore,
  type TestSigstore,
} from '../testing/signedMaterial';
import { loadTrustMaterial } from '../verify/trustMaterial';
import { SigstoreBundleHandler } from './SigstoreBundleHandler';

const image = `sha256:${'7'.repeat(64)}`;
const other = `sha256:${'8'.repeat(64)}`;
const signer = { issuer: 'https://issuer.test', subject: 'ci@acme.test' };
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'api' },
};
const b64 = (data: Buffer) => data.toString('base64');

describe('SigstoreBundleHandler', () => {
  let sigstore: TestSigstore;
  let handler: SigstoreBundleHandler;

  beforeAll(async () => {
    sigstore = await createTestSigstore();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-push-'));
    const root = path.join(dir, 'trusted_root.json');
    fs.writeFileSync(root, JSON.stringify(sigstore.trustedRoot));
    handler = new SigstoreBundleHandler({
      signing: {
        trustedRootNames: [root],
        trust: loadTrustMaterial([root]),
        identities: [
          { issuer: signer.issuer, subjectPattern: 'ci@acme\\.test' },
        ],
      },
      searchUrl: 'https://search.test/?logIndex={logIndex}',
    });
  });

  const judge = (document: unknown, digest = image) =>
    handler.judge(document, { entity, digest });

  it('recognises Sigstore bundles, legacy cosign bundles and both with a payload, nothing else', async () => {
    const { bundle, legacyBundle, payload } = await sigstore.signImage({
      imageDigest: image,
      signer,
    });
    expect(handler.detect(bundle)).toBe(true);
    expect(handler.detect(legacyBundle)).toBe(true);
    expect(handler.detect({ bundle, payload: b64(payload) })).toBe(true);
    expect(
      handler.detect({ bundle: legacyBundle, payload: b64(payload) }),
    ).toBe(true);
    expect(handler.detect({ SchemaVersion: 2 })).toBe(false);
    expect(handler.detect({ bundle: { SchemaVersion: 2 } })).toBe(false);
  });

  it('verifies a cosign image signature sent with its payload, and names the image it claims', async () => {
    const { bundle, payload } = await sigstore.signImage({
      imageDigest: image,
      signer,
      dockerReference: 'ghcr.io/acme/api',
    });
    const document = { bundle, payload: b64(payload) };
    expect(handler.references(document)).toEqual(['ghcr.io/acme/api']);
    expect(await judge(document)).toMatchObject({
      status: 'verified',
      kind: 'signature',
      signer,
    });
  });

  it('verifies the same signature in cosign’s legacy --bundle format', async () => {
    const { legacyBundle, payload } = await sigstore.signImage({
      imageDigest: image,
      signer,
    });
    const verdict = await judge({
      bundle: legacyBundle,
      payload: b64(payload),
    });
    expect(verdict).toMatchObject({
      status: 'verified',
      signer,
      logIndex: legacyBundle.rekorBundle.Payload.logIndex,
      logUrl: `https://search.test/?logIndex=${legacyBundle.rekorBundle.Payload.logIndex}`,
    });
  });

  it('calls a legacy bundle for another image invalid, with the digest it is for', async () => {
    const { legacyBundle, payload } = await sigstore.signImage({
      imageDigest: other,
      signer,
    });
    const verdict = await judge({
      bundle: legacyBundle,
      payload: b64(payload),
    });
    expect(verdict.status).toBe('invalid');
    expect(verdict.reason).toContain(`digest mismatch: signed for ${other}`);
  });

  it('calls a legacy bundle altered beside or inside its log entry invalid', async () => {
    const { legacyBundle, payload } = await sigstore.signImage({
      imageDigest: image,
      signer,
    });
    const otherSignature = (
      await sigstore.signImage({ imageDigest: image, signer })
    ).legacyBundle.base64Signature;
    const swapped = { ...legacyBundle, base64Signature: otherSignature };
    expect(
      await judge({ bundle: swapped, payload: b64(payload) }),
    ).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('not the one the log recorded'),
    });

    const later = {
      ...legacyBundle,
      rekorBundle: {
        ...legacyBundle.rekorBundle,
        Payload: {
          ...legacyBundle.rekorBundle.Payload,
          integratedTime: legacyBundle.rekorBundle.Payload.integratedTime + 1,
        },
      },
    };
    const verdict = await judge({ bundle: later, payload: b64(payload) });
    expect(verdict.status).toBe('invalid');
    expect(verdict.reason).toMatch(/^bad log proof: /);
  });

  it('refuses what it cannot judge with an InputError that says why', async () => {
    const { bundle, legacyBundle } = await sigstore.signImage({
      imageDigest: image,
      signer,
    });
    await expect(judge(bundle)).rejects.toThrow(InputError);
    await expect(judge(legacyBundle)).rejects.toThrow(
      /"payload": "<base64 of the signed simple-signing JSON>"/,
    );
    await expect(
      judge(readRekorFixture('bundles/cosign-legacy-rekorBundle-example.json')),
    ).rejects.toThrow(
      /logs a rekord entry, which @sigstore\/verify cannot check/,
    );
    await expect(
      judge({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' }),
    ).rejects.toThrow(/Not a valid Sigstore bundle/);
    await expect(judge({ bundle, payload: 42 })).rejects.toThrow(
      /"payload" must be the base64/,
    );
  });
});
