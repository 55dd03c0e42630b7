//! The W3C JSON-LD 1.1 toRdf tests that apply to Kiln offline
//! (tests/suites/jsonld, see its README): Kiln's `to_rdf` (oxjsonld plus
//! Kiln's work-arounds) against the expected N-Quads, both sides
//! canonicalized with RDFC-1.0. Prints the pass rate and fails when it
//! drops below the measured floor.
#![cfg(feature = "jsonld-full")]
#![allow(clippy::panic, clippy::unwrap_used)] // test helpers report broken fixtures by panicking

use kiln_core::Limits;
use kiln_core::jsonld::canon::{canonicalize_quads, parse_nquads};
use kiln_core::jsonld::{ContextStore, HashAlgorithm, to_rdf_with_base};
use serde_json::Value;
use std::path::PathBuf;

/// Passing tests measured when this floor was set; see the README for the failures.
const PASS_FLOOR: usize = 435;

fn suite_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/suites/jsonld")
}

/// Why a test does not apply to Kiln, if it does not.
pub fn skip_reason(test: &Value) -> Option<&'static str> {
    let option = test.get("option").cloned().unwrap_or(Value::Null);
    let opt = |k: &str| option.get(k).and_then(Value::as_str);
    if opt("specVersion") == Some("json-ld-1.0") {
        return Some("JSON-LD 1.0 only");
    }
    if opt("processingMode") == Some("json-ld-1.0") {
        return Some("Kiln processes JSON-LD 1.1 only");
    }
    if option.get("produceGeneralizedRdf").is_some() {
        return Some("generalized RDF is not RDF");
    }
    if option.get("rdfDirection").is_some() {
        return Some("rdfDirection is non-normative and unused by credentials");
    }
    if option.get("expandContext").is_some() {
        return Some("Kiln never passes an expandContext");
    }
    None
}

fn files_under(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn canonical(nquads: &str) -> Result<String, String> {
    let limits = Limits::default();
    let quads = parse_nquads(nquads, &limits).map_err(|e| e.to_string())?;
    canonicalize_quads(&quads, HashAlgorithm::Sha256, &limits)
        .map(|c| c.nquads)
        .map_err(|e| e.to_string())
}

#[test]
fn jsonld_to_rdf_suite() {
    let dir = suite_dir();
    let manifest: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("toRdf-manifest.jsonld")).unwrap())
            .unwrap();
    let base_iri = manifest["baseIri"].as_str().unwrap();
    // Every JSON document beside the tests is a "remote" context or document a test may load.
    let mut extra = Vec::new();
    for folder in ["toRdf", "expand"] {
        for path in files_under(&dir.join(folder)) {
            let name = path
                .strip_prefix(dir.join(folder))
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned();
            if name.ends_with(".jsonld") || name.ends_with(".json") {
                let text = std::fs::read_to_string(&path).unwrap();
                if serde_json::from_str::<Value>(&text)
                    .map(|v| v.get("@context").is_some())
                    .unwrap_or(false)
                {
                    extra.push((format!("{base_iri}{folder}/{name}"), text));
                }
            }
        }
    }
    let store = ContextStore::with_extra(&extra).unwrap();
    let limits = Limits::default();

    let (mut run, mut passed, mut skipped) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    for test in manifest["sequence"].as_array().unwrap() {
        let id = test["@id"].as_str().unwrap();
        if skip_reason(test).is_some() {
            skipped += 1;
            continue;
        }
        let input = test["input"].as_str().unwrap();
        let path = dir.join(input);
        let Ok(text) = std::fs::read_to_string(&path) else {
            panic!("{id}: {input} missing from the copied suite");
        };
        run += 1;
        let base = test["option"]["base"]
            .as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| format!("{base_iri}{input}"));
        let result = serde_json::from_str::<Value>(&text)
            .map_err(|e| e.to_string())
            .and_then(|doc| {
                to_rdf_with_base(&doc, Some(&base), &store, &limits).map_err(|e| e.to_string())
            });
        let types: Vec<&str> = test["@type"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_str)
            .collect();
        let outcome: Result<(), String> = if types.contains(&"jld:NegativeEvaluationTest") {
            match result {
                Err(_) => Ok(()),
                Ok(_) => Err(format!("expected error {}", test["expectErrorCode"])),
            }
        } else if types.contains(&"jld:PositiveSyntaxTest") {
            result.map(|_| ())
        } else {
            let expected =
                std::fs::read_to_string(dir.join(test["expect"].as_str().unwrap())).unwrap();
            result.and_then(|ds| {
                let got = canonical(&ds.to_nquads())?;
                let want = canonical(&expected)?;
                if got == want {
                    Ok(())
                } else {
                    Err(format!("got\n{got}expected\n{want}"))
                }
            })
        };
        match outcome {
            Ok(()) => passed += 1,
            Err(e) => {
                let detail = if std::env::var_os("KILN_SUITE_VERBOSE").is_some() {
                    e.as_str()
                } else {
                    e.lines().next().unwrap_or("")
                };
                failures.push(format!(
                    "{id} ({}): {detail}",
                    test["name"].as_str().unwrap_or("")
                ));
            }
        }
    }
    let rate = if run == 0 {
        0.0
    } else {
        passed as f64 * 100.0 / run as f64
    };
    println!("JSON-LD toRdf: {passed}/{run} passed ({rate:.1}%), {skipped} not applicable");
    for f in &failures {
        println!("  FAIL {f}");
    }
    assert!(
        passed >= PASS_FLOOR,
        "{passed} passed, below the floor of {PASS_FLOOR}"
    );
}
