//! Resolving a proof's `verificationMethod` to a key without the network.

use super::PublicKey;
use crate::{Error, Result};

/// A verification method: the key a proof names, and who controls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationMethod {
    /// The method's id, such as `did:key:z6Mk...#z6Mk...`.
    pub id: String,
    /// Its controller, which must be the credential's issuer.
    pub controller: String,
    /// The Ed25519 key.
    pub public_key: PublicKey,
}

/// Re-states a key error so that it names the verification method. A value
/// that looks like an Ed25519 Multikey (`z6Mk`) but does not decode as one is
/// malformed; another key type is unsupported.
fn naming(vm: &str, key: &str, e: &Error) -> Error {
    let msg = format!("verification method {vm:?}: {}", e.detail().message());
    match e {
        Error::Unsupported(d) if !key.starts_with("z6Mk") => Error::unsupported(d.code(), msg),
        _ => Error::malformed(crate::Code::VmBadKey, msg),
    }
}

/// Resolves the one form that carries its key in the identifier, `did:key`:
/// `did:key:z6Mk...#z6Mk...` (the fragment must repeat the key) and
/// `did:key:z6Mk...` without a fragment.
///
/// Every other form needs its controller document: `did:web`, and every
/// `http(s)` URL, including `<issuer URL>#z6Mk...` as 1EdTech's samples
/// write it. A key in a URL's fragment proves nothing (anyone can write any
/// key after any URL); see [`super::controller`]. Those give
/// [`Error::Unsupported`] with code `key-needs-network`. A did:key that does
/// not decode is [`Error::Malformed`].
pub fn resolve_offline(vm: &str) -> Result<VerificationMethod> {
    let (base, fragment) = match vm.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (vm, None),
    };
    if let Some(mb) = base.strip_prefix("did:key:") {
        let public_key = PublicKey::from_multibase(mb).map_err(|e| naming(vm, mb, &e))?;
        if let Some(f) = fragment {
            if f != mb {
                return Err(Error::malformed(
                    crate::Code::DidKeyFragmentMismatch,
                    format!(
                        "verification method {vm:?}: a did:key fragment must repeat the key {mb:?}"
                    ),
                ));
            }
        }
        return Ok(VerificationMethod {
            id: format!("did:key:{mb}#{mb}"),
            controller: format!("did:key:{mb}"),
            public_key,
        });
    }
    Err(Error::unsupported(
        crate::Code::KeyNeedsNetwork,
        format!(
            "verification method {vm:?} can only be resolved by fetching its controller document"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PK: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    #[test]
    fn did_key_forms() {
        let vm = resolve_offline(&format!("did:key:{PK}#{PK}")).unwrap();
        assert_eq!(vm.id, format!("did:key:{PK}#{PK}"));
        assert_eq!(vm.controller, format!("did:key:{PK}"));
        assert_eq!(vm.public_key.to_multibase(), PK);
        assert_eq!(resolve_offline(&format!("did:key:{PK}")).unwrap(), vm);
    }

    #[test]
    fn did_key_fragment_must_match() {
        let other = "z6MktgKTsu1QhX6QPbyqG6geXdw6FQCZBPq7uQpieWbiQiG7";
        let e = resolve_offline(&format!("did:key:{PK}#{other}")).unwrap_err();
        assert_eq!(e.code(), "did-key-fragment-mismatch");
        let e = resolve_offline(&format!("did:key:{PK}#key-1")).unwrap_err();
        assert_eq!(e.code(), "did-key-fragment-mismatch");
    }

    #[test]
    fn network_forms_unsupported() {
        for vm in [
            "did:web:example.edu#key-1",
            "https://example.edu/keys/1",
            "https://example.edu/issuer#key-1",
            // A key in a URL's fragment is only a claim: it needs the document.
            "https://vc.example/issuers/5678#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "did:example:123#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        ] {
            let e = resolve_offline(vm).unwrap_err();
            assert_eq!(e.code(), "key-needs-network", "{vm}");
            assert!(matches!(e, Error::Unsupported(_)));
            assert!(e.to_string().contains(vm), "{e}");
        }
    }

    #[test]
    fn bad_keys_are_malformed_and_named() {
        let vm = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ0";
        let e = resolve_offline(vm).unwrap_err();
        assert!(matches!(e, Error::Malformed(_)), "{e:?}");
        assert!(e.to_string().contains(vm), "{e}");
        // A P-256 did:key is well formed but not Ed25519.
        let vm = "did:key:zDnaerDaTF5BXEavCrfRZEk316dpbLsfPDZ3WJ5hRTPFU2169";
        let e = resolve_offline(vm).unwrap_err();
        assert_eq!(e.code(), "key-type-unsupported");
        assert!(e.to_string().contains(vm));
    }
}
