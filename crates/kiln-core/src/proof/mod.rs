//! Data Integrity proofs: `eddsa-rdfc-2022` (and its deprecated name
//! `eddsa-2022`), `eddsa-jcs-2022`, `Ed25519Signature2020` and
//! `Ed25519Signature2018` (verify only), and with feature `ecdsa`,
//! `ecdsa-rdfc-2019` and `ecdsa-jcs-2019` (P-256 and P-384 keys).
//!
//! Every suite signs `hash(canonical proof config) || hash(canonical
//! document)`: SHA-256 and Ed25519 for the EdDSA suites, the curve's hash
//! (SHA-256 for P-256, SHA-384 for P-384) and ECDSA for the ECDSA ones
//! ([`ecdsa`]); they differ in how they canonicalize:
//!
//! | suite | canonical form | proof config `@context` |
//! |---|---|---|
//! | `eddsa-jcs-2022`, `ecdsa-jcs-2019` | RFC 8785 JSON (JCS) | the proof's own `@context` (set to the document's when signing) |
//! | `eddsa-rdfc-2022`, `ecdsa-rdfc-2019` | RDFC-1.0 N-Quads (feature `jsonld-compact`) | the document's `@context` |
//! | `Ed25519Signature2020` | RDFC-1.0 N-Quads (feature `jsonld-compact`) | the document's `@context` |
//! | `Ed25519Signature2018` | RDFC-1.0 (= URDNA2015) N-Quads (feature `jsonld-compact`) | the document's `@context` |
//!
//! The proof config is the proof without `proofValue` (and, for
//! `Ed25519Signature2018`, without `jws` and `signatureValue`: its signature
//! is a detached JWS over the 64 bytes, see `proof/ed25519_2018.rs`).
//!
//! `ecdsa-sd-2023` (selective disclosure, feature `ecdsa`) signs differently
//! and lives in `ecdsa_sd`: base proofs, derivation and derived-proof
//! verification.
//!
//! Proof sets (several independent proofs in a `proof` array) are
//! supported: each proof signs the document without any `proof`. Proof
//! chains (`previousProof`) are left to the caller, who passes the document
//! with the proofs a chained proof covers.

#[cfg(feature = "ecdsa")]
pub mod ecdsa;
#[cfg(feature = "ecdsa")]
pub mod ecdsa_sd;
#[cfg(feature = "legacy")]
mod ed25519_2018;
pub mod eddsa_jcs;
#[cfg(feature = "jsonld-compact")]
mod eddsa_rdfc;

#[cfg(feature = "sign")]
use crate::key::{KeyPair, named_key};
use crate::key::{KeyType, PublicKey};
use crate::{
    error::{Error, Result},
    limits::Limits,
    multibase, time,
};
use serde_json::{Map, Value};

/// A proof type and cryptosuite Kiln knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Suite {
    /// `DataIntegrityProof` with `cryptosuite: eddsa-rdfc-2022` (or the deprecated `eddsa-2022`).
    EddsaRdfc2022,
    /// `DataIntegrityProof` with `cryptosuite: eddsa-jcs-2022`.
    EddsaJcs2022,
    /// The older `Ed25519Signature2020` proof type (verification only).
    Ed25519Signature2020,
    /// The Linked Data Signatures `Ed25519Signature2018` proof type: a
    /// detached JWS in `jws` (verification only).
    Ed25519Signature2018,
    /// `DataIntegrityProof` with `cryptosuite: ecdsa-rdfc-2019` (P-256 or P-384; feature `ecdsa`).
    EcdsaRdfc2019,
    /// `DataIntegrityProof` with `cryptosuite: ecdsa-jcs-2019` (P-256 or P-384; feature `ecdsa`).
    EcdsaJcs2019,
}

/// What a proof computation may need besides the document: limits and any
/// JSON-LD contexts the caller adds to the bundled ones.
#[derive(Debug, Clone, Default)]
pub struct ProofEnv<'a> {
    /// Work limits.
    pub limits: Limits,
    /// Extra JSON-LD contexts: (URL, JSON text). Never fetched.
    pub extra_contexts: &'a [(String, String)],
    /// The RDF dataset of the document without its `proof` member, when the
    /// caller has it already (the safe-mode check expands the document):
    /// an RDF suite's proof check canonicalizes it instead of expanding the
    /// document again. Only for a proof whose unsecured document is exactly
    /// that (`verify_proof`'s `secured_without_this_proof`).
    #[cfg(feature = "jsonld-compact")]
    pub(crate) unsecured: Option<&'a crate::jsonld::RdfDataset>,
    /// The RDF dataset of the proof's options (the proof without its
    /// value, with the document's `@context`), when the check of what Kiln
    /// reads from them expanded them already.
    #[cfg(feature = "jsonld-compact")]
    pub(crate) config: Option<&'a crate::jsonld::RdfDataset>,
}

const DATA_INTEGRITY_PROOF: &str = "DataIntegrityProof";

impl Suite {
    /// Which suite a proof object uses. A missing or non-string `type` /
    /// `cryptosuite` is [`Error::Malformed`]; an unknown one is
    /// [`Error::Unsupported`] naming it.
    pub fn of(proof: &Map<String, Value>) -> Result<Suite> {
        let ty = match proof.get("type") {
            Some(Value::String(s)) => s.as_str(),
            Some(_) => {
                return Err(Error::malformed(
                    crate::code::Code::ProofMalformed,
                    "the proof's \"type\" must be a string",
                ));
            }
            None => {
                return Err(Error::malformed(
                    crate::code::Code::ProofMalformed,
                    "the proof has no \"type\"",
                ));
            }
        };
        match ty {
            DATA_INTEGRITY_PROOF => match proof.get("cryptosuite") {
                Some(Value::String(s)) => match s.as_str() {
                    "eddsa-rdfc-2022" | "eddsa-2022" => Ok(Suite::EddsaRdfc2022),
                    "eddsa-jcs-2022" => Ok(Suite::EddsaJcs2022),
                    "ecdsa-rdfc-2019" => ecdsa_built(Suite::EcdsaRdfc2019),
                    "ecdsa-jcs-2019" => ecdsa_built(Suite::EcdsaJcs2019),
                    other => Err(Error::unsupported(
                        crate::code::Code::ProofSuiteUnsupported,
                        format!(
                            "the cryptosuite {other:?} is not supported (eddsa-rdfc-2022, \
                             eddsa-jcs-2022, ecdsa-rdfc-2019, ecdsa-jcs-2019 are)"
                        ),
                    )),
                },
                Some(_) => Err(Error::malformed(
                    crate::code::Code::ProofMalformed,
                    "the proof's \"cryptosuite\" must be a string",
                )),
                None => Err(Error::malformed(
                    crate::code::Code::ProofMalformed,
                    "a DataIntegrityProof needs a \"cryptosuite\"",
                )),
            },
            "Ed25519Signature2020" => Ok(Suite::Ed25519Signature2020),
            "Ed25519Signature2018" => legacy_built(Suite::Ed25519Signature2018),
            other => Err(Error::unsupported(
                crate::code::Code::ProofTypeUnsupported,
                format!(
                    "the proof type {other:?} is not supported (DataIntegrityProof, Ed25519Signature2020 and Ed25519Signature2018 are)"
                ),
            )),
        }
    }

    /// The suite's name: its cryptosuite, or the proof type for `Ed25519Signature2020`.
    pub fn name(self) -> &'static str {
        match self {
            Suite::EddsaRdfc2022 => "eddsa-rdfc-2022",
            Suite::EddsaJcs2022 => "eddsa-jcs-2022",
            Suite::Ed25519Signature2020 => "Ed25519Signature2020",
            Suite::Ed25519Signature2018 => "Ed25519Signature2018",
            Suite::EcdsaRdfc2019 => "ecdsa-rdfc-2019",
            Suite::EcdsaJcs2019 => "ecdsa-jcs-2019",
        }
    }

    /// Whether the suite canonicalizes with JCS (its proof carries `@context`).
    pub fn is_jcs(self) -> bool {
        matches!(self, Suite::EddsaJcs2022 | Suite::EcdsaJcs2019)
    }

    /// Whether the suite signs with ECDSA (P-256 or P-384 keys).
    pub fn is_ecdsa(self) -> bool {
        matches!(self, Suite::EcdsaRdfc2019 | Suite::EcdsaJcs2019)
    }

    /// Whether a key of type `ty` can make or check this suite's proofs.
    pub fn accepts(self, ty: KeyType) -> bool {
        if self.is_ecdsa() {
            matches!(ty, KeyType::P256 | KeyType::P384)
        } else {
            ty == KeyType::Ed25519
        }
    }

    /// The keys the suite signs with, for messages.
    fn key_kinds(self) -> &'static str {
        if self.is_ecdsa() {
            "P-256 or P-384"
        } else {
            "Ed25519"
        }
    }

    /// The suite of a name as [`Suite::name`] gives it (or `eddsa-2022`);
    /// for command-line and API options.
    pub fn from_name(name: &str) -> Result<Suite> {
        match name {
            "eddsa-rdfc-2022" | "eddsa-2022" => Ok(Suite::EddsaRdfc2022),
            "eddsa-jcs-2022" => Ok(Suite::EddsaJcs2022),
            "Ed25519Signature2020" => Ok(Suite::Ed25519Signature2020),
            "Ed25519Signature2018" => legacy_built(Suite::Ed25519Signature2018),
            "ecdsa-rdfc-2019" => ecdsa_built(Suite::EcdsaRdfc2019),
            "ecdsa-jcs-2019" => ecdsa_built(Suite::EcdsaJcs2019),
            other => Err(Error::misuse(
                crate::code::Code::ProofSuiteUnknown,
                format!(
                    "unknown suite {other:?}: use eddsa-rdfc-2022, eddsa-jcs-2022, \
                     ecdsa-rdfc-2019 or ecdsa-jcs-2019"
                ),
            )),
        }
    }
}

/// An ECDSA suite, or why this build cannot check it (feature `ecdsa`).
/// `suite` when this build has the legacy Linked Data suites (feature
/// `legacy`: `Ed25519Signature2018`), else the error naming it.
fn legacy_built(suite: Suite) -> Result<Suite> {
    if cfg!(feature = "legacy") {
        Ok(suite)
    } else {
        Err(Error::not_built(
            crate::code::Code::SuiteNotBuilt,
            crate::error::Capability::Legacy,
            format!(
                "{} is left out of this build of Kiln (feature legacy)",
                suite.name()
            ),
        ))
    }
}

fn ecdsa_built(suite: Suite) -> Result<Suite> {
    if cfg!(feature = "ecdsa") {
        Ok(suite)
    } else {
        Err(Error::not_built(
            crate::code::Code::SuiteNotBuilt,
            crate::error::Capability::Ecdsa,
            format!(
                "{} is left out of this build of Kiln (feature ecdsa)",
                suite.name()
            ),
        ))
    }
}

/// How to make a proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofOptions {
    /// The suite (`Ed25519Signature2020` cannot be created).
    pub suite: Suite,
    /// The key's id as verifiers will resolve it, such as `did:key:z6Mk...#z6Mk...`.
    pub verification_method: String,
    /// The proof's `created` time, an xsd:dateTime the caller supplies.
    pub created: String,
    /// Normally `assertionMethod`.
    pub proof_purpose: String,
}

/// The outcome of checking one proof.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProofCheck {
    /// The signature matches the document and the proof options.
    Valid,
    /// The proof is well formed but the signature does not match: the
    /// document or the proof was changed, or another key signed it.
    SignatureMismatch,
    /// The proof itself is broken (missing or undecodable `proofValue`, a
    /// wrong `@context`, a bad `created`); the reason says which.
    Malformed(String),
}

/// The proofs of a document: its `proof` object, or each object of a
/// `proof` array (a proof set). Non-object entries are skipped.
pub fn proofs_of(doc: &Value) -> Vec<&Map<String, Value>> {
    match doc.get("proof") {
        Some(Value::Object(p)) => vec![p],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        _ => Vec::new(),
    }
}

/// `hash(canonical proof config) || hash(canonical document)` for the
/// suite and the key's type (which picks the ECDSA suites' hash).
fn hash_data(
    suite: Suite,
    key_type: KeyType,
    unsecured: &Value,
    proof_config: &Value,
    env: &ProofEnv<'_>,
) -> Result<Vec<u8>> {
    match suite {
        #[cfg(feature = "ecdsa")]
        Suite::EcdsaRdfc2019 => {
            ecdsa::hash_data(ecdsa::Canon::Rdfc, key_type, unsecured, proof_config, env)
        }
        #[cfg(feature = "ecdsa")]
        Suite::EcdsaJcs2019 => {
            ecdsa::hash_data(ecdsa::Canon::Jcs, key_type, unsecured, proof_config, env)
        }
        #[cfg(not(feature = "ecdsa"))]
        Suite::EcdsaRdfc2019 | Suite::EcdsaJcs2019 => {
            let _ = key_type;
            ecdsa_built(suite).map(|_| Vec::new())
        }
        Suite::EddsaJcs2022 => eddsa_jcs::hash_data(unsecured, proof_config),
        #[cfg(feature = "jsonld-compact")]
        Suite::EddsaRdfc2022 | Suite::Ed25519Signature2020 | Suite::Ed25519Signature2018 => {
            eddsa_rdfc::hash_data(unsecured, proof_config, env)
        }
        #[cfg(not(feature = "jsonld-compact"))]
        Suite::EddsaRdfc2022 | Suite::Ed25519Signature2020 | Suite::Ed25519Signature2018 => {
            let _ = env;
            Err(Error::not_built(
                crate::code::Code::SuiteNotBuilt,
                crate::error::Capability::JsonLdCompact,
                format!(
                    "{} needs JSON-LD and RDF canonicalization, which this build leaves out \
                     (feature `jsonld-compact`)",
                    suite.name()
                ),
            ))
        }
    }
}

/// The proof config of the RDFC suites: the proof options with the
/// document's `@context`.
fn with_document_context(mut options: Map<String, Value>, doc: &Map<String, Value>) -> Value {
    options.remove("@context");
    if let Some(ctx) = doc.get("@context") {
        options.insert("@context".into(), ctx.clone());
    }
    Value::Object(options)
}

fn context_list(v: &Value) -> Vec<&Value> {
    match v {
        Value::Array(items) => items.iter().collect(),
        other => vec![other],
    }
}

/// Signs `unsecured` and returns it with the new proof under `proof`.
///
/// A document that already has proofs gets a proof set: the new proof signs
/// the document without its `proof` member and joins the others in an
/// array. The key must be the one the verification method names when that
/// method resolves offline (`did:key`, `<issuer>#z6Mk...`).
///
/// With the `rdfc` feature, a document with a JSON-LD term no context
/// defines is refused, naming the term and its path.
#[cfg(feature = "sign")]
pub fn create_proof(
    unsecured: &Value,
    key: &KeyPair,
    opts: &ProofOptions,
    env: &ProofEnv<'_>,
) -> Result<Value> {
    sign_document(unsecured, key, opts, env, true)
}

/// [`create_proof`] without the JSON-LD safe-mode check, for a caller that
/// has already checked a document of exactly this shape (bulk issuance
/// checks its pattern once, then signs thousands of rows that differ only in
/// values). The signature is the same; only the check is left out.
#[cfg(feature = "sign")]
pub fn create_proof_prechecked(
    unsecured: &Value,
    key: &KeyPair,
    opts: &ProofOptions,
    env: &ProofEnv<'_>,
) -> Result<Value> {
    sign_document(unsecured, key, opts, env, false)
}

#[cfg(feature = "sign")]
fn sign_document(
    unsecured: &Value,
    key: &KeyPair,
    opts: &ProofOptions,
    env: &ProofEnv<'_>,
    check_terms: bool,
) -> Result<Value> {
    let Value::Object(doc) = unsecured else {
        return Err(Error::misuse(
            crate::code::Code::ProofNotObject,
            "only a JSON object can be signed",
        ));
    };
    time::parse_datetime(&opts.created).map_err(|e| {
        Error::misuse(
            crate::code::Code::ProofBadCreated,
            format!("the proof's created time is not an xsd:dateTime: {e}"),
        )
    })?;
    if !opts.suite.accepts(key.key_type()) {
        return Err(Error::misuse(
            crate::code::Code::KeySuiteMismatch,
            format!(
                "{} signs with {} keys, not with this {} key",
                opts.suite.name(),
                opts.suite.key_kinds(),
                key.key_type().curve()
            ),
        ));
    }
    if let Some(named) = named_key(&opts.verification_method) {
        if named != key.public {
            return Err(Error::misuse(
                crate::code::Code::ProofWrongKey,
                format!(
                    "the verification method {:?} names the key {}, not the signing key {}",
                    opts.verification_method,
                    named.to_multibase(),
                    key.public.to_multibase()
                ),
            ));
        }
    }
    let mut proof = Map::new();
    match opts.suite {
        Suite::EddsaRdfc2022 | Suite::EddsaJcs2022 => {
            proof.insert("type".into(), DATA_INTEGRITY_PROOF.into());
            proof.insert("cryptosuite".into(), opts.suite.name().into());
        }
        Suite::EcdsaRdfc2019 | Suite::EcdsaJcs2019 => {
            ecdsa_built(opts.suite)?;
            proof.insert("type".into(), DATA_INTEGRITY_PROOF.into());
            proof.insert("cryptosuite".into(), opts.suite.name().into());
        }
        Suite::Ed25519Signature2020 | Suite::Ed25519Signature2018 => {
            return Err(Error::unsupported(
                crate::code::Code::ProofSuiteVerifyOnly,
                format!(
                    "{} proofs can be verified but not created; use eddsa-rdfc-2022",
                    opts.suite.name()
                ),
            ));
        }
    }
    proof.insert("created".into(), opts.created.clone().into());
    proof.insert(
        "verificationMethod".into(),
        opts.verification_method.clone().into(),
    );
    proof.insert("proofPurpose".into(), opts.proof_purpose.clone().into());

    let mut body = doc.clone();
    let existing = body.remove("proof");
    let proof_config = match opts.suite {
        Suite::EddsaJcs2022 | Suite::EcdsaJcs2019 => {
            if let Some(ctx) = body.get("@context") {
                proof.insert("@context".into(), ctx.clone());
            }
            Value::Object(proof.clone())
        }
        _ => with_document_context(proof.clone(), &body),
    };
    let body = Value::Object(body);
    // A term no context defines would be dropped from the RDF that
    // eddsa-rdfc-2022 signs, and JSON-LD verifiers refuse it under any suite:
    // refuse to sign it, naming the term and its path.
    #[cfg(feature = "jsonld-compact")]
    if check_terms {
        let store = crate::jsonld::ContextStore::with_extra(env.extra_contexts)?;
        crate::jsonld::check_safe(&body, &store, &env.limits)?;
        // What a verifier would read must be what is signed: refuse to sign
        // a document whose JSON says something other than its dataset.
        crate::jsonld::check_faithful(&body, &store, &env.limits)?;
    }
    #[cfg(not(feature = "jsonld-compact"))]
    let _ = check_terms;
    let hash = hash_data(opts.suite, key.key_type(), &body, &proof_config, env)?;
    let signature = key.sign(&hash);
    proof.insert(
        "proofValue".into(),
        multibase::encode_base58btc(&signature).into(),
    );

    let mut out = doc.clone();
    let proof = Value::Object(proof);
    let combined = match existing {
        None => proof,
        Some(Value::Array(mut items)) => {
            items.push(proof);
            Value::Array(items)
        }
        Some(one @ Value::Object(_)) => Value::Array(vec![one, proof]),
        Some(_) => {
            return Err(Error::misuse(
                crate::code::Code::ProofNotObject,
                "the document's existing \"proof\" is neither an object nor an array",
            ));
        }
    };
    out.insert("proof".into(), combined);
    Ok(Value::Object(out))
}

/// The document and proof config a proof's signature covers, as the
/// suite's verification algorithm builds them: the document only when it
/// differs from `doc` (a JCS proof's own `@context` in place of the
/// document's), so the common case copies nothing. `Err` with a reason when
/// the proof's `@context` does not fit the document (eddsa-jcs-2022).
fn verify_inputs(
    suite: Suite,
    doc: &Map<String, Value>,
    proof: &Map<String, Value>,
) -> std::result::Result<(Option<Value>, Value), String> {
    let mut options = proof.clone();
    options.remove("proofValue");
    match suite {
        Suite::EddsaJcs2022 | Suite::EcdsaJcs2019 => match options.get("@context") {
            Some(proof_ctx) => {
                let doc_ctx = doc.get("@context").map(context_list).unwrap_or_default();
                if !doc_ctx.starts_with(&context_list(proof_ctx)) {
                    return Err(
                        "the proof's @context is not the beginning of the document's @context"
                            .into(),
                    );
                }
                let mut d = doc.clone();
                d.insert("@context".into(), proof_ctx.clone());
                Ok((Some(Value::Object(d)), Value::Object(options)))
            }
            None => Ok((None, Value::Object(options))),
        },
        Suite::EddsaRdfc2022 | Suite::Ed25519Signature2020 | Suite::EcdsaRdfc2019 => {
            Ok((None, with_document_context(options, doc)))
        }
        Suite::Ed25519Signature2018 => {
            options.remove("jws");
            options.remove("signatureValue");
            Ok((None, with_document_context(options, doc)))
        }
    }
}

/// Checks one proof.
///
/// `secured_without_this_proof` is the document the proof covers: the
/// secured document without its `proof` member (for a proof set, without
/// all of them). `key` is the key the proof's verification method resolved
/// to (see [`crate::key::resolve_offline`] and [`crate::key::controller`]).
///
/// `Err` when the proof cannot be checked at all (an unsupported suite, a
/// build without `rdfc`, a document beyond the limits); otherwise the
/// outcome.
pub fn verify_proof(
    secured_without_this_proof: &Value,
    proof: &Map<String, Value>,
    key: &PublicKey,
    env: &ProofEnv<'_>,
) -> Result<ProofCheck> {
    let suite = match Suite::of(proof) {
        Ok(s) => s,
        Err(Error::Malformed(d)) => return Ok(ProofCheck::Malformed(d.message().to_owned())),
        Err(e) => return Err(e),
    };
    let Value::Object(doc) = secured_without_this_proof else {
        return Ok(ProofCheck::Malformed(
            "the signed document is not a JSON object".into(),
        ));
    };
    if !suite.accepts(key.key_type()) {
        return Ok(ProofCheck::Malformed(format!(
            "{} proofs are made with {} keys, but the verification method holds a {} key",
            suite.name(),
            suite.key_kinds(),
            key.key_type().curve()
        )));
    }
    let sig_len = key.signature_len();
    #[cfg(feature = "legacy")]
    let mut jws_header = None;
    let signature = match proof.get("proofValue") {
        #[cfg(feature = "legacy")]
        _ if suite == Suite::Ed25519Signature2018 => match ed25519_2018::read_jws(proof) {
            Ok(jws) => {
                jws_header = Some(jws.encoded_header);
                jws.signature
            }
            Err(why) => return Ok(ProofCheck::Malformed(why)),
        },
        Some(Value::String(s)) => match multibase::decode_base58btc(s, "proofValue") {
            Ok(bytes) if bytes.len() == sig_len => bytes,
            Ok(bytes) => {
                return Ok(ProofCheck::Malformed(format!(
                    "proofValue decodes to {} bytes; {} signature with a {} key has {sig_len} \
                     (r || s for ECDSA)",
                    bytes.len(),
                    if suite.is_ecdsa() {
                        "an ECDSA"
                    } else {
                        "an Ed25519"
                    },
                    key.key_type().curve()
                )));
            }
            Err(e) => return Ok(ProofCheck::Malformed(e.to_string())),
        },
        Some(_) => {
            return Ok(ProofCheck::Malformed(
                "the proof's \"proofValue\" must be a string".into(),
            ));
        }
        None => {
            return Ok(ProofCheck::Malformed(
                "the proof has no \"proofValue\"".into(),
            ));
        }
    };
    match proof.get("created") {
        Some(Value::String(c)) => {
            if let Err(e) = time::parse_datetime(c) {
                return Ok(ProofCheck::Malformed(format!(
                    "the proof's \"created\": {e}"
                )));
            }
        }
        Some(_) => {
            return Ok(ProofCheck::Malformed(
                "the proof's \"created\" must be a string".into(),
            ));
        }
        None => {}
    }
    let (replaced, proof_config) = match verify_inputs(suite, doc, proof) {
        Ok(inputs) => inputs,
        Err(reason) => return Ok(ProofCheck::Malformed(reason)),
    };
    let unsecured = replaced.as_ref().unwrap_or(secured_without_this_proof);
    // An RDF suite signs the proof options' dataset: what Kiln reads from
    // them (dates, purpose, key) must be what is signed. The check's
    // expansion is the one the hash canonicalizes.
    #[cfg(feature = "jsonld-compact")]
    let config_dataset = if suite.is_jcs() {
        None
    } else {
        let store = crate::jsonld::ContextStore::with_extra(env.extra_contexts)?;
        match crate::jsonld::proof_faithful_expanded(&proof_config, &store, &env.limits) {
            Ok(dataset) => dataset,
            Err(Error::Malformed(d)) => {
                return Ok(ProofCheck::Malformed(format!("{}.", d.message())));
            }
            Err(e) => return Err(e),
        }
    };
    #[cfg(feature = "jsonld-compact")]
    let env = &ProofEnv {
        config: config_dataset.as_ref(),
        ..env.clone()
    };
    let hash = hash_data(suite, key.key_type(), unsecured, &proof_config, env)?;
    #[cfg(feature = "legacy")]
    let signed = match jws_header {
        Some(header) => ed25519_2018::signing_input(header, &hash),
        None => hash,
    };
    #[cfg(not(feature = "legacy"))]
    let signed = hash;
    Ok(if key.verify(&signed, &signature) {
        ProofCheck::Valid
    } else {
        ProofCheck::SignatureMismatch
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn suites_by_type_and_cryptosuite() {
        let s = |v: Value| Suite::of(&obj(v));
        assert_eq!(
            s(json!({"type":"DataIntegrityProof","cryptosuite":"eddsa-rdfc-2022"})).unwrap(),
            Suite::EddsaRdfc2022
        );
        assert_eq!(
            s(json!({"type":"DataIntegrityProof","cryptosuite":"eddsa-2022"})).unwrap(),
            Suite::EddsaRdfc2022
        );
        assert_eq!(
            s(json!({"type":"DataIntegrityProof","cryptosuite":"eddsa-jcs-2022"})).unwrap(),
            Suite::EddsaJcs2022
        );
        assert_eq!(
            s(json!({"type":"Ed25519Signature2020"})).unwrap(),
            Suite::Ed25519Signature2020
        );
        let e = s(json!({"type":"DataIntegrityProof","cryptosuite":"ecdsa-sd-2099"})).unwrap_err();
        assert!(matches!(e, Error::Unsupported(_)));
        assert!(e.to_string().contains("ecdsa-sd-2099"));
        let ecdsa = s(json!({"type":"DataIntegrityProof","cryptosuite":"ecdsa-rdfc-2019"}));
        if cfg!(feature = "ecdsa") {
            assert_eq!(ecdsa.unwrap(), Suite::EcdsaRdfc2019);
        } else {
            assert_eq!(
                ecdsa.unwrap_err().needs(),
                Some(crate::error::Capability::Ecdsa)
            );
        }
        let e = s(json!({"type":"JsonWebSignature2020"})).unwrap_err();
        assert!(matches!(e, Error::Unsupported(_)));
        assert!(e.to_string().contains("JsonWebSignature2020"));
        assert!(matches!(
            s(json!({"cryptosuite":"eddsa-jcs-2022"})).unwrap_err(),
            Error::Malformed(_)
        ));
        assert!(matches!(
            s(json!({"type":"DataIntegrityProof"})).unwrap_err(),
            Error::Malformed(_)
        ));
        for suite in [
            Suite::EddsaRdfc2022,
            Suite::EddsaJcs2022,
            Suite::Ed25519Signature2020,
            #[cfg(feature = "ecdsa")]
            Suite::EcdsaRdfc2019,
            #[cfg(feature = "ecdsa")]
            Suite::EcdsaJcs2019,
        ] {
            assert_eq!(Suite::from_name(suite.name()).unwrap(), suite);
        }
        assert_eq!(
            Suite::from_name("rsa").unwrap_err().code(),
            "proof-suite-unknown"
        );
    }

    #[test]
    fn proofs_of_object_or_set() {
        assert_eq!(proofs_of(&json!({"proof": {"a": 1}})).len(), 1);
        assert_eq!(
            proofs_of(&json!({"proof": [{"a": 1}, {"b": 2}, 3]})).len(),
            2
        );
        assert!(proofs_of(&json!({"name": "x"})).is_empty());
        assert!(proofs_of(&json!([1])).is_empty());
    }

    fn vector(name: &str) -> Value {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/vectors/vc-di-eddsa")
            .join(name);
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    /// The proof configs the RDFC hash receives are the vectors' proof
    /// configurations (for Ed25519Signature2020, with the document's
    /// three contexts); eddsa-jcs-2022's is the proof's own.
    #[test]
    fn proof_configs_match_the_vectors() {
        for (signed, config) in [
            (
                "eddsa-rdfc-2022/signedDataInt.json",
                "eddsa-rdfc-2022/proofConfigDataInt.json",
            ),
            (
                "eddsa-rdfc-2022/employ/signedDataInt.json",
                "eddsa-rdfc-2022/employ/proofConfigDataInt.json",
            ),
            (
                "Ed25519Signature2020/signedEdSig.json",
                "Ed25519Signature2020/proofConfigEdSig.json",
            ),
            (
                "eddsa-jcs-2022/signedJCS.json",
                "eddsa-jcs-2022/proofConfigJCS.json",
            ),
        ] {
            let mut doc = obj(vector(signed));
            let proof = obj(doc.remove("proof").unwrap());
            let suite = Suite::of(&proof).unwrap();
            let (replaced, got) = verify_inputs(suite, &doc, &proof).unwrap();
            let unsecured = replaced.unwrap_or_else(|| Value::Object(doc.clone()));
            assert_eq!(got, vector(config), "{signed}");
            let unsigned = if signed.contains("employ") {
                "employmentAuth.json"
            } else {
                "unsigned.json"
            };
            if suite != Suite::Ed25519Signature2020 {
                assert_eq!(unsecured, vector(unsigned), "{signed}");
            }
        }
    }

    #[test]
    fn context_prefix() {
        let a = json!(["x", "y"]);
        assert!(context_list(&a).starts_with(&context_list(&json!("x"))));
        assert!(context_list(&a).starts_with(&context_list(&json!(["x", "y"]))));
        assert!(!context_list(&a).starts_with(&context_list(&json!(["y"]))));
    }
}
