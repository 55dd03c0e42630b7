//! Open Badges 1.0 hosted assertions (no `id`, `verify.url`), as Open edX
//! still issues them, and what Credly's and Badgr's OB 2.0 exports carry
//! (`"type": "hosted"` in lower case, empty `evidence`): checked online like
//! OB 2.0 hosted badges, served from a map of documents or pinned.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use kiln_core::Limits;
use kiln_core::verify::{self, Documents, Fetched, Outcome, Report, Verdict, VerifyOptions};
use serde_json::{Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const ASSERTION: &str = "https://courses.example.edu/badges/assertions/8f1c.json";
const BADGE: &str = "https://courses.example.edu/badges/classes/intro-python.json";
const ISSUER: &str = "https://courses.example.edu/badges/issuer.json";

/// An OB 1.0 assertion: `uid`, a hashed email recipient, `verify.url`,
/// `issuedOn` in Unix seconds, no `id`, no `@context`.
fn ob1_assertion() -> Value {
    json!({
        "uid": "8f1c",
        "recipient": {
            "type": "email",
            "hashed": true,
            "salt": "deadsea",
            "identity": "sha256$c7ef86405ba71b85acd8e2e95166c4b111448089f2e1599f42fe1bba46e865c5"
        },
        "badge": BADGE,
        "verify": { "type": "hosted", "url": ASSERTION },
        "issuedOn": 1_700_000_000,
        "evidence": []
    })
}

fn badge_class() -> Value {
    json!({
        "name": "Introduction to Python",
        "description": "Completed the course.",
        "image": "https://courses.example.edu/badges/classes/intro-python.png",
        "criteria": "https://courses.example.edu/courses/intro-python",
        "issuer": ISSUER
    })
}

fn issuer() -> Value {
    json!({ "name": "Example University", "url": "https://courses.example.edu" })
}

fn served(assertion: &Value) -> BTreeMap<String, Fetched> {
    [
        (ASSERTION, assertion.clone()),
        (BADGE, badge_class()),
        (ISSUER, issuer()),
    ]
    .into_iter()
    .map(|(u, v)| (u.to_owned(), Fetched::ok(v.to_string())))
    .collect()
}

fn online(input: &Value, docs: &BTreeMap<String, Fetched>) -> Report {
    let mut o = VerifyOptions::at(NOW);
    o.online = true;
    verify::verify_online(input.to_string().as_bytes(), &o, &mut |url| {
        docs.get(url).cloned().unwrap_or(Fetched::Response {
            status: 404,
            content_type: None,
            body: Vec::new(),
        })
    })
    .unwrap()
}

fn outcome(r: &Report, check: &str) -> Option<Outcome> {
    r.check(check).map(|c| c.outcome)
}

fn explain(r: &Report) -> String {
    serde_json::to_string_pretty(&r.to_json()).unwrap()
}

#[test]
fn an_ob1_hosted_badge_is_checked_online_and_verified() {
    let a = ob1_assertion();
    let r = online(&a, &served(&a));
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
    assert_eq!(outcome(&r, "proof"), Some(Outcome::Passed));
    assert_eq!(outcome(&r, "issuer"), Some(Outcome::Passed));
    let c = r.credential.as_ref().unwrap();
    assert_eq!(c["id"], ASSERTION);
    assert_eq!(c["name"], "Introduction to Python");
    assert_eq!(c["validFrom"], "2023-11-14T22:13:20Z");
}

#[test]
fn the_baked_url_alone_finds_an_ob1_assertion() {
    let a = ob1_assertion();
    let mut o = VerifyOptions::at(NOW);
    o.online = true;
    let docs = served(&a);
    let r = verify::verify_online(ASSERTION.as_bytes(), &o, &mut |url| {
        docs.get(url)
            .cloned()
            .unwrap_or(Fetched::Failed("not served".into()))
    })
    .unwrap();
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
}

/// Pinned documents serve offline as the issuer's site would.
#[test]
fn an_ob1_hosted_badge_verifies_offline_with_pinned_documents() {
    let a = ob1_assertion();
    let set = json!({ ASSERTION: a, BADGE: badge_class(), ISSUER: issuer() });
    let mut o = VerifyOptions::at(NOW);
    o.use_documents(Documents::from_json(&set.to_string(), &Limits::default()).unwrap());
    let r = verify::verify_to_report(a.to_string().as_bytes(), &o);
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
}

/// Offline and with nothing pinned: "could not check", never invalid for
/// lacking an `id`.
#[test]
fn offline_an_ob1_badge_could_not_be_checked() {
    let r = verify::verify_to_report(
        ob1_assertion().to_string().as_bytes(),
        &VerifyOptions::at(NOW),
    );
    assert_eq!(r.verdict, Verdict::Error, "{}", explain(&r));
}

/// The issuer's copy is another assertion (another uid), or names another
/// URL: not this badge.
#[test]
fn a_baked_copy_that_differs_from_the_issuers_is_invalid() {
    let baked = ob1_assertion();
    let mut other = ob1_assertion();
    other["uid"] = json!("9a2d");
    let r = online(&baked, &served(&other));
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert_eq!(outcome(&r, "proof"), Some(Outcome::Failed));

    let mut moved = ob1_assertion();
    moved["verify"]["url"] = json!("https://courses.example.edu/badges/assertions/other.json");
    let r = online(&baked, &served(&moved));
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
}

/// Served from a host the issuer does not name: not the issuer's.
#[test]
fn an_ob1_badge_hosted_elsewhere_is_not_the_issuers() {
    let mut a = ob1_assertion();
    let url = "https://badges.attacker.example/assertions/8f1c.json";
    a["verify"]["url"] = json!(url);
    let mut docs = served(&a);
    docs.insert(url.to_owned(), Fetched::ok(a.to_string()));
    let r = online(&a, &docs);
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert_eq!(outcome(&r, "issuer"), Some(Outcome::Failed));
}

/// Revoked by the issuer (HTTP 410 for the assertion).
#[test]
fn a_gone_ob1_assertion_is_revoked() {
    let a = ob1_assertion();
    let mut docs = served(&a);
    docs.insert(
        ASSERTION.to_owned(),
        Fetched::Response {
            status: 410,
            content_type: None,
            body: Vec::new(),
        },
    );
    let r = online(&a, &docs);
    assert_eq!(r.verdict, Verdict::Invalid, "{}", explain(&r));
    assert_eq!(r.to_json()["standing"], json!(["revoked"]));
}

/// An OB 2.0 export as Credly and Badgr write it: `"type": "hosted"` in
/// lower case, empty `evidence`, an unsalted hash.
#[test]
fn lower_case_hosted_and_empty_evidence_are_fine_in_ob2() {
    let id = "https://courses.example.edu/badges/assertions/2.json";
    let a = json!({
        "@context": "https://w3id.org/openbadges/v2",
        "type": "Assertion",
        "id": id,
        "recipient": {
            "type": "email",
            "hashed": true,
            "identity": "sha256$a3f5e5f0e0a3c3a0b2f1d1e7f0c4e7a9b8c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2"
        },
        "badge": BADGE,
        "verification": { "type": "hosted" },
        "issuedOn": "2024-03-01T00:00:00Z",
        "evidence": []
    });
    let mut docs = served(&ob1_assertion());
    docs.insert(id.to_owned(), Fetched::ok(a.to_string()));
    let r = online(&a, &docs);
    assert_eq!(r.verdict, Verdict::Verified, "{}", explain(&r));
}
