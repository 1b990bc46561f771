#!/usr/bin/env bash
# Prints the path of a Python venv holding the pinned pySigma toolchain, creating it on first use.
#
#   scripts/sigma-env.sh [main|datadog]
#
# The venv lives outside the repository (a cache: $SECLOG_CACHE_DIR, else ~/.cache/seclog), keyed by the hash of its
# requirements file, so a changed pin gets a fresh venv. Packages come from PyPI with exact versions and --no-deps
# (the requirements list every dependency). Needs python3 >= 3.10 ($SECLOG_PYTHON to choose one).
set -euo pipefail
profile="${1:-main}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
case "$profile" in
  main) req="$here/../python/requirements.txt" ;;
  datadog) req="$here/../python/requirements-datadog.txt" ;;
  *) echo "sigma-env.sh: unknown profile '$profile' (main or datadog)" >&2; exit 2 ;;
esac
python="${SECLOG_PYTHON:-python3}"
version="$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
key="$( (cat "$req"; echo "$version") | sha256sum | cut -c1-12)"
cache="${SECLOG_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/seclog}"
venv="$cache/sigma-$profile-$key"
mkdir -p "$cache"
# One creator at a time (parallel test workers); the marker says the install finished.
exec 9>"$venv.lock"
flock 9
if [ ! -f "$venv/.complete" ]; then
  rm -rf "$venv"
  "$python" -m venv "$venv" >&2
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -r "$req" >&2
  touch "$venv/.complete"
fi
echo "$venv"
