//! `kiln verify` end to end: published credentials, badges baked by kiln,
//! the Report contract of `--json`, the clock of `--at`, and exit codes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::{kiln, repo, scratch};
use serde_json::Value;
use std::process::Output;

const AT: &str = "2026-06-01T00:00:00Z";

fn report(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn failed(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "failed")
        .map(|c| c["check"].as_str().unwrap().to_owned())
        .collect()
}

fn skipped(report: &Value) -> Vec<String> {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["outcome"] == "skipped")
        .map(|c| c["check"].as_str().unwrap().to_owned())
        .collect()
}

/// Offline. 1EdTech's samples write their key in their issuer URL's
/// fragment (`<issuer id>#z6Mk...`), which proves nothing without the
/// profile document at that URL: the genuine ones are "could not check"
/// (`error`, exit 2) with the issuer check skipped. With a served profile
/// they verify (`kiln-core/tests/onedtech_samples.rs`).
#[test]
fn published_credentials_get_the_expected_verdicts() {
    let table: &[(&str, &str, Option<&str>)] = &[
        ("1edtech-simple.json", "error", None),
        ("1edtech-simple_v1.json", "error", None),
        ("1edtech-simple-eddsa-2022.json", "error", None),
        ("1edtech-endorsement-valid.json", "error", None),
        (
            "x-1edtech-simple-err-proof-value.json",
            "invalid",
            Some("proof"),
        ),
        (
            "x-1edtech-simple-err-expired.json",
            "invalid",
            Some("validity"),
        ),
        (
            "x-1edtech-simple-err-issued.json",
            "invalid",
            Some("validity"),
        ),
        ("x-1edtech-simple-noproof.json", "invalid", Some("proof")),
        (
            "x-1edtech-simple-err-type.json",
            "invalid",
            Some("jsonld-safe"),
        ),
        (
            "x-1edtech-simple-did-key-method.json",
            "invalid",
            Some("issuer"),
        ),
        ("dcc-v2-ed25519-didkey.json", "verified", None),
        ("dcc-v2-rdfc-didkey-basic.json", "verified", None),
        ("dcc-v1-proof-set-didkey.json", "verified", None),
        (
            "x-dcc-v2-ed25519-didkey-tampered.json",
            "invalid",
            Some("proof"),
        ),
        (
            "x-dcc-v2-rdfc-not-yet-valid.json",
            "invalid",
            Some("validity"),
        ),
        ("x-dcc-v1-ed25519-expired.json", "invalid", Some("validity")),
    ];
    for (file, verdict, check) in table {
        let path = repo(&format!("tests/fixtures/verify/{file}"));
        let out = kiln(&[
            "verify",
            "--json",
            "--offline",
            "--at",
            AT,
            path.to_str().unwrap(),
        ]);
        let r = report(&out);
        assert_eq!(r["verdict"], *verdict, "{file}: {}", r["checks"]);
        let code = match *verdict {
            "verified" => 0,
            "invalid" => 1,
            _ => 2,
        };
        assert_eq!(out.status.code(), Some(code), "{file}");
        if *verdict == "error" {
            assert!(
                skipped(&r).iter().any(|c| c == "issuer"),
                "{file}: the issuer check should be skipped: {}",
                r["checks"]
            );
            assert_eq!(r["error"]["code"], "issuer-key-not-checked", "{file}");
        }
        if let Some(check) = check {
            assert!(
                failed(&r).iter().any(|c| c == check),
                "{file}: {check} should fail: {}",
                r["checks"]
            );
        }
    }
}

#[test]
fn json_report_follows_the_contract() {
    let path = repo("tests/fixtures/verify/dcc-v2-rdfc-didkey-basic.json");
    let out = kiln(&[
        "verify",
        "--json",
        "--offline",
        "--at",
        AT,
        path.to_str().unwrap(),
    ]);
    let r = report(&out);
    assert_eq!(r["verdict"], "verified");
    for c in r["checks"].as_array().unwrap() {
        assert!(c["check"].is_string());
        assert!(["passed", "failed", "skipped"].contains(&c["outcome"].as_str().unwrap()));
        assert!(!c["detail"].as_str().unwrap().is_empty());
    }
    let names: Vec<&str> = r["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    for expected in [
        "jsonld-safe",
        "proof",
        "issuer",
        "proof-purpose",
        "validity",
        "status",
        "structure",
    ] {
        assert!(
            names.contains(&expected),
            "{expected} missing from {names:?}"
        );
    }
    assert!(r["warnings"].is_array());
    let text = std::fs::read_to_string(&path).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let c = &r["credential"];
    assert_eq!(c["format"], "ob3");
    assert_eq!(c["issuer"]["id"], doc["issuer"]["id"]);
    assert_eq!(c["issuer"]["name"], doc["issuer"]["name"]);
    assert_eq!(
        c["achievement"]["name"],
        doc["credentialSubject"]["achievement"]["name"]
    );
    assert_eq!(c["validFrom"], doc["validFrom"]);
    assert_eq!(c["proofType"], "DataIntegrityProof (eddsa-rdfc-2022)");
    assert_eq!(r["payload"].as_str().unwrap().trim(), text.trim());
    assert!(r.get("error").is_none());
}

#[test]
fn the_clock_moves_with_at() {
    let path = repo("tests/fixtures/verify/x-dcc-v1-ed25519-expired.json");
    let p = path.to_str().unwrap();
    let expired = report(&kiln(&["verify", "--json", "--offline", "--at", AT, p]));
    let detail = expired["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == "validity")
        .unwrap()["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("expired on"), "{detail}");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let from = doc["issuanceDate"].as_str().unwrap();
    let out = kiln(&["verify", "--json", "--offline", "--at", from, p]);
    assert_eq!(
        report(&out)["verdict"],
        "verified",
        "at its own validFrom it is valid"
    );
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn garbage_is_exit_2_with_one_line_or_an_error_report() {
    let dir = scratch("verify");
    let junk = dir.join("junk.bin");
    std::fs::write(&junk, [0u8, 159, 146, 150, 7, 7, 7]).unwrap();
    let out = kiln(&["verify", "--offline", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("junk.bin"), "{stderr}");

    let out = kiln(&["verify", "--json", "--offline", junk.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let r = report(&out);
    assert_eq!(r["verdict"], "error");
    assert!(r["error"]["code"].is_string());
    assert!(r["error"]["message"].is_string());

    let missing = dir.join("missing.png");
    let out = kiln(&["verify", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_badge_signed_and_baked_by_kiln_verifies_from_the_image() {
    let dir = scratch("verify");
    let key = dir.join("key.json");
    assert!(
        kiln(&["keygen", "-o", key.to_str().unwrap()])
            .status
            .success()
    );
    let unsigned = dir.join("unsigned.json");
    std::fs::write(&unsigned, UNSIGNED).unwrap();
    let artwork = [
        repo("tests/fixtures/baking/plain-1edtech-robotics-badge.png"),
        repo("tests/fixtures/baking/x-mozilla-unbaked.svg"),
    ];
    for suite in ["eddsa-rdfc-2022", "eddsa-jcs-2022"] {
        let signed = dir.join(format!("signed-{suite}.json"));
        let out = kiln(&[
            "sign",
            "--key",
            key.to_str().unwrap(),
            "--suite",
            suite,
            "-o",
            signed.to_str().unwrap(),
            unsigned.to_str().unwrap(),
        ]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        for art in &artwork {
            let ext = art.extension().unwrap().to_str().unwrap();
            let baked = dir.join(format!("badge-{suite}.{ext}"));
            let out = kiln(&[
                "bake",
                "--credential",
                signed.to_str().unwrap(),
                art.to_str().unwrap(),
                "-o",
                baked.to_str().unwrap(),
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            let out = kiln(&["verify", "--json", "--offline", baked.to_str().unwrap()]);
            let r = report(&out);
            assert_eq!(r["verdict"], "verified", "{suite} {ext}: {}", r["checks"]);
            assert_eq!(out.status.code(), Some(0));
            assert_eq!(
                r["payload"].as_str().unwrap().trim(),
                std::fs::read_to_string(&signed).unwrap().trim()
            );

            // The human output: a verdict line, then one line per check.
            let out = kiln(&["verify", "--offline", baked.to_str().unwrap()]);
            let text = String::from_utf8(out.stdout).unwrap();
            assert!(text.starts_with("VERIFIED"), "{text}");
            assert!(text.lines().any(|l| l.contains("[pass] proof")), "{text}");
        }
    }
}

const UNSIGNED: &str = r#"{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:1b7c3d5e-2f4a-4b6c-8d9e-0a1b2c3d4e5f",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "name": "Ωmega Robotics – Niveau 2 ✓",
  "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "Académie Ωmega"},
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "name": "Zoë Ångström",
    "achievement": {
      "id": "https://example.edu/achievements/robotics-2",
      "type": ["Achievement"],
      "name": "Robotics level 2",
      "description": "Builds and programs a line-following robot.",
      "criteria": {"narrative": "Pass the practical assessment."}
    }
  }
}"#;
