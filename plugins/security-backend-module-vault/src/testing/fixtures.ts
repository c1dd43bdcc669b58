import { resolvePackagePath } from '@backstage/backend-plugin-api';
import fs from 'fs';
import path from 'path';

/**
 * The shared Vault fixtures: `POSTURE_FIXTURES_DIR`, else `shared/fixtures` beside the
 * repository (the repository is `/work/main`, the fixtures `/work/shared/fixtures`).
 */
function fixturesDir(): string {
  const fromEnv = process.env.POSTURE_FIXTURES_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const packageDir = resolvePackagePath(
    '@posture/backstage-plugin-security-backend-module-vault',
  );
  return path.resolve(packageDir, '..', '..', '..', 'shared', 'fixtures');
}

/** @param name - e.g. `kv2-read-secret-metadata.json` or `derived/error-404-not-found.DERIVED.json` */
export function readVaultFixture(name: string): any {
  return JSON.parse(
    fs.readFileSync(path.join(fixturesDir(), 'vault', name), 'utf8'),
  );
}
