#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing Kiln. Idempotent and quiet
# when everything is there already.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

# npm packages (interop oracles, playwright-core, binaryen), from the lockfile when there is one.
if [ ! -d node_modules ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi

# The PyPI OB 2.0 baker (openbadges-bakery), an interop oracle for tests/interop/bakery.test.mjs.
PYBAKERY=node_modules/.cache/kiln-pybakery
if ! "$PYBAKERY/bin/python" -c 'import openbadges_bakery' 2>/dev/null; then
  say "installing the PyPI openbadges-bakery into $PYBAKERY"
  python3 -m venv "$PYBAKERY"
  "$PYBAKERY/bin/pip" install --quiet --disable-pip-version-check openbadges-bakery==2.0.0
fi
