import { InputError } from '@backstage/errors';
import { versionMatcher } from './versionRanges';

describe('versionMatcher', () => {
  it.each([
    // [ecosystem, query, installed version, matches]
    ['npm', '<2.17.1', '2.14.1', true],
    ['npm', '<2.17.1', '2.17.1', false],
    ['npm', '<2.17.1', '2.17.1-rc.1', true],
    ['npm', '>=1.2.0 <1.4.0', '1.3.9', true],
    ['npm', '>=1.2.0 <1.4.0', '1.4.0', false],
    ['npm', '^3.4.0', '3.4.1', true],
    ['npm', '^3.4.0', '4.0.0', false],
    ['npm', '3.4.1', '3.4.1', true],
    ['npm', '3.4.1', '3.4.10', false],
    ['npm', '<2.0.0', 'not-a-version', false],
    ['npm', '<2.0.0', null, false],
    ['golang', '<0.17.0', 'v0.15.0', true],
    ['golang', '<0.17.0', 'v0.17.0', false],
    ['golang', '<v0.17.0', 'v0.15.0', true],
    ['golang', 'v0.15.0', '0.15.0', true],
    ['golang', '0.15.0', 'v0.15.0', true],
    ['golang', '<1.21.3', 'v1.21.1', true],
    ['golang', '<0.1.0', 'v0.0.0-20210226172049-e18ecbb05110', true],
    ['cargo', '>=1.0.0, <1.2.0', '1.1.5', true],
    ['cargo', '~1.2', '1.3.0', false],
    ['pypi', '>=2.0,<2.2', '2.1.3', true],
    ['pypi', '>=2.0,<2.2', '2.2', false],
    ['pypi', '>=2.0,<2.2', '1.9.9', false],
    ['pypi', '>=2.0,<2.2', '2.2rc1', false],
    ['pypi', '~=2.1', '2.5', true],
    ['pypi', '2.0', '2.0.0', true],
    ['pypi', '==2.0', '2.0', true],
    ['pypi', '<3', 'garbage!', false],
    ['maven', '<2.17.1', '2.14.1', true],
    ['maven', '<2.17.0', '2.14.1', true],
    ['maven', '<2.17', '2.17.0', false],
    ['maven', '<2.17.1', '2.17.1', false],
    ['maven', '<2.17.1', '2.3', true],
    ['maven', '<2.17.1', '2.0-beta9', false],
    ['maven', '<6.0.0', '5.3.17.RELEASE', true],
    ['maven', '[2.0,2.17.1)', '2.14.1', true],
    ['maven', '[2.0,2.17.1)', '2.17.1', false],
    ['maven', '(,2.17.1)', '1.2.17', true],
    ['maven', '[2.14.1]', '2.14.1', true],
    ['maven', '2.14.1', '2.14.1', true],
    ['maven', '2.14', '2.14.0', true],
    ['deb', '2.36-9+deb12u1', '2.36-9+deb12u1', true],
    ['deb', '2.36-9+deb12u1', '2.36-9+deb12u3', false],
    [null, '3.4.1', '3.4.1', true],
    [null, '0.15.0', 'v0.15.0', true],
    [null, '3.4.1', '3.4.2', false],
  ] as const)(
    '%s %s with %s installed: %s',
    (ecosystem, query, installed, expected) => {
      expect(versionMatcher(ecosystem, query)(installed)).toBe(expected);
    },
  );

  it.each([
    ['deb', '<2.36', 'version ranges cannot be judged for deb versions'],
    ['rpm', '>=1.0', 'version ranges cannot be judged for rpm versions'],
    [null, '<2.17.1', 'needs an ecosystem'],
    ['npm', '<<2', 'Invalid version range "<<2" for npm'],
    ['golang', '>= banana', 'Invalid version range ">= banana" for golang'],
    ['pypi', '>=2.0,,<', 'Invalid version range ">=2.0,,<" for pypi'],
    ['maven', '[1.0,2.0', 'Invalid version range "[1.0,2.0" for maven'],
    ['npm', '   ', 'version is empty'],
  ] as const)('%s %j is refused: %s', (ecosystem, query, message) => {
    expect(() => versionMatcher(ecosystem, query)).toThrow(InputError);
    expect(() => versionMatcher(ecosystem, query)).toThrow(message);
  });
});
