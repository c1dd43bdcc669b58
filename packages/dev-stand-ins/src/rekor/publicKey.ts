import fs from 'fs';
import path from 'path';

const KEY_FILE = path.join(
  'shared',
  'fixtures',
  'rekor',
  'keys',
  'rekor-public-good.pub.pem',
);

/**
 * The public-good Rekor key of the shared fixtures: under POSTURE_FIXTURES_DIR when set,
 * else the first `shared/fixtures/...` found walking up from the working directory (the
 * repository is /work/main, the fixtures /work/shared/fixtures).
 */
export function defaultRekorPublicKeyPath(startDir = process.cwd()): string {
  const fromEnv = process.env.POSTURE_FIXTURES_DIR;
  if (fromEnv) {
    return path.join(
      path.resolve(fromEnv),
      'rekor',
      'keys',
      'rekor-public-good.pub.pem',
    );
  }
  let dir = path.resolve(startDir);
  for (;;) {
    const candidate = path.join(dir, KEY_FILE);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(
        `no ${KEY_FILE} in ${startDir} or any parent directory; set POSTURE_FIXTURES_DIR or pass publicKeyPem`,
      );
    }
    dir = parent;
  }
}

/** The shared fixtures' log entries folder, found like the key. */
export function defaultRekorEntriesDir(startDir = process.cwd()): string {
  return path.resolve(
    path.dirname(defaultRekorPublicKeyPath(startDir)),
    '..',
    'log-entries',
  );
}
