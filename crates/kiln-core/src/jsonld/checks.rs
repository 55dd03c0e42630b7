//! The JSON-LD checks of a verification by one expansion: the safe-mode
//! check ([`super::safe`]) and the signed-view check ([`super::view`]) on
//! the same traced expansion of the secured document, whose statements,
//! the proof's cut out, are the dataset an RDF suite's proof signs.

use super::safe::{SENTINEL_VOCAB, check_safe, contexts_known, fast_size, first_problem};
use super::{ContextStore, RdfDataset, check_faithful, compact, view};
use crate::{error::Result, limits::Limits};
use serde_json::Value;

internal_fn! {
/// [`check_safe`] and then, unless `signs_json`, [`check_faithful`] on a
/// secured document, by one expansion when the compact processor covers
/// it: the safe-mode check's, traced, serves the signed-view check too
/// (`view::faithful_traced`), and gives back the dataset of the document
/// without its `proof` member, the one an RDF suite's proof signs (with
/// every term defined, safe mode's sentinel vocabulary makes no quad), so
/// that checking the proof needs no expansion of its own
/// (`proof::ProofEnv::unsecured`). Beyond the compact processor, the two
/// checks in turn, and no dataset. The same verdicts as the two checks in
/// turn. Test hook (feature `internals`): the tests compare them.
fn check_safe_faithful(
    doc: &Value,
    signs_json: bool,
    store: &ContextStore,
    limits: &Limits,
) -> Result<Option<RdfDataset>> {
    let urls = contexts_known(doc, store, limits)?;
    if fast_size(doc, limits)?
        && let Ok(traced) = compact::to_quads_traced_with(doc, limits, Some(SENTINEL_VOCAB))
    {
        if let Some(e) = first_problem(doc, &urls, &traced.quads) {
            return Err(e);
        }
        // A member whose predicate the compact processor cannot name: the
        // signed-view check by its own means.
        if !signs_json && !view::faithful_traced(doc, &traced, limits)? {
            check_faithful(doc, store, limits)?;
        }
        return Ok(traced.into_unsecured().map(|quads| RdfDataset { quads }));
    }
    check_safe(doc, store, limits)?;
    if !signs_json {
        check_faithful(doc, store, limits)?;
    }
    Ok(None)
}
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn given_back(doc: &Value) -> Result<Option<String>> {
        let limits = Limits::default();
        let store = ContextStore::bundled();
        check_safe_faithful(doc, true, &store, &limits)?
            .map(|ds| ds.canonicalize(super::super::HashAlgorithm::Sha256, &limits))
            .transpose()
    }

    /// A `proof` member that is an alias of `@id` or `@type` is part of its
    /// node: no dataset is given back for the document without it. As a
    /// property, its statements are cut out.
    #[test]
    fn proof_as_an_id_or_type_alias_gives_nothing_back() {
        for keyword in ["@id", "@type"] {
            let doc = json!({
                "@context": {"@vocab": "https://example.org/vocab#", "proof": keyword},
                "proof": "https://example.org/thing",
                "name": "x"
            });
            assert_eq!(given_back(&doc).unwrap(), None, "{keyword}");
        }
        let vocab = json!({"@vocab": "https://example.org/vocab#"});
        let secured = json!({"@context": vocab, "proof": "https://example.org/thing", "name": "x"});
        let unsecured = json!({"@context": vocab, "name": "x"});
        let want =
            super::super::canonicalize(&unsecured, &ContextStore::bundled(), &Limits::default())
                .unwrap();
        assert_eq!(given_back(&secured).unwrap(), Some(want));
    }

    /// An undefined term inside the proof is still found.
    #[test]
    fn undefined_term_in_the_proof_is_found() {
        let doc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "madeUp": "x"}
        });
        let e = given_back(&doc).unwrap_err();
        assert!(e.to_string().contains("madeUp"), "{e}");
    }
}
