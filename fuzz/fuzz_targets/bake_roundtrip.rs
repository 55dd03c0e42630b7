//! Bake fuzzed payloads into fixed badges, and a fixed payload into fuzzed
//! images. Whenever baking succeeds, unbaking the result must give the
//! payload back exactly, and baking the same payload again must change nothing.
#![no_main]

use kiln_core::Limits;
use kiln_core::container::{self, BakeOptions};
use libfuzzer_sys::fuzz_target;

/// A 1x1 grey PNG: IHDR, IDAT, IEND.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00,
    0x02, 0x00, 0x01, 0x48, 0xaf, 0xa4, 0x71, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];
const SVG: &[u8] = b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" a=\"x>y\"><rect/></svg>\n";
const OB3: &str = "{\"type\":[\"VerifiableCredential\"],\"name\":\"a]]>\\r\\n\u{e9}\"}";
const OB2: &str = "https://example.org/assertions/1?a=1&b=<2>";

/// A copy of `data` with the CRC of every whole chunk recomputed.
fn repair_crcs(data: &[u8]) -> Vec<u8> {
    let mut out = data.to_vec();
    let mut at = 8usize;
    while let Some(len) = out
        .get(at..at + 4)
        .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    {
        let Some(end) = at
            .checked_add(12)
            .and_then(|e| e.checked_add(len))
            .filter(|&e| e <= out.len())
        else {
            break;
        };
        let crc = kiln_core::container::png::crc32(&out[at + 4..end - 4]);
        out[end - 4..end].copy_from_slice(&crc.to_be_bytes());
        at = end;
    }
    out
}

fn check(image: &[u8], payload: &str, options: &BakeOptions) {
    let limits = Limits::default();
    if let Ok(baked) = container::bake(image, payload, options, &limits) {
        let unbaked = match container::unbake(&baked, &limits) {
            Ok(u) => u,
            Err(e) => panic!("baked output does not unbake: {e}"),
        };
        assert_eq!(unbaked.payload, payload.trim());
        let again = container::bake(&baked, payload, options, &limits);
        assert_eq!(
            again.ok().as_deref(),
            Some(baked.as_slice()),
            "re-baking the same payload changes the image"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let options = BakeOptions { ob2: mode & 1 == 1 };
    match (mode >> 1) % 3 {
        0 => {
            if let Ok(payload) = std::str::from_utf8(rest) {
                check(PNG, payload, &options);
                check(SVG, payload, &options);
            }
        }
        1 => {
            let payload = if options.ob2 { OB2 } else { OB3 };
            check(rest, payload, &options);
        }
        _ => {
            // A fuzzed PNG body behind a valid signature, every chunk CRC repaired.
            let payload = if options.ob2 { OB2 } else { OB3 };
            let mut image = PNG[..8].to_vec();
            image.extend_from_slice(rest);
            check(&repair_crcs(&image), payload, &options);
        }
    }
});
