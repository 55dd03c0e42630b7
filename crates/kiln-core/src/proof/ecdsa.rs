//! `ecdsa-rdfc-2019` and `ecdsa-jcs-2019` (W3C VC Data Integrity ECDSA
//! Cryptosuites v1.0, sections 3.2 and 3.3): the bytes a proof signs.
//!
//! Both hash the canonical proof configuration and the canonical document
//! with the curve's hash, SHA-256 for P-256 and SHA-384 for P-384, and sign
//! `hash(proof config) || hash(document)` with ECDSA (which hashes it once
//! more with the same function). The signature is IEEE P1363 `r || s`: 64
//! bytes for P-256, 96 for P-384. rdfc canonicalizes with RDFC-1.0 N-Quads
//! (the proof configuration carries the document's `@context`), whose own
//! hash function follows the curve too (section 3.1 "Canonicalization and
//! hashing": SHA-384 for P-384 keys, which changes the blank node labels of
//! a document with several blank nodes); jcs with RFC 8785 JSON (the proof
//! carries the document's `@context` itself).

use super::ProofEnv;
use crate::key::KeyType;
use crate::{
    error::{Error, Result},
    jcs,
};
use serde_json::Value;
use sha2::{Digest as _, Sha256, Sha384};

/// How a suite canonicalizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Canon {
    /// RDFC-1.0 N-Quads (`ecdsa-rdfc-2019`).
    Rdfc,
    /// RFC 8785 JSON (`ecdsa-jcs-2019`).
    Jcs,
}

/// The canonical forms of the proof configuration and of the document, for
/// a key on `curve`.
pub fn canonical_forms(
    canon: Canon,
    curve: KeyType,
    unsecured: &Value,
    proof_config: &Value,
    env: &ProofEnv<'_>,
) -> Result<(String, String)> {
    match canon {
        Canon::Rdfc => rdfc_forms(curve, unsecured, proof_config, env),
        Canon::Jcs => Ok((
            jcs::canonicalize(proof_config)?,
            jcs::canonicalize(unsecured)?,
        )),
    }
}

fn rdfc_forms(
    curve: KeyType,
    unsecured: &Value,
    proof_config: &Value,
    env: &ProofEnv<'_>,
) -> Result<(String, String)> {
    use crate::jsonld::{self, HashAlgorithm};
    let hash = match curve {
        KeyType::P384 => HashAlgorithm::Sha384,
        _ => HashAlgorithm::Sha256,
    };
    let store = jsonld::ContextStore::with_extra(env.extra_contexts)?;
    let config =
        jsonld::to_rdf(proof_config, &store, &env.limits)?.canonicalize(hash, &env.limits)?;
    let doc = jsonld::to_rdf(unsecured, &store, &env.limits)?.canonicalize(hash, &env.limits)?;
    Ok((config, doc))
}

/// The curve's hash of `bytes`: SHA-256 for P-256, SHA-384 for P-384.
pub fn curve_hash(curve: KeyType, bytes: &[u8]) -> Result<Vec<u8>> {
    match curve {
        KeyType::P256 => Ok(Sha256::digest(bytes).to_vec()),
        KeyType::P384 => Ok(Sha384::digest(bytes).to_vec()),
        other => Err(Error::misuse(
            crate::code::Code::KeySuiteMismatch,
            format!(
                "the ECDSA cryptosuites sign with P-256 or P-384 keys, not with {} keys",
                other.curve()
            ),
        )),
    }
}

/// `hash(canonical proof config) || hash(canonical document)`: the bytes
/// an ECDSA proof signs, for a key on `curve`.
pub fn hash_data(
    canon: Canon,
    curve: KeyType,
    unsecured: &Value,
    proof_config: &Value,
    env: &ProofEnv<'_>,
) -> Result<Vec<u8>> {
    let (config, doc) = canonical_forms(canon, curve, unsecured, proof_config, env)?;
    let mut out = curve_hash(curve, config.as_bytes())?;
    out.extend_from_slice(&curve_hash(curve, doc.as_bytes())?);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_by_curve() {
        // FIPS 180-2 "abc" digests.
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        assert_eq!(
            hex(&curve_hash(KeyType::P256, b"abc").unwrap()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(
            hex(&curve_hash(KeyType::P384, b"abc").unwrap())
                .starts_with("cb00753f45a35e8bb5a03d69")
        );
        assert_eq!(
            curve_hash(KeyType::Ed25519, b"abc").unwrap_err().code(),
            "key-suite-mismatch"
        );
    }
}
