//! Every integration test of kiln-render in one binary: one link instead of one per file.

// Test code: a failed expectation is a failed test, helpers included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Helpers the test modules share.
mod common;

#[path = "batch.rs"]
mod batch;
#[path = "dtd.rs"]
mod dtd;
#[path = "fonts.rs"]
mod fonts;
#[path = "render.rs"]
mod render;
#[path = "scripts.rs"]
mod scripts;
