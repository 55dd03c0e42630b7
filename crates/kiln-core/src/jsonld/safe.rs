//! Safe mode: every term of a credential must be defined by its contexts.
//!
//! A JSON-LD processor silently drops a key its contexts do not define, so
//! the text under that key is not signed by an `eddsa-rdfc-2022` proof; a
//! verifier that showed it would show unsigned text as if it were signed.
//!
//! How the check works: the document is expanded by the same processor as
//! the proof (oxjsonld) with one change: a context
//! `{"@vocab": "urn:kiln:undefined#", "@base": "https://kiln.invalid/relative/"}`
//! is put before the document's own contexts. A term that the contexts
//! define keeps its IRI; a term that they do not define now expands through
//! that `@vocab` instead of being dropped, so it shows up in the RDF with the
//! sentinel IRI, and a relative `id` shows up under the sentinel base. A
//! document's own `@vocab` after it still wins, except the VC "catch-all"
//! vocabularies (`https://www.w3.org/ns/credentials/issuer-dependent#` of
//! VC 2.0 drafts and `https://www.w3.org/ns/credentials/undefined-term#`),
//! whose terms Kiln treats as undefined. Inline contexts that map a term or
//! `@vocab` to `null` (which would hide a key from this check) are refused.

use super::{ContextStore, to_rdf, unknown_context_error};
use super::{compact, json_depth_ok, serialized_len};
use crate::{
    error::{Error, Result},
    limits::Limits,
};
use oxrdf::{NamedNodeRef, TermRef, vocab::rdf};
use serde_json::{Map, Value};

pub(super) const SENTINEL_VOCAB: &str = "urn:kiln:undefined#";
const SENTINEL_BASE: &str = "https://kiln.invalid/";
const CATCH_ALL_VOCABS: &[&str] = &[
    "https://www.w3.org/ns/credentials/issuer-dependent#",
    "https://www.w3.org/ns/credentials/undefined-term#",
];
const OB_EXTENSIONS: &str = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json";
const OB_EXTENSION_TERMS: &[&str] = &[
    "1EdTechRevocationList",
    "1EdTechJsonSchemaValidator2019",
    "1EdTechCredentialRefresh",
];
const VC1: &str = "https://www.w3.org/2018/credentials/v1";

/// Checks that every term of `doc` is defined by its contexts (see the
/// module docs for how). Pass what the proof signs: the document without
/// its `proof` (a proof's own terms are the proof suite's business).
///
/// Errors, each naming the term and its JSON path, e.g.
/// `undefined term "foo" at $.credentialSubject.foo`:
/// - `jsonld-undefined-term` ([`Error::Malformed`]): a key or a `type`
///   value the contexts do not define (or define only through the VC
///   catch-all `@vocab`);
/// - `jsonld-relative-iri`: an `id` (or `@id`-typed value) that is not an
///   absolute IRI;
/// - `jsonld-protected-term-redefinition`: a context redefines a protected term;
/// - `jsonld-unknown-context` ([`Error::Unsupported`]): a context URL that
///   is neither bundled nor added by the caller;
/// - `jsonld-null-definition` ([`Error::Unsupported`]): an inline context
///   maps a term, `@vocab` or a scoped context to `null`.
pub fn check_safe(doc: &Value, store: &ContextStore, limits: &Limits) -> Result<()> {
    check_safe_with(doc, store, limits, true)
}

/// [`check_safe`], with or without the compact processor (`compact/`);
/// `allow_fast = false` forces the full processor in a `jsonld-full` build
/// (a compact-only build has no other). Test hook (feature `internals`):
/// the tests compare both ways.
pub fn check_safe_with(
    doc: &Value,
    store: &ContextStore,
    limits: &Limits,
    allow_fast: bool,
) -> Result<()> {
    let urls = contexts_known(doc, store, limits)?;
    let Value::Object(top) = doc else {
        return Ok(());
    };

    // The sentinel expansion below, by the compact processor (its sentinel
    // `@vocab` as a fallback vocabulary; it gives up on relative ids, which
    // the sentinel `@base` is for).
    if allow_fast && fast_size(doc, limits)? {
        match compact::to_quads_with(doc, limits, Some(SENTINEL_VOCAB)) {
            Ok(quads) => {
                return match first_problem(doc, &urls, &quads) {
                    Some(e) => Err(e),
                    None => Ok(()),
                };
            }
            // Compact-only: what this run met is the reason (the probe
            // below would only add the sentinel context to it).
            #[cfg(not(feature = "jsonld-full"))]
            Err(why) => return Err(super::full_processor_needed(&why, store, limits)),
            #[cfg(feature = "jsonld-full")]
            Err(_) => {}
        }
    }

    // The same document with the sentinel context first.
    // Built member by member: `json!` would make serde's value serializer
    // copies for `&str` and `String` in the browser's verifier module.
    let mut sentinel = Map::new();
    sentinel.insert("@vocab".into(), SENTINEL_VOCAB.into());
    sentinel.insert("@base".into(), format!("{SENTINEL_BASE}relative/").into());
    let sentinel = Value::Object(sentinel);
    let mut probe = top.clone();
    let contexts = match top.get("@context") {
        None | Some(Value::Null) => vec![sentinel],
        Some(Value::Array(list)) => {
            // A null in the list resets the context: put the sentinel after the last one.
            let last_null = list.iter().rposition(Value::is_null);
            let mut out = Vec::with_capacity(list.len().saturating_add(1));
            let split = last_null.map_or(0, |i| i.saturating_add(1));
            out.extend(list.iter().take(split).cloned());
            out.push(sentinel);
            out.extend(list.iter().skip(split).cloned());
            out
        }
        Some(other) => vec![sentinel, other.clone()],
    };
    probe.insert("@context".into(), Value::Array(contexts));
    let dataset = to_rdf(&Value::Object(probe), store, limits)?;

    match first_problem(doc, &urls, dataset.quads()) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// The context URLs `doc` names, each known to `store`, after refusing a
/// document that is not an object and inline definitions to `null`.
pub(super) fn contexts_known(
    doc: &Value,
    store: &ContextStore,
    limits: &Limits,
) -> Result<Vec<String>> {
    if !doc.is_object() {
        return Err(Error::malformed(
            crate::code::Code::JsonldNotObject,
            "a credential must be a JSON object at $",
        ));
    }
    let mut urls = Vec::new();
    scan_contexts(doc, Path::Root, &mut urls, 0, limits.max_json_depth)?;
    for url in &urls {
        if store.get(url).is_none() {
            return Err(unknown_context_error(url));
        }
    }
    Ok(urls)
}

/// Whether the compact processor may take `doc`: within the depth limit and
/// the size limit (with room for the sentinel context).
pub(super) fn fast_size(doc: &Value, limits: &Limits) -> Result<bool> {
    Ok(json_depth_ok(doc, 0, limits.max_json_depth)
        && serialized_len(doc)?.saturating_add(256) <= limits.max_input_bytes)
}

/// The first undefined term or relative IRI in the quads, as an error.
pub(super) fn first_problem(doc: &Value, urls: &[String], quads: &[oxrdf::Quad]) -> Option<Error> {
    for quad in quads {
        let predicate = quad.predicate.as_ref();
        if let Some((term, via)) = undefined_term(predicate.as_str()) {
            return Some(undefined_error(doc, urls, term, via, Kind::Property));
        }
        match quad.object.as_ref() {
            TermRef::NamedNode(o) if predicate == rdf::TYPE => {
                if let Some((term, via)) = undefined_term(o.as_str()) {
                    return Some(undefined_error(doc, urls, term, via, Kind::Type));
                }
            }
            TermRef::NamedNode(o) => {
                if let Some((term, via)) = undefined_term(o.as_str()) {
                    return Some(undefined_error(doc, urls, term, via, Kind::Value));
                }
            }
            TermRef::Literal(l) => {
                if let Some((term, via)) = undefined_term(l.datatype().as_str()) {
                    return Some(undefined_error(doc, urls, term, via, Kind::Type));
                }
            }
            _ => {}
        }
        let mut iris: Vec<NamedNodeRef<'_>> = Vec::new();
        if let oxrdf::NamedOrBlankNodeRef::NamedNode(s) = quad.subject.as_ref() {
            iris.push(s);
        }
        if let TermRef::NamedNode(o) = quad.object.as_ref() {
            iris.push(o);
        }
        if let oxrdf::GraphNameRef::NamedNode(g) = quad.graph_name.as_ref() {
            iris.push(g);
        }
        for iri in iris {
            if let Some(rest) = iri.as_str().strip_prefix(SENTINEL_BASE) {
                let reference = rest.strip_prefix("relative/").unwrap_or(rest);
                let at = find_string_value(doc, reference)
                    .unwrap_or_else(|| "an unknown place".to_owned());
                return Some(Error::malformed(
                    crate::code::Code::JsonldRelativeIri,
                    format!(
                        "\"{reference}\" at {at} is a relative IRI reference, not an absolute IRI; a credential's ids must be absolute"
                    ),
                ));
            }
        }
    }
    None
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Property,
    Type,
    Value,
}

/// The term an IRI was made from, and the catch-all vocabulary it went
/// through (if it was not Kiln's sentinel).
fn undefined_term(iri: &str) -> Option<(&str, Option<&'static str>)> {
    if let Some(term) = iri.strip_prefix(SENTINEL_VOCAB) {
        return Some((term, None));
    }
    CATCH_ALL_VOCABS
        .iter()
        .find_map(|v| iri.strip_prefix(v).map(|t| (t, Some(*v))))
}

fn undefined_error(
    doc: &Value,
    urls: &[String],
    term: &str,
    via: Option<&str>,
    kind: Kind,
) -> Error {
    let place = match kind {
        Kind::Property => find_key(doc, term),
        Kind::Type | Kind::Value => find_string_value(doc, term),
    }
    .unwrap_or_else(|| "an unknown place".to_owned());
    let what = match kind {
        Kind::Property => "term",
        Kind::Type => "type",
        Kind::Value => "vocabulary value",
    };
    let mut msg = match via {
        None => {
            format!("undefined {what} \"{term}\" at {place}: no context of the document defines it")
        }
        Some(vocab) => format!(
            "undefined {what} \"{term}\" at {place}: it expands only through the catch-all @vocab {vocab}, which Kiln treats as undefined"
        ),
    };
    let has = |u: &str| urls.iter().any(|x| x == u);
    if OB_EXTENSION_TERMS.contains(&term) && !has(OB_EXTENSIONS) {
        msg.push_str(&format!(
            "; \"{term}\" is defined only by the Open Badges extensions context {OB_EXTENSIONS}, which this credential's @context does not list"
        ));
        if has(VC1) {
            msg.push_str(" (a VC 1.1 credential has no @vocab, so the type is dropped from what the proof signs)");
        }
    } else {
        msg.push_str(
            "; a term the contexts do not define is not covered by the proof, so Kiln refuses it",
        );
    }
    Error::malformed(crate::code::Code::JsonldUndefinedTerm, msg)
}

/// Collects every context URL the document names, and refuses inline
/// definitions to `null`.
fn scan_contexts(
    v: &Value,
    path: Path<'_>,
    urls: &mut Vec<String>,
    depth: usize,
    max: usize,
) -> Result<()> {
    if depth > max {
        return Err(Error::limit(
            crate::code::Code::JsonldTooDeep,
            format!("the document is nested deeper than max_json_depth = {max} at {path}"),
        ));
    }
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                scan_contexts(x, Path::Index(&path, i), urls, depth.saturating_add(1), max)?;
            }
        }
        Value::Object(o) => {
            for (k, x) in o {
                let p = Path::Key(&path, k);
                if is_unknown_keyword(k) {
                    return Err(Error::malformed(
                        crate::code::Code::JsonldUndefinedTerm,
                        format!(
                            "undefined term \"{k}\" at {p}: it has the form of a JSON-LD keyword but is none, so a JSON-LD processor drops it and the proof does not cover it"
                        ),
                    ));
                }
                if k == "@context" {
                    scan_context_value(x, p, urls, depth.saturating_add(1), max, depth == 0)?;
                } else {
                    scan_contexts(x, p, urls, depth.saturating_add(1), max)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn scan_context_value(
    v: &Value,
    path: Path<'_>,
    urls: &mut Vec<String>,
    depth: usize,
    max: usize,
    top: bool,
) -> Result<()> {
    if depth > max {
        return Err(Error::limit(
            crate::code::Code::JsonldTooDeep,
            format!("the context is nested deeper than max_json_depth = {max} at {path}"),
        ));
    }
    let null_error = |what: &str| {
        Error::unsupported(
            crate::code::Code::JsonldNullDefinition,
            format!(
                "{what} at {path} maps to null, which would hide terms from the safe-mode check"
            ),
        )
    };
    match v {
        Value::String(url) if !urls.contains(url) => urls.push(url.clone()),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                if x.is_null() && top && i == 0 {
                    continue;
                }
                scan_context_value(
                    x,
                    Path::Index(&path, i),
                    urls,
                    depth.saturating_add(1),
                    max,
                    false,
                )?;
            }
        }
        Value::Null if !top => return Err(null_error("a context")),
        Value::Object(defs) => {
            for (term, def) in defs {
                let p = Path::Key(&path, term);
                match def {
                    Value::Null
                        if term != "@base" && term != "@language" && term != "@direction" =>
                    {
                        return Err(null_error(&format!("the definition of \"{term}\"")));
                    }
                    Value::Object(d) => check_definition(d, p, urls, depth, max)?,
                    _ => {}
                }
            }
        }
        _ => {}
    }
    Ok(())
}

fn check_definition(
    d: &Map<String, Value>,
    path: Path<'_>,
    urls: &mut Vec<String>,
    depth: usize,
    max: usize,
) -> Result<()> {
    if matches!(d.get("@id"), Some(Value::Null)) {
        return Err(Error::unsupported(
            crate::code::Code::JsonldNullDefinition,
            format!(
                "the term at {path} has \"@id\": null, which would hide it from the safe-mode check"
            ),
        ));
    }
    if let Some(scoped) = d.get("@context") {
        scan_context_value(
            scoped,
            Path::Key(&path, "@context"),
            urls,
            depth.saturating_add(1),
            max,
            false,
        )?;
    }
    Ok(())
}

const KEYWORDS: &[&str] = &[
    "@base",
    "@container",
    "@context",
    "@direction",
    "@graph",
    "@id",
    "@import",
    "@included",
    "@index",
    "@json",
    "@language",
    "@list",
    "@nest",
    "@none",
    "@prefix",
    "@propagate",
    "@protected",
    "@reverse",
    "@set",
    "@type",
    "@value",
    "@version",
    "@vocab",
];

/// `@` followed by letters only, and not a keyword: JSON-LD ignores such keys.
fn is_unknown_keyword(key: &str) -> bool {
    key.strip_prefix('@')
        .is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_alphabetic()))
        && !KEYWORDS.contains(&key)
}

/// A JSON path during a walk of the document (the context scan here, the
/// signed view's form check), written out only when an error names it
/// (building a string for every member was a measurable part of each
/// verification). A member whose name is not a plain identifier is written
/// `["name"]`.
#[derive(Clone, Copy)]
pub(super) enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root => f.write_str("$"),
            Path::Key(parent, key) => write!(f, "{parent}{}", child_path("", key)),
            Path::Index(parent, i) => write!(f, "{parent}[{i}]"),
        }
    }
}

fn child_path(path: &str, key: &str) -> String {
    let simple = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@' || c == '$')
        && !key.starts_with(|c: char| c.is_ascii_digit());
    if simple {
        format!("{path}.{key}")
    } else {
        format!(
            "{path}[{}]",
            crate::credential::json_text(&Value::String(key.to_owned()))
        )
    }
}

/// JSON path of the first key named `key` outside `@context`.
fn find_key(doc: &Value, key: &str) -> Option<String> {
    fn walk(v: &Value, path: &str, key: &str, depth: usize) -> Option<String> {
        if depth > crate::limits::Limits::MAX_WALK_DEPTH {
            return None;
        }
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    if k == "@context" {
                        continue;
                    }
                    let p = child_path(path, k);
                    if k == key {
                        return Some(p);
                    }
                    if let Some(found) = walk(x, &p, key, depth.saturating_add(1)) {
                        return Some(found);
                    }
                }
                None
            }
            Value::Array(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{path}[{i}]"), key, depth.saturating_add(1))),
            _ => None,
        }
    }
    walk(doc, "$", key, 0)
}

/// JSON path of the first string value equal to `s` outside `@context`.
fn find_string_value(doc: &Value, s: &str) -> Option<String> {
    fn walk(v: &Value, path: &str, s: &str, depth: usize) -> Option<String> {
        if depth > crate::limits::Limits::MAX_WALK_DEPTH {
            return None;
        }
        match v {
            Value::String(x) if x == s => Some(path.to_owned()),
            Value::Object(o) => o
                .iter()
                .filter(|(k, _)| *k != "@context")
                .find_map(|(k, x)| walk(x, &child_path(path, k), s, depth.saturating_add(1))),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{path}[{i}]"), s, depth.saturating_add(1))),
            _ => None,
        }
    }
    walk(doc, "$", s, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn vc2(subject: Value) -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "did:example:issuer", "type": "Profile", "name": "Example"},
            "validFrom": "2024-01-01T00:00:00Z",
            "name": "Badge",
            "credentialSubject": subject
        })
    }

    fn subject() -> Value {
        json!({
            "id": "did:example:learner",
            "type": "AchievementSubject",
            "achievement": {
                "id": "https://example.org/achievements/1",
                "type": "Achievement",
                "name": "A",
                "description": "D",
                "criteria": {"narrative": "N"}
            }
        })
    }

    fn check(doc: &Value) -> Result<()> {
        check_safe(doc, &ContextStore::bundled(), &Limits::default())
    }

    #[test]
    fn defined_ob3_credential_passes() {
        check(&vc2(subject())).unwrap();
    }

    /// The context scan names the place of what it refuses: through arrays,
    /// keys that need quoting, and scoped contexts.
    #[test]
    fn context_scan_errors_name_their_path() {
        let mut s = subject();
        s["odd key"] = json!([{"x": {"@bogus": 1}}]);
        let err = check(&vc2(s)).unwrap_err();
        assert!(
            err.to_string()
                .contains("\"@bogus\" at $.credentialSubject[\"odd key\"][0].x.@bogus"),
            "{err}"
        );
        let mut s = subject();
        s["@context"] =
            json!([{"a": {"@id": "https://example.org/a", "@context": [{}, {"b": null}]}}]);
        let err = check(&vc2(s)).unwrap_err();
        assert_eq!(err.code(), "jsonld-null-definition");
        assert!(
            err.to_string()
                .contains("the definition of \"b\" at $.credentialSubject.@context[0].a.@context[1] maps to null"),
            "{err}"
        );
    }

    #[test]
    fn undefined_key_is_named_with_its_path() {
        let mut s = subject();
        s["foo"] = json!("unsigned text");
        let err = check(&vc2(s)).unwrap_err();
        assert_eq!(err.code(), "jsonld-undefined-term");
        assert!(
            err.to_string()
                .starts_with("undefined term \"foo\" at $.credentialSubject.foo"),
            "{err}"
        );
    }

    #[test]
    fn undefined_nested_key_and_type() {
        let mut s = subject();
        s["achievement"]["criteria"]["secret"] = json!("x");
        let err = check(&vc2(s)).unwrap_err();
        assert!(
            err.to_string()
                .contains("\"secret\" at $.credentialSubject.achievement.criteria.secret"),
            "{err}"
        );

        let mut s = subject();
        s["type"] = json!(["AchievementSubject", "MadeUpType"]);
        let err = check(&vc2(s)).unwrap_err();
        assert!(
            err.to_string()
                .contains("undefined type \"MadeUpType\" at $.credentialSubject.type[1]"),
            "{err}"
        );
    }

    #[test]
    fn catch_all_vocab_counts_as_undefined() {
        let mut doc = vc2(subject());
        doc["@context"] = json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://www.w3.org/ns/credentials/undefined-terms/v2"
        ]);
        doc["extra"] = json!("x");
        let err = check(&doc).unwrap_err();
        assert!(err.to_string().contains("\"extra\" at $.extra: it expands only through the catch-all @vocab https://www.w3.org/ns/credentials/undefined-term#"), "{err}");
    }

    #[test]
    fn vc11_revocation_list_without_extensions_is_explained() {
        let doc = json!({
            "@context": ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:91537dba-56cb-11ec-bf63-0242ac130002",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "did:example:issuer", "type": "Profile", "name": "Example"},
            "issuanceDate": "2024-01-01T00:00:00Z",
            "name": "Badge",
            "credentialSubject": subject(),
            "credentialStatus": {"id": "https://example.org/status/1", "type": "1EdTechRevocationList"}
        });
        let err = check(&doc).unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.contains("\"1EdTechRevocationList\" at $.credentialStatus.type"),
            "{msg}"
        );
        assert!(msg.contains("extensions.json"), "{msg}");
        let mut fixed = doc.clone();
        fixed["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!(OB_EXTENSIONS));
        check(&fixed).unwrap();
    }

    #[test]
    fn unknown_context_and_null_definitions_are_refused() {
        let mut doc = vc2(subject());
        doc["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!("https://example.org/ctx"));
        let err = check(&doc).unwrap_err();
        assert_eq!(err.code(), "jsonld-unknown-context");
        assert!(err.to_string().contains("https://example.org/ctx"));

        let mut doc = vc2(subject());
        doc["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!({"@vocab": null}));
        assert_eq!(check(&doc).unwrap_err().code(), "jsonld-null-definition");
    }

    #[test]
    fn keyword_lookalike_is_refused() {
        let mut s = subject();
        s["@secret"] = json!("dropped by every processor");
        let err = check(&vc2(s)).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("undefined term \"@secret\" at $.credentialSubject.@secret"),
            "{err}"
        );
    }

    /// A compact-only build refuses what is beyond its processor as
    /// "needs the full processor", naming what it met.
    #[cfg(not(feature = "jsonld-full"))]
    fn assert_needs_full(err: &Error, named: &str) {
        assert_eq!(err.code(), "jsonld-needs-full-processor", "{err}");
        assert_eq!(err.needs(), Some(crate::error::Capability::JsonLdFull));
        assert!(err.to_string().contains(named), "{err}");
    }

    #[test]
    fn relative_id_is_refused() {
        let mut s = subject();
        s["id"] = json!("learner-7");
        let err = check(&vc2(s)).unwrap_err();
        #[cfg(feature = "jsonld-full")]
        {
            assert_eq!(err.code(), "jsonld-relative-iri", "{err}");
            assert!(err.to_string().contains("$.credentialSubject.id"), "{err}");
        }
        #[cfg(not(feature = "jsonld-full"))]
        assert_needs_full(&err, "an id that is not an absolute IRI (\"learner-7\")");
    }

    #[test]
    fn protected_redefinition_is_refused() {
        let mut doc = vc2(subject());
        doc["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!({"name": "https://example.org/name"}));
        let err = check(&doc).unwrap_err();
        #[cfg(feature = "jsonld-full")]
        assert_eq!(err.code(), "jsonld-protected-term-redefinition");
        #[cfg(not(feature = "jsonld-full"))]
        assert_needs_full(&err, "a redefinition of the protected term \"name\"");
    }
}
