#!/usr/bin/env node
// Sums jest's and Playwright's JSON results into the one closing line CI reads:
// "N passed, N failed". Exits 1 when anything failed or when no test ran at all.
const fs = require('fs');
const path = require('path');

const dir = process.argv[2];
let passed = 0;
let failed = 0;

const jestFile = path.join(dir, 'jest.json');
if (fs.existsSync(jestFile)) {
  const jest = JSON.parse(fs.readFileSync(jestFile, 'utf8'));
  passed += jest.numPassedTests;
  failed += jest.numFailedTests;
  // A suite that fails to load has no failed tests but is still a failure.
  failed += jest.numRuntimeErrorTestSuites ?? 0;
} else {
  console.error('no jest results: the unit tests did not run');
  failed += 1;
}

const pwFile = path.join(dir, 'playwright.json');
if (fs.existsSync(pwFile)) {
  const { stats, errors } = JSON.parse(fs.readFileSync(pwFile, 'utf8'));
  passed += stats.expected + (stats.flaky ?? 0);
  failed += stats.unexpected;
  // A run that could not start (a port in use, a web server that never came up) has no
  // failed test, only errors: still a failure.
  failed += errors?.length ?? 0;
} else {
  console.error(
    'no Playwright results: the smoke and end-to-end tests did not run',
  );
  failed += 1;
}

// The replica tests (e2e/replicas) write their own file; absent when they were skipped, which
// scripts/test.sh reports (and fails when POSTURE_REQUIRE_REPLICAS is set).
const replicasFile = path.join(dir, 'playwright-replicas.json');
if (fs.existsSync(replicasFile)) {
  const { stats, errors } = JSON.parse(fs.readFileSync(replicasFile, 'utf8'));
  passed += stats.expected + (stats.flaky ?? 0);
  failed += stats.unexpected;
  failed += errors?.length ?? 0;
} else if (process.env.POSTURE_REQUIRE_REPLICAS) {
  console.error('no replica test results: the replica tests did not run');
  failed += 1;
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
