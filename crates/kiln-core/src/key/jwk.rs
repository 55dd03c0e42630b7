//! Ed25519 keys as JSON Web Keys (RFC 8037: `kty` `OKP`, `crv` `Ed25519`,
//! `x` the public key, `d` the secret seed; base64url without padding).

use super::{Ed25519PublicKey as PublicKey, SecretKey};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use zeroize::Zeroizing;

/// A JWK member's bytes, decoded by the one strict base64url decoder
/// ([`crate::base64url::decode`]: no padding, no other characters, zero
/// unused bits); kept in memory that is wiped when dropped, since `d` is a
/// secret key.
fn b64url_decode(s: &str, what: &str) -> Result<Zeroizing<Vec<u8>>> {
    crate::base64url::decode(s)
        .map(Zeroizing::new)
        .ok_or_else(|| {
            Error::malformed(
                crate::code::Code::JwkBadBase64url,
                format!("JWK member \"{what}\" is not unpadded base64url"),
            )
        })
}

fn member<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<&'a str> {
    match obj.get(name) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(Error::malformed(
            crate::code::Code::JwkMalformed,
            format!("JWK member \"{name}\" must be a string"),
        )),
        None => Err(Error::malformed(
            crate::code::Code::JwkMalformed,
            format!("the JWK has no \"{name}\" member"),
        )),
    }
}

fn key32(s: &str, what: &str) -> Result<Zeroizing<[u8; 32]>> {
    let bytes = b64url_decode(s, what)?;
    let mut out = Zeroizing::new([0u8; 32]);
    if bytes.len() != 32 {
        return Err(Error::malformed(
            crate::code::Code::JwkBadLength,
            format!(
                "JWK member \"{what}\" holds {} bytes, an Ed25519 key has 32",
                bytes.len()
            ),
        ));
    }
    out.copy_from_slice(&bytes);
    Ok(out)
}

pub(super) fn public_jwk(k: &PublicKey) -> Value {
    serde_json::json!({ "kty": "OKP", "crv": "Ed25519", "x": crate::base64url::encode(k.as_bytes()) })
}

pub(super) fn public_from_members(obj: &Map<String, Value>) -> Result<PublicKey> {
    let kty = member(obj, "kty")?;
    if kty != "OKP" {
        return Err(Error::unsupported(
            crate::code::Code::KeyTypeUnsupported,
            format!("JWK key type {kty:?} is not supported (only OKP Ed25519)"),
        ));
    }
    let crv = member(obj, "crv")?;
    if crv != "Ed25519" {
        return Err(Error::unsupported(
            crate::code::Code::KeyTypeUnsupported,
            format!("OKP curve {crv:?} is not supported (only Ed25519)"),
        ));
    }
    let x = key32(member(obj, "x")?, "x")?;
    PublicKey::from_bytes(&x)
}

pub(super) fn public_from_jwk(v: &Value) -> Result<PublicKey> {
    let Value::Object(obj) = v else {
        return Err(Error::malformed(
            crate::code::Code::JwkMalformed,
            "a JWK must be a JSON object",
        ));
    };
    if obj.contains_key("d") {
        return Err(Error::misuse(
            crate::code::Code::JwkHasSecret,
            "the JWK carries a private key (\"d\") where a public key was expected",
        ));
    }
    public_from_members(obj)
}

pub(super) fn secret_from_jwk(obj: &Map<String, Value>, d: &str) -> Result<SecretKey> {
    public_from_members(obj)?;
    let seed = key32(d, "d")?;
    Ok(SecretKey::from_bytes(&seed))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::key::KeyPair;
    use crate::key::PublicKey as AnyKey;
    use serde_json::json;

    #[test]
    fn base64url_known_values() {
        // RFC 4648 section 10 vectors (base64url differs only in two letters).
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(crate::base64url::encode(raw.as_bytes()), enc);
            assert_eq!(&b64url_decode(enc, "t").unwrap()[..], raw.as_bytes());
        }
        assert_eq!(crate::base64url::encode(&[0xfb, 0xff]), "-_8");
        for bad in ["Zg==", "Z", "Zh", "Zm9v+", "Zm9/"] {
            assert!(b64url_decode(bad, "t").is_err(), "{bad}");
        }
    }

    /// RFC 8037 appendix A.1 and A.2: the Ed25519 JWK and its public part.
    #[test]
    fn rfc8037_key() {
        let jwk = json!({"kty":"OKP","crv":"Ed25519",
            "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
            "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        let kp = KeyPair::from_json(&jwk.to_string()).unwrap();
        let public =
            json!({"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
        assert_eq!(kp.public.to_jwk(), public);
        assert_eq!(AnyKey::from_jwk(&public).unwrap(), kp.public);
        // The same key as RFC 8032's TEST 1.
        assert_eq!(
            kp.public.as_ed25519().unwrap().as_bytes()[..4],
            [0xd7, 0x5a, 0x98, 0x01]
        );
        assert_eq!(
            PublicKey::from_jwk(&jwk).unwrap_err().code(),
            "jwk-has-secret"
        );
        // A `kid` (here a thumbprint) is not where the key is published: did:key is.
        let mut with_kid = jwk.clone();
        with_kid["kid"] = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k".into();
        let kp = KeyPair::from_json(&with_kid.to_string()).unwrap();
        assert_eq!(kp.controller, kp.public.did_key());
    }

    #[test]
    fn jwk_errors() {
        let e =
            PublicKey::from_jwk(&json!({"kty":"EC","crv":"P-256","x":"a","y":"b"})).unwrap_err();
        assert_eq!(e.code(), "key-type-unsupported");
        let e = PublicKey::from_jwk(&json!({"kty":"OKP","crv":"X25519","x":"a"})).unwrap_err();
        assert_eq!(e.code(), "key-type-unsupported");
        let e = PublicKey::from_jwk(&json!({"kty":"OKP","crv":"Ed25519","x":"AAAA"})).unwrap_err();
        assert_eq!(e.code(), "jwk-bad-length");
        let e = PublicKey::from_jwk(&json!({"kty":"OKP","crv":"Ed25519"})).unwrap_err();
        assert_eq!(e.code(), "jwk-malformed");
        let jwk = json!({"kty":"OKP","crv":"Ed25519",
            "d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A",
            "x":"PUAXw-hDiVqStwqnTRt-vJyYLM8uxJaMwM1V8Sr0Zgw"});
        assert_eq!(
            KeyPair::from_json(&jwk.to_string()).unwrap_err().code(),
            "key-mismatch"
        );
    }
}
