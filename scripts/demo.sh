#!/usr/bin/env bash
# One command from a fresh clone to the running demo: brings Node 22 and yarn when the
# machine's are too old, installs, builds the app and the backend, and starts the built backend,
# which serves the app, on http://localhost:7007 (SQLite, the example catalog), as a deployment
# would: no development warnings in the browser console.
#
#   ./scripts/demo.sh --dev   the development servers instead (`yarn start`: the app on
#                             http://localhost:3000 with live reload, the backend on :7007),
#                             for working on the plugins
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$POSTURE_ROOT"

mode=built
case "${1:-}" in
  '') ;;
  --dev) mode=dev ;;
  *)
    echo "usage: $0 [--dev]" >&2
    exit 2
    ;;
esac

# The demo's ports (backend, Vault and Rekor stand-ins, and the dev app): a server already
# there would answer in the demo's place, e.g. a demo still running or an end-to-end run.
ports=(7007 8200 3001)
[ "$mode" = built ] || ports+=(3000)
for port in "${ports[@]}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "posture: port $port is in use; stop what listens there (ss -ltnp | grep :$port) and retry" >&2
    exit 1
  fi
done

yarn install --immutable
mkdir -p .posture/sqlite

if [ "$mode" = built ]; then
  echo "posture: building the app and the backend (a few minutes on a busy machine)"
  yarn build:backend
  # Its own tree, so an end-to-end run (e2e-results/backend) and the demo never share one.
  node scripts/unpack-backend.js --target .posture/demo-build
fi

pids=()
stop() {
  # Only what this script started: the stand-ins and the backend (or yarn start).
  [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM

# The local Vault stand-in the demo reads secret metadata from (see app-config.yaml).
yarn tsx packages/dev-stand-ins/src/bin.ts vault > .posture/vault-stand-in.log 2>&1 &
pids+=($!)

# Signed demo entries (a throwaway key and trusted root, made now) and the local Rekor
# stand-in that serves them; the backend trusts that root besides Sigstore's public good.
yarn demo:signatures
yarn tsx packages/dev-stand-ins/src/bin.ts rekor --entries=.posture/rekor/entries \
  --public-key=.posture/rekor/rekor.pub.pem > .posture/rekor-stand-in.log 2>&1 &
pids+=($!)

if [ "$mode" = dev ]; then
  echo "posture: starting the development servers; open http://localhost:3000 and choose Enter (guest)"
  yarn start
  exit
fi

# The built backend from the unpacked tree, as the end-to-end tests run it;
# app-config.demo-built.yaml points it at the repository's .posture files from there. Not NODE_ENV=production: Backstage
# would then warn at start that every plugin's localhost baseUrl is a misconfiguration.
(
  cd .posture/demo-build/packages/backend
  exec node . --config ../../app-config.yaml --config ../../app-config.demo-built.yaml
) &
backend_pid=$!
pids+=("$backend_pid")

# Node's fetch rather than curl: a fresh machine may have only Node.
ready() {
  node -e 'fetch(process.argv[1]).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    http://localhost:7007/.backstage/health/v1/readiness
}
until ready; do
  if ! kill -0 "$backend_pid" 2>/dev/null; then
    wait "$backend_pid" || true
    echo "posture: the backend stopped before it was ready (its log is above)" >&2
    exit 1
  fi
  sleep 1
done
echo "posture: the demo is ready; open http://localhost:7007 and choose Enter (guest). Ctrl-C stops it."
wait "$backend_pid"
