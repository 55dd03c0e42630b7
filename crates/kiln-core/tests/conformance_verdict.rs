//! The verdict rule: genuine but imperfect is not forged. Authenticity
//! (proof, issuer, proof purpose, validity, status) decides `invalid`;
//! conformance (structure, schema) gives a warning on a verified badge; a
//! badge whose proof could not be checked is never `invalid` for its shape.
//! Every credential here is built and signed in the test.
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kiln_core::Limits;
use kiln_core::key::{KeyPair, SecretKey, didweb};
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{self, Documents, Outcome, Report, Verdict, VerifyOptions};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";
const CREDLY_DID: &str =
    "did:web:www.credly.com:api:v1:obi:v3:issuers:6a1d2c4e-0b7f-4f0e-9d55-3f9e5c1a7b21";
const REVOCATION_URL: &str =
    "https://www.credly.com/api/v1/obi/v3/revocation_lists/6a1d2c4e-0b7f-4f0e-9d55-3f9e5c1a7b21";
const EMAIL: &str = "jane.doe@example.com";
const BADGE_ID: &str =
    "https://www.credly.com/api/v1/obi/v3/credentials/0d5c7a3e-9e6b-4c11-8b2f-3d6e0f1c2a44";

fn key(seed: u8) -> KeyPair {
    KeyPair::from_secret(SecretKey::from_bytes(&[seed; 32]))
}

/// A key published as `<did>#key-1`.
fn did_web_key(seed: u8, did: &str) -> KeyPair {
    let mut v: Value = serde_json::from_str(&key(seed).to_json()).unwrap();
    v["id"] = json!(format!("{did}#key-1"));
    v["controller"] = json!(did);
    KeyPair::from_json(&v.to_string()).unwrap()
}

fn suites() -> Vec<Suite> {
    let mut s = vec![Suite::EddsaJcs2022];
    if cfg!(feature = "jsonld-full") {
        s.push(Suite::EddsaRdfc2022);
    }
    s
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

fn run(doc: &Value, options: &VerifyOptions) -> Report {
    verify::verify_to_report(doc.to_string().as_bytes(), options)
}

fn outcome(r: &Report, check: &str) -> Option<Outcome> {
    r.check(check).map(|c| c.outcome)
}

fn explain(r: &Report) -> String {
    serde_json::to_string_pretty(&r.to_json()).unwrap()
}

/// A complete OB 3.0 badge by `issuer`.
fn badge(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
        ],
        "id": BADGE_ID,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Cloud Practitioner",
        "issuer": { "id": issuer, "type": ["Profile"], "name": "Example Learning" },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner-42",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.org/achievements/cloud",
                "type": ["Achievement"],
                "name": "Cloud Practitioner",
                "description": "Knows the cloud.",
                "criteria": { "narrative": "Pass the exam." }
            }
        }
    })
}

/// An alignment whose optional `targetDescription` is `null` (as Credly
/// exports carry): the OB 3.0 JSON Schema allows only a string there.
fn with_null_target_description(mut doc: Value) -> Value {
    doc["credentialSubject"]["achievement"]["alignment"] = json!([{
        "type": ["Alignment"],
        "targetName": "Cloud skills framework, level 1",
        "targetUrl": "https://example.org/frameworks/cloud/1",
        "targetDescription": null
    }]);
    doc["credentialSchema"] = json!([{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]);
    doc
}

#[test]
fn a_null_in_an_optional_field_is_a_warning_on_a_verified_badge() {
    let k = key(1);
    let doc = with_null_target_description(badge(&k.public.did_key()));
    for suite in suites() {
        let r = run(&sign(&doc, &k, suite), &VerifyOptions::at(NOW));
        assert_eq!(r.verdict, Verdict::Verified, "{suite:?}: {}", explain(&r));
        if cfg!(feature = "schema") {
            assert_eq!(outcome(&r, "schema"), Some(Outcome::Failed), "{suite:?}");
            let first = r.warnings.first().unwrap();
            assert!(
                first.starts_with("Verified; does not fully follow Open Badges 3.0:"),
                "{first}"
            );
            assert!(first.contains("targetDescription"), "{first}");
        } else {
            assert_eq!(outcome(&r, "schema"), Some(Outcome::Skipped), "{suite:?}");
        }
    }
}

/// The same badge with a signed value changed is still `invalid`: the
/// conformance rule never softens a failed signature.
#[test]
fn a_changed_imperfect_badge_is_still_invalid() {
    let k = key(1);
    let doc = with_null_target_description(badge(&k.public.did_key()));
    for suite in suites() {
        let mut signed = sign(&doc, &k, suite);
        signed["credentialSubject"]["achievement"]["alignment"][0]["targetName"] =
            json!("Cloud skills framework, level 5");
        let r = run(&signed, &VerifyOptions::at(NOW));
        assert_eq!(r.verdict, Verdict::Invalid, "{suite:?}: {}", explain(&r));
        assert_eq!(outcome(&r, "proof"), Some(Outcome::Failed));
    }
}

/// A required part missing (no credential id, no achievement
/// description) is said as such, on a verified badge.
#[test]
fn a_missing_required_part_is_named() {
    let k = key(2);
    let mut doc = badge(&k.public.did_key());
    doc.as_object_mut().unwrap().remove("id");
    doc["credentialSubject"]["achievement"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    for suite in suites() {
        let r = run(&sign(&doc, &k, suite), &VerifyOptions::at(NOW));
        assert_eq!(r.verdict, Verdict::Verified, "{suite:?}: {}", explain(&r));
        let structure = r.check("structure").unwrap();
        assert_eq!(structure.outcome, Outcome::Failed);
        assert!(
            structure.detail.contains("requires"),
            "{}",
            structure.detail
        );
        let first = r.warnings.first().unwrap();
        assert!(first.contains("$.id is missing"), "{first}");
        assert!(
            first.contains("$.credentialSubject.achievement.description is missing"),
            "{first}"
        );
    }
}

/// A signed credential that is not a badge at all (no achievement, not an
/// OpenBadgeCredential) is `invalid`, the structure check saying why.
#[test]
fn a_document_that_is_not_a_badge_is_invalid() {
    let k = key(3);
    let mut doc = badge(&k.public.did_key());
    doc["type"] = json!(["VerifiableCredential"]);
    doc["credentialSubject"]
        .as_object_mut()
        .unwrap()
        .remove("achievement");
    for suite in suites() {
        let r = run(&sign(&doc, &k, suite), &VerifyOptions::at(NOW));
        assert_eq!(r.verdict, Verdict::Invalid, "{suite:?}: {}", explain(&r));
        let structure = r.check("structure").unwrap();
        assert!(
            structure.detail.starts_with("This is not an Open Badge"),
            "{}",
            structure.detail
        );
    }
}

/// A badge whose proof cannot be checked (a suite Kiln does not know) with
/// a shape slip too: "could not check", never `invalid` for its shape.
#[test]
fn an_unchecked_proof_is_never_invalid_for_shape_alone() {
    let k = key(4);
    let mut doc = badge(&k.public.did_key());
    doc.as_object_mut().unwrap().remove("id");
    let mut signed = sign(&doc, &k, Suite::EddsaJcs2022);
    signed["proof"]["cryptosuite"] = json!("bbs-2023");
    let r = run(&signed, &VerifyOptions::at(NOW));
    assert_eq!(r.verdict, Verdict::Error, "{}", explain(&r));
    assert_eq!(outcome(&r, "structure"), Some(Outcome::Failed));
    assert!(
        r.warnings
            .iter()
            .any(|w| w.starts_with("Does not fully follow Open Badges 3.0")),
        "{:?}",
        r.warnings
    );
}

/// A Credly-like OB 3.0 export: a did:web issuer under credly.com, the
/// earner's name as the credential name, an unsalted email hash in
/// `identifier` and no subject `id`, a `1EdTechRevocationList` status
/// entry, a `1EdTechJsonSchemaValidator2019` schema entry and a `null`
/// targetDescription. Its DID document and revocation list are pinned.
fn credly_like(k: &KeyPair) -> Value {
    let mut doc = with_null_target_description(badge(CREDLY_DID));
    doc["name"] = json!("Jane Doe");
    doc["issuer"]["name"] = json!("Example Learning (via Credly)");
    let hash: String = Sha256::digest(EMAIL.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    doc["credentialSubject"] = json!({
        "type": ["AchievementSubject"],
        "identifier": [{
            "type": "IdentityObject",
            "identityType": "emailAddress",
            "hashed": true,
            "identityHash": format!("sha256${hash}")
        }],
        "achievement": doc["credentialSubject"]["achievement"].clone()
    });
    doc["credentialStatus"] = json!({"id": REVOCATION_URL, "type": "1EdTechRevocationList"});
    sign(&doc, k, Suite::EddsaJcs2022)
}

fn credly_documents(k: &KeyPair, revoked: &[&str]) -> Documents {
    let did_doc = didweb::document(CREDLY_DID, &k.public).unwrap();
    let list = json!({
        "id": REVOCATION_URL,
        "issuer": CREDLY_DID,
        "revokedCredentials": revoked
            .iter()
            .map(|id| json!({"id": id, "revocationReason": "Issued in error."}))
            .collect::<Vec<_>>()
    });
    let set = json!({ CREDLY_DID: did_doc, REVOCATION_URL: list });
    Documents::from_json(&set.to_string(), &Limits::default()).unwrap()
}

#[test]
fn a_credly_like_export_reads_as_what_it_is() {
    let k = did_web_key(5, CREDLY_DID);
    let signed = credly_like(&k);
    let mut o = VerifyOptions::at(NOW);
    o.use_documents(credly_documents(&k, &[]));
    o.recipient = Some(EMAIL.into());
    let r = run(&signed, &o);
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    for check in [
        "proof",
        "issuer",
        "proof-purpose",
        "validity",
        "status",
        "recipient",
    ] {
        assert_eq!(
            outcome(&r, check),
            Some(Outcome::Passed),
            "{check}: {}",
            explain(&r)
        );
    }
    assert_eq!(outcome(&r, "structure"), Some(Outcome::Passed));
    let c = r.credential.as_ref().unwrap();
    assert_eq!(c["name"], "Jane Doe");
    assert_eq!(c["issuer"]["id"], CREDLY_DID);
    assert_eq!(
        c["subject"]["identifier"][0]["identityType"],
        "emailAddress"
    );
    assert_eq!(r.to_json()["identity"]["status"], "domain");
    let identity = r.to_json()["identity"]["detail"].to_string();
    assert!(identity.contains("documents given to Kiln"), "{identity}");
    if cfg!(feature = "schema") {
        assert!(
            r.warnings[0].starts_with("Verified; does not fully follow Open Badges 3.0:"),
            "{:?}",
            r.warnings
        );
    }
    assert!(
        r.warnings
            .iter()
            .any(|w| w.starts_with("Read from the documents given to Kiln")
                && w.contains(REVOCATION_URL)),
        "{:?}",
        r.warnings
    );
}

/// The same export revoked: `invalid`, the status check saying so.
#[test]
fn a_revoked_credly_like_export_is_invalid() {
    let k = did_web_key(5, CREDLY_DID);
    let signed = credly_like(&k);
    let mut o = VerifyOptions::at(NOW);
    o.use_documents(credly_documents(&k, &[BADGE_ID]));
    let r = run(&signed, &o);
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    let status = r.check("status").unwrap();
    assert_eq!(status.outcome, Outcome::Failed);
    assert!(status.detail.contains("revoked"), "{}", status.detail);
    assert_eq!(r.to_json()["standing"], json!(["revoked"]));
}

/// Expired and revoked at once: both in the report's standing, in order;
/// a badge in good standing has none.
#[test]
fn the_standing_names_expired_and_revoked() {
    let k = did_web_key(5, CREDLY_DID);
    let mut o = VerifyOptions::at(NOW);
    o.use_documents(credly_documents(&k, &[BADGE_ID]));
    let mut doc = badge(CREDLY_DID);
    doc["validUntil"] = json!("2025-06-01T00:00:00Z");
    doc["credentialStatus"] = json!({"id": REVOCATION_URL, "type": "1EdTechRevocationList"});
    let r = run(&sign(&doc, &k, Suite::EddsaJcs2022), &o);
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert_eq!(r.to_json()["standing"], json!(["expired", "revoked"]));
    let fine = run(
        &sign(
            &badge(&key(1).public.did_key()),
            &key(1),
            Suite::EddsaJcs2022,
        ),
        &VerifyOptions::at(NOW),
    );
    assert_eq!(fine.verdict, Verdict::Verified, "{}", explain(&fine));
    assert!(fine.to_json().get("standing").is_none());
}

/// Signed by a key the Credly DID document does not list: `invalid` or
/// "could not check", never verified, whatever the pinned set says.
#[test]
fn a_credly_like_export_signed_by_another_key_is_not_verified() {
    let k = did_web_key(5, CREDLY_DID);
    let forger = did_web_key(6, CREDLY_DID);
    let signed = credly_like(&forger);
    let mut o = VerifyOptions::at(NOW);
    o.use_documents(credly_documents(&k, &[]));
    let r = run(&signed, &o);
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}
