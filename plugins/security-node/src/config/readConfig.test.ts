import { mockServices } from '@backstage/backend-test-utils';
import {
  invalidConfig,
  readPositiveNumber,
  readStringArray,
  readUrl,
} from './readConfig';

const config = (rekor: object) =>
  mockServices.rootConfig({ data: { security: { rekor } } });

describe('readPositiveNumber', () => {
  it('gives the value, or the fallback when absent', () => {
    expect(
      readPositiveNumber(config({ rps: 2.5 }), 'security.rekor.rps', 5),
    ).toBe(2.5);
    expect(readPositiveNumber(config({}), 'security.rekor.rps', 5)).toBe(5);
    expect(
      readPositiveNumber(config({ retries: 0 }), 'security.rekor.retries', 3, {
        min: 0,
        integer: true,
      }),
    ).toBe(0);
  });

  it.each([
    [-1, {}, 'security.rekor.n: -1 must be a number above 0'],
    [0, {}, 'security.rekor.n: 0 must be a number above 0'],
    [1.5, { integer: true }, 'security.rekor.n: 1.5 must be a whole number'],
    [0.001, { min: 0.01 }, 'security.rekor.n: 0.001 must be a number of 0.01'],
    [
      -1,
      { min: 0, integer: true },
      'n: -1 must be a whole number of 0 or more',
    ],
  ])('fails naming the full key: %p %j', (n, bounds, message) => {
    expect(() =>
      readPositiveNumber(config({ n }), 'security.rekor.n', 1, bounds),
    ).toThrow(`Invalid config ${message.replace(/^n:/, 'security.rekor.n:')}`);
  });

  it('fails naming the key for a value that is not a number', () => {
    expect(() =>
      readPositiveNumber(config({ n: 'fast' }), 'security.rekor.n', 1),
    ).toThrow(/security\.rekor\.n/);
  });
});

describe('readUrl', () => {
  it('accepts http and https, without trailing slashes', () => {
    expect(
      readUrl(config({ url: 'https://log.test/' }), 'security.rekor.url'),
    ).toBe('https://log.test');
    expect(readUrl(config({}), 'security.rekor.url')).toBeUndefined();
    expect(
      readUrl(
        config({ url: 'https://search.test/?i={logIndex}' }),
        'security.rekor.url',
        { template: true },
      ),
    ).toBe('https://search.test/?i={logIndex}');
  });

  it('fails naming the key for anything else', () => {
    expect(() =>
      readUrl(config({ url: 'not a url' }), 'security.rekor.url'),
    ).toThrow('Invalid config security.rekor.url: "not a url" is not a URL');
    expect(() =>
      readUrl(config({ url: 'ftp://log.test' }), 'security.rekor.url'),
    ).toThrow(
      'Invalid config security.rekor.url: "ftp://log.test" must be an http or https URL',
    );
  });

  it.each([
    [
      'ftp://mirror:s3cret@log.test/feed',
      '"ftp://***@log.test/feed" must be an http or https URL',
    ],
    [
      'https://mirror:s3cret@log test/feed',
      '"https://***@log test/feed" is not a URL',
    ],
  ])('masks the credentials of %s in the value it quotes', (url, why) => {
    expect(() => readUrl(config({ url }), 'security.rekor.url')).toThrow(
      `Invalid config security.rekor.url: ${why}`,
    );
  });
});

describe('readStringArray', () => {
  it('gives the list or the fallback, and refuses an empty list', () => {
    expect(readStringArray(config({}), 'security.rekor.l', ['a'], 'x')).toEqual(
      ['a'],
    );
    expect(() =>
      readStringArray(config({ l: [] }), 'security.rekor.l', ['a'], 'root'),
    ).toThrow('Invalid config security.rekor.l: must name at least one root');
  });
});

describe('invalidConfig', () => {
  it('names the key and the reason', () => {
    expect(() => invalidConfig('security.x', 'is wrong')).toThrow(
      'Invalid config security.x: is wrong',
    );
  });
});
