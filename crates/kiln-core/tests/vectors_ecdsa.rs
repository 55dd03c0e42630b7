//! The W3C vc-di-ecdsa test vectors for ecdsa-rdfc-2019 and ecdsa-jcs-2019,
//! P-256 and P-384 (tests/vectors/vc-di-ecdsa, see its README): every
//! intermediate value reproduced byte for byte (canonical document and proof
//! configuration, their hashes, the combined hash, the signature), the signed
//! documents verified, and Kiln's own proofs equal to the vectors'.
#![cfg(feature = "ecdsa")]
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use kiln_core::key::{KeyPair, KeyType, resolve_offline};
use kiln_core::proof::ecdsa::{Canon, canonical_forms, curve_hash, hash_data};
use kiln_core::proof::{ProofCheck, ProofEnv, ProofOptions, Suite, verify_proof};
use serde_json::{Map, Value, json};
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/vc-di-ecdsa")
}

fn text(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn json_file(name: &str) -> Value {
    serde_json::from_str(&text(name)).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One vector: its folder, the suffix of its file names, its input, suite
/// and key.
struct Case {
    folder: &'static str,
    tag: &'static str,
    unsigned: &'static str,
    canon: Canon,
    curve: KeyType,
}

impl Case {
    fn file(&self, stem: &str, ext: &str) -> String {
        format!("{}/{stem}{}.{ext}", self.folder, self.tag)
    }
    fn txt(&self, stem: &str) -> String {
        text(&self.file(stem, "txt")).trim_end().to_owned()
    }
    fn json(&self, stem: &str) -> Value {
        json_file(&self.file(stem, "json"))
    }
    fn key(&self) -> KeyPair {
        let name = match self.curve {
            KeyType::P256 => "p256KeyPair.json",
            _ => "p384KeyPair.json",
        };
        KeyPair::from_json(&text(name)).unwrap()
    }
    fn suite(&self) -> Suite {
        match self.canon {
            Canon::Rdfc => Suite::EcdsaRdfc2019,
            Canon::Jcs => Suite::EcdsaJcs2019,
        }
    }
}

fn cases() -> Vec<Case> {
    let mut all = vec![
        Case {
            folder: "ecdsa-rdfc-2019-p256",
            tag: "ECDSAP256",
            unsigned: "unsigned.json",
            canon: Canon::Rdfc,
            curve: KeyType::P256,
        },
        Case {
            folder: "ecdsa-rdfc-2019-p384",
            tag: "ECDSAP384",
            unsigned: "unsigned.json",
            canon: Canon::Rdfc,
            curve: KeyType::P384,
        },
        Case {
            folder: "ecdsa-jcs-2019-p256",
            tag: "JCSECDSAP256",
            unsigned: "unsigned.json",
            canon: Canon::Jcs,
            curve: KeyType::P256,
        },
        Case {
            folder: "ecdsa-jcs-2019-p384",
            tag: "JCSECDSAP384",
            unsigned: "unsigned.json",
            canon: Canon::Jcs,
            curve: KeyType::P384,
        },
    ];
    // Two types with type-scoped contexts: beyond the compact processor.
    if cfg!(feature = "jsonld-full") {
        all.extend([
            Case {
                folder: "ecdsa-rdfc-2019-p256/employ",
                tag: "ECDSAP256",
                unsigned: "employmentAuth.json",
                canon: Canon::Rdfc,
                curve: KeyType::P256,
            },
            Case {
                folder: "ecdsa-rdfc-2019-p384/employ",
                tag: "ECDSAP384",
                unsigned: "employmentAuth.json",
                canon: Canon::Rdfc,
                curve: KeyType::P384,
            },
        ]);
    }
    all
}

/// The document without `proof`, and its proof.
fn split(signed: &Value) -> (Value, Map<String, Value>) {
    let mut doc = signed.clone();
    let proof = doc.as_object_mut().unwrap().remove("proof").unwrap();
    (doc, proof.as_object().unwrap().clone())
}

#[test]
fn key_pairs_read() {
    for (file, ty, prefix) in [
        ("p256KeyPair.json", KeyType::P256, "zDn"),
        ("p384KeyPair.json", KeyType::P384, "z82"),
    ] {
        let kp = KeyPair::from_json(&text(file)).unwrap();
        let stated = json_file(file);
        assert_eq!(kp.key_type(), ty);
        assert_eq!(
            kp.public.to_multibase(),
            stated["publicKeyMultibase"].as_str().unwrap()
        );
        assert!(kp.public.to_multibase().starts_with(prefix));
        // The secret key survives a round trip through Kiln's key file.
        let again: Value = serde_json::from_str(&kp.to_json()).unwrap();
        assert_eq!(again["secretKeyMultibase"], stated["secretKeyMultibase"]);
        // And through a JWK.
        let from_jwk = KeyPair::from_json(&kp.to_secret_jwk()).unwrap();
        assert_eq!(from_jwk.public, kp.public);
        assert_eq!(from_jwk.sign(b"m"), kp.sign(b"m"));
    }
}

#[test]
fn canonical_forms_and_hashes() {
    for c in cases() {
        let (proof_canon, doc_canon) = canonical_forms(
            c.canon,
            c.curve,
            &json_file(c.unsigned),
            &c.json("proofConfig"),
            &ProofEnv::default(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", c.folder));
        assert_eq!(doc_canon.trim_end(), c.txt("canonDoc"), "{}", c.folder);
        assert_eq!(proof_canon.trim_end(), c.txt("proofCanon"), "{}", c.folder);
        assert_eq!(
            hex(&curve_hash(c.curve, doc_canon.as_bytes()).unwrap()),
            c.txt("docHash"),
            "{}",
            c.folder
        );
        assert_eq!(
            hex(&curve_hash(c.curve, proof_canon.as_bytes()).unwrap()),
            c.txt("proofHash"),
            "{}",
            c.folder
        );
        let combined = hash_data(
            c.canon,
            c.curve,
            &json_file(c.unsigned),
            &c.json("proofConfig"),
            &ProofEnv::default(),
        )
        .unwrap();
        assert_eq!(hex(&combined), c.txt("combinedHash"), "{}", c.folder);
        let want_len = if c.curve == KeyType::P256 { 64 } else { 96 };
        assert_eq!(combined.len(), want_len, "{}", c.folder);
    }
}

/// The vectors were made with RFC 6979 deterministic signatures: Kiln's
/// signature of the combined hash is theirs, byte for byte.
#[test]
fn signatures_reproduce() {
    for c in cases() {
        let combined = hex_bytes(&c.txt("combinedHash"));
        let sig = c.key().sign(&combined);
        assert_eq!(hex(&sig), c.txt("sigHex"), "{}", c.folder);
        assert_eq!(
            kiln_core::multibase::encode_base58btc(&sig),
            c.txt("sigBTC58"),
            "{}",
            c.folder
        );
        assert!(c.key().public.verify(&combined, &sig));
    }
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn signed_documents_verify() {
    for c in cases() {
        let (doc, proof) = split(&c.json("signed"));
        assert_eq!(doc, json_file(c.unsigned), "{}", c.folder);
        let vm = proof["verificationMethod"].as_str().unwrap();
        let vm = resolve_offline(vm).unwrap();
        assert_eq!(vm.public_key, c.key().public);
        assert_eq!(
            verify_proof(&doc, &proof, &vm.public_key, &ProofEnv::default()).unwrap(),
            ProofCheck::Valid,
            "{}",
            c.folder
        );
    }
}

#[cfg(feature = "sign")]
#[test]
fn kiln_signs_the_vectors() {
    for c in cases() {
        let config = c.json("proofConfig");
        let opts = ProofOptions {
            suite: c.suite(),
            verification_method: config["verificationMethod"].as_str().unwrap().into(),
            created: config["created"].as_str().unwrap().into(),
            proof_purpose: config["proofPurpose"].as_str().unwrap().into(),
        };
        let signed = kiln_core::proof::create_proof(
            &json_file(c.unsigned),
            &c.key(),
            &opts,
            &ProofEnv::default(),
        )
        .unwrap_or_else(|e| panic!("{}: {e}", c.folder));
        assert_eq!(signed, c.json("signed"), "{}", c.folder);
    }
}

/// A verifier's attack cases, built from the P-256 and P-384 rdfc vectors.
#[test]
fn changed_documents_and_signatures_are_refused() {
    for c in cases().into_iter().take(4) {
        let (doc, proof) = split(&c.json("signed"));
        let key = c.key().public;
        let env = ProofEnv::default();
        let check = |d: &Value, p: &Map<String, Value>| verify_proof(d, p, &key, &env).unwrap();

        // The document changed after signing.
        let mut changed = doc.clone();
        changed["credentialSubject"]["alumniOf"] = json!("The School of Forgery");
        assert_eq!(check(&changed, &proof), ProofCheck::SignatureMismatch);

        // The proof's options changed after signing.
        let mut p = proof.clone();
        p.insert("created".into(), json!("2024-02-24T23:36:38Z"));
        assert_eq!(check(&doc, &p), ProofCheck::SignatureMismatch);

        let sig = kiln_core::multibase::decode_base58btc(
            proof["proofValue"].as_str().unwrap(),
            "proofValue",
        )
        .unwrap();
        let with_sig = |bytes: &[u8]| {
            let mut p = proof.clone();
            p.insert(
                "proofValue".into(),
                kiln_core::multibase::encode_base58btc(bytes).into(),
            );
            p
        };
        // One bit of s flipped.
        let mut flipped = sig.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert_eq!(
            check(&doc, &with_sig(&flipped)),
            ProofCheck::SignatureMismatch
        );

        // A signature one byte short, and one byte long: not r || s.
        for bad in [&sig[..sig.len() - 1], &[&sig[..], &[0u8]].concat()[..]] {
            match check(&doc, &with_sig(bad)) {
                ProofCheck::Malformed(why) => assert!(why.contains("bytes"), "{why}"),
                other => panic!("{}: {other:?}", c.folder),
            }
        }

        // The same r and s in DER form (SEQUENCE of two INTEGERs).
        let half = sig.len() / 2;
        let der_int = |x: &[u8]| {
            let mut v = vec![0x02];
            let pad = x[0] >= 0x80;
            v.push(u8::try_from(x.len() + usize::from(pad)).unwrap());
            if pad {
                v.push(0);
            }
            v.extend_from_slice(x);
            v
        };
        let body = [der_int(&sig[..half]), der_int(&sig[half..])].concat();
        let mut der = vec![0x30, u8::try_from(body.len()).unwrap()];
        der.extend_from_slice(&body);
        assert!(matches!(
            check(&doc, &with_sig(&der)),
            ProofCheck::Malformed(_)
        ));

        // The proof claims the other ECDSA suite.
        let mut p = proof.clone();
        let other = if c.canon == Canon::Rdfc {
            "ecdsa-jcs-2019"
        } else {
            "ecdsa-rdfc-2019"
        };
        p.insert("cryptosuite".into(), other.into());
        if other == "ecdsa-jcs-2019" {
            p.insert("@context".into(), doc["@context"].clone());
        }
        assert_eq!(check(&doc, &p), ProofCheck::SignatureMismatch);

        // An Ed25519 key cannot check an ECDSA proof.
        let ed = KeyPair::from_json(
            r#"{"secretKeyMultibase":"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"}"#,
        )
        .unwrap();
        match verify_proof(&doc, &proof, &ed.public, &env).unwrap() {
            ProofCheck::Malformed(why) => assert!(why.contains("P-256 or P-384"), "{why}"),
            other => panic!("{other:?}"),
        }
    }
}

/// The other curve's key for the same proof: a P-384 key cannot check a
/// P-256 signature (wrong length) and vice versa.
#[test]
fn wrong_curve_is_refused() {
    let (doc, proof) = split(&json_file("ecdsa-rdfc-2019-p256/signedECDSAP256.json"));
    let p384 = KeyPair::from_json(&text("p384KeyPair.json")).unwrap();
    assert!(matches!(
        verify_proof(&doc, &proof, &p384.public, &ProofEnv::default()).unwrap(),
        ProofCheck::Malformed(_)
    ));
}

/// Signing refuses a key the suite does not use, naming both.
#[cfg(feature = "sign")]
#[test]
fn signing_needs_a_key_of_the_suite() {
    let p256 = KeyPair::from_json(&text("p256KeyPair.json")).unwrap();
    let opts = ProofOptions {
        suite: Suite::EddsaRdfc2022,
        verification_method: p256.id.clone(),
        created: "2023-02-24T23:36:38Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    let e = kiln_core::proof::create_proof(
        &json_file("unsigned.json"),
        &p256,
        &opts,
        &ProofEnv::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "key-suite-mismatch");
    assert!(e.to_string().contains("P-256"), "{e}");
}

/// A proof set with an EdDSA proof by another key and an ECDSA proof by the
/// issuer's P-384 key: one proof by the issuer's key suffices, as with
/// EdDSA alone. Without the issuer's proof, the other key's is not enough.
#[cfg(feature = "sign")]
#[test]
fn proof_set_across_suites() {
    use kiln_core::verify::{Verdict, VerifyOptions, verify_to_report};
    let issuer = KeyPair::from_json(&text("p384KeyPair.json")).unwrap();
    let other = KeyPair::from_json(
        r#"{"secretKeyMultibase":"z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"}"#,
    )
    .unwrap();
    let unsigned = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:0b5e6a1c-3d0e-4a8f-9d6b-1f2e3d4c5b6a",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer.controller, "type": ["Profile"], "name": "Issuer"},
        "validFrom": "2024-01-01T00:00:00Z",
        "name": "Badge",
        "credentialSubject": {"id": "did:example:s", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"],
                "name": "A", "description": "d", "criteria": {"narrative": "n"}}}
    });
    let opts = |suite: Suite, key: &KeyPair| ProofOptions {
        suite,
        verification_method: key.id.clone(),
        created: "2024-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    let env = ProofEnv::default();
    let only_other = kiln_core::proof::create_proof(
        &unsigned,
        &other,
        &opts(Suite::EddsaRdfc2022, &other),
        &env,
    )
    .unwrap();
    let both = kiln_core::proof::create_proof(
        &only_other,
        &issuer,
        &opts(Suite::EcdsaRdfc2019, &issuer),
        &env,
    )
    .unwrap();
    assert_eq!(both["proof"].as_array().unwrap().len(), 2);
    let at = VerifyOptions::at(1_780_272_000);
    let report = verify_to_report(both.to_string().as_bytes(), &at);
    assert_eq!(report.verdict, Verdict::Verified, "{:?}", report.to_json());
    let report = verify_to_report(only_other.to_string().as_bytes(), &at);
    assert_ne!(report.verdict, Verdict::Verified, "{:?}", report.to_json());
    // The issuer's ECDSA proof changed: the other key's proof does not save it.
    let mut broken = both.clone();
    broken["proof"][1]["created"] = json!("2024-01-02T00:00:00Z");
    let report = verify_to_report(broken.to_string().as_bytes(), &at);
    assert_ne!(report.verdict, Verdict::Verified, "{:?}", report.to_json());
}
