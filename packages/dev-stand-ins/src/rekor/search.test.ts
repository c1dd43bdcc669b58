import {
  DSSE_SUBJECT,
  DSSE_UUID,
  ENTRIES_DIR,
  entryFixture,
  RekorHarness,
  startRekorHarness,
} from './__testUtils__/harness';

const STAGING_HASH =
  'sha256:47c1db9fb5fe7ff66e3d7c15b2ca5d3a046ee8f4aa043dedd317e46b321c4390';

describe('POST /api/v1/index/retrieve', () => {
  let h: RekorHarness;

  beforeEach(async () => {
    h = await startRekorHarness();
  });

  afterEach(() => h.server.close());

  const search = (body: unknown) =>
    h.call('POST', '/api/v1/index/retrieve', { body });

  it('finds a hashedrekord entry by its data hash, with or without the sha256: prefix', async () => {
    const [uuid] = Object.keys(entryFixture('hashedrekord-staging-entry.json'));
    expect((await search({ hash: STAGING_HASH })).body).toEqual([uuid]);
    expect(
      (await search({ hash: STAGING_HASH.slice(7).toUpperCase() })).body,
    ).toEqual([uuid]);
    expect((await search({ hash: `sha256:${'a'.repeat(64)}` })).body).toEqual(
      [],
    );
  });

  it('finds a jar entry by its archive hash and a dsse entry by its payload hash', async () => {
    const [jar] = Object.keys(entryFixture('jar-prod-entry.json'));
    expect(
      (
        await search({
          hash: 'sha256:1124ca085d897e8c05b9d2245946e9237c7fd87ad0e9da29e6262c5c3731f958',
        })
      ).body,
    ).toEqual([jar]);
    expect(
      (
        await search({
          hash: 'sha256:15692616e9c435907c41411466e493f195a39ca68c973a4f5390df3d301398bd',
        })
      ).body,
    ).toEqual([DSSE_UUID]);
  });

  it('finds an attestation by a supplied in-toto subject digest only', async () => {
    expect((await search({ hash: DSSE_SUBJECT })).body).toEqual([]);
    h.rekor.state.addIndexKeys(DSSE_UUID, [DSSE_SUBJECT]);
    expect((await search({ hash: DSSE_SUBJECT })).body).toEqual([DSSE_UUID]);
  });

  it('takes subject digests with the entries option', async () => {
    const fixture = entryFixture(
      'derived/cosign-oci-attestation-dsse-entry.DERIVED.json',
    );
    const other = await startRekorHarness({
      entries: [
        {
          uuid: DSSE_UUID,
          entry: fixture[DSSE_UUID],
          subjectDigests: [
            DSSE_SUBJECT.toUpperCase().replace('SHA256', 'sha256'),
          ],
        },
      ],
    });
    try {
      const res = await other.call('POST', '/api/v1/index/retrieve', {
        body: { hash: DSSE_SUBJECT },
      });
      expect(res.body).toEqual([DSSE_UUID]);
      const get = await other.call('GET', `/api/v1/log/entries/${DSSE_UUID}`);
      expect(get.body).toEqual(fixture);
    } finally {
      await other.server.close();
    }
  });

  it('answers 400 for unparseable or non-object bodies, 422 for a malformed hash', async () => {
    const notJson = await h.call('POST', '/api/v1/index/retrieve', {
      rawBody: '{hash:',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ code: 400, message: expect.any(String) });
    const array = await search([STAGING_HASH]);
    expect(array.status).toBe(400);
    expect(array.body.message).toMatch(/cannot unmarshal array/);
    const number = await search({ hash: 42 });
    expect(number.status).toBe(400);
    const malformed = await search({ hash: 'sha256:nothex' });
    expect(malformed.status).toBe(422);
    expect(malformed.body).toEqual({
      code: 605,
      message: expect.stringContaining('query.hash in body should match'),
    });
  });

  it('answers [] for an empty query and 501 for identity searches', async () => {
    expect(await search({})).toMatchObject({ status: 200, body: [] });
    expect((await search({ email: 'a@example.com' })).status).toBe(501);
  });

  it('only answers POST', async () => {
    const res = await h.call('GET', '/api/v1/index/retrieve');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
    expect(res.body).toEqual({
      code: 405,
      message: 'method GET is not allowed, but [POST] are',
    });
    expect(ENTRIES_DIR).toMatch(/log-entries$/);
  });
});
