//! A JSON document through Kiln's compact JSON-LD processor and through
//! oxjsonld: where the compact one answers for a document that passes the
//! safe-mode check, the canonical N-Quads must be the same.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = kiln_fuzz::checks::jsonld_differential(data) {
        panic!("{e}");
    }
});
