//! did:web issuers, trust lists and the recipient check, with a map fetcher.
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::online_support;

use kiln_core::key::didweb;
use kiln_core::verify::{self, IdentityStatus, Outcome, TrustList, Verdict};
use online_support::*;
use serde_json::json;

const DID: &str = "did:web:example.edu:issuers:1";
const DOC_URL: &str = "https://example.edu/issuers/1/did.json";

#[test]
fn did_web_issuer_verifies_and_confirms_the_domain() {
    let k = did_web_key(3, DID);
    let cred = sign(&unsigned(DID), &k);
    let doc = didweb::document(DID, &k.public).unwrap();
    let (report, asked) = verify_with(&cred, &online(), &serve(&[(DOC_URL, &doc)]));
    assert_eq!(asked, vec![DOC_URL.to_owned()]);
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(outcome(&report, "issuer").0, Outcome::Passed);
    assert_eq!(outcome(&report, "proof-purpose").0, Outcome::Passed);
    let id = report.identity.clone().unwrap();
    assert_eq!(id.status, IdentityStatus::Domain);
    assert!(id.detail.contains("controls example.edu"), "{}", id.detail);
    let j = report.to_json();
    assert_eq!(j["identity"]["status"], "domain");
}

#[test]
fn key_not_listed_for_assertion_fails() {
    let k = did_web_key(3, DID);
    let cred = sign(&unsigned(DID), &k);
    let mut doc = didweb::document(DID, &k.public).unwrap();
    doc["assertionMethod"] = json!([]);
    let (report, _) = verify_with(&cred, &online(), &serve(&[(DOC_URL, &doc)]));
    let (o, d) = outcome(&report, "proof-purpose");
    assert_eq!(o, Outcome::Failed);
    assert!(
        d.contains("the key is not allowed to issue credentials"),
        "{d}"
    );
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn another_key_in_the_document_fails_the_proof() {
    let k = did_web_key(3, DID);
    let cred = sign(&unsigned(DID), &k);
    let doc = didweb::document(DID, &key(4).public).unwrap();
    let (report, _) = verify_with(&cred, &online(), &serve(&[(DOC_URL, &doc)]));
    assert_eq!(outcome(&report, "proof").0, Outcome::Failed);
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn unreachable_did_document_cannot_be_checked() {
    let k = did_web_key(3, DID);
    let cred = sign(&unsigned(DID), &k);
    let (report, _) = verify_with(&cred, &online(), &serve(&[]));
    let (o, d) = outcome(&report, "proof");
    assert_eq!(o, Outcome::Skipped);
    assert!(d.contains("could not be fetched"), "{d}");
    assert_eq!(report.verdict, Verdict::Error);
    // Offline: the same, with the reason.
    let bytes = serde_json::to_vec(&cred).unwrap();
    let report = verify::verify(&bytes, &verify::VerifyOptions::at(NOW)).unwrap();
    assert_eq!(report.verdict, Verdict::Error);
    assert!(
        outcome(&report, "proof")
            .1
            .contains("online checks are turned off")
    );
}

#[test]
fn did_web_issuer_with_status_list_on_the_same_site() {
    // Two fetch rounds: the status list, then (for its proof) nothing new,
    // since the DID document is already fetched for the credential.
    use kiln_core::proof::Suite;
    use kiln_core::status_list::{self, Purpose};
    let k = did_web_key(3, DID);
    let mut cred = unsigned(DID);
    cred["credentialStatus"] = status_list::entry(LIST_URL, 5, Purpose::Revocation);
    let cred = sign(&cred, &k);
    let list = status_list::new_list(
        LIST_URL,
        131_072,
        Purpose::Revocation,
        &k,
        "2025-01-01T00:00:00Z",
        Suite::EddsaJcs2022,
    )
    .unwrap();
    let doc = didweb::document(DID, &k.public).unwrap();
    let (report, asked) = verify_with(
        &cred,
        &online(),
        &serve(&[(DOC_URL, &doc), (LIST_URL, &list)]),
    );
    assert_eq!(asked.len(), 2, "{asked:?}");
    assert_eq!(outcome(&report, "status").0, Outcome::Passed);
    assert_eq!(report.verdict, Verdict::Verified);
}

#[test]
fn trust_list_names_the_issuer() {
    let k = key(5);
    let cred = sign(&unsigned(&k.controller), &k);
    let list = TrustList::from_json(&json!({"name": "Example Registry", "issuers": [{"id": k.controller, "name": "Example College"}]}).to_string()).unwrap();
    let mut options = online();
    options.trust = Some(list);
    let (report, _) = verify_with(&cred, &options, &serve(&[]));
    let id = report.identity.clone().unwrap();
    assert_eq!(id.status, IdentityStatus::TrustList);
    assert!(
        id.detail
            .contains("listed in trust list \"Example Registry\""),
        "{}",
        id.detail
    );
    assert_eq!(report.to_json()["identity"]["status"], "trust-list");

    // Not listed, or no list: a valid signature alone is "not-confirmed", and still verified.
    let other =
        TrustList::from_json(r#"{"name": "Other", "issuers": [{"id": "did:key:z6MkOther"}]}"#)
            .unwrap();
    options.trust = Some(other);
    let (report, _) = verify_with(&cred, &options, &serve(&[]));
    assert_eq!(
        report.identity.clone().unwrap().status,
        IdentityStatus::NotConfirmed
    );
    assert_eq!(report.verdict, Verdict::Verified);
    let (report, _) = verify_with(&cred, &online(), &serve(&[]));
    assert_eq!(report.to_json()["identity"]["status"], "not-confirmed");
}

#[test]
fn recipient_check() {
    let k = key(6);
    let hashed = sign(&unsigned(&k.controller), &k);
    let mut plain = unsigned(&k.controller);
    plain["credentialSubject"]["identifier"] = json!([{"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": "jane@example.edu"}]);
    let plain = sign(&plain, &k);
    for cred in [&hashed, &plain] {
        let mut options = online();
        let (report, _) = verify_with(cred, &options, &serve(&[]));
        assert!(
            report.check("recipient").is_none(),
            "no recipient given: no check"
        );
        options.recipient = Some("jane@example.edu".into());
        let (report, _) = verify_with(cred, &options, &serve(&[]));
        assert_eq!(
            outcome(&report, "recipient"),
            (Outcome::Passed, "Issued to this email: yes.".into())
        );
        assert_eq!(report.verdict, Verdict::Verified);
        options.recipient = Some("joe@example.edu".into());
        let (report, _) = verify_with(cred, &options, &serve(&[]));
        let (o, d) = outcome(&report, "recipient");
        assert_eq!(o, Outcome::Failed);
        assert!(d.starts_with("Issued to this email: no"), "{d}");
        assert_eq!(report.verdict, Verdict::Invalid);
    }
}
