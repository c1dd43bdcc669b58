import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readKevConfig } from './readKevConfig';

const config = (kev?: object) =>
  new ConfigReader(kev === undefined ? {} : { security: { kev } });

describe('readKevConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kev-config-'));
    fs.mkdirSync(path.join(dir, 'feeds'));
    fs.writeFileSync(path.join(dir, 'feeds', 'kev.json'), '{}');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is off without security.kev', () => {
    expect(readKevConfig(config())).toBeUndefined();
  });

  it('reads a URL with the defaults: daily, 5 minute task, 30 s per attempt, 3 retries', () => {
    expect(
      readKevConfig(
        config({
          url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
        }),
      ),
    ).toEqual({
      source: {
        url: 'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
      },
      location:
        'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json',
      timeoutMs: 30_000,
      retries: 3,
      schedule: {
        frequency: { hours: 24 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 15 },
      },
    });
  });

  it('keeps a password in the URL it fetches but not in the location it shows', () => {
    const kev = readKevConfig(
      config({ url: 'https://mirror:s3cret@mirror.internal/kev.json' }),
    );
    expect(kev?.source).toEqual({
      url: 'https://mirror:s3cret@mirror.internal/kev.json',
    });
    expect(kev?.location).toBe('https://mirror.internal/kev.json');
  });

  it("resolves a relative file against the backend's working directory", () => {
    const kev = readKevConfig(config({ file: 'feeds/kev.json' }), { cwd: dir });
    expect(kev?.source).toEqual({ file: path.join(dir, 'feeds', 'kev.json') });
    expect(kev?.location).toBe(path.join(dir, 'feeds', 'kev.json'));
  });

  it('takes a shorthand or a full schedule, and a timeout and retry count', () => {
    expect(
      readKevConfig(
        config({
          url: 'https://kev.test/kev.json',
          schedule: { hours: 6 },
          timeoutMs: 1000,
          retries: 0,
        }),
      ),
    ).toMatchObject({
      timeoutMs: 1000,
      retries: 0,
      schedule: {
        frequency: { hours: 6 },
        timeout: { minutes: 5 },
        initialDelay: { seconds: 15 },
      },
    });
    expect(
      readKevConfig(
        config({
          url: 'https://kev.test/kev.json',
          schedule: { frequency: { cron: '0 6 * * *' } },
        }),
      )?.schedule,
    ).toEqual({ frequency: { cron: '0 6 * * *' }, timeout: { minutes: 5 } });
  });

  it.each([
    [
      {},
      /^Invalid config security\.kev: set security\.kev\.url .* or security\.kev\.file/,
    ],
    [
      { url: 'https://kev.test/kev.json', file: 'kev.json' },
      /^Invalid config security\.kev: set security\.kev\.url or security\.kev\.file, not both$/,
    ],
    [
      { url: 'ftp://kev.test/kev.json' },
      /security\.kev\.url: "ftp:.*" must be an http or https URL/,
    ],
    [{ file: '  ' }, /security\.kev\.file: must be a file path/],
    [
      { file: 'missing/kev.json' },
      /^Invalid config security\.kev\.file: cannot read .*missing\/kev\.json \(ENOENT\); a relative path resolves against the backend's working directory, /,
    ],
    [
      { file: 'feeds' },
      /security\.kev\.file: cannot read .*feeds \(not a file\)/,
    ],
    [{ url: 'https://kev.test/', timeoutMs: 0 }, /security\.kev\.timeoutMs/],
    [
      { url: 'https://kev.test/', retries: 1.5 },
      /security\.kev\.retries: 1\.5 must be a whole number/,
    ],
    [
      { url: 'https://kev.test/', schedule: { frequency: 'often' } },
      /security\.kev\.schedule/,
    ],
  ])('stops start-up naming the key for %j', (kev, message) => {
    expect(() => readKevConfig(config(kev), { cwd: dir })).toThrow(message);
  });
});
