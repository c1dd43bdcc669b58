import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Entity } from '@backstage/catalog-model';
import { createRekorStandIn } from '@posture/dev-stand-ins';
import FakeTimers from '@sinonjs/fake-timers';
import {
  createTestSigstore,
  type TestSigstore,
} from '../testing/signedMaterial';
import { loadTrustMaterial } from '../verify/trustMaterial';
import { leafHash } from '../verify/rekorEntry';
import { RekorClient } from './RekorClient';
import { RekorSignatureSource } from './RekorSignatureSource';
import {
  publicGoodRootPath,
  readRekorFixture,
} from '../__testUtils__/fixtures';
import type { RekorConfig } from '../config/readRekorConfig';

const digest = `sha256:${'1'.repeat(64)}`;
const otherDigest = `sha256:${'2'.repeat(64)}`;
const releaseSigner = {
  issuer: 'https://token.actions.githubusercontent.com',
  subject:
    'https://github.com/acme/api/.github/workflows/release.yml@refs/heads/main',
};
const identities = [
  {
    issuer: releaseSigner.issuer,
    subjectPattern:
      'https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main',
  },
];
const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'api',
    annotations: { 'posture.dev/image': 'ghcr.io/acme/api' },
  },
};

describe('RekorSignatureSource', () => {
  let sigstore: TestSigstore;
  let rootFile: string;

  beforeAll(async () => {
    sigstore = await createTestSigstore();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'posture-rekor-'));
    rootFile = path.join(dir, 'trusted_root.json');
    fs.writeFileSync(rootFile, JSON.stringify(sigstore.trustedRoot));
  });

  async function setup(
    options: {
      retries?: number;
      trustPublicGood?: boolean;
      client?: ConstructorParameters<typeof RekorClient>[1];
    } = {},
  ) {
    const rekor = createRekorStandIn({
      publicKeyPem: sigstore.logPublicKeyPem,
    });
    const server = await rekor.start();
    const config: RekorConfig = {
      baseUrl: server.url,
      searchUrl: 'https://search.example/?logIndex={logIndex}',
      requestsPerSecond: 1000,
      timeoutMs: 2000,
      retries: options.retries ?? 2,
      maxEntriesPerDigest: 10,
      maxDigestsPerEntity: 2,
      schedule: { frequency: { hours: 1 }, timeout: { minutes: 5 } },
    };
    const source = new RekorSignatureSource({
      client: new RekorClient(
        config,
        options.client ?? { backoff: { baseMs: 2, maxMs: 2 } },
      ),
      config,
      signing: {
        trustedRootNames: [rootFile],
        trust: loadTrustMaterial(
          options.trustPublicGood
            ? [rootFile, publicGoodRootPath()]
            : [rootFile],
        ),
        identities,
      },
    });
    const collect = async (e: Entity = entity, digests = [digest]) => {
      const observation = await source.collect(e, {
        signal: new AbortController().signal,
        knownDigests: digests,
        provisionedSecrets: [],
      });
      if (observation.kind !== 'signatures') {
        throw new Error(`expected signatures, got ${observation.kind}`);
      }
      return observation;
    };
    const log = async (
      attestation: Parameters<TestSigstore['attest']>[0],
      indexAs = attestation.subjectDigest,
    ) => {
      const { logged } = await sigstore.attestWithEntry(attestation);
      rekor.state.add({ ...logged, subjectDigests: [indexAs] });
      return logged;
    };
    return { rekor, server, source, collect, log };
  }

  it('verifies an attestation found in the log by the image digest', async () => {
    const { server, collect, log } = await setup();
    try {
      const logged = await log({
        subjectDigest: digest,
        signer: releaseSigner,
      });
      const { items } = await collect();
      expect(items).toEqual([
        expect.objectContaining({
          digest,
          status: 'verified',
          reason: null,
          signer: releaseSigner,
          logIndex: logged.entry.logIndex,
          logUrl: `https://search.example/?logIndex=${logged.entry.logIndex}`,
          kind: 'attestation',
          predicateType: 'https://slsa.dev/provenance/v1',
          entries: 1,
        }),
      ]);
    } finally {
      await server.close();
    }
  });

  it('says unsigned when the log has nothing for the digest', async () => {
    const { server, collect } = await setup();
    try {
      const { items } = await collect();
      expect(items[0]).toMatchObject({ status: 'unsigned', entries: 0 });
    } finally {
      await server.close();
    }
  });

  it('reports a signer outside the policy as unexpected-signer, and honours the entity annotation', async () => {
    const { server, collect, log } = await setup();
    const laptop = {
      issuer: 'https://accounts.google.com',
      subject: 'dev@gmail.example',
    };
    try {
      await log({ subjectDigest: digest, signer: laptop });
      expect((await collect()).items[0]).toMatchObject({
        status: 'unexpected-signer',
        signer: laptop,
      });
      const allowsLaptop: Entity = {
        ...entity,
        metadata: {
          ...entity.metadata,
          annotations: {
            ...entity.metadata.annotations,
            'posture.dev/signing-identity':
              'https://accounts.google.com|dev@gmail\\.example',
          },
        },
      };
      expect((await collect(allowsLaptop)).items[0].status).toBe('verified');
    } finally {
      await server.close();
    }
  });

  it('calls an attestation for another image invalid, with the reason', async () => {
    const { server, collect, log } = await setup();
    try {
      // Indexed under our digest, but the signed statement names another image.
      await log({ subjectDigest: otherDigest, signer: releaseSigner }, digest);
      const [item] = (await collect()).items;
      expect(item.status).toBe('invalid');
      expect(item.reason).toContain(digest);
    } finally {
      await server.close();
    }
  });

  it('calls a statement altered after logging invalid, never verified', async () => {
    const { server, collect, rekor } = await setup();
    try {
      const { logged } = await sigstore.attestWithEntry({
        subjectDigest: digest,
        signer: releaseSigner,
      });
      const statement = JSON.parse(
        Buffer.from(logged.entry.attestation!.data!, 'base64').toString(),
      );
      statement.predicate = { builder: { id: 'https://evil.example' } };
      logged.entry.attestation = {
        data: Buffer.from(JSON.stringify(statement)).toString('base64'),
      };
      rekor.state.add({ ...logged, subjectDigests: [digest] });
      const [item] = (await collect()).items;
      expect(item.status).toBe('invalid');
      expect(item.reason).toMatch(/TLOG_BODY_ERROR/);
      expect(item.signer).toBeNull();
    } finally {
      await server.close();
    }
  });

  it('prefers a verified attestation over a forged one beside it', async () => {
    const { server, collect, log, rekor } = await setup();
    try {
      await log({ subjectDigest: digest, signer: releaseSigner });
      const rogue = await createTestSigstore();
      const { logged } = await rogue.attestWithEntry({
        subjectDigest: digest,
        signer: releaseSigner,
      });
      rekor.state.add({ ...logged, subjectDigests: [digest] });
      const [item] = (await collect()).items;
      expect(item).toMatchObject({ status: 'verified', entries: 2 });
    } finally {
      await server.close();
    }
  });

  it('calls an entry from an untrusted Sigstore invalid', async () => {
    const { server, collect, rekor } = await setup();
    try {
      const rogue = await createTestSigstore();
      const { logged } = await rogue.attestWithEntry({
        subjectDigest: digest,
        signer: releaseSigner,
      });
      rekor.state.add({ ...logged, subjectDigests: [digest] });
      expect((await collect()).items[0].status).toBe('invalid');
    } finally {
      await server.close();
    }
  });

  it('says a genuine DSSE entry cannot be verified from the log alone, and a forged one is invalid', async () => {
    const { server, collect, rekor } = await setup({
      trustPublicGood: true,
    });
    const derived = readRekorFixture(
      'log-entries/derived/cosign-oci-attestation-dsse-entry.DERIVED.json',
    );
    const [[uuid, entry]] = Object.entries<any>(derived);
    try {
      rekor.state.add({ uuid, entry, subjectDigests: [digest] });
      const [genuine] = (await collect()).items;
      expect(genuine).toMatchObject({ status: 'unsigned', entries: 1 });
      expect(genuine.reason).toMatch(
        /1 log entry was found but cannot be verified from the log alone \(a dsse log entry stores only hashes/,
      );

      // The same entry with its integrated time moved: the SET no longer covers it.
      rekor.state.add({
        uuid,
        entry: { ...entry, integratedTime: entry.integratedTime + 1 },
        subjectDigests: [digest],
      });
      const [forged] = (await collect()).items;
      expect(forged.status).toBe('invalid');
      expect(forged.reason).toMatch(/^bad log proof: /);
    } finally {
      await server.close();
    }
  });

  it('finds a cosign image signature it cannot bind to the image: unsigned if genuine, invalid if forged', async () => {
    const { server, collect, rekor } = await setup();
    const { legacyBundle } = await sigstore.signImage({
      imageDigest: digest,
      signer: releaseSigner,
    });
    const { SignedEntryTimestamp, Payload } = legacyBundle.rekorBundle;
    const entry = {
      ...Payload,
      verification: { signedEntryTimestamp: SignedEntryTimestamp },
    };
    try {
      rekor.state.add({
        uuid: leafHash(entry.body),
        entry,
        subjectDigests: [digest],
      });
      const [genuine] = (await collect()).items;
      expect(genuine.status).toBe('unsigned');
      expect(genuine.reason).toContain(
        'a cosign image signature, whose payload is not in the log',
      );

      rekor.state.add({
        uuid: leafHash(entry.body),
        entry: { ...entry, logIndex: entry.logIndex + 1 },
        subjectDigests: [digest],
      });
      const [forged] = (await collect()).items;
      expect(forged.status).toBe('invalid');
      expect(forged.reason).toMatch(/^bad log proof: /);
    } finally {
      await server.close();
    }
  });

  it('retries 429 and 503 with backoff, then succeeds', async () => {
    // Fake timers that fire as soon as the process is idle: the waits pass without waiting.
    const clock = FakeTimers.install({
      toFake: ['setTimeout', 'clearTimeout'],
    });
    clock.setTickMode({ mode: 'nextAsync' });
    jest.spyOn(Math, 'random').mockReturnValue(1);
    const debug = jest.fn();
    const logger = {
      debug,
      info: jest.fn(),
      warn: jest.fn(),
      error: jest.fn(),
    };
    const { server, collect, rekor, log } = await setup({
      client: { logger: logger as any },
    });
    try {
      await log({ subjectDigest: digest, signer: releaseSigner });
      rekor.faults.set('/api/v1/index/retrieve', {
        status: 429,
        times: 1,
      });
      rekor.faults.set('/api/v1/log/entries', { status: 503, times: 1 });
      expect((await collect()).items[0].status).toBe('verified');
      // One backoff wait per failed request: the full base delay at the top of the jitter.
      expect(debug.mock.calls.map(([message]) => message)).toEqual([
        expect.stringMatching(/answered 429.*; retrying in 500 ms$/),
        expect.stringMatching(/answered 503.*; retrying in 500 ms$/),
      ]);
    } finally {
      clock.uninstall();
      jest.restoreAllMocks();
      await server.close();
    }
  });

  it('throws, rather than answering unsigned, when the log keeps failing or is down', async () => {
    const { server, collect, rekor } = await setup({ retries: 1 });
    rekor.faults.set('/api/v1/index/retrieve', { status: 503 });
    await expect(collect()).rejects.toThrow(
      /answered 503: Service Unavailable \(after 2 attempts\)/,
    );
    await server.close();
    await expect(collect()).rejects.toThrow(/failed/);
  });

  it('does not apply to entities without an image', () => {
    const source = new RekorSignatureSource({
      client: {} as RekorClient,
      config: { schedule: {} } as RekorConfig,
      signing: {
        trustedRootNames: [],
        trust: loadTrustMaterial([rootFile]),
        identities,
      },
    });
    expect(source.appliesTo({ ...entity, metadata: { name: 'x' } })).toBe(
      false,
    );
    expect(source.appliesTo(entity)).toBe(true);
  });
});
