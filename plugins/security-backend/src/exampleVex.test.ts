import { trivyReportFormat } from '@posture/backstage-plugin-security-backend-module-trivy';
import { openVexFormat } from '@posture/backstage-plugin-security-backend-module-vex';
import {
  normalizeImageRepository,
  type VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import type { PostureStore } from './database/PostureStore';
import { attributeVexStatements } from './service/attributeVexStatements';
import { createTestStore } from './__testUtils__/storeHarness';
import { createTestDatabases } from './__testUtils__/testDatabases';

/*
 * The demo's VEX document (examples/reports/checkout-api/vex.openvex.json), as the seeder
 * uploads it beside checkout-api's scan: its not_affected statement takes the glibc finding
 * out of the counts, its under_investigation statement marks another finding and leaves it
 * counted, whichever of the two files is stored first.
 */
const dir = path.resolve(__dirname, '../../../examples/reports/checkout-api');
const entityRef = 'component:default/checkout-api';
const scanText = fs.readFileSync(path.join(dir, 'trivy.json'), 'utf8');
const vexText = fs.readFileSync(path.join(dir, 'vex.openvex.json'), 'utf8');
const scanFindings: Array<{ Severity: string }> = JSON.parse(
  scanText,
).Results.flatMap(
  (r: { Vulnerabilities?: unknown[] }) => r.Vulnerabilities ?? [],
);
const now = new Date('2026-12-01T00:00:00Z');
const sha256 = (text: string) =>
  createHash('sha256').update(text).digest('hex');

async function storeScan(store: PostureStore) {
  const report = trivyReportFormat.parse(JSON.parse(scanText));
  await store.reports.replaceReport({
    write: {
      entityRef,
      artifact: normalizeImageRepository(report.artifact.name!),
      report,
      sha256: sha256(scanText),
      document: scanText,
      uploadedBy: 'external:ci',
    },
    now,
  });
}

async function storeVex(store: PostureStore) {
  const parsed = openVexFormat.parse(JSON.parse(vexText));
  return store.vex.recordStatements({
    entityRef,
    format: parsed.format,
    // As POST /v1/reports stores it (the demo document names its author).
    statements: attributeVexStatements(parsed.statements, 'external:ci'),
    sha256: sha256(vexText),
    uploadedBy: 'external:ci',
    now,
  });
}

async function list(store: PostureStore, vex: 'open' | 'not-affected') {
  const { items } = await store.reports.listVulnerabilities({
    entityRef,
    query: { vex, offset: 0, limit: 500 },
  });
  return items;
}

const marked = (items: VulnerabilityItem[]) =>
  items
    .filter(i => i.vex)
    .map(i => [i.id, i.packageName, i.vex!.status, i.vex!.author]);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  "the demo's VEX document on %s",
  id => {
    it.each([
      ['after the scan', [storeScan, storeVex]],
      ['before the scan', [storeVex, storeScan]],
    ] as const)(
      'stored %s, clears the glibc finding and marks the one under investigation',
      async (_, steps) => {
        const { store } = await createTestStore(databases, id);
        for (const step of steps) {
          await step(store);
        }
        const cleared = await list(store, 'not-affected');
        expect(marked(cleared)).toEqual([
          [
            'CVE-2023-4911',
            'libc-bin',
            'not_affected',
            'Acme Payments Security <security@acme.example>',
          ],
        ]);
        expect(cleared[0].vex).toMatchObject({
          justification: 'vulnerable_code_not_in_execute_path',
          timestamp: '2026-11-24T15:30:00.000Z',
        });

        const open = await list(store, 'open');
        expect(open).toHaveLength(scanFindings.length - 1);
        expect(marked(open)).toEqual([
          [
            expect.any(String),
            expect.any(String),
            'under_investigation',
            'Acme Payments Security <security@acme.example>',
          ],
        ]);

        const posture = await store.summaries.get({ entityRef });
        expect(posture?.vulnerabilities).toMatchObject({
          high: scanFindings.filter(v => v.Severity === 'HIGH').length - 1,
          notAffected: 1,
        });
      },
      60_000,
    );
  },
);
