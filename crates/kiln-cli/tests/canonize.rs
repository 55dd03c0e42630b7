//! `kiln canonize` end to end, on the W3C vc-di-eddsa and rdf-canon fixtures
//! (tests/suites/*/README.md).
#![allow(clippy::unwrap_used)] // a test helper

use crate::common;
use common::kiln;
use std::path::PathBuf;

fn suites() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/suites")
}

#[test]
fn canonize_jsonld_matches_the_spec_vector() {
    let input = suites().join("vc-di-eddsa/unsigned.json");
    let out = kiln(&["canonize", input.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected =
        std::fs::read_to_string(suites().join("vc-di-eddsa/eddsa-rdfc-2022/canonDocDataInt.txt"))
            .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn canonize_nquads_matches_the_suite() {
    let input = suites().join("rdf-canon/rdfc10/test020-in.nq");
    let out = kiln(&["canonize", input.to_str().unwrap()]);
    assert!(out.status.success());
    let expected =
        std::fs::read_to_string(suites().join("rdf-canon/rdfc10/test020-rdfc10.nq")).unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
}

#[test]
fn bad_inputs_exit_2_with_one_line() {
    let poison = suites().join("rdf-canon/rdfc10/test074-in.nq");
    let dir = std::env::temp_dir().join(format!("kiln-canonize-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.jsonld");
    std::fs::write(&broken, "{\"@context\": ").unwrap();
    let unknown = dir.join("unknown.jsonld");
    std::fs::write(
        &unknown,
        r#"{"@context": "https://example.org/ctx", "a": 1}"#,
    )
    .unwrap();
    for (path, needle) in [
        (&poison, "max_canon_work"),
        (&broken, "not valid JSON"),
        (&unknown, "https://example.org/ctx"),
    ] {
        let p = path.to_str().unwrap();
        let out = kiln(&["canonize", p]);
        assert_eq!(out.status.code(), Some(2), "{p}");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.starts_with(&format!("kiln: {p}: ")), "{err}");
        assert!(err.contains(needle), "{err}");
        assert!(out.stdout.is_empty());
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
