import fs from 'fs';
import path from 'path';

/**
 * The project's shared test fixtures: `POSTURE_FIXTURES_DIR` when set, else the first
 * `shared/fixtures` found walking up from `startDir` (the repository is checked out beside
 * `shared/`, e.g. /work/main and /work/shared). Throws when there is none, so a test that
 * needs them fails instead of passing on nothing.
 */
export function sharedFixturesDir(startDir: string = process.cwd()): string {
  const fromEnv = process.env.POSTURE_FIXTURES_DIR;
  if (fromEnv) {
    return path.resolve(fromEnv);
  }
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, 'shared', 'fixtures');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `no shared/fixtures in ${startDir} or any parent directory; set POSTURE_FIXTURES_DIR`,
      );
    }
    dir = parent;
  }
}
