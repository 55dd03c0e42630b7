//! eddsa-rdfc-2022 and Ed25519Signature2020 through Kiln's JSON-LD and
//! RDFC-1.0: the W3C vc-di-eddsa test vectors (every intermediate value,
//! byte for byte) and real signed credentials from the Digital Credentials
//! Consortium (did:key ones: their signatures must verify, the tampered one
//! must not), and 1EdTech's validator samples, where the safe-mode check
//! must agree with jsonld.js's safe mode. Sources: the README.md of
//! tests/suites/vc-di-eddsa, dcc-didkey and 1edtech-ob30.
#![cfg(feature = "jsonld-full")]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)] // test helpers report broken fixtures by panicking

use ed25519_dalek::{Signature, Verifier, VerifyingKey};
use kiln_core::Limits;
use kiln_core::jsonld::{ContextStore, canonicalize, check_safe};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

fn suites() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/suites")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn public_key_from_multibase(mb: &str) -> VerifyingKey {
    let bytes = bs58::decode(mb.strip_prefix('z').unwrap())
        .into_vec()
        .unwrap();
    assert_eq!(&bytes[..2], &[0xed, 0x01], "not an Ed25519 multikey: {mb}");
    VerifyingKey::from_bytes(&bytes[2..].try_into().unwrap()).unwrap()
}

/// (folder, file suffix, signed file) of each vector.
const VECTORS: &[(&str, &str, &str)] = &[
    ("eddsa-rdfc-2022", "DataInt", "signedDataInt.json"),
    ("eddsa-rdfc-2022/employ", "DataInt", "signedDataInt.json"),
    ("Ed25519Signature2020", "EdSig", "signedEdSig.json"),
];

#[test]
fn vc_di_eddsa_vectors_reproduce_byte_for_byte() {
    let root = suites().join("vc-di-eddsa");
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let key_pair: Value = serde_json::from_str(&read(&root.join("keyPair.json"))).unwrap();
    let key = public_key_from_multibase(key_pair["publicKeyMultibase"].as_str().unwrap());
    for (folder, sfx, signed) in VECTORS {
        let dir = root.join(folder);
        let file = |name: &str| read(&dir.join(name.replace("{}", sfx)));
        let mut doc: Value = serde_json::from_str(&file(signed)).unwrap();
        let proof = doc.as_object_mut().unwrap().remove("proof").unwrap();
        let config: Value = serde_json::from_str(&file("proofConfig{}.json")).unwrap();

        let canon_doc = canonicalize(&doc, &store, &limits).unwrap();
        assert_eq!(
            canon_doc,
            file("canonDoc{}.txt"),
            "{folder}: canonical document"
        );
        let canon_config = canonicalize(&config, &store, &limits).unwrap();
        assert_eq!(
            canon_config,
            file("proofCanon{}.txt"),
            "{folder}: canonical proof config"
        );

        let doc_hash = Sha256::digest(canon_doc.as_bytes());
        let config_hash = Sha256::digest(canon_config.as_bytes());
        assert_eq!(
            hex(&doc_hash),
            file("docHash{}.txt").trim(),
            "{folder}: document hash"
        );
        assert_eq!(
            hex(&config_hash),
            file("proofHash{}.txt").trim(),
            "{folder}: proof hash"
        );
        let combined = [config_hash.as_slice(), doc_hash.as_slice()].concat();
        assert_eq!(
            hex(&combined),
            file("combinedHash{}.txt").trim(),
            "{folder}: combined hash"
        );

        let sig_b58 = proof["proofValue"].as_str().unwrap();
        assert_eq!(
            sig_b58,
            file("sigBTC58{}.txt").trim(),
            "{folder}: proofValue"
        );
        let sig = bs58::decode(&sig_b58[1..]).into_vec().unwrap();
        assert_eq!(
            hex(&sig),
            file("sigHex{}.txt").trim(),
            "{folder}: signature hex"
        );
        let sig = Signature::from_bytes(&sig.try_into().unwrap());
        key.verify_strict(&combined, &sig).unwrap();
        // The vectors' documents use only defined terms (examples/v2 has an @vocab of its own).
        check_safe(&doc, &store, &limits).unwrap_or_else(|e| panic!("{folder}: {e}"));
    }
}

/// Verifies every proof of one credential; returns one result per proof.
fn verify_credential(doc: &Value) -> Vec<Result<(), String>> {
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let mut unsecured = doc.clone();
    let proofs = match unsecured.as_object_mut().unwrap().remove("proof").unwrap() {
        Value::Array(a) => a,
        one => vec![one],
    };
    proofs
        .iter()
        .map(|proof| {
            if proof["type"] != "Ed25519Signature2020" && proof["cryptosuite"] != "eddsa-rdfc-2022"
            {
                return Err("unsupported proof type".to_owned());
            }
            let mut config = proof.clone();
            let cfg = config.as_object_mut().unwrap();
            let value = cfg.remove("proofValue").unwrap();
            let mut ctx = doc["@context"].clone();
            if proof["type"] == "Ed25519Signature2020" {
                let url = Value::from("https://w3id.org/security/suites/ed25519-2020/v1");
                let list = ctx.as_array_mut().unwrap();
                if !list.contains(&url) {
                    list.push(url);
                }
            }
            cfg.insert("@context".into(), ctx);
            let canon_config = canonicalize(&config, &store, &limits).map_err(|e| e.to_string())?;
            let canon_doc = canonicalize(&unsecured, &store, &limits).map_err(|e| e.to_string())?;
            let data = [
                Sha256::digest(canon_config.as_bytes()),
                Sha256::digest(canon_doc.as_bytes()),
            ]
            .concat();
            let vm = proof["verificationMethod"].as_str().unwrap();
            let mb = vm.rsplit(['#', ':']).next().unwrap();
            let key = public_key_from_multibase(mb);
            let sig = bs58::decode(&value.as_str().unwrap()[1..])
                .into_vec()
                .unwrap();
            let sig = Signature::from_bytes(&sig.try_into().unwrap());
            key.verify(&data, &sig)
                .map_err(|_| "signature does not match".to_owned())
        })
        .collect()
}

#[test]
fn dcc_did_key_credentials_verify() {
    let root = suites().join("dcc-didkey");
    let expected: Value = serde_json::from_str(&read(&root.join("expected.json"))).unwrap();
    let mut checked = 0;
    for (file, results) in expected.as_object().unwrap() {
        let doc: Value = serde_json::from_str(&read(&root.join(file))).unwrap();
        let got = verify_credential(&doc);
        let results = results.as_array().unwrap();
        assert_eq!(got.len(), results.len(), "{file}");
        for (g, want) in got.iter().zip(results) {
            match (want.as_str().unwrap(), g) {
                ("VALID", Ok(())) => {}
                ("INVALID", Err(e)) if e == "signature does not match" => {}
                (w, g) => panic!("{file}: expected {w}, got {g:?}"),
            }
            checked += 1;
        }
    }
    println!("dcc did:key: {checked} proofs checked");
    assert_eq!(checked, 75, "expected.json lists 75 proofs");
}

#[test]
fn onedtech_samples_agree_with_jsonld_js() {
    let root = suites().join("1edtech-ob30");
    let expected: Value = serde_json::from_str(&read(&root.join("expected.json"))).unwrap();
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let (mut verified, mut refused) = (0, 0);
    for (file, results) in expected.as_object().unwrap() {
        let doc: Value = serde_json::from_str(&read(&root.join(file))).unwrap();
        let results: Vec<&str> = results
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap())
            .collect();
        // The safe-mode check covers what the proof signs: the document without its proof.
        let mut unsecured = doc.clone();
        unsecured.as_object_mut().unwrap().remove("proof");
        let safe = check_safe(&unsecured, &store, &limits);
        if results.contains(&"SAFE-MODE-ERROR") {
            let err = safe.expect_err(file);
            assert_eq!(err.code(), "jsonld-undefined-term", "{file}: {err}");
            println!("{file}: {err}");
            refused += 1;
            continue;
        }
        safe.unwrap_or_else(|e| panic!("{file}: {e}"));
        for (got, want) in verify_credential(&doc).iter().zip(&results) {
            match (*want, got) {
                ("VALID", Ok(())) => verified += 1,
                ("INVALID", Err(e)) if e == "signature does not match" => verified += 1,
                ("SKIP", _) => {}
                (w, g) => panic!("{file}: expected {w}, got {g:?}"),
            }
        }
    }
    assert_eq!((verified, refused), (17, 11));
}

#[test]
fn complete_ob30_credential_matches_jsonld_js() {
    let root = suites().join("1edtech-ob30");
    let mut doc: Value = serde_json::from_str(&read(&root.join("complete.json"))).unwrap();
    doc.as_object_mut().unwrap().remove("proof");
    let got = canonicalize(&doc, &ContextStore::bundled(), &Limits::default()).unwrap();
    assert_eq!(got, read(&root.join("complete.canonical.nq")));
}
