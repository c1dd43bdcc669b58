import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { tempDir } from '../__testUtils__/epssFiles';
import { readEpssConfig } from './readEpssConfig';

// The section's rules (defaults, schedule, each bad value) are readFeedConfig's, tested in
// security-node; here, that the EPSS feed reads its own section.
const config = (epss?: object) =>
  new ConfigReader(epss === undefined ? {} : { security: { epss } });

describe('readEpssConfig', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());
  fs.writeFileSync(path.join(temp.dir, 'epss.csv.gz'), '');

  it('is off without security.epss', () => {
    expect(readEpssConfig(config())).toBeUndefined();
  });

  it('reads security.epss.url with the daily defaults', () => {
    const url = 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz';
    expect(readEpssConfig(config({ url }))).toMatchObject({
      source: { url },
      location: url,
      retries: 3,
      schedule: { frequency: { hours: 24 } },
    });
  });

  it('reads security.epss.file against the working directory', () => {
    expect(
      readEpssConfig(config({ file: 'epss.csv.gz' }), { cwd: temp.dir })
        ?.source,
    ).toEqual({ file: path.join(temp.dir, 'epss.csv.gz') });
  });

  it.each([
    [
      {},
      /^Invalid config security\.epss: set security\.epss\.url .* or security\.epss\.file/,
    ],
    [
      { file: 'nope.csv.gz' },
      /^Invalid config security\.epss\.file: cannot read .*nope\.csv\.gz \(ENOENT\)/,
    ],
  ])('stops start-up naming the key for %j', (epss, message) => {
    expect(() => readEpssConfig(config(epss), { cwd: temp.dir })).toThrow(
      message,
    );
  });
});
