//! A build without the `ecdsa` feature (the browser's small verifier) ends
//! an ecdsa-sd-2023 proof as "could not check", and the report's `needs`
//! names `ecdsa`, so that the caller can run a build that has it.
#![cfg(not(feature = "ecdsa"))]
#![allow(clippy::unwrap_used, clippy::panic)]

use kiln_core::Capability;
use kiln_core::verify::{Outcome, Verdict, VerifyOptions, verify};
use std::path::PathBuf;

#[test]
fn ecdsa_sd_needs_the_ecdsa_build() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/vectors/vc-di-ecdsa/ecdsa-sd-2023/prc/derivedRevealDocument.json");
    let bytes = std::fs::read(path).unwrap();
    let report = verify(&bytes, &VerifyOptions::at(1_748_736_000)).unwrap();
    // (The vector is not an Open Badge, so the verdict also reflects its
    // structure; what matters here is the proof.)
    assert_ne!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert!(report.needs.contains(&Capability::Ecdsa), "{:#?}", report);
    let proof = report.check("proof").unwrap();
    assert_eq!(proof.outcome, Outcome::Skipped);
    assert!(proof.detail.contains("feature `ecdsa`"), "{}", proof.detail);
}
