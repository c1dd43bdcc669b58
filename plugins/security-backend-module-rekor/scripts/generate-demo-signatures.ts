/*
 * yarn tsx plugins/security-backend-module-rekor/scripts/generate-demo-signatures.ts [--out=DIR]
 *
 * Writes the demo's signature material (throwaway trusted root, Rekor key, one Rekor v1 entry
 * per signed service, manifest.json) from examples/signatures/plan.json and the image digests
 * of examples/reports/<service>/trivy.json. DIR defaults to .posture/rekor; relative paths are
 * resolved from the repository root. New keys every run; nothing here is secret.
 */
import fs from 'fs';
import path from 'path';
import {
  generateDemoSignatures,
  parseDemoPlan,
} from '../src/demo/generateDemoSignatures';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const USAGE =
  'usage: generate-demo-signatures.ts [--out=DIR]  (default .posture/rekor, from the repo root)';

function parseArgs(argv: string[]): { out: string } {
  let out = '.posture/rekor';
  for (const arg of argv) {
    const match = /^--out=(.+)$/.exec(arg);
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    if (!match) {
      throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
    out = match[1];
  }
  return { out: path.resolve(REPO_ROOT, out) };
}

async function main() {
  const started = Date.now();
  const { out } = parseArgs(process.argv.slice(2));
  const planPath = path.join(REPO_ROOT, 'examples/signatures/plan.json');
  const plan = parseDemoPlan(JSON.parse(fs.readFileSync(planPath, 'utf8')));
  const summary = await generateDemoSignatures({
    reportsDir: path.join(REPO_ROOT, 'examples/reports'),
    plan,
    outDir: out,
  });
  const rel = (p: string) => {
    const relative = path.relative(REPO_ROOT, p);
    return relative.startsWith('..') || path.isAbsolute(relative)
      ? p
      : relative || '.';
  };
  console.log(
    `demo signatures written to ${rel(summary.outDir)} in ${
      Date.now() - started
    } ms (${summary.entryFiles.length} entries)`,
  );
  for (const [status, count] of Object.entries(summary.counts)) {
    console.log(`${status}: ${count}`);
  }
}

main().catch(error => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
