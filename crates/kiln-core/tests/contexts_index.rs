//! `contexts/index.json` (URL to file, read by the Node interop tests' offline
//! loader) must say exactly what the Rust side bundles, so the peers and Kiln
//! always see the same contexts.
#![cfg(all(feature = "jsonld-full", feature = "nested"))]
#![allow(clippy::unwrap_used)]

use kiln_core::jsonld::ContextStore;
use std::collections::BTreeMap;

#[test]
fn index_json_matches_the_bundled_contexts() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/contexts");
    let index: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(format!("{dir}/index.json")).unwrap())
            .unwrap();
    let store = ContextStore::bundled();
    for (url, file) in &index {
        // The bundled text is the file without its indentation (build.rs): the
        // same JSON, member for member and in the same order.
        let on_disk: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(format!("{dir}/{file}")).unwrap())
                .unwrap();
        let bundled: serde_json::Value = serde_json::from_str(store.get(url).unwrap()).unwrap();
        assert_eq!(bundled, on_disk, "{url} -> {file}");
        assert_eq!(
            bundled.to_string(),
            on_disk.to_string(),
            "{url}: members reordered"
        );
    }
    let bundled: Vec<&str> = store.urls().collect();
    for url in &bundled {
        assert!(
            index.contains_key(*url),
            "{url} is bundled but not in index.json"
        );
    }
    assert_eq!(bundled.len(), index.len());
}
