import { componentRow, vulnerabilityRow } from './reportRows';

/*
 * COPY sends values by position (componentValues, vulnerabilityValues) in the order of the
 * column type maps; each value must land in its own column.
 */

describe('report rows', () => {
  it('puts each of a finding’s values in its own column', () => {
    expect(
      vulnerabilityRow(
        'report-1',
        'component:default/api',
      )({
        id: 'GHSA-jfh8-c2jp-5v3q',
        aliases: ['CVE-2021-44228'],
        severity: 'critical',
        packageName: 'org.apache.logging.log4j:Log4j-Core',
        installedVersion: '2.14.1',
        fixedVersion: '2.15.0',
        status: 'fixed',
        cvssScore: 10,
        title: 'Log4Shell',
        url: 'https://example.test/log4shell',
        publishedAt: '2021-12-10T00:00:00Z',
        target: 'app.jar',
        purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      }),
    ).toStrictEqual({
      report_id: 'report-1',
      entity_ref: 'component:default/api',
      vuln_id: 'GHSA-jfh8-c2jp-5v3q',
      severity: 'critical',
      severity_rank: 0,
      package_name: 'org.apache.logging.log4j:Log4j-Core',
      installed_version: '2.14.1',
      fixed_version: '2.15.0',
      status: 'fixed',
      cvss_score: 10,
      title: 'Log4Shell',
      url: 'https://example.test/log4shell',
      published_at: '2021-12-10T00:00:00.000Z',
      target: 'app.jar',
      purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1',
      cve_id: 'CVE-2021-44228',
      package_lower: 'org.apache.logging.log4j:log4j-core',
      purl_type: 'maven',
      purl_namespace: 'org.apache.logging.log4j',
      purl_name: 'log4j-core',
    });
  });

  it('puts each of a component’s values in its own column', () => {
    expect(
      componentRow(
        'report-2',
        'component:default/api',
      )({
        name: '@Babel/Core',
        version: '7.24.0',
        purl: 'pkg:npm/%40babel/core@7.24.0',
        type: 'library',
        licenses: ['MIT'],
      }),
    ).toStrictEqual({
      report_id: 'report-2',
      entity_ref: 'component:default/api',
      name: '@Babel/Core',
      version: '7.24.0',
      purl: 'pkg:npm/%40babel/core@7.24.0',
      type: 'library',
      licenses: '["MIT"]',
      name_lower: '@babel/core',
      purl_type: 'npm',
      purl_namespace: '@babel',
      purl_name: 'core',
      purl_version: '7.24.0',
    });
  });
});
