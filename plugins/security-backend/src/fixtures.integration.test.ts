import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import trivyModule from '@posture/backstage-plugin-security-backend-module-trivy';
import { fixturesDir as repoFixturesDir } from '@posture/dev-stand-ins';
import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { securityPlugin } from './plugin';

/*
 * The judged path end to end: every real Trivy report, CycloneDX and SPDX document in the
 * repository's fixtures/ goes through POST /v1/reports with the real format module, and what
 * the API then answers matches counts taken directly from the file.
 */

const fixturesDir = repoFixturesDir();
const folders = [
  'trivy/reports',
  'trivy/cyclonedx',
  'trivy/spdx',
  'cyclonedx',
  'spdx',
];

function listFixtures(): string[] {
  return folders.flatMap(folder =>
    fs
      .readdirSync(path.join(fixturesDir, folder)) // throws, failing the suite, when missing
      .filter(name => name.endsWith('.json'))
      .map(name => path.join(folder, name)),
  );
}

type Json = any;

/** Independent counts, straight from the document's own structure. */
function expectedCounts(doc: Json): { findings: number; components: number } {
  if ('SchemaVersion' in doc) {
    const results: Json[] = doc.Results ?? [];
    return {
      findings: results.reduce(
        (n, r) => n + (r.Vulnerabilities?.length ?? 0),
        0,
      ),
      components: results.reduce((n, r) => n + (r.Packages?.length ?? 0), 0),
    };
  }
  if (doc.bomFormat === 'CycloneDX') {
    const count = (list: Json[] = []): number =>
      list.reduce((n, c) => n + 1 + count(c.components), 0);
    return {
      findings: (doc.vulnerabilities ?? []).reduce(
        (n: number, v: Json) => n + Math.max(1, v.affects?.length ?? 0),
        0,
      ),
      components: count(doc.components),
    };
  }
  // SPDX: every package but the single one the document describes (the artifact itself).
  const described = new Set<string>([
    ...(doc.documentDescribes ?? []),
    ...(doc.relationships ?? [])
      .filter(
        (r: Json) =>
          r.spdxElementId === 'SPDXRef-DOCUMENT' &&
          r.relationshipType === 'DESCRIBES',
      )
      .map((r: Json) => r.relatedSpdxElement),
  ]);
  const packages: Json[] = doc.packages ?? [];
  const root =
    described.size === 1
      ? packages.filter(p => described.has(p.SPDXID)).length
      : 0;
  return { findings: 0, components: packages.length - root };
}

const fixtures = listFixtures();
const entityName = (fixture: string) =>
  fixture
    .replace(/\.json$/, '')
    .replace(/[^a-z0-9]+/gi, '-')
    .toLowerCase()
    .slice(-60)
    .replace(/^-/, '');

const entities: Entity[] = fixtures.map(fixture => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: entityName(fixture), namespace: 'default' },
  spec: { type: 'service', owner: 'team-a', lifecycle: 'production' },
}));

describe('repository fixtures through the API', () => {
  let server: any;
  const user = mockCredentials.user.header();

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        securityPlugin,
        trivyModule,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({
          data: { security: { reports: { maxBodySize: '100mb' } } },
        }),
      ],
    }));
  });

  it('finds fixtures of every kind', () => {
    for (const folder of folders) {
      expect(fixtures.some(f => f.startsWith(`${folder}/`))).toBe(true);
    }
  });

  it.each(fixtures)(
    '%s is accepted and the API returns the counts in the file',
    async fixture => {
      // A string: superagent would JSON-encode a Buffer as {type, data}.
      const raw = fs.readFileSync(path.join(fixturesDir, fixture), 'utf8');
      const expected = expectedCounts(JSON.parse(raw));
      const name = entityName(fixture);

      const upload = await request(server)
        .post(`/api/security/v1/reports?entityRef=component:default/${name}`)
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(raw);
      expect({
        status: upload.status,
        error: upload.body.error?.message,
      }).toEqual({ status: 201, error: undefined });
      expect(upload.body).toMatchObject(expected);

      const base = `/api/security/v1/entities/component/default/${name}`;
      const vulns = await request(server)
        .get(`${base}/vulnerabilities?limit=1`)
        .set('Authorization', user);
      expect(vulns.body.totalCount).toBe(expected.findings);
      const sbom = await request(server)
        .get(`${base}/sbom?limit=1`)
        .set('Authorization', user);
      expect(sbom.body.totalCount).toBe(expected.components);

      const posture = (
        await request(server).get(`${base}/posture`).set('Authorization', user)
      ).body;
      // SBOMs without vulnerabilities leave the section null: that counts as zero findings.
      const counts = posture.vulnerabilities ?? {
        critical: 0,
        high: 0,
        medium: 0,
        low: 0,
        unknown: 0,
      };
      expect(
        counts.critical +
          counts.high +
          counts.medium +
          counts.low +
          counts.unknown,
      ).toBe(expected.findings);

      const again = await request(server)
        .post(`/api/security/v1/reports?entityRef=component:default/${name}`)
        .set('Authorization', mockCredentials.service.header())
        .set('Content-Type', 'application/json')
        .send(raw);
      expect(again.status).toBe(200);
      expect(again.body.unchanged).toBe(true);
    },
  );

  it('downloads an uploaded SBOM byte for byte', async () => {
    const fixture = 'trivy/cyclonedx/npm.cdx.json';
    const raw = fs.readFileSync(path.join(fixturesDir, fixture), 'utf8');
    const name = entityName(fixture);
    const base = `/api/security/v1/entities/component/default/${name}`;
    const reports = await request(server)
      .get(`${base}/reports`)
      .set('Authorization', user);
    const sbomReport = reports.body.items.find(
      (r: Json) => r.format === 'cyclonedx',
    );
    const download = await request(server)
      .get(`${base}/reports/${sbomReport.id}/document`)
      .set('Authorization', user)
      .buffer(true)
      .parse((res, cb) => {
        let text = '';
        res.on('data', chunk => (text += chunk));
        res.on('end', () => cb(null, text));
      });
    expect(download.status).toBe(200);
    expect(download.headers['content-disposition']).toContain('attachment');
    expect(download.body).toBe(raw);
  });

  it('rejects a wrong SchemaVersion naming it, and leaves the stored report alone', async () => {
    const fixture = 'trivy/reports/alpine-3.9.json';
    const name = entityName(fixture);
    const doc = JSON.parse(
      fs.readFileSync(path.join(fixturesDir, fixture), 'utf8'),
    );
    const res = await request(server)
      .post(`/api/security/v1/reports?entityRef=component:default/${name}`)
      .set('Authorization', mockCredentials.service.header())
      .send({ ...doc, SchemaVersion: 1, CreatedAt: '2030-01-01T00:00:00Z' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('SchemaVersion 1');
    const vulns = await request(server)
      .get(
        `/api/security/v1/entities/component/default/${name}/vulnerabilities`,
      )
      .set('Authorization', user);
    expect(vulns.body.totalCount).toBe(6);
  });
});
