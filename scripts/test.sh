#!/usr/bin/env bash
# One command from a fresh clone to the whole test suite: unit and store tests (SQLite, and
# PostgreSQL when one answers on 127.0.0.1:5432), a smoke test of the built backend over HTTP,
# end-to-end tests in Chromium when /usr/bin/chromium exists, and the replica tests (two built
# backends behind HAProxy) when haproxy and PostgreSQL are there. Ends with "N passed, N failed".
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$POSTURE_ROOT"

yarn install --immutable

results="$POSTURE_ROOT/e2e-results"
rm -rf "$results"
mkdir -p "$results"

if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
  export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
  echo "posture: store tests run on SQLite and PostgreSQL (127.0.0.1:5432)"
elif [ -n "${POSTURE_REQUIRE_POSTGRES:-}" ]; then
  echo "posture: POSTURE_REQUIRE_POSTGRES is set but nothing answers on 127.0.0.1:5432" >&2
  exit 1
else
  echo "posture: no PostgreSQL on 127.0.0.1:5432; store tests run on SQLite only"
fi

status=0
# Unit, router and store tests. Jest writes its own results; the summary below sums them all.
CI=true BACKSTAGE_TEST_DISABLE_DOCKER=1 yarn backstage-cli repo test \
  --json --outputFile="$results/jest.json" || status=1

# The built backend and app, as they would be deployed.
yarn tsc
yarn build:backend
node scripts/unpack-backend.js

projects=(--project=smoke)
if [ -x "${POSTURE_CHROMIUM:-/usr/bin/chromium}" ]; then
  projects+=(--project=browser)
else
  echo "posture: Chromium not found at ${POSTURE_CHROMIUM:-/usr/bin/chromium}; skipping the end-to-end browser tests (apt-get install chromium to run them)"
fi
yarn playwright test --config e2e/playwright.config.ts "${projects[@]}" || status=1

# Two built backends on this PostgreSQL behind Debian's HAProxy: jobs once per cadence,
# replicas killed mid-pass and mid-ingest, a short sustained load (e2e/replicas).
if command -v "${POSTURE_HAPROXY:-haproxy}" >/dev/null && [ -n "${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-}" ]; then
  yarn playwright test --config e2e/replicas/playwright.config.ts || status=1
elif [ -n "${POSTURE_REQUIRE_REPLICAS:-}" ]; then
  echo "posture: POSTURE_REQUIRE_REPLICAS is set but haproxy or PostgreSQL is missing" >&2
  status=1
else
  echo "posture: haproxy or PostgreSQL not found; skipping the replica tests (apt-get install haproxy to run them)"
fi

node scripts/summarize-results.js "$results" || status=1
exit $status
