import fs from 'fs';
import path from 'path';
import {
  DSSE_SUBJECT,
  DSSE_UUID,
  ENTRIES_DIR,
  entryFixture,
  RekorHarness,
  startRekorHarness,
} from './__testUtils__/harness';

/** Every v1 entry response under log-entries, sub-folders included. */
function v1Fixtures(dir = ENTRIES_DIR, rel = ''): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap(item =>
      item.isDirectory()
        ? v1Fixtures(path.join(dir, item.name), path.join(rel, item.name))
        : [path.join(rel, item.name)],
    )
    .filter(file => file.endsWith('.json') && !file.includes('rekor-v2'));
}

describe('Rekor entries', () => {
  let h: RekorHarness;

  beforeEach(async () => {
    h = await startRekorHarness();
  });

  afterEach(() => h.server.close());

  it('loads every v1 fixture and skips the Rekor v2 entry', () => {
    expect(v1Fixtures()).toHaveLength(4);
    expect(v1Fixtures()).toContain(
      path.join('derived', 'cosign-oci-attestation-dsse-entry.DERIVED.json'),
    );
    expect(h.rekor.state.list()).toHaveLength(4);
    expect(h.rekor.state.skipped).toEqual([
      {
        file: 'rekor-v2-hashedrekord-transparency-log-entry.json',
        reason: expect.stringMatching(/not a 64- or 80-hex entry UUID/),
      },
    ]);
  });

  it.each(v1Fixtures())('GET answers %s exactly', async file => {
    const fixture = entryFixture(file);
    const [uuid] = Object.keys(fixture);
    const res = await h.call('GET', `/api/v1/log/entries/${uuid}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.body).toEqual(fixture);
    expect(Object.keys(res.body[uuid])).toEqual(Object.keys(fixture[uuid]));
  });

  it('finds an 80-hex entry by its 64-hex leaf hash, under its stored UUID', async () => {
    const res = await h.call(
      'GET',
      `/api/v1/log/entries/${DSSE_UUID.slice(16).toUpperCase()}`,
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual([DSSE_UUID]);
  });

  it('answers 404 {code,message} for an unknown UUID, 422 for a malformed one', async () => {
    const missing = await h.call(
      'GET',
      `/api/v1/log/entries/${'0'.repeat(64)}`,
    );
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ code: 404, message: 'Not Found' });
    const malformed = await h.call('GET', '/api/v1/log/entries/not-a-uuid');
    expect(malformed.status).toBe(422);
    expect(malformed.body).toEqual({
      code: 605,
      message: expect.stringContaining('entryUUID in path should match'),
    });
  });

  it("can answer 404 with no body, as Rekor's handler does", async () => {
    const bare = await startRekorHarness({ notFoundBody: 'empty' });
    try {
      const res = await bare.call(
        'GET',
        `/api/v1/log/entries/${'0'.repeat(64)}`,
      );
      expect(res.status).toBe(404);
      expect(res.text).toBe('');
    } finally {
      await bare.server.close();
    }
  });

  it('retrieves several entries, leaving out unknown ones', async () => {
    const staging = entryFixture('hashedrekord-staging-entry.json');
    const [stagingUuid] = Object.keys(staging);
    const res = await h.call('POST', '/api/v1/log/entries/retrieve', {
      body: { entryUUIDs: [stagingUuid, '0'.repeat(64), DSSE_UUID] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual([
      staging,
      entryFixture('derived/cosign-oci-attestation-dsse-entry.DERIVED.json'),
    ]);
    const byIndex = await h.call('POST', '/api/v1/log/entries/retrieve', {
      body: { logIndexes: [1688] },
    });
    expect(byIndex.body).toEqual([staging]);
    const get = await h.call('GET', '/api/v1/log/entries?logIndex=1688');
    expect(get.body).toEqual(staging);
  });

  it('refuses bad retrieve bodies', async () => {
    const notJson = await h.call('POST', '/api/v1/log/entries/retrieve', {
      rawBody: '{"entryUUIDs": [',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ code: 400, message: expect.any(String) });
    const array = await h.call('POST', '/api/v1/log/entries/retrieve', {
      body: [DSSE_UUID],
    });
    expect(array.status).toBe(400);
    const wrongType = await h.call('POST', '/api/v1/log/entries/retrieve', {
      body: { entryUUIDs: DSSE_UUID },
    });
    expect(wrongType.status).toBe(400);
    const tooMany = await h.call('POST', '/api/v1/log/entries/retrieve', {
      body: { entryUUIDs: Array(11).fill(DSSE_UUID) },
    });
    expect(tooMany).toMatchObject({ status: 422, body: { code: 606 } });
    const badUuid = await h.call('POST', '/api/v1/log/entries/retrieve', {
      body: { entryUUIDs: ['xyz'] },
    });
    expect(badUuid).toMatchObject({ status: 422, body: { code: 605 } });
  });

  it('adds entries given in code, with subject digests', async () => {
    const rekor = h.rekor;
    const fixture = entryFixture(
      'derived/cosign-oci-attestation-dsse-entry.DERIVED.json',
    );
    rekor.state.clear();
    rekor.state.add({
      uuid: DSSE_UUID,
      entry: fixture[DSSE_UUID],
      subjectDigests: [DSSE_SUBJECT],
    });
    expect(rekor.state.list()).toMatchObject([
      { uuid: DSSE_UUID, kind: 'dsse', apiVersion: '0.0.1' },
    ]);
    expect(rekor.state.list()[0].indexKeys).toContain(DSSE_SUBJECT);
    expect(() => rekor.state.add({ nope: fixture[DSSE_UUID] })).toThrow(
      /entry UUID/,
    );
  });
});
