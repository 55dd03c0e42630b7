//! Replays every file under `fuzz/regressions/<target>/` (the seeds and any
//! crash the fuzzers found) through the same check the fuzz target runs
//! (`fuzz/src/checks.rs`), so that `cargo test` keeps them fixed.
//!
//! An input in [`KNOWN_OPEN`] is a bug found and not yet fixed: its check
//! must still fail (the entry says how), and the test fails once it passes,
//! so that the entry is removed with the fix and the input guards it.
#![cfg(feature = "jsonld-full")]

#[path = "../../../fuzz/src/checks.rs"]
mod checks;

use std::path::Path;

/// Inputs whose bug is known and open: (target, file name, the bug).
const KNOWN_OPEN: &[(&str, &str, &str)] = &[];

/// Every input of `target` through `check`: a description of each failure.
fn replay(target: &str, check: fn(&[u8]) -> checks::Found) -> Result<(), String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("no inputs in {}", dir.display()));
    }
    let mut failures = Vec::new();
    for file in &files {
        let data = std::fs::read(file).map_err(|e| format!("{}: {e}", file.display()))?;
        let name = file.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let open = KNOWN_OPEN
            .iter()
            .find(|(t, n, _)| *t == target && *n == name);
        match (check(&data), open) {
            (Err(e), None) => failures.push(format!("{}: {e}", file.display())),
            (Ok(()), Some((_, _, bug))) => failures.push(format!(
                "{} passes now: remove it from KNOWN_OPEN (it was: {bug})",
                file.display()
            )),
            (Err(e), Some(_)) => eprintln!("known open bug, {}: {e}", file.display()),
            (Ok(()), None) => {}
        }
    }
    if failures.is_empty() {
        Ok(())
    } else {
        Err(failures.join("\n\n"))
    }
}

#[test]
fn verify_bytes_regressions() {
    if let Err(e) = replay("verify_bytes", checks::verify_bytes) {
        panic!("{e}");
    }
}

#[test]
fn jsonld_differential_regressions() {
    if let Err(e) = replay("jsonld_differential", checks::jsonld_differential) {
        panic!("{e}");
    }
}

#[test]
fn svg_dtd_regressions() {
    if let Err(e) = replay("svg_dtd", checks::svg_dtd) {
        panic!("{e}");
    }
}

#[test]
fn jcs_regressions() {
    if let Err(e) = replay("jcs", checks::jcs) {
        panic!("{e}");
    }
}

#[test]
fn jose_regressions() {
    if let Err(e) = replay("jose", checks::jose) {
        panic!("{e}");
    }
}

#[test]
fn status_list_regressions() {
    if let Err(e) = replay("status_list", checks::status_list) {
        panic!("{e}");
    }
}

/// The seeds of the pre-existing container targets must at least read
/// through the whole verification without a panic.
#[test]
fn container_seeds_verify_without_panic() {
    for target in ["png_unbake", "svg_unbake", "bake_roundtrip"] {
        if let Err(e) = replay(target, checks::verify_bytes) {
            panic!("{e}");
        }
    }
}

#[test]
fn share_fragment_regressions() {
    if let Err(e) = replay("share_fragment", checks::share_fragment) {
        panic!("{e}");
    }
}
