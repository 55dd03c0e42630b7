//! Status list `encodedList` decoding (base64url + GZIP) on any bytes: no
//! panic, never more than the limit, and Kiln's own encoding decodes back.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = kiln_fuzz::checks::status_list(data) {
        panic!("{e}");
    }
});
