import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readFeedConfig } from './readFeedConfig';

const KEY = 'security.feed';
const config = (feed?: object) =>
  new ConfigReader(feed === undefined ? {} : { security: { feed } });

describe('readFeedConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'feed-config-'));
    fs.mkdirSync(path.join(dir, 'feeds'));
    fs.writeFileSync(path.join(dir, 'feeds', 'feed.json'), '{}');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is off without the section', () => {
    expect(readFeedConfig(config(), KEY)).toBeUndefined();
  });

  it('reads a URL with the defaults: daily, 5 minute task, 30 s per attempt, 3 retries', () => {
    expect(
      readFeedConfig(config({ url: 'https://feeds.test/feed.json' }), KEY),
    ).toEqual({
      source: { url: 'https://feeds.test/feed.json' },
      location: 'https://feeds.test/feed.json',
      timeoutMs: 30_000,
      retries: 3,
      schedule: {
        frequency: { hours: 24 },
        timeout: { minutes: 30 },
        initialDelay: { seconds: 15 },
      },
    });
  });

  it('keeps a password in the URL it fetches but not in the location it shows', () => {
    const feed = readFeedConfig(
      config({ url: 'https://mirror:s3cret@mirror.internal/feed.json' }),
      KEY,
    );
    expect(feed?.source).toEqual({
      url: 'https://mirror:s3cret@mirror.internal/feed.json',
    });
    expect(feed?.location).toBe('https://mirror.internal/feed.json');
  });

  it("resolves a relative file against the backend's working directory", () => {
    const feed = readFeedConfig(config({ file: 'feeds/feed.json' }), KEY, {
      cwd: dir,
    });
    expect(feed?.source).toEqual({
      file: path.join(dir, 'feeds', 'feed.json'),
    });
    expect(feed?.location).toBe(path.join(dir, 'feeds', 'feed.json'));
  });

  it('takes a shorthand or a full schedule, and a timeout and retry count', () => {
    expect(
      readFeedConfig(
        config({
          url: 'https://feeds.test/feed.json',
          schedule: { hours: 6 },
          timeoutMs: 1000,
          retries: 0,
        }),
        KEY,
      ),
    ).toMatchObject({
      timeoutMs: 1000,
      retries: 0,
      schedule: {
        frequency: { hours: 6 },
        timeout: { minutes: 30 },
        initialDelay: { seconds: 15 },
      },
    });
    expect(
      readFeedConfig(
        config({
          url: 'https://feeds.test/feed.json',
          schedule: { frequency: { cron: '0 6 * * *' } },
        }),
        KEY,
      )?.schedule,
    ).toEqual({ frequency: { cron: '0 6 * * *' }, timeout: { minutes: 30 } });
  });

  it.each([
    [
      {},
      /^Invalid config security\.feed: set security\.feed\.url .* or security\.feed\.file/,
    ],
    [
      { url: 'https://feeds.test/feed.json', file: 'feed.json' },
      /^Invalid config security\.feed: set security\.feed\.url or security\.feed\.file, not both$/,
    ],
    [
      { url: 'ftp://feeds.test/feed.json' },
      /security\.feed\.url: "ftp:.*" must be an http or https URL/,
    ],
    [{ file: '  ' }, /security\.feed\.file: must be a file path/],
    [
      { file: 'missing/feed.json' },
      /^Invalid config security\.feed\.file: cannot read .*missing\/feed\.json \(ENOENT\); a relative path resolves against the backend's working directory, /,
    ],
    [
      { file: 'feeds' },
      /security\.feed\.file: cannot read .*feeds \(not a file\)/,
    ],
    [{ url: 'https://feeds.test/', timeoutMs: 0 }, /security\.feed\.timeoutMs/],
    [
      { url: 'https://feeds.test/', retries: 1.5 },
      /security\.feed\.retries: 1\.5 must be a whole number/,
    ],
    [
      { url: 'https://feeds.test/', retries: -1 },
      /security\.feed\.retries: -1 must be a whole number of 0 or more/,
    ],
    [
      { url: 'https://feeds.test/', schedule: { frequency: 'often' } },
      /security\.feed\.schedule/,
    ],
  ])('stops start-up naming the key for %j', (feed, message) => {
    expect(() => readFeedConfig(config(feed), KEY, { cwd: dir })).toThrow(
      message,
    );
  });
});
