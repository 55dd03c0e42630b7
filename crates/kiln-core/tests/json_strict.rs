//! Untrusted JSON is read one way everywhere: duplicate member names are
//! refused (I-JSON, RFC 7493), and depth and the number of values are bounded
//! while parsing, with errors that name the member or the limit.
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::online_support;

use kiln_core::key::KeyPair;
use kiln_core::proof::Suite;
use kiln_core::status_list::{self, Purpose};
use kiln_core::verify::{self, Fetched, Outcome, VerifyOptions};
use kiln_core::{Error, Limits, credential};
use online_support::*;
use serde_json::Value;
use std::time::{Duration, Instant};

/// `text` with `extra` inserted right after the first `{` that follows `anchor`.
fn insert_after(text: &str, anchor: &str, extra: &str) -> String {
    let at = text
        .find(anchor)
        .unwrap_or_else(|| panic!("no {anchor} in {text}"));
    let brace = at + text[at..].find('{').unwrap() + 1;
    format!("{}{extra}{}", &text[..brace], &text[brace..])
}

fn options() -> VerifyOptions {
    VerifyOptions::at(NOW)
}

fn duplicate(e: &Error, member: &str, path: &str) {
    assert_eq!(e.code(), "json-duplicate-member", "{e}");
    let m = e.to_string();
    assert!(m.contains(&format!("the member \"{member}\" twice")), "{m}");
    assert!(m.contains(&format!("in the object at {path} ")), "{m}");
}

#[test]
fn credential_with_two_names_is_refused() {
    let k = key(1);
    let signed = sign(&unsigned(&k.controller), &k);
    let text = signed.to_string();
    assert!(verify::verify(text.as_bytes(), &options()).is_ok());
    // The raw JSON shows "Forged" first; serde_json alone would keep the last.
    let forged = insert_after(&text, "", r#""name":"Forged","#);
    for e in [
        verify::verify(forged.as_bytes(), &options()).unwrap_err(),
        credential::parse_json(&forged, &Limits::default()).unwrap_err(),
        credential::parse(&forged, &Limits::default()).unwrap_err(),
    ] {
        duplicate(&e, "name", "$");
    }
}

#[test]
fn nested_duplicate_is_refused_with_its_path() {
    let k = key(1);
    let text = sign(&unsigned(&k.controller), &k).to_string();
    let forged = insert_after(&text, "\"achievement\"", r#""name":"Forged","#);
    let e = verify::verify(forged.as_bytes(), &options()).unwrap_err();
    duplicate(&e, "name", "$.credentialSubject.achievement");
    // Inside an array: the index is part of the path.
    let forged = insert_after(&text, "\"identifier\"", r#""salt":"x","#);
    let e = verify::verify(forged.as_bytes(), &options()).unwrap_err();
    duplicate(&e, "salt", "$.credentialSubject.identifier[0]");
}

#[test]
fn key_file_with_duplicate_secret_is_refused() {
    let k = key(3);
    let json = k.to_json();
    let secret_line = json
        .lines()
        .find(|l| l.contains("secretKeyMultibase"))
        .unwrap()
        .trim()
        .trim_end_matches(',');
    let other = key(4).to_json();
    let other_secret = other
        .lines()
        .find(|l| l.contains("secretKeyMultibase"))
        .unwrap()
        .trim()
        .trim_end_matches(',');
    assert!(KeyPair::from_json(&json).is_ok());
    let twice = insert_after(&json, "", &format!("{other_secret},"));
    let e = KeyPair::from_json(&twice).unwrap_err();
    duplicate(&e, "secretKeyMultibase", "$");
    // The message names the member, never its value.
    let secret = secret_line.split('"').nth(3).unwrap();
    assert!(!e.to_string().contains(secret));
}

#[test]
fn status_list_with_duplicate_encoded_list_is_not_trusted() {
    let k = key(1);
    let list = status_list::new_list(
        LIST_URL,
        131_072,
        Purpose::Revocation,
        &k,
        "2025-01-01T00:00:00Z",
        Suite::EddsaJcs2022,
    )
    .unwrap();
    let mut cred = unsigned(&k.controller);
    cred["credentialStatus"] = status_list::entry(LIST_URL, 6, Purpose::Revocation);
    let cred = sign(&cred, &k);
    // The served list names encodedList twice: the first an all-clear, the
    // second the signed one. Whichever a reader keeps, the list is refused.
    let text = list.to_string();
    let encoded = list["credentialSubject"]["encodedList"].as_str().unwrap();
    let forged = insert_after(
        &text,
        "\"credentialSubject\"",
        &format!("\"encodedList\":\"{encoded}\","),
    );
    let served = [(LIST_URL.to_owned(), Fetched::ok(forged.into_bytes()))]
        .into_iter()
        .collect();
    let (report, _) = verify_with(&cred, &online(), &served);
    let (outcome, detail) = outcome(&report, "status");
    assert_ne!(outcome, Outcome::Passed, "{detail}");
    assert!(detail.contains("\"encodedList\" twice"), "{detail}");
}

#[test]
fn trust_list_with_duplicate_id_is_refused() {
    let e = verify::TrustList::from_json(
        r#"{"name":"x","issuers":[{"id":"did:key:z6Mk1","id":"did:key:z6Mk2"}]}"#,
    )
    .unwrap_err();
    duplicate(&e, "id", "$.issuers[0]");
}

/// ~195,000 small values in about 4 MB, the shape of the work attack.
fn many_values() -> String {
    let k = key(1);
    let mut cred = unsigned(&k.controller);
    let item = serde_json::json!({ "type": "x", "v": "y".repeat(40) });
    cred["credentialSubject"]["extra"] = Value::Array(vec![item; 65_000]);
    let text = cred.to_string();
    assert!(text.len() > 3_000_000 && text.len() < 4 * 1024 * 1024);
    text
}

#[test]
fn too_many_values_are_refused_before_any_json_ld_work() {
    let text = many_values();
    let limit = Limits::default().max_json_nodes;
    let start = Instant::now();
    let e = verify::verify(text.as_bytes(), &options()).unwrap_err();
    let took = start.elapsed();
    assert_eq!(e.code(), "json-too-many-nodes");
    assert!(matches!(e, Error::LimitExceeded(_)));
    assert_eq!(
        e.to_string(),
        format!(
            "the credential has more than {limit} JSON values; the limit is {limit} (max_json_nodes)"
        )
    );
    assert!(took < Duration::from_secs(5), "took {took:?}");
    let e = credential::parse_json(&text, &Limits::default()).unwrap_err();
    assert!(e.to_string().starts_with("the credential has more than"));
    // A caller may raise the limit.
    let mut wide = Limits::default();
    wide.max_json_nodes = 1_000_000;
    assert!(credential::parse_json(&text, &wide).is_ok());
}

#[test]
fn deep_nesting_names_the_limit() {
    let deep = format!("{{\"a\":{}", "[".repeat(100_000));
    let e = verify::verify(deep.as_bytes(), &options()).unwrap_err();
    assert_eq!(e.code(), "json-too-deep");
    assert!(
        e.to_string().contains("deeper than 64 levels (the limit"),
        "{e}"
    );
    let e = credential::parse_json(&deep, &Limits::default()).unwrap_err();
    assert_eq!(e.code(), "json-too-deep");
    // Closed and just over the limit: the same.
    let closed = format!("{{\"a\":{}{}}}", "[".repeat(64), "]".repeat(64));
    let e = credential::parse_json(&closed, &Limits::default()).unwrap_err();
    assert!(e.to_string().contains("deeper than 64 levels"), "{e}");
    let ok = format!("{{\"a\":{}{}}}", "[".repeat(63), "]".repeat(63));
    assert!(credential::parse_json(&ok, &Limits::default()).is_ok());
}

#[test]
fn oversized_json_names_the_limit() {
    let l = Limits::default();
    let big = format!("{{\"a\":\"{}\"}}", "x".repeat(l.max_payload_bytes));
    let e = credential::parse_json(&big, &l).unwrap_err();
    assert_eq!(e.code(), "credential-too-large");
    assert!(
        e.to_string()
            .contains(&format!("at most {} are accepted", l.max_payload_bytes)),
        "{e}"
    );
    let e = verify::verify(big.as_bytes(), &options()).unwrap_err();
    assert!(matches!(e, Error::LimitExceeded(_)), "{e}");
}

/// Signatures over numbers still verify: values are read exactly as before.
#[test]
fn numbers_survive_for_signatures() {
    let k = key(2);
    for credits in [
        serde_json::json!(0.1),
        serde_json::json!(1e21),
        serde_json::json!(-0.0),
        serde_json::json!(123_456_789.123_456_79),
        serde_json::json!(5e-324),
        serde_json::json!(1.797_693_134_862_315_7e308),
        serde_json::json!(0.300_000_000_000_000_04),
        serde_json::json!(9_007_199_254_740_993u64),
    ] {
        let mut cred = unsigned(&k.controller);
        cred["credentialSubject"]["creditsEarned"] = credits.clone();
        let text = sign(&cred, &k).to_string();
        let report = verify::verify(text.as_bytes(), &options()).unwrap();
        let (o, d) = outcome(&report, "proof");
        assert_eq!(o, Outcome::Passed, "{credits}: {d}");
    }
}
