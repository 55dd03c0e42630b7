//! The property test of `crates/kiln-core/tests/view_property.rs`, driven by
//! the fuzzer: the fuzz bytes seed a generated Open Badges 3.0 credential
//! (signed with eddsa-rdfc-2022 by a key the bytes also choose) and its
//! rewritings. The original reads `verified` (or `invalid` when expired),
//! a benign rewriting reads the same, every rewriting that changes what the
//! JSON shows without changing the dataset never reads `verified`, and a
//! changed value fails the proof.
#![no_main]

#[path = "../../crates/kiln-core/tests/attack_cases/mod.rs"]
mod attack_cases;

use kiln_core::key::{KeyPair, SecretKey};
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{self, Outcome, Verdict, VerifyOptions};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn check(doc: &Value) -> verify::Report {
    let bytes = serde_json::to_vec(doc).unwrap_or_default();
    verify::verify_to_report(&bytes, &VerifyOptions::at(NOW))
}

fuzz_target!(|data: &[u8]| {
    let mut seed = [0u8; 8];
    for (i, b) in data.iter().take(8).enumerate() {
        seed[i] = *b;
    }
    let mut key_seed = [7u8; 32];
    for (i, b) in data.iter().skip(8).take(32).enumerate() {
        key_seed[i] = *b;
    }
    let mut rng = attack_cases::Rng(u64::from_le_bytes(seed) | 1);
    let key = KeyPair::from_secret(SecretKey::from_bytes(&key_seed));
    let unsigned = attack_cases::generate(&mut rng, &key.controller);
    let options = ProofOptions {
        suite: Suite::EddsaRdfc2022,
        verification_method: key.id.clone(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    let Ok(doc) = proof::create_proof(&unsigned, &key, &options, &ProofEnv::default()) else {
        panic!("a generated credential could not be signed: {unsigned}");
    };
    let report = check(&doc);
    let expired = doc.get("validUntil").and_then(Value::as_str) == Some("2025-06-01T00:00:00Z");
    let want = if expired { Verdict::Invalid } else { Verdict::Verified };
    assert_eq!(report.verdict, want, "{doc}");

    let same = attack_cases::benign(&mut rng, &doc);
    let again = check(&same);
    assert_eq!(again.verdict, report.verdict, "benign rewriting: {same}");
    assert_eq!(again.credential, report.credential, "benign rewriting: {same}");

    for (name, rewritten) in attack_cases::rewrites(&doc) {
        assert_ne!(check(&rewritten).verdict, Verdict::Verified, "{name}: {rewritten}");
    }
    if let Some(changed) = attack_cases::change_value(&mut rng, &doc) {
        let r = check(&changed);
        assert_eq!(
            r.check("proof").map(|c| c.outcome),
            Some(Outcome::Failed),
            "a changed value: {changed}"
        );
    }
});
