import { RekorHarness, startRekorHarness } from './__testUtils__/harness';

describe('log search page of the Rekor stand-in', () => {
  let h: RekorHarness;

  beforeAll(async () => {
    h = await startRekorHarness();
  });

  afterAll(() => h.server.close());

  it('shows an entry by log index: its decoded body, integrated time and log ID', async () => {
    const stored = h.rekor.state.list()[0];
    const { entry } = stored;
    const res = await h.call('GET', `/search?logIndex=${entry.logIndex}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.text).toContain(`<h1>Log entry ${entry.logIndex}</h1>`);
    expect(res.text).toContain(`<dd>${stored.uuid}</dd>`);
    expect(res.text).toContain(`<dd>${entry.logID}</dd>`);
    expect(res.text).toContain(
      `${new Date(entry.integratedTime * 1000).toISOString()} (${
        entry.integratedTime
      })`,
    );
    const body = JSON.parse(Buffer.from(entry.body, 'base64').toString('utf8'));
    expect(res.text).toContain(`&quot;kind&quot;: &quot;${body.kind}&quot;`);
    expect(res.text).not.toContain(entry.body);
  });

  it('answers an unknown index with a 404 page and a malformed one with a 400 page', async () => {
    const missing = await h.call('GET', '/search?logIndex=999999999999');
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('No entry has log index 999999999999');
    for (const bad of ['', '?logIndex=', '?logIndex=-1', '?logIndex=%3Cb%3E']) {
      const res = await h.call('GET', `/search${bad}`);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.text).not.toContain('<b>');
    }
  });

  it('leaves the API answering JSON at the same index', async () => {
    const { entry } = h.rekor.state.list()[0];
    const res = await h.call(
      'GET',
      `/api/v1/log/entries?logIndex=${entry.logIndex}`,
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
  });
});
