//! Credentials: the Open Badges 3.0 model ([`ob3`]) and the JSON reading
//! rules every credential format, key file, status list and fetched document
//! shares ([`read_json`]: unique member names, bounded depth and size).

mod json;
pub mod ob3;

pub use json::read_json;
pub(crate) use json::read_json_as;
pub use ob3::{Credential, parse};

use crate::{Error, Limits, Result};
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
            crate::Code::CredentialTooLarge,
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
        crate::Code::CredentialJsonMalformed,
    )
}

/// Checks that JSON text nests no deeper than `max_depth` arrays/objects,
/// scanning the bytes (strings are skipped, escapes honoured) before a
/// recursive parser sees them. Invalid JSON is left for the parser to report.
pub fn check_json_depth(text: &[u8], max_depth: usize) -> Result<()> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (offset, &b) in text.iter().enumerate() {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth = depth.saturating_add(1);
                if depth > max_depth {
                    return Err(Error::limit(
                        crate::Code::JsonTooDeep,
                        format!(
                            "JSON nests deeper than {max_depth} levels (the limit, max_json_depth) at byte {offset}"
                        ),
                    ));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
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

    #[test]
    fn depth_counted_outside_strings() {
        assert!(check_json_depth(b"[[[1]]]", 3).is_ok());
        let e = check_json_depth(b"[[[1]]]", 2).unwrap_err();
        assert_eq!(e.code(), "json-too-deep");
        assert!(e.to_string().contains("byte 2"));
        assert!(check_json_depth(br#"{"a":"[[[[{{{{\"[[["}"#, 1).is_ok());
        assert!(check_json_depth(br#"{"a":"\\"}"#, 1).is_ok());
        assert!(check_json_depth(br#"{"a":"\\",  "b":[[]]}"#, 2).is_err());
        let deep = "[".repeat(100_000);
        assert!(check_json_depth(deep.as_bytes(), 64).is_err());
    }
}
