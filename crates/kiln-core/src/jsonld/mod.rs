//! JSON-LD for Kiln: bundled contexts (never fetched), the safe-mode check
//! (every term must be defined), JSON-LD to RDF through `oxjsonld`, and
//! RDFC-1.0 canonical N-Quads.
//!
//! ```
//! use kiln_core::{jsonld, Limits};
//! let doc = serde_json::json!({
//!     "@context": ["https://www.w3.org/ns/credentials/v2"],
//!     "type": ["VerifiableCredential"],
//!     "issuer": "did:example:issuer",
//!     "credentialSubject": {"id": "did:example:subject"}
//! });
//! let store = jsonld::ContextStore::bundled();
//! jsonld::check_safe(&doc, &store, &Limits::default())?;
//! let nquads = jsonld::canonicalize(&doc, &store, &Limits::default())?;
//! assert!(nquads.contains("<https://www.w3.org/2018/credentials#issuer> <did:example:issuer>"));
//! # Ok::<(), kiln_core::Error>(())
//! ```
//!
//! # Agreement with other processors
//! Checked against jsonld.js (the library most issuers sign with): the
//! vc-di-eddsa vectors, 60 DCC and 28 1EdTech credentials give the same
//! canonical N-Quads or signatures. Known differences, all in documents that
//! [`check_safe`] refuses: oxjsonld 0.2.7 still emits the triples of nested
//! nodes under a property the contexts do not define (the JSON-LD algorithm
//! drops the whole value). So canonicalize only documents that passed
//! [`check_safe`] when the result must match other implementations. Nodes
//! with several type-scoped contexts are rewritten first (see `scoped.rs`),
//! because oxjsonld 0.2.7 applies only the last one.
//!
//! # Builds
//! With `jsonld-compact`, Kiln's compact processor (`compact/`) is the
//! only one: a document beyond it is refused with
//! `jsonld-needs-full-processor`, an error naming what it met (a compact
//! IRI as a key, a value object, a relative id...) whose
//! [`Error::needs`](crate::Error::needs) is
//! [`Capability::JsonLdFull`](crate::Capability::JsonLdFull), so that the
//! report says a build with `jsonld-full` can check it. With `jsonld-full`,
//! [`to_rdf`] tries the compact processor first and oxjsonld (all of
//! JSON-LD 1.1) when the compact one gives up.
//!
//! # Limits
//! `max_input_bytes`, `max_json_depth` and `max_quads` bound the expansion;
//! `max_blank_nodes` and `max_canon_work` bound RDFC-1.0 (see [`canon`]).

pub mod canon;
mod checks;
mod compact;
mod contexts;
mod safe;
#[cfg(feature = "jsonld-full")]
mod scoped;
mod view;

pub use canon::HashAlgorithm;
#[cfg(feature = "internals")]
pub use checks::check_safe_faithful;
#[cfg(not(feature = "internals"))]
pub(crate) use checks::check_safe_faithful;
pub use safe::check_safe;
#[cfg(feature = "internals")]
pub use safe::check_safe_with;
#[cfg(all(feature = "internals", feature = "jsonld-full"))]
pub use view::check_faithful_by_three_expansions;
#[cfg(feature = "internals")]
pub use view::proof_faithful_expanded;
#[cfg(not(feature = "internals"))]
pub(crate) use view::proof_faithful_expanded;
pub use view::{check_faithful, check_proof_faithful};

use crate::{
    error::{Error, Result},
    limits::Limits,
};
#[cfg(feature = "jsonld-full")]
use oxjsonld::{JsonLdErrorCode, JsonLdParser, JsonLdRemoteDocument};
use serde_json::Value;
use std::collections::BTreeMap;
#[cfg(feature = "jsonld-full")]
use std::sync::Mutex;
use std::sync::{Arc, OnceLock};

/// The JSON-LD context documents a processing run may use: Kiln's bundled
/// ones plus any the caller adds. Nothing is ever fetched: a context URL not
/// in the store is an error naming it.
#[derive(Debug, Clone)]
pub struct ContextStore {
    map: Arc<BTreeMap<String, String>>,
}

/// The bundled contexts by URL. Filled by `insert` rather than `collect`
/// (which would bring in a sort for this element type). The texts are copied
/// once per process: a `BTreeMap<String, String>` is a map type the verifier
/// has anyway, where borrowed texts would add a copy of the B-tree code.
fn bundled_map() -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    for (url, text) in contexts::BUNDLED {
        map.insert((*url).to_owned(), (*text).to_owned());
    }
    map
}

impl ContextStore {
    /// The contexts compiled into Kiln (VC 1.1 and 2.0, Open Badges 3.0 and
    /// its extensions, Data Integrity, Ed25519Signature2020, status lists, DID).
    pub fn bundled() -> Self {
        // Built once per process; every store shares it.
        static BUNDLED: OnceLock<ContextStore> = OnceLock::new();
        BUNDLED
            .get_or_init(|| ContextStore {
                map: Arc::new(bundled_map()),
            })
            .clone()
    }

    /// The bundled contexts plus the caller's `(URL, JSON text)` pairs.
    ///
    /// An extra that is not JSON, or that gives a bundled URL other content,
    /// is [`Error::Misuse`].
    pub fn with_extra(extra: &[(String, String)]) -> Result<Self> {
        if extra.is_empty() {
            return Ok(ContextStore::bundled());
        }
        let mut map = bundled_map();
        for (url, text) in extra {
            let parsed =
                crate::credential::read_json(text, &Limits::default(), url).map_err(|e| {
                    Error::misuse(
                        crate::code::Code::JsonldBadExtraContext,
                        format!("the extra context for {url} is not usable JSON: {e}"),
                    )
                })?;
            if parsed.get("@context").is_none() {
                return Err(Error::misuse(
                    crate::code::Code::JsonldBadExtraContext,
                    format!("the extra context for {url} has no \"@context\" member"),
                ));
            }
            if let Some(existing) = map.get(url) {
                let same = serde_json::from_str::<Value>(existing)
                    .map(|v| v == parsed)
                    .unwrap_or(false);
                if !same {
                    return Err(Error::misuse(
                        crate::code::Code::JsonldBadExtraContext,
                        format!("{url} is bundled with Kiln; an extra context may not replace it"),
                    ));
                }
                continue;
            }
            map.insert(url.clone(), text.clone());
        }
        Ok(ContextStore { map: Arc::new(map) })
    }

    /// The JSON text of the context at `url`, if the store has it.
    pub fn get(&self, url: &str) -> Option<&str> {
        self.map.get(url).map(String::as_str)
    }

    /// Every URL the store can serve.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }
}

impl Default for ContextStore {
    fn default() -> Self {
        ContextStore::bundled()
    }
}

/// An RDF dataset produced from a JSON-LD document: its quads, in the order
/// the processor emitted them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RdfDataset {
    quads: Vec<oxrdf::Quad>,
}

impl RdfDataset {
    /// Number of quads (duplicates included).
    pub fn len(&self) -> usize {
        self.quads.len()
    }

    /// True when the document produced no quad.
    pub fn is_empty(&self) -> bool {
        self.quads.is_empty()
    }

    /// The quads as N-Quads (not canonical: blank node labels are arbitrary).
    pub fn to_nquads(&self) -> String {
        let mut out = String::new();
        for q in &self.quads {
            out.push_str(&q.to_string());
            out.push_str(" .\n");
        }
        out
    }

    /// Canonical N-Quads of this dataset (RDFC-1.0 with `hash`).
    pub fn canonicalize(&self, hash: HashAlgorithm, limits: &Limits) -> Result<String> {
        Ok(canon::canonicalize_quads(&self.quads, hash, limits)?.nquads)
    }

    pub(crate) fn quads(&self) -> &[oxrdf::Quad] {
        &self.quads
    }
}

/// The URL of the context that `msg` names, as the loader recorded it.
fn unknown_context_error(url: &str) -> Error {
    Error::unsupported(
        crate::code::Code::JsonldUnknownContext,
        format!(
            "the JSON-LD context {url} is not bundled with Kiln and Kiln never fetches contexts; \
             a caller may add it (ContextStore::with_extra)"
        ),
    )
}

fn json_depth_ok(v: &Value, depth: usize, max: usize) -> bool {
    if depth > max {
        return false;
    }
    match v {
        Value::Array(a) => a
            .iter()
            .all(|x| json_depth_ok(x, depth.saturating_add(1), max)),
        Value::Object(o) => o
            .values()
            .all(|x| json_depth_ok(x, depth.saturating_add(1), max)),
        _ => true,
    }
}

/// Expands `doc` (JSON-LD 1.1) into RDF. Contexts come only from `store`.
///
/// Errors: an unknown context URL is [`Error::Unsupported`]
/// (`jsonld-unknown-context`); invalid JSON-LD is [`Error::Malformed`] with
/// the JSON-LD error code (`jsonld-protected-term-redefinition` for an attempt
/// to redefine a protected term); more than `limits.max_quads` quads or a
/// document over `max_input_bytes` / `max_json_depth` is
/// [`Error::LimitExceeded`].
pub fn to_rdf(doc: &Value, store: &ContextStore, limits: &Limits) -> Result<RdfDataset> {
    to_rdf_with_base(doc, None, store, limits)
}

internal_fn! {
/// [`to_rdf`] with a document base IRI (for the JSON-LD test suite, whose
/// documents use relative IRIs). Test hook (feature `internals`).
fn to_rdf_with_base(
    doc: &Value,
    base: Option<&str>,
    store: &ContextStore,
    limits: &Limits,
) -> Result<RdfDataset> {
    if !json_depth_ok(doc, 0, limits.max_json_depth) {
        return Err(too_deep(limits));
    }
    let gave_up = match base {
        // When the compact processor succeeds, the full one would have had
        // nothing to rewrite (scoped.rs), so its first possible error is the size.
        None => match compact::to_quads(doc, limits) {
            Ok(quads) => {
                check_size(serialized_len(doc)?, limits)?;
                return Ok(RdfDataset { quads });
            }
            Err(why) => why,
        },
        Some(_) => compact::GiveUp::Context("a base IRI".into()),
    };
    #[cfg(feature = "jsonld-full")]
    {
        let _ = gave_up;
        to_rdf_full(doc, base, store, limits)
    }
    #[cfg(not(feature = "jsonld-full"))]
    Err(full_processor_needed(&gave_up, store, limits))
}
}

fn too_deep(limits: &Limits) -> Error {
    Error::limit(
        crate::code::Code::JsonldTooDeep,
        format!(
            "the JSON-LD document is nested deeper than max_json_depth = {}",
            limits.max_json_depth
        ),
    )
}

/// [`to_rdf`] by the compact processor, with the node object and key each
/// quad came from, for the signed-view check (`view.rs`); `Ok(Err(why))`
/// when the compact processor gave up.
fn to_rdf_traced(
    doc: &Value,
    limits: &Limits,
) -> Result<std::result::Result<compact::Traced, compact::GiveUp>> {
    if !json_depth_ok(doc, 0, limits.max_json_depth) {
        return Err(too_deep(limits));
    }
    match compact::to_quads_traced(doc, limits) {
        Ok(traced) => {
            check_size(serialized_len(doc)?, limits)?;
            Ok(Ok(traced))
        }
        Err(why) => Ok(Err(why)),
    }
}

/// The error of a compact-only build for a document beyond its processor,
/// saying why. What the full processor would refuse too is that error: a
/// context URL the store does not have either, or more quads than the
/// limit (the full processor emits the same quads).
#[cfg(not(feature = "jsonld-full"))]
pub(super) fn full_processor_needed(
    why: &compact::GiveUp,
    store: &ContextStore,
    limits: &Limits,
) -> Error {
    match why {
        compact::GiveUp::TooManyQuads => too_many_quads(limits),
        compact::GiveUp::Unbundled(url) if store.get(url).is_none() => unknown_context_error(url),
        _ => Error::not_built(
            crate::code::Code::JsonldNeedsFullProcessor,
            crate::error::Capability::JsonLdFull,
            format!(
                "the credential uses JSON-LD beyond this build's compact processor ({why}); \
                 a build with the full JSON-LD processor (feature `jsonld-full`) can check it"
            ),
        ),
    }
}

internal_fn! {
/// [`to_rdf_with_base`] through oxjsonld only, without the compact
/// processor (the reference it is tested against). Test hook (feature `internals`).
#[cfg(feature = "jsonld-full")]
fn to_rdf_full(
    doc: &Value,
    base: Option<&str>,
    store: &ContextStore,
    limits: &Limits,
) -> Result<RdfDataset> {
    let rewritten = scoped::apply_all_type_scopes(doc, store)?;
    let doc = rewritten.as_ref().unwrap_or(doc);
    let bytes = serde_json::to_vec(doc).map_err(serialize_error)?;
    to_rdf_bytes(&bytes, base, store, limits)
}
}

internal_fn! {
/// Whether [`to_rdf`] takes the compact processor's path for `doc`. Test hook (feature
/// `internals`).
fn takes_fast_path(doc: &Value, limits: &Limits) -> bool {
    compact::to_quads(doc, limits).is_ok()
}
}

#[cfg(feature = "jsonld-full")]
fn serialize_error(e: serde_json::Error) -> Error {
    Error::malformed(
        crate::code::Code::JsonldInvalid,
        format!("the JSON-LD document cannot be serialized: {e}"),
    )
}

/// The length of `doc` as compact JSON (what Kiln's JSON writer,
/// `credential::to_json_string`, would write), counted without writing it: the size limit is checked on every
/// expansion, and serializing only to count was a measurable part of a
/// verification. Callers check the depth first (`json_depth_ok`).
fn serialized_len(doc: &Value) -> Result<usize> {
    Ok(json_len(doc))
}

fn json_len(v: &Value) -> usize {
    match v {
        Value::Null => 4,
        Value::Bool(true) => 4,
        Value::Bool(false) => 5,
        // Rare in a credential: the text Kiln's writer gives it.
        Value::Number(n) => crate::credential::number_text(n).len(),
        Value::String(s) => string_len(s),
        Value::Array(a) => a.iter().fold(a.len().max(1).saturating_add(1), |n, x| {
            n.saturating_add(json_len(x))
        }),
        Value::Object(o) => o.iter().fold(
            o.len().saturating_mul(2).max(1).saturating_add(1),
            |n, (k, x)| n.saturating_add(string_len(k)).saturating_add(json_len(x)),
        ),
    }
}

/// A JSON string's length with its quotes and serde_json's escapes: two
/// bytes for `"`, `\\` and the five short control escapes, six (`\u00XX`)
/// for the other control characters.
fn string_len(s: &str) -> usize {
    s.bytes().fold(2usize, |n, b| {
        n.saturating_add(match b {
            b'"' | b'\\' | 0x08 | 0x0c | b'\n' | b'\r' | b'\t' => 2,
            0..=0x1f => 6,
            _ => 1,
        })
    })
}

fn too_many_quads(limits: &Limits) -> Error {
    Error::limit(
        crate::code::Code::JsonldTooManyQuads,
        format!(
            "the JSON-LD document expands to more than max_quads = {} quads",
            limits.max_quads
        ),
    )
}

fn check_size(len: usize, limits: &Limits) -> Result<()> {
    if len > limits.max_input_bytes {
        return Err(Error::limit(
            crate::code::Code::JsonldTooLarge,
            format!(
                "the JSON-LD document has {len} bytes, more than max_input_bytes = {}",
                limits.max_input_bytes
            ),
        ));
    }
    Ok(())
}

#[cfg(feature = "jsonld-full")]
fn to_rdf_bytes(
    bytes: &[u8],
    base: Option<&str>,
    store: &ContextStore,
    limits: &Limits,
) -> Result<RdfDataset> {
    check_size(bytes.len(), limits)?;
    let missing: Arc<Mutex<Option<String>>> = Arc::new(Mutex::new(None));
    let loader_store = store.clone();
    let loader_missing = Arc::clone(&missing);
    let mut parser = JsonLdParser::new();
    if let Some(base) = base {
        parser = parser.with_base_iri(base).map_err(|e| {
            Error::misuse(
                crate::code::Code::JsonldBadBase,
                format!("the base IRI {base} is not an IRI: {e}"),
            )
        })?;
    }
    let parser = parser
        .for_slice(bytes)
        .with_load_document_callback(move |url, _options| match loader_store.get(url) {
            Some(text) => Ok(JsonLdRemoteDocument {
                document: text.as_bytes().to_vec(),
                document_url: url.to_owned(),
            }),
            None => {
                if let Ok(mut m) = loader_missing.lock() {
                    m.get_or_insert_with(|| url.to_owned());
                }
                Err(format!("the context {url} is not available offline").into())
            }
        });
    let mut quads = Vec::new();
    for quad in parser {
        match quad {
            Ok(q) => {
                if quads.len() >= limits.max_quads {
                    return Err(too_many_quads(limits));
                }
                quads.push(q);
            }
            Err(e) => {
                if let Some(url) = missing.lock().ok().and_then(|m| m.clone()) {
                    return Err(unknown_context_error(&url));
                }
                return Err(match e.code() {
                    Some(JsonLdErrorCode::ProtectedTermRedefinition) => Error::malformed(
                        crate::code::Code::JsonldProtectedTermRedefinition,
                        format!("the document redefines a protected term: {e}"),
                    ),
                    Some(code) => Error::malformed(
                        crate::code::Code::JsonldInvalid,
                        format!("invalid JSON-LD ({code:?}): {e}"),
                    ),
                    None => Error::malformed(
                        crate::code::Code::JsonldInvalid,
                        format!("invalid JSON: {e}"),
                    ),
                });
            }
        }
    }
    Ok(RdfDataset { quads })
}

/// Canonical N-Quads (RDFC-1.0 with SHA-256) of a JSON-LD document.
pub fn canonicalize(doc: &Value, store: &ContextStore, limits: &Limits) -> Result<String> {
    to_rdf(doc, store, limits)?.canonicalize(HashAlgorithm::Sha256, limits)
}

/// Canonical N-Quads (RDFC-1.0 with SHA-256) of an N-Quads document.
pub fn canonicalize_nquads(nquads: &str, limits: &Limits) -> Result<String> {
    let quads = canon::parse_nquads(nquads, limits)?;
    Ok(canon::canonicalize_quads(&quads, HashAlgorithm::Sha256, limits)?.nquads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The counted length is the length Kiln's writer writes, for every kind of
    /// value, every escape, and real documents (the bundled contexts, a badge).
    #[test]
    fn serialized_len_is_the_written_length() {
        let controls: String = (0u8..=0x7f).map(char::from).collect();
        let mut docs = vec![
            json!(null),
            json!(true),
            json!(false),
            json!(0),
            json!(-12),
            json!(u64::MAX),
            json!(1.5e300),
            json!(-0.000_125),
            json!(""),
            json!([]),
            json!({}),
            json!([[], {}, [1], {"a": []}]),
            json!({"k\"\\\n": controls, "\u{e9}\u{2028}\u{1F600}": "\u{7f}\u{85}\u{200e}"}),
            serde_json::from_str(include_str!("../../benches/data/ob30-typical-rdfc.json"))
                .unwrap(),
        ];
        let store = ContextStore::bundled();
        for url in store.urls() {
            docs.push(serde_json::from_str(store.get(url).unwrap()).unwrap());
        }
        for doc in &docs {
            let written = crate::credential::to_json_string(doc).unwrap().len();
            assert_eq!(serialized_len(doc).unwrap(), written, "{doc}");
        }
    }

    #[test]
    fn store_has_the_credential_contexts() {
        let s = ContextStore::bundled();
        for url in [
            "https://www.w3.org/2018/credentials/v1",
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
            "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
            "https://w3id.org/security/data-integrity/v2",
            "https://w3id.org/security/multikey/v1",
            "https://www.w3.org/ns/did/v1",
            "https://w3id.org/vc/status-list/2021/v1",
        ] {
            assert!(s.get(url).is_some(), "{url}");
        }
        // Contexts no badge needs come with the complete processor only.
        let full = cfg!(feature = "jsonld-full");
        for url in [
            "https://w3id.org/citizenship/v4rc1",
            "https://w3id.org/openbadges/v2",
        ] {
            assert_eq!(s.get(url).is_some(), full, "{url}");
        }
    }

    #[test]
    fn extra_contexts_add_but_never_replace() {
        let extra = vec![(
            "https://example.org/ctx".to_owned(),
            r#"{"@context":{"a":"https://example.org/a"}}"#.to_owned(),
        )];
        let s = ContextStore::with_extra(&extra).unwrap();
        assert!(s.get("https://example.org/ctx").is_some());
        let bad = vec![(
            "https://www.w3.org/ns/credentials/v2".to_owned(),
            r#"{"@context":{}}"#.to_owned(),
        )];
        assert_eq!(
            ContextStore::with_extra(&bad).unwrap_err().code(),
            "jsonld-bad-extra-context"
        );
        let not_json = vec![("https://example.org/x".to_owned(), "{".to_owned())];
        assert!(ContextStore::with_extra(&not_json).is_err());
    }

    #[test]
    fn unknown_context_is_named_not_fetched() {
        let doc = json!({"@context": "https://example.org/nowhere", "name": "x"});
        let err = to_rdf(&doc, &ContextStore::bundled(), &Limits::default()).unwrap_err();
        assert_eq!(err.code(), "jsonld-unknown-context");
        assert!(
            err.to_string().contains("https://example.org/nowhere"),
            "{err}"
        );
        assert!(err.to_string().contains("caller may add"), "{err}");
    }

    #[test]
    fn quad_limit_is_enforced() {
        let doc = json!({"@context": {"@vocab": "https://example.org/"}, "a": 1, "b": 2, "c": 3});
        let limits = Limits {
            max_quads: 2,
            ..Limits::default()
        };
        let err = to_rdf(&doc, &ContextStore::bundled(), &limits).unwrap_err();
        assert_eq!(err.code(), "jsonld-too-many-quads");
    }

    #[test]
    fn protected_term_redefinition_is_reported() {
        let doc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", {"description": "https://example.org/other"}],
            "type": "VerifiableCredential",
            "issuer": "did:example:1",
            "description": "d"
        });
        let err = to_rdf(&doc, &ContextStore::bundled(), &Limits::default()).unwrap_err();
        #[cfg(feature = "jsonld-full")]
        assert_eq!(err.code(), "jsonld-protected-term-redefinition", "{err}");
        // The compact processor leaves naming the error to the full one.
        #[cfg(not(feature = "jsonld-full"))]
        {
            assert_eq!(err.code(), "jsonld-needs-full-processor", "{err}");
            assert_eq!(err.needs(), Some(crate::error::Capability::JsonLdFull));
            assert!(
                err.to_string()
                    .contains("a redefinition of the protected term \"description\""),
                "{err}"
            );
        }
    }
}
