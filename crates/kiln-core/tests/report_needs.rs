//! The report's `needs`: what a build left out that a check needed, so that
//! a caller (the browser's small verifier module) runs the verification
//! again with a build that has it. Each input is built here from readable
//! parts; each expectation follows from the features of this build, so the
//! same file runs in every feature combination.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kiln_core::verify::{Outcome, Report, Verdict, VerifyOptions, verify_to_report};
use serde_json::{Value, json};

const NOW: i64 = 1_780_272_000; // 2026-06-01
const DID_KEY: &str = "did:key:z6MkhEU7AbhbsiGfvzRxtSZzrJwCJYhYoqPb2ebuTsi5TgDF";

fn verify(input: &[u8]) -> Report {
    verify_to_report(input, &VerifyOptions::at(NOW))
}

fn needs(report: &Report) -> Vec<String> {
    match report.to_json().get("needs") {
        None => Vec::new(),
        Some(Value::Array(a)) => a.iter().map(|v| v.as_str().unwrap().to_owned()).collect(),
        Some(other) => panic!("needs is not a list: {other}"),
    }
}

/// A credential signed (in form) with eddsa-rdfc-2022 whose JSON-LD has
/// `key` as one of its keys. The proof value is not a real signature: only
/// whether the signature could be checked at all matters here.
fn rdfc_credential(extra_context: Value, key: &str) -> Vec<u8> {
    let mut doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", extra_context],
        "type": ["VerifiableCredential"],
        "issuer": DID_KEY,
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:subject"},
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2026-01-01T00:00:00Z",
            "proofPurpose": "assertionMethod",
            "verificationMethod": format!("{DID_KEY}#{}", &DID_KEY["did:key:".len()..]),
            "proofValue": kiln_core::multibase::encode_base58btc(&[7u8; 64]),
        }
    });
    doc[key] = json!("blue");
    serde_json::to_vec(&doc).unwrap()
}

fn b64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// A VC-JWT whose header names `alg`, with a signature of the right length
/// for nothing.
fn vc_jwt(alg: &str) -> Vec<u8> {
    let header = json!({"alg": alg, "typ": "JWT", "kid": format!("{DID_KEY}#key-1")});
    let payload = json!({
        "iss": DID_KEY,
        "nbf": NOW - 100,
        "vc": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": DID_KEY,
            "credentialSubject": {"id": "did:example:subject"}
        }
    });
    format!(
        "{}.{}.{}",
        b64url(header.to_string().as_bytes()),
        b64url(payload.to_string().as_bytes()),
        b64url(&[7u8; 64])
    )
    .into_bytes()
}

#[test]
fn a_key_beyond_the_compact_processor_needs_json_ld_full_only_without_it() {
    let input = rdfc_credential(json!({"ex": "https://example.org/"}), "ex:colour");
    let report = verify(&input);
    if cfg!(feature = "jsonld-full") {
        assert_eq!(
            needs(&report),
            Vec::<String>::new(),
            "{:?}",
            report.to_json()
        );
    } else if cfg!(feature = "jsonld-compact") {
        assert_eq!(needs(&report), ["json-ld-full"], "{:?}", report.to_json());
        assert_ne!(report.verdict, Verdict::Verified);
        let safe = report.check("jsonld-safe").unwrap();
        assert!(
            safe.detail
                .contains("a compact or absolute IRI as a key (\"ex:colour\")"),
            "{}",
            safe.detail
        );
        let proof = report.check("proof").unwrap();
        assert_eq!(proof.outcome, Outcome::Skipped, "{}", proof.detail);
        assert!(
            proof.detail.contains("feature `jsonld-full`"),
            "{}",
            proof.detail
        );
    } else {
        assert_eq!(
            needs(&report),
            ["json-ld-compact"],
            "{:?}",
            report.to_json()
        );
    }
}

#[test]
fn a_credential_within_the_compact_processor_needs_nothing_with_json_ld() {
    let input = rdfc_credential(json!({"colour": "https://example.org/colour"}), "colour");
    let report = verify(&input);
    let expected: &[&str] = if cfg!(feature = "jsonld-compact") {
        &[]
    } else {
        &["json-ld-compact"]
    };
    assert_eq!(needs(&report), expected, "{:?}", report.to_json());
    if cfg!(feature = "jsonld-compact") {
        // Checked, and the made-up signature does not match.
        let proof = report.check("proof").unwrap();
        assert_eq!(proof.outcome, Outcome::Failed, "{}", proof.detail);
    }
}

/// What a VC-JWT with a signature the build has needs: nothing, or JSON-LD
/// for the safe-mode check of the credential it carries.
fn jwt_baseline() -> Vec<String> {
    if cfg!(feature = "jsonld-compact") {
        Vec::new()
    } else {
        vec!["json-ld-compact".to_owned()]
    }
}

#[test]
fn a_jwt_signature_left_out_of_the_build_is_named() {
    if !cfg!(feature = "jws") {
        // Without `jws` (the browser's small verifier) no VC-JWT is read:
        // each, whatever its algorithm, needs `jws` alone.
        for alg in ["RS256", "ES256", "EdDSA"] {
            let report = verify(&vc_jwt(alg)).to_json();
            assert_eq!(report["verdict"], "error", "{alg}: {report}");
            assert_eq!(report["error"]["code"], "jws-not-built", "{alg}: {report}");
            assert_eq!(report["needs"], json!(["jws"]), "{alg}: {report}");
        }
        return;
    }
    for (alg, feature_on, name) in [
        ("RS256", cfg!(feature = "rsa"), "rs256"),
        ("ES256", cfg!(feature = "es256"), "es256"),
    ] {
        let report = verify(&vc_jwt(alg));
        let mut expected = jwt_baseline();
        if !feature_on {
            // After json-ld-compact: the report lists them in `Capability`'s order.
            expected.push(name.to_owned());
            let proof = report.check("proof").unwrap();
            assert_eq!(proof.outcome, Outcome::Skipped, "{alg}: {}", proof.detail);
            assert!(proof.detail.contains(alg), "{}", proof.detail);
        }
        assert_eq!(needs(&report), expected, "{alg}: {:?}", report.to_json());
    }
    // EdDSA is in every build with `jws`.
    assert_eq!(needs(&verify(&vc_jwt("EdDSA"))), jwt_baseline());
}

/// An OB 2.0 signed assertion (RS256, the only algorithm OB 2.0 signs
/// with): without `jws` it needs `jws`; with `jws` but without `rsa`, `rs256`.
#[test]
fn an_ob2_signed_assertion_needs_what_the_build_leaves_out() {
    let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ob2/simple.jwt");
    let token = std::fs::read(&path).unwrap();
    let report = verify(&token);
    if !cfg!(feature = "jws") {
        let json = report.to_json();
        assert_eq!(json["error"]["code"], "jws-not-built", "{json}");
        assert_eq!(needs(&report), ["jws"]);
    } else if !cfg!(feature = "rsa") {
        assert_eq!(needs(&report), ["rs256"], "{:?}", report.to_json());
    } else {
        assert!(needs(&report).is_empty(), "{:?}", report.to_json());
    }
}

#[test]
fn needs_is_absent_from_the_json_when_empty() {
    let report = verify(b"not a badge");
    assert!(report.to_json().get("needs").is_none());
    assert!(report.needs.is_empty());
}

/// An ecdsa-rdfc-2019 or ecdsa-jcs-2019 proof: a build without `ecdsa` (the
/// browser's small verifier) says so in `needs`, so that the page runs it
/// again with the full module; a build with it needs no `ecdsa`.
#[test]
fn an_ecdsa_proof_needs_ecdsa_only_without_it() {
    for suite in ["ecdsa-rdfc-2019", "ecdsa-jcs-2019"] {
        let key = "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP";
        let doc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "issuer": format!("did:key:{key}"),
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:subject"},
            "proof": {
                "type": "DataIntegrityProof",
                "cryptosuite": suite,
                "created": "2026-01-01T00:00:00Z",
                "proofPurpose": "assertionMethod",
                "verificationMethod": format!("did:key:{key}#{key}"),
                "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKiZUXe4HtCAtBZbNS"
            }
        });
        let report = verify(doc.to_string().as_bytes());
        let got = needs(&report);
        if cfg!(feature = "ecdsa") {
            assert!(!got.contains(&"ecdsa".to_owned()), "{:?}", report.to_json());
        } else {
            // Without JSON-LD either, the rdfc suite also names json-ld-compact.
            assert!(
                got.contains(&"ecdsa".to_owned()),
                "{suite}: {:?}",
                report.to_json()
            );
            assert_eq!(report.check("proof").unwrap().outcome, Outcome::Skipped);
            assert_ne!(report.verdict, Verdict::Verified);
        }
    }
}

/// 1EdTech's CLR 2.0 vector: a build without `nested` says it needs it and
/// never gives a verdict on the credentials the record holds; a build with
/// it does not name it (offline, the record is "could not check" for its
/// issuer's key, a reason of its own).
#[test]
fn a_clr_needs_nested_only_without_it() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/wild/1edtech-ldp-clr-vector.json"
    ))
    .unwrap();
    let r = verify(&bytes);
    let named = needs(&r).contains(&"nested".to_owned());
    assert_eq!(named, !cfg!(feature = "nested"), "{:?}", needs(&r));
    assert_ne!(r.verdict, Verdict::Verified);
    if !cfg!(feature = "nested") {
        assert!(r.credentials.is_empty());
        assert_eq!(r.check("clr").map(|c| c.outcome), Some(Outcome::Skipped));
        if r.verdict == Verdict::Error {
            assert!(r.error.is_some());
        }
    }
}
