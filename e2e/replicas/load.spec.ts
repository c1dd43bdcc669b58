import { readRoutes, sustainedLoad } from '../../scripts/load/replicasLoad';
import { expect, guestToken, test, UPLOAD_TOKEN } from './fixtures';

// The short mode of yarn bench:replicas (scripts/load/replicas.ts): the same readers and
// uploaders through one replica and through the balancer over two, for seconds, not minutes.
test('sustained reads on every route and CI-like uploads, through one replica and through two, answer without an error', async ({
  harness,
  request,
}) => {
  const token = await guestToken(request, harness.url);
  const results = await sustainedLoad({
    sides: [
      { side: 'one replica', base: harness.singleReplicaUrl },
      { side: 'two replicas', base: harness.url },
    ],
    token,
    uploadToken: UPLOAD_TOKEN,
    // One reader per route at least, so each route is read however slow the machine is.
    concurrency: readRoutes().length,
    secondsPerRound: 6,
    rounds: 1,
    uploaders: 2,
    uploadIntervalMs: 500,
  });
  for (const side of results) {
    expect(side.uploads.failed, JSON.stringify(side.uploads)).toBe(0);
    expect(side.uploads.ok).toBeGreaterThan(0);
    for (const route of side.routes) {
      const detail = `${side.side} ${route.route}: ${route.errorSamples.join(
        '; ',
      )}`;
      expect(route.errors, detail).toBe(0);
      expect(route.requests, detail).toBeGreaterThan(0);
    }
  }
});
