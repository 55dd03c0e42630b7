//! The CBOR (RFC 8949) that `ecdsa-sd-2023` proof values carry, and nothing
//! more: unsigned integers, byte and text strings, arrays and maps, with
//! definite lengths only. No tags (the suite forbids them inside the components),
//! no text, no floats, no indefinite lengths.
//!
//! The decoder is strict and bounded: nesting deeper than
//! [`Limits::MAX_CBOR_DEPTH`], more than [`Limits::MAX_CBOR_ITEMS`] items in all, a length past the end of the input
//! or bytes left over after the value are each an error naming the byte
//! offset. It never panics, whatever the bytes (see the tests).

use crate::error::{Error, Result};
use crate::limits::Limits;

const MAX_DEPTH: usize = Limits::MAX_CBOR_DEPTH;
const MAX_ITEMS: usize = Limits::MAX_CBOR_ITEMS;

/// A decoded CBOR item of the shapes the suite uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// Major type 0.
    Uint(u64),
    /// Major type 2.
    Bytes(Vec<u8>),
    /// Major type 3 (UTF-8; the base proof's mandatory pointers).
    Text(String),
    /// Major type 4.
    Array(Vec<Item>),
    /// Major type 5, entries in the order they were written.
    Map(Vec<(Item, Item)>),
}

fn malformed(what: &str, offset: usize, why: impl std::fmt::Display) -> Error {
    Error::malformed(
        crate::code::Code::EcdsaSdCbor,
        format!("the {what}'s CBOR at byte {offset}: {why}"),
    )
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    items: usize,
    what: &'a str,
}

impl Reader<'_> {
    fn byte(&mut self) -> Result<u8> {
        let b = self
            .bytes
            .get(self.pos)
            .copied()
            .ok_or_else(|| malformed(self.what, self.pos, "the data ends too early"))?;
        self.pos = self.pos.saturating_add(1);
        Ok(b)
    }

    fn take(&mut self, n: u64) -> Result<&[u8]> {
        let start = self.pos;
        let end = usize::try_from(n)
            .ok()
            .and_then(|n| start.checked_add(n))
            .filter(|&end| end <= self.bytes.len())
            .ok_or_else(|| {
                malformed(
                    self.what,
                    start,
                    format!(
                        "a length of {n} runs past the end of the data ({} bytes left)",
                        self.bytes.len().saturating_sub(start)
                    ),
                )
            })?;
        self.pos = end;
        self.bytes
            .get(start..end)
            .ok_or_else(|| malformed(self.what, start, "the data ends too early"))
    }

    /// The argument of a head whose additional information is `info`;
    /// only the shortest encoding is accepted (deterministic CBOR).
    fn argument(&mut self, info: u8, at: usize) -> Result<u64> {
        let (n, min) = match info {
            0..=23 => return Ok(u64::from(info)),
            24 => (1, 24),
            25 => (2, 0x100),
            26 => (4, 0x1_0000),
            27 => (8, 0x1_0000_0000),
            31 => {
                return Err(malformed(
                    self.what,
                    at,
                    "indefinite lengths are not accepted",
                ));
            }
            _ => {
                return Err(malformed(
                    self.what,
                    at,
                    format!("reserved additional information {info}"),
                ));
            }
        };
        let mut v: u64 = 0;
        for _ in 0..n {
            v = (v << 8) | u64::from(self.byte()?);
        }
        if v < min {
            return Err(malformed(
                self.what,
                at,
                "a number is not in its shortest form",
            ));
        }
        Ok(v)
    }

    fn count(&mut self, n: u64, at: usize) -> Result<()> {
        self.items = usize::try_from(n)
            .ok()
            .and_then(|n| self.items.checked_add(n))
            .filter(|&total| total <= MAX_ITEMS)
            .ok_or_else(|| {
                Error::limit(
                    crate::code::Code::EcdsaSdTooLarge,
                    format!(
                        "the {}'s CBOR at byte {at}: more than {MAX_ITEMS} items",
                        self.what
                    ),
                )
            })?;
        Ok(())
    }

    fn item(&mut self, depth: usize) -> Result<Item> {
        let at = self.pos;
        let head = self.byte()?;
        let major = head >> 5;
        let arg = self.argument(head & 0x1f, at)?;
        self.count(1, at)?;
        match major {
            0 => Ok(Item::Uint(arg)),
            2 => Ok(Item::Bytes(self.take(arg)?.to_vec())),
            4 | 5 => {
                if depth >= MAX_DEPTH {
                    return Err(Error::limit(
                        crate::code::Code::EcdsaSdTooLarge,
                        format!(
                            "the {}'s CBOR at byte {at}: nested deeper than {MAX_DEPTH}",
                            self.what
                        ),
                    ));
                }
                // Each entry needs at least one byte: a count beyond what is
                // left cannot be honest, and must not reserve memory.
                let left = self.bytes.len().saturating_sub(self.pos);
                let per = if major == 4 { 1 } else { 2 };
                if arg > (left / per) as u64 {
                    return Err(malformed(
                        self.what,
                        at,
                        format!("a count of {arg} entries is more than the bytes left ({left})"),
                    ));
                }
                let n = usize::try_from(arg).unwrap_or(usize::MAX);
                // Each entry is counted as it is read; reserve little up front.
                let reserve = n.min(1024);
                if major == 4 {
                    let mut items = Vec::with_capacity(reserve);
                    for _ in 0..n {
                        items.push(self.item(depth.saturating_add(1))?);
                    }
                    Ok(Item::Array(items))
                } else {
                    let mut entries = Vec::with_capacity(reserve);
                    for _ in 0..n {
                        let k = self.item(depth.saturating_add(1))?;
                        let v = self.item(depth.saturating_add(1))?;
                        entries.push((k, v));
                    }
                    Ok(Item::Map(entries))
                }
            }
            1 => Err(malformed(
                self.what,
                at,
                "negative integers are not used here",
            )),
            3 => {
                let bytes = self.take(arg)?.to_vec();
                String::from_utf8(bytes)
                    .map(Item::Text)
                    .map_err(|_| malformed(self.what, at, "a text string is not UTF-8"))
            }
            6 => Err(malformed(self.what, at, "tags are not allowed here")),
            _ => Err(malformed(
                self.what,
                at,
                "floats and simple values are not used here",
            )),
        }
    }
}

/// Decodes exactly one item filling all of `bytes`. `what` names the value
/// in errors ("derived proof value").
pub fn decode(bytes: &[u8], what: &str) -> Result<Item> {
    let mut r = Reader {
        bytes,
        pos: 0,
        items: 0,
        what,
    };
    let item = r.item(0)?;
    if r.pos != bytes.len() {
        return Err(malformed(
            what,
            r.pos,
            format!(
                "{} bytes follow the value",
                bytes.len().saturating_sub(r.pos)
            ),
        ));
    }
    Ok(item)
}

fn head(out: &mut Vec<u8>, major: u8, n: u64) {
    let m = major << 5;
    if n < 24 {
        out.push(m | n as u8);
    } else if n <= 0xff {
        out.extend_from_slice(&[m | 24, n as u8]);
    } else if n <= 0xffff {
        out.push(m | 25);
        out.extend_from_slice(&(n as u16).to_be_bytes());
    } else if n <= 0xffff_ffff {
        out.push(m | 26);
        out.extend_from_slice(&(n as u32).to_be_bytes());
    } else {
        out.push(m | 27);
        out.extend_from_slice(&n.to_be_bytes());
    }
}

/// Encodes `item` in the shortest form (what [`decode`] reads back).
pub fn encode(item: &Item, out: &mut Vec<u8>) {
    match item {
        Item::Uint(n) => head(out, 0, *n),
        Item::Bytes(b) => {
            head(out, 2, b.len() as u64);
            out.extend_from_slice(b);
        }
        Item::Text(t) => {
            head(out, 3, t.len() as u64);
            out.extend_from_slice(t.as_bytes());
        }
        Item::Array(items) => {
            head(out, 4, items.len() as u64);
            for i in items {
                encode(i, out);
            }
        }
        Item::Map(entries) => {
            head(out, 5, entries.len() as u64);
            for (k, v) in entries {
                encode(k, out);
                encode(v, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Item {
        Item::Array(vec![
            Item::Bytes(vec![7; 64]),
            Item::Bytes(vec![1; 35]),
            Item::Array(vec![Item::Bytes(vec![2; 64]), Item::Bytes(vec![3; 64])]),
            Item::Map(vec![(Item::Uint(0), Item::Bytes(vec![4; 32]))]),
            Item::Array(vec![Item::Uint(0), Item::Uint(300), Item::Uint(70_000)]),
        ])
    }

    #[test]
    fn round_trip() {
        let mut bytes = Vec::new();
        encode(&sample(), &mut bytes);
        assert_eq!(decode(&bytes, "test").unwrap(), sample());
        // Heads: an array of 5, a 64-byte string with a one-byte length.
        assert_eq!(&bytes[..3], &[0x85, 0x58, 64]);
    }

    #[test]
    fn every_truncation_is_an_error() {
        let mut bytes = Vec::new();
        encode(&sample(), &mut bytes);
        for end in 0..bytes.len() {
            let e = decode(&bytes[..end], "test").unwrap_err();
            assert_eq!(e.code(), "ecdsa-sd-cbor", "{end}: {e}");
            assert!(e.to_string().contains("at byte"), "{e}");
        }
    }

    #[test]
    fn strictness() {
        let bad: &[(&[u8], &str)] = &[
            (&[0x9f, 0xff], "indefinite"),
            (&[0x18, 0x05], "shortest"),
            (&[0x19, 0x00, 0x10], "shortest"),
            (&[0xc2, 0x40], "tags"),
            (&[0x61, 0xff], "UTF-8"),
            (&[0x20], "negative"),
            (&[0xf5], "floats"),
            (&[0x1c], "reserved"),
            (&[0x00, 0x00], "follow"),
            (&[0x9a, 0xff, 0xff, 0xff, 0xff], "bytes left"),
            (
                &[0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                "past the end",
            ),
        ];
        for (bytes, want) in bad {
            let e = decode(bytes, "test").unwrap_err();
            assert!(e.to_string().contains(want), "{bytes:x?}: {e}");
        }
        // Nesting beyond the bound.
        let deep = [0x81u8; 10];
        let mut deep = deep.to_vec();
        deep.push(0x00);
        assert_eq!(
            decode(&deep, "test").unwrap_err().code(),
            "ecdsa-sd-too-large"
        );
    }

    #[test]
    fn item_count_is_bounded() {
        // An array of MAX_ITEMS + 1 zeros: every byte is there, but the
        // count is beyond the bound.
        let n = MAX_ITEMS + 1;
        let mut bytes = vec![0x9a];
        bytes.extend_from_slice(&u32::try_from(n).unwrap().to_be_bytes());
        bytes.resize(bytes.len() + n, 0);
        let e = decode(&bytes, "test").unwrap_err();
        assert_eq!(e.code(), "ecdsa-sd-too-large", "{e}");
        assert!(e.to_string().contains("more than"), "{e}");
        // MAX_ITEMS - 1 of them (the array itself counts) is accepted.
        let n = MAX_ITEMS - 1;
        let mut bytes = vec![0x9a];
        bytes.extend_from_slice(&u32::try_from(n).unwrap().to_be_bytes());
        bytes.resize(bytes.len() + n, 0);
        assert!(decode(&bytes, "test").is_ok());
    }

    /// A small xorshift generator: the same "random" inputs on every run.
    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    #[test]
    fn random_and_mutated_inputs_never_panic() {
        let mut good = Vec::new();
        encode(&sample(), &mut good);
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..20_000 {
            let bytes: Vec<u8> = if round % 2 == 0 {
                let len = (xorshift(&mut state) % 64) as usize;
                (0..len).map(|_| xorshift(&mut state) as u8).collect()
            } else {
                let mut b = good.clone();
                for _ in 0..1 + xorshift(&mut state) % 4 {
                    let i = (xorshift(&mut state) as usize) % b.len();
                    b[i] = xorshift(&mut state) as u8;
                }
                b
            };
            let _ = decode(&bytes, "test");
        }
    }
}
