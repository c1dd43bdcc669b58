import fs from 'fs';
import path from 'path';

/** The workspace root: the nearest ancestor of this package declaring workspaces. */
function repoRoot(): string {
  const packageDir = path.dirname(
    require.resolve(
      '@posture/backstage-plugin-security-backend-module-rekor/package.json',
    ),
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
 * The shared Rekor fixtures: `POSTURE_FIXTURES_DIR/rekor`, else `shared/fixtures/rekor`
 * beside the repository (the repository is `/work/main`, the fixtures `/work/shared/fixtures`).
 */
export function rekorFixturesDir(): string {
  const fromEnv = process.env.POSTURE_FIXTURES_DIR;
  const base = fromEnv
    ? path.resolve(fromEnv)
    : path.resolve(repoRoot(), '..', 'shared', 'fixtures');
  return path.join(base, 'rekor');
}

export const rekorFixturePath = (relative: string) =>
  path.join(rekorFixturesDir(), relative);

export function readRekorFixture<T = any>(relative: string): T {
  return JSON.parse(fs.readFileSync(rekorFixturePath(relative), 'utf8'));
}

export const publicGoodRootPath = () =>
  rekorFixturePath('keys/trusted_root-public-good.json');
