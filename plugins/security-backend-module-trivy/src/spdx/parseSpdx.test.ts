import { expectInputError } from '../testing/expectInputError';
import { readFixture } from '../__testUtils__/fixtures';
import { parseSpdx } from './parseSpdx';

describe('parseSpdx', () => {
  it('maps the Red Hat poppler SBOM: 78 packages besides the SRPM, with licence values', () => {
    const report = parseSpdx(
      readFixture('spdx/redhat-poppler-21.01.0.spdx.json'),
    );

    expect(report.format).toBe('spdx');
    expect(report.artifact).toEqual({
      name: 'poppler-21.01.0-19.el9',
      digests: [],
    });
    expect(report.generatedAt).toBe('2006-08-14T02:34:56Z');
    expect(report.vulnerabilities).toEqual([]);
    expect(report.otherFindings).toEqual({});
    expect(report.components).toHaveLength(78);
    // The described SRPM (SPDXRef-SRPM, the only arch=src purl) is the artifact, not a part;
    // the binary RPMs generated from it are parts.
    expect(report.components.filter(c => c.purl?.includes('arch=src'))).toEqual(
      [],
    );
    expect(
      report.components.filter(c => c.purl?.includes('arch=x86_64')),
    ).toHaveLength(15);
    expect(report.components[0]).toEqual({
      name: 'poppler',
      version: '21.01.0',
      purl: 'pkg:generic/poppler@21.01.0?download_url=http://poppler.freedesktop.org/poppler-21.01.0.tar.xz',
      type: null,
      licenses: [],
    });
    const withLicence = report.components.filter(c => c.licenses.length > 0);
    expect(withLicence).toHaveLength(76);
    expect(new Set(withLicence.map(c => c.licenses.join('|')))).toEqual(
      new Set(['(GPLv2 OR GPLv3) AND GPLv2+ AND LGPLv2+ AND MIT']),
    );
  });

  it('maps the Red Hat openshift-pipelines-client SBOM: 2033 components, NOASSERTION skipped', () => {
    const report = parseSpdx(
      readFixture('spdx/redhat-openshift-pipelines-client-1.14.3.spdx.json'),
    );
    expect(report.artifact.name).toBe(
      'openshift-pipelines-client-1.14.3-11352.el8',
    );
    expect(report.components).toHaveLength(2033);
    expect(
      report.components.find(c =>
        c.purl?.startsWith(
          'pkg:rpm/redhat/openshift-pipelines-client@1.14.3-11352.el8?arch=x86_64',
        ),
      ),
    ).toEqual({
      name: 'openshift-pipelines-client',
      version: '1.14.3-11352.el8',
      purl: 'pkg:rpm/redhat/openshift-pipelines-client@1.14.3-11352.el8?arch=x86_64&repository_id=pipelines-1.14-for-rhel-8-x86_64-rpms',
      type: null,
      licenses: ['Apache-2.0'],
    });
    expect(
      report.components.find(
        c => c.name === 'openshift-pipelines-client-1.14.3-build',
      ),
    ).toEqual({
      name: 'openshift-pipelines-client-1.14.3-build',
      version: null,
      purl: null,
      type: 'file',
      licenses: [],
    });
  });

  it('maps a Trivy SPDX 2.3 SBOM (conda): purpose as type, the scanned directory excluded', () => {
    const report = parseSpdx(readFixture('trivy/spdx/conda.spdx.json'));
    expect(report.artifact.name).toBe('testdata/fixtures/repo/conda');
    expect(report.generatedAt).toBe('2021-08-25T12:20:30Z');
    expect(report.components).toEqual([
      {
        name: 'openssl',
        version: '1.1.1q',
        purl: 'pkg:conda/openssl@1.1.1q',
        type: 'library',
        licenses: ['OpenSSL'],
      },
      {
        name: 'pip',
        version: '22.2.2',
        purl: 'pkg:conda/pip@22.2.2',
        type: 'library',
        licenses: ['MIT'],
      },
    ]);
  });

  it('counts a Trivy image SBOM like its CycloneDX twin (centos-7: 3 components)', () => {
    const report = parseSpdx(
      readFixture('trivy/spdx/centos-7-image.spdx.json'),
    );
    expect(report.components.map(c => [c.name, c.version])).toEqual([
      ['centos', '7.6.1810'],
      ['bash', '4.2.46'],
      ['openssl-libs', '1:1.0.2k-19.el7'],
    ]);
  });

  it('skips the NONE licence value (maven-test-project)', () => {
    const report = parseSpdx(
      readFixture('trivy/spdx/maven-test-project.spdx.json'),
    );
    expect(
      report.components.find(c => c.name === 'pear/log')?.licenses,
    ).toEqual([]);
    expect(
      report.components.find(c => c.name === 'bootstrap')?.licenses,
    ).toEqual(['MIT']);
  });

  describe('the described root', () => {
    const pkg = (id: string, extra: object = {}) => ({
      SPDXID: id,
      name: id,
      ...extra,
    });

    it('is found through documentDescribes and DESCRIBED_BY too', () => {
      const viaField = parseSpdx({
        spdxVersion: 'SPDX-2.2',
        name: 'doc',
        documentDescribes: ['SPDXRef-root'],
        packages: [pkg('SPDXRef-root'), pkg('SPDXRef-a')],
      });
      expect(viaField.components.map(c => c.name)).toEqual(['SPDXRef-a']);

      const viaInverse = parseSpdx({
        spdxVersion: 'SPDX-2.3',
        name: 'doc',
        packages: [pkg('SPDXRef-a'), pkg('SPDXRef-root')],
        relationships: [
          {
            spdxElementId: 'SPDXRef-root',
            relationshipType: 'DESCRIBED_BY',
            relatedSpdxElement: 'SPDXRef-DOCUMENT',
          },
        ],
      });
      expect(viaInverse.components.map(c => c.name)).toEqual(['SPDXRef-a']);
    });

    it('is not excluded when several packages are described (no single subject)', () => {
      const report = parseSpdx({
        spdxVersion: 'SPDX-2.3',
        name: 'doc',
        documentDescribes: ['SPDXRef-a', 'SPDXRef-b'],
        packages: [pkg('SPDXRef-a'), pkg('SPDXRef-b')],
      });
      expect(report.components).toHaveLength(2);
    });

    it('carries the repo digests Trivy records on it', () => {
      const report = parseSpdx({
        spdxVersion: 'SPDX-2.3',
        name: 'ghcr.io/acme/api:1.2',
        documentDescribes: ['SPDXRef-ContainerImage-1'],
        packages: [
          pkg('SPDXRef-ContainerImage-1', {
            attributionTexts: [
              'ImageID: sha256:aaaa',
              'RepoDigest: ghcr.io/acme/api@sha256:bbbb',
            ],
            annotations: [
              { comment: 'RepoDigest: ghcr.io/acme/api@sha256:cccc' },
            ],
          }),
        ],
      });
      expect(report.artifact.digests).toEqual([
        'ghcr.io/acme/api@sha256:bbbb',
        'ghcr.io/acme/api@sha256:cccc',
      ]);
      expect(report.components).toEqual([]);
    });
  });

  describe('rejects with an InputError (400)', () => {
    it('SPDX-2.1', () => {
      expectInputError(
        () => parseSpdx({ spdxVersion: 'SPDX-2.1', name: 'x', packages: [] }),
        'Unsupported SPDX version SPDX-2.1; Posture reads SPDX-2.2 and SPDX-2.3 JSON',
      );
    });

    it('a package without SPDXID, naming the path', () => {
      expectInputError(
        () =>
          parseSpdx({
            spdxVersion: 'SPDX-2.3',
            name: 'x',
            packages: [{ name: 'a' }],
          }),
        'Invalid SPDX document: packages[0].SPDXID: Required',
      );
    });

    it('a JSON array', () => {
      expectInputError(
        () => parseSpdx([{ spdxVersion: 'SPDX-2.3' }]),
        'Invalid SPDX document: expected a JSON object, received an array',
      );
    });
  });
});
