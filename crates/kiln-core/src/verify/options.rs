//! What the caller gives a verification: the clock, limits, the documents
//! fetched so far, trust and recipient.

use std::collections::BTreeMap;

use super::fetched::Fetched;
use super::pinned::Documents;
use super::trust::TrustList;
use crate::limits::Limits;

/// How to verify: the clock and limits come from the caller.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The current time, in seconds since the Unix epoch. `None` skips the
    /// validity-window check with a reason.
    pub now: Option<i64>,
    /// Work limits.
    pub limits: Limits,
    /// Extra JSON-LD contexts (URL, JSON text) beside the bundled ones.
    pub extra_contexts: Vec<(String, String)>,
    /// Whether checks that need the issuer's web (status lists, did:web, OB 2.0
    /// hosted assertions) may ask for documents. Off: they are skipped with the reason.
    pub online: bool,
    /// Allow plain `http:` to 127.0.0.1 / localhost (tests and local previews).
    pub allow_http_localhost: bool,
    /// Documents fetched so far, by URL (see [`verify_online`](super::verify_online)).
    pub fetched: BTreeMap<String, Fetched>,
    /// Issuers the caller trusts: an issuer listed here is reported with
    /// `identity.status` `trust-list`. Never changes the verdict.
    pub trust: Option<TrustList>,
    /// Whom the badge should have been issued to (an email address, URL or
    /// phone number): adds the `recipient` check. `None` leaves the check out.
    pub recipient: Option<String>,
    /// Documents the caller pins by URL or DID: served instead of a fetch,
    /// online or not. Set with [`VerifyOptions::use_documents`], which also
    /// adds the pinned JSON-LD contexts to `extra_contexts`.
    pub documents: Documents,
}

impl VerifyOptions {
    /// Options with the given clock and default limits.
    pub fn at(now: i64) -> Self {
        VerifyOptions {
            now: Some(now),
            ..VerifyOptions::default()
        }
    }

    /// Pins `documents` (see [`Documents`]): each takes the place of a
    /// fetch, and the contexts among them join [`extra_contexts`](Self::extra_contexts).
    pub fn use_documents(&mut self, documents: Documents) {
        for (url, text) in documents.contexts() {
            if !self.extra_contexts.iter().any(|(u, _)| u == url) {
                self.extra_contexts.push((url.clone(), text.clone()));
            }
        }
        self.documents = documents;
    }
}
