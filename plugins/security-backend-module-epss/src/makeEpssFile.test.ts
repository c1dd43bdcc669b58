import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  MAKE_EPSS_FILE,
  makeEpssFile,
  tempDir,
} from './__testUtils__/epssFiles';

/** scripts/make-epss-file.js, run as the bench and the demo run it. */
describe('make-epss-file.js', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());
  const out = (name: string) => path.join(temp.dir, name);

  it('writes the same bytes for the same arguments, and others for another seed', () => {
    const args = ['--rows', '5000', '--seed', '7'];
    const first = makeEpssFile(out('a.csv.gz'), args);
    const again = makeEpssFile(out('b.csv.gz'), args);
    const otherSeed = makeEpssFile(out('c.csv.gz'), [
      '--rows',
      '5000',
      '--seed',
      '8',
    ]);
    expect(again.equals(first)).toBe(true);
    expect(otherSeed.equals(first)).toBe(false);
  });

  it('writes the real format, with the included CVEs at their scores and rank percentiles', () => {
    const csv = makeEpssFile(out('demo.csv'), [
      '--rows',
      '2000',
      '--model-version',
      'v2025.03.14',
      '--score-date',
      '2025-09-01',
      '--max-random',
      '0.4',
      '--include',
      'CVE-2021-44228=0.97,cve-2023-4863=0.6',
      '--include',
      'CVE-2023-44487=0.45',
    ]).toString('utf8');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      '#model_version:v2025.03.14,score_date:2025-09-01T00:00:00+0000',
    );
    expect(lines[1]).toBe('cve,epss,percentile');
    expect(lines).toHaveLength(2002);
    expect(lines).toContain('CVE-2021-44228,0.97000,1.00000');
    expect(lines).toContain('CVE-2023-4863,0.60000,0.99950');
    // In the order of the file: by year, then by number.
    const above = lines
      .slice(2)
      .filter(line => Number(line.split(',')[1]) > 0.4)
      .map(line => line.split(',')[0]);
    expect(above).toEqual([
      'CVE-2021-44228',
      'CVE-2023-4863',
      'CVE-2023-44487',
    ]);
  });

  it('gzips unless the name ends in .csv', () => {
    const gz = makeEpssFile(out('x.csv.gz'), ['--rows', '10']);
    expect([...gz.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(gz).toString('utf8')).toMatch(/^#model_version:/);
  });

  it('refuses bad arguments with exit code 2 and says why', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, [MAKE_EPSS_FILE, ...args], {
        encoding: 'utf8',
      });
    const bad = run(
      '--out',
      out('bad.csv.gz'),
      '--include',
      'CVE-2021-44228=2',
    );
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain(
      '--include CVE-2021-44228 2: expected a number from 0 to 1',
    );
    expect(run('--rows', '5').stderr).toContain('--out <file> is required');
    expect(fs.existsSync(out('bad.csv.gz'))).toBe(false);
    expect(() =>
      execFileSync(
        process.execPath,
        [
          MAKE_EPSS_FILE,
          '--out',
          out('y.csv'),
          '--rows',
          '1',
          '--include',
          'CVE-2021-1111=0.1,CVE-2021-2222=0.2',
        ],
        { stdio: 'pipe' },
      ),
    ).toThrow(/--rows 1 is fewer than the 2 included CVEs/);
  });
});
