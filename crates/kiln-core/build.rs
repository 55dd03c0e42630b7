//! Writes each bundled JSON-LD context in `contexts/` to `OUT_DIR/contexts/`
//! without its insignificant whitespace, as `src/jsonld/contexts.rs` includes
//! them: the published documents are indented, and the indentation would cost
//! the browser's verifier module about a quarter of the contexts' bytes.

// A build script that cannot read or write its files stops the build, saying why.
#![allow(clippy::expect_used)]

use std::{env, fs, path::Path};

// The same compaction as the verification links' (src/share.rs). The contexts are
// checked to parse as JSON by a unit test of `jsonld::contexts`.
#[path = "src/json_compact.rs"]
mod json_compact;

fn main() {
    let out = Path::new(&env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("contexts");
    fs::create_dir_all(&out).expect("OUT_DIR is writable");
    println!("cargo:rerun-if-changed=contexts");
    println!("cargo:rerun-if-changed=src/json_compact.rs");
    let mut entries: Vec<_> = fs::read_dir("contexts")
        .expect("the contexts folder is in the crate")
        .map(|e| e.expect("a readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    entries.sort();
    for path in entries {
        let text = fs::read_to_string(&path).expect("a bundled context is UTF-8 text");
        let name = path.file_name().expect("a file name");
        fs::write(out.join(name), json_compact::compact_json(&text)).expect("OUT_DIR is writable");
    }
}
