//! The tamper table: each mutation of a signed credential must give `invalid`
//! with the failing check named, for every cryptosuite Kiln signs with.
#![cfg(feature = "sign")]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{self, Outcome, Verdict, VerifyOptions};
use serde_json::{Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn unsigned(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:2f1a4b52-8f0e-4a43-9c1c-7c3e3b5d9a01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Café ® “Barista” 咖啡",
        "issuer": { "id": issuer, "type": ["Profile"], "name": "École de Café" },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/barista",
                "type": ["Achievement"],
                "name": "Barista",
                "description": "Makes a latte ☕ with art.",
                "criteria": { "narrative": "Pass the practical exam." }
            }
        }
    })
}

fn sign(doc: &Value, key: &KeyPair, suite: Suite) -> Value {
    let options = ProofOptions {
        suite,
        verification_method: key.id.clone(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    proof::create_proof(doc, key, &options, &ProofEnv::default()).expect("signing works")
}

fn check(doc: &Value) -> verify::Report {
    let bytes = serde_json::to_vec(doc).unwrap();
    verify::verify(&bytes, &VerifyOptions::at(NOW)).expect("a JSON credential is readable")
}

fn failed_checks(report: &verify::Report) -> Vec<&'static str> {
    report
        .checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| c.check)
        .collect()
}

fn suites() -> Vec<Suite> {
    let mut s = vec![Suite::EddsaJcs2022];
    if cfg!(feature = "jsonld-full") {
        s.push(Suite::EddsaRdfc2022);
    }
    s
}

type Mutation = (
    &'static str,
    &'static str,
    Box<dyn Fn(&mut Value, &KeyPair)>,
);

fn set(v: &mut Value, pointer: &str, new: Value) {
    *v.pointer_mut(pointer)
        .unwrap_or_else(|| panic!("{pointer} exists")) = new;
}

fn mutations() -> Vec<Mutation> {
    vec![
        (
            "name",
            "proof",
            Box::new(|v, _| set(v, "/name", json!("Café ® “Barista” 咖啡!"))),
        ),
        (
            "nested description",
            "proof",
            Box::new(|v, _| {
                set(
                    v,
                    "/credentialSubject/achievement/description",
                    json!("Makes a latte."),
                )
            }),
        ),
        (
            "recipient",
            "proof",
            Box::new(|v, _| set(v, "/credentialSubject/id", json!("did:example:mallory"))),
        ),
        (
            "proofValue",
            "proof",
            Box::new(|v, _| {
                let pv = v
                    .pointer("/proof/proofValue")
                    .and_then(Value::as_str)
                    .unwrap()
                    .to_owned();
                let mut chars: Vec<char> = pv.chars().collect();
                let i = chars.len() / 2;
                chars[i] = if chars[i] == 'A' { 'B' } else { 'A' };
                set(
                    v,
                    "/proof/proofValue",
                    json!(chars.into_iter().collect::<String>()),
                );
            }),
        ),
        (
            "proof.created",
            "proof",
            Box::new(|v, _| set(v, "/proof/created", json!("2025-01-02T00:00:00Z"))),
        ),
        (
            "added validUntil",
            "proof",
            Box::new(|v, _| {
                v["validUntil"] = json!("2030-01-01T00:00:00Z");
            }),
        ),
        (
            "cryptosuite label",
            "proof",
            Box::new(|v, _| {
                let other = match v.pointer("/proof/cryptosuite").and_then(Value::as_str) {
                    Some("eddsa-jcs-2022") => "eddsa-rdfc-2022",
                    _ => "eddsa-jcs-2022",
                };
                set(v, "/proof/cryptosuite", json!(other));
            }),
        ),
        (
            "issuer without the key",
            "proof",
            Box::new(|v, _| {
                let other = KeyPair::generate().unwrap();
                set(v, "/issuer/id", json!(other.controller));
            }),
        ),
        (
            "issuer and key swapped to another key",
            "proof",
            Box::new(|v, _| {
                let other = KeyPair::generate().unwrap();
                set(v, "/issuer/id", json!(other.controller));
                set(v, "/proof/verificationMethod", json!(other.id));
            }),
        ),
        (
            "proof removed",
            "proof",
            Box::new(|v, _| {
                v.as_object_mut().unwrap().remove("proof");
            }),
        ),
        (
            "proofPurpose",
            "proof",
            Box::new(|v, _| set(v, "/proof/proofPurpose", json!("authentication"))),
        ),
        (
            "zero-width space",
            "proof",
            Box::new(|v, _| {
                set(
                    v,
                    "/credentialSubject/achievement/name",
                    json!("Bar\u{200b}ista"),
                )
            }),
        ),
        (
            "Unicode normalization (NFD)",
            "proof",
            Box::new(|v, _| set(v, "/name", json!("Cafe\u{301} ® “Barista” 咖啡"))),
        ),
        (
            "Latin-1 mojibake",
            "proof",
            Box::new(|v, _| set(v, "/name", json!("CafÃ© Â® â€œBaristaâ€\u{9d} å’–å•¡"))),
        ),
        (
            "type",
            "proof",
            Box::new(|v, _| set(v, "/type", json!(["VerifiableCredential"]))),
        ),
        (
            "validFrom",
            "proof",
            Box::new(|v, _| set(v, "/validFrom", json!("2024-01-01T00:00:00Z"))),
        ),
        (
            "criteria",
            "proof",
            Box::new(|v, _| {
                set(
                    v,
                    "/credentialSubject/achievement/criteria/narrative",
                    json!("Attend."),
                )
            }),
        ),
    ]
}

#[test]
fn every_mutation_is_invalid_with_the_failing_check_named() {
    for suite in suites() {
        let key = KeyPair::generate().unwrap();
        let signed = sign(&unsigned(&key.controller), &key, suite);
        let report = check(&signed);
        assert_eq!(
            report.verdict,
            Verdict::Verified,
            "{suite:?} baseline: {:?}",
            report.checks
        );
        let table = mutations();
        assert!(table.len() >= 15);
        for (what, check_name, mutate) in table {
            let mut doc = signed.clone();
            mutate(&mut doc, &key);
            let report = check(&doc);
            assert_eq!(
                report.verdict,
                Verdict::Invalid,
                "{suite:?} / {what}: {:?}",
                report.checks
            );
            assert!(
                failed_checks(&report).contains(&check_name),
                "{suite:?} / {what}: expected {check_name} to fail, got {:?}",
                report.checks
            );
        }
    }
}

#[test]
fn signed_by_a_key_that_is_not_the_issuers_is_invalid() {
    for suite in suites() {
        let issuer = KeyPair::generate().unwrap();
        let other = KeyPair::generate().unwrap();
        let signed = sign(&unsigned(&issuer.controller), &other, suite);
        let report = check(&signed);
        assert_eq!(
            report.verdict,
            Verdict::Invalid,
            "{suite:?}: {:?}",
            report.checks
        );
        assert_eq!(failed_checks(&report), vec!["issuer"], "{suite:?}");
    }
}

#[test]
fn reordering_object_keys_still_verifies() {
    fn reverse(v: &Value) -> Value {
        match v {
            Value::Object(m) => Value::Object(
                m.iter()
                    .rev()
                    .map(|(k, v)| (k.clone(), reverse(v)))
                    .collect(),
            ),
            Value::Array(a) => Value::Array(a.iter().map(reverse).collect()),
            other => other.clone(),
        }
    }
    for suite in suites() {
        let key = KeyPair::generate().unwrap();
        let signed = sign(&unsigned(&key.controller), &key, suite);
        let reordered = reverse(&signed);
        assert_ne!(
            serde_json::to_string(&reordered).unwrap(),
            serde_json::to_string(&signed).unwrap()
        );
        assert_eq!(check(&reordered).verdict, Verdict::Verified, "{suite:?}");
    }
}

#[test]
fn a_single_type_string_is_a_different_json_but_the_same_rdf_graph() {
    let key = KeyPair::generate().unwrap();
    for suite in suites() {
        let mut doc = sign(&unsigned(&key.controller), &key, suite);
        set(
            &mut doc,
            "/credentialSubject/type",
            json!("AchievementSubject"),
        );
        let expected = if suite == Suite::EddsaJcs2022 {
            Verdict::Invalid
        } else {
            Verdict::Verified
        };
        assert_eq!(check(&doc).verdict, expected, "{suite:?}");
    }
}

#[test]
fn validity_window_uses_the_callers_clock() {
    let key = KeyPair::generate().unwrap();
    let mut doc = unsigned(&key.controller);
    doc["validUntil"] = json!("2025-03-03T12:00:00Z");
    let signed = sign(&doc, &key, Suite::EddsaJcs2022);
    let bytes = serde_json::to_vec(&signed).unwrap();

    let expired = verify::verify(&bytes, &VerifyOptions::at(NOW)).unwrap();
    assert_eq!(expired.verdict, Verdict::Invalid);
    let validity = expired.check("validity").unwrap();
    assert_eq!(validity.outcome, Outcome::Failed);
    assert!(
        validity.detail.contains("3 March 2025"),
        "{}",
        validity.detail
    );

    let early = verify::verify(&bytes, &VerifyOptions::at(1_704_067_200)).unwrap(); // 2024-01-01
    assert_eq!(early.verdict, Verdict::Invalid);
    assert!(
        early
            .check("validity")
            .unwrap()
            .detail
            .contains("1 January 2025")
    );

    let within = verify::verify(&bytes, &VerifyOptions::at(1_738_368_000)).unwrap(); // 2025-02-01
    assert_eq!(within.verdict, Verdict::Verified, "{:?}", within.checks);
}

#[test]
fn an_unsupported_cryptosuite_is_an_error_not_verified() {
    let key = KeyPair::generate().unwrap();
    let mut doc = sign(&unsigned(&key.controller), &key, Suite::EddsaJcs2022);
    set(&mut doc, "/proof/cryptosuite", json!("example-suite-2099"));
    let report = check(&doc);
    assert_eq!(report.verdict, Verdict::Error, "{:?}", report.checks);
    assert!(report.error.unwrap().message.contains("example-suite-2099"));
}

/// An EdDSA proof relabelled as an ECDSA one: the Ed25519 key cannot have
/// made it, so it is refused (or, in a build without `ecdsa`, not checked).
#[test]
fn an_eddsa_proof_relabelled_ecdsa_is_never_verified() {
    let key = KeyPair::generate().unwrap();
    let mut doc = sign(&unsigned(&key.controller), &key, Suite::EddsaJcs2022);
    set(&mut doc, "/proof/cryptosuite", json!("ecdsa-jcs-2019"));
    let report = check(&doc);
    let want = if cfg!(feature = "ecdsa") {
        Verdict::Invalid
    } else {
        Verdict::Error
    };
    assert_eq!(report.verdict, want, "{:?}", report.checks);
}

#[test]
fn an_undefined_proof_type_is_never_verified() {
    let key = KeyPair::generate().unwrap();
    let mut doc = sign(&unsigned(&key.controller), &key, Suite::EddsaJcs2022);
    set(&mut doc, "/proof/type", json!("SomeProofType"));
    let report = check(&doc);
    assert_ne!(report.verdict, Verdict::Verified, "{:?}", report.checks);
    let proof = report.check("proof").unwrap();
    assert_eq!(proof.outcome, Outcome::Skipped);
    assert!(proof.detail.contains("SomeProofType"), "{}", proof.detail);
}

#[cfg(feature = "jsonld-full")]
#[test]
fn signing_refuses_undefined_terms_naming_them() {
    let key = KeyPair::generate().unwrap();
    let mut doc = unsigned(&key.controller);
    doc["credentialSubject"]["favouriteColour"] = json!("blue");
    let options = ProofOptions {
        suite: Suite::EddsaJcs2022,
        verification_method: key.id.clone(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    let err = proof::create_proof(&doc, &key, &options, &ProofEnv::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("favouriteColour"), "{message}");
    assert!(
        message.contains("$.credentialSubject.favouriteColour"),
        "{message}"
    );
}
