import { parseKevCatalog } from '@posture/backstage-plugin-security-backend-module-kev';
import { trivyReportFormat } from '@posture/backstage-plugin-security-backend-module-trivy';
import {
  normalizeImageRepository,
  type VulnerabilityItem,
} from '@posture/backstage-plugin-security-common';
import { createHash } from 'crypto';
import fs from 'fs';
import path from 'path';
import { createTestStore } from './__testUtils__/storeHarness';
import { createTestDatabases } from './__testUtils__/testDatabases';

/*
 * The issue's bar: with the real KEV catalog loaded, every finding of the example data whose CVE
 * is in it carries the mark, and no other does. The catalog is parsed by the KEV module and
 * loaded through the store; the expectation is read from the same file with JSON.parse alone,
 * and the findings' CVEs from the example Trivy reports themselves.
 */
const root = path.resolve(__dirname, '../../..');
const examplesDir = path.join(root, 'examples/reports');
const catalogFile = path.join(
  root,
  'fixtures/kev/known_exploited_vulnerabilities.json',
);
const catalogBytes = fs.readFileSync(catalogFile);
const catalogEntries: Array<{
  cveID: string;
  dateAdded: string;
  dueDate?: string;
  knownRansomwareCampaignUse: string;
}> = JSON.parse(catalogBytes.toString('utf8')).vulnerabilities;
const inCatalog = new Map(catalogEntries.map(e => [e.cveID, e]));
const services = fs
  .readdirSync(examplesDir)
  .filter(name => fs.existsSync(path.join(examplesDir, name, 'trivy.json')))
  .sort();
const now = new Date('2026-12-01T00:00:00Z');

type RawFinding = { VulnerabilityID: string; PkgName: string };

function rawFindings(service: string): RawFinding[] {
  const report = JSON.parse(
    fs.readFileSync(path.join(examplesDir, service, 'trivy.json'), 'utf8'),
  );
  return report.Results.flatMap(
    (r: { Vulnerabilities?: RawFinding[] }) => r.Vulnerabilities ?? [],
  );
}

const key = (id: string, pkg: string) => `${id} ${pkg}`;
const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'KEV marks on the example data on %s',
  id => {
    it('mark exactly the findings whose CVE is in the catalog, with its dates and ransomware use', async () => {
      const { store } = await createTestStore(databases, id);
      await store.exploits.loadKev({
        catalog: parseKevCatalog(catalogBytes),
        sha256: createHash('sha256').update(catalogBytes).digest('hex'),
        location: catalogFile,
        now,
      });
      for (const service of services) {
        const document = fs.readFileSync(
          path.join(examplesDir, service, 'trivy.json'),
          'utf8',
        );
        const report = trivyReportFormat.parse(JSON.parse(document));
        const result = await store.reports.replaceReport({
          write: {
            entityRef: `component:default/${service}`,
            artifact: normalizeImageRepository(report.artifact.name!),
            report,
            sha256: createHash('sha256').update(document).digest('hex'),
            document,
            uploadedBy: 'external:ci',
          },
          now,
        });
        expect(result.outcome).toBe('stored');
      }

      let marked = 0;
      for (const service of services) {
        const items: VulnerabilityItem[] = [];
        for (let offset = 0; ; offset += 500) {
          const page = await store.reports.listVulnerabilities({
            entityRef: `component:default/${service}`,
            query: { vex: 'all', sort: 'risk', offset, limit: 500 },
          });
          items.push(...page.items);
          if (page.items.length < 500) break;
        }
        const raw = rawFindings(service);
        expect(items).toHaveLength(raw.length);

        // The expectation from the files alone: which (id, package) findings name a KEV CVE.
        const expected = new Map(
          raw
            .filter(f => inCatalog.has(f.VulnerabilityID))
            .map(f => [
              key(f.VulnerabilityID, f.PkgName),
              inCatalog.get(f.VulnerabilityID)!,
            ]),
        );
        const actual = new Map(
          items
            .filter(item => item.kev)
            .map(item => [key(item.id, item.packageName), item]),
        );
        expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [finding, entry] of expected) {
          const item = actual.get(finding)!;
          expect(item.cveId).toBe(entry.cveID);
          expect(item.kev).toMatchObject({
            dateAdded: entry.dateAdded,
            dueDate: entry.dueDate || null,
            ransomware: entry.knownRansomwareCampaignUse === 'Known',
          });
        }
        marked += actual.size;
      }
      // The examples carry nine known exploited findings on purpose (examples/reports/README.md),
      // so an empty comparison cannot pass for a match.
      expect(marked).toBeGreaterThanOrEqual(9);
    }, 120_000); // about 4,700 findings stored and read back: seconds, more on a busy machine
  },
);
