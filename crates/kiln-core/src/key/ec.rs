//! P-256 and P-384 secret keys (feature `ecdsa`): Multikey
//! `secretKeyMultibase` (multicodec 0x1306 / 0x1307 + the big-endian
//! scalar), JWK `d`, and deterministic ECDSA signing (RFC 6979) through
//! RustCrypto's `p256` / `p384`. The scalars are wiped on drop by the
//! crates' `SigningKey`.

use super::{KeyType, PublicKey};
use crate::error::{Error, Result};
use crate::multibase::{self, P256_PRIV, P384_PRIV};
use zeroize::Zeroizing;

/// An ECDSA secret key.
pub(super) enum EcSecret {
    P256(p256::ecdsa::SigningKey),
    P384(p384::ecdsa::SigningKey),
}

fn bad_scalar(what: &str, ty: KeyType) -> Error {
    Error::malformed(
        crate::code::Code::KeyNotOnCurve,
        format!("{what} is not a {} secret key", ty.curve()),
    )
}

impl EcSecret {
    fn from_scalar(ty: KeyType, bytes: &[u8], what: &str) -> Result<Self> {
        let want = match ty {
            KeyType::P256 => 32,
            KeyType::P384 => 48,
            other => {
                return Err(Error::unsupported(
                    crate::code::Code::KeyTypeUnsupported,
                    format!("Kiln does not sign with {} keys", other.curve()),
                ));
            }
        };
        if bytes.len() != want {
            return Err(Error::malformed(
                crate::code::Code::KeyBadLength,
                format!(
                    "{what} holds a {}-byte {} secret key, expected {want} bytes",
                    bytes.len(),
                    ty.curve()
                ),
            ));
        }
        match ty {
            KeyType::P256 => p256::ecdsa::SigningKey::from_slice(bytes)
                .map(EcSecret::P256)
                .map_err(|_| bad_scalar(what, ty)),
            _ => p384::ecdsa::SigningKey::from_slice(bytes)
                .map(EcSecret::P384)
                .map_err(|_| bad_scalar(what, ty)),
        }
    }

    /// Reads a P-256 or P-384 `secretKeyMultibase`; `None` for another
    /// multicodec prefix.
    pub(super) fn from_multibase(s: &str) -> Result<Option<Self>> {
        let (prefix, key) = multibase::decode_prefixed(s, "secretKeyMultibase")?;
        let ty = match prefix {
            P256_PRIV => KeyType::P256,
            P384_PRIV => KeyType::P384,
            _ => return Ok(None),
        };
        Self::from_scalar(ty, &key, "secretKeyMultibase").map(Some)
    }

    /// Reads a JWK's `d` for an EC key of type `ty`.
    pub(super) fn from_jwk_d(ty: KeyType, d: &str) -> Result<Self> {
        let bytes = Zeroizing::new(crate::base64url::decode(d).ok_or_else(|| {
            Error::malformed(
                crate::code::Code::JwkBadBase64url,
                "JWK member \"d\" is not unpadded base64url",
            )
        })?);
        Self::from_scalar(ty, &bytes, "JWK member \"d\"")
    }

    /// A fresh key from the operating system's random source.
    #[cfg(feature = "sign")]
    pub(super) fn generate(ty: KeyType) -> Result<Self> {
        let len = if ty == KeyType::P384 { 48 } else { 32 };
        let mut bytes = Zeroizing::new([0u8; 48]);
        // A random string is a valid scalar except with negligible
        // probability; a few tries make a failure practically impossible.
        for _ in 0..8 {
            getrandom::fill(&mut bytes[..len]).map_err(|e| {
                Error::unsupported(
                    crate::code::Code::RandomUnavailable,
                    format!("no random source to generate a key: {e}"),
                )
            })?;
            if let Ok(k) = Self::from_scalar(ty, &bytes[..len], "the generated key") {
                return Ok(k);
            }
        }
        Err(Error::unsupported(
            crate::code::Code::RandomUnavailable,
            "the random source gave no usable secret key",
        ))
    }

    pub(super) fn public(&self) -> PublicKey {
        match self {
            EcSecret::P256(k) => PublicKey::P256(*k.verifying_key()),
            EcSecret::P384(k) => PublicKey::P384(*k.verifying_key()),
        }
    }

    fn scalar(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(match self {
            EcSecret::P256(k) => k.to_bytes().to_vec(),
            EcSecret::P384(k) => k.to_bytes().to_vec(),
        })
    }

    pub(super) fn to_multibase(&self) -> String {
        let prefix = match self {
            EcSecret::P256(_) => P256_PRIV,
            EcSecret::P384(_) => P384_PRIV,
        };
        multibase::encode_key(prefix, &self.scalar())
    }

    pub(super) fn d_base64url(&self) -> Zeroizing<String> {
        Zeroizing::new(crate::base64url::encode(&self.scalar()))
    }

    /// ECDSA with SHA-256 (P-256) or SHA-384 (P-384), RFC 6979
    /// deterministic nonces, as `r || s`.
    pub(super) fn sign(&self, msg: &[u8]) -> Vec<u8> {
        match self {
            EcSecret::P256(k) => {
                use p256::ecdsa::signature::Signer as _;
                let sig: p256::ecdsa::Signature = k.sign(msg);
                sig.to_bytes().to_vec()
            }
            EcSecret::P384(k) => {
                use p384::ecdsa::signature::Signer as _;
                let sig: p384::ecdsa::Signature = k.sign(msg);
                sig.to_bytes().to_vec()
            }
        }
    }
}
