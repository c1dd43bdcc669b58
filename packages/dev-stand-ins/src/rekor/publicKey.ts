import path from 'path';
import { sharedFixturesDir } from '../shared/sharedFixturesDir';

/** The public-good Rekor key of the shared fixtures. */
export function defaultRekorPublicKeyPath(startDir = process.cwd()): string {
  return path.join(
    sharedFixturesDir(startDir),
    'rekor',
    'keys',
    'rekor-public-good.pub.pem',
  );
}

/** The shared fixtures' log entries folder, found like the key. */
export function defaultRekorEntriesDir(startDir = process.cwd()): string {
  return path.resolve(
    path.dirname(defaultRekorPublicKeyPath(startDir)),
    '..',
    'log-entries',
  );
}
