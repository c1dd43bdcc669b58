import { parseTrivyReport } from '../trivy';
import { expectInputError } from '../testing/expectInputError';
import { readFixture } from '../__testUtils__/fixtures';
import { parseCycloneDx } from './parseCycloneDx';

describe('parseCycloneDx', () => {
  it('maps Trivy maven-pom.cdx.json: 2 findings on jackson-databind', () => {
    const report = parseCycloneDx(
      readFixture('trivy/cyclonedx/maven-pom.cdx.json'),
    );

    expect(report.format).toBe('cyclonedx');
    expect(report.artifact).toEqual({
      name: 'testdata/fixtures/repo/pom',
      digests: [],
    });
    expect(report.generatedAt).toBe('2021-08-25T12:20:30+00:00');
    expect(report.vulnerabilities).toHaveLength(2);
    expect(report.vulnerabilities[0]).toEqual({
      id: 'CVE-2020-9548',
      severity: 'critical',
      packageName: 'jackson-databind',
      installedVersion: '2.9.1',
      // From Trivy's recommendation "Upgrade com.fasterxml.jackson.core:jackson-databind to version 2.9.10.4".
      fixedVersion: '2.9.10.4',
      status: null,
      cvssScore: 9.8,
      title:
        'FasterXML jackson-databind 2.x before 2.9.10.4 mishandles the interaction between serialization gadgets and typing, related to br.com.anteros.dbcp.AnterosDBCPConfig (aka anteros-core).',
      url: 'https://avd.aquasec.com/nvd/cve-2020-9548',
      publishedAt: '2020-03-02T04:15:00+00:00',
      target: null,
      purl: 'pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1',
    });
    expect(report.vulnerabilities[1]).toMatchObject({
      id: 'CVE-2021-20190',
      // Source "glad" has no rating; NVD's CVSSv31 says high.
      severity: 'high',
      // NVD CVSSv31 8.1 wins over NVD CVSSv2 8.3: v3 first, like the Trivy JSON parser.
      cvssScore: 8.1,
      fixedVersion: '2.9.10.7',
    });
    expect(report.components.map(c => c.name)).toEqual([
      'pom.xml',
      'log4shell',
      'jackson-databind',
    ]);
  });

  it('grades one scan the same as CycloneDX and as Trivy JSON (fluentd)', () => {
    const cdx = parseCycloneDx(
      readFixture('trivy/cyclonedx/fluentd-image-with-vulns.cdx.json'),
    );
    const json = parseTrivyReport(
      readFixture('trivy/reports/fluentd-gems-debian-10.json'),
    );
    const key = (v: {
      id: string;
      severity: string;
      cvssScore: number | null;
      fixedVersion: string | null;
      url: string | null;
    }) => [v.id, v.severity, v.cvssScore, v.fixedVersion, v.url];
    const fromCdx = cdx.vulnerabilities.map(key);
    for (const finding of json.vulnerabilities.map(key)) {
      expect(fromCdx).toContainEqual(finding);
    }
    // Only in the CycloneDX file: Debian rates it low, NVD high; Debian's verdict wins.
    expect(
      cdx.vulnerabilities.find(v => v.id === 'CVE-2019-18276'),
    ).toMatchObject({
      severity: 'low',
      packageName: 'bash',
      installedVersion: '5.0-4',
      fixedVersion: null,
      cvssScore: 7.8,
    });
  });

  it('lists components with licences, types and purls, excluding metadata.component', () => {
    const report = parseCycloneDx(readFixture('trivy/cyclonedx/npm.cdx.json'));
    expect(report.components).toHaveLength(13);
    expect(report.components[0]).toEqual({
      name: 'package-lock.json',
      version: null,
      purl: null,
      type: 'application',
      licenses: [],
    });
    expect(report.components[2]).toEqual({
      name: 'jquery',
      version: '3.3.9',
      purl: 'pkg:npm/jquery@3.3.9',
      type: 'library',
      licenses: ['MIT'],
    });
    expect(report.components.map(c => c.name)).not.toContain(
      'testdata/fixtures/repo/npm',
    );
    expect(report.vulnerabilities).toEqual([
      expect.objectContaining({
        id: 'CVE-2019-11358',
        packageName: 'jquery',
        fixedVersion: '3.4.0',
      }),
    ]);
  });

  it('reads licence ids and names (proton-bridge, CycloneDX 1.2)', () => {
    const report = parseCycloneDx(
      readFixture('cyclonedx/proton-bridge-v1.8.0-gomod.cdx.json'),
    );
    expect(report.artifact.name).toBe('github.com/ProtonMail/proton-bridge');
    expect(report.generatedAt).toBe('2021-05-16T17:10:53+02:00');
    expect(
      report.components.find(c => c.name === 'github.com/BurntSushi/xgb')
        ?.licenses,
    ).toEqual(['BSD-3-Clause', 'GooglePatentClause']);
  });

  it('reads the 2028 components of the Red Hat BOM', () => {
    const report = parseCycloneDx(
      readFixture(
        'cyclonedx/redhat-openshift-pipelines-client-1.14.3.cdx.json',
      ),
    );
    expect(report.components).toHaveLength(2028);
    expect(report.artifact.name).toBe('openshift-pipelines-client');
    expect(report.generatedAt).toBe('2006-08-14T02:34:56Z');
  });

  it('flattens nested components, resolves refs, expressions and repo digests', () => {
    const report = parseCycloneDx({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      metadata: {
        component: {
          'bom-ref': 'root',
          type: 'container',
          name: 'ghcr.io/acme/api:1.2',
          properties: [
            { name: 'aquasecurity:trivy:ImageID', value: 'sha256:aaaa' },
            {
              name: 'aquasecurity:trivy:RepoDigest',
              value: 'ghcr.io/acme/api@sha256:bbbb',
            },
          ],
        },
      },
      components: [
        {
          'bom-ref': 'app',
          type: 'application',
          name: 'app',
          components: [
            {
              'bom-ref': 'lib-a',
              type: 'library',
              name: 'a',
              version: '1.0.0',
              licenses: [{ expression: 'MIT OR Apache-2.0' }],
              components: [
                {
                  'bom-ref': 'lib-b',
                  type: 'library',
                  name: 'b',
                  version: '2',
                },
              ],
            },
          ],
        },
        { 'bom-ref': 'lib-c', type: 'library', name: 'c', version: '3' },
      ],
      vulnerabilities: [
        {
          id: 'CVE-2024-1',
          source: {
            name: 'NVD',
            url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-1',
          },
          ratings: [
            {
              source: { name: 'NVD' },
              severity: 'medium',
              score: 5.5,
              method: 'CVSSv31',
            },
          ],
          description: 'First line\nmore detail',
          analysis: { state: 'in_triage' },
          affects: [
            { ref: 'lib-b' },
            { ref: 'lib-c' },
            { ref: 'urn:cdx:other#x' },
            { ref: 'root' },
          ],
        },
        {
          id: 'ADV-2',
          ratings: [{ severity: 'info' }, { severity: 'none' }],
          affects: [{ ref: 'lib-a' }],
        },
        { id: 'CVE-2024-3', affects: [] },
      ],
    });

    expect(report.artifact).toEqual({
      name: 'ghcr.io/acme/api:1.2',
      digests: ['ghcr.io/acme/api@sha256:bbbb'],
    });
    expect(report.components.map(c => c.name)).toEqual(['app', 'a', 'b', 'c']);
    expect(report.components[1].licenses).toEqual(['MIT OR Apache-2.0']);
    expect(
      report.vulnerabilities.map(v => [
        v.id,
        v.packageName,
        v.installedVersion,
        v.severity,
      ]),
    ).toEqual([
      ['CVE-2024-1', 'b', '2', 'medium'],
      ['CVE-2024-1', 'c', '3', 'medium'],
      ['CVE-2024-1', 'urn:cdx:other#x', null, 'medium'],
      ['CVE-2024-1', 'ghcr.io/acme/api:1.2', null, 'medium'],
      // info and none are "no risk rating": unknown, not low.
      ['ADV-2', 'a', '1.0.0', 'unknown'],
    ]);
    expect(report.vulnerabilities[0]).toMatchObject({
      title: 'First line',
      url: 'https://nvd.nist.gov/vuln/detail/CVE-2024-1',
      status: 'in_triage',
      cvssScore: 5.5,
      fixedVersion: null,
    });
    expect(report.vulnerabilities[4]).toMatchObject({
      title: 'ADV-2',
      url: null,
      cvssScore: null,
    });
  });

  describe('rejects with an InputError (400)', () => {
    it('specVersion 1.1', () => {
      expectInputError(
        () =>
          parseCycloneDx({
            bomFormat: 'CycloneDX',
            specVersion: '1.1',
            components: [],
          }),
        'Unsupported CycloneDX specVersion 1.1; Posture reads CycloneDX 1.2 to 1.7 JSON',
      );
    });

    it('a component without a name, naming the path', () => {
      expectInputError(
        () =>
          parseCycloneDx({
            bomFormat: 'CycloneDX',
            specVersion: '1.5',
            components: [
              { type: 'library', name: 'ok' },
              { type: 'library', components: [{ version: 1 }] },
            ],
          }),
        'Invalid CycloneDX document: components[1].name: Required (and 2 more problems)',
      );
    });

    it('a vulnerability without id or bom-ref', () => {
      expectInputError(
        () =>
          parseCycloneDx({
            bomFormat: 'CycloneDX',
            specVersion: '1.5',
            vulnerabilities: [{ id: 'CVE-1' }, { affects: [] }],
          }),
        'Invalid CycloneDX document: vulnerabilities[1] has neither id nor bom-ref',
      );
    });

    it('components nested 1,000 deep, naming the path (no stack overflow)', () => {
      let nested: object = { name: 'leaf' };
      for (let i = 0; i < 1000; i++) {
        nested = { name: `n${i}`, components: [nested] };
      }
      const path = `components[0]${'.components[0]'.repeat(64)}`;
      const message = `Invalid CycloneDX document: ${path} nests components more than 64 levels deep`;
      expectInputError(
        () =>
          parseCycloneDx({
            bomFormat: 'CycloneDX',
            specVersion: '1.6',
            components: [nested],
          }),
        message,
      );
      expectInputError(
        () =>
          parseCycloneDx({
            bomFormat: 'CycloneDX',
            specVersion: '1.6',
            metadata: { component: nested },
          }),
        `Invalid CycloneDX document: metadata.component${'.components[0]'.repeat(
          65,
        )} nests components more than 64 levels deep`,
      );
    });
    it('accepts components nested 64 deep', () => {
      let nested: object = { name: 'n64' };
      for (let i = 63; i >= 1; i--) {
        nested = { name: `n${i}`, components: [nested] };
      }
      const report = parseCycloneDx({
        bomFormat: 'CycloneDX',
        specVersion: '1.6',
        metadata: { component: { name: 'root', components: [nested] } },
        components: [nested],
      });
      expect(report.components).toHaveLength(64);
      expect(report.components[63].name).toBe('n64');
    });
    it('a JSON array', () => {
      expectInputError(
        () => parseCycloneDx([]),
        'Invalid CycloneDX document: expected a JSON object, received an array',
      );
    });
  });
});
