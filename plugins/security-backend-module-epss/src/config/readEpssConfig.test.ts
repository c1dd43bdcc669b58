import fs from 'node:fs';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { tempDir } from '../__testUtils__/epssFiles';
import { readEpssConfig } from './readEpssConfig';

const config = (epss?: object) =>
  new ConfigReader(epss === undefined ? {} : { security: { epss } });

describe('readEpssConfig', () => {
  const temp = tempDir();
  afterAll(() => temp.remove());
  fs.writeFileSync(path.join(temp.dir, 'epss.csv.gz'), '');

  it('is off without security.epss', () => {
    expect(readEpssConfig(config())).toBeUndefined();
  });

  it('reads a URL with the daily defaults', () => {
    expect(
      readEpssConfig(
        config({
          url: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
        }),
      ),
    ).toEqual({
      source: {
        url: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
      },
      location: 'https://epss.empiricalsecurity.com/epss_scores-current.csv.gz',
      timeoutMs: 30_000,
      retries: 3,
      schedule: {
        frequency: { hours: 24 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 15 },
      },
    });
  });

  it("resolves a relative file against the backend's working directory", () => {
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
      { url: 'https://epss.test/e.csv.gz', file: 'epss.csv.gz' },
      /^Invalid config security\.epss: set security\.epss\.url or security\.epss\.file, not both$/,
    ],
    [
      { file: 'nope.csv.gz' },
      /^Invalid config security\.epss\.file: cannot read .*nope\.csv\.gz \(ENOENT\)/,
    ],
    [{ url: 'https://epss.test/', retries: -1 }, /security\.epss\.retries/],
  ])('stops start-up naming the key for %j', (epss, message) => {
    expect(() => readEpssConfig(config(epss), { cwd: temp.dir })).toThrow(
      message,
    );
  });
});
