//! The JSON-LD fast path (`jsonld/fast.rs`) against the full oxjsonld path
//! on every credential in the repository's test data: the same canonical
//! N-Quads (or the same error) for the document, the document without its
//! proof and each proof configuration, and the same safe-mode verdict.
#![cfg(feature = "jsonld-full")]

use kiln_core::Limits;
use kiln_core::jsonld::{
    ContextStore, HashAlgorithm, check_safe_with, takes_fast_path, to_rdf, to_rdf_full,
};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "json") {
            out.push(p);
        }
    }
}

fn canonical(r: kiln_core::Result<kiln_core::jsonld::RdfDataset>) -> Result<String, String> {
    let limits = Limits::default();
    r.and_then(|d| d.canonicalize(HashAlgorithm::Sha256, &limits))
        .map_err(|e| e.to_string())
}

#[test]
fn fast_path_agrees_with_oxjsonld_on_every_credential() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "tests/suites",
        "tests/vectors",
        "tests/fixtures",
        "crates/kiln-core/benches/data",
    ] {
        json_files(&root.join(dir), &mut files);
    }
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let (mut docs, mut fast) = (0, 0);
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        if doc.get("@context").is_none() {
            continue;
        }
        let mut variants = vec![doc.clone()];
        if let Some(o) = doc.as_object() {
            let mut unsecured = o.clone();
            if let Some(proof) = unsecured.remove("proof") {
                let proofs = match proof {
                    Value::Array(a) => a,
                    p => vec![p],
                };
                for p in proofs {
                    if let Value::Object(mut p) = p {
                        p.remove("proofValue");
                        p.insert("@context".into(), doc["@context"].clone());
                        variants.push(Value::Object(p));
                    }
                }
            }
            variants.push(Value::Object(unsecured));
        }
        for v in &variants {
            docs += 1;
            if takes_fast_path(v, &limits) {
                fast += 1;
            }
            assert_eq!(
                canonical(to_rdf(v, &store, &limits)),
                canonical(to_rdf_full(v, None, &store, &limits)),
                "{}",
                file.display()
            );
            let with = check_safe_with(v, &store, &limits, true).map_err(|e| e.to_string());
            let without = check_safe_with(v, &store, &limits, false).map_err(|e| e.to_string());
            assert_eq!(with, without, "{}", file.display());
        }
    }
    eprintln!("{docs} documents, {fast} through the fast path");
    assert!(docs > 100, "only {docs} documents found");
    assert!(
        fast * 2 > docs,
        "only {fast} of {docs} documents took the fast path"
    );
}

/// The W3C JSON-LD toRdf inputs (inline contexts, lists, coercions, scoped
/// contexts...), read without a base IRI: wherever the fast path answers,
/// it gives the same canonical N-Quads as oxjsonld.
#[test]
fn fast_path_agrees_with_oxjsonld_on_the_jsonld_suite() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/suites/jsonld/toRdf");
    let Ok(entries) = std::fs::read_dir(&root) else {
        panic!("{} is missing", root.display());
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with("-in.jsonld"))
        .collect();
    files.sort();
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let (mut docs, mut fast) = (0, 0);
    for file in &files {
        let Ok(doc) = serde_json::from_str::<Value>(&std::fs::read_to_string(file).unwrap()) else {
            continue;
        };
        docs += 1;
        if !takes_fast_path(&doc, &limits) {
            continue;
        }
        fast += 1;
        assert_eq!(
            canonical(to_rdf(&doc, &store, &limits)),
            canonical(to_rdf_full(&doc, None, &store, &limits)),
            "{}",
            file.display()
        );
    }
    eprintln!("{docs} suite documents, {fast} through the fast path");
    assert!(
        fast >= 15,
        "only {fast} of {docs} suite documents took the fast path"
    );
}

#[test]
fn a_recipient_identity_object_takes_the_fast_path_and_agrees() {
    // The shape `kiln issue` and the issuer page make: a hashed email as an
    // IdentityObject, whose `hashed` is a JSON boolean coerced to xsd:boolean.
    let doc: Value = serde_json::from_str(
        r#"{
          "@context": ["https://www.w3.org/ns/credentials/v2",
                       "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
          "id": "urn:uuid:9f0e8a1c-4b7d-4c2e-9a3b-5d6e7f8a9b0c",
          "type": ["VerifiableCredential", "OpenBadgeCredential"],
          "name": "Robotics Level 2",
          "issuer": {"id": "did:key:z6MkhEU7AbhbsiGfvzRxtSZzrJwCJYhYoqPb2ebuTsi5TgDF", "type": ["Profile"], "name": "X"},
          "validFrom": "2026-11-28T09:00:00Z",
          "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": "Zoë Ångström",
            "identifier": [{"type": "IdentityObject", "identityHash": "sha256$00", "identityType": "emailAddress",
                            "hashed": true, "salt": "abc"}],
            "achievement": {"id": "https://example.edu/a", "type": ["Achievement"], "name": "Robotics",
                            "description": "d", "criteria": {"narrative": "n"}}
          }
        }"#,
    )
    .unwrap();
    let (store, limits) = (ContextStore::bundled(), Limits::default());
    assert!(takes_fast_path(&doc, &limits));
    let fast = canonical(to_rdf(&doc, &store, &limits)).unwrap();
    assert_eq!(
        fast,
        canonical(to_rdf_full(&doc, None, &store, &limits)).unwrap()
    );
    // OB's context coerces `hashed` to the datatype IRI it spells with https.
    assert!(
        fast.contains("\"true\"^^<https://www.w3.org/2001/XMLSchema#boolean>"),
        "{fast}"
    );
}

/// Nodes with several type-scoped contexts: a CLR's `ClrCredential` (its own
/// and `VerifiableCredential`'s) and the vc-di-eddsa `employ` vector's
/// `["Person", "EmployablePerson"]`. The compact processor applies them all,
/// in order, and gives oxjsonld's canonical form (with the rewrite that makes
/// oxjsonld apply more than one); a record of a hundred credentials stays off
/// the full processor's path, which is many times slower.
#[test]
fn nodes_with_several_scoped_types_take_the_fast_path() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let store = ContextStore::bundled();
    let limits = Limits::default();
    for file in [
        "tests/fixtures/wild/1edtech-ldp-clr-vector.json",
        "tests/vectors/vc-di-eddsa/employmentAuth.json",
        "tests/vectors/vc-di-eddsa/eddsa-rdfc-2022/employ/signedDataInt.json",
    ] {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        if let Some(o) = doc.as_object_mut() {
            o.remove("proof");
        }
        assert!(takes_fast_path(&doc, &limits), "{file}");
        let fast = canonical(to_rdf(&doc, &store, &limits)).unwrap();
        assert_eq!(
            fast,
            canonical(to_rdf_full(&doc, None, &store, &limits)).unwrap(),
            "{file}"
        );
        assert!(fast.lines().count() > 10, "{file}: {fast}");
    }
}
