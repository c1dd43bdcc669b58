import { classifyRekorPath } from './classifyPath';
import { DSSE_UUID, startRekorHarness } from './__testUtils__/harness';

describe('Rekor request log', () => {
  it('records method, path, query, status, category and faults', async () => {
    const h = await startRekorHarness();
    try {
      h.rekor.faults.set('log/publicKey', { status: 503, times: 1 });
      await h.call('POST', '/api/v1/index/retrieve', {
        body: { hash: `sha256:${'b'.repeat(64)}` },
      });
      await h.call('GET', `/api/v1/log/entries/${DSSE_UUID}`);
      await h.call('GET', `/api/v1/log/entries/${'0'.repeat(64)}`);
      await h.call('GET', '/api/v1/log');
      await h.call('GET', '/api/v1/log/publicKey?treeID=1');
      expect(h.rekor.requestLog.entries()).toEqual([
        {
          time: expect.any(String),
          method: 'POST',
          path: '/api/v1/index/retrieve',
          query: {},
          status: 200,
          category: 'search',
          faulted: false,
        },
        expect.objectContaining({ status: 200, category: 'entry' }),
        expect.objectContaining({ status: 404, category: 'entry' }),
        expect.objectContaining({ status: 200, category: 'log-info' }),
        expect.objectContaining({
          path: '/api/v1/log/publicKey',
          query: { treeID: '1' },
          status: 503,
          category: 'public-key',
          faulted: true,
        }),
      ]);
      expect(h.rekor.requestLog.byCategory('entry')).toHaveLength(2);
      expect([...h.rekor.requestLog.categories()].sort()).toEqual([
        'entry',
        'log-info',
        'public-key',
        'search',
      ]);
      h.rekor.requestLog.clear();
      expect(h.rekor.requestLog.entries()).toEqual([]);
    } finally {
      await h.server.close();
    }
  });

  it('classifies paths', () => {
    expect(classifyRekorPath('POST', '/api/v1/log/entries/retrieve')).toBe(
      'entry',
    );
    expect(classifyRekorPath('GET', '/api/v1/log/entries?logIndex=1')).toBe(
      'entry',
    );
    expect(classifyRekorPath('POST', '/api/v1/log/entries')).toBe('other');
    expect(classifyRekorPath('GET', '/api/v1/log/proof')).toBe('proof');
    expect(classifyRekorPath('GET', '/healthz')).toBe('other');
  });
});
