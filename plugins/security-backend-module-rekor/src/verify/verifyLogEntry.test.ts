import {
  readRekorFixture,
  publicGoodRootPath,
  rekorFixturePath,
} from '../__testUtils__/fixtures';
import { trustFromLogKey } from '../__testUtils__/trustFromLogKey';
import { loadTrustMaterial } from './trustMaterial';
import { verifyLogEntry } from './verifyLogEntry';

const publicGood = () => loadTrustMaterial([publicGoodRootPath()]);
const staging = () =>
  trustFromLogKey(
    rekorFixturePath('keys/rekor-staging.pub.pem'),
    'https://rekor.sigstage.dev',
  );

/** The real v1 entry responses and the key each needs (fixtures/PROVENANCE.md). */
const ENTRIES = [
  { file: 'log-entries/jar-prod-entry.json', trust: publicGood, proof: true },
  {
    file: 'log-entries/derived/cosign-oci-attestation-dsse-entry.DERIVED.json',
    trust: publicGood,
    proof: true,
  },
  {
    file: 'log-entries/hashedrekord-staging-entry.json',
    trust: staging,
    proof: true,
  },
  {
    file: 'log-entries/hashedrekord-staging-entry-no-inclusion-proof.json',
    trust: staging,
    proof: false,
  },
];

const entryOf = (file: string) => {
  const response = readRekorFixture(file);
  return Object.values(response)[0] as any;
};

/** Changes one character of a base64 or hex string, keeping it well-formed. */
function flip(value: string, at = Math.floor(value.length / 2)): string {
  const swaps: Record<string, string> = { A: 'B', '0': '1', a: 'b' };
  const swapped = swaps[value[at]] ?? (/[0-9a-f]/.test(value[at]) ? 'a' : 'A');
  return value.slice(0, at) + swapped + value.slice(at + 1);
}

describe('verifyLogEntry on the real log entries', () => {
  it.each(ENTRIES.map(e => [e.file, e] as const))(
    '%s verifies against its log key',
    (_, e) => {
      const entry = entryOf(e.file);
      expect(verifyLogEntry(entry, e.trust())).toEqual({
        ok: true,
        logIndex: entry.logIndex,
        integratedTime: new Date(entry.integratedTime * 1000).toISOString(),
      });
    },
  );

  it('rejects a staging entry against the public-good root', () => {
    const result = verifyLogEntry(entryOf(ENTRIES[2].file), publicGood());
    expect(result.ok).toBe(false);
  });

  const alterations: Array<{
    name: string;
    needsProof?: boolean;
    alter: (entry: any) => void;
  }> = [
    { name: 'body', alter: e => (e.body = flip(e.body, 40)) },
    {
      name: 'signed entry timestamp',
      alter: e =>
        (e.verification.signedEntryTimestamp = flip(
          e.verification.signedEntryTimestamp,
          20,
        )),
    },
    { name: 'integratedTime', alter: e => (e.integratedTime += 1) },
    { name: 'logIndex', alter: e => (e.logIndex += 1) },
    {
      name: 'inclusion proof hash',
      needsProof: true,
      alter: e =>
        (e.verification.inclusionProof.hashes[0] = flip(
          e.verification.inclusionProof.hashes[0],
        )),
    },
    {
      name: 'proof root hash',
      needsProof: true,
      alter: e =>
        (e.verification.inclusionProof.rootHash = flip(
          e.verification.inclusionProof.rootHash,
        )),
    },
    {
      name: 'checkpoint signature',
      needsProof: true,
      alter: e => {
        const p = e.verification.inclusionProof;
        const lines = p.checkpoint.split('\n');
        const sig = lines.findIndex((l: string) => l.startsWith('—'));
        lines[sig] = flip(lines[sig], lines[sig].length - 10);
        p.checkpoint = lines.join('\n');
      },
    },
  ];

  for (const e of ENTRIES) {
    for (const a of alterations.filter(x => e.proof || !x.needsProof)) {
      it(`${e.file} with one byte of its ${a.name} altered is rejected`, () => {
        const entry = JSON.parse(JSON.stringify(entryOf(e.file)));
        a.alter(entry);
        const result = verifyLogEntry(entry, e.trust());
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason).toMatch(/^bad log (proof|entry): /);
      });
    }
  }
});
