import { fixturesDir } from '@posture/dev-stand-ins';
import fs from 'fs';
import path from 'path';

/** The repository's fixtures/ (see `fixturesDir`); throws, failing the suite, when missing. */
export { fixturesDir };

/** JSON files of one fixture folder, relative to the fixtures dir; throws when it is missing. */
export function listFixtures(folder: string): string[] {
  return fs
    .readdirSync(path.join(fixturesDir(), folder))
    .filter(name => name.endsWith('.json'))
    .sort()
    .map(name => `${folder}/${name}`);
}

/** @param relativePath - e.g. `trivy/reports/alpine-3.9.json` */
export function readFixture(relativePath: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(fixturesDir(), relativePath), 'utf8'),
  );
}
