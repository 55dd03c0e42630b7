//! `Ed25519Signature2018` (verify only): the Linked Data Signatures suite of
//! the JFF plugfests, Diwala and MATTR, still carried by badges in the wild
//! (W3C CCG "Ed25519 Signature 2018", `w3c-ccg/lds-ed25519-2018`).
//!
//! The proof holds a detached JWS (RFC 7515 with RFC 7797's unencoded
//! payload) in `jws`: `BASE64URL(header) || ".." || BASE64URL(signature)`.
//! The header is exactly `{"alg": "EdDSA", "b64": false, "crit": ["b64"]}`,
//! its members in any order (JFF plugfest 3 writes `crit` before `b64`).
//!
//! What is signed is the JWS signing input with the payload not encoded:
//! `ASCII(BASE64URL(header)) || "." || verify data`, where the verify data
//! is the suite's "create verify hash": SHA-256 of the URDNA2015 (= RDFC-1.0)
//! canonical proof options (the proof without `jws`, `signatureValue` and
//! `proofValue`, with the document's `@context`) followed by SHA-256 of the
//! canonical document without its proof. The hashing is the same as
//! `Ed25519Signature2020`'s ([`super::hash_data`]); only the signature's
//! wrapping differs.

use serde_json::{Map, Value};

use crate::base64url;
use crate::limits::Limits;

/// A detached JWS of this suite, read from the proof's `jws`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct DetachedJws<'a> {
    /// The header segment exactly as written: it is part of the signed bytes.
    pub encoded_header: &'a str,
    /// The Ed25519 signature.
    pub signature: Vec<u8>,
}

/// Reads the proof's `jws`: `Err` with the reason a person reads when it is
/// not a detached, unencoded-payload EdDSA JWS.
pub(super) fn read_jws(proof: &Map<String, Value>) -> Result<DetachedJws<'_>, String> {
    let jws = match proof.get("jws") {
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err("the proof's \"jws\" must be a string".into()),
        None => return Err("an Ed25519Signature2018 proof needs a \"jws\"".into()),
    };
    let mut parts = jws.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err("the proof's \"jws\" is not a JWS (three parts separated by dots)".into());
    };
    if !payload.is_empty() {
        return Err(
            "the proof's \"jws\" carries a payload; this suite's JWS is detached (header..signature)"
                .into(),
        );
    }
    if header.len() > Limits::MAX_JWS_HEADER_BYTES {
        return Err(format!(
            "the proof's JWS header is {} characters; Kiln reads at most {}",
            header.len(),
            Limits::MAX_JWS_HEADER_BYTES
        ));
    }
    let header_bytes = base64url::decode(header)
        .ok_or_else(|| "the proof's JWS header is not base64url".to_owned())?;
    // Kiln's one JSON reader (duplicate members refused), not serde's typed one.
    let parsed = std::str::from_utf8(&header_bytes)
        .ok()
        .and_then(|text| {
            crate::credential::read_json(text, &Limits::default(), "the JWS header").ok()
        })
        .and_then(|v| match v {
            Value::Object(m) => Some(m),
            _ => None,
        })
        .ok_or_else(|| "the proof's JWS header is not a JSON object".to_owned())?;
    check_header(&parsed)?;
    let signature = base64url::decode(signature)
        .ok_or_else(|| "the proof's JWS signature is not base64url".to_owned())?;
    if signature.len() != 64 {
        return Err(format!(
            "the proof's JWS signature is {} bytes; an Ed25519 signature has 64",
            signature.len()
        ));
    }
    Ok(DetachedJws {
        encoded_header: header,
        signature,
    })
}

/// The header must be exactly `alg: EdDSA`, `b64: false`, `crit: ["b64"]`,
/// as jsonld-signatures requires: another member could change what the
/// signature means to some reader.
fn check_header(h: &Map<String, Value>) -> Result<(), String> {
    match h.get("alg").and_then(Value::as_str) {
        Some("EdDSA") => {}
        Some(other) => {
            return Err(format!(
                "the proof's JWS header names the algorithm {other:?}; Ed25519Signature2018 uses EdDSA"
            ));
        }
        None => return Err("the proof's JWS header names no algorithm".into()),
    }
    if h.get("b64") != Some(&Value::Bool(false)) {
        return Err(
            "the proof's JWS header does not say \"b64\": false (an unencoded, detached payload)"
                .into(),
        );
    }
    let crit_ok = matches!(h.get("crit"), Some(Value::Array(a)) if a.len() == 1 && a.first().and_then(Value::as_str) == Some("b64"));
    if !crit_ok {
        return Err("the proof's JWS header does not say \"crit\": [\"b64\"]".into());
    }
    if let Some(extra) = h
        .keys()
        .find(|k| !["alg", "b64", "crit"].contains(&k.as_str()))
    {
        return Err(format!(
            "the proof's JWS header has a member {extra:?} beside alg, b64 and crit"
        ));
    }
    Ok(())
}

/// The bytes the signature covers: `ASCII(header) || "." || verify_data`.
pub(super) fn signing_input(encoded_header: &str, verify_data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(
        encoded_header
            .len()
            .saturating_add(1)
            .saturating_add(verify_data.len()),
    );
    out.extend_from_slice(encoded_header.as_bytes());
    out.push(b'.');
    out.extend_from_slice(verify_data);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn proof_with(header: Value, sig: &[u8]) -> Map<String, Value> {
        let h = base64url::encode(header.to_string().as_bytes());
        let jws = format!("{h}..{}", base64url::encode(sig));
        match json!({"type": "Ed25519Signature2018", "jws": jws}) {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn header_in_either_order() {
        let a = proof_with(
            json!({"alg": "EdDSA", "b64": false, "crit": ["b64"]}),
            &[7; 64],
        );
        let b = proof_with(
            json!({"alg": "EdDSA", "crit": ["b64"], "b64": false}),
            &[7; 64],
        );
        assert_eq!(read_jws(&a).unwrap().signature, vec![7; 64]);
        assert_eq!(read_jws(&b).unwrap().signature, vec![7; 64]);
    }

    #[test]
    fn other_headers_are_refused_with_the_reason() {
        for (header, says) in [
            (
                json!({"alg": "ES256", "b64": false, "crit": ["b64"]}),
                "ES256",
            ),
            (json!({"alg": "EdDSA", "crit": ["b64"]}), "b64"),
            (json!({"alg": "EdDSA", "b64": true, "crit": ["b64"]}), "b64"),
            (json!({"alg": "EdDSA", "b64": false}), "crit"),
            (
                json!({"alg": "EdDSA", "b64": false, "crit": ["b64"], "kid": "x"}),
                "kid",
            ),
            (json!({"b64": false, "crit": ["b64"]}), "no algorithm"),
        ] {
            let e = read_jws(&proof_with(header.clone(), &[7; 64])).unwrap_err();
            assert!(e.contains(says), "{header}: {e}");
        }
        let e = read_jws(&proof_with(
            json!({"alg": "EdDSA", "b64": false, "crit": ["b64"]}),
            &[7; 63],
        ))
        .unwrap_err();
        assert!(e.contains("63 bytes"), "{e}");
    }

    #[test]
    fn attached_payloads_and_junk_are_refused() {
        for jws in ["a.b.c", "abc", "a..b..c", "!!..AAAA"] {
            let p = match json!({"jws": jws}) {
                Value::Object(m) => m,
                _ => unreachable!(),
            };
            assert!(read_jws(&p).is_err(), "{jws}");
        }
    }

    #[test]
    fn signing_input_joins_header_and_data() {
        assert_eq!(signing_input("eyJ", &[1, 2]), b"eyJ.\x01\x02".to_vec());
    }
}
