//! Any bytes through the PNG reader: an error is fine, a panic or hang is not.
#![no_main]

use kiln_core::Limits;
use kiln_core::container::{self, png};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let direct = png::unbake(data, &limits);
    // The generic entry point agrees with the PNG reader on PNG input.
    if data.starts_with(&png::SIGNATURE) {
        let generic = container::unbake(data, &limits);
        assert_eq!(direct.is_ok(), generic.is_ok());
    }
    if let Ok(u) = direct {
        assert!(u.payload.len() <= limits.max_payload_bytes);
    }
});
