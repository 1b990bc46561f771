#!/usr/bin/env bash
# Regenerates generated/ from rules/ with pySigma (venvs from scripts/sigma-env.sh).
#
#   scripts/sigma-generate.sh [--check] [package dir]
#
# --check writes nothing and exits 1 when a committed artefact is stale.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
check=""
if [ "${1:-}" = "--check" ]; then check="--check"; shift; fi
pkg="$(cd "${1:-$here/..}" && pwd)"
main="$("$here/sigma-env.sh" main)"
PYTHONPATH="$here/../python" "$main/bin/python" -m seclog_sigma.generate "$pkg" $check
