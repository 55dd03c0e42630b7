//! Controller documents: the key an `http(s)` verification method names, and
//! whether its controller vouches for it.
//!
//! A verification method such as `https://example.edu/issuers/1#key-1` is
//! resolved by the "retrieve verification method" algorithm of W3C
//! Controlled Identifiers 1.0, which VC Data Integrity uses: fetch the URL
//! without its fragment (the controller document), check that the
//! document's `id` is that URL, find the method by its full id (under
//! `verificationMethod`, or embedded under `assertionMethod`), check that
//! the method's `controller` is the document, and that the document lists
//! the method for the relationship the proof claims (`assertionMethod`).
//!
//! A key written in the fragment (`<issuer URL>#z6Mk...`, as 1EdTech's
//! samples do) is only a claim: anyone can write any key after any URL.
//! [`key_in_fragment`] reads the claim; only [`retrieve`] on the document
//! the verifier fetched from the URL confirms it, and a document whose key
//! for that id differs from the fragment's refutes it.

use serde_json::{Map, Value};

use super::{PublicKey, VerificationMethod};
use crate::error::{Error, Result};

/// A method found in a controller document.
#[derive(Debug, Clone, PartialEq)]
pub struct ControlledMethod {
    /// The method object as the document states it.
    pub method: Map<String, Value>,
    /// Its controller: the document's id.
    pub controller: String,
    /// Listed under `assertionMethod`, by reference or embedded.
    pub assertion_method: bool,
}

/// A key found in a controller document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ControlledKey {
    /// The key; its controller is the document's id.
    pub method: VerificationMethod,
    /// Listed under `assertionMethod`, by reference or embedded.
    pub assertion_method: bool,
}

/// Whether `id` is an `http:` or `https:` URL.
pub fn is_http(id: &str) -> bool {
    id.starts_with("https://") || id.starts_with("http://")
}

/// The controller document's URL of an `http(s)` verification method: the
/// id without its fragment. `None` for other schemes.
pub fn document_url(vm_id: &str) -> Option<&str> {
    is_http(vm_id).then(|| vm_id.split_once('#').map_or(vm_id, |(base, _)| base))
}

/// The key an `http(s)` verification method writes in its fragment
/// (`<url>#z6Mk...`): a claim that proves nothing by itself. `None` when the
/// fragment is not a Multikey (`#key-1`) or the id is not http(s); `Err`
/// when it looks like one (`z6Mk`, `zDn`, `z82`) but does not decode.
pub fn key_in_fragment(vm_id: &str) -> Option<Result<PublicKey>> {
    document_url(vm_id)?;
    let (_, fragment) = vm_id.split_once('#')?;
    if !super::did::looks_like_multikey(fragment) {
        return None;
    }
    Some(PublicKey::from_multibase(fragment).map_err(|e| {
        Error::malformed(
            crate::code::Code::VmBadKey,
            format!(
                "verification method {vm_id:?}: the key in its fragment is not usable: {}",
                e.detail().message()
            ),
        )
    }))
}

/// The full id of a method reference: `#key-1` is relative to the document.
pub(super) fn absolute(id: &str, doc_id: &str) -> String {
    if id.starts_with('#') {
        format!("{doc_id}{id}")
    } else {
        id.to_owned()
    }
}

/// The items of a member that may be one value or an array.
pub(super) fn entries(v: Option<&Value>) -> Vec<&Value> {
    match v {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(other @ (Value::Object(_) | Value::String(_))) => vec![other],
        _ => Vec::new(),
    }
}

/// Finds the method `vm_id` in `doc` (whose id is `doc_id`): under
/// `verificationMethod`, or embedded under `assertionMethod`; and whether
/// `assertionMethod` lists it (by reference or embedded).
pub(super) fn find_in(
    doc: &Map<String, Value>,
    doc_id: &str,
    vm_id: &str,
) -> Option<(Map<String, Value>, bool)> {
    let matches = |v: &Value| -> Option<Map<String, Value>> {
        let o = v.as_object()?;
        let id = o.get("id").and_then(Value::as_str)?;
        (absolute(id, doc_id) == vm_id).then(|| o.clone())
    };
    let mut found = entries(doc.get("verificationMethod"))
        .into_iter()
        .find_map(matches);
    let mut listed = false;
    for a in entries(doc.get("assertionMethod")) {
        match a {
            Value::String(s) if absolute(s, doc_id) == vm_id => listed = true,
            Value::Object(_) => {
                if let Some(m) = matches(a) {
                    listed = true;
                    found.get_or_insert(m);
                }
            }
            _ => {}
        }
    }
    found.map(|m| (m, listed))
}

/// The key of a verification method object: Multikey (`publicKeyMultibase`
/// of any type Kiln reads), Ed25519VerificationKey2020 (Ed25519 only),
/// JsonWebKey / JsonWebKey2020 (`publicKeyJwk`), or
/// Ed25519VerificationKey2018 (`publicKeyBase58`). `source` names the document
/// in messages.
pub(super) fn key_of(vm: &Map<String, Value>, vm_id: &str, source: &str) -> Result<PublicKey> {
    let ty = vm.get("type").and_then(Value::as_str).unwrap_or("");
    let named = |e: Error| {
        let msg = format!(
            "verification method {vm_id:?} in {source}: {}",
            e.detail().message()
        );
        match e.needs() {
            // A key type this build leaves out: a build with it can check.
            Some(capability) => Error::not_built(e.code(), capability, msg),
            None => Error::malformed(crate::code::Code::VmBadKey, msg),
        }
    };
    if let Some(mb) = vm.get("publicKeyMultibase").and_then(Value::as_str) {
        return match ty {
            "Multikey" => PublicKey::from_multibase(mb).map_err(named),
            "Ed25519VerificationKey2020" => super::Ed25519PublicKey::from_multibase(mb)
                .map(PublicKey::Ed25519)
                .map_err(named),
            other => Err(Error::unsupported(
                crate::code::Code::VmTypeUnsupported,
                format!(
                    "verification method {vm_id:?} has type {other:?}; Kiln reads Multikey, Ed25519VerificationKey2020 and JsonWebKey"
                ),
            )),
        };
    }
    if let Some(jwk) = vm.get("publicKeyJwk") {
        return PublicKey::from_jwk(jwk).map_err(named);
    }
    // The 2018 suites' key: the raw 32 bytes in base58btc, no multibase prefix.
    #[cfg(feature = "legacy")]
    if let (Some(b58), "Ed25519VerificationKey2018") =
        (vm.get("publicKeyBase58").and_then(Value::as_str), ty)
    {
        return ed25519_base58(b58).map_err(named);
    }
    Err(Error::unsupported(
        crate::code::Code::VmTypeUnsupported,
        format!(
            "verification method {vm_id:?} has no publicKeyMultibase, publicKeyJwk or publicKeyBase58 Kiln can read"
        ),
    ))
}

/// An Ed25519 key in `publicKeyBase58` form (Ed25519VerificationKey2018).
#[cfg(feature = "legacy")]
fn ed25519_base58(text: &str) -> Result<PublicKey> {
    let bad = |why: &str| {
        Error::malformed(
            crate::code::Code::VmBadKey,
            format!("publicKeyBase58 {why}"),
        )
    };
    // 32 bytes are at most 44 base58 characters.
    if text.len() > 44 {
        return Err(bad("is longer than an Ed25519 key"));
    }
    let bytes = bs58::decode(text)
        .into_vec()
        .map_err(|_| bad("is not base58"))?;
    let key: [u8; 32] = bytes
        .as_slice()
        .try_into()
        .map_err(|_| bad("does not hold 32 bytes (an Ed25519 key)"))?;
    super::Ed25519PublicKey::from_bytes(&key).map(PublicKey::Ed25519)
}

/// Finds the `http(s)` verification method `vm_id` in the controller
/// document `doc` fetched from [`document_url`]`(vm_id)`, by the "retrieve
/// verification method" algorithm: the document's `id` must be that URL, the
/// method must be found by its full id, and its `controller` must be the
/// document's id. Whether `assertionMethod` lists it is returned, not
/// enforced.
///
/// Every failure is [`Error::Malformed`] (the document does not vouch for
/// the key), naming the document and the method.
pub fn retrieve_method(doc: &Value, vm_id: &str) -> Result<ControlledMethod> {
    let Some(url) = document_url(vm_id) else {
        return Err(Error::misuse(
            crate::code::Code::NotHttpMethod,
            format!("{vm_id:?} is not an http(s) verification method"),
        ));
    };
    let Value::Object(doc) = doc else {
        return Err(Error::malformed(
            crate::code::Code::ControllerDocMalformed,
            format!("the document at {url} is not a JSON object"),
        ));
    };
    match doc.get("id").and_then(Value::as_str) {
        Some(id) if id == url => {}
        Some(id) => {
            return Err(Error::malformed(
                crate::code::Code::ControllerDocWrongId,
                format!("the document at {url} says it is {id}, not {url}"),
            ));
        }
        None => {
            return Err(Error::malformed(
                crate::code::Code::ControllerDocMalformed,
                format!("the document at {url} has no id"),
            ));
        }
    }
    let Some((method, listed)) = find_in(doc, url, vm_id) else {
        return Err(Error::malformed(
            crate::code::Code::VmNotFound,
            format!("the document at {url} does not list the key {vm_id}"),
        ));
    };
    match method.get("controller").and_then(Value::as_str) {
        Some(c) if c == url => {}
        Some(c) => {
            return Err(Error::malformed(
                crate::code::Code::VmWrongController,
                format!(
                    "the document at {url} says the key {vm_id} is controlled by {c}, not by {url}"
                ),
            ));
        }
        None => {
            return Err(Error::malformed(
                crate::code::Code::VmWrongController,
                format!("the document at {url} names no controller for the key {vm_id}"),
            ));
        }
    }
    Ok(ControlledMethod {
        method,
        controller: url.to_owned(),
        assertion_method: listed,
    })
}

/// Checks a key found for `vm_id` against the key its fragment claims, if
/// any: they must be the same key.
pub fn check_fragment(vm_id: &str, found: &PublicKey) -> Result<()> {
    match key_in_fragment(vm_id) {
        Some(Ok(claimed)) if claimed != *found => Err(Error::malformed(
            crate::code::Code::VmKeyMismatch,
            format!(
                "the key {vm_id} names {} in its fragment, but its controller document gives {}",
                claimed.to_multibase(),
                found.to_multibase()
            ),
        )),
        _ => Ok(()),
    }
}

/// [`retrieve_method`] for a key, which must be the key the
/// method's fragment claims (if it claims one).
pub fn retrieve(doc: &Value, vm_id: &str) -> Result<ControlledKey> {
    let found = retrieve_method(doc, vm_id)?;
    let source = format!("the document at {}", found.controller);
    let public_key = key_of(&found.method, vm_id, &source)?;
    check_fragment(vm_id, &public_key)?;
    Ok(ControlledKey {
        method: VerificationMethod {
            id: vm_id.to_owned(),
            controller: found.controller,
            public_key,
        },
        assertion_method: found.assertion_method,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PK: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    const OTHER: &str = "z6MktgKTsu1QhX6QPbyqG6geXdw6FQCZBPq7uQpieWbiQiG7";
    const URL: &str = "https://issuer.example/profile";

    fn profile(vm_id: &str, key: &str) -> Value {
        json!({
            "id": URL,
            "type": "Profile",
            "verificationMethod": [{
                "id": vm_id, "type": "Multikey", "controller": URL, "publicKeyMultibase": key
            }],
            "assertionMethod": [vm_id],
        })
    }

    #[test]
    fn urls_and_fragment_claims() {
        assert_eq!(document_url(&format!("{URL}#{PK}")), Some(URL));
        assert_eq!(document_url(URL), Some(URL));
        assert_eq!(document_url("did:web:issuer.example#key-1"), None);
        let claimed = key_in_fragment(&format!("{URL}#{PK}")).unwrap().unwrap();
        assert_eq!(claimed.to_multibase(), PK);
        assert!(key_in_fragment(&format!("{URL}#key-1")).is_none());
        assert!(key_in_fragment(&format!("did:key:{PK}#{PK}")).is_none());
        let e = key_in_fragment(&format!("{URL}#z6MkBAD"))
            .unwrap()
            .unwrap_err();
        assert!(matches!(e, Error::Malformed(_)), "{e:?}");
        assert!(e.to_string().contains("z6MkBAD"), "{e}");
    }

    #[test]
    fn finds_the_listed_key() {
        let vm = format!("{URL}#{PK}");
        let k = retrieve(&profile(&vm, PK), &vm).unwrap();
        assert_eq!(k.method.controller, URL);
        assert_eq!(k.method.public_key.to_multibase(), PK);
        assert!(k.assertion_method);
        // A relative id, embedded under assertionMethod.
        let doc = json!({"id": URL, "assertionMethod": [
            {"id": "#key-1", "type": "Ed25519VerificationKey2020", "controller": URL, "publicKeyMultibase": PK}]});
        let k = retrieve(&doc, &format!("{URL}#key-1")).unwrap();
        assert!(k.assertion_method);
        // Listed under authentication only.
        let mut doc = profile(&vm, PK);
        doc["authentication"] = doc["assertionMethod"].take();
        assert!(!retrieve(&doc, &vm).unwrap().assertion_method);
    }

    #[test]
    fn refuses_documents_that_do_not_vouch() {
        let vm = format!("{URL}#{PK}");
        let code = |doc: &Value| retrieve(doc, &vm).unwrap_err().code().to_owned();
        // The document's key for that id is another key.
        assert_eq!(code(&profile(&vm, OTHER)), "vm-key-mismatch");
        // It lists another method only.
        assert_eq!(
            code(&profile(&format!("{URL}#{OTHER}"), OTHER)),
            "vm-not-found"
        );
        let mut wrong_id = profile(&vm, PK);
        wrong_id["id"] = json!("https://issuer.example/other");
        assert_eq!(code(&wrong_id), "controller-doc-wrong-id");
        let mut no_id = profile(&vm, PK);
        no_id.as_object_mut().unwrap().remove("id");
        assert_eq!(code(&no_id), "controller-doc-malformed");
        let mut other_controller = profile(&vm, PK);
        other_controller["verificationMethod"][0]["controller"] = json!("https://evil.example/");
        assert_eq!(code(&other_controller), "vm-wrong-controller");
        let mut no_controller = profile(&vm, PK);
        no_controller["verificationMethod"][0]
            .as_object_mut()
            .unwrap()
            .remove("controller");
        assert_eq!(code(&no_controller), "vm-wrong-controller");
        assert_eq!(code(&json!([1])), "controller-doc-malformed");
        let e = retrieve(&profile(&vm, PK), "did:web:issuer.example#key-1").unwrap_err();
        assert_eq!(e.code(), "not-http-method");
    }
}
