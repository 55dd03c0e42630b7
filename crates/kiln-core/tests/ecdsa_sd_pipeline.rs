//! ecdsa-sd-2023 through the whole verifier: an Open Badges 3.0 credential
//! signed with a base proof by a did:key P-256 issuer, derived by the holder
//! with the default mandatory pointers, and checked by `kiln_core::verify`;
//! the report names what was disclosed. Changed copies are refused and a
//! base proof is "could not check" with its reason.
#![cfg(all(feature = "ecdsa", feature = "sign"))]
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use kiln_core::proof::ProofEnv;
use kiln_core::proof::ecdsa_sd::{self, BaseOptions};
use kiln_core::verify::{Report, Verdict, VerifyOptions, verify};
use serde_json::{Value, json};

/// 2026-01-01.
const NOW: i64 = 1_767_225_600;

fn key(seed: u8) -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&[seed; 32]).unwrap()
}

fn credential(issuer: &str) -> Value {
    json!({
        "@context": [kiln_core::issue::VC_2_0, kiln_core::issue::OB_3_0_3],
        "id": "urn:uuid:2f8a3c9e-1b7d-4e0a-9c55-3d2f6a1b8e47",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Kiln Glaze Chemistry — Stufe 2",
        "description": "Zweite Stufe: Glasuren mischen und brennen. 釉薬の基礎。",
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Töpferei Åsa & Søn"},
        "validFrom": "2025-06-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/achievements/glaze-2",
                "type": ["Achievement"],
                "name": "Glaze Chemistry II",
                "description": "Mixes and fires stoneware glazes.",
                "criteria": {"narrative": "Fired three test tiles at cone 6."}
            },
            "result": [{"type": ["Result"], "value": "92"}]
        }
    })
}

/// A base-signed credential and the issuer's did:key.
fn signed() -> (Value, String) {
    let issuer_key = key(7);
    let mb = ecdsa_sd::p256_to_multikey(issuer_key.verifying_key());
    let did = format!("did:key:{mb}");
    let doc = credential(&did);
    let opts = BaseOptions {
        verification_method: format!("{did}#{mb}"),
        created: "2025-06-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
        mandatory_pointers: ecdsa_sd::default_mandatory_pointers(&doc),
    };
    let base = ecdsa_sd::create_base_proof(
        &doc,
        &issuer_key,
        &opts,
        &[0x42; 32],
        &key(9),
        &ProofEnv::default(),
    )
    .unwrap();
    (base, did)
}

fn check(doc: &Value) -> Report {
    verify(doc.to_string().as_bytes(), &VerifyOptions::at(NOW)).unwrap()
}

fn outcome(r: &Report, name: &str) -> String {
    r.check(name)
        .map(|c| format!("{:?}: {}", c.outcome, c.detail))
        .unwrap_or_default()
}

#[test]
fn default_pointers_keep_what_ob3_requires() {
    let (base, _) = signed();
    let pointers = ecdsa_sd::default_mandatory_pointers(&base);
    for p in [
        "/id",
        "/type",
        "/name",
        "/issuer",
        "/validFrom",
        "/credentialSubject/type",
        "/credentialSubject/achievement",
    ] {
        assert!(pointers.iter().any(|q| q == p), "{p}: {pointers:?}");
    }
    assert!(
        !pointers.iter().any(|q| q == "/validUntil"),
        "absent members are left out"
    );
}

#[test]
fn minimal_disclosure_verifies_and_names_what_was_shown() {
    let (base, _) = signed();
    let derived = ecdsa_sd::derive(&base, &[], &ProofEnv::default()).unwrap();
    assert!(derived.get("description").is_none());
    assert!(derived["credentialSubject"].get("result").is_none());
    let r = check(&derived);
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    assert!(
        outcome(&r, "jsonld-safe").starts_with("Passed"),
        "{:#?}",
        r.checks
    );
    let d = outcome(&r, "disclosure");
    assert!(d.starts_with("Passed"), "{d}");
    assert!(d.contains("/credentialSubject/achievement/name"), "{d}");
    assert!(d.contains("withheld by the holder"), "{d}");
    let disclosed = r.credential.as_ref().unwrap()["disclosed"].clone();
    assert!(
        disclosed
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p == "/issuer/name"),
        "{disclosed}"
    );
    assert!(!disclosed.to_string().contains("/result"), "{disclosed}");
}

#[test]
fn revealed_claims_verify() {
    let (base, _) = signed();
    let reveal = [
        "/description".to_owned(),
        "/credentialSubject/result/0".to_owned(),
    ];
    let derived = ecdsa_sd::derive(&base, &reveal, &ProofEnv::default()).unwrap();
    assert_eq!(derived["description"], base["description"]);
    let r = check(&derived);
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    assert!(outcome(&r, "disclosure").contains("/credentialSubject/result/0/value"));
}

#[test]
fn changed_copies_are_refused() {
    let (base, did) = signed();
    let derived = ecdsa_sd::derive(&base, &[], &ProofEnv::default()).unwrap();

    let mut renamed = derived.clone();
    renamed["credentialSubject"]["achievement"]["name"] = "Glaze Chemistry III".into();
    assert_eq!(check(&renamed).verdict, Verdict::Invalid);

    // A claim the holder withheld, added back beside the derived proof.
    let mut added = derived.clone();
    added["description"] = base["description"].clone();
    let r = check(&added);
    assert_eq!(r.verdict, Verdict::Invalid, "{:#?}", r.checks);

    // The derived proof moved to another credential of the same issuer.
    let mut other = credential(&did);
    other["credentialSubject"]["id"] = "did:example:someone-else".into();
    other["proof"] = derived["proof"].clone();
    assert_eq!(check(&other).verdict, Verdict::Invalid);

    // Another issuer named: the key is not theirs.
    let mut forged = derived.clone();
    forged["issuer"]["id"] = "did:example:university".into();
    assert_eq!(check(&forged).verdict, Verdict::Invalid);
}

#[test]
fn a_base_proof_is_for_the_holder() {
    let (base, _) = signed();
    let r = check(&base);
    assert_eq!(r.verdict, Verdict::Error, "{:#?}", r.checks);
    let e = r.error.as_ref().unwrap();
    assert_eq!(e.code, "ecdsa-sd-base-proof");
    assert!(e.message.contains("holder"), "{}", e.message);
    assert!(!outcome(&r, "proof").starts_with("Passed"));
}

/// A VC 1.1 credential gets the Data Integrity context (its own contexts do
/// not define the proof's terms); a derived copy without it is refused,
/// since the proof options would not all be signed.
#[test]
fn vc_1_1_needs_the_data_integrity_context() {
    let issuer_key = key(11);
    let mb = ecdsa_sd::p256_to_multikey(issuer_key.verifying_key());
    let did = format!("did:key:{mb}");
    let mut doc = credential(&did);
    doc["@context"][0] = "https://www.w3.org/2018/credentials/v1".into();
    let from = doc.as_object_mut().unwrap().remove("validFrom").unwrap();
    doc["issuanceDate"] = from;
    let opts = BaseOptions {
        verification_method: format!("{did}#{mb}"),
        created: "2025-06-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
        mandatory_pointers: ecdsa_sd::default_mandatory_pointers(&doc),
    };
    let env = ProofEnv::default();
    let base =
        ecdsa_sd::create_base_proof(&doc, &issuer_key, &opts, &[1; 32], &key(12), &env).unwrap();
    assert_eq!(
        base["@context"][2],
        "https://w3id.org/security/data-integrity/v2"
    );
    let derived = ecdsa_sd::derive(&base, &[], &env).unwrap();
    let r = check(&derived);
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    let mut stripped = derived.clone();
    stripped["@context"].as_array_mut().unwrap().pop();
    let r = check(&stripped);
    assert_ne!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    assert!(
        !outcome(&r, "proof").starts_with("Passed"),
        "{:#?}",
        r.checks
    );
}
