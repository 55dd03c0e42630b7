//! Helpers shared by the crate's whole-crate tests: PNG decoding and the
//! comparison with reference images.

// Test code: a failed expectation is a failed test; not every test file uses
// every helper.
#![allow(clippy::expect_used, dead_code)]

use std::path::PathBuf;

pub fn reference_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("reference")
}

pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub rgba: Vec<u8>,
}

/// Decodes with the png crate (0.17, independent of the encoder's 0.18).
pub fn decode(bytes: &[u8]) -> Decoded {
    let decoder = png::Decoder::new(bytes);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    assert_eq!(info.bit_depth, png::BitDepth::Eight);
    buf.truncate(info.buffer_size());
    Decoded {
        width: info.width,
        height: info.height,
        rgba: buf,
    }
}

/// How many pixels differ by more than a few levels in some channel (the
/// measure of [`assert_close`]).
pub fn differing_pixels(got: &Decoded, want: &Decoded) -> usize {
    assert_eq!((got.width, got.height), (want.width, want.height), "size");
    got.rgba
        .chunks_exact(4)
        .zip(want.rgba.chunks_exact(4))
        .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 8))
        .count()
}

/// Pixels must match; a channel may differ by a few levels on a handful of
/// pixels (anti-aliasing on another CPU's float path).
pub fn assert_close(name: &str, got: &Decoded, want: &Decoded) {
    assert_eq!(
        (got.width, got.height),
        (want.width, want.height),
        "{name}: size"
    );
    let mut off = 0usize;
    let mut worst = 0u8;
    for (a, b) in got.rgba.chunks_exact(4).zip(want.rgba.chunks_exact(4)) {
        let d = a
            .iter()
            .zip(b)
            .map(|(x, y)| x.abs_diff(*y))
            .max()
            .unwrap_or(0);
        worst = worst.max(d);
        if d > 8 {
            off += 1;
        }
    }
    let pixels = (got.width * got.height) as usize;
    assert!(
        off * 1000 <= pixels,
        "{name}: {off} of {pixels} pixels differ from the reference (worst channel difference {worst}); \
         if the change is intended, regenerate with KILN_MAKE_REF=1 and look at the images"
    );
}

/// A design tool's export under `tests/exported/`.
pub fn exported(stem: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("exported")
        .join(format!("{stem}.svg"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A test font under `tests/fonts/`.
pub fn font(file: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fonts")
        .join(file);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}
