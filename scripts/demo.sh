#!/usr/bin/env bash
# One command from a fresh clone to the running demo: brings Node 22 and yarn when the
# machine's are too old, installs, and starts the app (http://localhost:3000) and the backend
# (http://localhost:7007) on SQLite with the example catalog.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$POSTURE_ROOT"

yarn install --immutable
mkdir -p .posture/sqlite

# The local Vault stand-in the demo reads secret metadata from (see app-config.yaml).
yarn tsx packages/dev-stand-ins/src/bin.ts vault > .posture/vault-stand-in.log 2>&1 &
vault_pid=$!
trap 'kill $vault_pid 2>/dev/null' EXIT INT TERM

# Signed demo entries (a throwaway key and trusted root, made now) and the local Rekor
# stand-in that serves them; the backend trusts that root besides Sigstore's public good.
yarn demo:signatures
yarn tsx packages/dev-stand-ins/src/bin.ts rekor --entries=.posture/rekor/entries \
  --public-key=.posture/rekor/rekor.pub.pem > .posture/rekor-stand-in.log 2>&1 &
rekor_pid=$!
trap 'kill $vault_pid $rekor_pid 2>/dev/null' EXIT INT TERM

echo "posture: starting the demo; open http://localhost:3000 and choose Enter (guest)"
yarn start
