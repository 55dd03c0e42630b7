//! `did:web`: where an issuer's DID document lives, and finding a key in it.
//!
//! The DID `did:web:example.edu` is published at
//! `https://example.edu/.well-known/did.json`; with a path,
//! `did:web:example.edu:issuers:1` at `https://example.edu/issuers/1/did.json`;
//! a port is written percent-encoded (`did:web:localhost%3A8080`). The core
//! does not fetch: the verifier asks its caller for the URL (see
//! [`crate::verify::verify_online`]) and hands the document to
//! [`find_key`].

use serde_json::Value;

use super::{PublicKey, VerificationMethod, controller};
use crate::error::{Error, Result};

/// A key found in a DID document, and whether the document allows it to
/// issue credentials (it is listed under `assertionMethod`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DidWebKey {
    /// The key; its controller is the DID.
    pub method: VerificationMethod,
    /// Listed under `assertionMethod`, by id or embedded.
    pub assertion_method: bool,
    /// The host (with its port, if any) whose web site published the document.
    pub domain: String,
}

/// The DID and host of a `did:web` DID or DID URL (`did:web:host...#frag`).
fn split(did_url: &str) -> Result<(&str, Vec<&str>)> {
    let did = did_url.split(['#', '?']).next().unwrap_or(did_url);
    let Some(rest) = did.strip_prefix("did:web:") else {
        return Err(Error::misuse(
            crate::code::Code::NotDidWeb,
            format!("{did_url:?} is not a did:web DID"),
        ));
    };
    let parts: Vec<&str> = rest.split(':').collect();
    let bad = |why: &str| {
        Error::malformed(
            crate::code::Code::DidWebMalformed,
            format!("{did_url:?}: {why}"),
        )
    };
    let host = parts.first().copied().unwrap_or("");
    if host.is_empty() {
        return Err(bad("no host"));
    }
    let host_ok = host
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'%'));
    if !host_ok {
        return Err(bad("the host has characters a domain name cannot have"));
    }
    for p in parts.iter().skip(1) {
        let ok = !p.is_empty()
            && p.bytes().all(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~' | b'%')
            })
            && *p != "."
            && *p != "..";
        if !ok {
            return Err(bad("a path segment is empty or not allowed"));
        }
    }
    Ok((did, parts))
}

/// The DID without its fragment or query.
pub fn did_of(did_url: &str) -> Result<String> {
    split(did_url).map(|(did, _)| did.to_owned())
}

/// The host (and port) a `did:web` names, `%3A` decoded: `example.edu`,
/// `localhost:8080`.
pub fn domain(did_url: &str) -> Result<String> {
    let (_, parts) = split(did_url)?;
    let host = parts.first().copied().unwrap_or("");
    let decoded = host.replace("%3A", ":").replace("%3a", ":");
    if decoded.contains('%') {
        return Err(Error::malformed(
            crate::code::Code::DidWebMalformed,
            format!("{did_url:?}: the host has a percent-escape other than %3A (a port)"),
        ));
    }
    Ok(decoded)
}

/// The URL of the DID document of a `did:web` DID (or DID URL).
///
/// `https://` always, except for `localhost`/`127.0.0.1` when
/// `allow_http_localhost` is set (tests and local previews), which use `http://`.
pub fn document_url(did_url: &str, allow_http_localhost: bool) -> Result<String> {
    let (_, parts) = split(did_url)?;
    let host = domain(did_url)?;
    let bare = host.split(':').next().unwrap_or("");
    let scheme = if allow_http_localhost && matches!(bare, "localhost" | "127.0.0.1") {
        "http"
    } else {
        "https"
    };
    let path: Vec<&str> = parts.iter().skip(1).copied().collect();
    Ok(if path.is_empty() {
        format!("{scheme}://{host}/.well-known/did.json")
    } else {
        format!(
            "{scheme}://{host}/{}/did.json",
            crate::join_strs(&path, "/")
        )
    })
}

/// Finds the verification method `vm_id` (a `did:web:...#frag` URL) in the
/// DID document `doc` fetched for it.
///
/// The document's `id` must be the DID; the method is looked up under
/// `verificationMethod` and embedded under `assertionMethod`, and its
/// controller (when stated) must be the DID. Whether it is listed under
/// `assertionMethod` is returned, not enforced: the caller reports it as the
/// proof-purpose check.
pub fn find_key(doc: &Value, vm_id: &str) -> Result<DidWebKey> {
    let (did, _) = split(vm_id)?;
    let domain = domain(vm_id)?;
    let Value::Object(doc) = doc else {
        return Err(Error::malformed(
            crate::code::Code::DidDocMalformed,
            format!("the DID document of {did} is not a JSON object"),
        ));
    };
    match doc.get("id").and_then(Value::as_str) {
        Some(id) if id == did => {}
        Some(id) => {
            return Err(Error::malformed(
                crate::code::Code::DidDocWrongId,
                format!("the DID document published for {did} says it is {id}"),
            ));
        }
        None => {
            return Err(Error::malformed(
                crate::code::Code::DidDocMalformed,
                format!("the DID document of {did} has no id"),
            ));
        }
    }
    let Some((vm, listed)) = controller::find_in(doc, did, vm_id) else {
        return Err(Error::malformed(
            crate::code::Code::VmNotFound,
            format!("the DID document of {did} does not contain the key {vm_id}"),
        ));
    };
    if let Some(c) = vm.get("controller").and_then(Value::as_str) {
        if c != did {
            return Err(Error::malformed(
                crate::code::Code::VmWrongController,
                format!("the key {vm_id} in the DID document of {did} is controlled by {c}"),
            ));
        }
    }
    let public_key = controller::key_of(&vm, vm_id, "the DID document")?;
    Ok(DidWebKey {
        method: VerificationMethod {
            id: vm_id.to_owned(),
            controller: did.to_owned(),
            public_key,
        },
        assertion_method: listed,
        domain,
    })
}

/// The DID document an issuer publishes for one key: the key as a Multikey
/// with id `<did>#key-1`, listed under `assertionMethod` and
/// `authentication`.
pub fn document(did: &str, key: &PublicKey) -> Result<Value> {
    let (did, _) = split(did)?;
    let vm_id = format!("{did}#key-1");
    Ok(serde_json::json!({
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [{
            "id": vm_id,
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key.to_multibase(),
        }],
        "assertionMethod": [vm_id],
        "authentication": [vm_id],
    }))
}

/// The `did:web` DID for a domain (a port allowed: `localhost:8080`) and an
/// optional path (`issuers:1` or `issuers/1`).
pub fn did_for(domain: &str, path: Option<&str>) -> Result<String> {
    let host = domain.replace(':', "%3A");
    let mut did = format!("did:web:{host}");
    if let Some(p) = path.filter(|p| !p.is_empty()) {
        did.push(':');
        did.push_str(&p.trim_matches(['/', ':']).replace('/', ":"));
    }
    split(&did)?;
    Ok(did)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const PK: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    #[test]
    fn urls_from_the_did_web_spec() {
        // The examples of the did:web method specification (w3c-ccg/did-method-web).
        assert_eq!(
            document_url("did:web:w3c-ccg.github.io", false).unwrap(),
            "https://w3c-ccg.github.io/.well-known/did.json"
        );
        assert_eq!(
            document_url("did:web:w3c-ccg.github.io:user:alice", false).unwrap(),
            "https://w3c-ccg.github.io/user/alice/did.json"
        );
        assert_eq!(
            document_url("did:web:example.com%3A3000:user:alice", false).unwrap(),
            "https://example.com:3000/user/alice/did.json"
        );
        assert_eq!(
            document_url("did:web:example.edu:issuers:1#key-1", false).unwrap(),
            "https://example.edu/issuers/1/did.json"
        );
        assert_eq!(
            document_url("did:web:localhost%3A8080", true).unwrap(),
            "http://localhost:8080/.well-known/did.json"
        );
        assert_eq!(
            document_url("did:web:127.0.0.1%3A9", false).unwrap(),
            "https://127.0.0.1:9/.well-known/did.json"
        );
        // http only for local hosts.
        assert_eq!(
            document_url("did:web:example.edu", true).unwrap(),
            "https://example.edu/.well-known/did.json"
        );
        for bad in [
            "did:web:",
            "did:web:a:..",
            "did:web:a::b",
            "did:web:ex/ample.com",
            "did:key:z6Mk",
            "did:web:a%2Fb",
        ] {
            assert!(document_url(bad, false).is_err(), "{bad}");
        }
    }

    #[test]
    fn did_for_round_trips() {
        assert_eq!(did_for("example.edu", None).unwrap(), "did:web:example.edu");
        assert_eq!(
            did_for("example.edu", Some("issuers:1")).unwrap(),
            "did:web:example.edu:issuers:1"
        );
        assert_eq!(
            did_for("localhost:8080", Some("/a/b/")).unwrap(),
            "did:web:localhost%3A8080:a:b"
        );
        assert_eq!(
            domain("did:web:localhost%3A8080#k").unwrap(),
            "localhost:8080"
        );
    }

    fn doc(assertion: Value) -> Value {
        json!({
            "id": "did:web:example.edu",
            "verificationMethod": [
                {"id": "did:web:example.edu#key-1", "type": "Multikey", "controller": "did:web:example.edu", "publicKeyMultibase": PK},
                {"id": "#key-2", "type": "JsonWebKey2020", "controller": "did:web:example.edu",
                 "publicKeyJwk": {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}}
            ],
            "assertionMethod": assertion,
        })
    }

    #[test]
    fn finds_keys_and_assertion_listing() {
        let d = doc(json!(["did:web:example.edu#key-1"]));
        let k = find_key(&d, "did:web:example.edu#key-1").unwrap();
        assert!(k.assertion_method);
        assert_eq!(k.method.controller, "did:web:example.edu");
        assert_eq!(k.method.public_key.to_multibase(), PK);
        assert_eq!(k.domain, "example.edu");
        // Relative ids; a JWK (RFC 8037 A.2 public key); not listed for assertion.
        let k = find_key(&d, "did:web:example.edu#key-2").unwrap();
        assert!(!k.assertion_method);
        // Embedded under assertionMethod.
        let d = json!({"id": "did:web:example.edu", "assertionMethod": [
            {"id": "#k", "type": "Ed25519VerificationKey2020", "publicKeyMultibase": PK}]});
        assert!(
            find_key(&d, "did:web:example.edu#k")
                .unwrap()
                .assertion_method
        );
    }

    #[test]
    fn refuses_wrong_documents() {
        let d = doc(json!([]));
        let e = find_key(&d, "did:web:example.edu#key-9").unwrap_err();
        assert_eq!(e.code(), "vm-not-found");
        let mut other = d.clone();
        other["id"] = json!("did:web:evil.example");
        let e = find_key(&other, "did:web:example.edu#key-1").unwrap_err();
        assert_eq!(e.code(), "did-doc-wrong-id");
        let mut wrong = d.clone();
        wrong["verificationMethod"][0]["controller"] = json!("did:web:evil.example");
        let e = find_key(&wrong, "did:web:example.edu#key-1").unwrap_err();
        assert_eq!(e.code(), "vm-wrong-controller");
    }

    #[test]
    fn published_document_lists_the_key() {
        let key = PublicKey::from_multibase(PK).unwrap();
        let d = document("did:web:example.edu:issuers:1", &key).unwrap();
        let k = find_key(&d, "did:web:example.edu:issuers:1#key-1").unwrap();
        assert!(k.assertion_method);
        assert_eq!(k.method.public_key, key);
    }
}
