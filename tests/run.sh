#!/usr/bin/env bash
# Every test of Kiln: formatting, lints, Rust unit and integration tests, then the
# interop, wasm and browser suites. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh

stage() { printf '\n== [%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

stage "cargo fmt"
cargo fmt --all -- --check
stage "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
stage "cargo doc (kiln-core, kiln-render: missing docs and broken links are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc -p kiln-core -p kiln-render --no-deps
stage "cargo test"
cargo test --workspace
# kiln-core's other feature combinations: the browser verifier's (compact JSON-LD only,
# no signing) and none at all; every test of the crate, each builds kiln-core again.
# Both keep `english`, the report's sentences in the code, which the tests read; the
# browser modules' way without it (the catalog given at load) is tested by the
# wasm-bindgen tests of the verifier module below and the browser tests.
# Tests that need a feature say so (`#![cfg(feature = ...)]`) and those whose answer
# depends on one test both sides (`report_needs`: what a build without it says).
stage "cargo test -p kiln-core (features: jsonld-compact and english only; english only)"
cargo test -p kiln-core --no-default-features --features jsonld-compact,english
cargo test -p kiln-core --no-default-features --features english
stage "interop (node --test tests/interop/)"
# kiln-cli checked on its own: a workspace build unifies kiln-core's `internals` feature
# (its tests' dev-dependency) into every crate, which would hide a use of a private module.
# A check, not a build: on its own, kiln-cli resolves its dependencies' features
# differently, and building them all again took longer than every test together. The
# `kiln` binary the interop and browser tests run is the one `cargo test` built.
cargo check -p kiln-cli
node --test tests/interop/
stage "cargo clippy (wasm32: verifier, verifier-full, issuer)"
for module in verifier verifier-full issuer; do
  cargo clippy -p kiln-wasm --target wasm32-unknown-unknown --all-targets --no-default-features --features "$module" -- -D warnings
done
stage "wasm bindings (wasm-bindgen-test, Node)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p kiln-wasm --target wasm32-unknown-unknown
stage "wasm bindings of the compact verifier alone (wasm-bindgen-test, Node)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p kiln-wasm --target wasm32-unknown-unknown --no-default-features --features verifier --test bindings
stage "wasm bindings (wasm-bindgen-test, headless Chromium)"
(cd crates/kiln-wasm && WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test -p kiln-wasm --target wasm32-unknown-unknown --test bindings)
stage "web build"
node web/build.mjs
stage "browser tests"
# A test that waits for ever (a badge never checked) fails after 5 minutes instead of holding the run.
node --test --test-timeout=300000 tests/browser/
