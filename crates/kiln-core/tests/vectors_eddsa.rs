//! The W3C vc-di-eddsa test vectors (tests/vectors/vc-di-eddsa, see its
//! README): eddsa-jcs-2022 reproduced byte for byte; the RDFC suites'
//! signed documents verified when the `rdfc` feature is built.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions
#![cfg_attr(not(feature = "sign"), allow(unused_imports, dead_code))]

use kiln_core::jcs::canonicalize;
use kiln_core::key::{KeyPair, PublicKey, resolve_offline};
use kiln_core::proof::{
    ProofCheck, ProofEnv, ProofOptions, Suite, eddsa_jcs, proofs_of, verify_proof,
};
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/vc-di-eddsa")
}

fn text(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn json(name: &str) -> Value {
    serde_json::from_str(&text(name)).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn key() -> KeyPair {
    KeyPair::from_json(&text("keyPair.json")).unwrap()
}

/// The document without `proof`, and its proof.
fn split(signed: &Value) -> (Value, Map<String, Value>) {
    let mut doc = signed.clone();
    let proof = doc.as_object_mut().unwrap().remove("proof").unwrap();
    (doc, proof.as_object().unwrap().clone())
}

#[test]
fn jcs_canonical_document_and_hash() {
    let canon = canonicalize(&json("unsigned.json")).unwrap();
    assert_eq!(canon, text("eddsa-jcs-2022/canonDocJCS.txt").trim_end());
    assert_eq!(
        hex(&Sha256::digest(canon.as_bytes())),
        text("eddsa-jcs-2022/docHashJCS.txt").trim()
    );
}

#[test]
fn jcs_canonical_proof_config_and_hash() {
    let canon = canonicalize(&json("eddsa-jcs-2022/proofConfigJCS.json")).unwrap();
    assert_eq!(canon, text("eddsa-jcs-2022/proofCanonJCS.txt").trim_end());
    assert_eq!(
        hex(&Sha256::digest(canon.as_bytes())),
        text("eddsa-jcs-2022/proofHashJCS.txt").trim()
    );
}

#[test]
fn jcs_combined_hash_and_signature() {
    let hash = eddsa_jcs::hash_data(
        &json("unsigned.json"),
        &json("eddsa-jcs-2022/proofConfigJCS.json"),
    )
    .unwrap();
    assert_eq!(
        hex(&hash),
        text("eddsa-jcs-2022/combinedHashJCS.txt").trim()
    );
    let sig = key().sign(&hash);
    assert_eq!(hex(&sig), text("eddsa-jcs-2022/sigHexJCS.txt").trim());
    assert_eq!(
        kiln_core::multibase::encode_base58btc(&sig),
        text("eddsa-jcs-2022/sigBTC58JCS.txt").trim()
    );
}

fn vector_options(suite: Suite) -> ProofOptions {
    let vm = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    ProofOptions {
        suite,
        verification_method: vm.into(),
        created: "2023-02-24T23:36:38Z".into(),
        proof_purpose: "assertionMethod".into(),
    }
}

#[cfg(feature = "sign")]
#[test]
fn jcs_create_proof_reproduces_signed_document() {
    let signed = kiln_core::proof::create_proof(
        &json("unsigned.json"),
        &key(),
        &vector_options(Suite::EddsaJcs2022),
        &ProofEnv::default(),
    )
    .unwrap();
    let want = json("eddsa-jcs-2022/signedJCS.json");
    assert_eq!(signed, want);
    // Same member order as the vector too.
    assert_eq!(
        serde_json::to_string_pretty(&signed).unwrap(),
        serde_json::to_string_pretty(&want).unwrap()
    );
}

#[test]
fn jcs_signed_document_verifies() {
    let (doc, proof) = split(&json("eddsa-jcs-2022/signedJCS.json"));
    let vm = resolve_offline(proof["verificationMethod"].as_str().unwrap()).unwrap();
    assert_eq!(vm.public_key, key().public);
    assert_eq!(
        verify_proof(&doc, &proof, &vm.public_key, &ProofEnv::default()).unwrap(),
        ProofCheck::Valid
    );
}

#[test]
fn jcs_tampered_name_is_a_signature_mismatch() {
    let (mut doc, proof) = split(&json("eddsa-jcs-2022/signedJCS.json"));
    doc["name"] = "Alumni Credential (forged)".into();
    let k = key().public;
    assert_eq!(
        verify_proof(&doc, &proof, &k, &ProofEnv::default()).unwrap(),
        ProofCheck::SignatureMismatch
    );
}

#[test]
fn jcs_tampered_proof_options_are_a_signature_mismatch() {
    let (doc, mut proof) = split(&json("eddsa-jcs-2022/signedJCS.json"));
    proof.insert("created".into(), "2023-02-24T23:36:39Z".into());
    let k = key().public;
    assert_eq!(
        verify_proof(&doc, &proof, &k, &ProofEnv::default()).unwrap(),
        ProofCheck::SignatureMismatch
    );
}

#[test]
fn jcs_wrong_key_is_a_signature_mismatch() {
    let (doc, proof) = split(&json("eddsa-jcs-2022/signedJCS.json"));
    let other =
        PublicKey::from_multibase("z6MktgKTsu1QhX6QPbyqG6geXdw6FQCZBPq7uQpieWbiQiG7").unwrap();
    assert_eq!(
        verify_proof(&doc, &proof, &other, &ProofEnv::default()).unwrap(),
        ProofCheck::SignatureMismatch
    );
}

#[test]
fn jcs_context_rules() {
    let (doc, proof) = split(&json("eddsa-jcs-2022/signedJCS.json"));
    let k = key().public;
    let env = ProofEnv::default();
    // A context appended after signing is allowed: the proof covers its own prefix.
    let mut longer = doc.clone();
    longer["@context"]
        .as_array_mut()
        .unwrap()
        .push("https://example.org/extra/v1".into());
    assert_eq!(
        verify_proof(&longer, &proof, &k, &env).unwrap(),
        ProofCheck::Valid
    );
    // A document whose @context does not start with the proof's is refused.
    let mut other = doc.clone();
    other["@context"] = serde_json::json!(["https://www.w3.org/ns/credentials/v2"]);
    assert!(matches!(
        verify_proof(&other, &proof, &k, &env).unwrap(),
        ProofCheck::Malformed(_)
    ));
    // A proof without @context covers the document as it is: here that differs.
    let mut bare = proof.clone();
    bare.remove("@context");
    assert_eq!(
        verify_proof(&doc, &bare, &k, &env).unwrap(),
        ProofCheck::SignatureMismatch
    );
}

#[test]
fn malformed_proof_values() {
    let (doc, proof) = split(&json("eddsa-jcs-2022/signedJCS.json"));
    let k = key().public;
    let env = ProofEnv::default();
    let with = |v: Option<Value>| {
        let mut p = proof.clone();
        match v {
            Some(v) => p.insert("proofValue".into(), v),
            None => p.remove("proofValue"),
        };
        verify_proof(&doc, &p, &k, &env).unwrap()
    };
    assert!(matches!(with(None), ProofCheck::Malformed(m) if m.contains("proofValue")));
    assert!(matches!(with(Some(5.into())), ProofCheck::Malformed(_)));
    let sig = text("eddsa-jcs-2022/sigHexJCS.txt");
    let sig: Vec<u8> = (0..128)
        .step_by(2)
        .map(|i| u8::from_str_radix(&sig[i..i + 2], 16).unwrap())
        .collect();
    // Another multibase (base64url, 'u') is not what the suites use.
    assert!(
        matches!(with(Some("uQH_NElSzPXGOy7m".into())), ProofCheck::Malformed(m) if m.contains("base58btc"))
    );
    let short = kiln_core::multibase::encode_base58btc(&sig[..63]);
    assert!(matches!(with(Some(short.into())), ProofCheck::Malformed(m) if m.contains("63")));
    let mut p = proof.clone();
    p.insert("created".into(), "yesterday".into());
    assert!(matches!(
        verify_proof(&doc, &p, &k, &env).unwrap(),
        ProofCheck::Malformed(_)
    ));
    let mut p = proof.clone();
    p.remove("type");
    assert!(matches!(
        verify_proof(&doc, &p, &k, &env).unwrap(),
        ProofCheck::Malformed(_)
    ));
    let mut p = proof.clone();
    p.insert("cryptosuite".into(), "ecdsa-jcs-2019".into());
    // An Ed25519 key cannot have made an ECDSA proof; a build without
    // `ecdsa` cannot check one at all.
    if cfg!(feature = "ecdsa") {
        assert!(matches!(
            verify_proof(&doc, &p, &k, &env).unwrap(),
            ProofCheck::Malformed(m) if m.contains("P-256 or P-384")
        ));
    } else {
        assert!(verify_proof(&doc, &p, &k, &env).is_err());
    }
}

#[cfg(feature = "sign")]
#[test]
fn jcs_proof_set_of_two_keys() {
    let pairs = json("proof-set-chain/multiKeyPairs.json");
    let k1 = KeyPair::from_json(&pairs["keyPair1"].to_string()).unwrap();
    let k2 = KeyPair::from_json(&pairs["keyPair2"].to_string()).unwrap();
    let env = ProofEnv::default();
    let opts = |k: &KeyPair| ProofOptions {
        verification_method: k.id.clone(),
        ..vector_options(Suite::EddsaJcs2022)
    };
    let unsigned = json("unsigned.json");
    let once = kiln_core::proof::create_proof(&unsigned, &k1, &opts(&k1), &env).unwrap();
    let twice = kiln_core::proof::create_proof(&once, &k2, &opts(&k2), &env).unwrap();
    let proofs = proofs_of(&twice);
    assert_eq!(proofs.len(), 2);
    for (p, k) in proofs.iter().zip([&k1, &k2]) {
        assert_eq!(
            verify_proof(&unsigned, p, &k.public, &env).unwrap(),
            ProofCheck::Valid
        );
    }
    // The first proof is unchanged by the second.
    assert_eq!(proofs[0], once["proof"].as_object().unwrap());
}

#[cfg(feature = "sign")]
#[test]
fn create_proof_refuses_misuse() {
    let env = ProofEnv::default();
    let unsigned = json("unsigned.json");
    let pairs = json("proof-set-chain/multiKeyPairs.json");
    let other = KeyPair::from_json(&pairs["keyPair1"].to_string()).unwrap();
    let e = kiln_core::proof::create_proof(
        &unsigned,
        &other,
        &vector_options(Suite::EddsaJcs2022),
        &env,
    )
    .unwrap_err();
    assert_eq!(e.code(), "proof-wrong-key");
    let bad_time = ProofOptions {
        created: "2023-02-30T00:00:00Z".into(),
        ..vector_options(Suite::EddsaJcs2022)
    };
    assert_eq!(
        kiln_core::proof::create_proof(&unsigned, &key(), &bad_time, &env)
            .unwrap_err()
            .code(),
        "proof-bad-created"
    );
    let e = kiln_core::proof::create_proof(
        &unsigned,
        &key(),
        &vector_options(Suite::Ed25519Signature2020),
        &env,
    );
    assert!(e.is_err());
    let e = kiln_core::proof::create_proof(
        &Value::from("x"),
        &key(),
        &vector_options(Suite::EddsaJcs2022),
        &env,
    );
    assert_eq!(e.unwrap_err().code(), "proof-not-object");
}

#[cfg(not(feature = "jsonld-compact"))]
#[test]
fn rdfc_suites_unsupported_without_the_feature() {
    let (doc, proof) = split(&json("eddsa-rdfc-2022/signedDataInt.json"));
    let e = verify_proof(&doc, &proof, &key().public, &ProofEnv::default()).unwrap_err();
    assert_eq!(e.code(), "suite-not-built");
}

/// The signed vector of an RDFC suite verifies with the vector key.
#[cfg(feature = "jsonld-full")]
fn assert_rdfc_vector_valid(path: &str) {
    let (doc, proof) = split(&json(path));
    let vm = resolve_offline(proof["verificationMethod"].as_str().unwrap()).unwrap();
    assert_eq!(
        verify_proof(&doc, &proof, &vm.public_key, &ProofEnv::default()).unwrap(),
        ProofCheck::Valid
    );
    // And a changed document does not.
    let mut forged = doc.clone();
    forged["name"] = "Forged".into();
    assert_eq!(
        verify_proof(&forged, &proof, &vm.public_key, &ProofEnv::default()).unwrap(),
        ProofCheck::SignatureMismatch
    );
}

#[cfg(feature = "jsonld-full")]
#[test]
fn rdfc_signed_vector_verifies() {
    assert_rdfc_vector_valid("eddsa-rdfc-2022/signedDataInt.json");
}

#[cfg(feature = "jsonld-full")]
#[test]
fn rdfc_employment_vector_verifies() {
    assert_rdfc_vector_valid("eddsa-rdfc-2022/employ/signedDataInt.json");
}

#[cfg(feature = "jsonld-full")]
#[test]
fn ed25519_signature_2020_vector_verifies() {
    assert_rdfc_vector_valid("Ed25519Signature2020/signedEdSig.json");
}

#[cfg(all(feature = "jsonld-full", feature = "sign"))]
#[test]
fn rdfc_create_proof_reproduces_signed_document() {
    let signed = kiln_core::proof::create_proof(
        &json("unsigned.json"),
        &key(),
        &vector_options(Suite::EddsaRdfc2022),
        &ProofEnv::default(),
    )
    .unwrap();
    assert_eq!(signed, json("eddsa-rdfc-2022/signedDataInt.json"));
}

#[cfg(feature = "jsonld-full")]
#[test]
fn rdfc_proof_set_vector_verifies() {
    let signed = json("proof-set-chain/signedProofSet2.json");
    let mut doc = signed.clone();
    doc.as_object_mut().unwrap().remove("proof");
    let pairs = json("proof-set-chain/multiKeyPairs.json");
    let proofs = proofs_of(&signed);
    assert_eq!(proofs.len(), 2);
    for (p, name) in proofs.iter().zip(["keyPair1", "keyPair2"]) {
        let k =
            PublicKey::from_multibase(pairs[name]["publicKeyMultibase"].as_str().unwrap()).unwrap();
        assert_eq!(
            verify_proof(&doc, p, &k, &ProofEnv::default()).unwrap(),
            ProofCheck::Valid
        );
    }
}
