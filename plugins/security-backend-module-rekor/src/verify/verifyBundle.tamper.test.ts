import {
  readRekorFixture,
  publicGoodRootPath,
} from '../__testUtils__/fixtures';
import { VERIFIABLE_FIXTURES } from '../testing/fixtureCases';
import { createTestSigstore } from '../testing/signedMaterial';
import { loadTrustMaterial } from './trustMaterial';
import { verifyBundle, type VerifyBundleOptions } from './verifyBundle';

/**
 * Every one-byte (or one-step) alteration of every verifiable bundle must be `invalid`,
 * never `verified`, and must say why. Includes the alterations @sigstore/verify 4.1.3
 * alone would accept (proof rootHash/treeSize, Rekor v2 logIndex/integratedTime).
 */

type Json = any;
type Features = {
  dsse: boolean;
  message: boolean;
  set: boolean;
  proof: boolean;
  proofHashes: boolean;
  checkpoint: boolean;
  tsa: boolean;
};

const features = (b: Json): Features => {
  const entry = b.verificationMaterial.tlogEntries[0];
  return {
    dsse: !!b.dsseEnvelope,
    message: !!b.messageSignature,
    set: !!entry.inclusionPromise,
    proof: !!entry.inclusionProof,
    proofHashes: entry.inclusionProof?.hashes?.length > 0,
    checkpoint: !!entry.inclusionProof?.checkpoint?.envelope,
    tsa: !!b.verificationMaterial.timestampVerificationData?.rfc3161Timestamps
      ?.length,
  };
};

/** Base64 value with the middle byte's low bit flipped. */
const flip = (base64: string): string => {
  const bytes = Buffer.from(base64, 'base64');
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  return bytes.toString('base64');
};
const bump = (n: string | undefined, by: number) =>
  String(Number(n ?? '0') + by);
const entryOf = (b: Json) => b.verificationMaterial.tlogEntries[0];

type Mutation = {
  name: string;
  applies: (f: Features) => boolean;
  mutate: (b: Json, input: { payload?: Buffer }) => void;
};

const MUTATIONS: Mutation[] = [
  {
    name: 'signature byte',
    applies: () => true,
    mutate: b => {
      if (b.dsseEnvelope) {
        b.dsseEnvelope.signatures[0].sig = flip(
          b.dsseEnvelope.signatures[0].sig,
        );
      } else {
        b.messageSignature.signature = flip(b.messageSignature.signature);
      }
    },
  },
  {
    name: 'DSSE payload byte',
    applies: f => f.dsse,
    mutate: b => {
      b.dsseEnvelope.payload = flip(b.dsseEnvelope.payload);
    },
  },
  {
    name: 'message digest byte',
    applies: f => f.message,
    mutate: b => {
      b.messageSignature.messageDigest.digest = flip(
        b.messageSignature.messageDigest.digest,
      );
    },
  },
  {
    name: 'signed payload byte',
    applies: f => f.message,
    mutate: (_b, input) => {
      input.payload![Math.floor(input.payload!.length / 2)] ^= 0x01;
    },
  },
  {
    name: 'certificate byte',
    applies: () => true,
    mutate: b => {
      const vm = b.verificationMaterial;
      const holder = vm.certificate ?? vm.x509CertificateChain.certificates[0];
      holder.rawBytes = flip(holder.rawBytes);
    },
  },
  {
    name: 'tlog body byte',
    applies: () => true,
    mutate: b => {
      entryOf(b).canonicalizedBody = flip(entryOf(b).canonicalizedBody);
    },
  },
  {
    name: 'inclusion proof hash byte',
    applies: f => f.proofHashes,
    mutate: b => {
      const p = entryOf(b).inclusionProof;
      p.hashes[0] = flip(p.hashes[0]);
    },
  },
  {
    name: 'inclusion proof root hash byte',
    applies: f => f.checkpoint,
    mutate: b => {
      const p = entryOf(b).inclusionProof;
      p.rootHash = flip(p.rootHash);
    },
  },
  {
    name: 'inclusion proof tree size +1',
    applies: f => f.checkpoint,
    mutate: b => {
      const p = entryOf(b).inclusionProof;
      p.treeSize = bump(p.treeSize, 1);
    },
  },
  {
    name: 'inclusion proof logIndex -1',
    applies: f => f.proof,
    mutate: b => {
      const p = entryOf(b).inclusionProof;
      p.logIndex = bump(p.logIndex, -1);
    },
  },
  {
    name: 'checkpoint root hash character',
    applies: f => f.checkpoint,
    mutate: b => {
      const p = entryOf(b).inclusionProof;
      const lines = p.checkpoint.envelope.split('\n');
      lines[2] = (lines[2][0] === 'A' ? 'B' : 'A') + lines[2].slice(1);
      p.checkpoint.envelope = lines.join('\n');
    },
  },
  {
    name: 'integratedTime +1',
    applies: () => true,
    mutate: b => {
      entryOf(b).integratedTime = bump(entryOf(b).integratedTime, 1);
    },
  },
  {
    name: 'signed entry timestamp byte',
    applies: f => f.set,
    mutate: b => {
      const promise = entryOf(b).inclusionPromise;
      promise.signedEntryTimestamp = flip(promise.signedEntryTimestamp);
    },
  },
  {
    name: 'top-level logIndex +1',
    applies: () => true,
    mutate: b => {
      entryOf(b).logIndex = bump(entryOf(b).logIndex, 1);
    },
  },
  {
    name: 'RFC 3161 timestamp byte',
    applies: f => f.tsa,
    mutate: b => {
      const ts =
        b.verificationMaterial.timestampVerificationData.rfc3161Timestamps[0];
      ts.signedTimestamp = flip(ts.signedTimestamp);
    },
  },
];

type Source = {
  name: string;
  features: Features;
  load: () => Promise<{ bundle: Json; options: VerifyBundleOptions }>;
};

const publicGood = loadTrustMaterial([publicGoodRootPath()]);

const fixtureSources: Source[] = VERIFIABLE_FIXTURES.map(f => ({
  name: f.file,
  features: features(readRekorFixture(f.file)),
  load: async () => ({
    bundle: readRekorFixture(f.file),
    options: {
      trust: publicGood,
      expectedDigest: f.digest,
      identities: [f.identity],
    },
  }),
}));

const IMAGE = `sha256:${'c'.repeat(64)}`;
const SIGNER = {
  issuer: 'https://token.actions.githubusercontent.com',
  subject:
    'https://github.com/posture/app/.github/workflows/release.yml@refs/heads/main',
};
// The mock log answers every entry as the only leaf of a one-entry tree: no audit path.
const MOCK_FEATURES = {
  set: true,
  proof: true,
  proofHashes: false,
  checkpoint: true,
  tsa: false,
};
let mock: Awaited<ReturnType<typeof createTestSigstore>>;
const mockOptions = (): Omit<VerifyBundleOptions, 'payload'> => ({
  trust: loadTrustMaterial([mock.trustedRoot]),
  expectedDigest: IMAGE,
  identities: [
    {
      issuer: SIGNER.issuer,
      subjectPattern: SIGNER.subject.replace(/[.]/g, '\\.'),
    },
  ],
});
const mockSources: Source[] = [
  {
    name: 'mock DSSE attestation',
    features: { ...MOCK_FEATURES, dsse: true, message: false },
    load: async () => ({
      bundle: await mock.attest({ subjectDigest: IMAGE, signer: SIGNER }),
      options: mockOptions(),
    }),
  },
  {
    name: 'mock cosign image signature',
    features: { ...MOCK_FEATURES, dsse: false, message: true },
    load: async () => {
      const { bundle, payload } = await mock.signImage({
        imageDigest: IMAGE,
        signer: SIGNER,
      });
      return { bundle, options: { ...mockOptions(), payload } };
    },
  },
];

beforeAll(async () => {
  mock = await createTestSigstore();
});

const sources = [...fixtureSources, ...mockSources];

describe.each(sources.map(s => [s.name, s] as const))('%s', (_name, source) => {
  it('verifies unaltered', async () => {
    const { bundle, options } = await source.load();
    expect(await verifyBundle(bundle, options)).toMatchObject({
      status: 'verified',
      reason: null,
    });
  });

  const cases = MUTATIONS.filter(m => m.applies(source.features));
  it.each(cases.map(m => [m.name, m] as const))(
    'is invalid after altering the %s',
    async (_m, mutation) => {
      const { bundle, options } = await source.load();
      const input = {
        payload: options.payload && Buffer.from(options.payload),
      };
      mutation.mutate(bundle, input);
      const verdict = await verifyBundle(bundle, {
        ...options,
        payload: input.payload,
      });
      expect(verdict.status).toBe('invalid');
      expect(verdict.reason).toEqual(expect.any(String));
      // Nothing from an altered bundle is reported as fact.
      expect(verdict.signer).toBeNull();
      expect(verdict.logIndex).toBeNull();
    },
  );
});
