//! `kiln link`: the verification link of a badge carries its credential, the
//! credential read back from the link verifies as the file does, and what
//! cannot make a useful link is said.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::{kiln, repo, scratch};
use kiln_core::{Limits, share};
use serde_json::Value;
use std::path::Path;

const AT: &str = "2026-06-01T00:00:00Z";

fn stdout(out: &std::process::Output) -> String {
    assert!(
        out.status.success(),
        "kiln failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The payload a printed link carries, read back with kiln-core.
fn payload_of(link: &str) -> String {
    let hash = link.find('#').expect("a fragment");
    let bytes = share::read_fragment(&link[hash..], &Limits::default()).unwrap();
    String::from_utf8(bytes).unwrap()
}

fn verdict(path: &Path) -> (Value, Vec<(String, String)>) {
    let out = kiln(&[
        "verify",
        "--json",
        "--offline",
        "--at",
        AT,
        path.to_str().unwrap(),
    ]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let checks = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["check"].to_string(), c["status"].to_string()))
        .collect();
    (report["verdict"].clone(), checks)
}

#[test]
fn a_baked_badge_links_to_its_credential_and_verifies_the_same() {
    let dir = scratch("link");
    for fixture in [
        "tests/fixtures/baking/ob3-1edtech-simple-json.png",
        "tests/fixtures/baking/ob3-1edtech-simple-jwt.svg",
        "tests/fixtures/verify/dcc-v2-ed25519-didkey.json",
        "tests/fixtures/verify/x-dcc-v2-ed25519-didkey-tampered.json",
        "tests/fixtures/jwt/simple.jwt",
    ] {
        let path = repo(fixture);
        let out = kiln(&["link", path.to_str().unwrap()]);
        let link = stdout(&out).trim_end().to_owned();
        assert!(
            link.starts_with(&format!("{}#c=1", share::DEFAULT_BASE)),
            "{fixture}: {link}"
        );
        assert!(!link.contains(char::is_whitespace), "{fixture}");
        // A warning exactly when the link is longer than is useful.
        assert_eq!(
            !out.stderr.is_empty(),
            link.chars().count() > share::SHAREABLE_LINK_CHARS,
            "{fixture}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        // What the link carries is the badge's payload: the same JSON, or
        // the same JWS text.
        let carried = payload_of(&link);
        let unbaked = if path.extension().is_some_and(|e| e == "png" || e == "svg") {
            stdout(&kiln(&["unbake", path.to_str().unwrap()]))
        } else {
            std::fs::read_to_string(&path).unwrap()
        };
        if carried.starts_with('{') {
            let a: Value = serde_json::from_str(&carried).unwrap();
            let b: Value = serde_json::from_str(&unbaked).unwrap();
            assert_eq!(a, b, "{fixture}");
            assert!(!carried.contains('\n'), "{fixture}: compact JSON");
        } else {
            assert_eq!(carried, unbaked.trim(), "{fixture}");
        }
        // And it verifies as the file does, check by check.
        let copy = dir.join("from-link.txt");
        std::fs::write(&copy, &carried).unwrap();
        assert_eq!(verdict(&copy), verdict(&path), "{fixture}");
    }
}

#[test]
fn the_base_is_the_callers() {
    let path = repo("tests/fixtures/verify/1edtech-simple.json");
    let p = path.to_str().unwrap();
    let out = kiln(&["link", p, "--base", "https://badges.example.org/verify/"]);
    let link = stdout(&out);
    assert!(
        link.starts_with("https://badges.example.org/verify/#c=1"),
        "{link}"
    );
    for bad in [
        "https://example.org/v/#x",
        "ftp://example.org/",
        "example.org",
    ] {
        let out = kiln(&["link", p, "--base", bad]);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(out.stdout.is_empty(), "{bad}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.starts_with("kiln: "), "{bad}: {err}");
    }
}

/// Text that deflate cannot shrink: a simple generator's bytes in base64url.
fn incompressible(chars: usize) -> String {
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..chars)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            char::from(alphabet[(x % 64) as usize])
        })
        .collect()
}

#[test]
fn a_credential_too_large_for_a_useful_link_is_said_so() {
    let dir = scratch("link-long");
    let path = repo("tests/fixtures/verify/1edtech-simple.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    doc["description"] = Value::String(incompressible(3 * share::SHAREABLE_LINK_CHARS));
    let big = dir.join("big.json");
    std::fs::write(&big, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let out = kiln(&["link", big.to_str().unwrap()]);
    let link = stdout(&out);
    assert!(link.trim_end().len() > share::SHAREABLE_LINK_CHARS);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning"), "{err}");
    assert!(err.contains("share the badge file instead"), "{err}");
    // The long link still carries the credential.
    assert_eq!(
        serde_json::from_str::<Value>(&payload_of(link.trim_end())).unwrap(),
        doc
    );
}

#[test]
fn what_holds_no_credential_gets_no_link() {
    let dir = scratch("link-bad");
    let not_json = dir.join("broken.json");
    std::fs::write(&not_json, b"{\"@context\": [").unwrap();
    let prose = dir.join("prose.txt");
    std::fs::write(&prose, b"just some words").unwrap();
    for path in [
        repo("tests/fixtures/web/plain.png"),
        repo("tests/fixtures/baking/x-mozilla-unbaked.svg"),
        not_json,
        prose,
        dir.join("missing.png"),
    ] {
        let out = kiln(&["link", path.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{}", path.display());
        assert!(out.stdout.is_empty(), "{}", path.display());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with(&format!("kiln: {}: ", path.display())),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}
