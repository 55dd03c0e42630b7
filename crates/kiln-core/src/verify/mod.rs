//! The verification pipeline: bytes in, [`Report`] out.
//!
//! sniff -> extract -> parse -> JSON-LD safe mode -> proof -> issuer binding
//! -> proof purpose -> validity window -> status -> structure.
//!
//! `Err` means the input could not be read at all (not an image with a badge,
//! not a credential); everything else is an `Ok(Report)` whose checks each
//! passed, failed or were skipped with a reason.

mod jwt;
mod keys;
mod ob2;
mod ob3;
pub mod online;
mod recipient;
mod report;
mod schema;
mod status;
mod summary;
mod trust;

pub use online::{Fetched, verify_online};
pub use report::{Check, Outcome, Report, ReportError, Verdict};
pub use trust::{Identity, IdentityStatus, TrustList, TrustedIssuer};

use std::collections::BTreeMap;

use crate::payload::{self, PayloadKind};
use crate::{Error, Limits, Result, container};

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
    /// Documents fetched so far, by URL (see [`verify_online`]).
    pub fetched: BTreeMap<String, Fetched>,
    /// Issuers the caller trusts: an issuer listed here is reported with
    /// `identity.status` `trust-list`. Never changes the verdict.
    pub trust: Option<TrustList>,
    /// Whom the badge should have been issued to (an email address, URL or
    /// phone number): adds the `recipient` check. `None` leaves the check out.
    pub recipient: Option<String>,
}

impl VerifyOptions {
    /// Options with the given clock and default limits.
    pub fn at(now: i64) -> Self {
        VerifyOptions {
            now: Some(now),
            ..VerifyOptions::default()
        }
    }
}

/// Verifies a PNG, SVG, JSON credential or compact JWS.
///
/// `Err` only when the input could not be read at all; use
/// [`Report::from_error`] to turn that into an `error` verdict.
pub fn verify(input: &[u8], options: &VerifyOptions) -> Result<Report> {
    verify_round(input, options, true).map(|(report, _)| report)
}

/// One round: the report, and the URLs the checks asked for and did not have.
/// On the last round a missing document is "could not be checked".
pub fn verify_round(
    input: &[u8],
    options: &VerifyOptions,
    last_round: bool,
) -> Result<(Report, Vec<String>)> {
    let (payload, kind) = extract(input, &options.limits)?;
    let web = online::Web::new(options, last_round);
    let report = verify_payload(payload, kind, options, &web);
    Ok((report, web.into_needs()))
}

/// Verifies and always returns a report: unreadable input becomes an `error` verdict.
pub fn verify_to_report(input: &[u8], options: &VerifyOptions) -> Report {
    verify(input, options).unwrap_or_else(|e| Report::from_error(&e))
}

/// The credential text and its kind, from an image or from the text itself.
pub fn extract(input: &[u8], limits: &Limits) -> Result<(String, PayloadKind)> {
    if input.len() > limits.max_input_bytes {
        return Err(Error::limit(
            "input-too-large",
            format!(
                "the input is {} bytes; the limit is {} bytes",
                input.len(),
                limits.max_input_bytes
            ),
        ));
    }
    if container::sniff(input).is_some() {
        let unbaked = container::unbake(input, limits)?;
        return Ok((unbaked.payload, unbaked.kind));
    }
    let text = std::str::from_utf8(input).map_err(|e| {
        Error::malformed(
            "not-a-badge",
            format!(
                "this is neither a PNG or SVG badge nor credential text (invalid UTF-8 at byte {})",
                e.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(Error::malformed("empty-input", "the input is empty"));
    }
    if text.len() > limits.max_payload_bytes {
        return Err(Error::limit(
            "payload-too-large",
            format!(
                "the credential is {} bytes; the limit is {} bytes",
                text.len(),
                limits.max_payload_bytes
            ),
        ));
    }
    let kind = payload::classify_within(text, limits)?;
    Ok((text.to_owned(), kind))
}

/// Verifies credential text already extracted.
fn verify_payload(
    payload: String,
    kind: PayloadKind,
    options: &VerifyOptions,
    web: &online::Web,
) -> Report {
    match kind {
        PayloadKind::Ob3Credential => ob3::verify_json(payload, options, web),
        PayloadKind::VcJwt => jwt::verify_jwt(payload, options, web),
        PayloadKind::Ob2Assertion | PayloadKind::Ob2Jws | PayloadKind::HostedUrl => {
            ob2::verify_ob2(payload, kind, options, web)
        }
    }
}
