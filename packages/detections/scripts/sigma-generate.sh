#!/usr/bin/env bash
# Regenerates generated/ from rules/ with pySigma (pinned venvs from scripts/sigma-env.sh).
#
#   scripts/sigma-generate.sh [--check] [package dir]
#
# Needs the built TypeScript packages (make build): the field maps come from src/field-maps.ts.
# --check writes nothing and exits 1 when a committed artefact is stale.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
check=()
if [ "${1:-}" = "--check" ]; then check=(--check); shift; fi
pkg="$(cd "${1:-$here/..}" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node "$here/write-field-maps.ts" "$tmp/field-maps.json"
status=0
for target in main datadog; do
  venv="$("$here/sigma-env.sh" "$target")"
  PYTHONPATH="$here/../python" "$venv/bin/python" -m seclog_sigma.generate "$pkg" --target "$target" \
    --field-maps "$tmp/field-maps.json" "${check[@]}" || status=$?
done
exit "$status"
