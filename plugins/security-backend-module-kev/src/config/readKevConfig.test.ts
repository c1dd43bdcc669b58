import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import { readKevConfig } from './readKevConfig';

// The section's rules (defaults, schedule, each bad value) are readFeedConfig's, tested in
// security-node; here, that the KEV feed reads its own section.
const config = (kev?: object) =>
  new ConfigReader(kev === undefined ? {} : { security: { kev } });

describe('readKevConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kev-config-'));
    fs.writeFileSync(path.join(dir, 'kev.json'), '{}');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is off without security.kev', () => {
    expect(readKevConfig(config())).toBeUndefined();
  });

  it('reads security.kev.url with the daily defaults', () => {
    const url =
      'https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json';
    expect(readKevConfig(config({ url }))).toMatchObject({
      source: { url },
      location: url,
      retries: 3,
      schedule: { frequency: { hours: 24 } },
    });
  });

  it('reads security.kev.file against the working directory', () => {
    expect(
      readKevConfig(config({ file: 'kev.json' }), { cwd: dir })?.source,
    ).toEqual({ file: path.join(dir, 'kev.json') });
  });

  it('stops start-up naming security.kev', () => {
    expect(() => readKevConfig(config({}))).toThrow(
      /^Invalid config security\.kev: set security\.kev\.url .* or security\.kev\.file/,
    );
  });
});
