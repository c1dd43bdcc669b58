/** What a Rekor request was for. */
export type RekorPathClass =
  | 'search'
  | 'entry'
  | 'log-info'
  | 'public-key'
  | 'proof'
  | 'other';

/** Classifies a Rekor v1 request by method and path (a query string is ignored). */
export function classifyRekorPath(
  method: string,
  path: string,
): RekorPathClass {
  const verb = method.toUpperCase();
  const bare = path.split('?')[0].replace(/\/+$/, '');
  if (bare === '/api/v1/index/retrieve') return 'search';
  if (bare === '/api/v1/log') return 'log-info';
  if (bare === '/api/v1/log/publicKey') return 'public-key';
  if (bare === '/api/v1/log/proof') return 'proof';
  if (bare === '/api/v1/log/entries/retrieve') return 'entry';
  if (bare === '/api/v1/log/entries') return verb === 'GET' ? 'entry' : 'other';
  if (bare.startsWith('/api/v1/log/entries/')) return 'entry';
  return 'other';
}
