#!/usr/bin/env bash
# Brings a fresh machine to a working toolchain without touching global state:
#   - Node >= 22.18, which runs the repository's .ts scripts without a flag (installs Node 24 from the npm registry
#     into the tools folder when the system Node is older),
#   - pnpm at the version pinned in package.json,
#   - the workspace dependencies from the committed lockfile.
# Tools live in $SECLOG_TOOLS (default ~/.cache/seclog/tools); scripts/env.sh puts them on PATH.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=env.sh
source "$here/scripts/env.sh"

NODE_MAJOR=24
PNPM_VERSION=$(sed -n 's/.*"packageManager": *"pnpm@\([^"]*\)".*/\1/p' "$here/package.json")

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=18)?0:1)'
}

mkdir -p "$SECLOG_TOOLS"
[ -f "$SECLOG_TOOLS/package.json" ] || echo '{"private":true}' >"$SECLOG_TOOLS/package.json"

want=()
if ! node_ok; then
  echo "bootstrap: node $(node --version 2>/dev/null || echo missing) is older than 22.18; installing node@$NODE_MAJOR into $SECLOG_TOOLS" >&2
  want+=("node@$NODE_MAJOR")
fi
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  want+=("pnpm@$PNPM_VERSION")
fi
if [ ${#want[@]} -gt 0 ]; then
  # Keep what is already in the tools folder: npm prunes packages not named in one install.
  [ -x "$SECLOG_TOOLS/node_modules/.bin/node" ] && want+=("node@$("$SECLOG_TOOLS/node_modules/.bin/node" -p 'process.versions.node')")
  [ -x "$SECLOG_TOOLS/node_modules/.bin/pnpm" ] && [[ " ${want[*]} " != *" pnpm@"* ]] && want+=("pnpm@$PNPM_VERSION")
  npm install --prefix "$SECLOG_TOOLS" --no-audit --no-fund --loglevel=error "${want[@]}" >&2
  hash -r
fi
node_ok || { echo "bootstrap: could not provide Node >= 22.18 (have $(node --version 2>/dev/null))" >&2; exit 1; }
[ "$(pnpm --version)" = "$PNPM_VERSION" ] || { echo "bootstrap: pnpm $PNPM_VERSION not available" >&2; exit 1; }

cd "$here"
pnpm install --frozen-lockfile --reporter=append-only >&2
echo "bootstrap: node $(node --version), pnpm $(pnpm --version)" >&2
