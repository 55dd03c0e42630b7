//! SVG badges with XML declarations, comments, PIs and DOCTYPEs (internal
//! subsets with entity declarations, entity bombs, external entities),
//! generated from the fuzz bytes, through `container::unbake`: no entity is
//! ever expanded, a plain DOCTYPE is accepted, no panic, no hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = kiln_fuzz::checks::svg_dtd(data) {
        panic!("{e}");
    }
});
