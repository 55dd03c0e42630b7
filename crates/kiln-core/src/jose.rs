//! Compact JWS (RFC 7515) parsing and signature verification, and public
//! JSON Web Keys (RFC 7517/7518/8037), for VC-JWT badges (Open Badges 3.0)
//! and signed Open Badges 2.0 assertions.
//!
//! | `alg` | key | feature |
//! |---|---|---|
//! | `EdDSA` | OKP / Ed25519 (strict verification) | always |
//! | `ES256` | EC / P-256, signature `r || s` (64 bytes) | `es256` |
//! | `ES384` | EC / P-384, signature `r || s` (96 bytes) | `ecdsa` |
//! | `ES256K` | EC / secp256k1, signature `r || s` (64 bytes) | `es256k` |
//! | `RS256` | RSA, at least 2048 bits, PKCS#1 v1.5 with SHA-256 | `rsa` |
//!
//! An ECDSA signature in DER form (an ASN.1 `SEQUENCE`, as some libraries
//! emit by mistake) is refused with code `jws-signature-der`: JOSE requires
//! the raw `r || s` (RFC 7518 section 3.4).
//!
//! `none` and the symmetric `HS*` algorithms are refused as
//! [`AlgError::Refused`]: a token that names them proves nothing about its
//! signer. Any other `alg` is [`AlgError::Unsupported`].
//!
//! A key given where a public key is expected must carry no private member
//! (`d`, `p`, `q`, `dp`, `dq`, `qi`, `oth`, `k`).
//!
//! The `rsa` crate's advisory RUSTSEC-2023-0071 (a timing side channel in
//! operations with the private key) does not concern this module: it only
//! verifies, with public keys.

use serde_json::{Map, Value};

use crate::base64url::decode as base64url_decode;
#[cfg(any(feature = "sign", test))]
use crate::base64url::encode as base64url_encode;
use crate::error::{Error, Result};
use crate::key::{Ed25519PublicKey, PublicKey};

/// A signature algorithm Kiln can check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Alg {
    /// Ed25519 (`EdDSA`).
    EdDsa,
    /// ECDSA P-256 with SHA-256 (`ES256`).
    Es256,
    /// ECDSA P-384 with SHA-384 (`ES384`).
    Es384,
    /// ECDSA secp256k1 with SHA-256 (`ES256K`).
    Es256k,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (`RS256`).
    Rs256,
}

impl Alg {
    /// The JOSE name.
    pub fn name(self) -> &'static str {
        match self {
            Alg::EdDsa => "EdDSA",
            Alg::Es256 => "ES256",
            Alg::Es384 => "ES384",
            Alg::Es256k => "ES256K",
            Alg::Rs256 => "RS256",
        }
    }
}

/// Why an `alg` cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AlgError {
    /// `none` or a symmetric (HMAC) algorithm: never acceptable for a credential.
    Refused(String),
    /// An algorithm Kiln does not check (the detail names it).
    Unsupported(String),
    /// An algorithm this build leaves out and a build with the capability
    /// checks (the detail names it).
    NotBuilt(crate::error::Capability, String),
}

/// The algorithm a header's `alg` names.
pub fn alg_of(header: &Map<String, Value>) -> std::result::Result<Alg, AlgError> {
    let Some(Value::String(alg)) = header.get("alg") else {
        return Err(AlgError::Refused(
            "the token's header names no signature algorithm (\"alg\")".into(),
        ));
    };
    match alg.as_str() {
        "EdDSA" => Ok(Alg::EdDsa),
        #[cfg(feature = "es256")]
        "ES256" => Ok(Alg::Es256),
        #[cfg(feature = "ecdsa")]
        "ES384" => Ok(Alg::Es384),
        #[cfg(feature = "es256k")]
        "ES256K" => Ok(Alg::Es256k),
        #[cfg(feature = "rsa")]
        "RS256" => Ok(Alg::Rs256),
        #[cfg(not(feature = "es256"))]
        "ES256" => Err(left_out("ES256", crate::error::Capability::Es256)),
        #[cfg(not(feature = "ecdsa"))]
        "ES384" => Err(left_out("ES384", crate::error::Capability::Ecdsa)),
        #[cfg(not(feature = "es256k"))]
        "ES256K" => Err(left_out("ES256K", crate::error::Capability::Es256k)),
        #[cfg(not(feature = "rsa"))]
        "RS256" => Err(left_out("RS256", crate::error::Capability::Rs256)),
        "none" => Err(AlgError::Refused(
            "the token says it is not signed (\"alg\": \"none\")".into(),
        )),
        a if a.starts_with("HS") => Err(AlgError::Refused(format!(
            "the token uses {a}, a shared-secret algorithm that cannot show who signed it"
        ))),
        a => Err(AlgError::Unsupported(format!(
            "the signature algorithm {a:?} is not supported by this build of Kiln"
        ))),
    }
}

/// An algorithm this build leaves out (and a build with `needs` checks).
#[cfg(any(
    not(feature = "es256"),
    not(feature = "rsa"),
    not(feature = "ecdsa"),
    not(feature = "es256k")
))]
fn left_out(alg: &str, needs: crate::error::Capability) -> AlgError {
    AlgError::NotBuilt(
        needs,
        format!(
            "the signature algorithm {alg} is left out of this build of Kiln (feature {})",
            needs.feature()
        ),
    )
}

/// A compact JWS split into its parts.
#[derive(Debug, Clone)]
pub struct CompactJws {
    /// The decoded JOSE header.
    pub header: Map<String, Value>,
    /// The decoded payload bytes.
    pub payload: Vec<u8>,
    signing_input: String,
    signature: Vec<u8>,
}

fn segment(text: &str, what: &str) -> Result<Vec<u8>> {
    base64url_decode(text).ok_or_else(|| {
        Error::malformed(
            crate::code::Code::JwsBadBase64url,
            format!("the compact JWS {what} is not valid base64url"),
        )
    })
}

/// A JWS segment read as a JSON object (`None` when it is JSON but not an
/// object), through the one reader of untrusted JSON.
fn json_object(
    bytes: &[u8],
    what: &str,
    code: crate::code::Code,
) -> Result<Option<Map<String, Value>>> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::malformed(
            code,
            format!(
                "{what} is not JSON: invalid UTF-8 at byte {}",
                e.valid_up_to()
            ),
        )
    })?;
    match crate::credential::read_json_as(text, &crate::limits::Limits::default(), what, code)? {
        Value::Object(m) => Ok(Some(m)),
        _ => Ok(None),
    }
}

impl CompactJws {
    /// Splits `header.payload.signature`, decoding the header as a JSON object.
    /// The payload is kept as bytes; [`CompactJws::payload_json`] reads it as JSON.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        let mut parts = text.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(Error::malformed(
                crate::code::Code::JwsShape,
                "a compact JWS has exactly three dot-separated parts",
            ));
        };
        let header_bytes = segment(h, "header")?;
        let header = match json_object(
            &header_bytes,
            "the compact JWS header",
            crate::code::Code::JwsHeader,
        )? {
            Some(m) => m,
            None => {
                return Err(Error::malformed(
                    crate::code::Code::JwsHeader,
                    "the compact JWS header is not a JSON object",
                ));
            }
        };
        let payload = segment(p, "payload")?;
        let signature = segment(s, "signature")?;
        let len = h.len().saturating_add(1).saturating_add(p.len());
        let signing_input = text.get(..len).unwrap_or_default().to_owned();
        Ok(CompactJws {
            header,
            payload,
            signing_input,
            signature,
        })
    }

    /// The payload as a JSON object.
    pub fn payload_json(&self) -> Result<Map<String, Value>> {
        match json_object(
            &self.payload,
            "the compact JWS payload",
            crate::code::Code::JwsPayload,
        )? {
            Some(m) => Ok(m),
            None => Err(Error::malformed(
                crate::code::Code::JwsPayload,
                "the compact JWS payload is not a JSON object",
            )),
        }
    }

    /// Whether the signature is valid for `alg` under `key`. A key of another
    /// type than the algorithm needs is an error, not a mismatch.
    pub fn verify(&self, alg: Alg, key: &JoseKey) -> Result<bool> {
        verify_signature(alg, key, self.signing_input.as_bytes(), &self.signature)
    }
}

/// A public key for JWS verification.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum JoseKey {
    /// Ed25519.
    Ed25519(Ed25519PublicKey),
    /// P-256.
    #[cfg(any(feature = "es256", feature = "ecdsa"))]
    P256(p256::ecdsa::VerifyingKey),
    /// P-384.
    #[cfg(feature = "ecdsa")]
    P384(p384::ecdsa::VerifyingKey),
    /// secp256k1.
    #[cfg(feature = "es256k")]
    Secp256k1(k256::ecdsa::VerifyingKey),
    /// RSA.
    #[cfg(feature = "rsa")]
    Rsa(rsa::RsaPublicKey),
}

impl JoseKey {
    /// The key type, as JWK `kty` (with the curve for EC/OKP).
    pub fn describe(&self) -> &'static str {
        match self {
            JoseKey::Ed25519(_) => "Ed25519",
            #[cfg(any(feature = "es256", feature = "ecdsa"))]
            JoseKey::P256(_) => "P-256",
            #[cfg(feature = "ecdsa")]
            JoseKey::P384(_) => "P-384",
            #[cfg(feature = "es256k")]
            JoseKey::Secp256k1(_) => "secp256k1",
            #[cfg(feature = "rsa")]
            JoseKey::Rsa(_) => "RSA",
        }
    }

    /// The key as a [`PublicKey`]; `None` for RSA.
    pub fn as_public(&self) -> Option<PublicKey> {
        match self {
            JoseKey::Ed25519(k) => Some(PublicKey::Ed25519(*k)),
            #[cfg(any(feature = "es256", feature = "ecdsa"))]
            JoseKey::P256(k) => Some(PublicKey::P256(*k)),
            #[cfg(feature = "ecdsa")]
            JoseKey::P384(k) => Some(PublicKey::P384(*k)),
            #[cfg(feature = "es256k")]
            JoseKey::Secp256k1(k) => Some(PublicKey::Secp256k1(*k)),
            #[cfg(feature = "rsa")]
            JoseKey::Rsa(_) => None,
        }
    }
}

impl From<PublicKey> for JoseKey {
    fn from(k: PublicKey) -> Self {
        match k {
            PublicKey::Ed25519(k) => JoseKey::Ed25519(k),
            #[cfg(any(feature = "es256", feature = "ecdsa"))]
            PublicKey::P256(k) => JoseKey::P256(k),
            #[cfg(feature = "ecdsa")]
            PublicKey::P384(k) => JoseKey::P384(k),
            #[cfg(feature = "es256k")]
            PublicKey::Secp256k1(k) => JoseKey::Secp256k1(k),
        }
    }
}

/// Whether `sig` looks like a DER-encoded ECDSA signature: an ASN.1
/// `SEQUENCE` (0x30) whose length byte covers the rest, holding an
/// `INTEGER` (0x02). JOSE requires raw `r || s` instead.
fn looks_like_der(sig: &[u8]) -> bool {
    match (sig.first(), sig.get(1), sig.get(2)) {
        (Some(0x30), Some(&len), Some(0x02)) => usize::from(len).checked_add(2) == Some(sig.len()),
        _ => false,
    }
}

/// An ECDSA signature of the wrong length: refused with the reason.
#[allow(dead_code)] // unused in builds without any ECDSA algorithm
fn ecdsa_length(alg: Alg, sig: &[u8], want: usize) -> Result<()> {
    if sig.len() == want {
        return Ok(());
    }
    if looks_like_der(sig) {
        return Err(Error::malformed(
            crate::code::Code::JwsSignatureDer,
            format!(
                "the token's {} signature is DER-encoded (an ASN.1 SEQUENCE of {} bytes); \
                 JOSE requires the raw r || s form of {want} bytes (RFC 7518 section 3.4)",
                alg.name(),
                sig.len()
            ),
        ));
    }
    Err(Error::malformed(
        crate::code::Code::JwsSignatureDer,
        format!(
            "the token's {} signature has {} bytes; JOSE requires r || s of {want} bytes",
            alg.name(),
            sig.len()
        ),
    ))
}

fn verify_signature(alg: Alg, key: &JoseKey, msg: &[u8], sig: &[u8]) -> Result<bool> {
    match (alg, key) {
        (Alg::EdDsa, JoseKey::Ed25519(k)) => Ok(k.verify(msg, sig)),
        #[cfg(feature = "es256")]
        (Alg::Es256, JoseKey::P256(k)) => {
            ecdsa_length(alg, sig, 64)?;
            Ok(PublicKey::P256(*k).verify(msg, sig))
        }
        #[cfg(feature = "ecdsa")]
        (Alg::Es384, JoseKey::P384(k)) => {
            ecdsa_length(alg, sig, 96)?;
            Ok(PublicKey::P384(*k).verify(msg, sig))
        }
        #[cfg(feature = "es256k")]
        (Alg::Es256k, JoseKey::Secp256k1(k)) => {
            ecdsa_length(alg, sig, 64)?;
            Ok(PublicKey::Secp256k1(*k).verify(msg, sig))
        }
        #[cfg(feature = "rsa")]
        (Alg::Rs256, JoseKey::Rsa(k)) => {
            use sha2::Digest as _;
            let digest = sha2::Sha256::digest(msg);
            Ok(
                k.verify(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest, sig)
                    .is_ok(),
            )
        }
        (alg, key) => Err(Error::malformed(
            crate::code::Code::JwsKeyAlgMismatch,
            format!(
                "the token says {} but the key is {}",
                alg.name(),
                key.describe()
            ),
        )),
    }
}

/// Members that only a private or symmetric JWK has.
const PRIVATE_MEMBERS: [&str; 8] = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

fn jwk_str<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<&'a str> {
    match obj.get(name) {
        Some(Value::String(s)) => Ok(s),
        _ => Err(Error::malformed(
            crate::code::Code::JwkMalformed,
            format!("the JWK has no string member \"{name}\""),
        )),
    }
}

#[cfg(feature = "rsa")]
fn jwk_bytes(obj: &Map<String, Value>, name: &str) -> Result<Vec<u8>> {
    base64url_decode(jwk_str(obj, name)?).ok_or_else(|| {
        Error::malformed(
            crate::code::Code::JwkBadBase64url,
            format!("JWK member \"{name}\" is not base64url"),
        )
    })
}

/// Reads a public JWK: RSA (`n`, `e`), EC P-256 (`x`, `y`) or OKP Ed25519 (`x`).
/// A JWK with a private member is refused with code `jwk-has-secret`.
pub fn key_from_jwk(jwk: &Value) -> Result<JoseKey> {
    let Value::Object(obj) = jwk else {
        return Err(Error::malformed(
            crate::code::Code::JwkMalformed,
            "a JWK must be a JSON object",
        ));
    };
    if let Some(m) = PRIVATE_MEMBERS.iter().find(|m| obj.contains_key(**m)) {
        return Err(Error::misuse(
            crate::code::Code::JwkHasSecret,
            format!("the JWK carries a private part (\"{m}\") where a public key was expected"),
        ));
    }
    match jwk_str(obj, "kty")? {
        "OKP" => Ed25519PublicKey::from_jwk(jwk).map(JoseKey::Ed25519),
        // P-256, P-384, secp256k1: the curves this build has; another is
        // unsupported (with the feature that checks it, when one does).
        "EC" => PublicKey::from_jwk_members(obj).map(JoseKey::from),
        #[cfg(feature = "rsa")]
        "RSA" => {
            let n = rsa::BigUint::from_bytes_be(&jwk_bytes(obj, "n")?);
            let e = rsa::BigUint::from_bytes_be(&jwk_bytes(obj, "e")?);
            rsa_key(n, e)
        }
        other => Err(Error::unsupported(
            crate::code::Code::KeyTypeUnsupported,
            format!("JWK key type {other:?} is not supported by this build of Kiln"),
        )),
    }
}

#[cfg(feature = "rsa")]
fn rsa_key(n: rsa::BigUint, e: rsa::BigUint) -> Result<JoseKey> {
    use rsa::traits::PublicKeyParts as _;
    let key = rsa::RsaPublicKey::new(n, e).map_err(|e| {
        Error::malformed(
            crate::code::Code::RsaKeyInvalid,
            format!("the RSA public key is not usable: {e}"),
        )
    })?;
    if key.n().bits() < 2048 {
        return Err(Error::malformed(
            crate::code::Code::RsaKeyTooShort,
            format!(
                "the RSA key has {} bits; at least 2048 are required",
                key.n().bits()
            ),
        ));
    }
    Ok(JoseKey::Rsa(key))
}

/// Decodes standard base64 (with or without padding, whitespace ignored).
fn base64_std_decode(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    base64url_decode(cleaned.trim_end_matches('='))
}

/// Reads a PEM public key (`BEGIN PUBLIC KEY`, SubjectPublicKeyInfo, or
/// `BEGIN RSA PUBLIC KEY`, PKCS#1), as OB 2.0 `CryptographicKey.publicKeyPem`
/// carries it. Only RSA keys are read (feature `rsa`).
pub fn key_from_pem(pem: &str) -> Result<JoseKey> {
    let pem = pem.trim();
    let body = |label: &str| {
        let begin = format!("-----BEGIN {label}-----");
        let end = format!("-----END {label}-----");
        pem.strip_prefix(begin.as_str())
            .and_then(|r| r.trim_end().strip_suffix(end.as_str()))
            .map(str::to_owned)
    };
    let bad = || {
        Error::malformed(
            crate::code::Code::PemMalformed,
            "the PEM public key is not valid base64",
        )
    };
    if let Some(b) = body("PUBLIC KEY") {
        let der = base64_std_decode(&b).ok_or_else(bad)?;
        return spki_key(&der);
    }
    if let Some(b) = body("RSA PUBLIC KEY") {
        let der = base64_std_decode(&b).ok_or_else(bad)?;
        return pkcs1_key(&der);
    }
    Err(Error::malformed(
        crate::code::Code::PemMalformed,
        "the key is not a PEM public key (-----BEGIN PUBLIC KEY-----)",
    ))
}

#[cfg(feature = "rsa")]
fn spki_key(der: &[u8]) -> Result<JoseKey> {
    use rsa::pkcs8::DecodePublicKey as _;
    use rsa::traits::PublicKeyParts as _;
    let key = rsa::RsaPublicKey::from_public_key_der(der).map_err(|_| {
        Error::unsupported(
            crate::code::Code::KeyTypeUnsupported,
            "the PEM public key is not an RSA key Kiln can read",
        )
    })?;
    rsa_key(key.n().clone(), key.e().clone())
}

#[cfg(feature = "rsa")]
fn pkcs1_key(der: &[u8]) -> Result<JoseKey> {
    use rsa::pkcs1::DecodeRsaPublicKey as _;
    use rsa::traits::PublicKeyParts as _;
    let key = rsa::RsaPublicKey::from_pkcs1_der(der).map_err(|_| {
        Error::malformed(
            crate::code::Code::PemMalformed,
            "the PKCS#1 RSA public key is malformed",
        )
    })?;
    rsa_key(key.n().clone(), key.e().clone())
}

#[cfg(not(feature = "rsa"))]
fn spki_key(_der: &[u8]) -> Result<JoseKey> {
    Err(Error::unsupported(
        crate::code::Code::KeyTypeUnsupported,
        "this build of Kiln reads no RSA keys (feature rsa)",
    ))
}

#[cfg(not(feature = "rsa"))]
fn pkcs1_key(der: &[u8]) -> Result<JoseKey> {
    spki_key(der)
}

/// Signs `payload` as a compact JWS with EdDSA under `header` (whose `alg`
/// is set to `EdDSA`).
#[cfg(feature = "sign")]
pub fn sign_eddsa(
    mut header: Map<String, Value>,
    payload: &Map<String, Value>,
    key: &crate::key::KeyPair,
) -> Result<String> {
    if key.key_type() != crate::key::KeyType::Ed25519 {
        return Err(Error::misuse(
            crate::code::Code::KeySuiteMismatch,
            format!(
                "EdDSA tokens are signed with Ed25519 keys, not with this {} key",
                key.key_type().curve()
            ),
        ));
    }
    header.insert("alg".into(), "EdDSA".into());
    let h = serde_json::to_vec(&header).map_err(|e| {
        Error::misuse(
            crate::code::Code::JwsEncode,
            format!("cannot encode the header: {e}"),
        )
    })?;
    let p = serde_json::to_vec(payload).map_err(|e| {
        Error::misuse(
            crate::code::Code::JwsEncode,
            format!("cannot encode the payload: {e}"),
        )
    })?;
    let input = format!("{}.{}", base64url_encode(&h), base64url_encode(&p));
    let sig = key.sign(input.as_bytes());
    Ok(format!("{input}.{}", base64url_encode(&sig)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn algs() {
        assert_eq!(alg_of(&header(json!({"alg":"EdDSA"}))), Ok(Alg::EdDsa));
        assert!(matches!(
            alg_of(&header(json!({"alg":"none"}))),
            Err(AlgError::Refused(_))
        ));
        assert!(matches!(
            alg_of(&header(json!({"alg":"HS256"}))),
            Err(AlgError::Refused(_))
        ));
        assert!(matches!(
            alg_of(&header(json!({}))),
            Err(AlgError::Refused(_))
        ));
        assert!(matches!(
            alg_of(&header(json!({"alg":"PS256"}))),
            Err(AlgError::Unsupported(_))
        ));
    }

    #[test]
    fn private_jwks_refused() {
        for m in PRIVATE_MEMBERS {
            let mut jwk = json!({"kty":"RSA","n":"AQAB","e":"AQAB"});
            jwk[m] = "AQAB".into();
            assert_eq!(
                key_from_jwk(&jwk).unwrap_err().code(),
                "jwk-has-secret",
                "{m}"
            );
        }
        let e = key_from_jwk(&json!({"kty":"oct","k":"AAAA"})).unwrap_err();
        assert_eq!(e.code(), "jwk-has-secret");
    }

    #[test]
    fn shapes() {
        assert_eq!(CompactJws::parse("a.b").unwrap_err().code(), "jws-shape");
        assert_eq!(
            CompactJws::parse("a.b.c.d").unwrap_err().code(),
            "jws-shape"
        );
        let h = base64url_encode(b"[1]");
        assert_eq!(
            CompactJws::parse(&format!("{h}.e30.")).unwrap_err().code(),
            "jws-header"
        );
        assert_eq!(base64url_encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(base64url_encode(b"fo"), "Zm8");
    }

    #[cfg(feature = "rsa")]
    #[test]
    fn short_rsa_keys_refused() {
        // 512-bit modulus.
        let n = base64url_encode(&[0xc5; 64]);
        let e = key_from_jwk(&json!({"kty":"RSA","n":n,"e":"AQAB"})).unwrap_err();
        assert_eq!(e.code(), "rsa-key-too-short");
    }
}
