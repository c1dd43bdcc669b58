import fs from 'fs';
import path from 'path';
import { fixturesDir } from './fixturesDir';

describe('fixturesDir', () => {
  afterEach(() => jest.restoreAllMocks());

  it("is the fixtures/ folder at this repository's root", () => {
    const repoRoot = path.resolve(__dirname, '../../..');
    expect(fixturesDir()).toBe(path.join(repoRoot, 'fixtures'));
    expect(fs.existsSync(path.join(repoRoot, 'package.json'))).toBe(true);
    expect(fs.existsSync(path.join(fixturesDir(), 'PROVENANCE.md'))).toBe(true);
  });

  it('throws, failing the suite that needs it, when the folder is missing', () => {
    jest.spyOn(fs, 'existsSync').mockReturnValue(false);
    expect(() => fixturesDir()).toThrow(/no fixtures\/PROVENANCE\.md in /);
  });
});
