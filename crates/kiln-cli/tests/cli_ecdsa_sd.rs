//! `kiln sign --cryptosuite ecdsa-sd-2023` and `kiln derive` as a user runs
//! them: an issuer signs with a P-256 key file (Multikey JSON or JWK), the
//! holder derives, `kiln verify` checks the derived credential and names
//! what was disclosed; a base proof is refused as the holder's.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use crate::common;
use common::{kiln, repo, scratch};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Output;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The vectors' issuer key pair, as Multikey JSON.
fn key_file(dir: &Path) -> std::path::PathBuf {
    let text = std::fs::read_to_string(repo(
        "tests/vectors/vc-di-ecdsa/ecdsa-sd-2023/SDKeyMaterial.json",
    ))
    .unwrap();
    let keys: Value = serde_json::from_str(&text).unwrap();
    let path = dir.join("p256.json");
    std::fs::write(&path, keys["baseKeyPair"].to_string()).unwrap();
    path
}

fn credential(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("cred.json");
    let cred = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:7c1f2a40-5d3b-4b8e-9a61-0e2d4c8f9b13",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Glaze Chemistry II",
        "description": "Kept private unless the holder reveals it.",
        "issuer": {"id": "did:example:placeholder", "type": ["Profile"], "name": "Töpferei Åsa"},
        "credentialSubject": {"id": "did:example:learner", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.org/a/1", "type": ["Achievement"],
                "name": "Glaze Chemistry II", "description": "Mixes glazes.",
                "criteria": {"narrative": "Fired test tiles."}}}
    });
    std::fs::write(&path, cred.to_string()).unwrap();
    path
}

fn verify_json(path: &Path) -> (Output, Value) {
    let out = kiln(&["verify", "--json", s(path)]);
    let report = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out, report)
}

#[test]
fn sign_derive_verify() {
    let dir = scratch("ecdsa-sd-cli");
    let key = key_file(&dir);
    let cred = credential(&dir);
    let base = dir.join("base.json");
    let out = kiln(&[
        "sign",
        "--cryptosuite",
        "ecdsa-sd-2023",
        "--key",
        s(&key),
        "-o",
        s(&base),
        s(&cred),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    // The base proof is the holder's: verifying it is "could not check".
    let (out, report) = verify_json(&base);
    assert_eq!(out.status.code(), Some(2), "{report}");
    assert_eq!(report["error"]["code"], "ecdsa-sd-base-proof");

    // Minimal disclosure: the description is withheld.
    let derived = dir.join("derived.json");
    let out = kiln(&["derive", s(&base), "-o", s(&derived)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&derived).unwrap()).unwrap();
    assert!(doc.get("description").is_none());
    let (out, report) = verify_json(&derived);
    assert!(out.status.success(), "{report}");
    assert_eq!(report["verdict"], "verified");
    let disclosed = report["credential"]["disclosed"].to_string();
    assert!(
        disclosed.contains("/credentialSubject/achievement/name"),
        "{disclosed}"
    );
    assert!(!disclosed.contains("\"/description\""), "{disclosed}");

    // Revealing the description on request.
    let out = kiln(&[
        "derive",
        "--reveal",
        "/description",
        s(&base),
        "-o",
        s(&derived),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let (_, report) = verify_json(&derived);
    assert_eq!(report["verdict"], "verified", "{report}");
    assert!(
        report["credential"]["disclosed"]
            .to_string()
            .contains("\"/description\"")
    );

    // A changed disclosed value is refused.
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&derived).unwrap()).unwrap();
    doc["description"] = "Something else".into();
    std::fs::write(&derived, doc.to_string()).unwrap();
    let (out, report) = verify_json(&derived);
    assert_eq!(out.status.code(), Some(1), "{report}");
    assert_eq!(report["verdict"], "invalid");
}

#[test]
fn explicit_mandatory_pointers_and_bad_input() {
    let dir = scratch("ecdsa-sd-cli-mandatory");
    let key = key_file(&dir);
    let cred = credential(&dir);
    let base = dir.join("base.json");
    let out = kiln(&[
        "sign",
        "--cryptosuite",
        "ecdsa-sd-2023",
        "--key",
        s(&key),
        "--mandatory",
        "/issuer",
        "--mandatory",
        "/validFrom",
        "-o",
        s(&base),
        s(&cred),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let derived = dir.join("derived.json");
    let out = kiln(&[
        "derive",
        "--reveal",
        "/credentialSubject/achievement/name",
        s(&base),
        "-o",
        s(&derived),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&derived).unwrap()).unwrap();
    assert!(doc.get("name").is_none(), "{doc}");
    assert_eq!(
        doc["credentialSubject"]["achievement"]["name"],
        "Glaze Chemistry II"
    );
    let (_, report) = verify_json(&derived);
    assert_eq!(report["proof"], Value::Null);
    assert!(
        report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["check"] == "proof" && c["outcome"] == "passed"),
        "{report}"
    );

    // A pointer to nothing is named.
    let out = kiln(&["derive", "--reveal", "/nothing/here", s(&base)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/nothing/here"), "{}", stderr(&out));
    // An Ed25519 key file is not a P-256 one.
    let ed = dir.join("ed.json");
    assert!(kiln(&["keygen", "-o", s(&ed)]).status.success());
    let out = kiln(&[
        "sign",
        "--cryptosuite",
        "ecdsa-sd-2023",
        "--key",
        s(&ed),
        s(&cred),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("P-256"), "{}", stderr(&out));
}
