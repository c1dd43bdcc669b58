import {
  canonicalImageRepository,
  parseVexProduct,
  vexStatementApplies,
} from './vexProducts';

const DIGEST =
  'sha256:124c7d2707904eea7431fffe91522a01e5a861a624ee31d03372cc1d138a3126';
const OTHER_DIGEST =
  'sha256:0000000000000000000000000000000000000000000000000000000000000001';

describe('parseVexProduct', () => {
  it.each([
    // purl-spec oci: repository_url is the whole repository, name included.
    [
      `pkg:oci/api@${DIGEST}?repository_url=ghcr.io/acme/api`,
      'ghcr.io/acme/api',
      DIGEST,
    ],
    // The digest percent-encoded, as go-vex and Trivy write it; other qualifiers ignored.
    [
      `pkg:oci/api@${DIGEST.replace(
        ':',
        '%3A',
      )}?repository_url=ghcr.io%2Facme%2Fapi&tag=1.2&arch=amd64`,
      'ghcr.io/acme/api',
      DIGEST,
    ],
    // Trivy's Docker Hub spelling.
    [
      `pkg:oci/alpine@${DIGEST}?repository_url=index.docker.io%2Flibrary%2Falpine`,
      'docker.io/library/alpine',
      DIGEST,
    ],
    // A repository_url that stops at the organisation gets the name.
    [
      `pkg:oci/api@${DIGEST}?repository_url=ghcr.io/acme`,
      'ghcr.io/acme/api',
      DIGEST,
    ],
    // No repository_url: only the digest identifies the image.
    [`pkg:oci/alpine@${DIGEST}`, null, DIGEST],
    [
      'pkg:docker/acme/api@1.2?repository_url=ghcr.io',
      'ghcr.io/acme/api',
      null,
    ],
    ['pkg:docker/cassandra@latest', 'docker.io/library/cassandra', null],
    [`pkg:docker/library/nginx@${DIGEST}`, 'docker.io/library/nginx', DIGEST],
    // A short image id is no repo digest.
    [
      'pkg:docker/customer/dockerimage@sha256%3A244fd47e07d10?repository_url=gcr.io',
      'gcr.io/customer/dockerimage',
      null,
    ],
    ['ghcr.io/acme/api', 'ghcr.io/acme/api', null],
    ['ghcr.io/acme/api:1.2', 'ghcr.io/acme/api', null],
    [`ghcr.io/acme/api@${DIGEST}`, 'ghcr.io/acme/api', DIGEST],
    [
      `GHCR.io/Acme/API:1.2@${DIGEST.toUpperCase()}`,
      'ghcr.io/acme/api',
      DIGEST,
    ],
    ['localhost:5000/team/app:dev', 'localhost:5000/team/app', null],
    ['alpine:3.19', 'docker.io/library/alpine', null],
    [DIGEST, null, DIGEST],
    [` ${DIGEST.toUpperCase()} `, null, DIGEST],
  ])('%s names %s, %s', (product, repository, digest) => {
    expect(parseVexProduct(product)).toEqual({ repository, digest });
  });

  it.each([
    'pkg:apk/wolfi/git@2.39.0-r1?arch=armv7',
    'pkg:maven/org.springframework.boot/spring-boot@2.6.0-M3',
    'pkg:not a purl',
    'urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#product-ABC',
    'https://example.com/products/api',
    'Acme API 1.2',
    'ABC@4.2',
    'sha256:1234',
    '',
  ])('%s names no image', product => {
    expect(parseVexProduct(product)).toEqual({
      repository: null,
      digest: null,
    });
  });
});

describe('canonicalImageRepository', () => {
  it('reads Docker Hub host aliases as docker.io', () => {
    expect(canonicalImageRepository('index.docker.io/alpine')).toBe(
      'docker.io/library/alpine',
    );
    expect(canonicalImageRepository('registry-1.docker.io/bitnami/redis')).toBe(
      'docker.io/bitnami/redis',
    );
  });
});

describe('vexStatementApplies', () => {
  const finding = {
    artifact: 'ghcr.io/acme/api',
    digest: DIGEST,
    purl: 'pkg:apk/alpine/libssl3@3.0.8-r3?arch=x86_64&distro=3.18.2',
  };

  it('applies to the image named by digest, whatever the repository', () => {
    expect(
      vexStatementApplies({ repository: null, digest: DIGEST }, finding),
    ).toBe(true);
    expect(
      vexStatementApplies(
        { repository: 'ghcr.io/other/name', digest: DIGEST },
        finding,
      ),
    ).toBe(true);
  });

  it('applies to every scan of a repository named without digest', () => {
    expect(
      vexStatementApplies(
        { repository: 'ghcr.io/acme/api', digest: null },
        { ...finding, digest: OTHER_DIGEST },
      ),
    ).toBe(true);
    expect(
      vexStatementApplies(
        { repository: 'ghcr.io/acme/api', digest: null },
        { ...finding, artifact: 'GHCR.IO/acme/api:1.2' },
      ),
    ).toBe(true);
  });

  it('does not apply to another image', () => {
    expect(
      vexStatementApplies(
        { repository: 'ghcr.io/acme/web', digest: null },
        finding,
      ),
    ).toBe(false);
    expect(
      vexStatementApplies({ repository: null, digest: OTHER_DIGEST }, finding),
    ).toBe(false);
    // The right repository, but another build of it.
    expect(
      vexStatementApplies(
        { repository: 'ghcr.io/acme/api', digest: OTHER_DIGEST },
        finding,
      ),
    ).toBe(false);
    // A report without digest cannot be the image a digest names.
    expect(
      vexStatementApplies(
        { repository: null, digest: DIGEST },
        { ...finding, digest: null },
      ),
    ).toBe(false);
    expect(
      vexStatementApplies({ repository: null, digest: null }, finding),
    ).toBe(false);
  });

  it('limits to the subcomponent package, qualifiers ignored', () => {
    const image = { repository: 'ghcr.io/acme/api', digest: DIGEST };
    expect(
      vexStatementApplies(
        { ...image, subcomponent: 'pkg:apk/alpine/libssl3@3.0.8-r3' },
        finding,
      ),
    ).toBe(true);
    expect(
      vexStatementApplies(
        { ...image, subcomponent: 'pkg:apk/alpine/libssl3' },
        finding,
      ),
    ).toBe(true);
    expect(vexStatementApplies({ ...image, subcomponent: '' }, finding)).toBe(
      true,
    );
    for (const other of [
      'pkg:apk/alpine/libcrypto3@3.0.8-r3',
      'pkg:apk/alpine/libssl3@3.0.9-r0',
      'pkg:apk/wolfi/libssl3@3.0.8-r3',
      'pkg:deb/alpine/libssl3@3.0.8-r3',
      'not a purl',
    ]) {
      expect(
        vexStatementApplies({ ...image, subcomponent: other }, finding),
      ).toBe(false);
    }
    expect(
      vexStatementApplies(
        { ...image, subcomponent: 'pkg:apk/alpine/libssl3' },
        { ...finding, purl: null },
      ),
    ).toBe(false);
  });
});
