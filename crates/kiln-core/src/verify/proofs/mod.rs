//! Trying proofs and resolving the keys that made them: the one place a
//! signature meets a key.
//!
//! - [`try_proof`]: one Data Integrity proof (`eddsa-rdfc-2022`,
//!   `eddsa-jcs-2022`, `Ed25519Signature2020`) checked with the key its
//!   `verificationMethod` resolves to ([`keys::resolve`]), giving a [`Tried`].
//!   The OB 3.0 credential and the status list credentials it names both come
//!   here; new suites (ECDSA) join through [`crate::proof`] and this function.
//! - [`keys`]: a verification method to a key: `did:key` offline, `did:web`
//!   and `http(s)` controller documents through [`Web::get_json`].
//! - [`kid`]: a VC-JWT's `kid` to a key, by the same documents and rules.
//!
//! Nothing here adds a check to the report: the format modules (`ob3`,
//! `jwt`) and the status check turn what came of a proof into checks.

mod keys;
mod kid;

pub(crate) use keys::{Doubt, KeyFacts};
pub(crate) use kid::{KidLookup, KidOwner, resolve_kid};

use serde_json::{Map, Value};

use crate::Error;
use crate::key::VerificationMethod;
use crate::proof::{self, ProofCheck, ProofEnv, Suite};
use crate::verify::online::Web;
use crate::verify::options::VerifyOptions;
use keys::Unresolved;

/// What came of one proof.
#[derive(Debug)]
pub(crate) enum Tried {
    Valid(Box<VerificationMethod>, KeyFacts),
    /// The signature matches the key the method's id claims, but no
    /// controller document confirmed that key (see [`keys`]).
    Unconfirmed(Box<VerificationMethod>, Doubt),
    Mismatch,
    Broken(String),
    CannotCheck(Error),
    /// The key's document is being fetched.
    Pending,
}

/// Checks one proof of `unsecured` (the document without its proofs),
/// resolving its key offline (did:key) or through the caller's fetcher
/// (did:web, http(s)): see [`keys::resolve`].
pub(crate) fn try_proof(
    unsecured: &Value,
    p: &Map<String, Value>,
    env: &ProofEnv,
    options: &VerifyOptions,
    web: &Web,
) -> Tried {
    if let Err(e) = Suite::of(p) {
        return Tried::CannotCheck(e);
    }
    let Some(vm) = p.get("verificationMethod").and_then(Value::as_str) else {
        return Tried::Broken("it names no verification method (key).".into());
    };
    let found = match keys::resolve(vm, options, web) {
        Ok(found) => found,
        Err(Unresolved::Broken(why)) => return Tried::Broken(why),
        Err(Unresolved::CannotCheck(e)) => return Tried::CannotCheck(e),
        Err(Unresolved::Pending) => return Tried::Pending,
    };
    match proof::verify_proof(unsecured, p, &found.vm.public_key, env) {
        Ok(ProofCheck::Valid) => match found.doubt {
            None => Tried::Valid(found.vm, found.facts),
            Some(doubt) => Tried::Unconfirmed(found.vm, doubt),
        },
        Ok(ProofCheck::SignatureMismatch) => Tried::Mismatch,
        Ok(ProofCheck::Malformed(why)) => Tried::Broken(why),
        Err(Error::Malformed(d)) => Tried::Broken(format!("{}.", d.message())),
        Err(e) => Tried::CannotCheck(e),
    }
}
