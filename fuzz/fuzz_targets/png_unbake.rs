//! Any bytes through the PNG reader: an error is fine, a panic or hang is not.
//!
//! Each input is tried as given and again with every chunk CRC repaired, so
//! the fuzzer gets past the CRC check into the chunk and iTXt parsing.
#![no_main]

use kiln_core::Limits;
use kiln_core::container::{self, png};
use libfuzzer_sys::fuzz_target;

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
        let crc = png::crc32(&out[at + 4..end - 4]);
        out[end - 4..end].copy_from_slice(&crc.to_be_bytes());
        at = end;
    }
    out
}

fn check(data: &[u8], limits: &Limits) {
    let direct = png::unbake(data, limits);
    // The generic entry point agrees with the PNG reader on PNG input.
    if data.starts_with(&png::SIGNATURE) {
        let generic = container::unbake(data, limits);
        assert_eq!(direct.is_ok(), generic.is_ok());
    }
    if let Ok(u) = direct {
        assert!(u.payload.len() <= limits.max_payload_bytes);
    }
}

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    check(data, &limits);
    if data.starts_with(&png::SIGNATURE) {
        check(&repair_crcs(data), &limits);
    }
});
