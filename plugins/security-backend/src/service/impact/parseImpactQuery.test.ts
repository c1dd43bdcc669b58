import { InputError } from '@backstage/errors';
import { parseImpactQuery, parseImpactRequest } from './parseImpactQuery';
import { parseImpactListQuery } from './impactListQuery';

describe('parseImpactRequest', () => {
  it.each([
    [
      { vulnerability: ' cve-2021-44228 ' },
      { vulnerability: 'CVE-2021-44228' },
      { kind: 'vulnerability', id: 'CVE-2021-44228' },
    ],
    [
      { vulnerability: 'RHSA-2023:1234' },
      { vulnerability: 'RHSA-2023:1234' },
      { kind: 'vulnerability', id: 'RHSA-2023:1234' },
    ],
    [
      { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar' },
      { purl: 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar' },
      {
        kind: 'purl',
        type: 'maven',
        namespace: 'org.apache.logging.log4j',
        name: 'log4j-core',
        version: '2.14.1',
      },
    ],
    [
      { purl: 'pkg:pypi/Django_Rest.Framework' },
      { purl: 'pkg:pypi/Django_Rest.Framework' },
      {
        kind: 'purl',
        type: 'pypi',
        namespace: null,
        name: 'django-rest-framework',
        version: null,
      },
    ],
    [
      { image: 'GHCR.io/Acme/API:1.2@sha256:abcd' },
      { image: 'ghcr.io/acme/api' },
      { kind: 'image', repository: 'ghcr.io/acme/api' },
    ],
    [
      { image: 'alpine:3.19' },
      { image: 'docker.io/library/alpine' },
      { kind: 'image', repository: 'docker.io/library/alpine' },
    ],
    [
      { package: 'Log4j-Core', ecosystem: 'MAVEN', version: '', image: '' },
      { package: 'Log4j-Core', ecosystem: 'maven' },
      {
        kind: 'package',
        name: 'log4j-core',
        ecosystem: 'maven',
        versionMatches: null,
      },
    ],
  ])('%j is %j', (params, query, resolved) => {
    expect(parseImpactRequest(params)).toEqual({ query, resolved });
  });

  it('judges the version of a package query in its ecosystem', () => {
    const resolved = parseImpactQuery({
      package: 'golang.org/x/net',
      ecosystem: 'golang',
      version: '<0.17.0',
    });
    expect(resolved.kind === 'package' && resolved.versionMatches).toEqual(
      expect.any(Function),
    );
    if (resolved.kind !== 'package' || !resolved.versionMatches) return;
    expect(resolved.versionMatches('v0.15.0')).toBe(true);
    expect(resolved.versionMatches('v0.17.0')).toBe(false);
  });

  it.each([
    [{}, 'Give one of vulnerability, package, purl or image'],
    [{ package: '  ' }, 'Give one of vulnerability, package, purl or image'],
    [
      { vulnerability: 'CVE-1', purl: 'pkg:npm/a' },
      'Give only one of vulnerability, package, purl or image (got vulnerability, purl)',
    ],
    [{ package: ['a', 'b'] }, 'Give package once, as a single value'],
    [
      { purl: 'pkg:npm/a', version: '1.0' },
      'ecosystem and version go with package, not with purl',
    ],
    [
      { image: 'ghcr.io/a', ecosystem: 'npm' },
      'ecosystem and version go with package, not with image',
    ],
    [{ purl: 'npm/lodash' }, 'purl is not a valid package URL: npm/lodash'],
    [{ vulnerability: 'CVE 2021 44228' }, 'is not a vulnerability id'],
    [{ image: 'ghcr.io/a b' }, 'is not an image repository'],
    [{ package: 'lodash', ecosystem: 'no such!' }, 'is not a package URL type'],
    [{ package: 'x'.repeat(401) }, 'package is longer than 400 characters'],
    [{ package: 'lodash\u0000' }, 'package contains a control character'],
    [{ image: 'ghcr.io/a\nb' }, 'image contains a control character'],
    [
      { package: 'libc6', ecosystem: 'deb', version: '>=2.36' },
      'version ranges cannot be judged for deb versions; give an exact version',
    ],
  ])('%j is refused: %s', (params, message) => {
    expect(() => parseImpactRequest(params)).toThrow(InputError);
    expect(() => parseImpactRequest(params)).toThrow(message);
  });
});

describe('parseImpactListQuery', () => {
  it('sorts by owner A to Z by default, by matches most first, and pages 50 at a time', () => {
    expect(parseImpactListQuery({ package: 'lodash' })).toMatchObject({
      sort: 'owner',
      order: 'asc',
      offset: 0,
      limit: 50,
    });
    expect(
      parseImpactListQuery({ package: 'lodash', sort: 'matches', limit: 20 }),
    ).toMatchObject({ sort: 'matches', order: 'desc', limit: 20 });
  });

  it.each([
    [{ package: 'lodash', sort: 'severity' }, 'Invalid query parameter sort'],
    [{ package: 'lodash', limit: '501' }, 'Invalid query parameter limit'],
    [
      { package: 'lodash', limit: 'ten' },
      'Invalid query parameter limit: must be a number',
    ],
    [{ package: 'lodash', cursor: '!!' }, 'Invalid cursor'],
  ])('%j is refused: %s', (params, message) => {
    expect(() => parseImpactListQuery(params)).toThrow(message);
  });
});
