//! `kiln keygen` and `kiln sign` as a user runs them.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use crate::common;
use common::{kiln, scratch};
use kiln_core::key::{KeyPair, resolve_offline};
use kiln_core::proof::{ProofCheck, ProofEnv, proofs_of, verify_proof};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;

fn vectors() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/vc-di-eddsa")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn unix_now() -> i64 {
    let d = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    i64::try_from(d.as_secs()).unwrap()
}

fn keygen(dir: &Path) -> (PathBuf, KeyPair) {
    let path = dir.join("key.json");
    let out = kiln(&["keygen", "-o", s(&path)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let key = KeyPair::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap();
    (path, key)
}

/// Checks every proof of a signed document against the key its verification method names.
fn verify_all(signed: &Value) -> Vec<ProofCheck> {
    let mut doc = signed.clone();
    doc.as_object_mut().unwrap().remove("proof");
    proofs_of(signed)
        .into_iter()
        .map(|p| {
            let vm = resolve_offline(p["verificationMethod"].as_str().unwrap()).unwrap();
            verify_proof(&doc, p, &vm.public_key, &ProofEnv::default()).unwrap()
        })
        .collect()
}

#[test]
fn keygen_prints_multikey_json() {
    let out = kiln(&["keygen"]);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let pk = v["publicKeyMultibase"].as_str().unwrap();
    assert!(pk.starts_with("z6Mk"));
    assert_eq!(v["controller"], format!("did:key:{pk}"));
    assert_eq!(v["id"], format!("did:key:{pk}#{pk}"));
    assert!(
        v["secretKeyMultibase"]
            .as_str()
            .unwrap()
            .starts_with("z3u2")
    );
    let key = KeyPair::from_json(&String::from_utf8(out.stdout).unwrap()).unwrap();
    assert_eq!(key.public.to_multibase(), pk);
}

#[test]
fn keygen_file_is_private_and_not_overwritten() {
    let dir = scratch("keygen");
    let (path, first) = keygen(&dir);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let again = kiln(&["keygen", "-o", s(&path)]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        KeyPair::from_json(&std::fs::read_to_string(&path).unwrap())
            .unwrap()
            .public,
        first.public
    );
    let forced = kiln(&["keygen", "-o", s(&path), "--force"]);
    assert!(forced.status.success());
    assert_ne!(
        KeyPair::from_json(&std::fs::read_to_string(&path).unwrap())
            .unwrap()
            .public,
        first.public
    );
}

#[test]
fn sign_jcs_binds_issuer_and_verifies() {
    let dir = scratch("sign-jcs");
    let (key_path, key) = keygen(&dir);
    let out_path = dir.join("signed.json");
    let unsigned = vectors().join("unsigned.json");
    let out = kiln(&[
        "sign",
        "--key",
        s(&key_path),
        "--suite",
        "eddsa-jcs-2022",
        "-o",
        s(&out_path),
        s(&unsigned),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("https://vc.example/issuers/5678"),
        "{}",
        stderr(&out)
    );
    let signed: Value = serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
    assert_eq!(signed["issuer"], key.controller.as_str());
    assert_eq!(
        signed["validFrom"], "2023-01-01T00:00:00Z",
        "an existing validFrom is kept"
    );
    assert_eq!(signed["proof"]["cryptosuite"], "eddsa-jcs-2022");
    assert_eq!(signed["proof"]["verificationMethod"], key.id.as_str());
    assert_eq!(verify_all(&signed), [ProofCheck::Valid]);

    // Tamper smoke test: a changed name no longer matches the signature.
    let mut forged = signed.clone();
    forged["name"] = "Alumni Credential, with honours".into();
    assert_eq!(verify_all(&forged), [ProofCheck::SignatureMismatch]);

    // Signing again adds a second proof (a proof set); both verify.
    let out = kiln(&[
        "sign",
        "--key",
        s(&key_path),
        "--suite",
        "eddsa-jcs-2022",
        s(&out_path),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("proof set"), "{}", stderr(&out));
    let twice: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verify_all(&twice), [ProofCheck::Valid, ProofCheck::Valid]);
}

#[test]
fn sign_with_the_w3c_key_file() {
    let out = kiln(&[
        "sign",
        "--key",
        s(&vectors().join("keyPair.json")),
        "--suite",
        "eddsa-jcs-2022",
        s(&vectors().join("unsigned.json")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        signed["issuer"],
        "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    );
    assert_eq!(verify_all(&signed), [ProofCheck::Valid]);
}

#[test]
fn existing_proof_is_not_broken_silently() {
    // The W3C signed vector has a proof by another issuer id.
    let dir = scratch("existing-proof");
    let (key_path, _) = keygen(&dir);
    let signed = vectors().join("eddsa-jcs-2022/signedJCS.json");
    let out = kiln(&[
        "sign",
        "--key",
        s(&key_path),
        "--suite",
        "eddsa-jcs-2022",
        s(&signed),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("already has a proof"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn keep_issuer_refuses_another_issuer() {
    let dir = scratch("keep-issuer");
    let (key_path, _) = keygen(&dir);
    let out_path = dir.join("signed.json");
    let unsigned = vectors().join("unsigned.json");
    let out = kiln(&[
        "sign",
        "--key",
        s(&key_path),
        "--suite",
        "eddsa-jcs-2022",
        "--keep-issuer",
        "-o",
        s(&out_path),
        s(&unsigned),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--keep-issuer"));
    assert!(stderr(&out).contains("unsigned.json"));
    assert!(!out_path.exists());
}

#[test]
fn validity_start_filled_by_data_model_version() {
    let dir = scratch("validity");
    let (key_path, _) = keygen(&dir);
    let before = unix_now();
    for (context, member) in [
        ("https://www.w3.org/ns/credentials/v2", "validFrom"),
        ("https://www.w3.org/2018/credentials/v1", "issuanceDate"),
    ] {
        let cred = dir.join("cred.json");
        let doc = json!({"@context": [context], "type": ["VerifiableCredential"], "credentialSubject": {"id": "did:example:1"}});
        std::fs::write(&cred, doc.to_string()).unwrap();
        let out = kiln(&[
            "sign",
            "--key",
            s(&key_path),
            "--suite",
            "eddsa-jcs-2022",
            s(&cred),
        ]);
        assert!(out.status.success(), "{}", stderr(&out));
        let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
        let t = kiln_core::parse_datetime(signed[member].as_str().unwrap()).unwrap();
        let created =
            kiln_core::parse_datetime(signed["proof"]["created"].as_str().unwrap()).unwrap();
        let after = unix_now();
        assert!(before <= t && t <= after, "{member} {t}");
        assert!(before <= created && created <= after);
        assert!(signed[member].as_str().unwrap().ends_with('Z'));
        let other = if member == "validFrom" {
            "issuanceDate"
        } else {
            "validFrom"
        };
        assert!(signed.get(other).is_none());
        // An absent issuer becomes the key's controller (a plain id: the
        // Profile type is defined only by the Open Badges context).
        let controller = signed["proof"]["verificationMethod"]
            .as_str()
            .unwrap()
            .split('#')
            .next()
            .unwrap();
        assert_eq!(signed["issuer"], json!(controller));
        assert_eq!(verify_all(&signed), [ProofCheck::Valid]);
    }
}

#[test]
fn sign_reports_bad_input_in_one_line() {
    let dir = scratch("bad-input");
    let (key_path, _) = keygen(&dir);
    let cred = dir.join("broken.json");
    std::fs::write(&cred, r#"{"name": 5}"#).unwrap();
    let out = kiln(&[
        "sign",
        "--key",
        s(&key_path),
        "--suite",
        "eddsa-jcs-2022",
        s(&cred),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("broken.json") && err.contains("$.name"),
        "{err}"
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let out = kiln(&["sign", "--key", s(&cred), s(&cred)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("broken.json"));
}

#[test]
fn sign_default_suite_is_rdfc_and_verifies() {
    let dir = scratch("sign-rdfc");
    let (key_path, _) = keygen(&dir);
    let out = kiln(&[
        "sign",
        "--key",
        s(&key_path),
        s(&vectors().join("unsigned.json")),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(signed["proof"]["cryptosuite"], "eddsa-rdfc-2022");
    assert_eq!(verify_all(&signed), [ProofCheck::Valid]);
}

/// `kiln keygen --type p256|p384`, then `kiln sign --cryptosuite
/// ecdsa-rdfc-2019|ecdsa-jcs-2019` on an OB 3.0 badge: every proof verifies,
/// `kiln verify` says verified, and a changed copy is refused.
#[test]
fn ecdsa_keys_sign_and_verify() {
    // An OB 3.0 badge under VC 2.0, with non-ASCII values.
    let unsigned = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:2f1d3c2e-8a43-4c1b-9a55-6a0f1e9b7c10",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "École Ørsted — 東京"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Übung macht den Meister ✓",
        "credentialSubject": {
            "id": "did:example:zoë",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/ñandú",
                "type": ["Achievement"],
                "name": "Ñandú 🐦 watcher",
                "description": "Observed 10 rheas — 見た",
                "criteria": {"narrative": "Ziel erreicht: ≥ 10"}
            }
        }
    });
    for (ty, prefix) in [("p256", "zDn"), ("p384", "z82")] {
        let dir = scratch(&format!("ecdsa-{ty}"));
        let badge = dir.join("unsigned.json");
        std::fs::write(&badge, unsigned.to_string()).unwrap();
        let key_path = dir.join("key.json");
        let out = kiln(&["keygen", "--type", ty, "-o", s(&key_path)]);
        assert!(out.status.success(), "{}", stderr(&out));
        let key = KeyPair::from_json(&std::fs::read_to_string(&key_path).unwrap()).unwrap();
        assert!(key.public.to_multibase().starts_with(prefix));
        for suite in ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"] {
            let out_path = dir.join(format!("{suite}.json"));
            let out = kiln(&[
                "sign",
                "--key",
                s(&key_path),
                "--cryptosuite",
                suite,
                "-o",
                s(&out_path),
                s(&badge),
            ]);
            assert!(out.status.success(), "{ty} {suite}: {}", stderr(&out));
            let signed: Value =
                serde_json::from_str(&std::fs::read_to_string(&out_path).unwrap()).unwrap();
            assert_eq!(signed["proof"]["cryptosuite"], suite);
            assert_eq!(verify_all(&signed), [ProofCheck::Valid]);
            let out = kiln(&["verify", "--json", s(&out_path)]);
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["verdict"], "verified", "{ty} {suite}: {report}");
            assert_eq!(out.status.code(), Some(0));

            let mut forged = signed.clone();
            forged["credentialSubject"]["achievement"]["name"] = "Forged achievement".into();
            assert_eq!(verify_all(&forged), [ProofCheck::SignatureMismatch]);
            let forged_path = dir.join(format!("{suite}-forged.json"));
            std::fs::write(&forged_path, forged.to_string()).unwrap();
            let out = kiln(&["verify", "--json", s(&forged_path)]);
            let report: Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(report["verdict"], "invalid", "{report}");
        }
        // Without --cryptosuite, an ECDSA key signs with ecdsa-rdfc-2019; an
        // EdDSA suite with it is refused, naming the key type.
        let out = kiln(&["sign", "--key", s(&key_path), s(&badge)]);
        assert!(out.status.success(), "{}", stderr(&out));
        let signed: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(signed["proof"]["cryptosuite"], "ecdsa-rdfc-2019");
        let out = kiln(&[
            "sign",
            "--key",
            s(&key_path),
            "--cryptosuite",
            "eddsa-rdfc-2022",
            s(&badge),
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert!(stderr(&out).contains("P-"), "{}", stderr(&out));
    }
}
