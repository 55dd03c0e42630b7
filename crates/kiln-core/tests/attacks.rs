//! Attacks on the verifier's word: a changed or forged badge must never read
//! "verified". Each attack starts from a valid signed credential (signed here
//! with eddsa-rdfc-2022 and eddsa-jcs-2022, and published Ed25519Signature2020
//! and eddsa-rdfc-2022 credentials) and rewrites it so that its RDF dataset,
//! which an RDF proof covers, stays the same while what a reader of JSON
//! member names sees changes (see `attack_cases`).
#![cfg(all(feature = "sign", feature = "jsonld-compact"))]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use crate::attack_cases;

use kiln_core::jsonld::{self, ContextStore};
use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{self, Outcome, Verdict, VerifyOptions};
use kiln_core::{Limits, multibase};
use serde_json::{Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn unsigned(issuer: &str, expired: bool) -> Value {
    let mut doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:2f1a4b52-8f0e-4a43-9c1c-7c3e3b5d9a01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Barista",
        "issuer": { "id": issuer, "type": ["Profile"], "name": "École de Café" },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityHash": "learner@example.com",
                "identityType": "emailAddress",
                "hashed": false
            }],
            "achievement": {
                "id": "https://example.edu/achievements/barista",
                "type": ["Achievement"],
                "name": "Barista",
                "description": "Makes a latte with art.",
                "criteria": { "narrative": "Pass the practical exam." }
            }
        },
        "credentialStatus": {
            "id": "https://example.edu/status/1#42",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "42",
            "statusListCredential": "https://example.edu/status/1"
        }
    });
    if expired {
        doc["validUntil"] = json!("2025-06-01T00:00:00Z");
    }
    doc
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

fn check(doc: &Value, options: &VerifyOptions) -> verify::Report {
    let bytes = serde_json::to_vec(doc).unwrap();
    let report = verify::verify_to_report(&bytes, options);
    // Every sentence of every attack's report is the English catalog's.
    crate::i18n_catalogs::assert_rendered(&report);
    report
}

fn fixture(name: &str) -> Value {
    let path = format!(
        "{}/../../tests/fixtures/verify/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The canonical N-Quads of a credential without its proof, when the full
/// processor reads it.
fn dataset(doc: &Value) -> Option<String> {
    let mut d = doc.clone();
    d.as_object_mut()?.remove("proof");
    jsonld::canonicalize(&d, &ContextStore::bundled(), &Limits::default()).ok()
}

/// The named checks that did not pass, or the error code.
fn why_not(report: &verify::Report) -> String {
    let failed: Vec<&str> = report
        .checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| c.check)
        .collect();
    match (&report.error, failed.is_empty()) {
        (Some(e), true) => format!("error {}", e.code),
        _ => failed.join(", "),
    }
}

struct Base {
    name: String,
    doc: Value,
    rdf: bool,
}

fn bases() -> Vec<Base> {
    let key = KeyPair::generate().unwrap();
    let issuer = key.controller.clone();
    let mut out = Vec::new();
    for (suite, rdf) in [(Suite::EddsaRdfc2022, true), (Suite::EddsaJcs2022, false)] {
        for expired in [false, true] {
            out.push(Base {
                name: format!(
                    "{} (Kiln{})",
                    suite.name(),
                    if expired { ", expired" } else { "" }
                ),
                doc: sign(&unsigned(&issuer, expired), &key, suite),
                rdf,
            });
        }
    }
    for (file, rdf) in [
        ("dcc-v2-ed25519-didkey.json", true),
        ("x-dcc-v1-ed25519-expired.json", true),
        ("dcc-v2-rdfc-didkey-basic.json", true),
    ] {
        out.push(Base {
            name: file.into(),
            doc: fixture(file),
            rdf,
        });
    }
    out
}

#[test]
fn the_originals_read_as_they_should() {
    for base in bases() {
        let report = check(&base.doc, &VerifyOptions::at(NOW));
        let expect = if base.name.contains("expired") {
            Verdict::Invalid
        } else {
            Verdict::Verified
        };
        assert_eq!(
            report.verdict, expect,
            "{}: {:#?}",
            base.name, report.checks
        );
    }
}

#[test]
fn no_rewriting_reads_verified() {
    let mut same_dataset = 0;
    let mut tried = 0;
    for base in bases() {
        let original = base.rdf.then(|| dataset(&base.doc)).flatten();
        for (name, attack) in attack_cases::rewrites(&base.doc) {
            tried += 1;
            if original.is_some() && dataset(&attack) == original {
                same_dataset += 1;
            }
            let report = check(&attack, &VerifyOptions::at(NOW));
            assert_ne!(
                report.verdict,
                Verdict::Verified,
                "{} / {name} reads verified: {:#?}",
                base.name,
                report.checks
            );
            let why = why_not(&report);
            assert!(!why.is_empty(), "{} / {name}: no reason named", base.name);
        }
    }
    // The rewritings are real attacks: most keep the signed dataset, so an
    // RDF proof alone would still match.
    assert!(tried >= 60, "{tried} attacks tried");
    assert!(
        same_dataset >= 20,
        "only {same_dataset} of {tried} rewritings keep the dataset"
    );
}

#[test]
fn a_dropped_fake_recipient_does_not_pass_the_recipient_check() {
    for base in bases().into_iter().filter(|b| b.rdf) {
        for (name, attack) in attack_cases::rewrites(&base.doc) {
            if !name.contains("recipient") {
                continue;
            }
            let mut options = VerifyOptions::at(NOW);
            options.recipient = Some("attacker@example.com".into());
            let report = check(&attack, &options);
            assert_ne!(report.verdict, Verdict::Verified, "{}: {name}", base.name);
        }
    }
}

#[test]
fn the_json_view_mismatch_is_named() {
    let key = KeyPair::generate().unwrap();
    let doc = sign(&unsigned(&key.controller, true), &key, Suite::EddsaRdfc2022);
    let attack = attack_cases::rewrites(&doc)
        .into_iter()
        .find(|(n, _)| n == "validity date as an absolute IRI")
        .unwrap()
        .1;
    let report = check(&attack, &VerifyOptions::at(NOW));
    if !cfg!(feature = "jsonld-full") {
        // The compact processor alone leaves the value object to the full
        // build ("could not check", with the full build asked for).
        assert_eq!(report.verdict, Verdict::Error);
        return;
    }
    assert_eq!(
        dataset(&attack),
        dataset(&doc),
        "the attack keeps the dataset"
    );
    assert_eq!(report.verdict, Verdict::Invalid);
    let check = report.check("jsonld-safe").unwrap();
    assert_eq!(check.outcome, Outcome::Failed);
    assert!(check.detail.contains("$.validUntil"), "{}", check.detail);
}

#[test]
fn signing_refuses_what_would_not_verify() {
    let key = KeyPair::generate().unwrap();
    let doc = unsigned(&key.controller, false);
    for (name, attack) in attack_cases::rewrites(&doc) {
        let options = ProofOptions {
            suite: Suite::EddsaRdfc2022,
            verification_method: key.id.clone(),
            created: "2025-01-01T00:00:00Z".into(),
            proof_purpose: "assertionMethod".into(),
        };
        let signed = proof::create_proof(&attack, &key, &options, &ProofEnv::default());
        assert!(
            signed.is_err(),
            "{name}: signed a document Kiln would not verify"
        );
    }
}

/// A JCS proof with the given extra proof options, made by hand (Kiln's
/// signer does not write `expires`).
fn jcs_with(doc: &Value, key: &KeyPair, extra: Value) -> Value {
    let mut config = json!({
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-jcs-2022",
        "created": "2025-01-01T00:00:00Z",
        "verificationMethod": key.id,
        "proofPurpose": "assertionMethod",
        "@context": doc["@context"].clone(),
    });
    for (k, v) in extra.as_object().unwrap() {
        config[k] = v.clone();
    }
    let hash = proof::eddsa_jcs::hash_data(doc, &config).unwrap();
    let mut p = config.clone();
    p["proofValue"] = json!(multibase::encode_base58btc(&key.sign(&hash)));
    let mut out = doc.clone();
    out["proof"] = p;
    out
}

#[test]
fn an_expired_proof_fails_and_a_future_one_warns() {
    let key = KeyPair::generate().unwrap();
    let doc = unsigned(&key.controller, false);
    let fresh = jcs_with(&doc, &key, json!({"expires": "2030-01-01T00:00:00Z"}));
    assert_eq!(
        check(&fresh, &VerifyOptions::at(NOW)).verdict,
        Verdict::Verified
    );

    let expired = jcs_with(&doc, &key, json!({"expires": "2025-06-01T00:00:00Z"}));
    let report = check(&expired, &VerifyOptions::at(NOW));
    assert_eq!(report.verdict, Verdict::Invalid);
    let proof = report.check("proof").unwrap();
    assert_eq!(proof.outcome, Outcome::Failed);
    assert!(proof.detail.contains("expired"), "{}", proof.detail);

    let future = jcs_with(&doc, &key, json!({"created": "2027-01-01T00:00:00Z"}));
    let report = check(&future, &VerifyOptions::at(NOW));
    assert_eq!(report.verdict, Verdict::Verified);
    assert!(
        report.warnings.iter().any(|w| w.contains("later than now")),
        "{:?}",
        report.warnings
    );
}
