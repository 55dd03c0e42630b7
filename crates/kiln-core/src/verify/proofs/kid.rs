//! A VC-JWT's `kid` to a key: a `did:key` offline, a `did:web` DID document,
//! or for an `http(s)` kid the controller document fetched from the kid
//! without its fragment, read by the "retrieve verification method" rule
//! ([`key::controller`]). A key written in the kid's fragment is only a
//! claim until that document confirms it.

use serde_json::Value;

use crate::error::Error;
use crate::jose::{self, JoseKey};
use crate::key::{self, PublicKey, controller};
use crate::verify::online::{Doc, Web};

/// Who controls a `kid`'s key.
pub(crate) enum KidOwner {
    /// A did:key, or a DID or controller document states this controller.
    Controller(String),
    /// Only the kid's fragment claims the key; its document (at
    /// `controller`, the only possible controller) could not be had.
    Unreachable { controller: String, why: String },
    /// The kid's document was had and does not vouch for the key.
    Refuted(String),
}

/// What a `kid` resolved to.
pub(crate) enum KidLookup {
    Found(Box<JoseKey>, KidOwner),
    Broken(String),
    Missing(String),
}

/// The JSON document at `url`, or why there is none.
fn fetch_json(web: &Web, url: &str) -> Result<Value, String> {
    match web.get_json(url) {
        Doc::Json(doc) => Ok(doc),
        other => Err(other.why_not(url).unwrap_or_default()),
    }
}

/// The key of a verification method object or JWK: `publicKeyJwk`,
/// `publicKeyMultibase` (Ed25519), or the object itself when it is a JWK.
fn read_key(m: &Value) -> Option<Result<JoseKey, String>> {
    if let Some(jwk) = m.get("publicKeyJwk") {
        return Some(jose::key_from_jwk(jwk).map_err(|e| e.to_string()));
    }
    if let Some(mb) = m.get("publicKeyMultibase").and_then(Value::as_str) {
        return Some(
            PublicKey::from_multibase(mb)
                .map(JoseKey::from)
                .map_err(|e| e.to_string()),
        );
    }
    if m.get("kty").is_some() {
        return Some(jose::key_from_jwk(m).map_err(|e| e.to_string()));
    }
    None
}

/// Finds the key `id` in a fetched DID document: a JWK, a JWK set, a
/// verification method, or a document listing methods.
fn key_in_document(doc: &Value, id: &str) -> Option<Result<JoseKey, String>> {
    let read = read_key;
    let fragment = id.split_once('#').map(|(_, f)| f);
    let matches = |m: &Value| {
        let mid = m.get("id").or_else(|| m.get("kid")).and_then(Value::as_str);
        mid == Some(id) || (mid.is_some() && mid.map(|x| x.trim_start_matches('#')) == fragment)
    };
    for list in ["keys", "verificationMethod", "assertionMethod"] {
        if let Some(Value::Array(items)) = doc.get(list) {
            if let Some(m) = items.iter().find(|m| matches(m)) {
                return read(m);
            }
            if list == "keys" && items.len() == 1 && fragment.is_none() {
                return items.first().and_then(read);
            }
        }
    }
    read(doc)
}

pub(crate) fn resolve_kid(kid: &str, web: &Web) -> KidLookup {
    match key::resolve_offline(kid) {
        Ok(vm) => {
            return KidLookup::Found(
                Box::new(JoseKey::from(vm.public_key)),
                KidOwner::Controller(vm.controller),
            );
        }
        Err(Error::Malformed(d)) => return KidLookup::Broken(d.message().to_owned()),
        Err(e) if e.code() != crate::code::Code::KeyNeedsNetwork => {
            return KidLookup::Missing(e.to_string());
        }
        Err(_) => {}
    }
    if controller::is_http(kid) {
        return resolve_http_kid(kid, web);
    }
    let base = kid.split_once('#').map_or(kid, |(b, _)| b);
    if !base.starts_with("did:web:") {
        return KidLookup::Missing(format!("Kiln cannot resolve keys named like {base:?}"));
    }
    let url = match key::didweb::document_url(base, web.allow_http_localhost()) {
        Ok(u) => u,
        Err(e) => return KidLookup::Broken(e.to_string()),
    };
    let doc = match fetch_json(web, &url) {
        Ok(d) => d,
        Err(why) => return KidLookup::Missing(why),
    };
    match key_in_document(&doc, kid) {
        Some(Ok(k)) => KidLookup::Found(Box::new(k), KidOwner::Controller(base.to_owned())),
        Some(Err(why)) => KidLookup::Broken(why),
        None => KidLookup::Missing(format!("{url} does not list it")),
    }
}

/// An `http(s)` kid: the key its controller document states, by the
/// "retrieve verification method" rule. A key in the kid's fragment that the
/// document does not confirm is kept only to check the signature, with its
/// owner unconfirmed.
fn resolve_http_kid(kid: &str, web: &Web) -> KidLookup {
    let url = controller::document_url(kid).unwrap_or(kid);
    let claimed = match controller::key_in_fragment(kid) {
        Some(Ok(k)) => Some(k),
        Some(Err(e)) => return KidLookup::Broken(e.detail().message().to_owned()),
        None => None,
    };
    // Without a confirmed key, the fragment's key (if any) still checks the
    // signature; without one, there is no key at all.
    let unreachable = |why: String| match claimed {
        Some(k) => KidLookup::Found(
            Box::new(JoseKey::from(k)),
            KidOwner::Unreachable {
                controller: url.to_owned(),
                why,
            },
        ),
        None => KidLookup::Missing(why),
    };
    let refuted = |why: String| match claimed {
        Some(k) => KidLookup::Found(Box::new(JoseKey::from(k)), KidOwner::Refuted(why)),
        None => KidLookup::Broken(why),
    };
    let doc = match web.get_json(url) {
        Doc::Json(d) => d,
        Doc::Pending => return KidLookup::Missing(format!("waiting for {url}")),
        other => return unreachable(other.why_not(url).unwrap_or_default()),
    };
    let found = match controller::retrieve_method(&doc, kid) {
        Ok(found) => found,
        Err(e) => return refuted(e.detail().message().to_owned()),
    };
    let key = match read_key(&Value::Object(found.method)) {
        Some(Ok(k)) => k,
        Some(Err(why)) => return KidLookup::Broken(why),
        None => {
            return KidLookup::Broken(format!(
                "the document at {url} gives no key Kiln can read for {kid}"
            ));
        }
    };
    match key.as_public() {
        Some(pk) => {
            if let Err(e) = controller::check_fragment(kid, &pk) {
                return refuted(e.detail().message().to_owned());
            }
        }
        None if claimed.is_some() => {
            return refuted(format!(
                "the document at {url} gives another kind of key for {kid} than the key in its fragment"
            ));
        }
        None => {}
    }
    let owner = if found.assertion_method {
        KidOwner::Controller(found.controller)
    } else {
        KidOwner::Refuted(format!(
            "the document at {url} lists the key, but not for issuing credentials (assertionMethod)"
        ))
    };
    KidLookup::Found(Box::new(key), owner)
}
