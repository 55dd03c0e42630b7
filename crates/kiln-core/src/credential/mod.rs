//! Credentials: the Open Badges 3.0 model ([`ob3`]) and the JSON reading
//! rules every credential format, key file, status list and fetched document
//! shares ([`read_json`]: unique member names, bounded depth and size).

mod json;
pub mod ob3;

#[cfg(feature = "jsonld-compact")]
pub(crate) use json::number_text;
pub(crate) use json::{json_text, read_json_as};
pub use json::{read_json, to_json_string, to_json_writer};
pub use ob3::{Credential, parse};

use crate::{
    error::{Error, Result},
    limits::Limits,
};
use serde_json::Value;

/// An Open Badges `IdentityHash`: `sha256$` and the hex SHA-256 of the
/// identity followed by the salt (OB 3.0 IdentityObject, OB 2.0 recipient).
pub fn identity_hash(identity: &str, salt: &str) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    h.update(identity.as_bytes());
    h.update(salt.as_bytes());
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256${hex}")
}

/// Parses credential JSON within the limits: at most `max_payload_bytes` of
/// text, then one pass of [`read_json`] (unique member names, at most
/// `max_json_depth` levels and `max_json_nodes` values).
pub fn parse_json(text: &str, limits: &Limits) -> Result<Value> {
    if text.len() > limits.max_payload_bytes {
        return Err(Error::limit(
            crate::code::Code::CredentialTooLarge,
            format!(
                "the credential is {} bytes; at most {} are accepted",
                text.len(),
                limits.max_payload_bytes
            ),
        ));
    }
    json::read_json_as(
        text,
        limits,
        "the credential",
        crate::code::Code::CredentialJsonMalformed,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_hash_matches_sha256_of_identity_and_salt() {
        // sha256("alice@example.org" + "deadsea") computed with coreutils:
        // printf 'alice@example.orgdeadsea' | sha256sum
        assert_eq!(
            identity_hash("alice@example.org", "deadsea"),
            "sha256$c934fdacc6242be0277a284970416aa9bfa583241fb85094bc96c504ee0abd4e"
        );
    }
}
