//! Credentials from the wild (tests/fixtures/wild/, sources in its README):
//! the Ed25519Signature2018 badges of the JFF plugfests, Diwala and MATTR
//! give what their issuers meant, with the documents pinned from
//! `documents.json`; a changed copy of each is refused.
#![cfg(all(feature = "legacy", feature = "jsonld-full"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use kiln_core::Limits;
use kiln_core::verify::{self, Documents, Outcome, Report, Verdict, VerifyOptions};
use serde_json::Value;

/// 2026-01-01, after every sample was issued.
const NOW: i64 = 1_767_225_600;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/wild")
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap()
}

fn documents() -> Documents {
    let text = std::fs::read_to_string(dir().join("documents.json")).unwrap();
    Documents::from_json(&text, &Limits::default()).unwrap()
}

fn options(pinned: bool) -> VerifyOptions {
    let mut o = VerifyOptions::at(NOW);
    if pinned {
        o.use_documents(documents());
    }
    o
}

fn run(input: &[u8], o: &VerifyOptions) -> Report {
    verify::verify_to_report(input, o)
}

fn outcome(r: &Report, check: &str) -> Option<Outcome> {
    r.check(check).map(|c| c.outcome)
}

fn explain(r: &Report) -> String {
    serde_json::to_string_pretty(&r.to_json()).unwrap()
}

const ED25519_2018: [&str; 3] = [
    "jff-plugfest1-ex1.json",
    "jff-plugfest3-signed.json",
    "diwala-plugfest2-2023.json",
];

#[test]
fn ed25519_signature_2018_samples_verify() {
    for name in ED25519_2018 {
        let r = run(&sample(name), &options(true));
        assert_eq!(
            outcome(&r, "proof"),
            Some(Outcome::Passed),
            "{name}: {}",
            explain(&r)
        );
        assert_eq!(outcome(&r, "issuer"), Some(Outcome::Passed), "{name}");
        assert_eq!(r.verdict, Verdict::Verified, "{name}: {}", explain(&r));
        assert_eq!(
            r.credential.as_ref().unwrap()["proofType"],
            "Ed25519Signature2018",
            "{name}"
        );
    }
}

/// JFF plugfest 1 is a pre-final OB 3.0 shape (no credential or
/// achievement id, its own context): genuine, so verified, with the
/// conformance warning naming what is missing.
#[test]
fn pre_final_shape_is_verified_with_a_conformance_warning() {
    let r = run(&sample("jff-plugfest1-ex1.json"), &options(true));
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(outcome(&r, "structure"), Some(Outcome::Failed));
    let first = r.warnings.first().unwrap();
    assert!(
        first.starts_with("Verified; does not fully follow Open Badges 3.0"),
        "{first}"
    );
    assert!(first.contains("$.id is missing"), "{first}");
}

/// Each sample with one signed value changed: the proof fails, `invalid`,
/// however conformant or not its shape.
#[test]
fn a_changed_sample_is_invalid() {
    for name in ED25519_2018 {
        let mut doc: Value = serde_json::from_slice(&sample(name)).unwrap();
        let achievement = &mut doc["credentialSubject"]["achievement"];
        let old = achievement["name"].as_str().unwrap().to_owned();
        achievement["name"] = Value::String(format!("{old} (with honours)"));
        let r = run(doc.to_string().as_bytes(), &options(true));
        assert_eq!(r.verdict, Verdict::Invalid, "{name}: {}", explain(&r));
        assert_eq!(outcome(&r, "proof"), Some(Outcome::Failed), "{name}");
    }
}

/// The proof's own options are signed too: a changed `created` fails.
#[test]
fn a_changed_proof_option_is_invalid() {
    let mut doc: Value = serde_json::from_slice(&sample("jff-plugfest3-signed.json")).unwrap();
    doc["proof"]["created"] = Value::String("2023-10-03T13:13:57.148Z".into());
    let r = run(doc.to_string().as_bytes(), &options(true));
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

/// A JWS header other than the suite's exact one is refused, whatever the
/// signature: built from the sample's own header with one member added.
#[test]
fn a_changed_jws_header_is_refused() {
    use kiln_core::base64url;
    let mut doc: Value = serde_json::from_slice(&sample("diwala-plugfest2-2023.json")).unwrap();
    let jws = doc["proof"]["jws"].as_str().unwrap().to_owned();
    let (header, rest) = jws.split_once('.').unwrap();
    let mut h: Value = serde_json::from_slice(&base64url::decode(header).unwrap()).unwrap();
    h["kid"] = Value::String("did:example:other#key".into());
    let forged = format!("{}.{rest}", base64url::encode(h.to_string().as_bytes()));
    doc["proof"]["jws"] = Value::String(forged);
    let r = run(doc.to_string().as_bytes(), &options(true));
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    let proof = r.check("proof").unwrap();
    assert!(proof.detail.contains("kid"), "{}", proof.detail);
}

/// MATTR's badge needs its did:web document and its own context, which
/// are not in the pinned set: "could not check" with the reason, never
/// verified, never invalid for that.
#[test]
fn mattr_without_its_documents_could_not_be_checked() {
    let r = run(&sample("mattr-plugfest2.json"), &options(true));
    assert_eq!(r.verdict, Verdict::Error, "{}", explain(&r));
    let error = r.error.as_ref().unwrap();
    assert!(!error.message.is_empty());
}

/// A did:web issuer (DCC's test fixture, eddsa-rdfc-2022): offline and
/// without documents "could not check"; with its DID document pinned,
/// verified, and the report says the document came from the given set.
#[test]
fn a_pinned_did_document_takes_the_place_of_a_fetch() {
    let input = sample("dcc-v1-di-didweb.json");
    let r = run(&input, &options(false));
    assert_eq!(r.verdict, Verdict::Error, "{}", explain(&r));
    let r = run(&input, &options(true));
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(outcome(&r, "issuer"), Some(Outcome::Passed));
    let said = r
        .warnings
        .iter()
        .find(|w| w.starts_with("Read from the documents given to Kiln"))
        .unwrap_or_else(|| panic!("{:?}", r.warnings));
    assert!(
        said.contains("https://digitalcredentials.github.io/vc-test-fixtures/dids/oidf/did.json"),
        "{said}"
    );
}

/// A pinned DID document that lists another key refutes the proof's key:
/// the pinned set is read by the same rules as a fetched document.
#[test]
fn a_pinned_document_is_held_to_the_same_rules() {
    let text = std::fs::read_to_string(dir().join("documents.json")).unwrap();
    let mut set: Value = serde_json::from_str(&text).unwrap();
    let did = "did:web:digitalcredentials.github.io:vc-test-fixtures:dids:oidf";
    let doc = &mut set["documents"][did]["document"];
    // Swap in the key of the other DCC document: same shape, another key.
    let other = "z6MknNQD1WHLGGraFi6zcbGevuAgkVfdyCdtZnQTGWVVvR5Q";
    let replaced = doc
        .to_string()
        .replace("z6MkjXe1vZvPRqFuc9nRBtZ3e1Y9XKDFSbjFAfzLfW2bD6cZ", other);
    *doc = serde_json::from_str(&replaced).unwrap();
    let mut o = VerifyOptions::at(NOW);
    o.use_documents(Documents::from_json(&set.to_string(), &Limits::default()).unwrap());
    let r = run(&sample("dcc-v1-di-didweb.json"), &o);
    assert_ne!(r.verdict, Verdict::Verified, "{}", explain(&r));
}
