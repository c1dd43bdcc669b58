import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createRekorStandIn } from '@posture/dev-stand-ins';
import {
  bundleFromRekorEntry,
  parseRekorEntriesResponse,
  type RekorV1LogEntry,
} from '../verify/rekorEntry';
import { loadTrustMaterial } from '../verify/trustMaterial';
import { verifyBundle } from '../verify/verifyBundle';
import {
  DEMO_SCENARIOS,
  generateDemoSignatures,
  parseDemoPlan,
  type DemoManifest,
  type DemoPlan,
  type DemoSummary,
} from './generateDemoSignatures';

const IDENTITIES = [
  {
    issuer: 'https://token.actions.githubusercontent.com',
    subjectPattern:
      'https://github\\.com/acme/[^/]+/\\.github/workflows/release\\.yml@refs/heads/main',
  },
];

const PLAN: DemoPlan = {
  'svc-verified': 'verified',
  'svc-unexpected': 'unexpected-signer',
  'svc-untrusted': 'invalid-untrusted',
  'svc-tampered': 'invalid-tampered',
  'svc-unsigned': 'unsigned',
};

const SIGNED = Object.keys(PLAN).filter(s => PLAN[s] !== 'unsigned');
const UNSIGNED = Object.keys(PLAN).filter(s => PLAN[s] === 'unsigned');

const digestOf = (service: string) =>
  `sha256:${crypto.createHash('sha256').update(service).digest('hex')}`;

type EntryFile = {
  uuid: string;
  entry: RekorV1LogEntry;
  subjectDigests: string[];
};

let tmp: string;
let reportsDir: string;
let outDir: string;
let summary: DemoSummary;

const readJson = <T>(file: string): T =>
  JSON.parse(fs.readFileSync(file, 'utf8'));
const entryPath = (service: string) =>
  path.join(outDir, 'entries', `${service}.json`);
const readEntry = (service: string) => readJson<EntryFile>(entryPath(service));
const manifest = () =>
  readJson<DemoManifest>(path.join(outDir, 'manifest.json'));
const trust = () => loadTrustMaterial([path.join(outDir, 'trusted_root.json')]);

/** The signing certificate kept in an intoto 0.0.2 body. */
function leafCertificate(entry: RekorV1LogEntry): crypto.X509Certificate {
  const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8'));
  const pem = Buffer.from(
    body.spec.content.envelope.signatures[0].publicKey,
    'base64',
  ).toString('utf8');
  return new crypto.X509Certificate(pem);
}

const trustedRoot = () =>
  readJson<{
    tlogs: Array<{ logId: { keyId: string } }>;
    certificateAuthorities: Array<{
      certChain: { certificates: Array<{ rawBytes: string }> };
    }>;
  }>(path.join(outDir, 'trusted_root.json'));

const trustedCas = () =>
  trustedRoot().certificateAuthorities.flatMap(ca =>
    ca.certChain.certificates.map(
      c => new crypto.X509Certificate(Buffer.from(c.rawBytes, 'base64')),
    ),
  );

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-signatures-'));
  reportsDir = path.join(tmp, 'reports');
  outDir = path.join(tmp, 'out');
  for (const service of Object.keys(PLAN)) {
    fs.mkdirSync(path.join(reportsDir, service), { recursive: true });
    fs.writeFileSync(
      path.join(reportsDir, service, 'trivy.json'),
      JSON.stringify({
        SchemaVersion: 2,
        ArtifactName: `ghcr.io/acme/${service}:1.0.0`,
        Metadata: {
          RepoDigests: [`ghcr.io/acme/${service}@${digestOf(service)}`],
        },
        Results: [],
      }),
    );
  }
  // A leftover of an earlier run, for a service no longer signed.
  fs.mkdirSync(path.join(outDir, 'entries'), { recursive: true });
  fs.writeFileSync(path.join(outDir, 'entries', 'stale.json'), '{}');
  summary = await generateDemoSignatures({ reportsDir, plan: PLAN, outDir });
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('generateDemoSignatures', () => {
  it('covers every scenario', () => {
    expect(new Set(Object.values(PLAN))).toEqual(new Set(DEMO_SCENARIOS));
  });

  it('writes the trusted root, log key, manifest and one entry per signed service', () => {
    expect(fs.readdirSync(outDir).sort()).toEqual([
      'entries',
      'manifest.json',
      'rekor.pub.pem',
      'trusted_root.json',
    ]);
    expect(fs.readdirSync(path.join(outDir, 'entries')).sort()).toEqual([
      'svc-tampered.json',
      'svc-unexpected.json',
      'svc-untrusted.json',
      'svc-verified.json',
    ]);
    expect(fs.readFileSync(path.join(outDir, 'rekor.pub.pem'), 'utf8')).toMatch(
      /^-----BEGIN PUBLIC KEY-----\n/,
    );
    expect(manifest()).toEqual({
      generatedAt: expect.any(String),
      services: {
        'svc-verified': {
          digest: digestOf('svc-verified'),
          scenario: 'verified',
          expectedStatus: 'verified',
        },
        'svc-unexpected': {
          digest: digestOf('svc-unexpected'),
          scenario: 'unexpected-signer',
          expectedStatus: 'unexpected-signer',
        },
        'svc-untrusted': {
          digest: digestOf('svc-untrusted'),
          scenario: 'invalid-untrusted',
          expectedStatus: 'invalid',
        },
        'svc-tampered': {
          digest: digestOf('svc-tampered'),
          scenario: 'invalid-tampered',
          expectedStatus: 'invalid',
        },
        'svc-unsigned': {
          digest: digestOf('svc-unsigned'),
          scenario: 'unsigned',
          expectedStatus: 'unsigned',
        },
      },
    });
    expect(summary.counts).toEqual({
      verified: 1,
      'unexpected-signer': 1,
      invalid: 2,
      unsigned: 1,
    });
    expect(summary.manifest).toEqual(manifest());
  });

  it('files each entry under its digest and a UUID that hashes to its body', () => {
    for (const service of UNSIGNED) {
      expect(fs.existsSync(entryPath(service))).toBe(false);
    }
    for (const service of SIGNED) {
      const { uuid, entry, subjectDigests } = readEntry(service);
      expect(subjectDigests).toEqual([digestOf(service)]);
      expect(parseRekorEntriesResponse({ [uuid]: entry }, uuid)).toEqual([
        { uuid, entry },
      ]);
      const statement = JSON.parse(
        Buffer.from(entry.attestation!.data!, 'base64').toString('utf8'),
      );
      expect(statement).toMatchObject({
        predicateType: 'https://slsa.dev/provenance/v1',
        subject: [
          {
            name: `ghcr.io/acme/${service}`,
            digest: { sha256: digestOf(service).slice('sha256:'.length) },
          },
        ],
      });
    }
  });

  it('gives every entry the status the manifest expects', async () => {
    const { services } = manifest();
    expect(UNSIGNED.map(s => services[s].expectedStatus)).toEqual(
      UNSIGNED.map(() => 'unsigned'),
    );
    for (const service of UNSIGNED) {
      expect(fs.existsSync(entryPath(service))).toBe(false);
    }
    const reasons: Record<string, string | null> = {};
    for (const service of SIGNED) {
      const expected = services[service];
      const bundle = bundleFromRekorEntry(readEntry(service).entry);
      const verdict = await verifyBundle(bundle, {
        trust: trust(),
        expectedDigest: expected.digest,
        identities: IDENTITIES,
      });
      expect({ service, status: verdict.status }).toEqual({
        service,
        status: expected.expectedStatus,
      });
      reasons[service] = verdict.reason;
    }
    expect(reasons).toEqual({
      'svc-verified': null,
      'svc-unexpected': expect.stringContaining(
        'dev.laptop@gmail.example (issuer https://accounts.google.com)',
      ),
      // The chain is checked before the log entry (whose log key is not trusted either).
      'svc-untrusted': expect.stringMatching(
        /^untrusted certificate: CERTIFICATE_ERROR: Failed to verify certificate chain/,
      ),
      // The statement no longer hashes to the payloadHash the log signed.
      'svc-tampered': expect.stringMatching(
        /^log entry does not match the signed content: TLOG_BODY_ERROR: /,
      ),
    });
  });

  it('does not trust the rogue signer', () => {
    const rogue = readEntry('svc-untrusted').entry;
    const good = readEntry('svc-verified').entry;
    const trustedLogIds = trustedRoot().tlogs.map(t =>
      Buffer.from(t.logId.keyId, 'base64').toString('hex'),
    );
    expect(trustedLogIds).toEqual([good.logID]);
    expect(trustedLogIds).not.toContain(rogue.logID);

    const cas = trustedCas();
    expect(cas).toHaveLength(1);
    // Positive control: the trusted CA issued the allowed signer's certificate…
    expect(leafCertificate(good).verify(cas[0].publicKey)).toBe(true);
    // …but not the rogue one's, though it names the same identity.
    const rogueLeaf = leafCertificate(rogue);
    expect(rogueLeaf.subjectAltName).toBe(
      leafCertificate(good).subjectAltName?.replace(
        'svc-verified',
        'svc-untrusted',
      ),
    );
    expect(cas.some(ca => rogueLeaf.verify(ca.publicKey))).toBe(false);
  });

  it('is found and judged the same through the Rekor stand-in', async () => {
    const rekor = createRekorStandIn({
      entriesDir: path.join(outDir, 'entries'),
      publicKeyPath: path.join(outDir, 'rekor.pub.pem'),
    });
    expect(rekor.state.skipped).toEqual([]);
    const server = await rekor.start();
    try {
      const served = await (
        await fetch(`${server.url}/api/v1/log/publicKey`)
      ).text();
      expect(served).toBe(
        fs.readFileSync(path.join(outDir, 'rekor.pub.pem'), 'utf8'),
      );
      const { services } = manifest();
      const search = async (digest: string): Promise<string[]> =>
        (
          await fetch(`${server.url}/api/v1/index/retrieve`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ hash: digest }),
          })
        ).json();
      for (const service of UNSIGNED) {
        expect({
          service,
          uuids: await search(services[service].digest),
        }).toEqual({ service, uuids: [] });
      }
      for (const service of SIGNED) {
        const expected = services[service];
        const uuids = await search(expected.digest);
        expect({ service, uuids }).toEqual({
          service,
          uuids: [readEntry(service).uuid],
        });
        const response = await (
          await fetch(`${server.url}/api/v1/log/entries/${uuids[0]}`)
        ).json();
        const [{ entry }] = parseRekorEntriesResponse(response, uuids[0]);
        const verdict = await verifyBundle(bundleFromRekorEntry(entry), {
          trust: trust(),
          expectedDigest: expected.digest,
          identities: IDENTITIES,
        });
        expect({ service, status: verdict.status }).toEqual({
          service,
          status: expected.expectedStatus,
        });
      }
    } finally {
      await server.close();
    }
  });

  it('makes new keys each run and replaces the entries', async () => {
    const before = fs.readFileSync(
      path.join(outDir, 'trusted_root.json'),
      'utf8',
    );
    const dir = path.join(tmp, 'second');
    await generateDemoSignatures({
      reportsDir,
      plan: { 'svc-verified': 'verified' },
      outDir: dir,
    });
    expect(
      fs.readFileSync(path.join(dir, 'trusted_root.json'), 'utf8'),
    ).not.toBe(before);
    await generateDemoSignatures({
      reportsDir,
      plan: { 'svc-unsigned': 'unsigned' },
      outDir: dir,
    });
    expect(fs.readdirSync(path.join(dir, 'entries'))).toEqual([]);
  });

  it('rejects a bad plan or report before writing anything', async () => {
    const dir = path.join(tmp, 'never');
    await expect(
      generateDemoSignatures({
        reportsDir,
        plan: { 'no-such-service': 'verified' },
        outDir: dir,
      }),
    ).rejects.toThrow(/cannot read .*no-such-service.*trivy\.json/);
    expect(fs.existsSync(dir)).toBe(false);

    expect(() => parseDemoPlan({ 'svc-verified': 'signed' })).toThrow(
      /scenario "signed", expected one of verified, /,
    );
    expect(() => parseDemoPlan({ '../escape': 'verified' })).toThrow(
      /not a service name/,
    );
    expect(() => parseDemoPlan(['verified'])).toThrow(/must be an object/);

    fs.mkdirSync(path.join(reportsDir, 'no-digest'));
    fs.writeFileSync(
      path.join(reportsDir, 'no-digest', 'trivy.json'),
      JSON.stringify({ Metadata: { RepoDigests: [] } }),
    );
    await expect(
      generateDemoSignatures({
        reportsDir,
        plan: { 'no-digest': 'unsigned' },
        outDir: dir,
      }),
    ).rejects.toThrow(/RepoDigests\[0\] is undefined/);
    expect(fs.existsSync(dir)).toBe(false);
  });
});
