import { readFile } from 'fs/promises';
import path from 'path';
import { expect, guestToken, test } from './fixtures';
import { comparable, exampleReports, upload } from './reports';

/** Example services with scans, SBOMs (CycloneDX and SPDX) and a VEX document among them. */
const SERVICES = [
  'payment-gateway',
  'checkout-api',
  'fraud-detector',
  'ledger',
  'invoice-service',
  'cart-service',
];

test('uploads spread over both replicas at once give the same posture as uploads to one replica in turn', async ({
  harness,
  request,
}) => {
  // Through the balancer, every report of every service at once: round-robin sends them to
  // both replicas, which write the same entities concurrently.
  await Promise.all(
    SERVICES.flatMap((service, i) =>
      exampleReports(service).map(document =>
        upload(request, harness.url, `replica-spread-a${i + 1}`, document),
      ),
    ),
  );
  // The reference: the same reports, one at a time, to one replica.
  for (const [i, service] of SERVICES.entries()) {
    for (const document of exampleReports(service)) {
      await upload(
        request,
        harness.replicaUrl(0),
        `replica-spread-b${i + 1}`,
        document,
      );
    }
  }
  const logs = await Promise.all(
    harness.replicas.map(r => readFile(r.logFile, 'utf8')),
  );
  for (const [i, log] of logs.entries()) {
    expect(
      log.includes('POST /api/security/v1/reports'),
      `replica ${i + 1} received uploads`,
    ).toBe(true);
  }

  const token = await guestToken(request, harness.url);
  const read = async (baseUrl: string, name: string, route: string) => {
    const res = await request.get(
      `${baseUrl}/api/security/v1/entities/component/default/${name}/${route}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status(), `${route} of ${name}: ${await res.text()}`).toBe(200);
    return res.json();
  };
  for (const i of SERVICES.keys()) {
    for (const route of [
      'posture',
      'vulnerabilities?limit=500&vex=all',
      'sbom?limit=500',
    ]) {
      // Each side read through the other replica than the one the reference was written by.
      const spread = comparable(
        await read(harness.replicaUrl(1), `replica-spread-a${i + 1}`, route),
      );
      const reference = comparable(
        await read(harness.replicaUrl(0), `replica-spread-b${i + 1}`, route),
      );
      expect(spread, `${route} of ${SERVICES[i]}'s reports`).toEqual(reference);
    }
  }
  const posture = await read(harness.url, 'replica-spread-a1', 'posture');
  const counts = posture.vulnerabilities;
  // Nothing lost among the concurrent writes: every finding of the largest scan is counted.
  expect(
    counts.critical + counts.high + counts.medium + counts.low + counts.unknown,
  ).toBe(
    JSON.parse(
      await readFile(
        path.resolve(__dirname, '../../examples/reports/manifest.json'),
        'utf8',
      ),
    )['payment-gateway']['trivy.json'].vulnerabilities,
  );
});
