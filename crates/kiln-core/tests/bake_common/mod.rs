//! Helpers shared by the baking tests: fixtures, a plain chunk lister, and
//! the `png` crate as an independent decoder.
#![allow(dead_code)]

use std::path::PathBuf;

/// A file from `tests/fixtures/baking/`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/baking")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A fixture as text.
pub fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

/// The CRC-32 of PNG chunks, computed bit by bit (no table), for building test files.
pub fn crc(bytes: &[u8]) -> u32 {
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

/// A complete chunk: length, type, data, CRC.
pub fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut covered = kind.to_vec();
    covered.extend_from_slice(data);
    out.extend_from_slice(&crc(&covered).to_be_bytes());
    out
}

pub const SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A PNG from its signature and chunks.
pub fn png_of(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = SIGNATURE.to_vec();
    for c in chunks {
        out.extend_from_slice(c);
    }
    out
}

/// The data of an iTXt chunk.
pub fn itxt_data(keyword: &str, compressed: bool, text: &[u8]) -> Vec<u8> {
    let mut d = keyword.as_bytes().to_vec();
    d.extend_from_slice(&[0, u8::from(compressed), 0, 0, 0]);
    d.extend_from_slice(text);
    d
}

/// The chunks of a PNG as (type, whole chunk bytes), read plainly (test code).
pub fn chunks(png: &[u8]) -> Vec<([u8; 4], Vec<u8>)> {
    assert_eq!(&png[..8], SIGNATURE);
    let mut at = 8;
    let mut out = Vec::new();
    while at < png.len() {
        let len = u32::from_be_bytes(png[at..at + 4].try_into().unwrap()) as usize;
        let kind: [u8; 4] = png[at + 4..at + 8].try_into().unwrap();
        out.push((kind, png[at..at + 12 + len].to_vec()));
        at += 12 + len;
    }
    out
}

/// Whether a whole chunk is a baked badge chunk (iTXt openbadgecredential/openbadges, tEXt openbadges).
pub fn is_baked(kind: &[u8; 4], whole: &[u8]) -> bool {
    let data = &whole[8..whole.len() - 4];
    (kind == b"iTXt"
        && (data.starts_with(b"openbadgecredential\0") || data.starts_with(b"openbadges\0")))
        || (kind == b"tEXt" && data.starts_with(b"openbadges\0"))
}

/// What the `png` crate reads from a PNG (it checks every CRC): the pixels and
/// the text chunks as (keyword, text, compressed).
pub struct Decoded {
    pub pixels: Vec<u8>,
    pub itxt: Vec<(String, String, bool, String, String)>,
    pub text: Vec<(String, String)>,
}

pub fn decode(bytes: &[u8]) -> Decoded {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("png crate reads the image");
    let mut pixels = vec![0; reader.output_buffer_size()];
    reader
        .next_frame(&mut pixels)
        .expect("png crate decodes the pixels");
    reader.finish().expect("png crate reads to IEND");
    let info = reader.info();
    Decoded {
        pixels,
        itxt: info
            .utf8_text
            .iter()
            .map(|c| {
                (
                    c.keyword.clone(),
                    c.get_text().unwrap(),
                    c.compressed,
                    c.language_tag.clone(),
                    c.translated_keyword.clone(),
                )
            })
            .collect(),
        text: info
            .uncompressed_latin1_text
            .iter()
            .map(|c| (c.keyword.clone(), c.text.clone()))
            .collect(),
    }
}

/// The text of the iTXt chunk with `keyword`, read by the `png` crate.
pub fn png_crate_itxt(bytes: &[u8], keyword: &str) -> String {
    let found: Vec<_> = decode(bytes)
        .itxt
        .into_iter()
        .filter(|t| t.0 == keyword)
        .collect();
    assert_eq!(found.len(), 1, "one iTXt {keyword}");
    found[0].1.clone()
}

/// A small RGBA PNG written by the `png` crate, with extra chunks before and after IDAT.
pub fn encoded_png(before_idat: &[(&[u8; 4], &[u8])], after_idat: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, 4, 3);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        let mut w = enc.write_header().unwrap();
        for (k, d) in before_idat {
            w.write_chunk(png::chunk::ChunkType(**k), d).unwrap();
        }
        let pixels: Vec<u8> = (0..4 * 3 * 4).map(|i| (i * 37 % 251) as u8).collect();
        w.write_image_data(&pixels).unwrap();
        for (k, d) in after_idat {
            w.write_chunk(png::chunk::ChunkType(**k), d).unwrap();
        }
        w.finish().unwrap();
    }
    out
}

/// The compact JWS baked into the 1EdTech simple-jwt.png sample, read by the `png` crate.
pub fn sample_vc_jwt() -> String {
    png_crate_itxt(
        &fixture("ob3-1edtech-simple-jwt.png"),
        "openbadgecredential",
    )
}

/// The 1EdTech OB 3.0 JSON credential, without surrounding whitespace.
pub fn sample_ob3_json() -> String {
    fixture_text("ob3-1edtech-simple.json").trim().to_owned()
}
