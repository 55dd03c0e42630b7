//! An `ecdsa-sd-2023` derived proof checked with the issuer's P-256 key.
//!
//! The key comes from a `did:key:zDn...` verification method, offline.
//! Other methods (did:web, http(s)) need a controller document listing a
//! P-256 key, which this module does not read yet: such a proof is "could
//! not check", with the reason.

use serde_json::{Map, Value};

use super::keys::KeyFacts;
use super::tried::{Signer, Tried};
use crate::error::Error;
use crate::proof::ecdsa_sd;
use crate::proof::{ProofCheck, ProofEnv};

/// Checks one ecdsa-sd-2023 proof of `unsecured` (the document without its proofs).
pub(super) fn try_proof(unsecured: &Value, p: &Map<String, Value>, env: &ProofEnv) -> Tried {
    let Some(vm) = p.get("verificationMethod").and_then(Value::as_str) else {
        return Tried::Broken("it names no verification method (key).".into());
    };
    let (controller, key) = match ecdsa_sd::p256_from_did_key(vm) {
        Some(Ok(found)) => found,
        Some(Err(Error::Malformed(d))) => return Tried::Broken(format!("{}.", d.message())),
        Some(Err(e)) => return Tried::CannotCheck(e),
        None => {
            return Tried::CannotCheck(Error::unsupported(
                crate::code::Code::EcdsaSdKey,
                format!(
                    "the ecdsa-sd-2023 proof names the key {vm:?}; Kiln checks ecdsa-sd-2023 \
                     proofs made with did:key P-256 keys (zDn...)"
                ),
            ));
        }
    };
    match ecdsa_sd::verify_derived(unsecured, p, &key, env) {
        Ok(ProofCheck::Valid) => Tried::Valid(
            Box::new(Signer {
                id: vm.to_owned(),
                controller,
            }),
            KeyFacts {
                assertion_method: true,
                domain: None,
            },
        ),
        Ok(ProofCheck::SignatureMismatch) => Tried::Mismatch,
        Ok(ProofCheck::Malformed(why)) => Tried::Broken(why),
        Err(Error::Malformed(d)) => Tried::Broken(format!("{}.", d.message())),
        Err(e) => Tried::CannotCheck(e),
    }
}

/// When the proof that decided is ecdsa-sd-2023: the `disclosure` check,
/// naming what the holder revealed (JSON pointers of the derived document,
/// all covered by the proof) and saying the rest was withheld. Returns the
/// pointers for the report's `credential.disclosed`.
pub(crate) fn disclosure(
    doc: &Value,
    proof: Option<&Map<String, Value>>,
    b: &mut crate::verify::report::Builder,
) -> Option<Vec<String>> {
    if !proof.is_some_and(ecdsa_sd::is_ecdsa_sd) {
        return None;
    }
    let pointers = ecdsa_sd::disclosed_pointers(doc);
    b.pass(
        "disclosure",
        msg!("disclosure.selective", pointers = pointers.join(", ")),
    );
    Some(pointers)
}
