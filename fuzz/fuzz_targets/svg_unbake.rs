//! Any bytes through the SVG reader (and the sniffer): an error is fine, a
//! panic or hang is not.
#![no_main]

use kiln_core::Limits;
use kiln_core::container::{self, ContainerKind, svg};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut limits = Limits::default();
    limits.max_svg_nodes = 10_000;
    let sniffed = container::sniff(data);
    let result = svg::unbake(data, &limits);
    if result.is_ok() {
        assert_eq!(sniffed, Some(ContainerKind::Svg));
        assert!(container::unbake(data, &limits).is_ok());
    }
});
