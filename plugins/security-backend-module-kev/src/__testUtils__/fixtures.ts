import fs from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '@posture/dev-stand-ins';

/** fixtures/kev/known_exploited_vulnerabilities.json: the real catalog, 1,404 entries. */
export const kevCatalogPath = () =>
  path.join(fixturesDir(), 'kev', 'known_exploited_vulnerabilities.json');

export const readKevCatalogBytes = () => fs.readFileSync(kevCatalogPath());
