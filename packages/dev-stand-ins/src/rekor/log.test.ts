import fs from 'fs';
import { defaultRekorPublicKeyPath } from './publicKey';
import { parseCheckpoint } from './logInfo';
import {
  entryFixture,
  RekorHarness,
  startRekorHarness,
} from './__testUtils__/harness';

const PUBLIC_GOOD_LOG_ID =
  'c0d23d6ad406973f9559f3ba2d1ca01f84147d8ffc5b8445c224f98b9591801d';

describe('log info and public key', () => {
  let h: RekorHarness;

  beforeEach(async () => {
    h = await startRekorHarness();
  });

  afterEach(() => h.server.close());

  it("derives GET /api/v1/log from the public-good entries' checkpoints", async () => {
    const derived = entryFixture(
      'derived/cosign-oci-attestation-dsse-entry.DERIVED.json',
    );
    const jar = entryFixture('jar-prod-entry.json');
    const proofOf = (response: any) =>
      (Object.values(response)[0] as any).verification.inclusionProof;
    const res = await h.call('GET', '/api/v1/log');
    expect(res.status).toBe(200);
    expect(h.rekor.state.logID).toBe(PUBLIC_GOOD_LOG_ID);
    expect(res.body).toEqual({
      rootHash: proofOf(derived).rootHash,
      treeSize: proofOf(derived).treeSize,
      signedTreeHead: proofOf(derived).checkpoint,
      treeID: '1193050959916656506',
      inactiveShards: [
        {
          rootHash: proofOf(jar).rootHash,
          treeSize: proofOf(jar).treeSize,
          signedTreeHead: proofOf(jar).checkpoint,
          treeID: '3904496407287907110',
        },
      ],
    });
    expect(res.body.rootHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('uses a fixed log info, and answers 500 when there is nothing to derive it from', async () => {
    const text = fs.readFileSync(
      defaultRekorPublicKeyPath().replace(
        /keys\/rekor-public-good\.pub\.pem$/,
        'checkpoints/checkpoint-public-good.txt',
      ),
      'utf8',
    );
    const checkpoint = parseCheckpoint(text)!;
    expect(checkpoint).toEqual({
      origin: 'rekor.sigstore.dev - 2605736670972794746',
      treeID: '2605736670972794746',
      treeSize: 37795272,
      rootHash:
        'eb4965ee27562358d8459cf173e8ca7e56285bee235b1819686475e404ac5ade',
    });
    h.rekor.state.logInfo = {
      rootHash: checkpoint.rootHash,
      treeSize: checkpoint.treeSize,
      signedTreeHead: text,
      treeID: checkpoint.treeID!,
    };
    expect((await h.call('GET', '/api/v1/log')).body.treeSize).toBe(37795272);
    h.rekor.state.logInfo = undefined;
    h.rekor.state.clear();
    expect(await h.call('GET', '/api/v1/log')).toMatchObject({
      status: 500,
      body: { code: 500, message: 'error generating signed tree head' },
    });
  });

  it('serves the public-good key as PEM', async () => {
    const res = await h.call('GET', '/api/v1/log/publicKey');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/x-pem-file');
    expect(res.text).toBe(fs.readFileSync(defaultRekorPublicKeyPath(), 'utf8'));
    expect(res.text).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(
      (await h.call('GET', '/api/v1/log/publicKey?treeID=123')).status,
    ).toBe(200);
    expect(
      (await h.call('GET', '/api/v1/log/publicKey?treeID=abc')).status,
    ).toBe(422);
  });

  it('serves a configured key', async () => {
    const other = await startRekorHarness({ publicKeyPem: 'PEM TEXT\n' });
    try {
      expect((await other.call('GET', '/api/v1/log/publicKey')).text).toBe(
        'PEM TEXT\n',
      );
      expect(other.rekor.state.list()).toEqual([]);
      expect(other.rekor.state.logID).toBeUndefined();
    } finally {
      await other.server.close();
    }
  });

  it("answers unknown paths like go-openapi's router", async () => {
    expect(await h.call('GET', '/api/v1/nope')).toMatchObject({
      status: 404,
      body: { code: 404, message: 'path /api/v1/nope was not found' },
    });
    expect((await h.call('GET', '/api/v1/log/proof?lastSize=2')).status).toBe(
      501,
    );
  });
});
