import { Harness, startHarness } from './__testUtils__/harness';

describe('routing errors', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness();
  });

  afterAll(() => h.server.close());

  it('answers a path no mount claims with 404 and the router message', async () => {
    const res = await h.call('GET', '/v1/unknown/path');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      errors: ['no handler for route "unknown/path". route entry not found.'],
    });
  });

  it('answers an HTTP method Vault has no operation for with 405 and no errors', async () => {
    const res = await h.call('PROPFIND', '/v1/secret/metadata/a');
    expect(res).toMatchObject({ status: 405, body: { errors: [] } });
  });

  it('answers an operation a path does not support with 405', async () => {
    const res = await h.call('LIST', '/v1/secret/data/a');
    expect(res.status).toBe(405);
    expect(res.body).toEqual({
      errors: ['1 error occurred:\n\t* unsupported operation\n\n'],
    });
    const creds = await h.call('DELETE', '/v1/database/static-creds/x');
    expect(creds.status).toBe(405);
  });

  it('answers a path a backend does not know with 404 unsupported path', async () => {
    const res = await h.call('GET', '/v1/database/nothing-here');
    expect(res).toMatchObject({
      status: 404,
      body: { errors: ['1 error occurred:\n\t* unsupported path\n\n'] },
    });
  });

  it("answers outside /v1 like Go's mux", async () => {
    const res = await h.call('GET', '/ui/');
    expect(res.status).toBe(404);
    expect(res.text).toBe('404 page not found\n');
  });

  it('answers bad ?list values with 400', async () => {
    const res = await h.call('GET', '/v1/secret/metadata/?list=maybe');
    expect(res).toMatchObject({ status: 400, body: { errors: [] } });
  });
});
