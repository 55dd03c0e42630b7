//! Issuer impersonation through a key written in a URL's fragment.
//!
//! Anyone can write `https://issuer.example/profile#z6Mk<their key>` as a
//! proof's verification method (or a VC-JWT's `kid`) and sign a credential
//! naming `https://issuer.example/profile` as its issuer. The key is the
//! issuer's only when the controller document fetched from that URL says
//! so: the document is that URL, states the method under its full id with
//! itself as controller, and lists it under `assertionMethod`. Each case is
//! run for eddsa-rdfc-2022, eddsa-jcs-2022 and a VC-JWT (EdDSA).
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::online_support;

use std::collections::BTreeMap;

use kiln_core::base64url;
use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{
    self, Fetched, IdentityStatus, Outcome, Report, TrustList, Verdict, VerifyOptions,
};
use online_support::{NOW, key, unsigned};
use serde_json::{Value, json};

const ISSUER: &str = "https://issuer.example/profile";

#[derive(Debug, Clone, Copy)]
enum Format {
    Rdfc,
    Jcs,
    Jwt,
}

#[cfg(feature = "jsonld-full")]
const FORMATS: [Format; 3] = [Format::Rdfc, Format::Jcs, Format::Jwt];
#[cfg(not(feature = "jsonld-full"))]
const FORMATS: [Format; 2] = [Format::Jcs, Format::Jwt];

/// The verification method `<url>#<the key's multibase>`.
fn vm_in(url: &str, k: &KeyPair) -> String {
    format!("{url}#{}", k.public.to_multibase())
}

/// A credential naming `issuer`, signed by `k` under the method id `vm`.
fn signed(format: Format, k: &KeyPair, vm: &str, issuer: &str) -> Vec<u8> {
    let cred = unsigned(issuer);
    let suite = match format {
        Format::Rdfc => Suite::EddsaRdfc2022,
        Format::Jcs => Suite::EddsaJcs2022,
        Format::Jwt => {
            let mut payload = cred.clone();
            payload["iss"] = json!(issuer);
            payload["jti"] = cred["id"].clone();
            let header = json!({"alg": "EdDSA", "typ": "JWT", "kid": vm});
            let input = format!(
                "{}.{}",
                base64url::encode(header.to_string().as_bytes()),
                base64url::encode(payload.to_string().as_bytes())
            );
            let sig = k.sign(input.as_bytes());
            return format!("{input}.{}", base64url::encode(&sig)).into_bytes();
        }
    };
    let options = ProofOptions {
        suite,
        verification_method: vm.to_owned(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    let doc = proof::create_proof(&cred, k, &options, &ProofEnv::default()).unwrap();
    serde_json::to_vec(&doc).unwrap()
}

/// A controller document `id` stating one Multikey method `vm` (key `k`,
/// controller `controller`), listed under `relationship`.
fn document(id: &str, vm: &str, k: &KeyPair, controller: &str, relationship: &str) -> Value {
    let mut doc = json!({
        "@context": ["https://www.w3.org/ns/cid/v1"],
        "id": id,
        "type": "Profile",
        "name": "Example College",
        "verificationMethod": [{
            "id": vm,
            "type": "Multikey",
            "controller": controller,
            "publicKeyMultibase": k.public.to_multibase(),
        }],
    });
    doc[relationship] = json!([vm]);
    doc
}

fn offline(input: &[u8], trust: Option<TrustList>) -> Report {
    let mut options = VerifyOptions::at(NOW);
    options.trust = trust;
    verify::verify(input, &options).unwrap()
}

/// Verifies with a fetcher that serves `docs` and answers 404 for every
/// other URL.
fn served(input: &[u8], docs: &[(&str, &Value)]) -> Report {
    let docs: BTreeMap<String, Vec<u8>> = docs
        .iter()
        .map(|(u, v)| ((*u).to_owned(), serde_json::to_vec(v).unwrap()))
        .collect();
    let mut options = VerifyOptions::at(NOW);
    options.online = true;
    options.trust = Some(trust_list());
    verify::verify_online(input, &options, &mut |url| match docs.get(url) {
        Some(b) => Fetched::ok(b.clone()),
        None => Fetched::Response {
            status: 404,
            content_type: None,
            body: Vec::new(),
        },
    })
    .unwrap()
}

fn trust_list() -> TrustList {
    TrustList::from_value(&json!({
        "name": "Accredited colleges",
        "issuers": [{"id": ISSUER, "name": "Example College"}]
    }))
    .unwrap()
}

fn check(r: &Report, name: &str) -> (Outcome, String) {
    let c = r
        .check(name)
        .unwrap_or_else(|| panic!("no {name} check in {:#?}", r.checks));
    (c.outcome, c.detail.clone())
}

/// The report must not vouch for the issuer in any way.
fn assert_not_vouched(r: &Report, what: &str) {
    assert_ne!(r.verdict, Verdict::Verified, "{what}: {:#?}", r.checks);
    let identity = r.identity.as_ref().unwrap();
    assert_eq!(identity.status, IdentityStatus::NotConfirmed, "{what}");
    assert!(
        !identity
            .detail
            .contains("trust list \"Accredited colleges\" as"),
        "{what}: {}",
        identity.detail
    );
}

/// The signature checks out with the attacker's key, but the issuer check
/// fails and names the issuer: `invalid`.
fn assert_issuer_refused(r: &Report, what: &str) {
    assert_not_vouched(r, what);
    assert_eq!(r.verdict, Verdict::Invalid, "{what}: {:#?}", r.checks);
    let (o, d) = check(r, "issuer");
    assert_eq!(o, Outcome::Failed, "{what}: {d}");
    assert!(d.contains(ISSUER), "{what}: {d}");
}

#[test]
fn offline_a_key_in_the_fragment_is_could_not_check() {
    let mallory = key(66);
    let vm = vm_in(ISSUER, &mallory);
    for format in FORMATS {
        let what = format!("{format:?}");
        let input = signed(format, &mallory, &vm, ISSUER);
        let r = offline(&input, Some(trust_list()));
        assert_not_vouched(&r, &what);
        assert_eq!(r.verdict, Verdict::Error, "{what}: {:#?}", r.checks);
        assert_eq!(check(&r, "proof").0, Outcome::Passed, "{what}");
        let (o, d) = check(&r, "issuer");
        assert_eq!(o, Outcome::Skipped, "{what}");
        assert!(d.contains(ISSUER), "{what}: {d}");
        assert!(d.contains("could not be fetched"), "{what}: {d}");
        assert_eq!(
            r.error.as_ref().unwrap().code,
            "issuer-key-not-checked",
            "{what}"
        );
        // The same with no trust list.
        assert_eq!(offline(&input, None).verdict, Verdict::Error, "{what}");
        // A key under another URL than the issuer's can only be that URL's
        // (its document must be its controller): not the issuer's, even
        // unfetched.
        let elsewhere = vm_in("https://mallory.example/keys", &mallory);
        let r = offline(&signed(format, &mallory, &elsewhere, ISSUER), None);
        assert_issuer_refused(&r, &format!("{what}, key under another URL"));
    }
}

#[test]
fn online_with_no_document_is_could_not_check() {
    let mallory = key(66);
    let vm = vm_in(ISSUER, &mallory);
    for format in FORMATS {
        let what = format!("{format:?}");
        let r = served(&signed(format, &mallory, &vm, ISSUER), &[]);
        assert_not_vouched(&r, &what);
        assert_eq!(r.verdict, Verdict::Error, "{what}: {:#?}", r.checks);
        assert_eq!(check(&r, "issuer").0, Outcome::Skipped, "{what}");
    }
}

#[test]
fn the_issuers_document_lists_another_key() {
    let (issuer_key, mallory) = (key(11), key(66));
    let vm = vm_in(ISSUER, &mallory);
    let genuine_vm = vm_in(ISSUER, &issuer_key);
    let profile = document(ISSUER, &genuine_vm, &issuer_key, ISSUER, "assertionMethod");
    // The attacker's method id with the issuer's key under it: the key in
    // the fragment is not the document's key for that id.
    let swapped = document(ISSUER, &vm, &issuer_key, ISSUER, "assertionMethod");
    for format in FORMATS {
        let input = signed(format, &mallory, &vm, ISSUER);
        assert_issuer_refused(
            &served(&input, &[(ISSUER, &profile)]),
            &format!("{format:?}, another key listed"),
        );
        assert_issuer_refused(
            &served(&input, &[(ISSUER, &swapped)]),
            &format!("{format:?}, another key under the same id"),
        );
    }
}

#[test]
fn a_key_listed_for_authentication_only_is_refused() {
    let mallory = key(66);
    let vm = vm_in(ISSUER, &mallory);
    let doc = document(ISSUER, &vm, &mallory, ISSUER, "authentication");
    for format in FORMATS {
        let r = served(&signed(format, &mallory, &vm, ISSUER), &[(ISSUER, &doc)]);
        assert_issuer_refused(&r, &format!("{format:?}"));
        assert!(check(&r, "issuer").1.contains("assertionMethod"));
    }
}

#[test]
fn a_document_that_says_it_is_another_url_is_refused() {
    let mallory = key(66);
    let vm = vm_in(ISSUER, &mallory);
    // Served at the issuer's URL, but it is the profile of another issuer.
    let elsewhere = "https://elsewhere.example/profile";
    let doc = document(elsewhere, &vm, &mallory, elsewhere, "assertionMethod");
    for format in FORMATS {
        let r = served(&signed(format, &mallory, &vm, ISSUER), &[(ISSUER, &doc)]);
        assert_issuer_refused(&r, &format!("{format:?}"));
        assert!(check(&r, "issuer").1.contains(elsewhere));
    }
}

#[test]
fn a_key_controlled_by_someone_else_is_refused() {
    let mallory = key(66);
    let vm = vm_in(ISSUER, &mallory);
    // The issuer's URL serves a document that states the key, but as
    // controlled by another party.
    let doc = document(
        ISSUER,
        &vm,
        &mallory,
        "https://mallory.example/",
        "assertionMethod",
    );
    // The attacker's own, well-formed controller document on their site.
    let own = "https://mallory.example/keys";
    let own_vm = vm_in(own, &mallory);
    let own_doc = document(own, &own_vm, &mallory, own, "assertionMethod");
    for format in FORMATS {
        let r = served(&signed(format, &mallory, &vm, ISSUER), &[(ISSUER, &doc)]);
        assert_issuer_refused(&r, &format!("{format:?}, controller elsewhere"));
        let r = served(
            &signed(format, &mallory, &own_vm, ISSUER),
            &[(own, &own_doc)],
        );
        assert_issuer_refused(&r, &format!("{format:?}, the attacker's own document"));
    }
}

#[test]
fn the_genuine_issuer_document_verifies() {
    let issuer_key = key(11);
    let vm = vm_in(ISSUER, &issuer_key);
    let doc = document(ISSUER, &vm, &issuer_key, ISSUER, "assertionMethod");
    // A relative method id, embedded under assertionMethod.
    let relative = json!({
        "id": ISSUER,
        "assertionMethod": [{
            "id": "#key-1",
            "type": "Multikey",
            "controller": ISSUER,
            "publicKeyMultibase": issuer_key.public.to_multibase(),
        }],
    });
    for format in FORMATS {
        let what = format!("{format:?}");
        let r = served(&signed(format, &issuer_key, &vm, ISSUER), &[(ISSUER, &doc)]);
        assert_eq!(r.verdict, Verdict::Verified, "{what}: {:#?}", r.checks);
        assert_eq!(check(&r, "issuer").0, Outcome::Passed, "{what}");
        let identity = r.identity.as_ref().unwrap();
        assert_eq!(identity.status, IdentityStatus::TrustList, "{what}");
        let r = served(
            &signed(format, &issuer_key, &format!("{ISSUER}#key-1"), ISSUER),
            &[(ISSUER, &relative)],
        );
        assert_eq!(r.verdict, Verdict::Verified, "{what}: {:#?}", r.checks);
    }
}

#[test]
fn the_genuine_key_offline_is_could_not_check_too() {
    // Offline, the genuine issuer's badge cannot be told from a forgery.
    let issuer_key = key(11);
    let vm = vm_in(ISSUER, &issuer_key);
    for format in FORMATS {
        let r = offline(&signed(format, &issuer_key, &vm, ISSUER), None);
        assert_eq!(r.verdict, Verdict::Error, "{format:?}: {:#?}", r.checks);
        assert_eq!(check(&r, "issuer").0, Outcome::Skipped);
    }
}
