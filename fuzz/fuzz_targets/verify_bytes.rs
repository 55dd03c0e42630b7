//! Any bytes through the whole verification (`verify_to_report` at a fixed
//! clock): never a panic, and never `verified` unless the proof check passed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = kiln_fuzz::checks::verify_bytes(data) {
        panic!("{e}");
    }
});
