//! Status lists: the bitstrings an issuer publishes to revoke or suspend
//! credentials (W3C Bitstring Status List v1.0, and the older StatusList2021).
//!
//! A list is a run of bits, GZIP-compressed and base64url-encoded in
//! `encodedList` (with the multibase prefix `u` for Bitstring Status List).
//! Bit 0 is the most significant bit of the first byte. A credential points
//! at one bit with a `BitstringStatusListEntry` (`statusListCredential`,
//! `statusListIndex`); a set bit means revoked (or suspended).
//!
//! Decoding is bounded: a few kilobytes of GZIP can claim gigabytes, so
//! inflation stops at the caller's bound,
//! [`Limits::max_status_list_bytes`](crate::Limits::max_status_list_bytes).
//!
//! With the `sign` feature, [`new_list`] and [`set_bit`] make and update the
//! signed BitstringStatusListCredential an issuer publishes.

use crate::container::crc32;
use crate::error::{Error, Result};

/// The smallest list the Bitstring Status List specification allows (16 KiB
/// of bits, 131,072 entries), which gives holders herd privacy.
pub const MIN_LIST_BITS: usize = 131_072;

/// Why a status bit is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Purpose {
    /// Set means revoked, for good.
    Revocation,
    /// Set means suspended, for now.
    Suspension,
}

impl Purpose {
    /// `revocation` or `suspension`.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Revocation => "revocation",
            Purpose::Suspension => "suspension",
        }
    }

    /// The purpose of that name.
    pub fn from_name(name: &str) -> Result<Purpose> {
        match name {
            "revocation" => Ok(Purpose::Revocation),
            "suspension" => Ok(Purpose::Suspension),
            other => Err(Error::misuse(
                crate::code::Code::StatusPurposeUnknown,
                format!("unknown status purpose {other:?}: use revocation or suspension"),
            )),
        }
    }
}

fn malformed(message: impl Into<String>) -> Error {
    Error::malformed(crate::code::Code::StatusListMalformed, message)
}

/// Decodes an `encodedList`: optional multibase `u`, base64url (padding
/// tolerated), GZIP. The result is the bitstring's bytes, at most `max_bytes`.
pub fn decode(encoded: &str, max_bytes: usize) -> Result<Vec<u8>> {
    let text = encoded.strip_prefix('u').unwrap_or(encoded);
    let text = text.trim_end_matches('=');
    // Standard base64 instead of base64url is a common slip; read it too.
    let text: String = text
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    let gz =
        crate::base64url::decode(&text).ok_or_else(|| malformed("encodedList is not base64url"))?;
    gunzip(&gz, max_bytes)
}

/// Inflates a GZIP member (RFC 1952), refusing more than `max_bytes` of output
/// and checking the CRC-32 and length in its trailer.
pub fn gunzip(gz: &[u8], max_bytes: usize) -> Result<Vec<u8>> {
    let header = gz
        .get(..10)
        .ok_or_else(|| malformed("encodedList is too short to be GZIP"))?;
    if header[0] != 0x1f || header[1] != 0x8b {
        return Err(malformed("encodedList is not GZIP data (bad magic bytes)"));
    }
    if header[2] != 8 {
        return Err(malformed(format!(
            "encodedList uses GZIP compression method {}, not deflate (8)",
            header[2]
        )));
    }
    let flags = header[3];
    if flags & 0xe0 != 0 {
        return Err(malformed("encodedList has reserved GZIP flags set"));
    }
    let mut pos: usize = 10;
    let short = || malformed("encodedList ends inside its GZIP header");
    if flags & 0x04 != 0 {
        // FEXTRA: two-byte little-endian length, then that many bytes.
        let len = gz.get(pos..pos + 2).ok_or_else(short)?;
        let len = usize::from(u16::from_le_bytes([len[0], len[1]]));
        pos = pos.checked_add(2 + len).ok_or_else(short)?;
    }
    for flag in [0x08, 0x10] {
        // FNAME, FCOMMENT: zero-terminated.
        if flags & flag != 0 {
            let rest = gz.get(pos..).ok_or_else(short)?;
            let end = rest.iter().position(|&b| b == 0).ok_or_else(short)?;
            pos = pos.checked_add(end + 1).ok_or_else(short)?;
        }
    }
    if flags & 0x02 != 0 {
        pos = pos.checked_add(2).ok_or_else(short)?; // FHCRC
    }
    let body = gz.get(pos..).ok_or_else(short)?;
    let data =
        miniz_oxide::inflate::decompress_to_vec_with_limit(body, max_bytes).map_err(|e| {
            if e.status == miniz_oxide::inflate::TINFLStatus::HasMoreOutput {
                Error::limit(
                    crate::code::Code::StatusListTooLarge,
                    format!("the status list inflates to more than {max_bytes} bytes"),
                )
            } else {
                malformed(format!(
                    "encodedList's deflate data is corrupt ({:?})",
                    e.status
                ))
            }
        })?;
    // The trailer: CRC-32 and length (mod 2^32) of the data. Find where the
    // deflate stream ended by its length: the trailer is the last 8 bytes.
    let trailer = gz
        .len()
        .checked_sub(8)
        .and_then(|at| gz.get(at..))
        .filter(|_| gz.len() >= pos + 8)
        .ok_or_else(|| malformed("encodedList has no GZIP trailer"))?;
    let crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
    let size = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
    if crc != crc32(&data) || u64::from(size) != (data.len() as u64 & 0xffff_ffff) {
        return Err(malformed(
            "encodedList's GZIP checksum does not match its data",
        ));
    }
    Ok(data)
}

/// The bit at `index` (0 = the most significant bit of the first byte);
/// `None` past the end.
pub fn bit(list: &[u8], index: usize) -> Option<bool> {
    let byte = list.get(index / 8)?;
    Some(byte & (0x80 >> (index % 8)) != 0)
}

/// Sets or clears the bit at `index`; `false` when it is past the end.
pub fn put_bit(list: &mut [u8], index: usize, value: bool) -> bool {
    let Some(byte) = list.get_mut(index / 8) else {
        return false;
    };
    let mask = 0x80u8 >> (index % 8);
    if value {
        *byte |= mask;
    } else {
        *byte &= !mask;
    }
    true
}

/// GZIP-compresses `data` (one member, no name, mtime 0).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let deflated = miniz_oxide::deflate::compress_to_vec(data, 9);
    let mut out = Vec::with_capacity(deflated.len().saturating_add(18));
    out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 0xff]);
    out.extend_from_slice(&deflated);
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&((data.len() as u64 & 0xffff_ffff) as u32).to_le_bytes());
    out
}

/// Encodes a bitstring as Bitstring Status List's `encodedList`:
/// `u` + base64url(GZIP(bits)).
pub fn encode(list: &[u8]) -> String {
    format!("u{}", crate::base64url::encode(&gzip(list)))
}

/// The `credentialStatus` entry pointing at bit `index` of the list at `url`.
pub fn entry(url: &str, index: usize, purpose: Purpose) -> serde_json::Value {
    serde_json::json!({
        "id": format!("{url}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose.as_str(),
        "statusListIndex": index.to_string(),
        "statusListCredential": url,
    })
}

#[cfg(feature = "sign")]
pub use issue::{new_list, set_bit};

#[cfg(feature = "sign")]
mod issue {
    use super::*;
    use crate::key::KeyPair;
    use crate::proof::{self, ProofEnv, ProofOptions, Suite};
    use serde_json::{Value, json};

    const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";

    fn sign(unsigned: &Value, key: &KeyPair, created: &str, suite: Suite) -> Result<Value> {
        let options = ProofOptions {
            suite,
            verification_method: key.id.clone(),
            created: created.to_owned(),
            proof_purpose: "assertionMethod".into(),
        };
        proof::create_proof(unsigned, key, &options, &ProofEnv::default())
    }

    /// A new signed BitstringStatusListCredential (VC 2.0) with `length_bits`
    /// clear bits, published at `url` (its id), issued by the key's
    /// controller, valid from `created` (an xsd:dateTime).
    pub fn new_list(
        url: &str,
        length_bits: usize,
        purpose: Purpose,
        key: &KeyPair,
        created: &str,
        suite: Suite,
    ) -> Result<Value> {
        if length_bits == 0 || !length_bits.is_multiple_of(8) {
            return Err(Error::misuse(
                crate::code::Code::StatusListLength,
                format!(
                    "a status list length must be a positive multiple of 8 bits, not {length_bits}"
                ),
            ));
        }
        let max_bytes = crate::limits::Limits::default().max_status_list_bytes;
        if length_bits / 8 > max_bytes {
            return Err(Error::limit(
                crate::code::Code::StatusListTooLarge,
                format!(
                    "a status list of {length_bits} bits is more than verifiers accept ({} bits)",
                    max_bytes.saturating_mul(8)
                ),
            ));
        }
        crate::url::url_allowed(url, true).map_err(|why| {
            Error::misuse(
                crate::code::Code::StatusListUrl,
                format!("the status list URL {why}"),
            )
        })?;
        let bits = vec![0u8; length_bits / 8];
        let unsigned = json!({
            "@context": [VC_V2],
            "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": key.controller,
            "validFrom": created,
            "credentialSubject": {
                "id": format!("{url}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": purpose.as_str(),
                "encodedList": encode(&bits),
            },
        });
        sign(&unsigned, key, created, suite)
    }

    /// Sets (or clears) bit `index` of a BitstringStatusListCredential made by
    /// [`new_list`] and signs it again with `key`, which must be its issuer's.
    /// Returns the new credential and whether the bit was already so.
    pub fn set_bit(
        list: &Value,
        index: usize,
        value: bool,
        key: &KeyPair,
        created: &str,
        suite: Suite,
    ) -> Result<(Value, bool)> {
        let mut doc = list.clone();
        let Value::Object(map) = &mut doc else {
            return Err(malformed("the status list credential is not a JSON object"));
        };
        let issuer = match map.get("issuer") {
            Some(Value::String(s)) => Some(s.as_str()),
            Some(Value::Object(o)) => o.get("id").and_then(Value::as_str),
            _ => None,
        };
        if issuer != Some(key.controller.as_str()) {
            return Err(Error::misuse(
                crate::code::Code::StatusListWrongKey,
                format!(
                    "the status list was issued by {}, not by the key's controller {}",
                    issuer.unwrap_or("nobody"),
                    key.controller
                ),
            ));
        }
        map.remove("proof");
        let subject = map
            .get_mut("credentialSubject")
            .and_then(Value::as_object_mut)
            .ok_or_else(|| malformed("the status list credential has no credentialSubject"))?;
        let encoded = subject
            .get("encodedList")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed("the status list has no encodedList"))?;
        let mut bits = decode(
            encoded,
            crate::limits::Limits::default().max_status_list_bytes,
        )?;
        let was = bit(&bits, index).ok_or_else(|| {
            Error::misuse(
                crate::code::Code::StatusIndexOutOfRange,
                format!(
                    "index {index} is past the end of the list ({} entries)",
                    bits.len().saturating_mul(8)
                ),
            )
        })?;
        put_bit(&mut bits, index, value);
        subject.insert("encodedList".into(), Value::String(encode(&bits)));
        let signed = sign(&doc, key, created, suite)?;
        Ok((signed, was == value))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Lists published by others; which bits are set was read with Python's
    // gzip and base64 modules (see tests/fixtures/online/README.md).
    const ONEEDTECH_TESTLIST: &str =
        "uH4sIAAAAAAAA_-3BMQEAAAzDoMy_6cnoA9QFAAAAAAAAAAAAAAAAAAAAbD3uPa2cAEAAAA";
    const DCC_LIST: &str = "uH4sIAAAAAAAAA-3BMQEAAAwCoGUx6aLbwgvIHwAAAAAAAAAAAAAAwFwBZnztF9QwAAA";

    #[test]
    fn decodes_published_lists() {
        let list = decode(
            ONEEDTECH_TESTLIST,
            crate::limits::Limits::default().max_status_list_bytes,
        )
        .unwrap();
        assert_eq!(list.len() * 8, 131_072);
        let set: Vec<usize> = (0..list.len() * 8)
            .filter(|&i| bit(&list, i) == Some(true))
            .collect();
        assert_eq!(set, vec![23]);
        let list = decode(
            DCC_LIST,
            crate::limits::Limits::default().max_status_list_bytes,
        )
        .unwrap();
        assert_eq!(list.len() * 8, 100_000);
        let set: Vec<usize> = (0..list.len() * 8)
            .filter(|&i| bit(&list, i) == Some(true))
            .collect();
        assert_eq!(set, vec![2, 6, 8]);
        assert_eq!(bit(&list, 100_000), None);
    }

    #[test]
    fn round_trips() {
        let mut bits = vec![0u8; 16_384];
        assert!(put_bit(&mut bits, 0, true));
        assert!(put_bit(&mut bits, 131_071, true));
        assert!(!put_bit(&mut bits, 131_072, true));
        assert_eq!(bits[0], 0x80);
        assert_eq!(bits[16_383], 0x01);
        let enc = encode(&bits);
        assert!(enc.starts_with("uH4sI"));
        assert_eq!(
            decode(&enc, crate::limits::Limits::default().max_status_list_bytes).unwrap(),
            bits
        );
        // StatusList2021 style: no multibase prefix, padded.
        let plain = format!("{}==", &enc[1..]);
        assert_eq!(
            decode(
                &plain,
                crate::limits::Limits::default().max_status_list_bytes
            )
            .unwrap(),
            bits
        );
    }

    #[test]
    fn a_gzip_bomb_stops_at_the_limit() {
        // 64 MiB of zeros compresses to about 64 KiB.
        let zeros = vec![0u8; 64 * 1024 * 1024];
        let gz = gzip(&zeros);
        assert!(gz.len() < 100 * 1024, "{}", gz.len());
        let e = gunzip(&gz, crate::limits::Limits::default().max_status_list_bytes).unwrap_err();
        assert_eq!(e.code(), "status-list-too-large");
    }

    #[test]
    fn refuses_broken_gzip() {
        let mut gz = gzip(&[1, 2, 3, 4]);
        assert_eq!(gunzip(&gz, 100).unwrap(), vec![1, 2, 3, 4]);
        let last = gz.len() - 5;
        gz[last] ^= 1; // the stored CRC
        assert!(gunzip(&gz, 100).is_err());
        assert!(gunzip(&[0x1f, 0x8b, 8], 100).is_err());
        assert!(gunzip(b"not gzip at all", 100).is_err());
        assert!(decode("u!!!", 100).is_err());
        // Header with FNAME and FEXTRA, as other encoders write.
        let plain = gzip(&[9; 10]);
        let mut named = vec![0x1f, 0x8b, 8, 0x0c, 0, 0, 0, 0, 0, 3, 2, 0, b'x', b'y'];
        named.extend_from_slice(b"list.bin\0");
        named.extend_from_slice(&plain[10..]);
        assert_eq!(gunzip(&named, 100).unwrap(), vec![9; 10]);
    }
}
