//! What came of trying one proof, and who made it: the types the proof
//! suites' checkers (`mod.rs`, `ecdsa_sd.rs`) return to the pipeline.

use super::keys::{Doubt, KeyFacts};
use crate::error::Error;
use crate::key::VerificationMethod;

/// Who made a proof: all the checks after the signature need of its
/// verification method (the key itself stays with the proof check).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Signer {
    /// The method's id, such as `did:key:z6Mk...#z6Mk...`.
    pub id: String,
    /// Its controller, which must be the credential's issuer.
    pub controller: String,
}

impl From<&VerificationMethod> for Signer {
    fn from(vm: &VerificationMethod) -> Self {
        Signer {
            id: vm.id.clone(),
            controller: vm.controller.clone(),
        }
    }
}

/// What came of one proof.
#[derive(Debug)]
pub(crate) enum Tried {
    Valid(Box<Signer>, KeyFacts),
    /// The signature matches the key the method's id claims, but no
    /// controller document confirmed that key (see [`super::keys`]).
    Unconfirmed(Box<Signer>, Doubt),
    Mismatch,
    Broken(String),
    CannotCheck(Error),
    /// The key's document is being fetched.
    Pending,
}
