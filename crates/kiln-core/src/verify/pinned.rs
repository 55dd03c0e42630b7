//! Pinned documents: a set of JSON documents by URL or DID that the caller
//! gives instead of the network (`kiln verify --documents FILE`, the JS
//! API's `documents` option), for air-gapped checks, archives and tests.
//!
//! A pinned document takes the place of a fetch: [`Web`](super::online::Web)
//! serves it before asking the caller's fetcher, online or not, and the
//! report says which documents came from the given set. A `did:web` DID is
//! pinned under the URL of its DID document. A pinned JSON-LD context
//! (a document with an `@context` under an `http(s)` URL) is also an extra
//! context for the JSON-LD processor; a bundled context always wins, since
//! contexts are part of what a signature means.

use std::collections::BTreeMap;

use serde_json::Value;

use super::fetched::Fetched;
use crate::key::didweb;
use crate::{
    error::{Error, Result},
    limits::Limits,
};

/// Documents by URL (a `did:web` DID stored under its document's URL).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Documents {
    /// URL -> the document as a 200 response.
    by_url: BTreeMap<String, Fetched>,
    /// URL -> JSON text, for the documents that are JSON-LD contexts.
    contexts: Vec<(String, String)>,
}

impl Documents {
    /// Reads a set of documents from JSON text: an object whose members map
    /// a URL or DID to its document; or an object with a `documents` member
    /// holding such a map whose values are `{"document": ..., "source": "..."}`
    /// (the form the test fixtures keep their sources in).
    ///
    /// Bounded by [`Limits::max_pinned_documents`] and
    /// [`Limits::max_pinned_bytes`]; each document as any JSON Kiln reads.
    pub fn from_json(text: &str, limits: &Limits) -> Result<Documents> {
        if text.len() > limits.max_pinned_bytes {
            return Err(Error::limit(
                crate::code::Code::JsonTooLarge,
                format!(
                    "the documents are {} bytes of JSON; the limit is {} bytes (max_pinned_bytes)",
                    text.len(),
                    limits.max_pinned_bytes
                ),
            ));
        }
        let read_limits = Limits {
            max_payload_bytes: limits.max_pinned_bytes,
            max_json_nodes: limits.max_json_nodes.saturating_mul(4),
            ..limits.clone()
        };
        let value = crate::credential::read_json(text, &read_limits, "the documents")?;
        let Value::Object(top) = value else {
            return Err(malformed("the documents must be a JSON object".into()));
        };
        let wrapped = match top.get("documents") {
            Some(Value::Object(inner)) => Some(inner.clone()),
            _ => None,
        };
        let mut out = Documents::default();
        match wrapped {
            Some(inner) => {
                for (id, entry) in inner {
                    let doc = entry.get("document").ok_or_else(|| {
                        malformed(format!("$.documents[{id:?}] has no \"document\" member"))
                    })?;
                    out.insert(&id, doc, limits)?;
                }
            }
            None => {
                for (id, doc) in &top {
                    out.insert(id, doc, limits)?;
                }
            }
        }
        Ok(out)
    }

    /// Pins `doc` under `id`: an `http(s)` URL (a fragment is dropped, as a
    /// fetch drops it) or a `did:web` DID.
    pub fn insert(&mut self, id: &str, doc: &Value, limits: &Limits) -> Result<()> {
        if self.by_url.len() >= limits.max_pinned_documents {
            return Err(Error::limit(
                crate::code::Code::JsonTooManyNodes,
                format!(
                    "more than {} documents were given; the limit is {} (max_pinned_documents)",
                    limits.max_pinned_documents, limits.max_pinned_documents
                ),
            ));
        }
        if !doc.is_object() {
            return Err(malformed(format!(
                "the document for {id:?} is not a JSON object"
            )));
        }
        let url = if id.starts_with("did:web:") {
            didweb::document_url(id.split('#').next().unwrap_or(id), false)?
        } else if id.starts_with("https://") || id.starts_with("http://") {
            id.split('#').next().unwrap_or(id).to_owned()
        } else {
            return Err(malformed(format!(
                "{id:?} is neither an http(s) URL nor a did:web DID; documents are pinned by either"
            )));
        };
        let text = crate::credential::json_text(doc);
        if doc.get("@context").is_some() && !is_bundled(&url) {
            self.contexts.retain(|(u, _)| *u != url);
            self.contexts.push((url.clone(), text.clone()));
        }
        self.by_url.insert(url, Fetched::ok(text));
        Ok(())
    }

    /// The pinned document for `url`, as a fetch would have answered.
    pub(crate) fn get(&self, url: &str) -> Option<&Fetched> {
        self.by_url.get(url)
    }

    /// How many documents are pinned.
    pub fn len(&self) -> usize {
        self.by_url.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.by_url.is_empty()
    }

    /// The pinned documents that are JSON-LD contexts: (URL, JSON text).
    pub fn contexts(&self) -> &[(String, String)] {
        &self.contexts
    }

    /// Whether `url` is pinned.
    pub fn contains(&self, url: &str) -> bool {
        self.by_url.contains_key(url)
    }

    /// The pinned URLs.
    pub fn urls(&self) -> impl Iterator<Item = &str> {
        self.by_url.keys().map(String::as_str)
    }
}

fn malformed(message: String) -> Error {
    Error::malformed(crate::code::Code::JsonMalformed, message)
}

#[cfg(feature = "jsonld-compact")]
fn is_bundled(url: &str) -> bool {
    crate::jsonld::ContextStore::bundled().get(url).is_some()
}

#[cfg(not(feature = "jsonld-compact"))]
fn is_bundled(_url: &str) -> bool {
    false
}

/// The report's note on what came from the pinned set.
pub(crate) fn note(used: &[String]) -> Option<super::Message> {
    (!used.is_empty()).then(|| msg!("warning.pinned-documents", urls = used.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn plain_and_wrapped_maps() {
        let l = Limits::default();
        let plain = json!({
            "https://example.org/ctx": {"@context": {"a": "https://example.org/a"}},
            "did:web:example.org:issuers:1": {"id": "did:web:example.org:issuers:1"}
        });
        let d = Documents::from_json(&plain.to_string(), &l).unwrap();
        assert!(d.contains("https://example.org/ctx"));
        assert!(d.contains("https://example.org/issuers/1/did.json"));
        assert_eq!(d.contexts().len(), 1);
        let wrapped = json!({"note": "x", "documents": {
            "https://example.org/p#key": {"source": "s", "document": {"id": "https://example.org/p"}}
        }});
        let d = Documents::from_json(&wrapped.to_string(), &l).unwrap();
        assert!(d.contains("https://example.org/p"));
        assert!(d.contexts().is_empty());
    }

    #[test]
    fn bad_sets_are_refused_with_the_reason() {
        let l = Limits::default();
        for (text, says) in [
            ("[1]", "must be a JSON object"),
            (r#"{"ftp://x": {}}"#, "neither an http(s) URL"),
            (r#"{"https://x": 5}"#, "not a JSON object"),
            (
                r#"{"documents": {"https://x": {"source": "s"}}}"#,
                "no \"document\"",
            ),
        ] {
            let e = Documents::from_json(text, &l).unwrap_err();
            assert!(e.to_string().contains(says), "{text}: {e}");
        }
        let few = Limits {
            max_pinned_documents: 1,
            ..Limits::default()
        };
        let e = Documents::from_json(r#"{"https://a": {}, "https://b": {}}"#, &few).unwrap_err();
        assert!(matches!(e, Error::LimitExceeded(_)), "{e}");
        let tiny = Limits {
            max_pinned_bytes: 4,
            ..Limits::default()
        };
        let e = Documents::from_json(r#"{"https://a": {}}"#, &tiny).unwrap_err();
        assert!(matches!(e, Error::LimitExceeded(_)), "{e}");
    }

    #[test]
    fn a_bundled_context_is_never_replaced() {
        let d = Documents::from_json(
            r#"{"https://www.w3.org/ns/credentials/v2": {"@context": {"name": "https://evil.example/name"}}}"#,
            &Limits::default(),
        )
        .unwrap();
        if cfg!(feature = "jsonld-compact") {
            assert!(d.contexts().is_empty());
        }
    }
}
