import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'fs';
import path from 'path';

/** The repository root: the nearest ancestor of this package declaring workspaces. */
function repoRoot(): string {
  const packageDir = resolvePackagePath(
    '@posture/backstage-plugin-security-backend-module-trivy',
  );
  let dir = packageDir;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (
      fs.existsSync(manifest) &&
      JSON.parse(fs.readFileSync(manifest, 'utf8')).workspaces
    ) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`No workspace root above ${packageDir}`);
    }
    dir = parent;
  }
}

/**
 * The shared fixtures: `POSTURE_FIXTURES_DIR`, else `shared/fixtures` beside the repository
 * (the repository is `/work/main`, the fixtures `/work/shared/fixtures`).
 */
export function fixturesDir(): string {
  const fromEnv = process.env.POSTURE_FIXTURES_DIR;
  return fromEnv
    ? path.resolve(fromEnv)
    : path.resolve(repoRoot(), '..', 'shared', 'fixtures');
}

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
