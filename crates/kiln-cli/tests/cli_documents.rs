//! `kiln verify --documents FILE`: pinned documents in place of fetches, on
//! the samples from the wild (tests/fixtures/wild/), and what the human
//! output shows of a badge.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;

use common::{kiln, repo, scratch};
use serde_json::Value;

fn wild(name: &str) -> String {
    repo(&format!("tests/fixtures/wild/{name}"))
        .to_str()
        .unwrap()
        .to_owned()
}

const AT: &str = "2026-01-01T00:00:00Z";

#[test]
fn a_pinned_did_document_verifies_offline_and_the_report_says_so() {
    let docs = wild("documents.json");
    let badge = wild("dcc-v1-di-didweb.json");
    let without = kiln(&["verify", "--offline", "--at", AT, &badge]);
    assert_eq!(without.status.code(), Some(2));
    let out = kiln(&[
        "verify",
        "--json",
        "--offline",
        "--at",
        AT,
        "--documents",
        &docs,
        &badge,
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["verdict"], "verified");
    let said = r["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .any(|w| w.starts_with("Read from the documents given to Kiln"));
    assert!(said, "{}", r["warnings"]);
}

#[test]
fn a_pre_final_shape_is_verified_with_a_warning_in_words() {
    let out = kiln(&[
        "verify",
        "--offline",
        "--at",
        AT,
        "--documents",
        &wild("documents.json"),
        &wild("jff-plugfest1-ex1.json"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("VERIFIED"), "{text}");
    assert!(
        text.contains("does not fully follow Open Badges 3.0"),
        "{text}"
    );
    assert!(text.contains("[warn] structure"), "{text}");
    assert!(!text.contains("NOT VALID"), "{text}");
    // The displayer fields.
    for field in [
        "Name:        Our Wallet Passed JFF Plugfest #1 2022",
        "Description: This wallet can display this Open Badge 3.0",
        "Issuer:      Jobs for the Future (JFF)",
        "Issued on:   1 May 2022",
        "Image:       https://",
        "Status:      Within its validity dates",
    ] {
        assert!(text.contains(field), "{field}\n{text}");
    }
}

#[test]
fn a_bad_documents_file_is_exit_2_naming_the_file() {
    let dir = scratch("documents");
    let bad = dir.join("docs.json");
    std::fs::write(&bad, r#"{"ftp://example.org/x": {}}"#).unwrap();
    let out = kiln(&[
        "verify",
        "--offline",
        "--documents",
        bad.to_str().unwrap(),
        &wild("diwala-plugfest2-2023.json"),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("docs.json"), "{err}");
    assert!(
        err.contains("neither an http(s) URL nor a did:web DID"),
        "{err}"
    );
}
