//! `verify_online_batched`: the documents of a round are asked for as one
//! batch (so a caller can fetch them in parallel within one time budget),
//! a document that did not come leaves its check skipped with the caller's
//! reason, and URLs that must not be fetched (private addresses, a user
//! name hiding another host) are never asked for.
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::online_support;

use kiln_core::status_list::{self, Purpose};
use kiln_core::verify::verify_online_batched;
use kiln_core::verify::{Fetched, Outcome, Verdict, VerifyOptions};
use online_support::*;
use serde_json::Value;

/// Verifies `cred`, answering each batch with `answer`; returns the report
/// and the batches asked for.
fn verify_batched(
    cred: &Value,
    options: &VerifyOptions,
    answer: &mut dyn FnMut(&str) -> Option<Fetched>,
) -> (kiln_core::verify::Report, Vec<Vec<String>>) {
    let bytes = serde_json::to_vec(cred).unwrap();
    let mut batches: Vec<Vec<String>> = Vec::new();
    let report = verify_online_batched(&bytes, options, &mut |urls: &[String]| {
        batches.push(urls.to_vec());
        urls.iter().filter_map(|u| answer(u)).collect()
    })
    .unwrap();
    (report, batches)
}

fn with_lists(urls: &[String]) -> Value {
    let k = key(7);
    let mut cred = unsigned(&k.controller);
    cred["credentialStatus"] = Value::Array(
        urls.iter()
            .enumerate()
            .map(|(i, u)| status_list::entry(u, i, Purpose::Revocation))
            .collect(),
    );
    sign(&cred, &k)
}

#[test]
fn eight_lists_are_asked_for_in_one_batch() {
    let urls: Vec<String> = (0..8)
        .map(|i| format!("https://lists{i}.example.edu/status"))
        .collect();
    let cred = with_lists(&urls);
    let budget = |u: &str| {
        Some(Fetched::Failed(format!(
            "{u} did not answer within the 10 s budget for online checks"
        )))
    };
    let (report, batches) = verify_batched(&cred, &online(), &mut |u| budget(u));
    assert_eq!(batches.len(), 1, "{batches:?}");
    let mut asked = batches[0].clone();
    asked.sort();
    let mut want = urls.clone();
    want.sort();
    assert_eq!(asked, want);
    let (outcome, detail) = outcome(&report, "status");
    assert_eq!(outcome, Outcome::Skipped);
    assert!(
        detail.contains("did not answer within the 10 s budget") && detail.contains("and 5 more"),
        "{detail}"
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.starts_with("Revocation could not be checked")),
        "{:?}",
        report.warnings
    );
    // The signature is good, revocation unknown and said so: never "passed".
    assert_eq!(report.verdict, Verdict::Verified);
}

#[test]
fn a_short_answer_counts_as_not_fetched() {
    let urls: Vec<String> = (0..3)
        .map(|i| format!("https://lists{i}.example.edu/status"))
        .collect();
    let cred = with_lists(&urls);
    // The caller answers nothing at all.
    let (report, batches) = verify_batched(&cred, &online(), &mut |_| None);
    assert_eq!(batches.len(), 1);
    let (outcome, detail) = outcome(&report, "status");
    assert_eq!(outcome, Outcome::Skipped);
    assert!(detail.contains("was not fetched"), "{detail}");
}

#[test]
fn batches_never_repeat_a_url_and_stay_bounded() {
    let did = "did:web:issuer.example.edu";
    let wk = did_web_key(9, did);
    let mut cred = unsigned(did);
    cred["credentialStatus"] = Value::Array(
        (0..8)
            .map(|i| {
                status_list::entry(
                    &format!("https://issuer.example.edu/status/{}", i % 4),
                    i,
                    Purpose::Revocation,
                )
            })
            .collect(),
    );
    let cred = sign(&cred, &wk);
    let (_, batches) = verify_batched(&cred, &online(), &mut |u| {
        Some(Fetched::Failed(format!("{u}: connection refused")))
    });
    let all: Vec<&String> = batches.iter().flatten().collect();
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        all.len(),
        unique.len(),
        "a URL was asked for twice: {batches:?}"
    );
    assert!(
        all.len() <= kiln_core::Limits::default().max_documents,
        "{batches:?}"
    );
    assert!(
        all.iter()
            .any(|u| u.as_str() == "https://issuer.example.edu/.well-known/did.json"),
        "{batches:?}"
    );
}

#[test]
fn refused_urls_are_never_asked_for() {
    let refused = [
        (
            "http://localhost:1@other-host/status",
            "user name or password",
        ),
        (
            "http://127.0.0.1@other-host/status",
            "user name or password",
        ),
        ("https://10.0.0.1/status", "private (10.0.0.0/8)"),
        (
            "https://169.254.169.254/latest/meta-data/",
            "link-local (169.254.0.0/16)",
        ),
        ("https://[::ffff:a9fe:a9fe]/status", "link-local"),
        ("https://[fc00::1]/status", "unique local"),
        ("http://0x7f.1/status", "plain dotted quad"),
    ];
    let mut options = online();
    // Even with this machine allowed.
    options.allow_http_localhost = true;
    for (url, why) in refused {
        let cred = with_lists(&[url.to_owned()]);
        let (report, batches) = verify_batched(&cred, &options, &mut |u| {
            panic!("{u} must not be asked for")
        });
        assert!(batches.is_empty(), "{batches:?}");
        let (outcome, detail) = outcome(&report, "status");
        assert_eq!(outcome, Outcome::Skipped, "{url}");
        assert!(detail.contains(why), "{url}: {detail}");
    }
}

#[test]
fn did_web_on_a_private_address_is_never_asked_for() {
    for host in ["169.254.169.254", "10.0.0.1", "192.168.0.10"] {
        let did = format!("did:web:{host}");
        let wk = did_web_key(3, &did);
        let cred = sign(&unsigned(&did), &wk);
        let (report, batches) = verify_batched(&cred, &online(), &mut |u| {
            panic!("{u} must not be asked for")
        });
        assert!(batches.is_empty(), "{batches:?}");
        assert_eq!(report.verdict, Verdict::Error, "{host}");
        let (outcome, detail) = outcome(&report, "proof");
        assert_eq!(outcome, Outcome::Skipped);
        assert!(detail.contains(&format!("https://{host}/")), "{detail}");
        assert!(detail.contains("refused"), "{detail}");
    }
}
