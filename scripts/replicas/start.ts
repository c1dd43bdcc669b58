/*
 * yarn replicas — two built backends (POSTURE_REPLICAS, default 2) on this machine's
 * PostgreSQL behind HAProxy on http://127.0.0.1:7100 (round-robin; 7109 reaches only the first
 * replica), with the Vault, Rekor and KEV/EPSS stand-ins, until Ctrl-C. Needs the built
 * backend (yarn build:backend && node scripts/unpack-backend.js) and Debian's haproxy.
 */
import { ReplicaHarness } from './harness';

async function main(): Promise<void> {
  const harness = new ReplicaHarness({
    replicas: Number(process.env.POSTURE_REPLICAS ?? 2),
  });
  const stop = () => {
    harness.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  await harness.start();
  // eslint-disable-next-line no-console
  console.log(
    `Posture on ${harness.replicas.length} replicas: ${
      harness.url
    } (round-robin), ${
      harness.singleReplicaUrl
    } (first replica only); replicas ${harness.replicas
      .map((_, i) => harness.replicaUrl(i))
      .join(', ')}; logs in e2e-results/replicas`,
  );
}

main().catch(error => {
  // eslint-disable-next-line no-console
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
