//! The JSON-LD fast path (`jsonld/fast.rs`) against the full oxjsonld path
//! on every credential in the repository's test data: the same canonical
//! N-Quads (or the same error) for the document, the document without its
//! proof and each proof configuration, and the same safe-mode verdict.
#![cfg(feature = "jsonld-full")]

use kiln_core::Limits;
use kiln_core::jsonld::{
    ContextStore, HashAlgorithm, check_faithful, check_faithful_by_three_expansions,
    check_proof_faithful, check_safe, check_safe_faithful, check_safe_with,
    proof_faithful_expanded, takes_fast_path, to_rdf, to_rdf_full,
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

/// Every JSON-LD document (a JSON file with an `@context`) of the
/// repository's test data, with its path.
fn json_ld_documents() -> Vec<(PathBuf, Value)> {
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
    files
        .into_iter()
        .filter_map(|file| {
            let doc = serde_json::from_str::<Value>(&std::fs::read_to_string(&file).ok()?).ok()?;
            doc.get("@context").is_some().then_some((file, doc))
        })
        .collect()
}

fn canonical(r: kiln_core::Result<kiln_core::jsonld::RdfDataset>) -> Result<String, String> {
    let limits = Limits::default();
    r.and_then(|d| d.canonicalize(HashAlgorithm::Sha256, &limits))
        .map_err(|e| e.to_string())
}

#[test]
fn fast_path_agrees_with_oxjsonld_on_every_credential() {
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let (mut docs, mut fast) = (0, 0);
    for (file, doc) in &json_ld_documents() {
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

/// The signed-view check (`jsonld::view`) makes one expansion, with where
/// each statement came from, for a document within the compact processor,
/// and three (the document, the view and the probe) beyond it: both must
/// give the same verdict, and the same error, on every credential of the test
/// data and on every rewriting of it that keeps its dataset but changes what
/// the JSON shows (the attack cases), and on the view check's own traps.
#[test]
fn one_expansion_view_check_agrees_with_three_on_every_credential() {
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let code = |r: kiln_core::Result<()>| r.map_err(|e| e.code().as_str().to_owned());
    // Counted apart: the documents as they are, and the rewritings.
    let (mut docs, mut traced, mut refused) = ([0usize; 2], [0usize; 2], [0usize; 2]);
    let mut proof_configs = 0;
    let mut proof_datasets = 0;
    let mut aliases = 0;
    for (file, doc) in &json_ld_documents() {
        if !doc.is_object() {
            continue;
        }
        let variants = with_attacks(doc);
        let original_faithful = check_faithful(doc, &store, &limits).is_ok();
        for (how, v) in within_compact_rewrites(doc) {
            let one = check_faithful(&v, &store, &limits);
            let three = check_faithful_by_three_expansions(&v, false, &store, &limits);
            assert_eq!(code(one.clone()), code(three), "{} ({how})", file.display());
            let mut unsecured = v.clone();
            if let Some(o) = unsecured.as_object_mut() {
                o.remove("proof");
            }
            if original_faithful && takes_fast_path(&unsecured, &limits) {
                aliases += 1;
                assert!(one.is_err(), "{} ({how}) was not refused", file.display());
            }
        }
        for (i, (how, v)) in variants.iter().enumerate() {
            let kind = usize::from(i > 0);
            docs[kind] += 1;
            let mut unsecured = v.clone();
            if let Some(o) = unsecured.as_object_mut() {
                o.remove("proof");
            }
            if takes_fast_path(&unsecured, &limits) {
                traced[kind] += 1;
            }
            let one = check_faithful(v, &store, &limits);
            let three = check_faithful_by_three_expansions(v, false, &store, &limits);
            if one.is_err() {
                refused[kind] += 1;
            }
            assert_eq!(code(one), code(three), "{} ({how})", file.display());
        }
        // Each proof's options, with the document's context, as an RDF suite hashes them.
        let proofs = match doc.get("proof") {
            Some(Value::Array(a)) => a.clone(),
            Some(p) => vec![p.clone()],
            None => Vec::new(),
        };
        for p in proofs {
            if let Value::Object(mut p) = p {
                p.remove("proofValue");
                p.insert("@context".into(), doc["@context"].clone());
                let config = Value::Object(p);
                proof_configs += 1;
                // By one expansion, the same verdict, and the options' dataset.
                let one = proof_faithful_expanded(&config, &store, &limits);
                assert_eq!(
                    code(one.as_ref().map(drop).map_err(Clone::clone)),
                    code(check_proof_faithful(&config, &store, &limits)),
                    "{} (its proof's options, by one expansion)",
                    file.display()
                );
                if let Ok(Some(dataset)) = one {
                    proof_datasets += 1;
                    assert_eq!(
                        dataset
                            .canonicalize(HashAlgorithm::Sha256, &limits)
                            .map_err(|e| e.to_string()),
                        canonical(to_rdf(&config, &store, &limits)),
                        "{} (its proof's options' dataset)",
                        file.display()
                    );
                }
                assert_eq!(
                    code(check_proof_faithful(&config, &store, &limits)),
                    code(check_faithful_by_three_expansions(
                        &config, true, &store, &limits
                    )),
                    "{} (its proof's options)",
                    file.display()
                );
            }
        }
    }
    eprintln!(
        "as they are: {} documents, {} within the compact processor, {} refused; \
         rewritten: {} documents, {} within the compact processor, {} refused",
        docs[0], traced[0], refused[0], docs[1], traced[1], refused[1]
    );
    assert!(docs[0] > 150, "only {} documents", docs[0]);
    assert!(proof_configs > 100, "only {proof_configs} proof options");
    assert!(
        proof_datasets > 80,
        "only {proof_datasets} proof options by one expansion"
    );
    assert!(
        aliases > 100,
        "only {aliases} aliases and second nodes within the compact processor"
    );
    assert!(
        traced[0] * 2 > docs[0],
        "only {} of {} within the compact processor",
        traced[0],
        docs[0]
    );
    #[cfg(feature = "sign")]
    assert!(
        docs[1] > 1000 && traced[1] > 50,
        "{} rewritings, {} within the compact processor",
        docs[1],
        traced[1]
    );
}

/// The JSON-LD checks as a verification runs them, by one expansion when
/// the compact processor covers the document (`check_safe_faithful`), give
/// the verdict of the safe-mode check and then the signed-view check, one
/// after the other, on every credential of the test data, its attack
/// rewritings and the rewritings within the compact processor; and the
/// dataset they give back for the proof is the document's without its
/// proof, as expanding that document gives it.
#[test]
fn one_expansion_jsonld_checks_agree_with_the_checks_in_turn() {
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let code = |r: kiln_core::Result<()>| r.map_err(|e| e.code().as_str().to_owned());
    let (mut docs, mut given, mut refused) = (0usize, 0usize, 0usize);
    for (file, doc) in &json_ld_documents() {
        if !doc.is_object() {
            continue;
        }
        let mut variants = with_attacks(doc);
        variants.extend(within_compact_rewrites(doc));
        // The proof first: its statements then come before the document's.
        if let Some(proof) = doc.get("proof") {
            let mut first = serde_json::Map::new();
            first.insert("proof".into(), proof.clone());
            let rest = doc.as_object().into_iter().flatten();
            first.extend(
                rest.filter(|(k, _)| *k != "proof")
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
            variants.push(("the proof first".to_owned(), Value::Object(first)));
        }
        for (how, v) in &variants {
            for signs_json in [false, true] {
                docs += 1;
                let together = check_safe_faithful(v, signs_json, &store, &limits);
                let in_turn = check_safe(v, &store, &limits).and_then(|()| {
                    if signs_json {
                        Ok(())
                    } else {
                        check_faithful(v, &store, &limits)
                    }
                });
                let dataset = together.as_ref().ok().and_then(Option::as_ref).map(|d| {
                    d.canonicalize(HashAlgorithm::Sha256, &limits)
                        .map_err(|e| e.to_string())
                });
                refused += usize::from(together.is_err());
                assert_eq!(
                    code(together.map(drop)),
                    code(in_turn),
                    "{} ({how}, signs_json {signs_json})",
                    file.display()
                );
                if let Some(dataset) = dataset {
                    given += 1;
                    let mut unsecured = v.clone();
                    if let Some(o) = unsecured.as_object_mut() {
                        o.remove("proof");
                    }
                    assert_eq!(
                        dataset,
                        canonical(to_rdf(&unsecured, &store, &limits)),
                        "{} ({how})",
                        file.display()
                    );
                }
            }
        }
    }
    eprintln!("{docs} checks, {given} gave the dataset back, {refused} refused");
    assert!(
        docs > 1000 && given > 300 && refused > 300,
        "{docs} / {given} / {refused}"
    );
}

/// A second subject without an id beside the one Kiln reads (also without
/// one), through a term that aliases `credentialSubject`: both are blank
/// nodes, and the one Kiln does not read must still be found.
#[test]
fn a_second_blank_subject_under_an_alias_is_refused() {
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let mut doc: Value =
        serde_json::from_str(include_str!("../benches/data/ob30-typical-rdfc.json")).unwrap();
    let top = doc.as_object_mut().unwrap();
    top.remove("proof");
    let mut subject = top["credentialSubject"].clone();
    subject.as_object_mut().unwrap().remove("id");
    top.insert("credentialSubject".into(), subject.clone());
    subject["achievement"]["id"] = "https://example.org/another-achievement".into();
    subject["achievement"]["name"] = "Something else".into();
    top.insert("otherSubject".into(), subject);
    top.insert(
        "@context".into(),
        serde_json::json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            {"otherSubject": {"@id": "https://www.w3.org/2018/credentials#credentialSubject", "@type": "@id"}}
        ]),
    );
    assert!(takes_fast_path(&doc, &limits));
    for e in [
        check_safe_faithful(&doc, false, &store, &limits).map(drop),
        check_safe(&doc, &store, &limits).and_then(|()| check_faithful(&doc, &store, &limits)),
    ] {
        assert_eq!(e.unwrap_err().code().as_str(), "jsonld-view-mismatch");
    }
}

/// `doc` as it is and, for a credential with one subject object (what the
/// rewritings take), its attack rewritings.
fn with_attacks(doc: &Value) -> Vec<(String, Value)> {
    #[cfg_attr(not(feature = "sign"), allow(unused_mut))]
    let mut variants = vec![("as it is".to_owned(), doc.clone())];
    #[cfg(feature = "sign")]
    if doc
        .get("credentialSubject")
        .is_some_and(|s| s.is_object() && s.get("achievement").is_none_or(Value::is_object))
    {
        variants.extend(crate::attack_cases::rewrites(doc));
    }
    variants
}

/// Rewritings that stay within the compact processor (the attack cases
/// mostly leave it: IRI keys, keywords) and add a statement for a member
/// Kiln reads, absent or present in the JSON: through a term of an inline
/// context that aliases it, or through a second node with the credential's
/// id. Each must be refused, by both checks.
fn within_compact_rewrites(doc: &Value) -> Vec<(String, Value)> {
    let v1 = doc["@context"][0] == "https://www.w3.org/2018/credentials/v1";
    let until = if v1 { "expirationDate" } else { "validUntil" };
    let until_iri = format!("https://www.w3.org/2018/credentials#{until}");
    let date_type = "http://www.w3.org/2001/XMLSchema#dateTime";
    let mut out = Vec::new();
    let Some(top) = doc.as_object() else {
        return out;
    };
    let credential = match &doc["type"] {
        Value::Array(a) => a.iter().any(|t| t == "VerifiableCredential"),
        t => t == "VerifiableCredential",
    };
    if !credential {
        return out;
    }
    let with_context = |extra: Value| {
        let mut contexts = match &doc["@context"] {
            Value::Array(a) => a.clone(),
            c => vec![c.clone()],
        };
        contexts.push(extra);
        Value::Array(contexts)
    };
    // An alias of the expiry date, the date itself absent.
    let mut aliased = top.clone();
    aliased.remove(until);
    aliased.insert(
        "@context".into(),
        with_context(serde_json::json!({"expiresAt": {"@id": until_iri, "@type": date_type}})),
    );
    aliased.insert("expiresAt".into(), "2000-01-01T00:00:00Z".into());
    out.push((
        "an alias of the expiry date".to_owned(),
        Value::Object(aliased),
    ));
    // An alias of the name, the name itself moved there.
    if let Some(name) = top.get("name") {
        let mut aliased = top.clone();
        aliased.remove("name");
        aliased.insert(
            "@context".into(),
            with_context(serde_json::json!({"title": "https://schema.org/name"})),
        );
        aliased.insert("title".into(), name.clone());
        out.push(("the name under an alias".to_owned(), Value::Object(aliased)));
    }
    // A second node with the credential's id, holding an expiry date (and
    // the credential's type, whose scoped context defines the date in VC 2.0).
    if let (Some(id), Some(ty)) = (top.get("id"), top.get("type")) {
        let mut doubled = top.clone();
        doubled.insert(
            "evidence".into(),
            serde_json::json!([{"id": id, "type": ty, until: "2000-01-01T00:00:00Z"}]),
        );
        out.push((
            "a second node with the credential's id".to_owned(),
            Value::Object(doubled),
        ));
    }
    out
}
