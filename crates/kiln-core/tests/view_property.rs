//! A property test of the one-source-of-truth rule: for generated Open
//! Badges 3.0 credentials (random shapes from the model, signed with
//! eddsa-rdfc-2022) and random rewritings of them,
//! - the original verifies, and every field the report shows is a statement
//!   of the signed dataset;
//! - a rewriting that keeps both the dataset and what Kiln reads (member
//!   order, a one-element `type` list as a string) still verifies and shows
//!   the same;
//! - a rewriting that keeps the dataset but changes what the JSON shows
//!   (`attack_cases`) never verifies;
//! - a rewriting that changes the dataset (a changed value) fails the proof.
//!
//! A fixed seed in `cargo test`; `KILN_PROPERTY_CASES` and
//! `KILN_PROPERTY_SEED` run it longer or elsewhere.
#![cfg(all(feature = "sign", feature = "jsonld-full"))]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::attack_cases;

use attack_cases::{Rng, benign, change_value, generate};

use kiln_core::Limits;
use kiln_core::jsonld::{self, ContextStore};
use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{self, Outcome, Verdict, VerifyOptions};
use serde_json::Value;

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn sign(doc: &Value, key: &KeyPair) -> Value {
    let options = ProofOptions {
        suite: Suite::EddsaRdfc2022,
        verification_method: key.id.clone(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    proof::create_proof(doc, key, &options, &ProofEnv::default()).expect("signing works")
}

fn check(doc: &Value) -> verify::Report {
    verify::verify_to_report(&serde_json::to_vec(doc).unwrap(), &VerifyOptions::at(NOW))
}

fn nquads(doc: &Value) -> Option<String> {
    let mut d = doc.clone();
    d.as_object_mut()?.remove("proof");
    jsonld::canonicalize(&d, &ContextStore::bundled(), &Limits::default()).ok()
}

/// N-Quads string literal escaping, enough for the generated texts.
fn literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every text the report's `credential` view shows is a literal of the
/// signed dataset, and its dates are the dataset's.
fn view_is_in_dataset(report: &verify::Report, dataset: &str, case: &str) {
    let view = report.credential.as_ref().expect("a credential view");
    let mut texts: Vec<&str> = Vec::new();
    for pointer in [
        "/name",
        "/issuer/name",
        "/achievement/name",
        "/achievement/description",
        "/achievement/criteria/narrative",
    ] {
        if let Some(Value::String(s)) = view.pointer(pointer) {
            texts.push(s);
        }
    }
    for t in texts {
        assert!(dataset.contains(&literal(t)), "{case}: {t:?} is not signed");
    }
    for (pointer, predicate) in [
        ("/validFrom", "credentials#validFrom"),
        ("/validUntil", "credentials#validUntil"),
    ] {
        let shown = view.pointer(pointer).and_then(Value::as_str);
        let signed = dataset
            .lines()
            .find(|l| l.contains(predicate))
            .and_then(|l| l.split('"').nth(1));
        assert_eq!(shown, signed, "{case}: {pointer}");
    }
    for (pointer, iri) in [("/issuer/id", "credentials#issuer> <"), ("/id", "")] {
        if let Some(id) = view.pointer(pointer).and_then(Value::as_str) {
            assert!(
                dataset.contains(&format!("{iri}{id}>")) || dataset.contains(&format!("<{id}>")),
                "{case}: {pointer}"
            );
        }
    }
}

#[test]
fn the_view_is_the_dataset_for_generated_credentials() {
    let cases: usize = std::env::var("KILN_PROPERTY_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("KILN_PROPERTY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6b69_6c6e_0011);
    let mut rng = Rng(seed);
    let key = KeyPair::generate().unwrap();
    let mut attacks = 0;
    for case in 0..cases {
        let doc = sign(&generate(&mut rng, &key.controller), &key);
        let name = format!("seed {seed:#x} case {case}");
        let report = check(&doc);
        let expired = doc.get("validUntil").and_then(Value::as_str) == Some("2025-06-01T00:00:00Z");
        let want = if expired {
            Verdict::Invalid
        } else {
            Verdict::Verified
        };
        assert_eq!(report.verdict, want, "{name}: {:#?}", report.checks);
        let dataset = nquads(&doc).unwrap();
        view_is_in_dataset(&report, &dataset, &name);

        let same = benign(&mut rng, &doc);
        let again = check(&same);
        assert_eq!(again.verdict, report.verdict, "{name} (benign rewriting)");
        assert_eq!(
            again.credential, report.credential,
            "{name} (benign rewriting)"
        );

        for (attack, rewritten) in attack_cases::rewrites(&doc) {
            attacks += 1;
            let r = check(&rewritten);
            assert_ne!(r.verdict, Verdict::Verified, "{name}: {attack}");
        }

        if let Some(changed) = change_value(&mut rng, &doc) {
            let r = check(&changed);
            assert_eq!(r.verdict, Verdict::Invalid, "{name}: a changed value");
            assert_eq!(
                r.check("proof").map(|c| c.outcome),
                Some(Outcome::Failed),
                "{name}: a changed value must fail the proof"
            );
        }
    }
    assert!(attacks > cases * 10);
}
