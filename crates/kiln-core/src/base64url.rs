//! Unpadded base64url (RFC 4648 §5), as JOSE, JWK and Bitstring Status Lists use it.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Encodes without padding.
pub fn encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3).saturating_mul(4));
    for chunk in bytes.chunks(3) {
        let b = [
            chunk.first().copied().unwrap_or(0),
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            let idx = ((n >> (18 - 6 * i)) & 63) as usize;
            out.push(char::from(ALPHABET[idx]));
        }
    }
    out
}

/// The 6-bit value of one base64url character.
fn value(b: u8) -> Option<u32> {
    match b {
        b'A'..=b'Z' => Some(u32::from(b - b'A')),
        b'a'..=b'z' => Some(u32::from(b - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(b - b'0') + 52),
        b'-' => Some(62),
        b'_' => Some(63),
        _ => None,
    }
}

/// Decodes unpadded base64url, strictly as RFC 4648 §5 and RFC 7515 §2 ask;
/// `None` for anything else. Refused: padding (`=`), any character outside
/// the base64url alphabet (`+`, `/`, whitespace, line breaks), a length that
/// leaves a single character in the last group, and non-canonical trailing
/// bits (unused low bits of the last character that are not zero), so one
/// byte string has exactly one accepted encoding.
///
/// Every base64url text Kiln reads goes through this function: JWS
/// segments, JWK members, status lists (after their own tolerances are
/// applied) and PEM bodies (standard base64 mapped onto this alphabet).
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len() / 4 * 3 + 2);
    for group in bytes.chunks(4) {
        let mut acc: u32 = 0;
        for &b in group {
            acc = (acc << 6) | value(b)?;
        }
        match group.len() {
            4 => out.extend_from_slice(&[(acc >> 16) as u8, (acc >> 8) as u8, acc as u8]),
            // 18 bits carry 16: the low 2 must be zero.
            3 if acc & 0b11 == 0 => out.extend_from_slice(&[(acc >> 10) as u8, (acc >> 2) as u8]),
            // 12 bits carry 8: the low 4 must be zero.
            2 if acc & 0b1111 == 0 => out.push((acc >> 4) as u8),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_4648_test_vectors_without_padding() {
        // RFC 4648 §10, with the padding removed.
        for (raw, enc) in [
            ("", ""),
            ("f", "Zg"),
            ("fo", "Zm8"),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg"),
            ("fooba", "Zm9vYmE"),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(encode(raw.as_bytes()), enc);
            assert_eq!(decode(enc).unwrap(), raw.as_bytes());
        }
        assert_eq!(encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(decode("-_8").unwrap(), [0xfb, 0xff]);
        assert!(decode("a").is_none());
        assert!(decode("a+==").is_none());
        assert!(decode("Zm9v=").is_none());
    }

    #[test]
    fn refuses_what_rfc_4648_section_5_does_not_allow() {
        for (bad, why) in [
            ("Zg==", "padding"),
            ("Zm8=", "padding"),
            ("Z", "a single character in the last group"),
            ("Zm9vY", "a single character in the last group"),
            ("Zm9v+", "standard base64's +"),
            ("Zm9/", "standard base64's /"),
            ("Zm 9v", "whitespace"),
            ("Zm9v\n", "a line break"),
            ("Zh", "non-zero unused bits after one byte"),
            ("Zm9", "non-zero unused bits after two bytes"),
            ("Zm_", "non-zero unused bits after two bytes"),
        ] {
            assert!(decode(bad).is_none(), "{bad:?} ({why}) was accepted");
        }
        // The canonical spellings of the same bytes are accepted.
        assert_eq!(decode("Zg").unwrap(), b"f");
        assert_eq!(decode("Zm8").unwrap(), b"fo");
    }
}
