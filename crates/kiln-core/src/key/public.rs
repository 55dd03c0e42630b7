//! The public key of a verification method, typed by algorithm: Ed25519,
//! P-256, P-384 (feature `ecdsa`; P-256 also with `es256`) and secp256k1
//! (feature `es256k`).
//!
//! Multikey (`publicKeyMultibase`) values name the type by their multicodec
//! prefix: `z6Mk...` Ed25519 (0xed), `zDn...` P-256 (0x1200), `z82...` P-384
//! (0x1201), `zQ3s...` secp256k1 (0xe7); the EC keys are compressed SEC1
//! points. JWKs name it by `kty` and `crv` (`OKP`/`Ed25519`, `EC`/`P-256`,
//! `P-384`, `secp256k1`).

use super::Ed25519PublicKey;
use crate::error::{Error, Result};
#[cfg(any(feature = "ecdsa", feature = "es256"))]
use crate::multibase::P256_PUB;
#[cfg(feature = "ecdsa")]
use crate::multibase::P384_PUB;
#[cfg(feature = "es256k")]
use crate::multibase::SECP256K1_PUB;
use crate::multibase::{self, ED25519_PUB};
use serde_json::{Map, Value};
use std::fmt;

/// A key algorithm Kiln knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyType {
    /// Ed25519 (EdDSA).
    Ed25519,
    /// NIST P-256 (secp256r1), ECDSA with SHA-256.
    P256,
    /// NIST P-384 (secp384r1), ECDSA with SHA-384.
    P384,
    /// secp256k1, ECDSA with SHA-256 (JOSE `ES256K`).
    Secp256k1,
}

impl KeyType {
    /// The name as Kiln's options and messages write it: `ed25519`, `p256`,
    /// `p384`, `secp256k1`.
    pub fn name(self) -> &'static str {
        match self {
            KeyType::Ed25519 => "ed25519",
            KeyType::P256 => "p256",
            KeyType::P384 => "p384",
            KeyType::Secp256k1 => "secp256k1",
        }
    }

    /// The curve as JWK `crv` names it.
    pub fn curve(self) -> &'static str {
        match self {
            KeyType::Ed25519 => "Ed25519",
            KeyType::P256 => "P-256",
            KeyType::P384 => "P-384",
            KeyType::Secp256k1 => "secp256k1",
        }
    }

    /// The type of a name as [`KeyType::name`] gives it (`P-256`, `P-384`
    /// and `Ed25519` are accepted too).
    pub fn from_name(name: &str) -> Result<KeyType> {
        match name {
            "ed25519" | "Ed25519" => Ok(KeyType::Ed25519),
            "p256" | "P-256" => Ok(KeyType::P256),
            "p384" | "P-384" => Ok(KeyType::P384),
            "secp256k1" => Ok(KeyType::Secp256k1),
            other => Err(Error::misuse(
                crate::code::Code::KeyTypeUnsupported,
                format!("unknown key type {other:?}: use ed25519, p256 or p384"),
            )),
        }
    }
}

/// A public key of any type Kiln verifies with.
#[derive(Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey {
    /// Ed25519.
    Ed25519(Ed25519PublicKey),
    /// P-256.
    #[cfg(any(feature = "ecdsa", feature = "es256"))]
    P256(p256::ecdsa::VerifyingKey),
    /// P-384.
    #[cfg(feature = "ecdsa")]
    P384(p384::ecdsa::VerifyingKey),
    /// secp256k1.
    #[cfg(feature = "es256k")]
    Secp256k1(k256::ecdsa::VerifyingKey),
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PublicKey")
            .field(&self.to_multibase())
            .finish()
    }
}

impl From<Ed25519PublicKey> for PublicKey {
    fn from(k: Ed25519PublicKey) -> Self {
        PublicKey::Ed25519(k)
    }
}

/// A key type this build leaves out: `Unsupported` naming the feature.
#[allow(dead_code)] // unused when every key type is built
fn left_out(what: &str, ty: KeyType) -> Error {
    let capability = match ty {
        KeyType::Secp256k1 => crate::error::Capability::Es256k,
        _ => crate::error::Capability::Ecdsa,
    };
    Error::not_built(
        crate::code::Code::KeyTypeUnsupported,
        capability,
        format!(
            "{what} is a {} key, which this build of Kiln leaves out (feature {})",
            ty.curve(),
            capability.feature()
        ),
    )
}

fn not_on_curve(what: &str, ty: KeyType) -> Error {
    Error::malformed(
        crate::code::Code::KeyNotOnCurve,
        format!("{what} is not a {} public key", ty.curve()),
    )
}

impl PublicKey {
    /// Which algorithm the key is for.
    pub fn key_type(&self) -> KeyType {
        match self {
            PublicKey::Ed25519(_) => KeyType::Ed25519,
            #[cfg(any(feature = "ecdsa", feature = "es256"))]
            PublicKey::P256(_) => KeyType::P256,
            #[cfg(feature = "ecdsa")]
            PublicKey::P384(_) => KeyType::P384,
            #[cfg(feature = "es256k")]
            PublicKey::Secp256k1(_) => KeyType::Secp256k1,
        }
    }

    /// The Ed25519 key, if it is one.
    pub fn as_ed25519(&self) -> Option<&Ed25519PublicKey> {
        match self {
            PublicKey::Ed25519(k) => Some(k),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// Reads a Multikey `publicKeyMultibase` value of any known type:
    /// `z6Mk...` (Ed25519), `zDn...` (P-256), `z82...` (P-384), `zQ3s...`
    /// (secp256k1). An unknown multicodec prefix is unsupported.
    pub fn from_multibase(s: &str) -> Result<Self> {
        Self::from_multibase_named(s, "publicKeyMultibase")
    }

    pub(crate) fn from_multibase_named(s: &str, what: &str) -> Result<Self> {
        let (prefix, key) = multibase::decode_prefixed(s, what)?;
        let ty = match prefix {
            ED25519_PUB => KeyType::Ed25519,
            [0x80, 0x24] => KeyType::P256,
            [0x81, 0x24] => KeyType::P384,
            [0xe7, 0x01] => KeyType::Secp256k1,
            [a, b] => {
                return Err(Error::unsupported(
                    crate::code::Code::KeyTypeUnsupported,
                    format!(
                        "{what} has multicodec prefix [{a:#04x}, {b:#04x}]; Kiln reads Ed25519 \
                         (0xed), P-256 (0x1200), P-384 (0x1201) and secp256k1 (0xe7) keys"
                    ),
                ));
            }
        };
        let shown = format!("{what} {s:?}");
        let bad_len = |want: usize| {
            Error::malformed(
                crate::code::Code::KeyBadLength,
                format!(
                    "{what} holds a {}-byte {} key, expected {want} bytes",
                    key.len(),
                    ty.curve()
                ),
            )
        };
        // Multikey EC keys are compressed SEC1 points: tag 0x02 or 0x03.
        if ty != KeyType::Ed25519 && !matches!(key.first(), Some(2 | 3)) {
            return Err(Error::malformed(
                crate::code::Code::KeyNotOnCurve,
                format!("{shown} is not a compressed {} point", ty.curve()),
            ));
        }
        match ty {
            KeyType::Ed25519 => {
                let bytes: [u8; 32] = key[..].try_into().map_err(|_| bad_len(32))?;
                Ed25519PublicKey::from_bytes(&bytes)
                    .map(PublicKey::Ed25519)
                    .map_err(|_| not_on_curve(&shown, ty))
            }
            KeyType::P256 => {
                if key.len() != 33 {
                    return Err(bad_len(33));
                }
                Self::from_sec1(ty, &key).map_err(|e| match e {
                    Error::Malformed(_) => not_on_curve(&shown, ty),
                    e => e,
                })
            }
            KeyType::P384 => {
                if key.len() != 49 {
                    return Err(bad_len(49));
                }
                Self::from_sec1(ty, &key).map_err(|e| match e {
                    Error::Malformed(_) => not_on_curve(&shown, ty),
                    e => e,
                })
            }
            KeyType::Secp256k1 => {
                if key.len() != 33 {
                    return Err(bad_len(33));
                }
                Self::from_sec1(ty, &key).map_err(|e| match e {
                    Error::Malformed(_) => not_on_curve(&shown, ty),
                    e => e,
                })
            }
        }
    }

    /// An EC key from its SEC1 encoding (compressed or not).
    fn from_sec1(ty: KeyType, sec1: &[u8]) -> Result<Self> {
        let what = "the SEC1 point";
        match ty {
            #[cfg(any(feature = "ecdsa", feature = "es256"))]
            KeyType::P256 => p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::P256)
                .map_err(|_| not_on_curve(what, ty)),
            #[cfg(feature = "ecdsa")]
            KeyType::P384 => p384::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::P384)
                .map_err(|_| not_on_curve(what, ty)),
            #[cfg(feature = "es256k")]
            KeyType::Secp256k1 => k256::ecdsa::VerifyingKey::from_sec1_bytes(sec1)
                .map(PublicKey::Secp256k1)
                .map_err(|_| not_on_curve(what, ty)),
            #[allow(unreachable_patterns)]
            _ => {
                let _ = (sec1, what);
                Err(left_out("the key", ty))
            }
        }
    }

    /// The compressed SEC1 point of an EC key; `None` for Ed25519.
    fn sec1_compressed(&self) -> Option<Vec<u8>> {
        match self {
            PublicKey::Ed25519(_) => None,
            #[cfg(any(feature = "ecdsa", feature = "es256"))]
            PublicKey::P256(k) => Some(k.to_encoded_point(true).as_bytes().to_vec()),
            #[cfg(feature = "ecdsa")]
            PublicKey::P384(k) => Some(k.to_encoded_point(true).as_bytes().to_vec()),
            #[cfg(feature = "es256k")]
            PublicKey::Secp256k1(k) => Some(k.to_encoded_point(true).as_bytes().to_vec()),
        }
    }

    /// The uncompressed affine coordinates (x, y) of an EC key.
    fn xy(&self) -> Option<(Vec<u8>, Vec<u8>)> {
        match self {
            PublicKey::Ed25519(_) => None,
            #[cfg(any(feature = "ecdsa", feature = "es256"))]
            PublicKey::P256(k) => {
                let p = k.to_encoded_point(false);
                Some((p.x()?.to_vec(), p.y()?.to_vec()))
            }
            #[cfg(feature = "ecdsa")]
            PublicKey::P384(k) => {
                let p = k.to_encoded_point(false);
                Some((p.x()?.to_vec(), p.y()?.to_vec()))
            }
            #[cfg(feature = "es256k")]
            PublicKey::Secp256k1(k) => {
                let p = k.to_encoded_point(false);
                Some((p.x()?.to_vec(), p.y()?.to_vec()))
            }
        }
    }

    /// The Multikey form: `z6Mk...`, `zDn...`, `z82...` or `zQ3s...`.
    pub fn to_multibase(&self) -> String {
        match self {
            PublicKey::Ed25519(k) => k.to_multibase(),
            #[allow(unreachable_patterns)]
            other => {
                let prefix = match other.key_type() {
                    #[cfg(any(feature = "ecdsa", feature = "es256"))]
                    KeyType::P256 => P256_PUB,
                    #[cfg(feature = "ecdsa")]
                    KeyType::P384 => P384_PUB,
                    #[cfg(feature = "es256k")]
                    KeyType::Secp256k1 => SECP256K1_PUB,
                    _ => ED25519_PUB,
                };
                multibase::encode_key(prefix, &other.sec1_compressed().unwrap_or_default())
            }
        }
    }

    /// `did:key:` + the Multikey form.
    pub fn did_key(&self) -> String {
        format!("did:key:{}", self.to_multibase())
    }

    /// The public JWK: `OKP`/`Ed25519` with `x`, or `EC` with `crv`, `x`, `y`.
    pub fn to_jwk(&self) -> Value {
        match self {
            PublicKey::Ed25519(k) => k.to_jwk(),
            #[allow(unreachable_patterns)]
            other => {
                let (x, y) = other.xy().unwrap_or_default();
                serde_json::json!({
                    "kty": "EC",
                    "crv": other.key_type().curve(),
                    "x": crate::base64url::encode(&x),
                    "y": crate::base64url::encode(&y),
                })
            }
        }
    }

    /// `did:jwk:` + base64url of the public JWK (members in the order
    /// `crv`, `kty`, `x`, `y`, as RFC 7638 sorts them).
    pub fn did_jwk(&self) -> String {
        let text = crate::jcs::canonicalize(&self.to_jwk()).unwrap_or_default();
        format!("did:jwk:{}", crate::base64url::encode(text.as_bytes()))
    }

    /// Reads a public JWK: `OKP`/`Ed25519`, or `EC` with `crv` `P-256`,
    /// `P-384` or `secp256k1`. A JWK carrying a private part (`d`) is
    /// refused: a public key must never travel with its secret.
    pub fn from_jwk(v: &Value) -> Result<Self> {
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
        Self::from_jwk_members(obj)
    }

    /// The public key a JWK's members state (a `d` is not looked at).
    pub(crate) fn from_jwk_members(obj: &Map<String, Value>) -> Result<Self> {
        match obj.get("kty").and_then(Value::as_str) {
            Some("EC") => {}
            _ => return super::jwk::public_from_members(obj).map(PublicKey::Ed25519),
        }
        let crv = match obj.get("crv") {
            Some(Value::String(s)) => s.as_str(),
            _ => {
                return Err(Error::malformed(
                    crate::code::Code::JwkMalformed,
                    "the EC JWK has no string member \"crv\"",
                ));
            }
        };
        let (ty, size) = match crv {
            "P-256" => (KeyType::P256, 32),
            "P-384" => (KeyType::P384, 48),
            "secp256k1" => (KeyType::Secp256k1, 32),
            other => {
                return Err(Error::unsupported(
                    crate::code::Code::KeyTypeUnsupported,
                    format!(
                        "JWK curve {other:?} is not supported (P-256, P-384 and secp256k1 are)"
                    ),
                ));
            }
        };
        let coordinate = |name: &str| -> Result<Vec<u8>> {
            let Some(Value::String(s)) = obj.get(name) else {
                return Err(Error::malformed(
                    crate::code::Code::JwkMalformed,
                    format!("the EC JWK has no string member \"{name}\""),
                ));
            };
            let bytes = crate::base64url::decode(s).ok_or_else(|| {
                Error::malformed(
                    crate::code::Code::JwkBadBase64url,
                    format!("JWK member \"{name}\" is not unpadded base64url"),
                )
            })?;
            if bytes.len() != size {
                return Err(Error::malformed(
                    crate::code::Code::JwkBadLength,
                    format!(
                        "JWK member \"{name}\" holds {} bytes, a {crv} coordinate has {size}",
                        bytes.len()
                    ),
                ));
            }
            Ok(bytes)
        };
        let (x, y) = (coordinate("x")?, coordinate("y")?);
        let mut sec1 = Vec::with_capacity(size.saturating_mul(2).saturating_add(1));
        sec1.push(4u8);
        sec1.extend_from_slice(&x);
        sec1.extend_from_slice(&y);
        Self::from_sec1(ty, &sec1).map_err(|e| match e {
            Error::Malformed(_) => not_on_curve("the JWK's x, y", ty),
            e => e,
        })
    }

    /// Whether `sig` is a valid signature of `msg` under this key: Ed25519
    /// (strict), or ECDSA in the IEEE P1363 form `r || s` (64 bytes for
    /// P-256 and secp256k1, 96 for P-384) with the curve's hash (SHA-256,
    /// SHA-384). A signature of another length does not verify.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        match self {
            PublicKey::Ed25519(k) => k.verify(msg, sig),
            #[cfg(any(feature = "ecdsa", feature = "es256"))]
            PublicKey::P256(k) => {
                use p256::ecdsa::signature::Verifier as _;
                p256::ecdsa::Signature::from_slice(sig).is_ok_and(|sig| k.verify(msg, &sig).is_ok())
            }
            #[cfg(feature = "ecdsa")]
            PublicKey::P384(k) => {
                use p384::ecdsa::signature::Verifier as _;
                p384::ecdsa::Signature::from_slice(sig).is_ok_and(|sig| k.verify(msg, &sig).is_ok())
            }
            #[cfg(feature = "es256k")]
            PublicKey::Secp256k1(k) => {
                use k256::ecdsa::signature::Verifier as _;
                k256::ecdsa::Signature::from_slice(sig).is_ok_and(|sig| k.verify(msg, &sig).is_ok())
            }
        }
    }

    /// The length of this key's signatures in bytes (ECDSA: `r || s`).
    pub fn signature_len(&self) -> usize {
        match self.key_type() {
            KeyType::P384 => 96,
            _ => 64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for t in [
            KeyType::Ed25519,
            KeyType::P256,
            KeyType::P384,
            KeyType::Secp256k1,
        ] {
            assert_eq!(KeyType::from_name(t.name()).unwrap(), t);
            assert_eq!(KeyType::from_name(t.curve()).unwrap(), t);
        }
        assert!(KeyType::from_name("rsa").is_err());
    }

    #[test]
    fn unknown_prefix() {
        let mb = multibase::encode_key([0xec, 0x01], &[1u8; 32]);
        let e = PublicKey::from_multibase(&mb).unwrap_err();
        assert_eq!(e.code(), "key-type-unsupported");
        assert!(e.to_string().contains("0xec"), "{e}");
    }

    #[cfg(feature = "ecdsa")]
    #[test]
    fn ec_multikeys_round_trip() {
        // The key pairs of the W3C vc-di-ecdsa test vectors.
        for (mb, ty, sig_len) in [
            (
                "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP",
                KeyType::P256,
                64,
            ),
            (
                "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ",
                KeyType::P384,
                96,
            ),
        ] {
            let k = PublicKey::from_multibase(mb).unwrap();
            assert_eq!(k.key_type(), ty);
            assert_eq!(k.to_multibase(), mb);
            assert_eq!(k.signature_len(), sig_len);
            let jwk = k.to_jwk();
            assert_eq!(jwk["crv"], ty.curve());
            assert_eq!(PublicKey::from_jwk(&jwk).unwrap(), k);
            assert!(k.as_ed25519().is_none());
            // A point off the curve: flip a byte of x until decoding fails.
            let (_, key) = multibase::decode_prefixed(mb, "t").unwrap();
            let prefix = if ty == KeyType::P256 {
                P256_PUB
            } else {
                P384_PUB
            };
            let short = multibase::encode_key(prefix, &key[..key.len() - 1]);
            assert_eq!(
                PublicKey::from_multibase(&short).unwrap_err().code(),
                "key-bad-length"
            );
            let mut bad_tag = key.to_vec();
            bad_tag[0] = 5;
            assert_eq!(
                PublicKey::from_multibase(&multibase::encode_key(prefix, &bad_tag))
                    .unwrap_err()
                    .code(),
                "key-not-on-curve"
            );
        }
    }

    #[cfg(feature = "ecdsa")]
    #[test]
    fn ec_jwk_errors() {
        let k =
            PublicKey::from_multibase("zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP").unwrap();
        let mut jwk = k.to_jwk();
        jwk["d"] = "AAAA".into();
        assert_eq!(
            PublicKey::from_jwk(&jwk).unwrap_err().code(),
            "jwk-has-secret"
        );
        let mut jwk = k.to_jwk();
        jwk["crv"] = "P-521".into();
        assert_eq!(
            PublicKey::from_jwk(&jwk).unwrap_err().code(),
            "key-type-unsupported"
        );
        let mut jwk = k.to_jwk();
        jwk["crv"] = "P-384".into();
        assert_eq!(
            PublicKey::from_jwk(&jwk).unwrap_err().code(),
            "jwk-bad-length"
        );
        let mut jwk = k.to_jwk();
        jwk["y"] = jwk["x"].clone();
        assert_eq!(
            PublicKey::from_jwk(&jwk).unwrap_err().code(),
            "key-not-on-curve"
        );
    }
}
