import {
  describeImpactQuery,
  guessImpactKind,
  impactQueryOf,
  impactSearchParams,
  noImpactMessage,
  readImpactSearch,
  searchOfQuery,
} from './impactSearch';

describe('guessImpactKind', () => {
  it.each([
    ['CVE-2021-44228', 'vulnerability'],
    ['cve-2021-44228', 'vulnerability'],
    [' GHSA-jfh8-c2jp-5v3q ', 'vulnerability'],
    ['DSA-5022-1', 'vulnerability'],
    ['RUSTSEC-2021-0078', 'vulnerability'],
    ['pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1', 'purl'],
    ['PKG:npm/lodash', 'purl'],
    ['ghcr.io/acme/payments', 'image'],
    ['localhost:5000/payments:1.2', 'image'],
    ['log4j-core', 'package'],
    ['@angular/core', 'package'],
    ['acme/payments', 'package'],
    ['', 'package'],
  ])('reads %p as a %s', (value, kind) => {
    expect(guessImpactKind(value)).toBe(kind);
  });
});

describe('the impact search in the URL', () => {
  it('reads a package with its ecosystem and range, and writes it back the same', () => {
    const params = new URLSearchParams(
      'package=log4j-core&ecosystem=maven&version=%3C2.17.1&sort=owner',
    );

    const search = readImpactSearch(params)!;

    expect(search).toEqual({
      kind: 'package',
      value: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.1',
    });
    expect(impactQueryOf(search)).toEqual({
      package: 'log4j-core',
      ecosystem: 'maven',
      version: '<2.17.1',
    });
    expect(impactSearchParams(impactQueryOf(search)).toString()).toBe(
      'package=log4j-core&ecosystem=maven&version=%3C2.17.1',
    );
  });

  it('keeps a purl whole, qualifiers included, and ignores a version given beside it', () => {
    const purl = 'pkg:deb/debian/libc-bin@2.36?arch=amd64&distro=debian-12';
    const params = impactSearchParams({ purl });
    params.set('version', '1.0');

    const search = readImpactSearch(new URLSearchParams(params.toString()))!;

    expect(impactQueryOf(search)).toEqual({ purl });
  });

  it('reads nothing from a URL without a search, or with an empty one', () => {
    expect(readImpactSearch(new URLSearchParams('sort=owner'))).toBeUndefined();
    expect(
      readImpactSearch(new URLSearchParams('vulnerability=%20')),
    ).toBeUndefined();
  });

  it("reads a campaign's stored query back as a search", () => {
    expect(searchOfQuery({ image: 'ghcr.io/acme/payments' })).toEqual({
      kind: 'image',
      value: 'ghcr.io/acme/payments',
      ecosystem: '',
      version: '',
    });
  });
});

describe('describing a query', () => {
  it('says what was searched for, in words', () => {
    expect(
      describeImpactQuery({
        package: 'log4j-core',
        ecosystem: 'maven',
        version: '<2.17.1',
      }),
    ).toBe('log4j-core <2.17.1 (maven)');
    expect(noImpactMessage({ image: 'ghcr.io/acme/api' })).toBe(
      'No service you can see runs ghcr.io/acme/api',
    );
    expect(noImpactMessage({ vulnerability: 'CVE-2021-44228' })).toBe(
      'No service you can see is affected by CVE-2021-44228',
    );
  });
});
