import fs from 'fs';
import path from 'path';
import { sharedFixturesDir } from '@posture/dev-stand-ins';

/** The shared Rekor fixtures (see `sharedFixturesDir`). */
export function rekorFixturesDir(): string {
  return path.join(sharedFixturesDir(__dirname), 'rekor');
}

export const rekorFixturePath = (relative: string) =>
  path.join(rekorFixturesDir(), relative);

export function readRekorFixture<T = any>(relative: string): T {
  return JSON.parse(fs.readFileSync(rekorFixturePath(relative), 'utf8'));
}

export const publicGoodRootPath = () =>
  rekorFixturePath('keys/trusted_root-public-good.json');
