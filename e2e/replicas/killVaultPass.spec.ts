import type { APIRequestContext } from '@playwright/test';
import { expect, guestToken, test, waitFor } from './fixtures';

/** e2e/replicas/app-config.replicas.yaml: the Vault pass's timeout and cadence. */
const PASS_TIMEOUT_MS = 30_000;
const CADENCE_MS = 10_000;
/** Backstage's scheduler janitor frees a dead worker's expired task once a minute. */
const JANITOR_MS = 60_000;

/** The held part of the pass: the payments team's secrets in the `secret` mount. */
const HELD = '/v1/secret/metadata/payments/';

type Versions = Record<string, Record<string, number>>;

/** Each Vault-annotated component's KV secrets and their current versions, as users see them. */
async function versions(
  request: APIRequestContext,
  baseUrl: string,
  token: string,
  names: string[],
): Promise<Versions> {
  const result: Versions = {};
  for (const name of names) {
    const res = await request.get(
      `${baseUrl}/api/security/v1/entities/component/default/${name}/secrets`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status(), await res.text()).toBe(200);
    const { items } = (await res.json()) as {
      items: Array<{ path: string; currentVersion: number | null }>;
    };
    result[name] = Object.fromEntries(
      items
        .filter(i => i.currentVersion !== null)
        .map(i => [i.path, i.currentVersion as number]),
    );
  }
  return result;
}

test('a replica killed in the middle of a Vault pass leaves no half-updated service, and the pass completes on the other replica', async ({
  harness,
  request,
}) => {
  const token = await guestToken(request, harness.url);
  const catalog = await request.get(
    `${harness.url}/api/catalog/entities?filter=kind=component,metadata.annotations.vault.io/secrets-path&fields=metadata.name`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  const names: string[] = (await catalog.json()).map(
    (e: { metadata: { name: string } }) => e.metadata.name,
  );
  // Every KV secret known before the rotation below, read by a finished pass.
  let before: Versions = {};
  await waitFor('a Vault pass to have read every service', async () => {
    before = await versions(request, harness.url, token, names);
    return (
      Object.values(before).filter(v => Object.keys(v).length > 0).length >= 10
    );
  });

  // Every KV secret gets a new version; the next pass holds on the payments team's.
  const vault = harness.vault;
  for (const mountName of vault.state.kv.names()) {
    const mount = vault.state.kv.mount(mountName);
    for (const secret of [...mount.secrets.values()]) {
      mount.write(secret.path, { rotated: 'by the replica test' });
    }
  }
  const rotatedAt = Date.now();
  vault.faults.set(HELD, { delayMs: 10 * 60_000 });
  let held: { replica: string } | undefined;
  await waitFor('a Vault pass to reach the held secrets', async () => {
    held = harness.requests.find(
      r =>
        r.dependency === 'vault' &&
        r.startedAt > rotatedAt &&
        r.path.startsWith(HELD) &&
        r.endedAt === undefined,
    );
    return held !== undefined;
  });
  const killed = harness.replicas.findIndex(r => r.name === held!.replica);
  const survivor = 1 - killed;
  await harness.kill(killed);
  const killedAt = Date.now();
  vault.faults.delete(HELD);

  try {
    // Right after the kill: each service shows either all its secrets as before or all
    // rotated, never a mix (a service's secrets are written in one transaction).
    const midway = await versions(
      request,
      harness.replicaUrl(survivor),
      token,
      names,
    );
    for (const name of names) {
      const moved = new Set(
        Object.entries(midway[name]).map(
          ([secretPath, version]) =>
            version - (before[name][secretPath] ?? version - 1),
        ),
      );
      expect(moved.size, `${name}: ${JSON.stringify(midway[name])}`).toBe(
        Object.keys(midway[name]).length === 0 ? 0 : 1,
      );
    }

    // The surviving replica takes the job over once the dead one's run has expired, and
    // every service ends rotated.
    await waitFor(
      'every service to show its rotated secrets',
      async () => {
        const now = await versions(
          request,
          harness.replicaUrl(survivor),
          token,
          names,
        );
        return names.every(name =>
          Object.entries(before[name]).every(
            ([secretPath, version]) => now[name][secretPath] === version + 1,
          ),
        );
      },
      PASS_TIMEOUT_MS + JANITOR_MS + 2 * CADENCE_MS + 30_000,
    );
    const finishedIn = Date.now() - killedAt;
    const takenOver = harness.requests.filter(
      r =>
        r.dependency === 'vault' &&
        r.startedAt > killedAt &&
        r.path.startsWith(HELD),
    );
    expect(takenOver.length).toBeGreaterThan(0);
    expect(new Set(takenOver.map(r => r.replica))).toEqual(
      new Set([harness.replicas[survivor].name]),
    );
    // eslint-disable-next-line no-console
    console.log(
      `Vault pass completed on ${harness.replicas[survivor].name} ${finishedIn} ms after ${harness.replicas[killed].name} was killed mid-pass`,
    );
  } finally {
    await harness.startReplica(killed);
  }
});
