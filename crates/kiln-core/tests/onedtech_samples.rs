//! 1EdTech's published Open Badges 3.0 samples, whose proofs name their key
//! as `<issuer URL>#z6Mk...`. That key is the issuer's only when the profile
//! document at the issuer URL lists it for `assertionMethod`, and the
//! samples' issuer URLs (`example.com`, `1edtech.edu`, `state.gov`, ...)
//! publish no such document. So: offline they are "could not check" (or
//! `invalid` when another check fails); with a profile document this test
//! writes for each sample (the key its proof uses, listed under
//! `assertionMethod`, the profile as controller), served by a map fetcher,
//! they get the verdicts their publishers expect.
#![cfg(feature = "jsonld-compact")] // eddsa-rdfc-2022 proofs
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use kiln_core::verify::{self, Fetched, Outcome, Report, Verdict, VerifyOptions};
use serde_json::{Value, json};

/// 2026-06-01T00:00:00Z, the time `kiln-cli/tests/cli_verify.rs` uses.
const AT: i64 = 1_780_272_000;

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(path)
}

/// The proofs' `<url>#z6Mk...` verification methods of a credential.
fn fragment_methods(doc: &Value) -> Vec<(String, String, String)> {
    let proofs = match &doc["proof"] {
        Value::Array(a) => a.clone(),
        p @ Value::Object(_) => vec![p.clone()],
        _ => Vec::new(),
    };
    proofs
        .iter()
        .filter_map(|p| p["verificationMethod"].as_str())
        .filter(|vm| vm.starts_with("https://"))
        .filter_map(|vm| {
            let (url, key) = vm.split_once('#')?;
            key.starts_with("z6Mk")
                .then(|| (vm.to_owned(), url.to_owned(), key.to_owned()))
        })
        .collect()
}

/// A profile document for each URL the credential's proofs name, listing
/// the key each proof uses.
fn profiles(doc: &Value) -> BTreeMap<String, Vec<u8>> {
    let mut by_url: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (vm, url, key) in fragment_methods(doc) {
        by_url.entry(url).or_default().push((vm, key));
    }
    by_url
        .into_iter()
        .map(|(url, methods)| {
            let profile = json!({
                "@context": ["https://www.w3.org/ns/cid/v1"],
                "id": url,
                "type": "Profile",
                "verificationMethod": methods.iter().map(|(vm, key)| json!({
                    "id": vm, "type": "Multikey", "controller": url, "publicKeyMultibase": key
                })).collect::<Vec<_>>(),
                "assertionMethod": methods.iter().map(|(vm, _)| vm.clone()).collect::<Vec<_>>(),
            });
            (url, serde_json::to_vec(&profile).unwrap())
        })
        .collect()
}

fn offline(input: &[u8]) -> Report {
    verify::verify(input, &VerifyOptions::at(AT)).unwrap()
}

/// Online, with a fetcher that serves `docs` and answers 404 otherwise.
fn served(input: &[u8], docs: &BTreeMap<String, Vec<u8>>) -> Report {
    let mut options = VerifyOptions::at(AT);
    options.online = true;
    verify::verify_online(input, &options, &mut |url| match docs.get(url) {
        Some(b) => Fetched::ok(b.clone()),
        None => Fetched::Response {
            status: 404,
            content_type: None,
            body: Vec::new(),
        },
    })
    .unwrap()
}

fn outcome(r: &Report, name: &str) -> Option<Outcome> {
    r.check(name).map(|c| c.outcome)
}

fn failed(r: &Report) -> Vec<&'static str> {
    r.checks
        .iter()
        .filter(|c| c.outcome == Outcome::Failed)
        .map(|c| c.check)
        .collect()
}

/// The credential inside a sample file (JSON, or a baked PNG or SVG).
fn credential_of(bytes: &[u8]) -> Value {
    let (payload, _) = verify::extract(bytes, &kiln_core::Limits::default()).unwrap();
    serde_json::from_str(&payload).unwrap()
}

#[test]
fn fixtures_offline_and_with_the_served_profile() {
    // file, verdict with the profile served, the check that fails.
    let table: &[(&str, Verdict, Option<&str>)] = &[
        ("verify/1edtech-simple.json", Verdict::Verified, None),
        ("verify/1edtech-simple_v1.json", Verdict::Verified, None),
        (
            "verify/1edtech-simple-eddsa-2022.json",
            Verdict::Verified,
            None,
        ),
        (
            "verify/1edtech-endorsement-valid.json",
            Verdict::Verified,
            None,
        ),
        ("baking/ob3-1edtech-simple.json", Verdict::Verified, None),
        (
            "baking/ob3-1edtech-simple-json.png",
            Verdict::Verified,
            None,
        ),
        (
            "baking/ob3-1edtech-simple-json.svg",
            Verdict::Verified,
            None,
        ),
        (
            "verify/x-1edtech-simple-err-proof-value.json",
            Verdict::Invalid,
            Some("proof"),
        ),
        (
            "verify/x-1edtech-simple-err-expired.json",
            Verdict::Invalid,
            Some("validity"),
        ),
        (
            "verify/x-1edtech-simple-err-issued.json",
            Verdict::Invalid,
            Some("validity"),
        ),
        (
            "verify/x-1edtech-simple-err-type.json",
            Verdict::Invalid,
            Some("jsonld-safe"),
        ),
    ];
    for (file, online_verdict, failing) in table {
        let input = std::fs::read(repo(&format!("tests/fixtures/{file}"))).unwrap();
        let docs = profiles(&credential_of(&input));
        assert!(!docs.is_empty(), "{file} names no key in a URL fragment");

        let r = offline(&input);
        assert_ne!(r.verdict, Verdict::Verified, "{file}: {:#?}", r.checks);
        if *online_verdict == Verdict::Verified {
            assert_eq!(r.verdict, Verdict::Error, "{file}: {:#?}", r.checks);
            assert_eq!(outcome(&r, "proof"), Some(Outcome::Passed), "{file}");
            assert_eq!(outcome(&r, "issuer"), Some(Outcome::Skipped), "{file}");
            assert_eq!(r.error.as_ref().unwrap().code, "issuer-key-not-checked");
        }

        let r = served(&input, &docs);
        assert_eq!(r.verdict, *online_verdict, "{file}: {:#?}", r.checks);
        if let Some(check) = failing {
            assert!(failed(&r).contains(check), "{file}: {:#?}", r.checks);
        }
        if outcome(&r, "proof") == Some(Outcome::Passed) {
            assert_eq!(outcome(&r, "issuer"), Some(Outcome::Passed), "{file}");
        }
    }
}

#[test]
fn suite_samples_with_valid_signatures_are_the_issuers_only_with_the_profile() {
    let root = repo("tests/suites/1edtech-ob30");
    let expected: Value =
        serde_json::from_slice(&std::fs::read(root.join("expected.json")).unwrap()).unwrap();
    let mut checked = 0;
    for (file, outcomes) in expected.as_object().unwrap() {
        let input = std::fs::read(root.join(file)).unwrap();
        let doc: Value = serde_json::from_slice(&input).unwrap();
        let docs = profiles(&doc);
        let valid = outcomes.as_array().unwrap().iter().any(|o| o == "VALID");
        if docs.is_empty() || !valid {
            continue;
        }
        checked += 1;
        // Offline, nothing vouches for the key in the fragment.
        let r = offline(&input);
        assert_ne!(r.verdict, Verdict::Verified, "{file}: {:#?}", r.checks);
        assert_ne!(
            outcome(&r, "issuer"),
            Some(Outcome::Passed),
            "{file}: {:#?}",
            r.checks
        );
        // With the profile served, a proof that checks out is the issuer's
        // whenever the key's URL is the issuer id.
        let r = served(&input, &docs);
        if outcome(&r, "proof") == Some(Outcome::Passed) {
            let issuer = r.credential.as_ref().unwrap()["issuer"]["id"].clone();
            let same_url = fragment_methods(&doc)
                .iter()
                .any(|(_, url, _)| Some(url.as_str()) == issuer.as_str());
            let want = if same_url {
                Outcome::Passed
            } else {
                Outcome::Failed
            };
            assert_eq!(outcome(&r, "issuer"), Some(want), "{file}: {:#?}", r.checks);
        }
    }
    assert!(checked >= 10, "only {checked} samples checked");
}
