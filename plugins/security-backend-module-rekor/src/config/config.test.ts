import { ConfigReader } from '@backstage/config';
import { publicGoodRootPath as fixtureRootPath } from '../__testUtils__/fixtures';
import { readRekorConfig } from './readRekorConfig';
import { readSigningConfig } from './readSigningConfig';

const config = (security: object) => new ConfigReader({ security });

describe('readSigningConfig', () => {
  it('trusts the shipped public-good root by default', () => {
    const signing = readSigningConfig(config({}));
    expect(signing.trustedRootNames).toEqual(['public-good']);
    expect(signing.trust.tlogs.length).toBeGreaterThan(0);
    expect(signing.trust.certificateAuthorities.length).toBeGreaterThan(0);
    expect(signing.identities).toEqual([]);
  });

  it('adds roots from files and reads the identities', () => {
    const signing = readSigningConfig(
      config({
        signing: {
          trustedRoots: ['public-good', fixtureRootPath()],
          identities: [
            { issuer: 'https://issuer.test', subjectPattern: 'ci@acme\\.test' },
          ],
        },
      }),
    );
    expect(signing.trustedRootNames).toHaveLength(2);
    expect(signing.identities).toEqual([
      { issuer: 'https://issuer.test', subjectPattern: 'ci@acme\\.test' },
    ]);
  });

  it('fails at start-up, naming the key, for a missing root file or a bad pattern', () => {
    expect(() =>
      readSigningConfig(
        config({ signing: { trustedRoots: ['/nonexistent/root.json'] } }),
      ),
    ).toThrow(
      /security\.signing\.trustedRoots: cannot read trusted root \/nonexistent\/root\.json/,
    );
    expect(() =>
      readSigningConfig(config({ signing: { trustedRoots: [] } })),
    ).toThrow(/must name at least one root/);
    expect(() =>
      readSigningConfig(
        config({
          signing: { identities: [{ issuer: 'x', subjectPattern: 'a)|(b' }] },
        }),
      ),
    ).toThrow(/security\.signing\.identities: invalid subject pattern/);
  });
});

describe('readRekorConfig', () => {
  it('is off without a baseUrl', () => {
    expect(readRekorConfig(config({}))).toBeUndefined();
  });

  it('applies defaults and trims the trailing slash', () => {
    expect(
      readRekorConfig(
        config({ rekor: { baseUrl: 'https://rekor.sigstore.dev/' } }),
      ),
    ).toEqual({
      baseUrl: 'https://rekor.sigstore.dev',
      searchUrl: 'https://search.sigstore.dev/?logIndex={logIndex}',
      requestsPerSecond: 5,
      timeoutMs: 10_000,
      retries: 3,
      maxEntriesPerDigest: 10,
      maxDigestsPerEntity: 2,
      schedule: { frequency: { hours: 1 }, timeout: { hours: 1 } },
    });
  });

  it('rejects a bad URL, a search URL without {logIndex} and a negative retry count', () => {
    expect(() =>
      readRekorConfig(config({ rekor: { baseUrl: 'not a url' } })),
    ).toThrow(/security\.rekor\.baseUrl: "not a url" is not a URL/);
    expect(() =>
      readRekorConfig(
        config({
          rekor: { baseUrl: 'https://r.test', searchUrl: 'https://s.test/' },
        }),
      ),
    ).toThrow(/searchUrl: must contain \{logIndex\}/);
    expect(() =>
      readRekorConfig(
        config({ rekor: { baseUrl: 'https://r.test', retries: -1 } }),
      ),
    ).toThrow(/security\.rekor\.retries/);
  });
});
