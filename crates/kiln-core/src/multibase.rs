//! Multibase (base58btc only, the `z` prefix) and the multicodec prefixes of
//! Ed25519 keys, as used by Multikey, `did:key` and Data Integrity proofs.

use crate::{
    error::{Error, Result},
    limits::Limits,
};

/// Multicodec `ed25519-pub` (0xed) as an unsigned varint.
pub const ED25519_PUB: [u8; 2] = [0xed, 0x01];
/// Multicodec `ed25519-priv` (0x1300) as an unsigned varint.
pub const ED25519_PRIV: [u8; 2] = [0x80, 0x26];
/// Multicodec `p256-pub` (0x1200) as an unsigned varint; a compressed SEC1 point follows.
#[cfg(any(feature = "ecdsa", feature = "es256"))]
pub const P256_PUB: [u8; 2] = [0x80, 0x24];
/// Multicodec `p384-pub` (0x1201) as an unsigned varint; a compressed SEC1 point follows.
#[cfg(feature = "ecdsa")]
pub const P384_PUB: [u8; 2] = [0x81, 0x24];
/// Multicodec `secp256k1-pub` (0xe7) as an unsigned varint; a compressed SEC1 point follows.
#[cfg(feature = "es256k")]
pub const SECP256K1_PUB: [u8; 2] = [0xe7, 0x01];
/// Multicodec `p256-priv` (0x1306) as an unsigned varint; the 32-byte scalar follows.
#[cfg(feature = "ecdsa")]
pub const P256_PRIV: [u8; 2] = [0x86, 0x26];
/// Multicodec `p384-priv` (0x1307) as an unsigned varint; the 48-byte scalar follows.
#[cfg(feature = "ecdsa")]
pub const P384_PRIV: [u8; 2] = [0x87, 0x26];

/// `z` followed by the base58btc (Bitcoin alphabet) encoding of `bytes`.
pub fn encode_base58btc(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().saturating_mul(2).saturating_add(1));
    out.push('z');
    out.push_str(&bs58::encode(bytes).into_string());
    out
}

/// Decodes a base58btc multibase string (`z...`). `what` names the value in
/// errors ("proofValue", "publicKeyMultibase", ...).
pub fn decode_base58btc(s: &str, what: &str) -> Result<Vec<u8>> {
    let Some(body) = s.strip_prefix('z') else {
        let shown: String = s.chars().take(12).collect();
        return Err(Error::malformed(
            crate::code::Code::MultibaseNotBase58btc,
            format!("{what} must be base58btc multibase starting with 'z', found {shown:?}"),
        ));
    };
    if body.len() > Limits::MAX_MULTIBASE_CHARS {
        return Err(Error::limit(
            crate::code::Code::MultibaseTooLong,
            format!(
                "{what} is {} characters long; at most {} are accepted",
                body.len(),
                Limits::MAX_MULTIBASE_CHARS
            ),
        ));
    }
    bs58::decode(body).into_vec().map_err(|e| {
        Error::malformed(
            crate::code::Code::MultibaseBadBase58,
            format!("{what} is not valid base58btc: {e}"),
        )
    })
}

/// Decodes a multibase Multikey value whose multicodec prefix must be `prefix`
/// and whose key is 32 bytes.
pub(crate) fn decode_key32(
    s: &str,
    prefix: [u8; 2],
    what: &str,
) -> Result<zeroize::Zeroizing<[u8; 32]>> {
    let bytes = zeroize::Zeroizing::new(decode_base58btc(s, what)?);
    let Some(rest) = bytes.strip_prefix(&prefix[..]) else {
        let head: Vec<String> = bytes.iter().take(2).map(|b| format!("{b:#04x}")).collect();
        return Err(Error::unsupported(
            crate::code::Code::KeyTypeUnsupported,
            format!(
                "{what} has multicodec prefix [{}], expected [{:#04x}, {:#04x}] (Ed25519)",
                head.join(", "),
                prefix[0],
                prefix[1]
            ),
        ));
    };
    let mut out = zeroize::Zeroizing::new([0u8; 32]);
    if rest.len() != 32 {
        return Err(Error::malformed(
            crate::code::Code::KeyBadLength,
            format!("{what} holds a {}-byte key, expected 32", rest.len()),
        ));
    }
    out.copy_from_slice(rest);
    Ok(out)
}

/// Decodes a multibase Multikey value into its two-byte multicodec prefix
/// and the key bytes after it (wiped when dropped: they may be a secret).
pub(crate) fn decode_prefixed(
    s: &str,
    what: &str,
) -> Result<([u8; 2], zeroize::Zeroizing<Vec<u8>>)> {
    let bytes = zeroize::Zeroizing::new(decode_base58btc(s, what)?);
    match (bytes.first(), bytes.get(1), bytes.get(2..)) {
        (Some(&a), Some(&b), Some(rest)) => Ok(([a, b], zeroize::Zeroizing::new(rest.to_vec()))),
        _ => Err(Error::malformed(
            crate::code::Code::KeyBadLength,
            format!("{what} is too short to hold a multicodec prefix and a key"),
        )),
    }
}

/// `z` + base58btc(prefix || key).
pub(crate) fn encode_key(prefix: [u8; 2], key: &[u8]) -> String {
    let mut buf = zeroize::Zeroizing::new(Vec::with_capacity(key.len().saturating_add(2)));
    buf.extend_from_slice(&prefix);
    buf.extend_from_slice(key);
    encode_base58btc(&buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base58btc_known_values() {
        // draft-msporny-base58 test vectors.
        assert_eq!(encode_base58btc(b"Hello World!"), "z2NEpo7TZRRrLZSi2U");
        assert_eq!(
            encode_base58btc(b"The quick brown fox jumps over the lazy dog."),
            "zUSm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z"
        );
        assert_eq!(
            encode_base58btc(&[0, 0, 0x28, 0x7f, 0xb4, 0xcd]),
            "z11233QC4"
        );
        assert_eq!(
            decode_base58btc("z11233QC4", "t").unwrap(),
            vec![0, 0, 0x28, 0x7f, 0xb4, 0xcd]
        );
    }

    #[test]
    fn round_trip() {
        let bytes: Vec<u8> = (0u8..=255).collect();
        assert_eq!(
            decode_base58btc(&encode_base58btc(&bytes), "t").unwrap(),
            bytes
        );
        assert_eq!(decode_base58btc("z", "t").unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn rejects_other_bases_and_bad_characters() {
        let e = decode_base58btc("uAAAA", "proofValue").unwrap_err();
        assert_eq!(e.code(), "multibase-not-base58btc");
        assert!(e.to_string().contains("proofValue"));
        // 0, O, I and l are not in the alphabet.
        assert_eq!(
            decode_base58btc("z0OIl", "t").unwrap_err().code(),
            "multibase-bad-base58"
        );
        let long = format!("z{}", "2".repeat(Limits::MAX_MULTIBASE_CHARS + 1));
        assert_eq!(
            decode_base58btc(&long, "t").unwrap_err().code(),
            "multibase-too-long"
        );
    }

    #[test]
    fn key_prefix_checked() {
        let pk = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        let key = decode_key32(pk, ED25519_PUB, "k").unwrap();
        assert_eq!(encode_key(ED25519_PUB, &key[..]), pk);
        assert_eq!(
            decode_key32(pk, ED25519_PRIV, "k").unwrap_err().code(),
            "key-type-unsupported"
        );
        let short = encode_key(ED25519_PUB, &[1, 2, 3]);
        assert_eq!(
            decode_key32(&short, ED25519_PUB, "k").unwrap_err().code(),
            "key-bad-length"
        );
    }
}
