//! Any text through Kiln's one reader of untrusted JSON, differentially
//! against serde_json: an error is fine, a panic or hang is not. When Kiln
//! reads a value, serde_json reads the same one; when serde_json reads a
//! value Kiln refuses, the refusal is one of Kiln's own rules (a duplicate
//! member, too deep, too many values).
#![no_main]

use kiln_core::Limits;
use kiln_core::credential::read_json;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut limits = Limits::default();
    limits.max_json_nodes = 1_000;
    limits.max_json_depth = 16;
    let ours = read_json(text, &limits, "the input");
    let theirs = serde_json::from_str::<serde_json::Value>(text);
    match (ours, theirs) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Ok(_), Err(e)) => panic!("Kiln read what serde_json refuses: {e}"),
        (Err(e), Ok(_)) => assert!(
            matches!(
                e.code(),
                "json-duplicate-member" | "json-too-deep" | "json-too-many-nodes"
            ),
            "{e}"
        ),
        (Err(_), Err(_)) => {}
    }
});
