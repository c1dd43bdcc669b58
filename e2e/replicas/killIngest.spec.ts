import fs from 'fs';
import path from 'path';
import { expect, guestToken, test } from './fixtures';
import { upload } from './reports';

const TARGET = 'replica-large-ingest';
const EXAMPLES = path.resolve(__dirname, '../../examples/reports');

/**
 * payment-gateway's scan (2,734 findings) fifteen times over, each copy's packages renamed:
 * about 41,000 findings and 45 MB, which takes a replica seconds to write.
 */
function largeScan(): { document: Buffer; findings: number } {
  const scan = JSON.parse(
    fs.readFileSync(path.join(EXAMPLES, 'payment-gateway/trivy.json'), 'utf8'),
  );
  const results = [];
  let findings = 0;
  for (let copy = 0; copy < 15; copy++) {
    for (const result of scan.Results) {
      const vulnerabilities = (result.Vulnerabilities ?? []).map(
        (v: { PkgName: string; PkgID?: string }) => ({
          ...v,
          PkgName: `${v.PkgName}-copy${copy}`,
          PkgID: `${v.PkgID ?? v.PkgName}-copy${copy}`,
          PkgIdentifier: undefined,
        }),
      );
      findings += vulnerabilities.length;
      results.push({
        ...result,
        Target: `${result.Target}-copy${copy}`,
        Vulnerabilities: vulnerabilities,
      });
    }
  }
  return {
    document: Buffer.from(JSON.stringify({ ...scan, Results: results })),
    findings,
  };
}

test('a replica killed in the middle of a large ingest leaves no partial data, and the upload succeeds once through the other', async ({
  harness,
  request,
}) => {
  const token = await guestToken(request, harness.url);
  const posture = async (baseUrl: string) => {
    const res = await request.get(
      `${baseUrl}/api/security/v1/entities/component/default/${TARGET}/posture`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()).vulnerabilities;
  };
  const db = await harness.database('security');
  const rows = async () =>
    Number(
      (
        await db.query(
          'SELECT count(*) AS n FROM vulnerabilities WHERE entity_ref = $1',
          [`component:default/${TARGET}`],
        )
      ).rows[0].n,
    );
  try {
    // What the service had before: cart-service's scan.
    await upload(
      request,
      harness.url,
      TARGET,
      fs.readFileSync(path.join(EXAMPLES, 'cart-service/trivy.json')),
    );
    const before = await posture(harness.url);
    const rowsBefore = await rows();
    expect(rowsBefore).toBeGreaterThan(0);

    const { document, findings } = largeScan();
    const killed = 0;
    const inFlight = upload(
      request,
      harness.replicaUrl(killed),
      TARGET,
      document,
    ).then(
      () => 'stored',
      (error: Error) => `failed: ${error.message}`,
    );
    // Killed while its transaction writes the findings (INSERT, or COPY on PostgreSQL), as
    // PostgreSQL's own activity shows: polled tightly, the writing lasts a second or two.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { rows: active } = await db.query(
        `SELECT count(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'active'
            AND pid <> pg_backend_pid()
            AND query ~* '^\\s*(insert into|copy) "?vulnerabilities'`,
      );
      if (Number(active[0].n) > 0) break;
      if (Date.now() > deadline) {
        throw new Error('the replica never started writing the large scan');
      }
      await new Promise(resolve => setTimeout(resolve, 20));
    }
    await harness.kill(killed);
    expect(await inFlight).toMatch(/^failed/);

    // Nothing of the killed upload: the other replica serves the earlier scan, row for row.
    const survivor = harness.replicaUrl(1);
    expect(await posture(survivor)).toEqual(before);
    expect(await rows()).toBe(rowsBefore);

    // CI uploads again, through the balancer (now only the survivor): stored once, whole,
    // beside the earlier scan (another image's).
    await upload(request, harness.url, TARGET, document);
    const total = (counts: Record<string, number>) =>
      counts.critical +
      counts.high +
      counts.medium +
      counts.low +
      counts.unknown;
    expect(total(await posture(survivor))).toBe(total(before) + findings);
    expect(await rows()).toBe(rowsBefore + findings);
  } finally {
    await db.end();
    if (!harness.replicas[0].process) await harness.startReplica(0);
  }
});
