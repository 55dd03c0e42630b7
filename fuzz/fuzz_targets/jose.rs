//! Compact JWS parsing, JOSE header and JWK/PEM key reading on any bytes:
//! no panic, and an `alg` read back as the header names it.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = kiln_fuzz::checks::jose(data) {
        panic!("{e}");
    }
});
