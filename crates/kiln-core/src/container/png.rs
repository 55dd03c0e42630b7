//! Baked PNG badges: the `iTXt` chunk, spliced in without touching any
//! other byte.
//!
//! Open Badges 3.0 bakes one `iTXt` chunk with keyword `openbadgecredential`,
//! no compression, empty language tag and translated keyword; Open Badges 2.0
//! uses the keyword `openbadges`. Reading also accepts the legacy `tEXt`
//! `openbadges` chunk and compressed `iTXt` chunks (inflated with an output
//! cap). Every chunk's length is checked against the file and the limits
//! before it is used, and every CRC is checked.

use super::{BakeOptions, ContainerKind, Unbaked, check_payload, finish_unbake};
use crate::{
    error::{Error, Result},
    limits::Limits,
};
use std::sync::OnceLock;

/// The 8 bytes every PNG starts with.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
/// The `iTXt` keyword of an Open Badges 3.0 credential.
pub const KEYWORD_OB3: &str = "openbadgecredential";
/// The `iTXt`/`tEXt` keyword of an Open Badges 2.0 assertion.
pub const KEYWORD_OB2: &str = "openbadges";

/// Largest chunk length the PNG specification allows (2^31 - 1).
const MAX_PNG_LENGTH: usize = 0x7fff_ffff;

/// One chunk of a PNG file, by position.
#[derive(Debug, Clone, Copy)]
struct Chunk<'a> {
    /// Offset of the chunk's length field in the file.
    start: usize,
    /// Offset just past its CRC.
    end: usize,
    kind: [u8; 4],
    data: &'a [u8],
}

impl Chunk<'_> {
    fn name(&self) -> String {
        String::from_utf8_lossy(&self.kind).into_owned()
    }
}

/// A baked chunk found in the file.
#[derive(Debug, Clone, Copy)]
struct Baked<'a> {
    chunk: Chunk<'a>,
    compressed: bool,
    latin1: bool,
    /// Offset of the text inside `chunk.data`.
    text_at: usize,
}

/// The checked layout of a PNG: its chunks up to and including `IEND`.
fn walk<'a>(bytes: &'a [u8], limits: &Limits) -> Result<Vec<Chunk<'a>>> {
    if !bytes.starts_with(&SIGNATURE) {
        return Err(Error::malformed(
            crate::code::Code::PngSignature,
            "the file does not start with the PNG signature",
        ));
    }
    let mut chunks = Vec::new();
    let mut at = SIGNATURE.len();
    loop {
        if at == bytes.len() {
            return Err(Error::malformed(
                crate::code::Code::PngNoIend,
                format!("the PNG ends at byte {at} without an IEND chunk (truncated?)"),
            ));
        }
        let header = bytes.get(at..at.saturating_add(8)).ok_or_else(|| {
            Error::malformed(
                crate::code::Code::PngTruncated,
                format!(
                    "the PNG ends at byte {} inside a chunk header, before its IEND chunk",
                    bytes.len()
                ),
            )
        })?;
        let length = usize::try_from(u32::from_be_bytes([
            header[0], header[1], header[2], header[3],
        ]))
        .unwrap_or(usize::MAX);
        let kind = [header[4], header[5], header[6], header[7]];
        let name = String::from_utf8_lossy(&kind).into_owned();
        if !kind.iter().all(u8::is_ascii_alphabetic) {
            return Err(Error::malformed(
                crate::code::Code::PngChunkType,
                format!("the chunk at byte {at} has an invalid type {:?}", name),
            ));
        }
        if length > MAX_PNG_LENGTH {
            return Err(Error::malformed(
                crate::code::Code::PngChunkLength,
                format!(
                    "chunk {name} at byte {at} claims {length} bytes, more than PNG allows (2^31-1)"
                ),
            ));
        }
        if length > limits.max_chunk_bytes {
            return Err(Error::limit(
                crate::code::Code::PngChunkTooLarge,
                format!(
                    "chunk {name} at byte {at} claims {length} bytes, more than the limit of {} bytes",
                    limits.max_chunk_bytes
                ),
            ));
        }
        let data_start = at + 8;
        let end = data_start
            .checked_add(length)
            .and_then(|e| e.checked_add(4))
            .unwrap_or(usize::MAX);
        if end > bytes.len() {
            return Err(Error::malformed(
                crate::code::Code::PngTruncated,
                format!(
                    "chunk {name} at byte {at} claims {length} bytes but the file ends {} bytes later",
                    bytes.len().saturating_sub(data_start)
                ),
            ));
        }
        let data = &bytes[data_start..data_start + length];
        let stored = &bytes[data_start + length..end];
        let stored = u32::from_be_bytes([stored[0], stored[1], stored[2], stored[3]]);
        let computed = crc32_update(crc32_update(0xffff_ffff, &kind), data) ^ 0xffff_ffff;
        if stored != computed {
            return Err(Error::malformed(
                crate::code::Code::PngBadCrc,
                format!(
                    "chunk {name} at byte {at} has a bad CRC (stored {stored:08x}, computed {computed:08x})"
                ),
            ));
        }
        let chunk = Chunk {
            start: at,
            end,
            kind,
            data,
        };
        if chunks.is_empty() && &kind != b"IHDR" {
            return Err(Error::malformed(
                crate::code::Code::PngNoIhdr,
                format!("the first chunk is {name}, not IHDR"),
            ));
        }
        chunks.push(chunk);
        if &kind == b"IEND" {
            return Ok(chunks);
        }
        at = end;
    }
}

/// The text chunk's keyword when it is a baked badge, with where the text starts.
fn as_baked<'a>(chunk: Chunk<'a>) -> Result<Option<Baked<'a>>> {
    let is_itxt = &chunk.kind == b"iTXt";
    if !is_itxt && &chunk.kind != b"tEXt" {
        return Ok(None);
    }
    let Some(nul) = chunk.data.iter().position(|&b| b == 0) else {
        return Ok(None);
    };
    let keyword = &chunk.data[..nul];
    let wanted = if is_itxt {
        keyword == KEYWORD_OB3.as_bytes() || keyword == KEYWORD_OB2.as_bytes()
    } else {
        keyword == KEYWORD_OB2.as_bytes()
    };
    if !wanted {
        return Ok(None);
    }
    if !is_itxt {
        return Ok(Some(Baked {
            chunk,
            compressed: false,
            latin1: true,
            text_at: nul + 1,
        }));
    }
    let where_ = || {
        format!(
            "the iTXt chunk {:?} at byte {}",
            String::from_utf8_lossy(keyword),
            chunk.start
        )
    };
    let flags = chunk.data.get(nul + 1..nul + 3).ok_or_else(|| {
        Error::malformed(
            crate::code::Code::PngItxt,
            format!("{} ends before its compression flag", where_()),
        )
    })?;
    let compressed = match (flags[0], flags[1]) {
        (0, _) => false,
        (1, 0) => true,
        (1, m) => {
            return Err(Error::unsupported(
                crate::code::Code::PngItxt,
                format!("{} uses unknown compression method {m}", where_()),
            ));
        }
        (f, _) => {
            return Err(Error::malformed(
                crate::code::Code::PngItxt,
                format!("{} has compression flag {f}", where_()),
            ));
        }
    };
    let mut at = nul + 3;
    for field in ["language tag", "translated keyword"] {
        let len = chunk
            .data
            .get(at..)
            .and_then(|rest| rest.iter().position(|&b| b == 0))
            .ok_or_else(|| {
                Error::malformed(
                    crate::code::Code::PngItxt,
                    format!("{} has no end to its {field}", where_()),
                )
            })?;
        at += len + 1;
    }
    Ok(Some(Baked {
        chunk,
        compressed,
        latin1: false,
        text_at: at,
    }))
}

/// All baked chunks in the file.
fn baked_chunks<'a>(chunks: &[Chunk<'a>]) -> Result<Vec<Baked<'a>>> {
    let mut found = Vec::new();
    for chunk in chunks {
        if let Some(b) = as_baked(*chunk)? {
            found.push(b);
        }
    }
    Ok(found)
}

fn ambiguous(found: &[Baked<'_>]) -> Error {
    let places: Vec<String> = found
        .iter()
        .map(|b| format!("{} at byte {}", b.chunk.name(), b.chunk.start))
        .collect();
    Error::malformed(
        crate::code::Code::AmbiguousBadge,
        format!(
            "the PNG holds {} baked badge chunks ({}); which one counts is ambiguous",
            found.len(),
            places.join(", ")
        ),
    )
}

/// Reads the baked payload of a PNG badge.
pub fn unbake(image: &[u8], limits: &Limits) -> Result<Unbaked> {
    super::check_image_size(image, limits)?;
    let chunks = walk(image, limits)?;
    let found = baked_chunks(&chunks)?;
    let baked = match found.as_slice() {
        [] => {
            return Err(Error::malformed(
                crate::code::Code::NoBadge,
                "no credential is baked into this PNG",
            ));
        }
        [one] => *one,
        _ => return Err(ambiguous(&found)),
    };
    let raw = baked.chunk.data.get(baked.text_at..).unwrap_or_default();
    let where_ = format!(
        "the {} chunk at byte {}",
        baked.chunk.name(),
        baked.chunk.start
    );
    let text = if baked.latin1 {
        if raw.len() > limits.max_payload_bytes {
            return Err(payload_too_large(raw.len(), limits));
        }
        raw.iter().map(|&b| char::from(b)).collect()
    } else {
        let inflated;
        let bytes = if baked.compressed {
            inflated = miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(
                raw,
                limits.max_payload_bytes,
            )
            .map_err(|e| match e.status {
                miniz_oxide::inflate::TINFLStatus::HasMoreOutput => Error::limit(
                    crate::code::Code::PayloadTooLarge,
                    format!(
                        "{where_} inflates to more than the limit of {} bytes",
                        limits.max_payload_bytes
                    ),
                ),
                status => Error::malformed(
                    crate::code::Code::PngItxtZlib,
                    format!("{where_} has broken compressed text ({status:?})"),
                ),
            })?;
            inflated.as_slice()
        } else {
            raw
        };
        if bytes.len() > limits.max_payload_bytes {
            return Err(payload_too_large(bytes.len(), limits));
        }
        std::str::from_utf8(bytes)
            .map_err(|e| {
                Error::malformed(
                    crate::code::Code::PngItxtUtf8,
                    format!(
                        "{where_} is not UTF-8 text (bad byte at text offset {})",
                        e.valid_up_to()
                    ),
                )
            })?
            .to_owned()
    };
    finish_unbake(ContainerKind::Png, text, limits)
}

fn payload_too_large(len: usize, limits: &Limits) -> Error {
    Error::limit(
        crate::code::Code::PayloadTooLarge,
        format!(
            "the baked payload is {len} bytes, more than the limit of {} bytes",
            limits.max_payload_bytes
        ),
    )
}

/// Builds a complete chunk (length, type, data, CRC).
fn make_chunk(kind: &[u8; 4], data: &[u8]) -> Result<Vec<u8>> {
    let length = u32::try_from(data.len())
        .ok()
        .filter(|&l| l as usize <= MAX_PNG_LENGTH)
        .ok_or_else(|| {
            Error::limit(
                crate::code::Code::PngChunkTooLarge,
                "the baked chunk would exceed the PNG chunk size",
            )
        })?;
    let mut out = Vec::with_capacity(data.len() + 12);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let crc = crc32_update(crc32_update(0xffff_ffff, kind), data) ^ 0xffff_ffff;
    out.extend_from_slice(&crc.to_be_bytes());
    Ok(out)
}

/// The uncompressed `iTXt` chunk carrying `text` under `keyword`.
fn itxt_chunk(keyword: &str, text: &str) -> Result<Vec<u8>> {
    let mut data = Vec::with_capacity(keyword.len() + 5 + text.len());
    data.extend_from_slice(keyword.as_bytes());
    // NUL, compression flag 0, method 0, empty language tag, empty translated keyword.
    data.extend_from_slice(&[0, 0, 0, 0, 0]);
    data.extend_from_slice(text.as_bytes());
    make_chunk(b"iTXt", &data)
}

/// Bakes `payload` into a PNG: replaces the baked chunk where it stands, or
/// inserts one just before `IEND`. Every other byte is copied unchanged.
pub fn bake(
    image: &[u8],
    payload: &str,
    options: &BakeOptions,
    limits: &Limits,
) -> Result<Vec<u8>> {
    super::check_image_size(image, limits)?;
    let (payload, _) = check_payload(payload, options, limits)?;
    let chunks = walk(image, limits)?;
    let found = baked_chunks(&chunks)?;
    let (cut_start, cut_end) = match (found.as_slice(), chunks.last()) {
        ([], Some(iend)) => (iend.start, iend.start),
        ([one], _) => (one.chunk.start, one.chunk.end),
        ([], None) => {
            return Err(Error::malformed(
                crate::code::Code::PngNoIend,
                "the PNG has no IEND chunk",
            ));
        }
        _ => return Err(ambiguous(&found)),
    };
    let keyword = if options.ob2 {
        KEYWORD_OB2
    } else {
        KEYWORD_OB3
    };
    let chunk = itxt_chunk(keyword, payload)?;
    let mut out = Vec::with_capacity(image.len() - (cut_end - cut_start) + chunk.len());
    out.extend_from_slice(&image[..cut_start]);
    out.extend_from_slice(&chunk);
    out.extend_from_slice(&image[cut_end..]);
    Ok(out)
}

/// The CRC-32 (ISO 3309 / PNG) lookup tables for slicing by 8: table 0 is
/// the classic byte table, table k advances a byte through k more zero bytes.
/// Computed once per process rather than at compile time: 8 KB of tables
/// would otherwise sit in the browser modules, where they hardly compress.
fn crc_tables() -> &'static [[u32; 256]; 8] {
    static TABLES: OnceLock<[[u32; 256]; 8]> = OnceLock::new();
    TABLES.get_or_init(build_crc_tables)
}

fn build_crc_tables() -> [[u32; 256]; 8] {
    let mut tables = [[0u32; 256]; 8];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 == 1 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        tables[0][n] = c;
        n += 1;
    }
    let mut t = 1;
    while t < 8 {
        let mut n = 0;
        while n < 256 {
            let prev = tables[t - 1][n];
            tables[t][n] = (prev >> 8) ^ tables[0][(prev & 0xff) as usize];
            n += 1;
        }
        t += 1;
    }
    tables
}

/// Feeds `bytes` into a running CRC-32 (start with `0xffffffff`, finish by
/// xor with `0xffffffff`), eight bytes at a time.
fn crc32_update(mut crc: u32, bytes: &[u8]) -> u32 {
    let t = crc_tables();
    let mut blocks = bytes.chunks_exact(8);
    for b in &mut blocks {
        let one = crc ^ u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        let two = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
        crc = t[7][(one & 0xff) as usize]
            ^ t[6][((one >> 8) & 0xff) as usize]
            ^ t[5][((one >> 16) & 0xff) as usize]
            ^ t[4][(one >> 24) as usize]
            ^ t[3][(two & 0xff) as usize]
            ^ t[2][((two >> 8) & 0xff) as usize]
            ^ t[1][((two >> 16) & 0xff) as usize]
            ^ t[0][(two >> 24) as usize];
    }
    for &b in blocks.remainder() {
        crc = t[0][((crc ^ u32::from(b)) & 0xff) as usize] ^ (crc >> 8);
    }
    crc
}

/// The CRC-32 of `bytes`, as stored at the end of a PNG chunk (over type and data).
pub fn crc32(bytes: &[u8]) -> u32 {
    crc32_update(0xffff_ffff, bytes) ^ 0xffff_ffff
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_known_values() {
        // The check value of CRC-32/ISO-HDLC, and the CRC of an IEND chunk.
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
    }

    #[test]
    fn sliced_crc_equals_bitwise_crc() {
        fn bitwise(bytes: &[u8]) -> u32 {
            let mut c = 0xffff_ffffu32;
            for &b in bytes {
                c ^= u32::from(b);
                for _ in 0..8 {
                    c = if c & 1 == 1 {
                        (c >> 1) ^ 0xedb8_8320
                    } else {
                        c >> 1
                    };
                }
            }
            !c
        }
        let data: Vec<u8> = (0u32..1000)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 999, 1000] {
            assert_eq!(crc32(&data[..len]), bitwise(&data[..len]), "length {len}");
            // Fed in two pieces at an odd split, as the walker does (type, then data).
            let split = len / 3;
            let piecewise =
                crc32_update(crc32_update(0xffff_ffff, &data[..split]), &data[split..len])
                    ^ 0xffff_ffff;
            assert_eq!(piecewise, bitwise(&data[..len]));
        }
    }

    fn tiny_png(extra: &[Vec<u8>]) -> Vec<u8> {
        let mut out = SIGNATURE.to_vec();
        out.extend(make_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]).unwrap());
        for c in extra {
            out.extend_from_slice(c);
        }
        out.extend(
            make_chunk(
                b"IDAT",
                &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
            )
            .unwrap(),
        );
        out.extend(make_chunk(b"IEND", &[]).unwrap());
        out
    }

    #[test]
    fn walks_and_bakes() {
        let png = tiny_png(&[]);
        let l = Limits::default();
        assert_eq!(walk(&png, &l).unwrap().len(), 3);
        assert_eq!(unbake(&png, &l).unwrap_err().code(), "no-badge");
        let baked = bake(
            &png,
            "https://example.org/a",
            &BakeOptions { ob2: true },
            &l,
        )
        .unwrap();
        let u = unbake(&baked, &l).unwrap();
        assert_eq!(u.payload, "https://example.org/a");
        assert_eq!(
            baked.len(),
            png.len() + 12 + "openbadges".len() + 5 + "https://example.org/a".len()
        );
    }

    #[test]
    fn refuses_bad_lengths() {
        let mut png = tiny_png(&[]);
        png[8..12].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
        assert_eq!(
            walk(&png, &Limits::default()).unwrap_err().code(),
            "png-chunk-length"
        );
        png[8..12].copy_from_slice(&0x0100_0000u32.to_be_bytes());
        assert_eq!(
            walk(&png, &Limits::default()).unwrap_err().code(),
            "png-truncated"
        );
    }

    #[test]
    fn itxt_fields() {
        let l = Limits::default();
        let short = make_chunk(b"iTXt", b"openbadges\0").unwrap();
        assert_eq!(
            unbake(&tiny_png(&[short]), &l).unwrap_err().code(),
            "png-itxt"
        );
        let bad_utf8 = make_chunk(b"iTXt", b"openbadges\0\0\0\0\0http://a\xff").unwrap();
        assert_eq!(
            unbake(&tiny_png(&[bad_utf8]), &l).unwrap_err().code(),
            "png-itxt-utf8"
        );
        let other = make_chunk(b"iTXt", b"Comment\0\0\0\0\0hello").unwrap();
        assert_eq!(
            unbake(&tiny_png(&[other]), &l).unwrap_err().code(),
            "no-badge"
        );
    }
}
