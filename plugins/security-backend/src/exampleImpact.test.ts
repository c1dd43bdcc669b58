import type { Entity } from '@backstage/catalog-model';
import {
  cycloneDxReportFormat,
  spdxReportFormat,
  trivyReportFormat,
} from '@posture/backstage-plugin-security-backend-module-trivy';
import { normalizeImageRepository } from '@posture/backstage-plugin-security-common';
import { createHash } from 'crypto';
import fs from 'fs';
import { loadAll } from 'js-yaml';
import { PackageURL } from 'packageurl-js';
import path from 'path';
import { ALLOW_ALL } from './database/entityPredicate';
import { DatabaseImpactStore } from './database/impact/DatabaseImpactStore';
import { createFleetHarness } from './__testUtils__/fleetHarness';
import { createTestDatabases } from './__testUtils__/testDatabases';
import { parseImpactQuery } from './service/impact/parseImpactQuery';

/*
 * The bar, on the example data: every example report stored through the real parsers
 * and ingestion, the example catalog recorded by the fleet regrade, then a CVE returns exactly
 * the services whose reports contain it, a package name exactly the services whose SBOM lists
 * it (by name, or by its purl's name), and a purl with and without qualifiers the same
 * services. The expectations are read from the JSON files with JSON.parse alone, purls parsed
 * with packageurl-js, not with the code under test.
 */
const root = path.resolve(__dirname, '../../..');
const reportsDir = path.join(root, 'examples/reports');
const catalogDir = path.join(root, 'examples/catalog');
const formats = [trivyReportFormat, cycloneDxReportFormat, spdxReportFormat];
const now = new Date('2026-12-01T00:00:00Z');

const services = fs
  .readdirSync(reportsDir)
  .filter(name => fs.existsSync(path.join(reportsDir, name, 'trivy.json')))
  .sort();
const readJson = (service: string, file: string) =>
  JSON.parse(fs.readFileSync(path.join(reportsDir, service, file), 'utf8'));
const sbomFile = (service: string) =>
  fs
    .readdirSync(path.join(reportsDir, service))
    .find(f => f.startsWith('sbom.'))!;
const ref = (service: string) => `component:default/${service}`;

/** Vulnerability ids of a service's reports, from the Trivy JSON (and any CycloneDX vulnerabilities). */
function vulnerabilityIds(service: string): Set<string> {
  const trivy = readJson(service, 'trivy.json');
  const sbom = readJson(service, sbomFile(service));
  return new Set<string>([
    ...trivy.Results.flatMap((r: any) =>
      (r.Vulnerabilities ?? []).map((v: any) => v.VulnerabilityID),
    ),
    ...(sbom.vulnerabilities ?? []).map((v: any) => v.id),
  ]);
}

/** Name and purl of every package a service's SBOM lists (CycloneDX components, SPDX packages). */
function sbomPackages(
  service: string,
): Array<{ name: string; purl: string | null }> {
  const sbom = readJson(service, sbomFile(service));
  if (sbom.components) {
    return sbom.components.map((c: any) => ({
      name: c.name,
      purl: c.purl ?? null,
    }));
  }
  return sbom.packages.map((p: any) => ({
    name: p.name,
    purl:
      (p.externalRefs ?? []).find((r: any) => r.referenceType === 'purl')
        ?.referenceLocator ?? null,
  }));
}

/**
 * Name and purl of every package a service's reports list: the SBOM's packages, and the
 * packages of the Trivy scan's findings and package lists.
 */
function reportPackages(
  service: string,
): Array<{ name: string; purl: string | null }> {
  const trivy = readJson(service, 'trivy.json');
  return [
    ...sbomPackages(service),
    ...trivy.Results.flatMap((r: any) => [
      ...(r.Vulnerabilities ?? []).map((v: any) => ({
        name: v.PkgName,
        purl: v.PkgIdentifier?.PURL ?? null,
      })),
      ...(r.Packages ?? []).map((p: any) => ({
        name: p.Name,
        purl: p.Identifier?.PURL ?? null,
      })),
    ]),
  ];
}

/** PEP 503's name comparison: runs of `-`, `_` and `.` are one `-`, case ignored. */
const pep503 = (name: string) => name.replace(/[-_.]+/g, '-').toLowerCase();

/** Whether a package is the one a bare package name asks for: by its name or its purl's name. */
function isPackage(
  pkg: { name: string; purl: string | null },
  asked: string,
): boolean {
  if (pkg.name.toLowerCase() === asked.toLowerCase()) {
    return true;
  }
  if (pkg.purl === null) {
    return false;
  }
  let purl: PackageURL;
  try {
    purl = PackageURL.fromString(pkg.purl);
  } catch {
    return false;
  }
  return purl.type.toLowerCase() === 'pypi'
    ? pep503(purl.name) === pep503(asked)
    : purl.name.toLowerCase() === asked.toLowerCase();
}

/** A purl's type/namespace/name by plain string handling: version, qualifiers, subpath cut. */
const purlIdentity = (purl: string) =>
  decodeURIComponent(
    purl.split(/[?#]/)[0].replace(/@[^/@]*$/, ''),
  ).toLowerCase();

function catalogEntities(): Entity[] {
  return [
    'org.yaml',
    'domains.yaml',
    'systems.yaml',
    'components.yaml',
  ].flatMap(file =>
    (loadAll(fs.readFileSync(path.join(catalogDir, file), 'utf8')) as Entity[])
      .filter(Boolean)
      .map(e => ({ ...e, metadata: { namespace: 'default', ...e.metadata } })),
  );
}

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'impact queries on the example data on %s',
  id => {
    let impact: DatabaseImpactStore;

    beforeAll(async () => {
      const harness = await createFleetHarness(databases, id);
      for (const service of services) {
        for (const file of ['trivy.json', sbomFile(service)]) {
          const document = fs.readFileSync(
            path.join(reportsDir, service, file),
            'utf8',
          );
          const json = JSON.parse(document);
          const report = formats.find(f => f.detect(json))!.parse(json);
          const result = await harness.store.reports.replaceReport({
            write: {
              entityRef: ref(service),
              artifact: normalizeImageRepository(
                report.artifact.name ?? `ghcr.io/acme/${service}`,
              ),
              report,
              sha256: createHash('sha256').update(document).digest('hex'),
              document,
              uploadedBy: 'external:ci',
            },
            now,
          });
          if (result.outcome !== 'stored') {
            throw new Error(
              `${service}/${file} was not stored: ${result.outcome}`,
            );
          }
        }
      }
      await harness.regradeOf({ entities: catalogEntities() }).run({ now });
      impact = new DatabaseImpactStore(harness.knex);
    }, 180_000); // about 4,700 findings and 5,000 components: seconds, more on a busy machine

    /** Every affected entity (all pages), as an allow-all reader sees them. */
    async function affected(params: Record<string, string>): Promise<string[]> {
      const refs: string[] = [];
      for (let offset = 0; ; offset += 10) {
        const page = await impact.query({
          query: parseImpactQuery(params),
          predicate: ALLOW_ALL,
          sort: 'entity',
          order: 'asc',
          offset,
          limit: 10,
        });
        refs.push(...page.items.map(i => i.entityRef));
        expect(page.totalCount).toBeGreaterThanOrEqual(refs.length);
        if (page.items.length < 10) {
          expect(page.totalCount).toBe(refs.length);
          return refs;
        }
      }
    }

    it('every example service is recorded with its owner, so answers are permission-filterable', async () => {
      const result = await impact.query({
        query: parseImpactQuery({ package: 'openssl' }),
        predicate: { field: 'owner' },
        sort: 'entity',
        order: 'asc',
        offset: 0,
        limit: 100,
      });
      expect(result.items.map(i => i.entityRef)).toEqual(services.map(ref));
    });

    it("a reader allowed only one team's entities gets only those, counts included", async () => {
      const payments = catalogEntities()
        .filter(
          e =>
            e.kind === 'Component' &&
            e.spec?.owner === 'team-payments' &&
            services.includes(e.metadata.name),
        )
        .map(e => ref(e.metadata.name))
        .sort();
      expect(payments.length).toBeGreaterThan(1);
      const result = await impact.query({
        query: parseImpactQuery({ package: 'openssl' }),
        predicate: {
          field: 'owner',
          values: ['group:default/team-payments'],
        },
        sort: 'entity',
        order: 'asc',
        offset: 0,
        limit: 100,
      });
      expect(result.items.map(i => i.entityRef)).toEqual(payments);
      expect(result.totalCount).toBe(payments.length);
      expect(result.owners).toEqual([
        expect.objectContaining({
          ref: 'group:default/team-payments',
          entities: payments.length,
        }),
      ]);
    });

    // The KEV findings the README names, and the ids most services share.
    const sharedIds = (() => {
      const counts = new Map<string, number>();
      for (const service of services) {
        for (const vulnId of vulnerabilityIds(service)) {
          counts.set(vulnId, (counts.get(vulnId) ?? 0) + 1);
        }
      }
      return [...counts]
        .filter(([, n]) => n > 1)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 4)
        .map(([vulnId]) => vulnId);
    })();
    it.each([
      'CVE-2021-44228',
      'CVE-2023-44487',
      'CVE-2023-4863',
      'CVE-2020-11023',
      ...sharedIds,
    ])(
      '%s returns exactly the services whose reports contain it',
      async vulnId => {
        const expected = services
          .filter(s => vulnerabilityIds(s).has(vulnId))
          .map(ref);
        expect(expected.length).toBeGreaterThan(0);
        expect(await affected({ vulnerability: vulnId })).toEqual(expected);
        expect(await affected({ vulnerability: vulnId.toLowerCase() })).toEqual(
          expected,
        );
      },
    );

    // Packages some but not all services list, plus the README's own examples.
    const partialPackages = (() => {
      const holders = new Map<string, number>();
      for (const service of services) {
        for (const name of new Set(sbomPackages(service).map(p => p.name))) {
          holders.set(name, (holders.get(name) ?? 0) + 1);
        }
      }
      return [...holders]
        .filter(([, n]) => n > 1 && n < services.length)
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 4)
        .map(([name]) => name);
    })();
    it.each([
      'org.apache.logging.log4j:log4j-core',
      // Maven's artifact id alone: the reports name it group:artifact, the purls say log4j-core.
      'log4j-core',
      'jquery',
      'openssl',
      ...partialPackages,
    ])(
      'package %s returns exactly the services whose reports list it by name or purl name',
      async name => {
        const expected = services
          .filter(s => reportPackages(s).some(p => isPackage(p, name)))
          .map(ref);
        expect(expected.length).toBeGreaterThan(0);
        expect(await affected({ package: name })).toEqual(expected);
        expect(await affected({ package: name.toUpperCase() })).toEqual(
          expected,
        );
      },
    );

    it.each([
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
      'pkg:deb/debian/libc6?arch=amd64&distro=debian-12.5',
      'pkg:npm/jquery@3.4.1?foo=bar#dist',
    ])(
      'purl %s returns the same services with and without qualifiers',
      async purl => {
        const withoutQualifiers = purl.split(/[?#]/)[0];
        const identity = purlIdentity(purl);
        const version = withoutQualifiers.match(/@([^/@]+)$/)?.[1] ?? null;
        const expected = services
          .filter(s =>
            sbomPackages(s).some(
              p =>
                p.purl !== null &&
                purlIdentity(p.purl) === identity &&
                (version === null ||
                  decodeURIComponent(p.purl.split(/[?#]/)[0]).endsWith(
                    `@${version}`,
                  )),
            ),
          )
          .map(ref);
        expect(expected.length).toBeGreaterThan(0);
        expect(await affected({ purl })).toEqual(expected);
        expect(await affected({ purl: withoutQualifiers })).toEqual(expected);
      },
    );

    it('an image repository returns the service whose reports name it', async () => {
      expect(
        await affected({ image: 'ghcr.io/acme/product-catalog:9.9' }),
      ).toEqual([ref('product-catalog')]);
    });

    it('log4j-core below 2.17 is every service whose SBOM lists a log4j-core purl of a lower version', async () => {
      const identity = 'pkg:maven/org.apache.logging.log4j/log4j-core';
      const below = (version: string, bound: number[]) => {
        const parts = version.split('.').map(Number);
        const i = bound.findIndex((b, k) => (parts[k] ?? 0) !== b);
        return i !== -1 && (parts[i] ?? 0) < bound[i];
      };
      const holders = (bound: number[], wanted: boolean) =>
        services
          .filter(s =>
            sbomPackages(s).some(
              p =>
                p.purl !== null &&
                purlIdentity(p.purl) === identity &&
                below(p.purl.split(/[?#]/)[0].split('@')[1], bound) === wanted,
            ),
          )
          .map(ref);
      const expected = holders([2, 17, 0], true);
      expect(expected).toContain(ref('product-catalog'));
      expect(
        await affected({
          package: 'log4j-core',
          ecosystem: 'maven',
          version: '<2.17.0',
        }),
      ).toEqual(expected);
      expect(
        await affected({
          package: 'log4j-core',
          ecosystem: 'maven',
          version: '>=2.17.0',
        }),
      ).toEqual(holders([2, 17, 0], false));
    });
  },
);
