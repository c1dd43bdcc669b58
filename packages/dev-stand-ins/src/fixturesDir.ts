import fs from 'fs';
import path from 'path';

/** The repository root, found from this file so any clone location works. */
const REPO_ROOT = path.resolve(__dirname, '../../..');

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
