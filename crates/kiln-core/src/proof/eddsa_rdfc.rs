//! The `eddsa-rdfc-2022` / `Ed25519Signature2020` transform and hash:
//! RDFC-1.0 canonical N-Quads of the JSON-LD document and proof config.
//!
//! Placeholder until the JSON-LD pipeline (`crate::jsonld`) lands.

use super::ProofEnv;
use crate::{Error, Result};
use serde_json::Value;

/// `SHA-256(RDFC(proof_config)) || SHA-256(RDFC(unsecured))`.
///
/// `proof_config` is the proof without `proofValue`, with the document's
/// `@context`; `unsecured` is the document without `proof`.
pub(crate) fn hash_data(
    unsecured: &Value,
    proof_config: &Value,
    env: &ProofEnv<'_>,
) -> Result<Vec<u8>> {
    let _ = (unsecured, proof_config, env);
    Err(Error::unsupported(
        "suite-not-built",
        "RDF canonicalization (eddsa-rdfc-2022, Ed25519Signature2020) is not built yet",
    ))
}
