import { parseCycloneDx } from './cyclonedx/parseCycloneDx';
import { parseSpdx } from './spdx/parseSpdx';
import { parseTrivyReport } from './trivy/parseTrivyReport';
import { listFixtures, readFixture } from './__testUtils__/fixtures';
import { aliasesOf } from './aliases';

/*
 * Aliases are what the impact query and the KEV/EPSS join find a finding by besides its id:
 * Trivy's VendorIDs and CycloneDX references[].id. SPDX has no vulnerabilities.
 */

describe('aliasesOf', () => {
  it('keeps strings, trimmed, each once, without the id itself', () => {
    expect(
      aliasesOf('CVE-2021-44228', [
        ' GHSA-jfh8-c2jp-5v3q ',
        'ghsa-JFH8-c2jp-5v3q',
        'cve-2021-44228',
        '',
        42,
        null,
        'DSA-5022-1',
      ]),
    ).toEqual(['GHSA-jfh8-c2jp-5v3q', 'DSA-5022-1']);
  });
});

describe('Trivy VendorIDs', () => {
  it('become the aliases of each finding (centos-7: RHSA-2019:2304)', () => {
    const report = parseTrivyReport(readFixture('trivy/reports/centos-7.json'));
    const findings = report.vulnerabilities.filter(
      v => v.id === 'CVE-2019-1559',
    );
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding.aliases).toEqual(['RHSA-2019:2304']);
    }
  });

  it('leave findings without any as they were (alpine-3.9)', () => {
    const report = parseTrivyReport(
      readFixture('trivy/reports/alpine-3.9.json'),
    );
    expect(report.vulnerabilities.some(v => 'aliases' in v)).toBe(false);
  });

  it('are ignored, not refused, when malformed', () => {
    const document = readFixture('trivy/reports/debian-9-stretch.json');
    const first = document.Results[0].Vulnerabilities[0];
    first.VendorIDs = 'DSA-4535-1';
    const report = parseTrivyReport(document);
    expect(report.vulnerabilities[0]).toMatchObject({
      id: first.VulnerabilityID,
    });
    expect(report.vulnerabilities[0].aliases).toBeUndefined();
    // The next finding's list is still read.
    expect(report.vulnerabilities[1].aliases).toEqual(
      document.Results[0].Vulnerabilities[1].VendorIDs,
    );
  });
});

describe('CycloneDX references', () => {
  function cycloneDx(references: unknown) {
    return {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      components: [
        {
          type: 'library',
          'bom-ref': 'log4j',
          group: 'org.apache.logging.log4j',
          name: 'log4j-core',
          version: '2.14.1',
          purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
        },
      ],
      vulnerabilities: [
        {
          id: 'GHSA-jfh8-c2jp-5v3q',
          references,
          affects: [{ ref: 'log4j' }],
        },
      ],
    };
  }

  it('become the aliases of each finding', () => {
    const report = parseCycloneDx(
      cycloneDx([
        {
          id: 'CVE-2021-44228',
          source: {
            name: 'NVD',
            url: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
          },
        },
        { id: 'GHSA-jfh8-c2jp-5v3q' },
      ]),
    );
    expect(report.vulnerabilities).toHaveLength(1);
    expect(report.vulnerabilities[0]).toMatchObject({
      id: 'GHSA-jfh8-c2jp-5v3q',
      packageName: 'log4j-core',
      aliases: ['CVE-2021-44228'],
    });
  });

  it('are ignored, not refused, when malformed', () => {
    for (const references of ['CVE-2021-44228', [42], null]) {
      const [finding] = parseCycloneDx(cycloneDx(references)).vulnerabilities;
      expect(finding.id).toBe('GHSA-jfh8-c2jp-5v3q');
      expect(finding.aliases).toBeUndefined();
    }
  });

  it('leave Trivy-written CycloneDX findings without any as they were', () => {
    const report = parseCycloneDx(
      readFixture('trivy/cyclonedx/maven-pom.cdx.json'),
    );
    expect(report.vulnerabilities.some(v => 'aliases' in v)).toBe(false);
  });
});

describe('SPDX', () => {
  it('has no vulnerabilities, so no aliases', () => {
    const [fixture] = listFixtures('trivy/spdx');
    expect(parseSpdx(readFixture(fixture)).vulnerabilities).toEqual([]);
  });
});
