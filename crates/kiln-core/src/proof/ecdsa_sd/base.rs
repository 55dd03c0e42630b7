//! The issuer's base proof and the holder's derived proof.
//!
//! [`create_base_proof`] ("Add Base Proof"): the statements of the
//! document with HMAC blank node labels, split into mandatory (what the
//! pointers select) and the rest; the issuer signs
//! `proofHash || ephemeral public key || mandatoryHash`, the ephemeral key
//! signs each other statement. Randomness (the HMAC key and the ephemeral
//! key) comes from the caller.
//!
//! [`derive`] ("Add Derived Proof", `createDisclosureData`): the document
//! cut to the mandatory and the chosen pointers, with the signatures of the
//! chosen statements, the label map for what is revealed and the positions
//! of the mandatory statements among them. Deterministic: the same base
//! document and pointers give the same derived document.

use std::collections::{BTreeMap, BTreeSet};

use oxrdf::Quad;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use serde_json::{Map, Value};

use super::cbor::{self, Item};
use super::label::{LabelMap, hmac_label_map, relabel_canonical_with_ids, serialize_with};
use super::select::{deskolemize, select, skolemize};
use super::{
    BASE_HEADER, CRYPTOSUITE, DerivedProof, P256_PUB, hash_statements, proof_config, proof_hash,
    serialize_derived,
};
use crate::jsonld::{self, ContextStore};
use crate::proof::ProofEnv;
use crate::{
    base64url,
    error::{Error, Result},
};

/// The parts of a base proof value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseProof {
    /// The issuer's signature, `r || s`.
    pub base_signature: Vec<u8>,
    /// The ephemeral public key: `0x80 0x24` + compressed point.
    pub public_key: Vec<u8>,
    /// The HMAC key behind the blank node labels (the holder's secret).
    pub hmac_key: [u8; 32],
    /// One signature per non-mandatory statement, in statement order.
    pub signatures: Vec<Vec<u8>>,
    /// The issuer's mandatory JSON pointers.
    pub mandatory_pointers: Vec<String>,
}

fn bad_base(why: impl std::fmt::Display) -> Error {
    Error::malformed(
        crate::code::Code::EcdsaSdProofValue,
        format!("the ecdsa-sd-2023 base proofValue {why}"),
    )
}

/// Reads a base proof value (`parseBaseProofValue`).
pub fn parse_base(proof_value: &str) -> Result<BaseProof> {
    let bytes = proof_value
        .strip_prefix('u')
        .and_then(base64url::decode)
        .ok_or_else(|| bad_base("is not multibase base64url ('u')"))?;
    if bytes.get(..3) != Some(&BASE_HEADER[..]) {
        return Err(bad_base(
            "does not start with the base proof header d9 5d 00",
        ));
    }
    let item = cbor::decode(bytes.get(3..).unwrap_or(&[]), "base proof value")?;
    let Item::Array(parts) = item else {
        return Err(bad_base("is not a CBOR array"));
    };
    let Ok([base, key, hmac, sigs, pointers]) = <[Item; 5]>::try_from(parts) else {
        return Err(bad_base("must be an array of five components"));
    };
    let bytes_of = |item: Item, len: usize, what: &str| match item {
        Item::Bytes(b) if b.len() == len => Ok(b),
        _ => Err(bad_base(format!("has a {what} that is not {len} bytes"))),
    };
    let base_signature = bytes_of(base, 64, "base signature")?;
    let public_key = bytes_of(key, 35, "ephemeral public key")?;
    let hmac_key: [u8; 32] = bytes_of(hmac, 32, "HMAC key")?
        .try_into()
        .map_err(|_| bad_base("has an HMAC key that is not 32 bytes"))?;
    let Item::Array(sigs) = sigs else {
        return Err(bad_base("has signatures that are not an array"));
    };
    let signatures = sigs
        .into_iter()
        .map(|s| bytes_of(s, 64, "statement signature"))
        .collect::<Result<Vec<_>>>()?;
    let Item::Array(pointers) = pointers else {
        return Err(bad_base("has mandatory pointers that are not an array"));
    };
    let mandatory_pointers = pointers
        .into_iter()
        .map(|p| match p {
            Item::Text(t) => Ok(t),
            _ => Err(bad_base("has a mandatory pointer that is not text")),
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(BaseProof {
        base_signature,
        public_key,
        hmac_key,
        signatures,
        mandatory_pointers,
    })
}

/// Writes a base proof value (`serializeBaseProofValue`).
pub fn serialize_base(proof: &BaseProof) -> String {
    let item = Item::Array(vec![
        Item::Bytes(proof.base_signature.clone()),
        Item::Bytes(proof.public_key.clone()),
        Item::Bytes(proof.hmac_key.to_vec()),
        Item::Array(
            proof
                .signatures
                .iter()
                .map(|s| Item::Bytes(s.clone()))
                .collect(),
        ),
        Item::Array(
            proof
                .mandatory_pointers
                .iter()
                .map(|p| Item::Text(p.clone()))
                .collect(),
        ),
    ]);
    let mut out = BASE_HEADER.to_vec();
    cbor::encode(&item, &mut out);
    format!("u{}", base64url::encode(&out))
}

/// The document's statements as the suite numbers them.
struct Statements {
    /// Every statement, HMAC-relabelled and sorted.
    lines: Vec<String>,
    /// Skolem blank node label (`b0`, `root`) to HMAC label.
    labels: BTreeMap<String, String>,
    skolemized: Value,
}

fn quads_of(doc: &Value, env: &ProofEnv<'_>) -> Result<Vec<Quad>> {
    let store = ContextStore::with_extra(env.extra_contexts)?;
    let dataset = jsonld::to_rdf(doc, &store, &env.limits)?;
    Ok(deskolemize(dataset.quads()))
}

fn statements(doc: &Value, hmac_key: &[u8; 32], env: &ProofEnv<'_>) -> Result<Statements> {
    let skolemized = skolemize(doc);
    let quads = quads_of(&skolemized, env)?;
    let (lines, map, issued) = relabel_canonical_with_ids(&quads, &env.limits, &mut |labels| {
        hmac_label_map(hmac_key, labels)
    })?;
    let labels = issued
        .into_iter()
        .filter_map(|(input, c14n)| map.get(&c14n).map(|l| (input, l.clone())))
        .collect();
    Ok(Statements {
        lines,
        labels,
        skolemized,
    })
}

/// The positions in `all.lines` of the statements the pointers select.
fn matching(all: &Statements, pointers: &[String], env: &ProofEnv<'_>) -> Result<BTreeSet<usize>> {
    let Some(selection) = select(&all.skolemized, pointers)? else {
        return Ok(BTreeSet::new());
    };
    let quads = quads_of(&selection, env)?;
    let lines = serialize_with(&quads, &|input| all.labels.get(input).cloned()).map_err(|b| {
        Error::malformed(
            crate::code::Code::EcdsaSdPointer,
            format!("a selected statement has the blank node {b}, which the document lacks"),
        )
    })?;
    let wanted: BTreeSet<&String> = lines.iter().collect();
    Ok(all
        .lines
        .iter()
        .enumerate()
        .filter(|(_, l)| wanted.contains(l))
        .map(|(i, _)| i)
        .collect())
}

/// The Multikey bytes of a P-256 key: `0x80 0x24` + compressed point.
pub fn p256_multikey_bytes(key: &p256::ecdsa::VerifyingKey) -> Vec<u8> {
    let mut out = P256_PUB.to_vec();
    out.extend_from_slice(key.to_encoded_point(true).as_bytes());
    out
}

const VC_1_1: &str = "https://www.w3.org/2018/credentials/v1";
const DATA_INTEGRITY: [&str; 2] = [
    "https://w3id.org/security/data-integrity/v1",
    "https://w3id.org/security/data-integrity/v2",
];

/// Appends the Data Integrity v2 context to a VC 1.1 credential's
/// `@context` when it lacks one (VC 2.0's context defines the proof terms).
fn add_data_integrity_context(doc: &mut Map<String, Value>) {
    let Some(Value::Array(ctx)) = doc.get_mut("@context") else {
        return;
    };
    let has = |url: &str| ctx.iter().any(|c| c.as_str() == Some(url));
    if has(VC_1_1) && !DATA_INTEGRITY.iter().any(|u| has(u)) {
        ctx.push(DATA_INTEGRITY[1].into());
    }
}

/// How to make a base proof.
#[derive(Debug, Clone)]
pub struct BaseOptions {
    /// The issuer key's id, such as `did:key:zDn...#zDn...`.
    pub verification_method: String,
    /// The proof's `created` (xsd:dateTime).
    pub created: String,
    /// Normally `assertionMethod`.
    pub proof_purpose: String,
    /// What every derived proof must disclose.
    pub mandatory_pointers: Vec<String>,
}

/// Signs `unsecured` with a base proof. `hmac_key` and `ephemeral` must be
/// fresh random values for each credential (the caller draws them).
pub fn create_base_proof(
    unsecured: &Value,
    issuer: &SigningKey,
    opts: &BaseOptions,
    hmac_key: &[u8; 32],
    ephemeral: &SigningKey,
    env: &ProofEnv<'_>,
) -> Result<Value> {
    let Value::Object(doc) = unsecured else {
        return Err(Error::misuse(
            crate::code::Code::ProofNotObject,
            "only a JSON object can be signed",
        ));
    };
    if doc.contains_key("proof") {
        return Err(Error::misuse(
            crate::code::Code::ProofNotObject,
            "the document already has a proof; ecdsa-sd-2023 signs a document without one",
        ));
    }
    crate::time::parse_datetime(&opts.created).map_err(|e| {
        Error::misuse(
            crate::code::Code::ProofBadCreated,
            format!("the proof's created time is not an xsd:dateTime: {e}"),
        )
    })?;
    // A VC 1.1 credential's contexts do not define the proof's terms: add
    // the Data Integrity context, as Data Integrity asks.
    let mut doc = doc.clone();
    add_data_integrity_context(&mut doc);
    let unsecured = &Value::Object(doc.clone());
    let doc = &doc;
    let store = ContextStore::with_extra(env.extra_contexts)?;
    jsonld::check_safe(unsecured, &store, &env.limits)?;
    jsonld::check_faithful(unsecured, &store, &env.limits)?;
    let mut proof = Map::new();
    proof.insert("type".into(), "DataIntegrityProof".into());
    proof.insert("cryptosuite".into(), CRYPTOSUITE.into());
    proof.insert("created".into(), opts.created.clone().into());
    proof.insert(
        "verificationMethod".into(),
        opts.verification_method.clone().into(),
    );
    proof.insert("proofPurpose".into(), opts.proof_purpose.clone().into());
    let config = proof_config(doc, &proof);
    jsonld::check_safe(&config, &store, &env.limits)?;
    let proof_hash = proof_hash(&config, env)?;

    let all = statements(unsecured, hmac_key, env)?;
    let mandatory_at = matching(&all, &opts.mandatory_pointers, env)?;
    let (mut mandatory, mut others) = (Vec::new(), Vec::new());
    for (i, line) in all.lines.iter().enumerate() {
        if mandatory_at.contains(&i) {
            mandatory.push(line.clone());
        } else {
            others.push(line);
        }
    }
    let public_key = p256_multikey_bytes(ephemeral.verifying_key());
    let signatures = others
        .iter()
        .map(|line| {
            let sig: Signature = ephemeral.sign(line.as_bytes());
            sig.to_bytes().to_vec()
        })
        .collect();
    let mut to_sign = Vec::with_capacity(32 + 35 + 32);
    to_sign.extend_from_slice(&proof_hash);
    to_sign.extend_from_slice(&public_key);
    to_sign.extend_from_slice(&hash_statements(&mandatory));
    let base_signature: Signature = issuer.sign(&to_sign);
    let value = serialize_base(&BaseProof {
        base_signature: base_signature.to_bytes().to_vec(),
        public_key,
        hmac_key: *hmac_key,
        signatures,
        mandatory_pointers: opts.mandatory_pointers.clone(),
    });
    proof.insert("proofValue".into(), value.into());
    let mut out = doc.clone();
    out.insert("proof".into(), Value::Object(proof));
    Ok(Value::Object(out))
}

/// Derives a proof from a document with an ecdsa-sd-2023 base proof,
/// disclosing the mandatory statements and those the `reveal` pointers
/// select. Returns the derived document (what verifiers get).
pub fn derive(secured: &Value, reveal: &[String], env: &ProofEnv<'_>) -> Result<Value> {
    let Value::Object(doc) = secured else {
        return Err(Error::misuse(
            crate::code::Code::ProofNotObject,
            "only a JSON object can be derived from",
        ));
    };
    let mut unsecured = doc.clone();
    let proof = match unsecured.remove("proof") {
        Some(Value::Object(p)) if super::is_ecdsa_sd(&p) => p,
        _ => {
            return Err(Error::misuse(
                crate::code::Code::EcdsaSdProofValue,
                "the document has no single ecdsa-sd-2023 base proof to derive from",
            ));
        }
    };
    let value = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .ok_or_else(|| bad_base("is missing"))?;
    let base = parse_base(value)?;
    let unsecured = Value::Object(unsecured);
    let all = statements(&unsecured, &base.hmac_key, env)?;
    let mandatory_at = matching(&all, &base.mandatory_pointers, env)?;
    let selective_at = matching(&all, reveal, env)?;
    let mut combined_pointers = base.mandatory_pointers.clone();
    combined_pointers.extend(reveal.iter().cloned());
    let combined_at = matching(&all, &combined_pointers, env)?;

    let non_mandatory: Vec<usize> = (0..all.lines.len())
        .filter(|i| !mandatory_at.contains(i))
        .collect();
    if non_mandatory.len() != base.signatures.len() {
        return Err(bad_base(format!(
            "has {} statement signatures for {} non-mandatory statements: it does not belong to this document",
            base.signatures.len(),
            non_mandatory.len()
        )));
    }
    let signatures = non_mandatory
        .iter()
        .zip(&base.signatures)
        .filter(|(i, _)| selective_at.contains(i))
        .map(|(_, s)| s.clone())
        .collect();
    let combined: Vec<usize> = combined_at.iter().copied().collect();
    let mandatory_indexes = mandatory_at
        .iter()
        .filter_map(|i| combined.iter().position(|c| c == i))
        .collect();

    let reveal_doc = select(&unsecured, &combined_pointers)?.ok_or_else(|| {
        Error::misuse(
            crate::code::Code::EcdsaSdPointer,
            "nothing to disclose: no mandatory or revealed pointers",
        )
    })?;
    // The verifier's label map: the revealed document's canonical labels
    // to the HMAC labels of the same blank nodes.
    let selection = select(&all.skolemized, &combined_pointers)?.unwrap_or(Value::Null);
    let quads = quads_of(&selection, env)?;
    let canonical = crate::jsonld::canon::canonicalize_quads(
        &quads,
        crate::jsonld::HashAlgorithm::Sha256,
        &env.limits,
    )?;
    let mut label_map = LabelMap::new();
    for (input, c14n) in &canonical.issued {
        let hmac = all
            .labels
            .get(input)
            .ok_or_else(|| bad_base(format!("cannot label the revealed blank node {input}")))?;
        label_map.insert(c14n.clone(), hmac.clone());
    }
    let derived = DerivedProof {
        base_signature: base.base_signature,
        public_key: base.public_key,
        signatures,
        label_map,
        mandatory_indexes,
    };
    let mut new_proof = proof.clone();
    new_proof.insert("proofValue".into(), serialize_derived(&derived)?.into());
    let mut out = match reveal_doc {
        Value::Object(m) => m,
        _ => Map::new(),
    };
    out.insert("proof".into(), Value::Object(new_proof));
    Ok(Value::Object(out))
}
