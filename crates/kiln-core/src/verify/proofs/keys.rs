//! Whose key signed a Data Integrity proof: resolving its verification
//! method, and the `issuer` check that follows from where the key was found.
//!
//! - `did:key`: the key is the identifier; resolved offline.
//! - `did:web`: the DID document fetched from the issuer's domain.
//! - `http(s)`: the controller document fetched from the URL without its
//!   fragment, read by [`key::controller::retrieve`]: the document must be
//!   that URL, state the method under that full id with itself as
//!   controller, and list it under `assertionMethod`.
//!
//! A key written in a URL's fragment (`<issuer URL>#z6Mk...`) is a claim.
//! When the document cannot be had (offline), the signature is checked with
//! the claimed key but the `issuer` check is skipped and the verdict is
//! "could not check"; when the document was had and does not vouch for the
//! key, the `issuer` check fails.

use serde_json::Value;

use crate::error::Error;
use crate::key::{self, VerificationMethod, controller, didweb};
use crate::verify::online::{Doc, Web};
use crate::verify::options::VerifyOptions;

/// What the key's source says about it.
#[derive(Debug, Clone)]
pub(crate) struct KeyFacts {
    /// The key may issue credentials: a did:key, or a DID or controller
    /// document that lists it under `assertionMethod`.
    pub assertion_method: bool,
    /// The host whose did:web or controller document published the key.
    pub domain: Option<String>,
}

/// Why a verification method gave no key to check the proof with.
#[derive(Debug)]
pub(crate) enum Unresolved {
    /// The method or its document is malformed: the proof is not usable.
    Broken(String),
    /// The key could not be had (offline, unsupported method): the reason.
    CannotCheck(Error),
    /// The key's document is being fetched.
    Pending,
}

/// Why a key's owner is not confirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Doubt {
    /// The controller document could not be had: the claim was not checked.
    Unreachable(String),
    /// The controller document was had and does not vouch for the key.
    Refuted(String),
}

/// A verification method resolved to a key.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub vm: Box<VerificationMethod>,
    pub facts: KeyFacts,
    /// `Some` when the key is only what the method's id claims.
    pub doubt: Option<Doubt>,
}

impl Resolved {
    fn confirmed(vm: VerificationMethod, facts: KeyFacts) -> Self {
        Resolved {
            vm: Box::new(vm),
            facts,
            doubt: None,
        }
    }
}

/// The key a verification method names: offline for `did:key`, else from
/// the controller document through the caller's fetcher. `Err` holds what
/// the proof comes to without a key.
pub(crate) fn resolve(
    vm: &str,
    options: &VerifyOptions,
    web: &Web,
) -> Result<Resolved, Unresolved> {
    match key::resolve_offline(vm) {
        Ok(found) => Ok(Resolved::confirmed(
            found,
            KeyFacts {
                assertion_method: true,
                domain: None,
            },
        )),
        Err(Error::Malformed(d)) => Err(Unresolved::Broken(format!("{}.", d.message()))),
        Err(e) if e.code() == crate::code::Code::KeyNeedsNetwork && vm.starts_with("did:web:") => {
            resolve_did_web(vm, options, web)
        }
        Err(e) if e.code() == crate::code::Code::KeyNeedsNetwork && controller::is_http(vm) => {
            resolve_http(vm, web)
        }
        Err(e) => Err(Unresolved::CannotCheck(e)),
    }
}

/// Why a document could not be had, or its JSON.
enum Got {
    Pending,
    Unreachable(String),
    Unreadable(String),
    Json(Value),
}

fn get_json(url: &str, web: &Web) -> Got {
    match web.get_json(url) {
        Doc::Json(doc) => Got::Json(doc),
        Doc::Pending => Got::Pending,
        Doc::Unreadable(why) => Got::Unreadable(why),
        other => Got::Unreachable(other.why_not(url).unwrap_or_default()),
    }
}

fn resolve_did_web(vm: &str, options: &VerifyOptions, web: &Web) -> Result<Resolved, Unresolved> {
    let url = didweb::document_url(vm, options.allow_http_localhost)
        .map_err(|e| Unresolved::Broken(format!("{}.", e.detail().message())))?;
    let unreachable = |why: String| {
        Unresolved::CannotCheck(Error::unsupported(
            crate::code::Code::KeyUnreachable,
            format!("the issuer's DID document could not be fetched: {why}"),
        ))
    };
    let doc = match get_json(&url, web) {
        Got::Pending => return Err(Unresolved::Pending),
        Got::Unreachable(why) => return Err(unreachable(why)),
        Got::Unreadable(why) => {
            return Err(Unresolved::Broken(format!(
                "the issuer's DID document at {url} cannot be read: {why}."
            )));
        }
        Got::Json(doc) => doc,
    };
    match didweb::find_key(&doc, vm) {
        Ok(found) => Ok(Resolved::confirmed(
            found.method,
            KeyFacts {
                assertion_method: found.assertion_method,
                domain: Some(found.domain),
            },
        )),
        Err(Error::Malformed(d)) => Err(Unresolved::Broken(format!("{}.", d.message()))),
        Err(e) => Err(Unresolved::CannotCheck(e)),
    }
}

/// The host (and port) of an http(s) URL.
fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| host.to_owned())
}

fn resolve_http(vm: &str, web: &Web) -> Result<Resolved, Unresolved> {
    let url = controller::document_url(vm).unwrap_or(vm);
    let claimed = match controller::key_in_fragment(vm) {
        Some(Ok(k)) => Some(k),
        Some(Err(e)) => return Err(Unresolved::Broken(format!("{}.", e.detail().message()))),
        None => None,
    };
    // Without the document, a key in the fragment is checked against the
    // signature, but its owner stays unconfirmed.
    let only_claimed = |doubt: Doubt| match claimed {
        Some(public_key) => Ok(Resolved {
            vm: Box::new(VerificationMethod {
                id: vm.to_owned(),
                controller: url.to_owned(),
                public_key,
            }),
            facts: KeyFacts {
                assertion_method: true,
                domain: None,
            },
            doubt: Some(doubt),
        }),
        None => Err(match doubt {
            Doubt::Unreachable(why) => Unresolved::CannotCheck(Error::unsupported(
                crate::code::Code::KeyUnreachable,
                format!("the key's controller document could not be fetched: {why}"),
            )),
            Doubt::Refuted(why) => Unresolved::Broken(format!("{why}.")),
        }),
    };
    let doc = match get_json(url, web) {
        Got::Pending => return Err(Unresolved::Pending),
        Got::Unreachable(why) => return only_claimed(Doubt::Unreachable(why)),
        Got::Unreadable(why) => {
            return only_claimed(Doubt::Unreachable(format!(
                "the document at {url} cannot be read: {why}"
            )));
        }
        Got::Json(doc) => doc,
    };
    match controller::retrieve(&doc, vm) {
        // The document states the key as its own, but not for issuing
        // credentials: the signature is checked with it, and the issuer
        // check says why that is not enough.
        Ok(found) if !found.assertion_method => Ok(Resolved {
            vm: Box::new(found.method),
            facts: KeyFacts {
                assertion_method: true,
                domain: None,
            },
            doubt: Some(Doubt::Refuted(format!(
                "the document at {url} lists the key, but not for issuing credentials (assertionMethod)"
            ))),
        }),
        Ok(found) => Ok(Resolved::confirmed(
            found.method,
            KeyFacts {
                assertion_method: true,
                domain: host(url),
            },
        )),
        Err(Error::Malformed(d)) => only_claimed(Doubt::Refuted(d.message().to_owned())),
        Err(e) => Err(Unresolved::CannotCheck(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(
            host("https://a.example:8443/issuers/1").as_deref(),
            Some("a.example:8443")
        );
        assert_eq!(host("https://"), None);
    }
}
