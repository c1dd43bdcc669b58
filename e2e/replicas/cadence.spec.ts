import type { TapEntry } from '../../scripts/replicas/tap';
import { expect, test } from './fixtures';
import { overlapping, runsOf } from './taps';

/** e2e/replicas/app-config.replicas.yaml: every source and feed every 10 s. */
const CADENCE_MS = 10_000;
const WINDOW_MS = 50_000;

/** Each job's requests, as the stand-ins' taps see them. */
const JOBS: Record<string, (request: TapEntry) => boolean> = {
  'security-source-vault': r => r.dependency === 'vault',
  'security-source-rekor': r => r.dependency === 'rekor',
  'security-feed-kev': r => r.path === '/known_exploited_vulnerabilities.json',
  'security-feed-epss': r => r.path === '/epss_scores-current.csv.gz',
};

test('each scheduled source pass and feed load runs once per cadence across both replicas', async ({
  harness,
}) => {
  const from = Date.now();
  // Waiting on the replicas' own schedules: this is the time being measured.
  await new Promise(resolve => setTimeout(resolve, WINDOW_MS));
  const to = Date.now();
  for (const [job, belongs] of Object.entries(JOBS)) {
    const runs = runsOf(harness.requests, belongs, from, to);
    const detail = `${job}: ${JSON.stringify(runs)}`;
    expect(overlapping(runs), detail).toEqual([]);
    // Once per cadence: at most one run started in each 10 s of the window, plus the one the
    // window may cut; a job running on each replica would start twice as many.
    expect(runs.length, detail).toBeLessThanOrEqual(WINDOW_MS / CADENCE_MS + 1);
    // And it does run, on whichever replica: the scheduler's 5 s work check may make a run
    // a few seconds late.
    expect(runs.length, detail).toBeGreaterThanOrEqual(
      Math.floor(WINDOW_MS / (CADENCE_MS + 5_000)),
    );
  }
});
