//! Verification link fragments (`#c=1` + base64url of raw DEFLATE) on any
//! bytes: no panic, never more than the limit, and a link Kiln makes reads
//! back as its payload.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = kiln_fuzz::checks::share_fragment(data) {
        panic!("{e}");
    }
});
