//! The RDFC half of `eddsa-rdfc-2022` (and of `Ed25519Signature2020`, which
//! hashes the same way): the 64 bytes a proof signs.
//!
//! `hash_data` = SHA-256(RDFC-1.0 N-Quads of the proof configuration) ||
//! SHA-256(RDFC-1.0 N-Quads of the unsecured document), as the vc-di-eddsa
//! specification's "Hashing (eddsa-rdfc-2022)" section says. Contexts come
//! from Kiln's bundled set plus the caller's extras; nothing is fetched.

use super::ProofEnv;
use crate::error::Result;
use crate::jsonld::{self, ContextStore};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The 64 bytes signed by an `eddsa-rdfc-2022` or `Ed25519Signature2020`
/// proof: the proof configuration's hash, then the document's.
///
/// `proof_config` is the proof without `proofValue`, carrying the
/// document's `@context`; `unsecured` is the document without `proof`.
/// Run [`jsonld::check_safe`] on `unsecured` first (signing and verifying):
/// only then is the result the one other implementations compute.
#[allow(dead_code)] // called by the proof dispatch (proof/mod.rs)
pub(crate) fn hash_data(
    unsecured: &Value,
    proof_config: &Value,
    env: &ProofEnv<'_>,
) -> Result<Vec<u8>> {
    let store = ContextStore::with_extra(env.extra_contexts)?;
    let config_nquads = match env.config {
        // The same quads, from the check of the proof's options.
        Some(dataset) => dataset.canonicalize(jsonld::HashAlgorithm::Sha256, &env.limits)?,
        None => jsonld::canonicalize(proof_config, &store, &env.limits)?,
    };
    let doc_nquads = match env.unsecured {
        // The same quads, from the safe-mode check's expansion.
        Some(dataset) => dataset.canonicalize(jsonld::HashAlgorithm::Sha256, &env.limits)?,
        None => jsonld::canonicalize(unsecured, &store, &env.limits)?,
    };
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(&Sha256::digest(config_nquads.as_bytes()));
    out.extend_from_slice(&Sha256::digest(doc_nquads.as_bytes()));
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signature, SigningKey, Verifier};

    const KEY_PAIR: &str = include_str!("../../../../tests/suites/vc-di-eddsa/keyPair.json");

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    fn signing_key() -> SigningKey {
        let kp: Value = serde_json::from_str(KEY_PAIR).unwrap();
        let secret = bs58::decode(&kp["privateKeyMultibase"].as_str().unwrap()[1..])
            .into_vec()
            .unwrap();
        assert_eq!(&secret[..2], &[0x80, 0x26]);
        let key = SigningKey::from_bytes(&secret[2..].try_into().unwrap());
        let public = bs58::decode(&kp["publicKeyMultibase"].as_str().unwrap()[1..])
            .into_vec()
            .unwrap();
        assert_eq!(&public[2..], key.verifying_key().as_bytes());
        key
    }

    /// Signed document, proof configuration, combined hash (hex), signature (hex).
    fn check_vector(signed: &str, config: &str, combined: &str, sig_hex: &str) {
        let mut doc: Value = serde_json::from_str(signed).unwrap();
        doc.as_object_mut().unwrap().remove("proof");
        let config: Value = serde_json::from_str(config).unwrap();
        let env = ProofEnv::default();
        let data = hash_data(&doc, &config, &env).unwrap();
        assert_eq!(hex(&data), combined.trim());
        let key = signing_key();
        use ed25519_dalek::Signer;
        let sig = key.sign(&data);
        assert_eq!(hex(&sig.to_bytes()), sig_hex.trim());
        key.verifying_key()
            .verify(&data, &Signature::from_bytes(&sig.to_bytes()))
            .unwrap();
    }

    #[test]
    fn eddsa_rdfc_2022_vector() {
        check_vector(
            include_str!("../../../../tests/suites/vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json"),
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/eddsa-rdfc-2022/proofConfigDataInt.json"
            ),
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/eddsa-rdfc-2022/combinedHashDataInt.txt"
            ),
            include_str!("../../../../tests/suites/vc-di-eddsa/eddsa-rdfc-2022/sigHexDataInt.txt"),
        );
    }

    // Two types with type-scoped contexts: beyond the compact processor.
    #[cfg(feature = "jsonld-full")]
    #[test]
    fn eddsa_rdfc_2022_employ_vector() {
        check_vector(
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/eddsa-rdfc-2022/employ/signedDataInt.json"
            ),
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/eddsa-rdfc-2022/employ/proofConfigDataInt.json"
            ),
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/eddsa-rdfc-2022/employ/combinedHashDataInt.txt"
            ),
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/eddsa-rdfc-2022/employ/sigHexDataInt.txt"
            ),
        );
    }

    #[test]
    fn ed25519_signature_2020_vector() {
        check_vector(
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/Ed25519Signature2020/signedEdSig.json"
            ),
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/Ed25519Signature2020/proofConfigEdSig.json"
            ),
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/Ed25519Signature2020/combinedHashEdSig.txt"
            ),
            include_str!(
                "../../../../tests/suites/vc-di-eddsa/Ed25519Signature2020/sigHexEdSig.txt"
            ),
        );
    }

    #[test]
    fn unknown_context_in_proof_config_is_an_error() {
        let doc = serde_json::json!({"@context": "https://www.w3.org/ns/credentials/v2"});
        let config = serde_json::json!({"@context": "https://example.org/unknown", "type": "DataIntegrityProof"});
        let err = hash_data(&doc, &config, &ProofEnv::default()).unwrap_err();
        assert_eq!(err.code(), "jsonld-unknown-context");
    }
}
