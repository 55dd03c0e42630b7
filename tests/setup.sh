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
