#!/usr/bin/env node
/*
 * Unpacks the backend bundle `yarn build:backend` makes (what a container image ships) into
 * e2e-results/backend, so the smoke and end-to-end tests run the built code, not the sources;
 * `--target DIR` (relative to the repository) unpacks elsewhere: scripts/demo.sh uses
 * .posture/demo-build, so a running demo and an end-to-end run never share a tree.
 * Instead of a production `yarn install`, its node_modules links to the repository's installed
 * third-party packages, and the @posture packages resolve to the bundle's built copies.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const target = targetFromArgs(process.argv.slice(2));
const bundle = path.join(root, 'packages/backend/dist/bundle.tar.gz');

function targetFromArgs(args) {
  const at = args.indexOf('--target');
  if (at === -1) return path.join(root, 'e2e-results/backend');
  const dir = args[at + 1];
  if (!dir) {
    console.error('--target needs a directory');
    process.exit(1);
  }
  const resolved = path.resolve(root, dir);
  // The target is deleted first: never let a typo point that at the repository or outside it.
  if (!resolved.startsWith(root + path.sep)) {
    console.error(`--target ${dir} is not a folder inside ${root}`);
    process.exit(1);
  }
  return resolved;
}

if (!fs.existsSync(bundle)) {
  console.error(
    `No ${path.relative(root, bundle)}: run yarn build:backend first`,
  );
  process.exit(1);
}
fs.rmSync(target, { recursive: true, force: true });
fs.mkdirSync(target, { recursive: true });
execFileSync('tar', ['xzf', bundle, '-C', target]);

const modules = path.join(target, 'node_modules');
fs.mkdirSync(modules);
for (const entry of fs.readdirSync(path.join(root, 'node_modules'))) {
  if (entry === '@posture' || entry === 'app' || entry === 'backend') continue;
  fs.symlinkSync(
    path.join(root, 'node_modules', entry),
    path.join(modules, entry),
  );
}
fs.mkdirSync(path.join(modules, '@posture'));
for (const dir of ['plugins', 'packages']) {
  for (const name of fs.readdirSync(path.join(target, dir))) {
    const pkgDir = path.join(target, dir, name);
    const pkg = JSON.parse(
      fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'),
    );
    fs.symlinkSync(pkgDir, path.join(modules, pkg.name));
  }
}
// Configuration and example data, where the demo config's relative paths expect them.
for (const entry of [
  'app-config.yaml',
  'app-config.production.yaml',
  'app-config.demo-built.yaml',
  'examples',
  'e2e',
  // The demo's KEV catalog (security.kev.file) is the repository's copy in fixtures/kev.
  'fixtures',
]) {
  fs.symlinkSync(path.join(root, entry), path.join(target, entry));
}
console.log(`Unpacked the built backend into ${path.relative(root, target)}`);
