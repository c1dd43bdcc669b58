import fs from 'fs';
import path from 'path';
import { fixturesDir } from '@posture/dev-stand-ins';

/** The repository's Rekor fixtures, fixtures/rekor (see `fixturesDir`). */
export function rekorFixturesDir(): string {
  return path.join(fixturesDir(), 'rekor');
}

export const rekorFixturePath = (relative: string) =>
  path.join(rekorFixturesDir(), relative);

export function readRekorFixture<T = any>(relative: string): T {
  return JSON.parse(fs.readFileSync(rekorFixturePath(relative), 'utf8'));
}

export const publicGoodRootPath = () =>
  rekorFixturePath('keys/trusted_root-public-good.json');
