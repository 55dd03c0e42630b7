//! Kiln's compact JSON-LD processor: JSON-LD to RDF for the documents Kiln
//! sees every day, credentials whose `@context` lists only bundled context
//! URLs and whose every key and type is a term those contexts define.
//!
//! It follows the JSON-LD 1.1 Expansion and Deserialize-JSON-LD-to-RDF
//! algorithms for that subset, in two parts: [`context`] processes contexts
//! (term definitions, scoped contexts, `@vocab`) and keeps them: each
//! bundled context is parsed once per process, and each "context applied on
//! top of an active context" is computed once and kept in a bounded cache
//! (the same bundled contexts come up in every credential, and oxjsonld
//! spends most of its time re-processing them); [`emit`] walks the
//! document's node objects and emits their quads.
//!
//! Anything outside the subset makes it give up with a [`GiveUp`] naming
//! what it met. With `jsonld-full` the caller then uses oxjsonld, which
//! also produces every error message; in a compact-only build the reason
//! goes into the `jsonld-needs-full-processor` error. Giving up is never
//! wrong, only slower (or, compact-only, a "could not check"). The subset:
//! every `@context` is a bundled URL, an inline context object (term
//! definitions, `@protected`, `@version`, `@vocab`, `@language`), or a list
//! of them; keys are `id`/`type` aliases (or `@id`/`@type`), terms with an
//! IRI mapping, or (without a colon) made IRIs by `@vocab`; at most one
//! type of a node with a type-scoped context (see `scoped.rs`); values are
//! strings, booleans, integers (plain, or under a coerced datatype other
//! than `xsd:double`), node objects and arrays of them; containers `@set`,
//! `@graph` and `@list`. Outside it: relative or blank-node ids, value
//! objects, language maps, reverse or nested properties, default
//! languages, other numbers.

mod context;
mod emit;

use crate::limits::Limits;
use oxrdf::{GraphName, NamedNode, NamedOrBlankNode, Quad};
use serde_json::Value;
use std::fmt;

/// Why the compact processor gave up on a document: what it met that is
/// beyond its subset (the full processor covers it, or reports the error),
/// or a limit it reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum GiveUp {
    /// The document is not a JSON object, or has `@graph` or `@included`
    /// at its top: the keyword or `None`.
    TopLevel(Option<&'static str>),
    /// A context URL Kiln does not bundle (a caller may have added it).
    Unbundled(String),
    /// A context it does not process: what about it.
    Context(String),
    /// A term definition it does not cover (or a cycle of them).
    Definition(String),
    /// A redefinition of a protected term (an error the full processor names).
    ProtectedRedefinition(String),
    /// A keyword other than `@id`, `@type` and `@context` in a node object
    /// (a value object's `@value`, `@list`, `@set`, `@reverse`...), or a
    /// term aliasing one.
    Keyword(String),
    /// A key that is a compact or absolute IRI rather than a term.
    IriKey(String),
    /// A key no context defines, holding objects or arrays.
    UndefinedKey(String),
    /// A term defined with a feature it leaves out (`@language`,
    /// `@reverse`, `@index`, `@nest`, `@direction`, another container).
    TermFeature { term: String, feature: &'static str },
    /// An id (or `@id`-typed value) that is relative, a blank node, or not an IRI.
    Id(String),
    /// A type no term or `@vocab` makes an IRI.
    Type(String),
    /// A value it does not cover under `key`: what it is.
    Value { key: String, what: &'static str },
    /// A default language or direction in the context.
    DefaultLanguage,
    /// More quads than `max_quads`.
    TooManyQuads,
    /// Nested deeper than `max_json_depth`.
    TooDeep,
    /// Its shared state is unusable (a poisoned lock).
    Internal,
}

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GiveUp::TopLevel(Some(k)) => write!(f, "\"{k}\" at the top of the document"),
            GiveUp::TopLevel(None) => f.write_str("a document that is not a JSON object"),
            GiveUp::Unbundled(url) => write!(f, "the context {url}, which Kiln does not bundle"),
            GiveUp::Context(what) => write!(f, "{what}"),
            GiveUp::Definition(term) => {
                write!(f, "a definition of the term \"{term}\" it does not cover")
            }
            GiveUp::ProtectedRedefinition(term) => {
                write!(f, "a redefinition of the protected term \"{term}\"")
            }
            GiveUp::Keyword(k) => match k.as_str() {
                "@value" => f.write_str("a value object (\"@value\")"),
                _ => write!(f, "the keyword \"{k}\" in a node"),
            },
            GiveUp::IriKey(k) => write!(f, "a compact or absolute IRI as a key (\"{k}\")"),
            GiveUp::UndefinedKey(k) => write!(f, "an undefined key holding objects (\"{k}\")"),
            GiveUp::TermFeature { term, feature } => {
                write!(f, "the term \"{term}\" defined with {feature}")
            }
            GiveUp::Id(id) => write!(f, "an id that is not an absolute IRI (\"{id}\")"),
            GiveUp::Type(t) => write!(f, "a type no context defines (\"{t}\")"),
            GiveUp::Value { key, what } => write!(f, "{what} under \"{key}\""),
            GiveUp::DefaultLanguage => f.write_str("a default language or direction"),
            GiveUp::TooManyQuads => f.write_str("more quads than max_quads"),
            GiveUp::TooDeep => f.write_str("nesting deeper than max_json_depth"),
            GiveUp::Internal => f.write_str("an internal error"),
        }
    }
}

/// A JSON-LD value as its items: an array's elements, or the value alone.
fn items(v: &Value) -> &[Value] {
    match v {
        Value::Array(a) => a,
        other => std::slice::from_ref(other),
    }
}

/// The quads of `doc` (no base IRI) by the compact processor, or why it
/// gave up. The caller has checked the size and depth limits.
pub(crate) fn to_quads(doc: &Value, limits: &Limits) -> Result<Vec<Quad>, GiveUp> {
    to_quads_with(doc, limits, None)
}

/// The quads of `doc` with where each came from (see [`Traced`]), or why
/// the compact processor gave up.
pub(crate) fn to_quads_traced(doc: &Value, limits: &Limits) -> Result<Traced, GiveUp> {
    to_quads_traced_with(doc, limits, None)
}

/// [`to_quads_traced`] with a fallback vocabulary (see [`to_quads_with`]).
pub(crate) fn to_quads_traced_with(
    doc: &Value,
    limits: &Limits,
    fallback_vocab: Option<&'static str>,
) -> Result<Traced, GiveUp> {
    let mut trace = Some(emit::Trace::default());
    let (quads, proof) = run(doc, limits, fallback_vocab, &mut trace)?;
    Ok(Traced {
        quads,
        trace: trace.unwrap_or_default(),
        proof,
    })
}

/// A document's quads and, for each, the node object and key that made it:
/// what the signed-view check (`jsonld::view`) compares the members Kiln
/// reads against. Node objects are named by [`node_address`].
#[derive(Debug)]
pub(crate) struct Traced {
    pub(crate) quads: Vec<Quad>,
    trace: emit::Trace,
    proof: emit::ProofSpan,
}

/// A node object's name in a [`Traced`]: its address in the document.
pub(crate) fn node_address(m: &serde_json::Map<String, Value>) -> usize {
    emit::address(m)
}

impl Traced {
    /// The node object whose member made quad `i`, and that member's
    /// position among the object's members (`None` for the node's types).
    pub(crate) fn made_by(&self, i: usize) -> Option<(usize, Option<usize>)> {
        let (node, key) = *self.trace.made_by.get(i)?;
        Some((node, (key != emit::TYPES).then_some(key)))
    }

    /// The quads of the document without its top-level `proof` member (its
    /// graph and the link to it): the quads of that document, the blank
    /// nodes aside, which no reader tells apart (canonicalization names
    /// them anew). `None` when that member is an `@id` or `@type` alias,
    /// part of the node's own quads.
    pub(crate) fn into_unsecured(self) -> Option<Vec<Quad>> {
        let mut quads = self.quads;
        match self.proof {
            emit::ProofSpan { mixed: true, .. } => return None,
            emit::ProofSpan {
                range: Some((from, to)),
                ..
            } => drop(quads.drain(from..to)),
            _ => {}
        }
        Some(quads)
    }

    /// The subject of the node object at `node`, if the document has it.
    pub(crate) fn subject(&self, node: usize) -> Option<&NamedOrBlankNode> {
        self.node(node).map(|(_, s, _)| s)
    }

    fn node(
        &self,
        node: usize,
    ) -> Option<&(usize, NamedOrBlankNode, std::sync::Arc<context::Ctx>)> {
        self.trace.nodes.iter().find(|(n, _, _)| *n == node)
    }

    /// The predicate `key` means in the node object at `node`, present or
    /// not: `Ok(None)` when JSON-LD would drop it (no term defines it and
    /// there is no `@vocab`, or its term maps to null); `Err` when this
    /// processor cannot tell (a keyword alias, a term feature it leaves out,
    /// a node it did not see).
    pub(crate) fn predicate(&self, node: usize, key: &str) -> Result<Option<NamedNode>, GiveUp> {
        let Some((_, _, ctx)) = self.node(node) else {
            return Err(GiveUp::Internal);
        };
        match context::classify(ctx, key, None) {
            Some(context::Key::Prop(d)) => match (d.unsupported, d.iri()) {
                (None, Some(iri)) => Ok(Some(iri.clone())),
                _ => Err(GiveUp::Definition(key.to_owned())),
            },
            Some(context::Key::Vocab(iri)) => Ok(Some(iri)),
            Some(context::Key::Id | context::Key::Type) => Err(GiveUp::Keyword(key.to_owned())),
            None if !key.starts_with('@')
                && !key.contains(':')
                && ctx.vocab.is_none()
                && ctx
                    .terms
                    .get(key)
                    .is_none_or(|d| matches!(d.mapping, context::Mapping::Null)) =>
            {
                Ok(None)
            }
            None => Err(GiveUp::Keyword(key.to_owned())),
        }
    }
}

/// [`to_quads`] as if a context `{"@vocab": fallback_vocab}` came before the
/// document's own: a key or type no context defines becomes an IRI under it
/// (safe mode's sentinel expansion, `safe.rs`).
pub(crate) fn to_quads_with(
    doc: &Value,
    limits: &Limits,
    fallback_vocab: Option<&'static str>,
) -> Result<Vec<Quad>, GiveUp> {
    run(doc, limits, fallback_vocab, &mut None).map(|(quads, _)| quads)
}

fn run(
    doc: &Value,
    limits: &Limits,
    fallback_vocab: Option<&'static str>,
    trace: &mut Option<emit::Trace>,
) -> Result<(Vec<Quad>, emit::ProofSpan), GiveUp> {
    let Value::Object(top) = doc else {
        return Err(GiveUp::TopLevel(None));
    };
    for k in ["@graph", "@included"] {
        if top.contains_key(k) {
            return Err(GiveUp::TopLevel(Some(k)));
        }
    }
    let mut e = emit::Emitter {
        quads: Vec::new(),
        next_blank: 0,
        limits,
        fallback_vocab,
        trace: trace.take(),
        proof: emit::ProofSpan::default(),
    };
    e.node(
        &context::root_ctx()?,
        None,
        top,
        &GraphName::DefaultGraph,
        0,
    )?;
    *trace = e.trace;
    Ok((e.quads, e.proof))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const TYPICAL: &str = include_str!("../../../benches/data/ob30-typical-rdfc.json");

    /// Whether the compact processor takes `doc`; when it does, its
    /// canonical N-Quads must equal oxjsonld's.
    #[cfg(feature = "jsonld-full")]
    fn same_as_full(doc: &Value) -> bool {
        use crate::jsonld::{ContextStore, HashAlgorithm, canon};
        let limits = Limits::default();
        let Ok(fast) = to_quads(doc, &limits) else {
            return false;
        };
        let full =
            crate::jsonld::to_rdf_full(doc, None, &ContextStore::bundled(), &limits).unwrap();
        let a = canon::canonicalize_quads(&fast, HashAlgorithm::Sha256, &limits)
            .unwrap()
            .nquads;
        let b = full.canonicalize(HashAlgorithm::Sha256, &limits).unwrap();
        assert_eq!(a, b);
        true
    }

    #[cfg(feature = "jsonld-full")]
    #[test]
    fn typical_credential_takes_the_compact_path_and_agrees() {
        let doc: Value = serde_json::from_str(TYPICAL).unwrap();
        assert!(same_as_full(&doc));
        let mut unsecured = doc.clone();
        unsecured.as_object_mut().unwrap().remove("proof");
        assert!(same_as_full(&unsecured));
    }

    #[test]
    fn typical_credential_is_within_the_subset() {
        let doc: Value = serde_json::from_str(TYPICAL).unwrap();
        let quads = to_quads(&doc, &Limits::default()).unwrap();
        assert!(quads.len() > 20, "{} quads", quads.len());
    }

    /// Each document beyond the subset, with what the reason must name.
    #[test]
    fn gives_up_naming_what_it_met() {
        let limits = Limits::default();
        let v2 = "https://www.w3.org/ns/credentials/v2";
        for (doc, named) in [
            (
                json!({"@context": [v2, {"@base": "https://example.org/"}], "name": "x"}),
                "\"@base\" in a context",
            ),
            (
                json!({"@context": [v2, null], "name": "x"}),
                "a null context",
            ),
            (
                json!({"@context": v2, "type": "VerifiableCredential", "undefinedTerm": {"name": "x"}}),
                "an undefined key holding objects (\"undefinedTerm\")",
            ),
            (
                json!({"@context": [v2, {"ex": "https://example.org/"}], "ex:colour": "blue"}),
                "a compact or absolute IRI as a key (\"ex:colour\")",
            ),
            (
                json!({"@context": v2, "id": "relative/id"}),
                "an id that is not an absolute IRI (\"relative/id\")",
            ),
            (
                json!({"@context": v2, "id": "_:b0", "name": "x"}),
                "(\"_:b0\")",
            ),
            (
                json!({"@context": v2, "name": {"@value": "x", "@language": "en"}}),
                "a value object",
            ),
            (
                json!({"@context": v2, "name": 1.5}),
                "a number that is not an integer under \"name\"",
            ),
            (
                json!({"@context": "https://example.org/unknown", "name": "x"}),
                "the context https://example.org/unknown, which Kiln does not bundle",
            ),
            (
                json!({"@context": v2, "type": "NotATerm"}),
                "a type no context defines (\"NotATerm\")",
            ),
            (
                json!({"@context": v2, "type": "VerifiableCredential",
                    "credentialSubject": {"@context": {"@import": v2}, "name": "x"}}),
                "\"@import\" in a context",
            ),
            (
                json!({"@context": [v2, {"ex": "https://example.org/", "label": {"@id": "ex:label", "@container": "@language"}}],
                    "label": {"en": "x"}}),
                "the term \"label\" defined with a container other than",
            ),
            (
                json!({"@context": [v2, {"@language": "en"}], "name": "x"}),
                "a default language",
            ),
            (
                json!({"@context": v2, "@graph": []}),
                "\"@graph\" at the top",
            ),
            (json!([1]), "not a JSON object"),
        ] {
            let why = to_quads(&doc, &limits).unwrap_err().to_string();
            assert!(why.contains(named), "{doc}: {why}");
        }
    }

    #[cfg(feature = "jsonld-full")]
    #[test]
    fn inline_contexts_take_the_compact_path_and_agree() {
        let v2 = "https://www.w3.org/ns/credentials/v2";
        let ob = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
        for doc in [
            json!({"@context": [v2, {"foo": "https://example.org/foo"}], "foo": "x"}),
            json!({"@context": [v2, ob, {"issuanceDate": "https://www.w3.org/2018/credentials/v1#issuanceDate"}],
                   "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuanceDate": "2010-01-01T00:00:00Z",
                   "credentialSubject": {"type": ["AchievementSubject"], "name": "Sam"}}),
            json!({"@context": [v2, {"ex": "https://example.org/", "size": {"@id": "ex:size", "@type": "ex:Size"},
                                     "Thing": {"@id": "ex:Thing", "@context": {"weight": "ex:weight"}}}],
                   "type": "VerifiableCredential",
                   "credentialSubject": {"id": "ex:a", "type": "Thing", "size": "L", "weight": "3"}}),
            json!({"@context": v2, "type": "VerifiableCredential",
                   "credentialSubject": {"@context": {"a": "urn:a"}, "a": "x"}}),
            // Keys no context defines are dropped, as JSON-LD drops them.
            json!({"@context": v2, "type": "VerifiableCredential", "undefinedTerm": "x",
                   "credentialSubject": {"id": "did:example:1", "alsoUndefined": ["a", 1, true, null]}}),
            json!({"@context": [v2, {"ex": "https://example.org/", "steps": {"@id": "ex:steps", "@container": "@list"},
                                     "n": {"@id": "ex:n", "@type": "http://www.w3.org/2001/XMLSchema#float"}}],
                   "type": "VerifiableCredential",
                   "credentialSubject": {"steps": ["a", null, {"id": "ex:b", "n": 3}, "c"], "n": 42},
                   "evidence": {"id": "ex:e", "steps": []}}),
        ] {
            assert!(same_as_full(&doc), "{doc}");
        }
    }

    #[test]
    fn quad_limit_makes_it_give_up() {
        let doc: Value = serde_json::from_str(TYPICAL).unwrap();
        let limits = Limits {
            max_quads: 3,
            ..Limits::default()
        };
        assert_eq!(to_quads(&doc, &limits), Err(GiveUp::TooManyQuads));
    }
}
