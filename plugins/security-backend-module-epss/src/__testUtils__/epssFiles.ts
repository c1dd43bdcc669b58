import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** scripts/make-epss-file.js, the generator the bench and the demo use. */
export const MAKE_EPSS_FILE = path.resolve(
  __dirname,
  '../../scripts/make-epss-file.js',
);

export const FIRST_LINE =
  '#model_version:v2025.03.14,score_date:2025-03-14T00:00:00+0000';

/** A small EPSS CSV: the first line, the header and `rows`. */
export const epssCsv = (rows: string[], first = FIRST_LINE) =>
  `${[first, 'cve,epss,percentile', ...rows].join('\n')}\n`;

export function tempDir(): { dir: string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epss-'));
  return {
    dir,
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs the generator as a user would; returns the bytes it wrote. */
export function makeEpssFile(out: string, args: string[] = []): Buffer {
  execFileSync(process.execPath, [MAKE_EPSS_FILE, '--out', out, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return fs.readFileSync(out);
}
