import fc from 'fast-check';
import { normalizePurl, normalizePurlWithLibrary } from './purls';

describe('normalizePurl', () => {
  it.each([
    // npm: the scope percent-encoded or not, case folded.
    [
      'pkg:npm/%40babel/core@7.0.0',
      { type: 'npm', namespace: '@babel', name: 'core', version: '7.0.0' },
    ],
    [
      'pkg:npm/@Babel/Core@7.0.0',
      { type: 'npm', namespace: '@babel', name: 'core', version: '7.0.0' },
    ],
    [
      'pkg:npm/lodash',
      { type: 'npm', namespace: null, name: 'lodash', version: null },
    ],
    // maven: qualifiers dropped, coordinates lower case, version as written.
    [
      'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
      {
        type: 'maven',
        namespace: 'org.apache.logging.log4j',
        name: 'log4j-core',
        version: '2.14.1',
      },
    ],
    [
      'pkg:maven/Org.Apache.Logging.Log4j/Log4j-Core@2.17.1-RC1#sub/path',
      {
        type: 'maven',
        namespace: 'org.apache.logging.log4j',
        name: 'log4j-core',
        version: '2.17.1-RC1',
      },
    ],
    // pypi: PEP 503 (runs of - _ . are one -).
    [
      'pkg:pypi/Django_Rest.Framework@3.0',
      {
        type: 'pypi',
        namespace: null,
        name: 'django-rest-framework',
        version: '3.0',
      },
    ],
    [
      'pkg:pypi/zope.interface__x..y-_z@6.1',
      {
        type: 'pypi',
        namespace: null,
        name: 'zope-interface-x-y-z',
        version: '6.1',
      },
    ],
    // golang: module paths folded too.
    [
      'pkg:golang/github.com/gorilla/mux@v1.8.0',
      {
        type: 'golang',
        namespace: 'github.com/gorilla',
        name: 'mux',
        version: 'v1.8.0',
      },
    ],
    [
      'pkg:golang/github.com/Azure/go-autorest@v14.2.0+incompatible',
      {
        type: 'golang',
        namespace: 'github.com/azure',
        name: 'go-autorest',
        version: 'v14.2.0+incompatible',
      },
    ],
    // deb: distro and arch qualifiers are not part of the package.
    [
      'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12',
      { type: 'deb', namespace: 'debian', name: 'libc6', version: '2.36-9' },
    ],
    [
      'pkg:deb/debian/libc6@2.36-9',
      { type: 'deb', namespace: 'debian', name: 'libc6', version: '2.36-9' },
    ],
    // oci: the digest percent-decoded, repository_url dropped.
    [
      'pkg:oci/debian@sha256%3A244fd47e07d10?repository_url=docker.io/library/debian&arch=amd64',
      {
        type: 'oci',
        namespace: null,
        name: 'debian',
        version: 'sha256:244fd47e07d10',
      },
    ],
    // Type case, whitespace around the purl and the version, an empty version.
    [
      '  PKG:NPM/Foo@ 1.0  ',
      { type: 'npm', namespace: null, name: 'foo', version: '1.0' },
    ],
    [
      'pkg:npm/foo@',
      { type: 'npm', namespace: null, name: 'foo', version: null },
    ],
    // A decoded NUL is dropped (PostgreSQL text cannot hold it).
    [
      'pkg:npm/foo@1.0%00',
      { type: 'npm', namespace: null, name: 'foo', version: '1.0' },
    ],
  ])('%s', (purl, expected) => {
    expect(normalizePurl(purl)).toEqual(expected);
  });

  it('answers the same for a purl with and without qualifiers', () => {
    expect(
      normalizePurl(
        'pkg:deb/debian/openssl@3.0.11-1?arch=arm64&distro=debian-12',
      ),
    ).toEqual(normalizePurl('pkg:deb/debian/openssl@3.0.11-1'));
  });

  it.each([
    '',
    '   ',
    'log4j-core',
    'npm/foo@1.0',
    'pkg:',
    'pkg:npm',
    'pkg:npm/',
    // packageurl-js rules per type: maven needs a namespace, oci must have none.
    'pkg:maven/log4j-core@2.14.1',
    'pkg:oci/acme/api@sha256%3Aabc',
    // An escape that decodes to no UTF-8.
    'pkg:npm/%E0%A4%A@1',
    // packageurl-js 2.0 throws a ReferenceError for this one; still null.
    'pkg:golang/github.com/foo/bar@v1',
  ])('answers null for %j', purl => {
    expect(normalizePurl(purl)).toBeNull();
  });

  it('never throws, and what it answers is normalised', () => {
    const purlish = fc.oneof(
      fc.string(),
      fc.string({ unit: 'binary' }),
      fc
        .tuple(
          fc.constantFrom('npm', 'PyPI', 'maven', 'golang', 'deb', 'oci', ''),
          fc.array(fc.oneof(fc.webSegment(), fc.string()), { maxLength: 3 }),
          fc.option(fc.string()),
          fc.option(fc.webQueryParameters()),
          fc.option(fc.webFragments()),
        )
        .map(
          ([type, segments, version, query, fragment]) =>
            `pkg:${type}/${segments.join('/')}${
              version === null ? '' : `@${version}`
            }${query === null ? '' : `?${query}`}${
              fragment === null ? '' : `#${fragment}`
            }`,
        ),
    );
    fc.assert(
      fc.property(purlish, purl => {
        const normalized = normalizePurl(purl);
        if (normalized === null) return;
        expect(normalized.type).toBe(normalized.type.toLowerCase());
        expect(normalized.name).toBe(normalized.name.toLowerCase());
        expect(normalized.name).not.toBe('');
        expect(normalized.namespace).not.toBe('');
        expect(normalized.version).not.toBe('');
        expect(normalized.namespace?.toLowerCase() ?? null).toBe(
          normalized.namespace,
        );
        // Normalising is idempotent on what it answers.
        expect(normalizePurl(purl)).toEqual(normalized);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers what packageurl-js alone answers, on the plain path and off it', () => {
    const safe = fc.constantFrom(
      ...'abcXYZ019._~-'.split(''),
      '@',
      '%40',
      '%2F',
      '+',
      ':',
      '/',
      '//',
      '%',
      ' ',
      '#',
      '?',
      '&',
      '=',
      '..',
    );
    const piece = fc
      .array(safe, { minLength: 0, maxLength: 8 })
      .map(parts => parts.join(''));
    const purl = fc
      .tuple(
        fc.constantFrom(
          'npm',
          'pypi',
          'maven',
          'deb',
          'golang',
          'cargo',
          'hex',
          'NPM',
          'oci',
          'pub',
        ),
        fc.array(piece, { maxLength: 3 }),
        piece,
        fc.option(
          fc.oneof(piece, fc.constantFrom('v1.2.3', 'v1', '1:2.3-4+b1')),
        ),
        fc.option(
          fc.oneof(
            piece,
            fc.constantFrom('arch=amd64&distro=debian-12', 'type=jar', '1a=b'),
          ),
        ),
      )
      .map(
        ([type, namespace, name, version, qualifiers]) =>
          `pkg:${type}/${[...namespace, name].join('/')}${
            version === null ? '' : `@${version}`
          }${qualifiers === null ? '' : `?${qualifiers}`}`,
      );
    // Mostly the plain spelling the fast path takes, with its edge characters.
    const plainSegment = fc
      .array(fc.constantFrom(...'aZ09._~-'.split('')), {
        minLength: 1,
        maxLength: 6,
      })
      .map(chars => chars.join(''));
    const plain = fc
      .tuple(
        fc.constantFrom('npm', 'pypi', 'maven', 'deb', 'golang', 'composer'),
        fc.constantFrom('', '@', '%40'),
        fc.array(plainSegment, { maxLength: 3 }),
        plainSegment,
        fc.option(
          fc.oneof(
            fc
              .array(fc.constantFrom(...'v1.0-+:~a'.split('')), {
                minLength: 1,
                maxLength: 8,
              })
              .map(chars => chars.join('')),
            fc.constantFrom('v1.2.3', 'v1.2.3-rc.1+meta', 'v1', 'v01.2.3'),
          ),
        ),
        fc.option(
          fc.constantFrom('arch=amd64&distro=debian-12', 'type=jar', 'a='),
        ),
      )
      .map(
        ([type, scope, namespace, name, version, qualifiers]) =>
          `pkg:${type}/${
            namespace.length > 0 ? `${scope}${namespace.join('/')}/` : ''
          }${name}${version === null ? '' : `@${version}`}${
            qualifiers === null ? '' : `?${qualifiers}`
          }`,
      );
    fc.assert(
      fc.property(fc.oneof(purl, plain), value => {
        expect(normalizePurl(value)).toEqual(normalizePurlWithLibrary(value));
      }),
      { numRuns: 10000 },
    );
  });

  it.each([
    'pkg:npm/%40babel/core@7.0.0',
    'pkg:npm/@babel/core',
    'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar',
    'pkg:maven/log4j-core@2.14.1',
    'pkg:pypi/Django_Rest.Framework@3.0',
    'pkg:golang/github.com/Azure/go-autorest@v14.2.0+incompatible',
    'pkg:golang/github.com/foo/bar@v1',
    'pkg:deb/debian/libc6@1:2.36-9+deb12u4?arch=amd64&distro=debian-12',
    'pkg:npm/..',
    'pkg:npm/a/../b@1',
  ])('%s reads the same on the plain path as through packageurl-js', value => {
    expect(normalizePurl(value)).toEqual(normalizePurlWithLibrary(value));
  });
});
