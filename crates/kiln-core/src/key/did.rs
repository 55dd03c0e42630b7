//! Resolving a proof's `verificationMethod` to a key without the network.

use super::PublicKey;
use crate::error::{Error, Result};

/// A verification method: the key a proof names, and who controls it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationMethod {
    /// The method's id, such as `did:key:z6Mk...#z6Mk...`.
    pub id: String,
    /// Its controller, which must be the credential's issuer.
    pub controller: String,
    /// The key.
    pub public_key: PublicKey,
}

/// Whether a value starts like a Multikey of a type Kiln reads: `z6Mk`
/// (Ed25519), `zDn` (P-256), `z82` (P-384), `zQ3s` (secp256k1).
pub(super) fn looks_like_multikey(s: &str) -> bool {
    ["z6Mk", "zDn", "z82", "zQ3s"]
        .iter()
        .any(|p| s.starts_with(p))
}

/// Re-states a key error so that it names the verification method. A value
/// that looks like a Multikey Kiln reads but does not decode as one is
/// malformed; another key type is unsupported (and a type this build leaves
/// out says which feature checks it).
fn naming(vm: &str, key: &str, e: &Error) -> Error {
    let msg = format!("verification method {vm:?}: {}", e.detail().message());
    match e {
        Error::Unsupported(d) => match e.needs() {
            Some(capability) => Error::not_built(d.code(), capability, msg),
            None if !looks_like_multikey(key) => Error::unsupported(d.code(), msg),
            None => Error::malformed(crate::code::Code::VmBadKey, msg),
        },
        _ => Error::malformed(crate::code::Code::VmBadKey, msg),
    }
}

/// Resolves a `did:jwk` (`did:jwk:<base64url of a public JWK>`): its only
/// verification method is `#0`, controlled by the DID itself.
fn resolve_did_jwk(
    vm: &str,
    did: &str,
    encoded: &str,
    fragment: Option<&str>,
) -> Result<VerificationMethod> {
    let malformed = |why: String| {
        Error::malformed(
            crate::code::Code::DidJwkMalformed,
            format!("verification method {vm:?}: {why}"),
        )
    };
    let bytes = crate::base64url::decode(encoded)
        .ok_or_else(|| malformed("the did:jwk does not hold unpadded base64url".into()))?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| malformed("the did:jwk's JWK is not UTF-8 JSON".into()))?;
    let jwk = crate::credential::read_json_as(
        text,
        &crate::limits::Limits::default(),
        "the did:jwk's JWK",
        crate::code::Code::DidJwkMalformed,
    )
    .map_err(|e| malformed(e.detail().message().to_owned()))?;
    let public_key = PublicKey::from_jwk(&jwk).map_err(|e| match e.needs() {
        Some(capability) => Error::not_built(
            e.code(),
            capability,
            format!("verification method {vm:?}: {}", e.detail().message()),
        ),
        None => malformed(e.detail().message().to_owned()),
    })?;
    if let Some(f) = fragment {
        if f != "0" {
            return Err(malformed(format!(
                "a did:jwk has one verification method, \"{did}#0\", not \"#{f}\""
            )));
        }
    }
    Ok(VerificationMethod {
        id: format!("{did}#0"),
        controller: did.to_owned(),
        public_key,
    })
}

/// Resolves the forms that carry their key in the identifier: `did:key`
/// (`did:key:z6Mk...#z6Mk...`, the fragment must repeat the key, or without
/// a fragment; Ed25519, P-256 `zDn...`, P-384 `z82...`) and `did:jwk`
/// (`did:jwk:<base64url JWK>#0`, or without a fragment).
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
                    crate::code::Code::DidKeyFragmentMismatch,
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
    if let Some(encoded) = base.strip_prefix("did:jwk:") {
        return resolve_did_jwk(vm, base, encoded, fragment);
    }
    Err(Error::unsupported(
        crate::code::Code::KeyNeedsNetwork,
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
        // An unknown multicodec (0xec, x25519) is unsupported, naming the method.
        let mb = crate::multibase::encode_key([0xec, 0x01], &[9u8; 32]);
        let vm = format!("did:key:{mb}");
        let e = resolve_offline(&vm).unwrap_err();
        assert_eq!(e.code(), "key-type-unsupported");
        assert!(e.to_string().contains(&vm));
    }

    #[cfg(feature = "ecdsa")]
    #[test]
    fn ec_did_keys() {
        for mb in [
            "zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP",
            "z82LkuBieyGShVBhvtE2zoiD6Kma4tJGFtkAhxR5pfkp5QPw4LutoYWhvQCnGjdVn14kujQ",
        ] {
            let vm = resolve_offline(&format!("did:key:{mb}#{mb}")).unwrap();
            assert_eq!(vm.public_key.to_multibase(), mb);
            assert_eq!(vm.controller, format!("did:key:{mb}"));
        }
    }

    #[cfg(not(feature = "ecdsa"))]
    #[test]
    fn ec_did_keys_need_ecdsa() {
        let vm = "did:key:zDnaepBuvsQ8cpsWrVKw8fbpGpvPeNSjVPTWoq6cRqaYzBKVP";
        let e = resolve_offline(vm).unwrap_err();
        assert_eq!(e.needs(), Some(crate::error::Capability::Ecdsa), "{e:?}");
    }

    #[test]
    fn did_jwk_forms() {
        let key = PublicKey::from_multibase(PK).unwrap();
        let did = key.did_jwk();
        assert!(did.starts_with("did:jwk:eyJ"), "{did}");
        let vm = resolve_offline(&format!("{did}#0")).unwrap();
        assert_eq!(vm.public_key, key);
        assert_eq!(vm.id, format!("{did}#0"));
        assert_eq!(vm.controller, did);
        assert_eq!(resolve_offline(&did).unwrap(), vm);
        let e = resolve_offline(&format!("{did}#1")).unwrap_err();
        assert_eq!(e.code(), "did-jwk-malformed");
        for bad in ["did:jwk:!!", "did:jwk:WzFd", "did:jwk:e30"] {
            let e = resolve_offline(bad).unwrap_err();
            assert!(matches!(e, Error::Malformed(_)), "{bad}: {e:?}");
            assert!(e.to_string().contains(bad), "{e}");
        }
        // A JWK with its secret is not a public identifier.
        let mut jwk = key.to_jwk();
        jwk["d"] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A".into();
        let did = format!(
            "did:jwk:{}",
            crate::base64url::encode(jwk.to_string().as_bytes())
        );
        assert_eq!(
            resolve_offline(&did).unwrap_err().code(),
            "did-jwk-malformed"
        );
    }
}
