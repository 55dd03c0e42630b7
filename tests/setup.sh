#!/usr/bin/env bash
# Installs what a fresh machine lacks for building and testing Kiln. Idempotent and quiet
# when everything is there already.
#
#   bash tests/setup.sh          everything the tests need (npm test)
#   bash tests/setup.sh serve    only what building and serving the pages needs (npm start):
#                                the wasm32 target, the wasm-bindgen CLI and wasm-opt; no
#                                browser, no interop oracles, no other npm package
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf 'setup: %s\n' "$*" >&2; }
mode="${1:-test}"
case "$mode" in test | serve) ;; *) say "unknown mode $mode (test or serve)"; exit 2 ;; esac

# Whether every devDependency of package.json is installed in node_modules.
all_npm_packages() {
  node -e '
    const fs = require("fs");
    const deps = Object.keys(require("./package.json").devDependencies ?? {});
    process.exit(deps.every((d) => fs.existsSync(`node_modules/${d}/package.json`)) ? 0 : 1);
  '
}

if [ "$mode" = serve ]; then
  # wasm-opt alone (the npm binaryen package, at the lockfile's version), beside the full
  # install's place, so that a later `npm ci` replaces it without a trace.
  if [ ! -x node_modules/.bin/wasm-opt ] && [ ! -x node_modules/.cache/kiln-serve/node_modules/.bin/wasm-opt ]; then
    version=$(node -p 'require("./package-lock.json").packages["node_modules/binaryen"].version')
    say "installing wasm-opt (binaryen $version) for the web build"
    npm install --prefix node_modules/.cache/kiln-serve --no-save --no-package-lock --no-audit --no-fund --loglevel=error "binaryen@$version"
  fi
# npm packages (interop oracles, playwright-core, binaryen), from the lockfile when there is one.
elif [ ! -f node_modules/.package-lock.json ] || [ package.json -nt node_modules/.package-lock.json ] || ! all_npm_packages; then
  say "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi
fi

# Python interop oracles, in one venv: the PyPI OB 2.0 baker (openbadges-bakery, for
# tests/interop/bakery.test.mjs) and openbadgeslib with its JSON-LD extra (an independent
# eddsa-rdfc-2022 verifier, for tests/interop/openbadgeslib.test.mjs).
PYVENV=node_modules/.cache/kiln-pybakery
if [ "$mode" = test ] && ! "$PYVENV/bin/python" -c 'import openbadges_bakery, openbadgeslib.ob3.ldp, pyld' 2>/dev/null; then
  say "installing the Python interop oracles into $PYVENV"
  python3 -m venv "$PYVENV"
  "$PYVENV/bin/pip" install --quiet --disable-pip-version-check \
    openbadges-bakery==2.0.0 'openbadgeslib[ldp]==4.6.3'
fi

# WebAssembly and browser tooling (README.md, "Set-up"): the wasm32 target, the
# wasm-bindgen CLI matching the crate's exact wasm-bindgen version, Debian's Chromium.
# wasm-opt comes from the npm binaryen package above.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen 0.2.130" ]; then
  say "installing wasm-bindgen-cli 0.2.130"
  cargo install --force wasm-bindgen-cli --version 0.2.130
fi
if [ "$mode" = test ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing chromium and chromium-driver"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi
