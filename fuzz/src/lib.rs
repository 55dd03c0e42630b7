//! The fuzz targets' checks, shared with `crates/kiln-core/tests/fuzz_regressions.rs`.
pub mod checks;
