import type { APIRequestContext } from '@playwright/test';
import { expect, guestToken, test, waitFor } from './fixtures';

const SERVICE = 'replica-secrets';
const NAME = 'replica-db-password';
/** Where the provisioner writes it: secret/data/default/<service>/<name>. */
const DATA_PATH = `/v1/secret/data/default/${SERVICE}/${NAME}`;
/** e2e/replicas/app-config.replicas.yaml: resumeAfter 20 s, resumeFrequency 5 s. */
const RESUME_WITHIN_MS = 20_000 + 5_000 + 30_000;

async function approverToken(
  request: APIRequestContext,
  baseUrl: string,
): Promise<string> {
  const res = await request.get(`${baseUrl}/api/auth/demo-approver/refresh`, {
    headers: { 'X-Requested-With': 'XMLHttpRequest' },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

test('a secret request approved through a replica that dies while writing to Vault is provisioned once, by the other replica', async ({
  harness,
  request,
}) => {
  const guest = await guestToken(request, harness.url);
  const approver = await approverToken(request, harness.url);
  const created = await request.post(
    `${harness.url}/api/security/v1/secret-requests`,
    {
      headers: { Authorization: `Bearer ${guest}` },
      data: {
        entityRef: `component:default/${SERVICE}`,
        kind: 'kv',
        name: NAME,
        rotationPeriodDays: 30,
        justification: 'The replica test needs a database password.',
      },
    },
  );
  expect(created.status(), await created.text()).toBe(201);
  const { id } = await created.json();
  const detail = async (baseUrl: string) => {
    const res = await request.get(
      `${baseUrl}/api/security/v1/secret-requests/${id}`,
      { headers: { Authorization: `Bearer ${guest}` } },
    );
    expect(res.status(), await res.text()).toBe(200);
    return res.json();
  };

  // Vault answers the value's write 15 s late; the approving replica dies meanwhile, but the
  // write still lands, as a write in flight to a real Vault would.
  harness.vault.faults.set(DATA_PATH, { delayMs: 15_000, times: 1 });
  const killed = 0;
  const approval = request
    .post(
      `${harness.replicaUrl(
        killed,
      )}/api/security/v1/secret-requests/${id}/approve`,
      {
        headers: { Authorization: `Bearer ${approver}` },
        data: {},
        timeout: 60_000,
      },
    )
    .then(
      res => `answered ${res.status()}`,
      (error: Error) => `failed: ${error.message}`,
    );
  await waitFor('the approving replica to be writing the value', async () =>
    harness.requests.some(
      r =>
        r.replica === harness.replicas[killed].name &&
        r.path.startsWith(DATA_PATH) &&
        r.endedAt === undefined,
    ),
  );
  await harness.kill(killed);
  const killedAt = Date.now();
  try {
    expect(await approval).toMatch(/^failed/);
    // Approved, not yet provisioned: the other replica sees the attempt in flight.
    expect((await detail(harness.replicaUrl(1))).status).toBe('approved');

    await waitFor(
      'the other replica to resume the provisioning',
      async () =>
        (await detail(harness.replicaUrl(1))).status === 'provisioned',
      RESUME_WITHIN_MS,
    );
    // eslint-disable-next-line no-console
    console.log(
      `provisioned by ${harness.replicas[1].name} ${
        Date.now() - killedAt
      } ms after ${harness.replicas[killed].name} died`,
    );
    const final = await detail(harness.url);
    expect(final).toMatchObject({ mount: 'secret', version: 1 });
    expect(
      final.events.filter((e: { type: string }) => e.type === 'provisioned'),
    ).toHaveLength(1);
    // Once: Vault holds one version of the secret, the request's.
    const secret = harness.vault.state.kv
      .mount('secret')
      .get(`default/${SERVICE}/${NAME}`);
    expect(secret?.currentVersion).toBe(1);
    expect([...(secret?.versions.keys() ?? [])]).toEqual([1]);
    expect(secret?.customMetadata?.request_id).toBe(id);
    // The survivor did the resuming.
    expect(
      harness.requests.some(
        r =>
          r.replica === harness.replicas[1].name &&
          r.startedAt > killedAt &&
          r.path.includes(`default/${SERVICE}/${NAME}`),
      ),
    ).toBe(true);
  } finally {
    await harness.startReplica(killed);
  }
});
