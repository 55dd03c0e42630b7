//! Keys: Ed25519, P-256 and P-384 (feature `ecdsa`) and secp256k1 (feature
//! `es256k`, verification only), typed by [`PublicKey`]; Multikey
//! (`z6Mk...`, `zDn...`, `z82...`), `did:key`, `did:jwk`, JWK; resolution of
//! verification methods (`did:key` and `did:jwk` offline, `did:web` and
//! `http(s)` from the controller document the caller fetched).
//!
//! Secret keys are zeroized on drop and never printed: their `Debug` output
//! shows no key material.

pub mod controller;
mod did;
pub mod didweb;
#[cfg(feature = "ecdsa")]
mod ec;
mod jwk;
mod public;

pub use did::{VerificationMethod, resolve_offline};
pub use public::{KeyType, PublicKey};

/// The key an identifier itself names, without checking who controls it:
/// a `did:key`'s key, or the key written in an `http(s)` URL's fragment
/// (`<url>#z6Mk...`, a claim only). `None` when the identifier names no key.
/// Used to refuse a key file or proof whose id names another key than the
/// one that signs; never to accept a signature.
pub fn named_key(id: &str) -> Option<PublicKey> {
    match resolve_offline(id) {
        Ok(vm) => Some(vm.public_key),
        Err(_) => controller::key_in_fragment(id).and_then(Result::ok),
    }
}

use crate::error::{Error, Result};
use crate::multibase::{self, ED25519_PRIV, ED25519_PUB};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use serde_json::{Map, Value};
use std::fmt;
use zeroize::{Zeroize as _, Zeroizing};

/// An Ed25519 public key (32 bytes, a valid curve point).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Ed25519PublicKey(VerifyingKey);

impl fmt::Debug for Ed25519PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Ed25519PublicKey")
            .field(&self.to_multibase())
            .finish()
    }
}

impl Ed25519PublicKey {
    /// The key from its 32 bytes; they must encode a point on the curve.
    ///
    /// Reading a key decompresses its point (a square root in the field, a
    /// measurable part of a verification); the last few keys read are kept,
    /// so a page of badges from one issuer reads its key once.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        thread_local! {
            static RECENT: std::cell::RefCell<Vec<VerifyingKey>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        const KEPT: usize = 8;
        let known = RECENT.with(|recent| {
            recent
                .try_borrow()
                .ok()
                .and_then(|r| r.iter().find(|k| k.as_bytes() == bytes).copied())
        });
        if let Some(key) = known {
            return Ok(Ed25519PublicKey(key));
        }
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| {
            Error::malformed(
                crate::code::Code::KeyNotOnCurve,
                "the 32 bytes are not an Ed25519 public key",
            )
        })?;
        RECENT.with(|recent| {
            if let Ok(mut r) = recent.try_borrow_mut() {
                if r.len() >= KEPT {
                    r.remove(0);
                }
                r.push(key);
            }
        });
        Ok(Ed25519PublicKey(key))
    }

    /// Reads a Multikey `publicKeyMultibase` value (`z6Mk...`).
    pub fn from_multibase(s: &str) -> Result<Self> {
        let bytes = multibase::decode_key32(s, ED25519_PUB, "publicKeyMultibase")?;
        Self::from_bytes(&bytes).map_err(|_| {
            Error::malformed(
                crate::code::Code::KeyNotOnCurve,
                format!("publicKeyMultibase {s:?} is not an Ed25519 public key"),
            )
        })
    }

    /// The Multikey form: `z` + base58btc(0xed 0x01 + key), starting `z6Mk`.
    pub fn to_multibase(&self) -> String {
        multibase::encode_key(ED25519_PUB, self.0.as_bytes())
    }

    /// `did:key:z6Mk...`.
    pub fn did_key(&self) -> String {
        format!("did:key:{}", self.to_multibase())
    }

    /// Whether `sig` is a valid Ed25519 signature of `msg` under this key.
    ///
    /// Strict verification (RFC 8032 with the checks of `verify_strict`):
    /// signatures with a non-canonical `S`, and keys or `R` of small order,
    /// are refused.
    pub fn verify(&self, msg: &[u8], sig: &[u8]) -> bool {
        let Ok(sig) = Signature::from_slice(sig) else {
            return false;
        };
        self.0.verify_strict(msg, &sig).is_ok()
    }

    /// The 32 key bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The public JWK: `{"kty":"OKP","crv":"Ed25519","x":...}`.
    pub fn to_jwk(&self) -> Value {
        jwk::public_jwk(self)
    }

    /// Reads a public OKP/Ed25519 JWK. A JWK carrying a private part (`d`) is
    /// refused: a public key must never travel with its secret.
    pub fn from_jwk(v: &Value) -> Result<Self> {
        jwk::public_from_jwk(v)
    }
}

/// An Ed25519 secret key (the 32-byte seed). Zeroized on drop; `Debug` never
/// shows it.
pub struct SecretKey(SigningKey);

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey").finish_non_exhaustive()
    }
}

impl SecretKey {
    /// The key from its 32-byte seed.
    pub fn from_bytes(seed: &[u8; 32]) -> Self {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// Reads a Multikey `secretKeyMultibase` value (`z3u2...`, prefix 0x80 0x26).
    pub fn from_multibase(s: &str) -> Result<Self> {
        let seed = multibase::decode_key32(s, ED25519_PRIV, "secretKeyMultibase")?;
        Ok(Self::from_bytes(&seed))
    }

    /// The public key of this secret key.
    pub fn public(&self) -> Ed25519PublicKey {
        Ed25519PublicKey(self.0.verifying_key())
    }

    fn to_multibase(&self) -> String {
        multibase::encode_key(ED25519_PRIV, self.0.as_bytes())
    }
}

/// A key pair with the identifiers it is published under.
pub struct KeyPair {
    /// The verification method id, such as `did:key:z6Mk...#z6Mk...`.
    pub id: String,
    /// Who controls the key (the issuer id), such as `did:key:z6Mk...`.
    pub controller: String,
    /// The public key.
    pub public: PublicKey,
    secret: Secret,
}

/// The secret half of a [`KeyPair`], of any type Kiln signs with.
enum Secret {
    Ed25519(SecretKey),
    #[cfg(feature = "ecdsa")]
    Ec(ec::EcSecret),
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey").finish_non_exhaustive()
    }
}

impl Secret {
    fn public(&self) -> PublicKey {
        match self {
            Secret::Ed25519(s) => PublicKey::Ed25519(s.public()),
            #[cfg(feature = "ecdsa")]
            Secret::Ec(s) => s.public(),
        }
    }

    fn to_multibase(&self) -> String {
        match self {
            Secret::Ed25519(s) => s.to_multibase(),
            #[cfg(feature = "ecdsa")]
            Secret::Ec(s) => s.to_multibase(),
        }
    }

    /// Reads `secretKeyMultibase` of any type: Ed25519 (0x1300), P-256
    /// (0x1306), P-384 (0x1307).
    fn from_multibase(s: &str) -> Result<Self> {
        let (prefix, _) = multibase::decode_prefixed(s, "secretKeyMultibase")?;
        if prefix == ED25519_PRIV {
            return SecretKey::from_multibase(s).map(Secret::Ed25519);
        }
        #[cfg(feature = "ecdsa")]
        if let Some(ec) = ec::EcSecret::from_multibase(s)? {
            return Ok(Secret::Ec(ec));
        }
        Err(Error::unsupported(
            crate::code::Code::KeyTypeUnsupported,
            format!(
                "secretKeyMultibase has multicodec prefix [{:#04x}, {:#04x}]; Kiln signs with \
                 Ed25519 (0x1300) and, with feature ecdsa, P-256 (0x1306) and P-384 (0x1307) keys",
                prefix[0], prefix[1]
            ),
        ))
    }
}

impl fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyPair")
            .field("id", &self.id)
            .field("controller", &self.controller)
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

const KEY_FILE: &str = "key JSON";

fn str_member<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Error::malformed(
            crate::code::Code::KeyJsonMalformed,
            format!("{KEY_FILE}: \"{name}\" must be a string"),
        )),
    }
}

/// Removes a secret string member and wipes it once read.
fn take_secret(obj: &mut Map<String, Value>, name: &str) -> Result<Option<Zeroizing<String>>> {
    match obj.remove(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(Zeroizing::new(s))),
        Some(mut other) => {
            wipe(&mut other);
            Err(Error::malformed(
                crate::code::Code::KeyJsonMalformed,
                format!("{KEY_FILE}: \"{name}\" must be a string"),
            ))
        }
    }
}

fn wipe(v: &mut Value) {
    match v {
        Value::String(s) => s.zeroize(),
        Value::Array(a) => a.iter_mut().for_each(wipe),
        Value::Object(o) => o.values_mut().for_each(wipe),
        _ => {}
    }
}

impl KeyPair {
    /// A key pair published as `did:key`: id `did:key:z6Mk...#z6Mk...`,
    /// controller `did:key:z6Mk...`.
    pub fn from_secret(secret: SecretKey) -> Self {
        Self::from_any_secret(Secret::Ed25519(secret))
    }

    fn from_any_secret(secret: Secret) -> Self {
        let public = secret.public();
        let mb = public.to_multibase();
        KeyPair {
            id: format!("did:key:{mb}#{mb}"),
            controller: format!("did:key:{mb}"),
            public,
            secret,
        }
    }

    /// Which algorithm the key is for.
    pub fn key_type(&self) -> KeyType {
        self.public.key_type()
    }

    /// A fresh key pair of the given type (Ed25519, or P-256 / P-384 with
    /// feature `ecdsa`) from the operating system's random source,
    /// published as `did:key`.
    #[cfg(feature = "sign")]
    pub fn generate_type(ty: KeyType) -> Result<Self> {
        match ty {
            KeyType::Ed25519 => Self::generate(),
            #[cfg(feature = "ecdsa")]
            KeyType::P256 | KeyType::P384 => {
                ec::EcSecret::generate(ty).map(|s| Self::from_any_secret(Secret::Ec(s)))
            }
            other => Err(Error::unsupported(
                crate::code::Code::KeyTypeUnsupported,
                format!(
                    "Kiln cannot make {} keys in this build (ed25519, and p256 and p384 with feature ecdsa)",
                    other.name()
                ),
            )),
        }
    }

    /// A fresh key pair from the operating system's random source
    /// (`crypto.getRandomValues` in the browser), published as `did:key`.
    #[cfg(feature = "sign")]
    pub fn generate() -> Result<Self> {
        let mut seed = Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut seed[..]).map_err(|e| {
            Error::unsupported(
                crate::code::Code::RandomUnavailable,
                format!("no random source to generate a key: {e}"),
            )
        })?;
        Ok(Self::from_secret(SecretKey::from_bytes(&seed)))
    }

    /// Reads a key file: Multikey JSON (`id`, `controller`,
    /// `publicKeyMultibase`, `secretKeyMultibase`; the older name
    /// `privateKeyMultibase` is accepted), or a JWK with `d`: OKP/Ed25519,
    /// or (feature `ecdsa`) EC P-256 / P-384.
    ///
    /// Without `id`/`controller` the key is published as `did:key`. A public
    /// key that does not belong to the secret key is an error.
    pub fn from_json(text: &str) -> Result<Self> {
        let mut v = crate::credential::read_json_as(
            text,
            &crate::limits::Limits::default(),
            "the key file",
            crate::code::Code::KeyJsonMalformed,
        )?;
        let result = Self::from_value(&mut v);
        wipe(&mut v);
        result
    }

    fn from_value(v: &mut Value) -> Result<Self> {
        let Value::Object(obj) = v else {
            return Err(Error::malformed(
                crate::code::Code::KeyJsonMalformed,
                format!("{KEY_FILE} must be an object"),
            ));
        };
        let (secret, stated_public) = if obj.contains_key("kty") {
            let Some(d) = take_secret(obj, "d")? else {
                return Err(Error::misuse(
                    crate::code::Code::KeyNoSecret,
                    "the JWK has no private part \"d\": signing needs the secret key",
                ));
            };
            let stated = PublicKey::from_jwk_members(obj)?;
            let secret = match stated {
                PublicKey::Ed25519(_) => Secret::Ed25519(jwk::secret_from_jwk(obj, &d)?),
                #[cfg(feature = "ecdsa")]
                PublicKey::P256(_) | PublicKey::P384(_) => {
                    Secret::Ec(ec::EcSecret::from_jwk_d(stated.key_type(), &d)?)
                }
                #[allow(unreachable_patterns)]
                _ => {
                    return Err(Error::unsupported(
                        crate::code::Code::KeyTypeUnsupported,
                        format!("Kiln does not sign with {} keys", stated.key_type().curve()),
                    ));
                }
            };
            (secret, Some(stated))
        } else {
            let secret = match take_secret(obj, "secretKeyMultibase")? {
                Some(s) => s,
                None => match take_secret(obj, "privateKeyMultibase")? {
                    Some(s) => s,
                    None => {
                        return Err(Error::misuse(
                            crate::code::Code::KeyNoSecret,
                            format!(
                                "{KEY_FILE} has no \"secretKeyMultibase\": signing needs the secret key"
                            ),
                        ));
                    }
                },
            };
            let stated = str_member(obj, "publicKeyMultibase")?
                .map(PublicKey::from_multibase)
                .transpose()?;
            (Secret::from_multibase(&secret)?, stated)
        };
        let mut pair = Self::from_any_secret(secret);
        if let Some(stated) = stated_public {
            if stated != pair.public {
                return Err(Error::malformed(
                    crate::code::Code::KeyMismatch,
                    format!(
                        "{KEY_FILE}: the public key {} does not belong to the secret key (whose public key is {})",
                        stated.to_multibase(),
                        pair.public.to_multibase()
                    ),
                ));
            }
        }
        // A JWK's `kid` is often a thumbprint, not a verification method id:
        // only `id` and `controller` name where the key is published.
        if let Some(id) = str_member(obj, "id")? {
            pair.id = id.to_owned();
            pair.controller = match str_member(obj, "controller")? {
                Some(c) => c.to_owned(),
                None => id.split_once('#').map_or(id, |(base, _)| base).to_owned(),
            };
        } else if let Some(c) = str_member(obj, "controller")? {
            pair.controller = c.to_owned();
            pair.id = format!("{c}#{}", pair.public.to_multibase());
        }
        if let Some(named) = named_key(&pair.id) {
            if named != pair.public {
                return Err(Error::malformed(
                    crate::code::Code::KeyMismatch,
                    format!(
                        "{KEY_FILE}: the id {:?} names another key than the secret key's",
                        pair.id
                    ),
                ));
            }
        }
        Ok(pair)
    }

    fn members(&self) -> Map<String, Value> {
        let mut m = Map::new();
        m.insert("type".into(), "Multikey".into());
        m.insert("id".into(), self.id.clone().into());
        m.insert("controller".into(), self.controller.clone().into());
        m.insert(
            "publicKeyMultibase".into(),
            self.public.to_multibase().into(),
        );
        m
    }

    /// Multikey JSON with the secret key (`secretKeyMultibase`). Keep it private.
    pub fn to_json(&self) -> String {
        let mut m = self.members();
        m.insert(
            "secretKeyMultibase".into(),
            self.secret.to_multibase().into(),
        );
        let mut v = Value::Object(m);
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        wipe(&mut v);
        text
    }

    /// Multikey JSON without the secret key, for publishing.
    pub fn public_json(&self) -> String {
        serde_json::to_string_pretty(&Value::Object(self.members())).unwrap_or_default()
    }

    /// The signature of `msg`: Ed25519 (64 bytes), or ECDSA with the
    /// curve's hash (SHA-256 for P-256, SHA-384 for P-384), deterministic
    /// (RFC 6979), in the IEEE P1363 form `r || s` (64 or 96 bytes).
    pub fn sign(&self, msg: &[u8]) -> Vec<u8> {
        match &self.secret {
            Secret::Ed25519(s) => s.0.sign(msg).to_bytes().to_vec(),
            #[cfg(feature = "ecdsa")]
            Secret::Ec(s) => s.sign(msg),
        }
    }

    /// The JWK of this key pair with its secret (`d`). Keep it private.
    pub fn to_secret_jwk(&self) -> String {
        let mut v = self.public.to_jwk();
        let d = match &self.secret {
            Secret::Ed25519(s) => Zeroizing::new(crate::base64url::encode(s.0.as_bytes())),
            #[cfg(feature = "ecdsa")]
            Secret::Ec(s) => s.d_base64url(),
        };
        if let Value::Object(m) = &mut v {
            m.insert("d".into(), d.as_str().into());
        }
        let text = serde_json::to_string_pretty(&v).unwrap_or_default();
        wipe(&mut v);
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PK: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    // keyPair.json of the W3C vc-di-eddsa test vectors.
    const SK: &str = "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq";

    #[test]
    fn multibase_round_trip() {
        let k = Ed25519PublicKey::from_multibase(PK).unwrap();
        assert_eq!(k.to_multibase(), PK);
        assert_eq!(k.did_key(), format!("did:key:{PK}"));
        assert_eq!(format!("{k:?}"), format!("Ed25519PublicKey(\"{PK}\")"));
        assert_eq!(
            format!("{:?}", PublicKey::from(k)),
            format!("PublicKey(\"{PK}\")")
        );
        let s = SecretKey::from_multibase(SK).unwrap();
        assert_eq!(s.public(), k);
        assert_eq!(s.to_multibase(), SK);
    }

    /// Keys read again (from the recent ones or afresh, past the number
    /// kept) are the same keys, verify the same, and bytes that are no point
    /// stay refused every time.
    #[test]
    fn keys_read_again_are_the_same() {
        let secrets: Vec<SecretKey> = (1..=20u8)
            .map(|i| SecretKey::from_bytes(&[i; 32]))
            .collect();
        let msg = b"signed";
        for round in 0..3 {
            for s in &secrets {
                let bytes = *s.public().as_bytes();
                let k = Ed25519PublicKey::from_bytes(&bytes).unwrap();
                assert_eq!(k, s.public(), "round {round}");
                assert_eq!(k.0, VerifyingKey::from_bytes(&bytes).unwrap());
                assert!(k.verify(msg, &s.0.sign(msg).to_bytes()));
                assert!(!k.verify(b"other", &s.0.sign(msg).to_bytes()));
            }
        }
        // y = 2 has no x on the curve.
        let mut not_a_point = [0u8; 32];
        not_a_point[0] = 2;
        assert!(VerifyingKey::from_bytes(&not_a_point).is_err());
        for _ in 0..2 {
            let e = Ed25519PublicKey::from_bytes(&not_a_point).unwrap_err();
            assert_eq!(e.code(), "key-not-on-curve");
        }
    }

    #[test]
    fn w3c_key_pair_file_reads() {
        let text = format!(r#"{{"publicKeyMultibase":"{PK}","privateKeyMultibase":"{SK}"}}"#);
        let kp = KeyPair::from_json(&text).unwrap();
        assert_eq!(kp.id, format!("did:key:{PK}#{PK}"));
        assert_eq!(kp.controller, format!("did:key:{PK}"));
        let again = KeyPair::from_json(&kp.to_json()).unwrap();
        assert_eq!(again.public, kp.public);
        assert_eq!(again.id, kp.id);
        let public: Value = serde_json::from_str(&kp.public_json()).unwrap();
        assert_eq!(public["publicKeyMultibase"], PK);
        assert!(public.get("secretKeyMultibase").is_none());
        assert!(!kp.public_json().contains(SK));
        assert!(kp.to_json().contains(SK));
    }

    #[test]
    fn key_file_errors() {
        let e = KeyPair::from_json(&format!(r#"{{"publicKeyMultibase":"{PK}"}}"#)).unwrap_err();
        assert_eq!(e.code(), "key-no-secret");
        // The public key of the first proof-set key pair does not match this secret.
        let other = "z6MktgKTsu1QhX6QPbyqG6geXdw6FQCZBPq7uQpieWbiQiG7";
        let e = KeyPair::from_json(&format!(
            r#"{{"publicKeyMultibase":"{other}","secretKeyMultibase":"{SK}"}}"#
        ))
        .unwrap_err();
        assert_eq!(e.code(), "key-mismatch");
        assert_eq!(
            KeyPair::from_json("[1]").unwrap_err().code(),
            "key-json-malformed"
        );
        assert_eq!(
            KeyPair::from_json("{").unwrap_err().code(),
            "key-json-malformed"
        );
        let e = KeyPair::from_json(&format!(
            r#"{{"id":"did:key:{other}#{other}","secretKeyMultibase":"{SK}"}}"#
        ))
        .unwrap_err();
        assert_eq!(e.code(), "key-mismatch");
        let e = KeyPair::from_json(&format!(r#"{{"secretKeyMultibase":"{PK}"}}"#)).unwrap_err();
        assert_eq!(e.code(), "key-type-unsupported");
    }

    #[test]
    fn ids_from_the_file_are_kept() {
        let text = format!(
            r#"{{"id":"https://example.edu/issuers/565049#key-1","secretKeyMultibase":"{SK}"}}"#
        );
        let kp = KeyPair::from_json(&text).unwrap();
        assert_eq!(kp.id, "https://example.edu/issuers/565049#key-1");
        assert_eq!(kp.controller, "https://example.edu/issuers/565049");
        let text = format!(
            r#"{{"controller":"https://example.edu/issuers/565049","secretKeyMultibase":"{SK}"}}"#
        );
        let kp = KeyPair::from_json(&text).unwrap();
        assert_eq!(kp.id, format!("https://example.edu/issuers/565049#{PK}"));
    }

    #[test]
    fn secrets_never_in_debug() {
        let kp = KeyPair::from_json(&format!(r#"{{"secretKeyMultibase":"{SK}"}}"#)).unwrap();
        let secret = match &kp.secret {
            Secret::Ed25519(s) => s,
            #[allow(unreachable_patterns)]
            _ => unreachable!(),
        };
        let seed_hex: String = secret
            .0
            .as_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let seed_dec = format!("{:?}", secret.0.as_bytes());
        for shown in [
            format!("{kp:?}"),
            format!("{kp:#?}"),
            format!("{:?}", kp.secret),
        ] {
            assert!(!shown.contains(SK), "{shown}");
            assert!(!shown.contains(&seed_hex), "{shown}");
            assert!(!shown.contains(&seed_dec), "{shown}");
            assert!(!shown.contains(&seed_dec[1..20]), "{shown}");
        }
        assert!(format!("{kp:?}").contains(PK));
        assert_eq!(format!("{:?}", kp.secret), "SecretKey { .. }");
    }

    #[test]
    fn sign_verify_round_trip() {
        let kp = KeyPair::from_json(&format!(r#"{{"secretKeyMultibase":"{SK}"}}"#)).unwrap();
        let sig = kp.sign(b"hello");
        assert!(kp.public.verify(b"hello", &sig));
        assert!(!kp.public.verify(b"hellp", &sig));
        assert!(!kp.public.verify(b"hello", &sig[..63]));
        let mut bad = sig.clone();
        bad[10] ^= 1;
        assert!(!kp.public.verify(b"hello", &bad));
        let other =
            PublicKey::from_multibase("z6MktgKTsu1QhX6QPbyqG6geXdw6FQCZBPq7uQpieWbiQiG7").unwrap();
        assert!(!other.verify(b"hello", &sig));
    }

    #[cfg(feature = "sign")]
    #[test]
    fn generated_keys_differ_and_sign() {
        let a = KeyPair::generate().unwrap();
        let b = KeyPair::generate().unwrap();
        assert_ne!(a.public, b.public);
        assert!(a.public.to_multibase().starts_with("z6Mk"));
        assert!(a.public.verify(b"m", &a.sign(b"m")));
    }

    /// RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2.
    #[test]
    fn rfc8032_vectors() {
        fn hex32(s: &str) -> [u8; 32] {
            let v: Vec<u8> = (0..s.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
                .collect();
            v.try_into().unwrap()
        }
        let sk = SecretKey::from_bytes(&hex32(
            "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        ));
        assert_eq!(
            sk.public().as_bytes(),
            &hex32("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        );
        let kp = KeyPair::from_secret(sk);
        let sig = kp.sign(b"");
        let want = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
        let got: String = sig.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(got, want);
        let sk2 = SecretKey::from_bytes(&hex32(
            "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        ));
        assert_eq!(
            sk2.public().as_bytes(),
            &hex32("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        );
        let got: String = KeyPair::from_secret(sk2)
            .sign(&[0x72])
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            got,
            "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"
        );
    }

    use ed25519_dalek::Verifier as _;

    /// The identity point is a small-order key: with R = identity and S = 0,
    /// the cofactorless equation holds for every message. Strict
    /// verification must refuse it.
    #[test]
    fn strict_verification_refuses_small_order() {
        let mut identity = [0u8; 32];
        identity[0] = 1;
        let weak = Ed25519PublicKey::from_bytes(&identity).unwrap();
        let mut sig = [0u8; 64];
        sig[..32].copy_from_slice(&identity);
        // The plain RFC 8032 check accepts this forgery; ours must not.
        assert!(
            weak.0
                .verify(b"any message", &Signature::from_bytes(&sig))
                .is_ok()
        );
        assert!(!weak.verify(b"any message", &sig));
    }

    /// S + L (L the group order) is the same scalar mod L but not canonical.
    #[test]
    fn strict_verification_refuses_non_canonical_s() {
        const L: [u8; 32] = [
            0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9,
            0xde, 0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
        ];
        let kp = KeyPair::from_json(&format!(r#"{{"secretKeyMultibase":"{SK}"}}"#)).unwrap();
        let sig = kp.sign(b"msg");
        assert!(kp.public.verify(b"msg", &sig));
        let mut s_plus_l = sig.clone();
        let mut carry = 0u16;
        for i in 0..32 {
            let sum = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
            s_plus_l[32 + i] = (sum & 0xff) as u8;
            carry = sum >> 8;
        }
        assert_eq!(carry, 0);
        assert_ne!(s_plus_l, sig);
        assert!(!kp.public.verify(b"msg", &s_plus_l));
    }
}
