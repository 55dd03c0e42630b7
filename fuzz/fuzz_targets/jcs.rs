//! Any JSON through RFC 8785 canonicalization: no panic, the output parses
//! to the same value, and canonicalizing it again changes nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = kiln_fuzz::checks::jcs(data) {
        panic!("{e}");
    }
});
