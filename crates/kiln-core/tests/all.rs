//! Every integration test of kiln-core in one binary: one link per feature combination
//! instead of one per file (`npm test` builds these tests in three combinations). Each file
//! is a module; its own `#![cfg(...)]` names the features it needs.

// Test code: a failed expectation is a failed test, helpers included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Helpers the test modules share.
#[cfg(all(feature = "sign", feature = "jsonld-compact"))]
mod attack_cases;
mod bake_common;
#[cfg(feature = "sign")]
mod online_support;

#[path = "attacks.rs"]
mod attacks;
#[path = "attacks_key_provenance.rs"]
mod attacks_key_provenance;
#[path = "bake_png.rs"]
mod bake_png;
#[path = "bake_svg.rs"]
mod bake_svg;
#[path = "clr.rs"]
mod clr;
#[path = "conformance_verdict.rs"]
mod conformance_verdict;
#[path = "contexts_index.rs"]
mod contexts_index;
#[path = "ecdsa_sd_not_built.rs"]
mod ecdsa_sd_not_built;
#[path = "ecdsa_sd_pipeline.rs"]
mod ecdsa_sd_pipeline;
#[path = "fuzz_regressions.rs"]
mod fuzz_regressions;
#[path = "i18n_catalogs.rs"]
mod i18n_catalogs;
#[path = "json_strict.rs"]
mod json_strict;
#[path = "jsonld_fast_path.rs"]
mod jsonld_fast_path;
#[path = "jsonld_suite.rs"]
mod jsonld_suite;
#[path = "jwt_verify.rs"]
mod jwt_verify;
#[path = "jwt_wild_ecdsa.rs"]
mod jwt_wild_ecdsa;
#[path = "ob1_hosted.rs"]
mod ob1_hosted;
#[path = "ob2_verify.rs"]
mod ob2_verify;
#[path = "ob3_model.rs"]
mod ob3_model;
#[path = "onedtech_samples.rs"]
mod onedtech_samples;
#[path = "online_batch.rs"]
mod online_batch;
#[path = "online_identity.rs"]
mod online_identity;
#[path = "online_status.rs"]
mod online_status;
#[path = "rdf_canon_suite.rs"]
mod rdf_canon_suite;
#[path = "rdfc_vectors.rs"]
mod rdfc_vectors;
#[path = "report_needs.rs"]
mod report_needs;
#[path = "schema_ob3.rs"]
mod schema_ob3;
#[path = "svg_bombs.rs"]
mod svg_bombs;
#[path = "svg_reader_differential.rs"]
mod svg_reader_differential;
#[path = "tamper.rs"]
mod tamper;
#[path = "vectors_ecdsa.rs"]
mod vectors_ecdsa;
#[path = "vectors_ecdsa_sd.rs"]
mod vectors_ecdsa_sd;
#[path = "vectors_eddsa.rs"]
mod vectors_eddsa;
#[path = "vectors_jcs.rs"]
mod vectors_jcs;
#[path = "view_property.rs"]
mod view_property;
#[path = "wild_samples.rs"]
mod wild_samples;
