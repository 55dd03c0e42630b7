//! The W3C vc-di-ecdsa `ecdsa-sd-2023` test vectors
//! (tests/vectors/vc-di-ecdsa/ecdsa-sd-2023, see its README), for the `prc`
//! and `employ` credentials: every value Kiln computes reproduced byte for
//! byte (the HMAC-relabelled canonical statements, the groups, the hashes,
//! the parsed and re-serialized derived proof value), the derived documents
//! verified, and changed copies refused.
#![cfg(feature = "ecdsa")]
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use kiln_core::proof::ecdsa_sd::{self, DerivedProof, LabelMap};
use kiln_core::proof::{ProofCheck, ProofEnv};
use serde_json::{Map, Value};
use std::path::PathBuf;

const VARIANTS: [&str; 2] = ["prc", "employ"];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/vc-di-ecdsa/ecdsa-sd-2023")
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

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

/// The document without `proof`, and its proof.
fn split(signed: &Value) -> (Map<String, Value>, Map<String, Value>) {
    let mut doc = signed.as_object().unwrap().clone();
    let proof = doc.remove("proof").unwrap();
    (doc, proof.as_object().unwrap().clone())
}

fn multikey(bytes: &[u8]) -> String {
    format!("z{}", bs58::encode(bytes).into_string())
}

fn issuer_key(proof: &Map<String, Value>) -> p256::ecdsa::VerifyingKey {
    let vm = proof["verificationMethod"].as_str().unwrap();
    ecdsa_sd::p256_from_did_key(vm).unwrap().unwrap().1
}

fn hmac_key() -> [u8; 32] {
    let keys = json("SDKeyMaterial.json");
    unhex(&keys["hmacKeyString"].as_str().unwrap().to_lowercase())
        .try_into()
        .unwrap()
}

/// The derived proof value, parsed, is `verifyDerivedProofValue.json`, and
/// writes back to the same characters.
#[test]
fn derived_proof_values_parse_and_reserialize() {
    for v in VARIANTS {
        let (_, proof) = split(&json(&format!("{v}/derivedRevealDocument.json")));
        let value = proof["proofValue"].as_str().unwrap();
        let parsed = ecdsa_sd::parse_derived(value).unwrap();
        let want = json(&format!("{v}/verifyDerivedProofValue.json"));
        assert_eq!(hex(&parsed.base_signature), want["baseSignature"], "{v}");
        assert_eq!(multikey(&parsed.public_key), want["publicKey"], "{v}");
        let sigs: Vec<String> = parsed.signatures.iter().map(|s| hex(s)).collect();
        assert_eq!(sigs, strings(&want["signatures"]), "{v}");
        let labels: LabelMap = want["labelMap"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| {
                (
                    pair[0].as_str().unwrap().to_owned(),
                    pair[1].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(parsed.label_map, labels, "{v}");
        let indexes: Vec<usize> = want["mandatoryIndexes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(parsed.mandatory_indexes, indexes, "{v}");
        assert_eq!(ecdsa_sd::serialize_derived(&parsed).unwrap(), value, "{v}");
    }
}

/// createVerifyData: the relabelled statements, the groups and the hashes.
#[test]
fn verify_data_reproduces() {
    for v in VARIANTS {
        let (doc, proof) = split(&json(&format!("{v}/derivedRevealDocument.json")));
        let (_, data) = ecdsa_sd::create_verify_data(&doc, &proof, &ProofEnv::default()).unwrap();
        assert_eq!(
            data.nquads,
            strings(&json(&format!("{v}/verifyNQuads.json"))),
            "{v}"
        );
        let want = json(&format!("{v}/verifyCreateVerifyData.json"));
        assert_eq!(hex(&data.proof_hash), want["proofHash"], "{v}");
        assert_eq!(hex(&data.mandatory_hash), want["mandatoryHash"], "{v}");
        assert_eq!(data.non_mandatory, strings(&want["nonMandatory"]), "{v}");
        // The mandatory statements are the ones at the adjusted indexes.
        let adj = json(&format!("{v}/derivedAdjMandatoryIndexes.json"));
        let picked: Vec<String> = adj["adjMandatoryIndexes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| data.nquads[i.as_u64().unwrap() as usize].clone())
            .collect();
        assert_eq!(data.mandatory, picked, "{v}");
    }
}

/// The issuer's side: the canonical statements, their HMAC relabelling,
/// the proof configuration and the two hashes of the base proof.
#[test]
fn base_proof_values_reproduce() {
    let env = ProofEnv::default();
    let key = hmac_key();
    for v in VARIANTS {
        let (doc, proof) = split(&json(&format!("{v}/addSignedSDBase.json")));
        let doc = Value::Object(doc);
        let (canon, _) = ecdsa_sd::relabelled_nquads(&doc, &env, &mut |labels: &[&str]| {
            Ok(labels
                .iter()
                .map(|l| ((*l).to_owned(), (*l).to_owned()))
                .collect())
        })
        .unwrap();
        assert_eq!(
            canon,
            strings(&json(&format!("{v}/addBaseDocCanon.json"))),
            "{v}"
        );
        let (hmac, map) = ecdsa_sd::relabelled_nquads(&doc, &env, &mut |labels: &[&str]| {
            ecdsa_sd::hmac_label_map(&key, labels)
        })
        .unwrap();
        assert_eq!(
            hmac,
            strings(&json(&format!("{v}/addBaseDocHMACCanon.json"))),
            "{v}"
        );
        // The derived proof's labels are HMAC labels of the base document
        // (under the derived document's own canonical numbering).
        let (_, derived) = split(&json(&format!("{v}/derivedRevealDocument.json")));
        let parsed = ecdsa_sd::parse_derived(derived["proofValue"].as_str().unwrap()).unwrap();
        for label in parsed.label_map.values() {
            assert!(map.values().any(|l| l == label), "{v}: {label}");
        }

        let config = ecdsa_sd::proof_config(doc.as_object().unwrap(), &proof);
        assert_eq!(config, json(&format!("{v}/addProofConfig.json")), "{v}");
        let hashes = json(&format!("{v}/addHashData.json"));
        assert_eq!(
            hex(&ecdsa_sd::proof_hash(&config, &env).unwrap()),
            hashes["proofHash"]
        );
        let transform = json(&format!("{v}/addBaseTransform.json"));
        let mandatory: Vec<String> = transform["mandatory"]["value"]
            .as_array()
            .unwrap()
            .iter()
            .map(|pair| {
                let i = pair[0].as_u64().unwrap() as usize;
                assert_eq!(hmac[i], pair[1], "{v}: statement {i}");
                pair[1].as_str().unwrap().to_owned()
            })
            .collect();
        for pair in transform["nonMandatory"]["value"].as_array().unwrap() {
            assert_eq!(hmac[pair[0].as_u64().unwrap() as usize], pair[1], "{v}");
        }
        assert_eq!(
            hex(&ecdsa_sd::hash_statements(&mandatory)),
            hashes["mandatoryHash"],
            "{v}"
        );
    }
}

fn verify(doc: &Map<String, Value>, proof: &Map<String, Value>) -> ProofCheck {
    let key = issuer_key(proof);
    ecdsa_sd::verify_derived(
        &Value::Object(doc.clone()),
        proof,
        &key,
        &ProofEnv::default(),
    )
    .unwrap()
}

#[test]
fn derived_documents_verify() {
    for v in VARIANTS {
        let (doc, proof) = split(&json(&format!("{v}/derivedRevealDocument.json")));
        assert_eq!(verify(&doc, &proof), ProofCheck::Valid, "{v}");
        assert_eq!(
            Value::Object(doc),
            json(&format!("{v}/derivedUnsignedReveal.json")),
            "{v}"
        );
    }
}

fn with_value(proof: &Map<String, Value>, parsed: &DerivedProof) -> Map<String, Value> {
    let mut p = proof.clone();
    p.insert(
        "proofValue".into(),
        ecdsa_sd::serialize_derived(parsed).unwrap().into(),
    );
    p
}

/// Changed copies of a derived document are refused: a changed disclosed
/// value, a withheld claim added back, reordered or dropped statement
/// signatures, a mandatory index moved, another issuer key, and the proof
/// moved to the other credential.
#[test]
fn changed_derived_documents_are_refused() {
    let (doc, proof) = split(&json("prc/derivedRevealDocument.json"));
    let parsed = ecdsa_sd::parse_derived(proof["proofValue"].as_str().unwrap()).unwrap();

    let mut changed = doc.clone();
    changed["credentialSubject"]["birthCountry"] = "Utopia".into();
    assert_eq!(verify(&changed, &proof), ProofCheck::SignatureMismatch);

    // A withheld claim added back: one more statement than signatures.
    let base = json("prc/addSignedSDBase.json");
    let mut added = doc.clone();
    added["credentialSubject"]["givenName"] = base["credentialSubject"]["givenName"].clone();
    assert!(
        matches!(verify(&added, &proof), ProofCheck::Malformed(ref why) if why.contains("signatures")),
        "{:?}",
        verify(&added, &proof)
    );

    let mut swapped = parsed.clone();
    swapped.signatures.swap(0, 1);
    assert_eq!(
        verify(&doc, &with_value(&proof, &swapped)),
        ProofCheck::SignatureMismatch
    );

    let mut dropped = parsed.clone();
    dropped.signatures.pop();
    assert!(matches!(
        verify(&doc, &with_value(&proof, &dropped)),
        ProofCheck::Malformed(_)
    ));

    let mut moved = parsed.clone();
    moved.mandatory_indexes[0] = 1;
    assert_eq!(
        verify(&doc, &with_value(&proof, &moved)),
        ProofCheck::SignatureMismatch
    );

    let mut beyond = parsed.clone();
    beyond.mandatory_indexes.push(1000);
    assert!(matches!(
        verify(&doc, &with_value(&proof, &beyond)),
        ProofCheck::Malformed(ref why) if why.contains("1000")
    ));

    // Another P-256 key as the issuer's.
    let other = ecdsa_sd::p256_from_multikey(
        json("SDKeyMaterial.json")["proofKeyPair"]["publicKeyMultibase"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    let got = ecdsa_sd::verify_derived(
        &Value::Object(doc.clone()),
        &proof,
        &other,
        &ProofEnv::default(),
    )
    .unwrap();
    assert_eq!(got, ProofCheck::SignatureMismatch);

    // The proof moved onto the other credential.
    let (employ, _) = split(&json("employ/derivedRevealDocument.json"));
    assert_ne!(verify(&employ, &proof), ProofCheck::Valid);

    // The proof options changed (a later created date).
    let mut later = proof.clone();
    later.insert("created".into(), "2024-08-15T23:36:38Z".into());
    assert_eq!(verify(&doc, &later), ProofCheck::SignatureMismatch);
}

/// The base proof, given to a verifier, is refused: it is for the holder.
#[test]
fn base_proof_is_refused_with_its_reason() {
    let (doc, proof) = split(&json("prc/addSignedSDBase.json"));
    let key = issuer_key(&proof);
    let e = ecdsa_sd::verify_derived(&Value::Object(doc), &proof, &key, &ProofEnv::default())
        .unwrap_err();
    assert_eq!(e.code(), "ecdsa-sd-base-proof");
    assert!(e.to_string().contains("holder"), "{e}");
}

/// The pointers the vectors' holder reveals beside the mandatory `/issuer`.
fn reveal() -> Vec<String> {
    [
        "/validFrom",
        "/validUntil",
        "/credentialSubject/birthCountry",
    ]
    .map(String::from)
    .to_vec()
}

fn secret(name: &str) -> p256::ecdsa::SigningKey {
    let keys = json("SDKeyMaterial.json");
    let mb = keys[name]["secretKeyMultibase"].as_str().unwrap();
    let bytes = bs58::decode(&mb[1..]).into_vec().unwrap();
    assert_eq!(&bytes[..2], &[0x86, 0x26], "P-256 secret key multicodec");
    p256::ecdsa::SigningKey::from_slice(&bytes[2..]).unwrap()
}

/// The base proof value parses to `addRawBaseSignatureInfo.json` (and the
/// SD key material's HMAC key) and writes back to the same characters.
#[test]
fn base_proof_values_parse_and_reserialize() {
    for v in VARIANTS {
        let (_, proof) = split(&json(&format!("{v}/addSignedSDBase.json")));
        let value = proof["proofValue"].as_str().unwrap();
        let base = ecdsa_sd::parse_base(value).unwrap();
        let want = json(&format!("{v}/addRawBaseSignatureInfo.json"));
        assert_eq!(hex(&base.base_signature), want["baseSignature"], "{v}");
        assert_eq!(multikey(&base.public_key), want["publicKey"], "{v}");
        let sigs: Vec<String> = base.signatures.iter().map(|s| hex(s)).collect();
        assert_eq!(sigs, strings(&want["signatures"]), "{v}");
        assert_eq!(base.mandatory_pointers, strings(&want["mandatoryPointers"]));
        assert_eq!(base.hmac_key, hmac_key(), "{v}");
        assert_eq!(ecdsa_sd::serialize_base(&base), value, "{v}");
    }
}

/// Deriving from the vectors' base document, revealing what their holder
/// revealed, gives their derived document exactly (proof value included).
#[test]
fn derivation_reproduces_the_derived_documents() {
    for v in VARIANTS {
        let base = json(&format!("{v}/addSignedSDBase.json"));
        let got = ecdsa_sd::derive(&base, &reveal(), &ProofEnv::default()).unwrap();
        let want = json(&format!("{v}/derivedRevealDocument.json"));
        assert_eq!(
            got["proof"]["proofValue"], want["proof"]["proofValue"],
            "{v}"
        );
        assert_eq!(got, want, "{v}");
    }
}

/// Signing the vectors' document with their keys, HMAC key and mandatory
/// pointers gives their base proof value byte for byte (ECDSA with RFC 6979
/// nonces is deterministic, and the vectors were made that way); deriving
/// from it gives a document that verifies.
#[test]
fn base_proof_creation() {
    for v in VARIANTS {
        let (doc, proof) = split(&json(&format!("{v}/addSignedSDBase.json")));
        let opts = ecdsa_sd::BaseOptions {
            verification_method: proof["verificationMethod"].as_str().unwrap().into(),
            created: proof["created"].as_str().unwrap().into(),
            proof_purpose: "assertionMethod".into(),
            mandatory_pointers: vec!["/issuer".into()],
        };
        let signed = ecdsa_sd::create_base_proof(
            &Value::Object(doc),
            &secret("baseKeyPair"),
            &opts,
            &hmac_key(),
            &secret("proofKeyPair"),
            &ProofEnv::default(),
        )
        .unwrap();
        let ours = ecdsa_sd::parse_base(signed["proof"]["proofValue"].as_str().unwrap()).unwrap();
        let theirs = ecdsa_sd::parse_base(proof["proofValue"].as_str().unwrap()).unwrap();
        assert_eq!(ours.public_key, theirs.public_key, "{v}");
        assert_eq!(ours.signatures.len(), theirs.signatures.len(), "{v}");
        // The vectors were made with RFC 6979 nonces, as p256 signs.
        assert_eq!(ours, theirs, "{v}");
        assert_eq!(signed["proof"]["proofValue"], proof["proofValue"], "{v}");
        let derived = ecdsa_sd::derive(&signed, &reveal(), &ProofEnv::default()).unwrap();
        let (d, p) = split(&derived);
        assert_eq!(verify(&d, &p), ProofCheck::Valid, "{v}");
        assert_eq!(
            Value::Object(d),
            json(&format!("{v}/derivedUnsignedReveal.json")),
            "{v}"
        );
    }
}
