import path from 'path';
import { fixturesDir } from '../fixturesDir';

/** The public-good Rekor key of the repository's fixtures. */
export function defaultRekorPublicKeyPath(): string {
  return path.join(fixturesDir(), 'rekor', 'keys', 'rekor-public-good.pub.pem');
}

/** The recorded log entries of the repository's fixtures. */
export function defaultRekorEntriesDir(): string {
  return path.join(fixturesDir(), 'rekor', 'log-entries');
}
