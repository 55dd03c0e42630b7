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

# Python interop oracles, in one venv: the PyPI OB 2.0 baker (openbadges-bakery, for
# tests/interop/bakery.test.mjs) and openbadgeslib with its JSON-LD extra (an independent
# eddsa-rdfc-2022 verifier, for tests/interop/openbadgeslib.test.mjs).
PYVENV=node_modules/.cache/kiln-pybakery
if ! "$PYVENV/bin/python" -c 'import openbadges_bakery, openbadgeslib.ob3.ldp, pyld' 2>/dev/null; then
  say "installing the Python interop oracles into $PYVENV"
  python3 -m venv "$PYVENV"
  "$PYVENV/bin/pip" install --quiet --disable-pip-version-check \
    openbadges-bakery==2.0.0 'openbadgeslib[ldp]==4.6.3'
fi
