//! Any bytes as an ecdsa-sd-2023 proof value: the CBOR decoder and the
//! derived and base proof readers never panic, and what they accept writes
//! back to the same bytes (shortest-form CBOR reads one way only).
#![no_main]

use kiln_core::proof::ecdsa_sd::{self, cbor};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(item) = cbor::decode(data, "fuzz input") {
        let mut again = Vec::new();
        cbor::encode(&item, &mut again);
        assert_eq!(again, data, "CBOR did not round-trip");
    }
    for header in [ecdsa_sd::DERIVED_HEADER, ecdsa_sd::BASE_HEADER] {
        let mut bytes = header.to_vec();
        bytes.extend_from_slice(data);
        let value = format!("u{}", kiln_core::base64url::encode(&bytes));
        if let Ok(parsed) = ecdsa_sd::parse_derived(&value) {
            let written = ecdsa_sd::serialize_derived(&parsed).unwrap();
            assert_eq!(ecdsa_sd::parse_derived(&written).unwrap(), parsed);
        }
        if let Ok(parsed) = ecdsa_sd::parse_base(&value) {
            assert_eq!(ecdsa_sd::serialize_base(&parsed), value);
        }
    }
});
