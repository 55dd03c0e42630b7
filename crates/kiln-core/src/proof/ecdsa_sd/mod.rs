//! `ecdsa-sd-2023` (W3C VC Data Integrity ECDSA Cryptosuites v1.0):
//! selective disclosure with ECDSA P-256.
//!
//! The issuer signs a **base proof**: one signature (by the issuer's key)
//! over the proof options, an ephemeral public key and the hash of the
//! mandatory statements, and one signature (by the ephemeral key) per other
//! statement. The holder **derives** a proof revealing only the statements
//! they choose; a verifier only ever checks derived proofs. A base proof
//! given to a verifier is refused with the code `ecdsa-sd-base-proof`: it
//! carries the HMAC key that hides the blank node labels, so it is for the
//! holder only.
//!
//! Verifying a derived proof ([`verify_derived`]):
//! 1. the `proofValue` (`u` + base64url, header `0xd9 0x5d 0x01`, CBOR array
//!    of base signature, ephemeral public key, signatures, label map,
//!    mandatory indexes) is read by [`parse_derived`] with Kiln's own bounded
//!    CBOR decoder (`cbor.rs`);
//! 2. [`create_verify_data`]: the document's RDFC-1.0 canonical N-Quads with
//!    each canonical blank node label replaced by the label map's, sorted;
//!    the statements at the mandatory indexes hashed (SHA-256 of their
//!    concatenation), the others kept in order; the proof options (with the
//!    document's `@context`) canonicalized and hashed;
//! 3. the base signature checked with the issuer's key over
//!    `proofHash || publicKey || mandatoryHash`, then each non-mandatory
//!    statement against its signature with the ephemeral key (ECDSA P-256,
//!    SHA-256, IEEE P1363 `r || s`).
//!
//! What a verifier shows comes only from the derived document, every
//! statement of which the proof covers: the holder can leave statements out,
//! never add or change one. The report's `disclosure` check and
//! `credential.disclosed` name what was revealed ([`disclosed_pointers`]).
//!
//! Issuing ([`create_base_proof`]) and deriving ([`derive()`]) follow the
//! specification's selective disclosure functions: the document is
//! skolemized (each JSON object without an `id` gets `urn:bnid:...`) so that
//! the statements a JSON pointer selects can be found among the whole
//! document's. Not covered yet: P-384 (`ecdsa-sd-2023` with SHA-384),
//! blank node ids written in the document (`"id": "_:b0"`), and issuer keys
//! other than `did:key` P-256 when verifying (a did:web or http(s) method is
//! "could not check").

mod base;
// A codec: public only with `internals` (the fuzz target reads it).
#[cfg(feature = "internals")]
pub mod cbor;
#[cfg(not(feature = "internals"))]
mod cbor;
mod label;
mod select;

use p256::ecdsa::signature::Verifier as _;
use p256::ecdsa::{Signature, VerifyingKey};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::{ProofCheck, ProofEnv};
use crate::jsonld::{self, ContextStore};
use crate::{
    base64url,
    error::{Error, Result},
    multibase,
};
pub use base::{
    BaseOptions, BaseProof, create_base_proof, derive, p256_multikey_bytes, parse_base,
    serialize_base,
};
use cbor::Item;
pub use label::{LabelMap, hmac_label_map, relabel_canonical};
pub use select::{parse_pointer, select};

/// The cryptosuite's name.
pub const CRYPTOSUITE: &str = "ecdsa-sd-2023";
/// The header of a base proof value.
pub const BASE_HEADER: [u8; 3] = [0xd9, 0x5d, 0x00];
/// The header of a derived (disclosure) proof value.
pub const DERIVED_HEADER: [u8; 3] = [0xd9, 0x5d, 0x01];
/// The Multikey header of a P-256 public key (multicodec 0x1200, varint).
const P256_PUB: [u8; 2] = [0x80, 0x24];

/// Whether a proof is `DataIntegrityProof` with `cryptosuite: ecdsa-sd-2023`.
pub fn is_ecdsa_sd(proof: &Map<String, Value>) -> bool {
    proof.get("type").and_then(Value::as_str) == Some("DataIntegrityProof")
        && proof.get("cryptosuite").and_then(Value::as_str) == Some(CRYPTOSUITE)
}

/// The parts of a derived proof value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedProof {
    /// The issuer's signature, `r || s`.
    pub base_signature: Vec<u8>,
    /// The ephemeral public key: P-256 Multikey bytes (`0x80 0x24` + 33).
    pub public_key: Vec<u8>,
    /// One signature for each non-mandatory statement disclosed, in order.
    pub signatures: Vec<Vec<u8>>,
    /// Canonical label (`c14n0`) to HMAC label (`u...`).
    pub label_map: LabelMap,
    /// Positions of the mandatory statements among the disclosed ones.
    pub mandatory_indexes: Vec<usize>,
}

fn bad_value(why: impl std::fmt::Display) -> Error {
    Error::malformed(
        crate::code::Code::EcdsaSdProofValue,
        format!("the ecdsa-sd-2023 proofValue {why}"),
    )
}

/// Decodes the multibase (`u`, base64url without padding) proof value and
/// checks its header. A base proof is [`Error::Unsupported`] with code
/// `ecdsa-sd-base-proof`.
fn proof_bytes(proof_value: &str) -> Result<Vec<u8>> {
    let Some(body) = proof_value.strip_prefix('u') else {
        return Err(bad_value("must be multibase base64url (starting with 'u')"));
    };
    let bytes = base64url::decode(body)
        .ok_or_else(|| bad_value("is not valid base64url without padding"))?;
    match bytes.get(..3) {
        Some(h) if h == DERIVED_HEADER => Ok(bytes),
        Some(h) if h == BASE_HEADER => Err(Error::unsupported(
            crate::code::Code::EcdsaSdBaseProof,
            "this is an ecdsa-sd-2023 base proof, meant for the holder only: \
             the holder must derive a proof that discloses what they choose, \
             and give that to verifiers",
        )),
        Some(h) => Err(bad_value(format!(
            "starts with the bytes {:02x} {:02x} {:02x}, not the disclosure proof header d9 5d 01",
            h[0], h[1], h[2]
        ))),
        None => Err(bad_value("is shorter than its 3-byte header")),
    }
}

fn bytes_of(item: Item, len: usize, what: &str) -> Result<Vec<u8>> {
    match item {
        Item::Bytes(b) if b.len() == len => Ok(b),
        Item::Bytes(b) => Err(bad_value(format!(
            "has a {what} of {} bytes; it must have {len}",
            b.len()
        ))),
        _ => Err(bad_value(format!("has a {what} that is not a byte string"))),
    }
}

/// Reads a derived proof value (`parseDerivedProofValue`). Every shape the
/// specification does not allow is [`Error::Malformed`] naming what is wrong.
pub fn parse_derived(proof_value: &str) -> Result<DerivedProof> {
    let bytes = proof_bytes(proof_value)?;
    let item = cbor::decode(bytes.get(3..).unwrap_or(&[]), "derived proof value")?;
    let Item::Array(parts) = item else {
        return Err(bad_value("is not a CBOR array"));
    };
    let Ok([base, key, sigs, labels, indexes]) = <[Item; 5]>::try_from(parts) else {
        return Err(bad_value("must be an array of five components"));
    };
    let base_signature = bytes_of(base, 64, "base signature")?;
    let public_key = match key {
        Item::Bytes(b) if b.len() == 35 && b.starts_with(&P256_PUB) => b,
        Item::Bytes(b) if b.len() == 51 => {
            return Err(Error::unsupported(
                crate::code::Code::EcdsaSdKey,
                "the ecdsa-sd-2023 proof uses a P-384 key; Kiln checks ecdsa-sd-2023 with P-256 keys",
            ));
        }
        _ => {
            return Err(bad_value(
                "has an ephemeral public key that is not a P-256 Multikey",
            ));
        }
    };
    let Item::Array(sig_items) = sigs else {
        return Err(bad_value("has signatures that are not an array"));
    };
    let signatures = sig_items
        .into_iter()
        .map(|s| bytes_of(s, 64, "statement signature"))
        .collect::<Result<Vec<_>>>()?;
    let Item::Map(entries) = labels else {
        return Err(bad_value("has a label map that is not a CBOR map"));
    };
    let mut label_map = LabelMap::new();
    for (k, v) in entries {
        let Item::Uint(n) = k else {
            return Err(bad_value("has a label map key that is not an integer"));
        };
        let v = bytes_of(v, 32, "label map value")?;
        if label_map
            .insert(format!("c14n{n}"), format!("u{}", base64url::encode(&v)))
            .is_some()
        {
            return Err(bad_value(format!("has the label map key {n} twice")));
        }
    }
    let Item::Array(index_items) = indexes else {
        return Err(bad_value("has mandatory indexes that are not an array"));
    };
    let mandatory_indexes = index_items
        .into_iter()
        .map(|i| match i {
            Item::Uint(n) => usize::try_from(n)
                .map_err(|_| bad_value(format!("has a mandatory index {n} out of range"))),
            _ => Err(bad_value("has a mandatory index that is not an integer")),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(DerivedProof {
        base_signature,
        public_key,
        signatures,
        label_map,
        mandatory_indexes,
    })
}

/// Writes a derived proof value (`serializeDerivedProofValue`): the inverse
/// of [`parse_derived`]. Label map entries must be `c14nN` to `u` + 32
/// base64url bytes.
pub fn serialize_derived(proof: &DerivedProof) -> Result<String> {
    let mut labels = Vec::with_capacity(proof.label_map.len());
    for (k, v) in &proof.label_map {
        let n = k
            .strip_prefix("c14n")
            .and_then(|n| n.parse::<u64>().ok())
            .ok_or_else(|| bad_value(format!("label map key {k:?} is not c14n<number>")))?;
        let bytes = v
            .strip_prefix('u')
            .and_then(base64url::decode)
            .ok_or_else(|| bad_value(format!("label map value {v:?} is not u<base64url>")))?;
        labels.push((cbor::Item::Uint(n), cbor::Item::Bytes(bytes)));
    }
    // The compressed map, by canonical number (c14n2 before c14n10).
    labels.sort_by(|a, b| match (&a.0, &b.0) {
        (Item::Uint(x), Item::Uint(y)) => x.cmp(y),
        _ => std::cmp::Ordering::Equal,
    });
    let item = Item::Array(vec![
        Item::Bytes(proof.base_signature.clone()),
        Item::Bytes(proof.public_key.clone()),
        Item::Array(
            proof
                .signatures
                .iter()
                .map(|s| Item::Bytes(s.clone()))
                .collect(),
        ),
        Item::Map(labels),
        Item::Array(
            proof
                .mandatory_indexes
                .iter()
                .map(|&i| Item::Uint(i as u64))
                .collect(),
        ),
    ]);
    let mut out = DERIVED_HEADER.to_vec();
    cbor::encode(&item, &mut out);
    Ok(format!("u{}", base64url::encode(&out)))
}

/// What a verifier computes from the document and the derived proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyData {
    /// SHA-256 of the canonical proof configuration.
    pub proof_hash: [u8; 32],
    /// Every disclosed statement, relabelled with the label map, sorted.
    pub nquads: Vec<String>,
    /// The statements at the mandatory indexes.
    pub mandatory: Vec<String>,
    /// The others, in order: each has a signature in the proof.
    pub non_mandatory: Vec<String>,
    /// SHA-256 of the mandatory statements, concatenated.
    pub mandatory_hash: [u8; 32],
}

/// The proof configuration a derived or base proof hashes: the proof
/// without `proofValue`, with the document's `@context`.
pub fn proof_config(unsecured: &Map<String, Value>, proof: &Map<String, Value>) -> Value {
    let mut options = proof.clone();
    options.remove("proofValue");
    super::with_document_context(options, unsecured)
}

/// SHA-256 of the RDFC-1.0 canonical form of `config`.
pub fn proof_hash(config: &Value, env: &ProofEnv<'_>) -> Result<[u8; 32]> {
    let store = ContextStore::with_extra(env.extra_contexts)?;
    let nquads = jsonld::canonicalize(config, &store, &env.limits)?;
    Ok(Sha256::digest(nquads.as_bytes()).into())
}

/// SHA-256 of the statements concatenated (`hashMandatoryNQuads`).
pub fn hash_statements(statements: &[String]) -> [u8; 32] {
    let mut h = Sha256::new();
    for s in statements {
        h.update(s.as_bytes());
    }
    h.finalize().into()
}

/// The canonical N-Quads of `doc` relabelled through a label map
/// (`labelReplacementCanonicalizeJsonLd`).
pub fn relabelled_nquads(
    doc: &Value,
    env: &ProofEnv<'_>,
    make_map: &mut dyn FnMut(&[&str]) -> Result<LabelMap>,
) -> Result<(Vec<String>, LabelMap)> {
    let store = ContextStore::with_extra(env.extra_contexts)?;
    let dataset = jsonld::to_rdf(doc, &store, &env.limits)?;
    relabel_canonical(dataset.quads(), &env.limits, make_map)
}

/// `createVerifyData`: `unsecured` is the derived document without its
/// proof, `proof` the derived proof.
pub fn create_verify_data(
    unsecured: &Map<String, Value>,
    proof: &Map<String, Value>,
    env: &ProofEnv<'_>,
) -> Result<(DerivedProof, VerifyData)> {
    let value = match proof.get("proofValue") {
        Some(Value::String(s)) => s,
        Some(_) => return Err(bad_value("must be a string")),
        None => return Err(bad_value("is missing")),
    };
    let derived = parse_derived(value)?;
    let config = proof_config(unsecured, proof);
    let proof_hash = proof_hash(&config, env)?;
    let doc = Value::Object(unsecured.clone());
    let given = derived.label_map.clone();
    let (nquads, _) = relabelled_nquads(&doc, env, &mut |_| Ok(given.clone()))?;
    for &i in &derived.mandatory_indexes {
        if i >= nquads.len() {
            return Err(bad_value(format!(
                "names the mandatory statement {i}, but the document has only {} statements",
                nquads.len()
            )));
        }
    }
    let (mut mandatory, mut non_mandatory) = (Vec::new(), Vec::new());
    for (i, nq) in nquads.iter().enumerate() {
        if derived.mandatory_indexes.contains(&i) {
            mandatory.push(nq.clone());
        } else {
            non_mandatory.push(nq.clone());
        }
    }
    let mandatory_hash = hash_statements(&mandatory);
    Ok((
        derived,
        VerifyData {
            proof_hash,
            nquads,
            mandatory,
            non_mandatory,
            mandatory_hash,
        },
    ))
}

/// The P-256 key of a Multikey `publicKeyMultibase` (`zDn...`): base58btc
/// of `0x80 0x24` + the compressed SEC1 point.
pub fn p256_from_multikey(s: &str) -> Result<VerifyingKey> {
    let bytes = multibase::decode_base58btc(s, "publicKeyMultibase")?;
    p256_from_multikey_bytes(&bytes).map_err(|why| {
        Error::unsupported(
            crate::code::Code::EcdsaSdKey,
            format!("the key {s:?} is not a P-256 Multikey: {why}"),
        )
    })
}

fn p256_from_multikey_bytes(bytes: &[u8]) -> std::result::Result<VerifyingKey, &'static str> {
    let Some(point) = bytes.strip_prefix(&P256_PUB) else {
        return Err("its multicodec header is not P-256's (0x1200)");
    };
    if point.len() != 33 {
        return Err("a compressed P-256 point has 33 bytes");
    }
    VerifyingKey::from_sec1_bytes(point).map_err(|_| "the point is not on the curve")
}

/// The P-256 key of a verification method `did:key:zDn...[#zDn...]`, as
/// far as it can be had offline; for other methods `None`.
pub fn p256_from_did_key(vm: &str) -> Option<Result<(String, VerifyingKey)>> {
    let (base, fragment) = match vm.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (vm, None),
    };
    let mb = base.strip_prefix("did:key:")?;
    if fragment.is_some_and(|f| f != mb) {
        return Some(Err(Error::malformed(
            crate::code::Code::DidKeyFragmentMismatch,
            format!("verification method {vm:?}: a did:key fragment must repeat the key {mb:?}"),
        )));
    }
    Some(p256_from_multikey(mb).map(|k| (base.to_owned(), k)))
}

fn verify_p256(key: &VerifyingKey, msg: &[u8], sig: &[u8]) -> bool {
    match Signature::from_slice(sig) {
        Ok(sig) => key.verify(msg, &sig).is_ok(),
        Err(_) => false,
    }
}

/// The Multikey header of a P-256 secret key (multicodec 0x1306, varint).
const P256_PRIV: [u8; 2] = [0x86, 0x26];

/// `z` + base58btc of the P-256 Multikey bytes (`zDn...`).
pub fn p256_to_multikey(key: &VerifyingKey) -> String {
    multibase::encode_base58btc(&p256_multikey_bytes(key))
}

/// A P-256 secret key from a key file: Multikey JSON (`secretKeyMultibase`
/// `z42...`, with `publicKeyMultibase` `zDn...` when given, which must
/// match) or a JWK (`"kty": "EC"`, `"crv": "P-256"`, `d`, and `x`/`y` when
/// given, which must match). Returns the key and its public Multikey.
pub fn p256_key_from_json(text: &str) -> Result<(p256::ecdsa::SigningKey, String)> {
    let bad = |why: &str| {
        Error::malformed(
            crate::code::Code::EcdsaSdKey,
            format!("the key file is not a P-256 secret key: {why}"),
        )
    };
    let v: Value = serde_json::from_str(text).map_err(|_| bad("it is not JSON"))?;
    let secret = if let Some(mb) = v.get("secretKeyMultibase").and_then(Value::as_str) {
        let bytes = zeroize::Zeroizing::new(multibase::decode_base58btc(mb, "secretKeyMultibase")?);
        let Some(scalar) = bytes.strip_prefix(&P256_PRIV) else {
            return Err(bad("secretKeyMultibase is not a P-256 secret key (0x1306)"));
        };
        p256::ecdsa::SigningKey::from_slice(scalar)
            .map_err(|_| bad("the secret is out of range"))?
    } else if v.get("kty").and_then(Value::as_str) == Some("EC") {
        if v.get("crv").and_then(Value::as_str) != Some("P-256") {
            return Err(bad("the JWK's crv is not P-256"));
        }
        let d = v
            .get("d")
            .and_then(Value::as_str)
            .and_then(base64url::decode)
            .map(zeroize::Zeroizing::new)
            .ok_or_else(|| bad("the JWK has no base64url d"))?;
        let key = p256::ecdsa::SigningKey::from_slice(&d)
            .map_err(|_| bad("the JWK's d is out of range"))?;
        let point = key.verifying_key().to_encoded_point(false);
        for (member, want) in [("x", point.x()), ("y", point.y())] {
            if let Some(given) = v.get(member).and_then(Value::as_str) {
                if Some(given.to_owned()) != want.map(|w| base64url::encode(w)) {
                    return Err(bad("the JWK's public part does not match d"));
                }
            }
        }
        key
    } else {
        return Err(bad(
            "it has neither secretKeyMultibase nor an EC JWK (a P-256 key file is needed for ecdsa-sd-2023)",
        ));
    };
    let public = p256_to_multikey(secret.verifying_key());
    if let Some(given) = v.get("publicKeyMultibase").and_then(Value::as_str) {
        if given != public {
            return Err(bad("publicKeyMultibase does not match the secret key"));
        }
    }
    Ok((secret, public))
}

/// [`create_base_proof`] with a fresh HMAC key and ephemeral key drawn from
/// the operating system's random source.
#[cfg(feature = "sign")]
pub fn create_base_proof_random(
    unsecured: &Value,
    issuer: &p256::ecdsa::SigningKey,
    opts: &BaseOptions,
    env: &ProofEnv<'_>,
) -> Result<Value> {
    let draw = || -> Result<zeroize::Zeroizing<[u8; 32]>> {
        let mut b = zeroize::Zeroizing::new([0u8; 32]);
        getrandom::fill(&mut *b).map_err(|e| {
            Error::unsupported(
                crate::code::Code::EcdsaSdKey,
                format!("no randomness for the ecdsa-sd-2023 keys: {e}"),
            )
        })?;
        Ok(b)
    };
    let hmac_key = draw()?;
    let ephemeral = loop {
        // A 32-byte string is a valid scalar but for odds of about 2^-32.
        if let Ok(k) = p256::ecdsa::SigningKey::from_slice(&*draw()?) {
            break k;
        }
    };
    create_base_proof(unsecured, issuer, opts, &hmac_key, &ephemeral, env)
}

/// The mandatory pointers Kiln uses for an Open Badges 3.0 credential when
/// the issuer names none: everything OB 3.0 requires and everything a
/// verifier needs to judge the badge, so that the smallest disclosure is
/// still a complete badge. Only the members the credential has:
/// `/id`, `/type`, `/name`, `/issuer`, `/validFrom`,
/// `/validUntil` (VC 1.1: `/issuanceDate`, `/expirationDate`),
/// `/credentialStatus`, `/credentialSchema`, `/credentialSubject/id`,
/// `/credentialSubject/type`, `/credentialSubject/identifier` and the whole
/// `/credentialSubject/achievement` (id, type, name, description, criteria,
/// image). A holder can then withhold only the other members (such as the
/// credential's `description`, `evidence`, `results` or `image`).
pub fn default_mandatory_pointers(doc: &Value) -> Vec<String> {
    const CANDIDATES: [&str; 13] = [
        "/id",
        "/type",
        "/name",
        "/issuer",
        "/validFrom",
        "/validUntil",
        "/issuanceDate",
        "/expirationDate",
        "/credentialStatus",
        "/credentialSchema",
        "/credentialSubject/id",
        "/credentialSubject/type",
        "/credentialSubject/identifier",
    ];
    let mut out: Vec<String> = CANDIDATES
        .iter()
        .chain(["/credentialSubject/achievement"].iter())
        .filter(|p| doc.pointer(p).is_some())
        .map(|p| (*p).to_owned())
        .collect();
    out.dedup();
    out
}

/// Checks a derived `ecdsa-sd-2023` proof of `unsecured` (the document
/// without its proof) with the issuer's key. A base proof is
/// [`Error::Unsupported`] (`ecdsa-sd-base-proof`); a proof value that cannot
/// be read is [`ProofCheck::Malformed`].
pub fn verify_derived(
    unsecured: &Value,
    proof: &Map<String, Value>,
    issuer_key: &VerifyingKey,
    env: &ProofEnv<'_>,
) -> Result<ProofCheck> {
    let Value::Object(doc) = unsecured else {
        return Ok(ProofCheck::Malformed(
            "the signed document is not a JSON object".into(),
        ));
    };
    match proof.get("created") {
        Some(Value::String(c)) if crate::time::parse_datetime(c).is_err() => {
            return Ok(ProofCheck::Malformed(format!(
                "the proof's \"created\" ({c}) is not a date and time"
            )));
        }
        Some(Value::String(_)) | None => {}
        Some(_) => {
            return Ok(ProofCheck::Malformed(
                "the proof's \"created\" must be a string".into(),
            ));
        }
    }
    // What Kiln reads from the proof options (dates, purpose, key) must be
    // what is signed.
    // Every term of the proof options must be defined by the document's
    // contexts (a VC 1.1 credential needs the Data Integrity context), or
    // the signed hash would leave it out.
    let store = ContextStore::with_extra(env.extra_contexts)?;
    let config = proof_config(doc, proof);
    for check in [jsonld::check_safe, jsonld::check_proof_faithful] {
        match check(&config, &store, &env.limits) {
            Ok(()) => {}
            Err(Error::Malformed(d)) => {
                return Ok(ProofCheck::Malformed(format!(
                    "the proof options: {}",
                    d.message()
                )));
            }
            Err(e) => return Err(e),
        }
    }
    let (derived, data) = match create_verify_data(doc, proof, env) {
        Ok(found) => found,
        Err(Error::Malformed(d)) => return Ok(ProofCheck::Malformed(d.message().to_owned())),
        Err(e) => return Err(e),
    };
    if derived.signatures.len() != data.non_mandatory.len() {
        return Ok(ProofCheck::Malformed(format!(
            "the proof carries {} statement signatures for {} disclosed non-mandatory statements",
            derived.signatures.len(),
            data.non_mandatory.len()
        )));
    }
    let ephemeral = match p256_from_multikey_bytes(&derived.public_key) {
        Ok(k) => k,
        Err(why) => {
            return Ok(ProofCheck::Malformed(format!(
                "the proof's ephemeral key: {why}"
            )));
        }
    };
    let mut to_verify = Vec::with_capacity(32 + 35 + 32);
    to_verify.extend_from_slice(&data.proof_hash);
    to_verify.extend_from_slice(&derived.public_key);
    to_verify.extend_from_slice(&data.mandatory_hash);
    let mut ok = verify_p256(issuer_key, &to_verify, &derived.base_signature);
    for (statement, sig) in data.non_mandatory.iter().zip(&derived.signatures) {
        ok &= verify_p256(&ephemeral, statement.as_bytes(), sig);
    }
    Ok(if ok {
        ProofCheck::Valid
    } else {
        ProofCheck::SignatureMismatch
    })
}

/// The JSON pointers of what a derived document discloses: every member
/// holding a string, number, boolean or an array of them (`/type`), below
/// `@context`-free paths, in document order. Used by the report to say what
/// the holder revealed; the rest of what the issuer signed was withheld.
pub fn disclosed_pointers(doc: &Value) -> Vec<String> {
    fn escape(key: &str) -> String {
        key.replace('~', "~0").replace('/', "~1")
    }
    fn walk(v: &Value, path: &str, depth: usize, out: &mut Vec<String>) {
        if depth > crate::limits::Limits::MAX_WALK_DEPTH {
            return;
        }
        match v {
            Value::Object(map) => {
                for (k, child) in map {
                    if k == "@context" || k == "proof" {
                        continue;
                    }
                    walk(
                        child,
                        &format!("{path}/{}", escape(k)),
                        depth.saturating_add(1),
                        out,
                    );
                }
            }
            Value::Array(items) if items.iter().any(|i| i.is_object() || i.is_array()) => {
                for (i, child) in items.iter().enumerate() {
                    walk(child, &format!("{path}/{i}"), depth.saturating_add(1), out);
                }
            }
            _ if !path.is_empty() => out.push(path.to_owned()),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(doc, "", 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_proofs_are_for_the_holder() {
        let mut v = BASE_HEADER.to_vec();
        v.push(0x80);
        let e = parse_derived(&format!("u{}", base64url::encode(&v))).unwrap_err();
        assert_eq!(e.code(), "ecdsa-sd-base-proof");
        assert!(e.to_string().contains("holder"), "{e}");
    }

    #[test]
    fn bad_proof_values_are_named() {
        let enc = |b: &[u8]| format!("u{}", base64url::encode(b));
        for (value, want) in [
            ("z123".to_owned(), "starting with 'u'"),
            ("u***".to_owned(), "base64url"),
            (enc(&[0xd9]), "shorter"),
            (
                enc(&[0xd9, 0x5d, 0x02, 0x80]),
                "not the disclosure proof header",
            ),
            (enc(&[0xd9, 0x5d, 0x01, 0x80]), "five components"),
            (enc(&[0xd9, 0x5d, 0x01, 0x00]), "not a CBOR array"),
            (enc(&[0xd9, 0x5d, 0x01, 0x85, 0x41]), "CBOR at byte"),
        ] {
            let e = parse_derived(&value).unwrap_err();
            assert!(e.to_string().contains(want), "{value}: {e}");
        }
    }
}
