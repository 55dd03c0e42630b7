//! Data Integrity proofs: `eddsa-rdfc-2022` (and its deprecated name
//! `eddsa-2022`), `eddsa-jcs-2022`, and `Ed25519Signature2020` (verify only).
//!
//! Every suite signs `SHA-256(canonical proof config) || SHA-256(canonical
//! document)` with Ed25519; they differ in how they canonicalize.

#[cfg(feature = "rdfc")]
pub(crate) mod eddsa_rdfc;

use crate::{Error, Limits, Result};
use serde_json::{Map, Value};

/// A proof type and cryptosuite Kiln knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Suite {
    /// `DataIntegrityProof` with `cryptosuite: eddsa-rdfc-2022` (or the deprecated `eddsa-2022`).
    EddsaRdfc2022,
    /// `DataIntegrityProof` with `cryptosuite: eddsa-jcs-2022`.
    EddsaJcs2022,
    /// The older `Ed25519Signature2020` proof type (verification only).
    Ed25519Signature2020,
}

/// What a proof computation may need besides the document: limits and any
/// JSON-LD contexts the caller adds to the bundled ones.
#[derive(Debug, Clone, Default)]
pub struct ProofEnv<'a> {
    /// Work limits.
    pub limits: Limits,
    /// Extra JSON-LD contexts: (URL, JSON text). Never fetched.
    pub extra_contexts: &'a [(String, String)],
}

impl Suite {
    /// Which suite a proof object uses; an unknown type or cryptosuite is
    /// [`Error::Unsupported`] naming it.
    pub fn of(proof: &Map<String, Value>) -> Result<Suite> {
        let _ = proof;
        Err(Error::unsupported("proof-unsupported", "proof suites are not built yet"))
    }
}
