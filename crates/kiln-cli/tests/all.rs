//! Every integration test of the kiln CLI in one binary: one link instead of one per file.
//! Each file is a module that runs the built `kiln` binary.

// Test code: a failed expectation is a failed test, helpers included.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

// Helpers the test modules share.
mod common;

#[path = "canonize.rs"]
mod canonize;
#[path = "cli_attacks.rs"]
mod cli_attacks;
#[path = "cli_bake.rs"]
mod cli_bake;
#[path = "cli_check_publish.rs"]
mod cli_check_publish;
#[path = "cli_clr.rs"]
mod cli_clr;
#[path = "cli_documents.rs"]
mod cli_documents;
#[path = "cli_ecdsa_sd.rs"]
mod cli_ecdsa_sd;
#[path = "cli_issue.rs"]
mod cli_issue;
#[path = "cli_issue_scale.rs"]
mod cli_issue_scale;
#[path = "cli_lang.rs"]
mod cli_lang;
#[path = "cli_link.rs"]
mod cli_link;
#[path = "cli_online.rs"]
mod cli_online;
#[path = "cli_online_limits.rs"]
mod cli_online_limits;
#[path = "cli_pipe.rs"]
mod cli_pipe;
#[path = "cli_portfolio.rs"]
mod cli_portfolio;
#[path = "cli_qr.rs"]
mod cli_qr;
#[path = "cli_render.rs"]
mod cli_render;
#[path = "cli_verify.rs"]
mod cli_verify;
#[path = "keygen_sign.rs"]
mod keygen_sign;
