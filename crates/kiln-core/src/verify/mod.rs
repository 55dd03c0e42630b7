//! The verification pipeline: bytes in, [`Report`] out.
//!
//! sniff -> extract -> parse -> JSON-LD safe mode -> proof -> issuer binding
//! -> proof purpose -> validity window -> status -> structure.
//!
//! `Err` means the input could not be read at all (not an image with a badge,
//! not a credential); everything else is an `Ok(Report)` whose checks each
//! passed, failed or were skipped with a reason.

#[macro_use]
mod messages;
mod checks;
#[cfg(feature = "nested")]
mod clr;
mod endorse;
mod fetched;
#[cfg(feature = "jws")]
mod jwt;
mod members;
mod nested;
mod ob2;
mod ob3;
pub mod online;
mod options;
mod pinned;
mod proofs;
mod report;
mod summary;
mod trust;

pub use fetched::Fetched;
#[cfg(feature = "english")]
pub use messages::TEMPLATES;
pub use messages::{Message, Params};
pub use nested::{ASSOCIATION_TYPES, Association, Pathway, PathwayAchievement};
pub use options::VerifyOptions;
pub use pinned::Documents;
/// The message table and the English renderer (see [`Message`]).
pub mod message {
    #[cfg(feature = "english")]
    pub use super::messages::error_template;
    pub use super::messages::{
        english_date, error_id, is_date_param, load_english, placeholders, render, template,
    };
}
pub use report::{Check, Outcome, Report, ReportError, Standing, Verdict};
pub use trust::{Identity, IdentityStatus, TrustList, TrustedIssuer};

use crate::payload::{self, PayloadKind};
use crate::{
    container,
    error::{Error, Result},
    limits::Limits,
};
use serde_json::Value;

/// Verifies a PNG, SVG, JSON credential or compact JWS.
///
/// `Err` only when the input could not be read at all; use
/// [`Report::from_error`] to turn that into an `error` verdict.
pub fn verify(input: &[u8], options: &VerifyOptions) -> Result<Report> {
    verify_round(input, options, true).map(|(report, _)| report)
}

/// Verifies with online checks, asking `fetch` for each document the checks
/// need, one after another. `fetch` is called at most once per URL.
///
/// Callers that can fetch several documents at once (and should: a badge may
/// name eight status lists) use [`verify_online_batched`].
pub fn verify_online(
    input: &[u8],
    options: &VerifyOptions,
    fetch: &mut dyn FnMut(&str) -> Fetched,
) -> Result<Report> {
    verify_online_batched(input, options, &mut |urls: &[String]| {
        urls.iter().map(|u| fetch(u)).collect()
    })
}

/// Verifies with online checks, asking `fetch` for the documents of each
/// round as one batch: it gets the URLs (at most [`Limits::max_documents`] in all,
/// never one it was given before) and returns one [`Fetched`] per URL, in
/// the same order. The caller may fetch them in parallel and bound the
/// whole verification by one time budget: a document that did not come in
/// time is answered with [`Fetched::Failed`] and its reason, and the checks
/// that needed it are skipped with that reason, never passed. An answer
/// missing from the returned list counts as failed too.
pub fn verify_online_batched(
    input: &[u8],
    options: &VerifyOptions,
    fetch: &mut dyn FnMut(&[String]) -> Vec<Fetched>,
) -> Result<Report> {
    let mut options = options.clone();
    let rounds = options.limits.max_rounds;
    for round in 0..rounds {
        let last = round + 1 == rounds;
        let (report, needs) = verify_round(input, &options, last)?;
        let mut new: Vec<String> = Vec::new();
        for url in needs {
            if !options.fetched.contains_key(&url) && !new.contains(&url) {
                new.push(url);
            }
        }
        if new.is_empty() || last || !options.online {
            return Ok(report);
        }
        let mut answers = fetch(&new).into_iter();
        for url in new {
            let got = answers
                .next()
                .unwrap_or_else(|| Fetched::Failed(format!("{url} was not fetched")));
            options.fetched.insert(url, got);
        }
    }
    verify_round(input, &options, true).map(|(r, _)| r)
}

/// One round: the report, and the URLs the checks asked for and did not have.
/// On the last round a missing document is "could not be checked".
pub fn verify_round(
    input: &[u8],
    options: &VerifyOptions,
    last_round: bool,
) -> Result<(Report, Vec<String>)> {
    let (payload, kind, json) = extract_read(input, &options.limits)?;
    let web = online::Web::new(options, last_round);
    // Only a build that checks credentials inside credentials keeps that code.
    #[cfg(feature = "nested")]
    let web = web.with_embedded(verify_embedded);
    let mut report = verify_payload(payload, kind, json, options, &web);
    if let Some(note) = pinned::note(&web.used_pinned()) {
        report.warn(note);
    }
    Ok((report, web.into_needs()))
}

#[cfg(feature = "nested")]
/// Verifies a credential found inside another one (a CLR's nested
/// credential, an embedded endorsement): a JSON object or a VC-JWT string,
/// with the whole pipeline, one level deeper on the same round. Handed to
/// the checks through [`online::Web`], never imported by them.
fn verify_embedded(item: &serde_json::Value, options: &VerifyOptions, web: &online::Web) -> Report {
    let text = match item {
        serde_json::Value::String(s) => s.trim().to_owned(),
        serde_json::Value::Object(_) => match serde_json::to_string(item) {
            Ok(t) => t,
            Err(e) => {
                return Report::from_error(&Error::malformed(
                    crate::code::Code::CredentialNotObject,
                    format!("the credential could not be read: {e}"),
                ));
            }
        },
        _ => {
            return Report::from_error(&Error::malformed(
                crate::code::Code::CredentialNotObject,
                "this entry is neither a credential object nor a VC-JWT",
            ));
        }
    };
    let (kind, json) = match payload::classify_read(&text, &options.limits) {
        Ok(k) => k,
        Err(e) => return Report::from_error(&e),
    };
    web.nested(|| match kind {
        #[cfg(feature = "jws")]
        PayloadKind::VcJwt => jwt::verify_jwt(text, options, web),
        #[cfg(not(feature = "jws"))]
        PayloadKind::VcJwt => jws_not_built(text, kind),
        PayloadKind::Ob3Credential => ob3::verify_json(text, json, options, web),
        other => {
            let mut r = Report::from_error(&Error::unsupported(
                crate::code::Code::PayloadUnknown,
                format!(
                    "a nested credential must be a Verifiable Credential, not an {}",
                    other.describe()
                ),
            ));
            r.payload = Some(text);
            r
        }
    })
}

/// Verifies and always returns a report: unreadable input becomes an `error` verdict.
pub fn verify_to_report(input: &[u8], options: &VerifyOptions) -> Report {
    verify(input, options).unwrap_or_else(|e| Report::from_error(&e))
}

/// The credential text and its kind, from an image or from the text itself.
pub fn extract(input: &[u8], limits: &Limits) -> Result<(String, PayloadKind)> {
    extract_read(input, limits).map(|(payload, kind, _)| (payload, kind))
}

/// [`extract`], with the payload's JSON value when it is JSON.
fn extract_read(input: &[u8], limits: &Limits) -> Result<(String, PayloadKind, Option<Value>)> {
    if input.len() > limits.max_input_bytes {
        return Err(Error::limit(
            crate::code::Code::InputTooLarge,
            format!(
                "the input is {} bytes; the limit is {} bytes",
                input.len(),
                limits.max_input_bytes
            ),
        ));
    }
    if container::sniff(input).is_some() {
        let unbaked = container::unbake(input, limits)?;
        return Ok((unbaked.payload, unbaked.kind, unbaked.json));
    }
    let text = std::str::from_utf8(input).map_err(|e| {
        Error::malformed(
            crate::code::Code::NotABadge,
            format!(
                "this is neither a PNG or SVG badge nor credential text (invalid UTF-8 at byte {})",
                e.valid_up_to()
            ),
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text).trim();
    if text.is_empty() {
        return Err(Error::malformed(
            crate::code::Code::EmptyInput,
            "the input is empty",
        ));
    }
    if text.len() > limits.max_payload_bytes {
        return Err(Error::limit(
            crate::code::Code::PayloadTooLarge,
            format!(
                "the credential is {} bytes; the limit is {} bytes",
                text.len(),
                limits.max_payload_bytes
            ),
        ));
    }
    let (kind, json) = payload::classify_read(text, limits)?;
    Ok((text.to_owned(), kind, json))
}

/// Verifies credential text already extracted.
fn verify_payload(
    payload: String,
    kind: PayloadKind,
    json: Option<Value>,
    options: &VerifyOptions,
    web: &online::Web,
) -> Report {
    match kind {
        PayloadKind::Ob3Credential => ob3::verify_json(payload, json, options, web),
        #[cfg(feature = "jws")]
        PayloadKind::VcJwt => jwt::verify_jwt(payload, options, web),
        #[cfg(not(feature = "jws"))]
        PayloadKind::VcJwt | PayloadKind::Ob2Jws => jws_not_built(payload, kind),
        #[cfg(feature = "jws")]
        PayloadKind::Ob2Jws => ob2::verify_ob2(payload, kind, options, web),
        PayloadKind::Ob2Assertion | PayloadKind::HostedUrl => {
            ob2::verify_ob2(payload, kind, options, web)
        }
    }
}

/// A credential signed as a compact JWS in a build without the feature
/// `jws`: "could not check", with [`crate::error::Capability::Jws`] in
/// `needs` so that a caller can run it again with a build that has it.
#[cfg(not(feature = "jws"))]
fn jws_not_built(payload: String, kind: PayloadKind) -> Report {
    let mut report = Report::from_error(&Error::not_built(
        crate::code::Code::JwsNotBuilt,
        crate::error::Capability::Jws,
        format!(
            "checking an {} needs the feature jws, which this build of Kiln leaves out",
            kind.describe()
        ),
    ));
    report.payload = Some(payload);
    report
}
