//! Two VC-JWTs from the JFF plugfest 2 (tests/fixtures/wild, sources in its
//! manifest.json): walt.id's, EdDSA with a `did:jwk` key, whose signature
//! must verify; and the Universal Issuer's, ES256 with its signature in DER
//! form, which JOSE does not allow, refused with a sentence saying so. Then
//! the same refusal for a token built here, and ES256K / ES384 tokens made
//! with the RustCrypto signers.
#![allow(clippy::unwrap_used, clippy::panic)]
#![cfg_attr(
    not(all(feature = "es256k", feature = "ecdsa")),
    allow(dead_code, unused_imports)
)]

use kiln_core::verify::{Outcome, Report, VerifyOptions, verify_to_report};
use serde_json::{Value, json};
use std::path::PathBuf;

const NOW: i64 = 1_780_272_000; // 2026-06-01

fn wild(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/wild")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn verify(input: &[u8]) -> Report {
    verify_to_report(input, &VerifyOptions::at(NOW))
}

fn proof(report: &Report) -> (Outcome, String) {
    let c = report
        .check("proof")
        .unwrap_or_else(|| panic!("no proof check: {:?}", report.to_json()));
    (c.outcome, c.detail.clone())
}

#[cfg(feature = "jws")]
#[test]
fn waltid_did_jwk_eddsa_token_verifies_its_signature() {
    let report = verify(&wild("waltid-plugfest2-jwt.jwt"));
    let (outcome, detail) = proof(&report);
    assert_eq!(outcome, Outcome::Passed, "{detail}: {:?}", report.to_json());
    // The kid is a did:jwk: the key is the identifier, and it is the issuer's.
    let issuer = report.check("issuer").unwrap();
    assert_eq!(issuer.outcome, Outcome::Passed, "{}", issuer.detail);
}

#[cfg(feature = "es256")]
#[test]
fn uniissuer_der_signature_is_refused_with_its_reason() {
    let report = verify(&wild("uniissuer-plugfest2-jwt.jwt"));
    let (outcome, detail) = proof(&report);
    assert_eq!(outcome, Outcome::Failed, "{detail}");
    assert!(detail.contains("DER-encoded"), "{detail}");
    assert!(detail.contains("r || s"), "{detail}");
    assert_eq!(report.to_json()["verdict"], "invalid");
}

fn b64(bytes: &[u8]) -> String {
    kiln_core::base64url::encode(bytes)
}

fn claims(iss: &str) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": iss, "type": ["Profile"], "name": "Issuer"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Badge",
        "credentialSubject": {"id": "did:example:s", "type": ["AchievementSubject"],
            "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"], "name": "A",
                "description": "d", "criteria": {"narrative": "n"}}},
        "iss": iss,
        "nbf": 1_767_225_600
    })
}

fn token(header: &Value, payload: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let sig = sign(input.as_bytes());
    format!("{input}.{}", b64(&sig))
}

/// The DER form of a P1363 `r || s` signature.
fn der(sig: &[u8]) -> Vec<u8> {
    let half = sig.len() / 2;
    let int = |x: &[u8]| {
        let x: Vec<u8> = x.iter().copied().skip_while(|b| *b == 0).collect();
        let mut v = vec![0x02];
        let pad = x[0] >= 0x80;
        v.push(u8::try_from(x.len() + usize::from(pad)).unwrap());
        if pad {
            v.push(0);
        }
        v.extend_from_slice(&x);
        v
    };
    let body = [int(&sig[..half]), int(&sig[half..])].concat();
    let mut out = vec![0x30, u8::try_from(body.len()).unwrap()];
    out.extend_from_slice(&body);
    out
}

#[cfg(feature = "es256k")]
#[test]
fn es256k_tokens_with_a_did_jwk_issuer() {
    use k256::ecdsa::{Signature, SigningKey, signature::Signer as _};
    let sk = SigningKey::from_slice(&[7u8; 32]).unwrap();
    let public = kiln_core::key::PublicKey::Secp256k1(*sk.verifying_key());
    let did = public.did_jwk();
    let header = json!({"alg": "ES256K", "typ": "JWT", "kid": format!("{did}#0")});
    let sign = |m: &[u8]| {
        let s: Signature = sk.sign(m);
        s.to_bytes().to_vec()
    };
    let good = token(&header, &claims(&did), sign);
    let report = verify(good.as_bytes());
    assert_eq!(proof(&report).0, Outcome::Passed, "{:?}", report.to_json());
    assert_eq!(report.check("issuer").unwrap().outcome, Outcome::Passed);

    // The payload changed after signing.
    let mut parts: Vec<String> = good.split('.').map(str::to_owned).collect();
    let mut changed = claims(&did);
    changed["name"] = "Forged".into();
    parts[1] = b64(changed.to_string().as_bytes());
    let report = verify(parts.join(".").as_bytes());
    assert_eq!(proof(&report).0, Outcome::Failed);

    // The same signature in DER form.
    let der_token = token(&header, &claims(&did), |m| der(&sign(m)));
    let (outcome, detail) = proof(&verify(der_token.as_bytes()));
    assert_eq!(outcome, Outcome::Failed);
    assert!(detail.contains("DER-encoded"), "{detail}");
}

#[cfg(feature = "ecdsa")]
#[test]
fn es384_tokens_with_a_p384_did_key() {
    use p384::ecdsa::{Signature, SigningKey, signature::Signer as _};
    let sk = SigningKey::from_slice(&[5u8; 48]).unwrap();
    let public = kiln_core::key::PublicKey::P384(*sk.verifying_key());
    let did = public.did_key();
    let kid = format!("{did}#{}", public.to_multibase());
    let header = json!({"alg": "ES384", "typ": "JWT", "kid": kid});
    let sign = |m: &[u8]| {
        let s: Signature = sk.sign(m);
        s.to_bytes().to_vec()
    };
    let report = verify(token(&header, &claims(&did), sign).as_bytes());
    assert_eq!(proof(&report).0, Outcome::Passed, "{:?}", report.to_json());
    // ES256 named for a P-384 key: refused, not "mismatch".
    let wrong = json!({"alg": "ES256", "typ": "JWT", "kid": kid});
    let report = verify(token(&wrong, &claims(&did), sign).as_bytes());
    assert_eq!(proof(&report).0, Outcome::Failed);
}
