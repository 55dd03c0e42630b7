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

#[cfg(feature = "ecdsa")]
mod ecdsa_sd;
mod keys;
#[cfg(feature = "jws")]
mod kid;
mod tried;

#[cfg(feature = "ecdsa")]
pub(crate) use ecdsa_sd::disclosure;

pub(crate) use keys::{Doubt, KeyFacts};
#[cfg(feature = "jws")]
pub(crate) use kid::{KidLookup, KidOwner, resolve_kid};
pub(crate) use tried::{Signer, Tried};

use serde_json::{Map, Value};

use crate::error::Error;
use crate::proof::{self, ProofCheck, ProofEnv, Suite};
use crate::verify::online::Web;
use crate::verify::options::VerifyOptions;
use keys::Unresolved;

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
    if p.get("cryptosuite").and_then(Value::as_str) == Some("ecdsa-sd-2023") {
        #[cfg(feature = "ecdsa")]
        return ecdsa_sd::try_proof(unsecured, p, env);
        #[cfg(not(feature = "ecdsa"))]
        return Tried::CannotCheck(Error::not_built(
            crate::code::Code::SuiteNotBuilt,
            crate::error::Capability::Ecdsa,
            "ecdsa-sd-2023 needs the ECDSA suites, which this build leaves out (feature `ecdsa`)",
        ));
    }
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
            None => Tried::Valid(Box::new(Signer::from(&*found.vm)), found.facts),
            Some(doubt) => Tried::Unconfirmed(Box::new(Signer::from(&*found.vm)), doubt),
        },
        Ok(ProofCheck::SignatureMismatch) => Tried::Mismatch,
        Ok(ProofCheck::Malformed(why)) => Tried::Broken(why),
        Err(Error::Malformed(d)) => Tried::Broken(format!("{}.", d.message())),
        Err(e) => Tried::CannotCheck(e),
    }
}
