import { fixturesDir } from '@posture/dev-stand-ins';
import fs from 'fs';
import path from 'path';

/** @param name - e.g. `kv2-read-secret-metadata.json` or `derived/error-404-not-found.DERIVED.json` */
export function readVaultFixture(name: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(fixturesDir(), 'vault', name), 'utf8'),
  );
}
