import {
  publicGoodRootPath,
  readRekorFixture,
} from '../__testUtils__/fixtures';
import { VERIFIABLE_FIXTURES } from '../testing/fixtureCases';
import {
  bundleFromRekorEntry,
  parseRekorEntriesResponse,
  rekorEntryToTlogEntry,
} from './rekorEntry';
import { loadTrustMaterial } from './trustMaterial';
import { verifyBundle } from './verifyBundle';

const DERIVED =
  'log-entries/derived/cosign-oci-attestation-dsse-entry.DERIVED.json';
const SOURCE = VERIFIABLE_FIXTURES.find(f =>
  f.file.includes('cosign-oci-image-attestation'),
)!;
const trust = loadTrustMaterial([publicGoodRootPath()]);

const onlyEntry = (file: string) =>
  parseRekorEntriesResponse(readRekorFixture(file))[0];

describe('rekorEntryToTlogEntry', () => {
  it('turns the DERIVED v1 entry back into the bundle’s own tlog entry', () => {
    const { entry } = onlyEntry(DERIVED);
    const bundle = readRekorFixture(SOURCE.file);
    expect(rekorEntryToTlogEntry(entry)).toEqual(
      bundle.verificationMaterial.tlogEntries[0],
    );
  });

  it('maps an entry that has only a SET', () => {
    const { entry } = onlyEntry(
      'log-entries/hashedrekord-staging-entry-no-inclusion-proof.json',
    );
    const tlog = rekorEntryToTlogEntry(entry);
    expect(tlog.inclusionProof).toBeUndefined();
    expect(tlog.inclusionPromise?.signedEntryTimestamp).toBe(
      entry.verification?.signedEntryTimestamp,
    );
    expect(tlog.kindVersion).toEqual({
      kind: 'hashedrekord',
      version: '0.0.1',
    });
  });

  it.each([
    [null],
    [{}],
    [{ body: 'e30=', integratedTime: 1, logIndex: 1, logID: 'zz' }],
  ])('rejects %p', entry => {
    expect(() => rekorEntryToTlogEntry(entry)).toThrow(
      /not a Rekor v1 log entry/,
    );
  });
});

describe('parseRekorEntriesResponse', () => {
  it.each([
    DERIVED,
    'log-entries/jar-prod-entry.json',
    'log-entries/hashedrekord-staging-entry.json',
    'log-entries/hashedrekord-staging-entry-no-inclusion-proof.json',
  ])('accepts %s, whose UUID is its leaf hash', file => {
    expect(parseRekorEntriesResponse(readRekorFixture(file))).toHaveLength(1);
  });

  it('rejects an entry filed under a UUID it does not hash to', () => {
    const response = readRekorFixture(DERIVED);
    const [[uuid, entry]] = Object.entries(response);
    const other = `${uuid.slice(0, -1)}${uuid.endsWith('0') ? '1' : '0'}`;
    expect(() => parseRekorEntriesResponse({ [other]: entry })).toThrow(
      /does not hash to its UUID/,
    );
  });

  it('rejects a response without the UUID asked for', () => {
    expect(() =>
      parseRekorEntriesResponse(readRekorFixture(DERIVED), '0'.repeat(64)),
    ).toThrow(/does not contain entry/);
  });

  it('accepts the UUID asked for with or without the tree ID', () => {
    const uuid = Object.keys(readRekorFixture(DERIVED))[0];
    expect(
      parseRekorEntriesResponse(readRekorFixture(DERIVED), uuid),
    ).toHaveLength(1);
    expect(
      parseRekorEntriesResponse(readRekorFixture(DERIVED), uuid.slice(16)),
    ).toHaveLength(1);
  });
});

describe('bundleFromRekorEntry', () => {
  const material = () => {
    const source = readRekorFixture(SOURCE.file);
    return {
      dsseEnvelope: source.dsseEnvelope,
      certificate: source.verificationMaterial.certificate.rawBytes,
    };
  };

  it('rebuilds a bundle from the DERIVED entry and the envelope that verifies', async () => {
    const bundle = bundleFromRekorEntry(onlyEntry(DERIVED).entry, material());
    const verdict = await verifyBundle(bundle, {
      trust,
      expectedDigest: SOURCE.digest,
      identities: [SOURCE.identity],
    });
    expect(verdict).toMatchObject({
      status: 'verified',
      logIndex: SOURCE.logIndex,
      integratedTime: SOURCE.integratedTime,
      signer: { subject: 'cody@soyland.com' },
    });
  });

  it('an entry altered after the response is invalid', async () => {
    const { entry } = onlyEntry(DERIVED);
    const bundle = bundleFromRekorEntry(
      { ...entry, integratedTime: entry.integratedTime + 1 },
      material(),
    );
    const verdict = await verifyBundle(bundle, {
      trust,
      expectedDigest: SOURCE.digest,
      identities: [SOURCE.identity],
    });
    expect(verdict).toMatchObject({
      status: 'invalid',
      reason:
        'bad log proof: TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified',
    });
  });

  it('a DSSE envelope the entry does not log is invalid', async () => {
    const other = readRekorFixture(
      'bundles/dsse-slsa-provenance-v0.3.sigstore.json',
    );
    const bundle = bundleFromRekorEntry(onlyEntry(DERIVED).entry, {
      ...material(),
      dsseEnvelope: other.dsseEnvelope,
    });
    const verdict = await verifyBundle(bundle, {
      trust,
      expectedDigest: SOURCE.digest,
      identities: [SOURCE.identity],
    });
    expect(verdict.status).toBe('invalid');
  });

  it('needs the envelope for a DSSE entry: the log stores only its hashes', () => {
    expect(() => bundleFromRekorEntry(onlyEntry(DERIVED).entry)).toThrow(
      /stores only hashes/,
    );
  });

  it('refuses kinds that are not signatures of an artifact bundle', () => {
    expect(() =>
      bundleFromRekorEntry(onlyEntry('log-entries/jar-prod-entry.json').entry),
    ).toThrow(/kind jar/);
  });

  it('rebuilds a message-signature bundle from a hashedrekord entry alone', () => {
    const { entry } = onlyEntry(
      'log-entries/hashedrekord-staging-entry-no-inclusion-proof.json',
    );
    const bundle = bundleFromRekorEntry(entry) as any;
    expect(bundle.mediaType).toBe(
      'application/vnd.dev.sigstore.bundle+json;version=0.1',
    );
    expect(bundle.messageSignature.messageDigest.algorithm).toBe('SHA2_256');
    expect(
      bundle.verificationMaterial.x509CertificateChain.certificates,
    ).toHaveLength(1);
  });

  it('a rebuilt staging hashedrekord entry is invalid against public-good', async () => {
    const { entry } = onlyEntry('log-entries/hashedrekord-staging-entry.json');
    const verdict = await verifyBundle(bundleFromRekorEntry(entry), {
      trust,
      expectedDigest: `sha256:${'0'.repeat(64)}`,
      identities: [],
      payload: Buffer.from('x'),
    });
    expect(verdict.status).toBe('invalid');
    expect(verdict.reason).toMatch(
      /^untrusted certificate: CERTIFICATE_ERROR: /,
    );
  });
});
