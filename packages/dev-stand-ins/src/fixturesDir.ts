import fs from 'fs';
import path from 'path';

/**
 * The repository root, two levels above this package wherever the clone is; found through the
 * package's own package.json, which sits there in source and built form alike.
 */
const REPO_ROOT = path.resolve(
  path.dirname(require.resolve('@posture/dev-stand-ins/package.json')),
  '../..',
);

/**
 * The repository's own third-party test data, `fixtures/` at its root (see its
 * PROVENANCE.md). Throws when the folder is missing, so a test that needs it fails instead
 * of passing on nothing; it never looks outside the clone.
 */
export function fixturesDir(): string {
  const dir = path.join(REPO_ROOT, 'fixtures');
  if (!fs.existsSync(path.join(dir, 'PROVENANCE.md'))) {
    throw new Error(
      `no fixtures/PROVENANCE.md in ${REPO_ROOT}: the repository's test data is missing`,
    );
  }
  return dir;
}
