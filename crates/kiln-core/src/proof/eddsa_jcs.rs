//! The `eddsa-jcs-2022` transform and hash (W3C vc-di-eddsa, section 3.3).

use crate::{error::Result, jcs};
use serde_json::Value;
use sha2::{Digest as _, Sha256};

/// `SHA-256(JCS(proof_config)) || SHA-256(JCS(unsecured))`: the 64 bytes an
/// `eddsa-jcs-2022` proof signs.
///
/// `proof_config` is the proof without `proofValue` (carrying the
/// `@context` it was made with); `unsecured` is the document without
/// `proof`, with that same `@context`.
pub fn hash_data(unsecured: &Value, proof_config: &Value) -> Result<Vec<u8>> {
    let config = jcs::canonicalize(proof_config)?;
    let doc = jcs::canonicalize(unsecured)?;
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&Sha256::digest(config.as_bytes()));
    out.extend_from_slice(&Sha256::digest(doc.as_bytes()));
    Ok(out)
}
