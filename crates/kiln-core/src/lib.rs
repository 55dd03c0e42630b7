//! Kiln's core: bake credentials into PNG and SVG badges, sign them, and
//! verify baked badges, with no I/O of its own.
//!
//! The caller passes in the world: the clock, randomness (through the `sign`
//! feature's key generation), and a fetcher for online checks.
//!
//! # Public API
//! The everyday entry points are re-exported here: [`verify()`] and
//! [`verify_to_report`] (bytes in, a [`Report`] out, with [`VerifyOptions`]),
//! [`bake`] and [`unbake`] (a payload into and out of a PNG or SVG), the one
//! [`Error`] with its [`Code`], and [`Limits`]. The modules, by stage:
//! - [`container`]: PNG and SVG baking and reading; [`payload`]: what the
//!   extracted text is (an OB 3.0 credential, a VC-JWT, an OB 2.0 assertion).
//! - [`credential`]: the strict JSON reader and the OB 3.0 credential model.
//! - [`proof`] and [`key`]: Data Integrity proofs, keys, did:key, did:web and
//!   controller documents; [`jose`]: compact JWS (VC-JWT, OB 2.0 signed).
//! - [`verify`](mod@verify): the verification pipeline and its report; [`status_list`]:
//!   Bitstring Status Lists; [`url`]: which URLs online checks may fetch
//!   (one strict parser; the CLI's fetcher applies it too); [`issue`]: the issuance rules (recipients CSV,
//!   building credentials), shared by the CLI and the issuer page.
//! - [`share`]: verification links (a credential in a URL fragment,
//!   `#c=1...`), made and read with no I/O.
//! - `jsonld` (with `jsonld-compact`): JSON-LD to RDF, RDFC-1.0, the safe-mode
//!   and signed-view checks.
//! - Dates: [`parse_datetime`] and [`format_rfc3339`] (RFC 3339, as
//!   credentials write them), [`human_date`] (as reports write them).
//! - The codecs the above use (base64url, multibase, RFC 8785 JSON
//!   canonicalization, RFC 3339 dates, PNG chunks, the CBOR of
//!   `ecdsa-sd-2023` proof values) are private. The
//!   `internals` feature makes them public, with the JSON-LD test hooks, for
//!   Kiln's own tests, fuzz targets and benchmarks: not a stable API.
//! - [`docs`]: the design notes (the verification path, the source-of-truth
//!   and key provenance rules, what moved where).
//!
//! # No panics
//! Every input is untrusted. Lengths and offsets use checked arithmetic,
//! recursion is bounded, and every bad input gives a typed [`Error`] naming
//! what is wrong and where. Work is bounded by [`Limits`].
//!
//! # Features
//! - `sign` (default): key generation and proof creation.
//! - `jsonld-compact`: `eddsa-rdfc-2022` and `Ed25519Signature2020` (JSON-LD
//!   to RDF and RDFC-1.0) and the JSON-LD safe-mode check, with Kiln's
//!   compact JSON-LD processor only: credentials whose contexts are bundled
//!   URLs or plain inline term definitions and whose keys and types are
//!   defined terms, which is what badges are. A document beyond it is
//!   "could not check" with the reason, and the report's `needs` names
//!   [`Capability::JsonLdFull`]. The browser's small verifier module uses it.
//! - `jsonld-full` (default; turns on `jsonld-compact`): adds oxjsonld, all
//!   of JSON-LD 1.1, tried when the compact processor gives up. About +60 KB
//!   of gzipped wasm over `jsonld-compact`.
//! - `jws` (default): credentials signed as a compact JWS, VC-JWTs (EdDSA;
//!   the three below add their algorithms) and OB 2.0 signed assertions.
//!   Without it such a credential is "could not check" (`jws-not-built`)
//!   with [`Capability::Jws`] in `needs`. The browser's small verifier
//!   module leaves it out: what it met in practice is RS256, which it never
//!   checked either.
//! - `rsa` (default; turns on `jws`): RS256 signatures (VC-JWT, OB 2.0 signed assertions)
//!   through the `rsa` crate. About +23 KB of gzipped wasm.
//! - `es256` (default; turns on `jws`): ES256 signatures (VC-JWT) through the `p256` crate.
//!   About +12 KB of gzipped wasm (+34 KB with `rsa`).
//! - `nested` (default): credentials inside credentials, CLR 2.0 records
//!   (every credential a `ClrCredential` holds, the learner rule, the
//!   pathway) and embedded endorsements. Without it a CLR is "could not
//!   check" and endorsements are not checked, with [`Capability::Nested`] in
//!   the report's `needs`. The browser's small verifier module leaves it out.
//! - `legacy` (default; turns on `jsonld-compact`): `Ed25519Signature2018`
//!   (verify only). Without it such a proof is "could not check" with
//!   [`Capability::Legacy`] in `needs`.
//! - `internals` (off): the private codecs and test hooks as public items
//!   (see above). Kiln's own tests turn it on through a dev-dependency.
//! - `es256k` (default; turns on `jws`): ES256K signatures (VC-JWT, secp256k1) through the
//!   `k256` crate; secp256k1 JWKs and did:jwk keys.
//! - `ecdsa` (default; turns on `jsonld-compact`): the ECDSA Data Integrity
//!   suites `ecdsa-rdfc-2019` and `ecdsa-jcs-2019` (sign and verify) with
//!   P-256 and P-384 keys (Multikey `zDn...`/`z82...`, did:key, did:jwk,
//!   JWK), and ES384 VC-JWTs, through the `p256` and `p384` crates. The
//!   browser's small verifier module leaves it out: its report then `needs`
//!   [`Capability::Ecdsa`] for an ECDSA proof.
//! - `schema` (off by default): validation against the bundled Open Badges
//!   3.0 JSON Schema through the `jsonschema` crate; without it the `schema`
//!   check is skipped with the reason. About +780 KB of gzipped wasm: for the
//!   CLI, never the browser verifier.
//! - `qr` (off): the `qr` module, QR codes of verification links as SVG, through the
//!   `qrcode` crate (no default features). The browser's own `qr` module,
//!   never the verifier, is 38 KB gzipped with it (78.6 KB raw).
//! - `exact-floats` (default): every JSON number read to the nearest double
//!   (serde_json's `float_roundtrip`). Without it, numbers are read by
//!   serde_json's fast path, exact for integers of up to 64 bits and for
//!   fractional numbers of at most 15 significant digits and a power of ten
//!   within 10^±22; a document holding another is "could not check"
//!   (`json-number-not-exact`, [`Capability::ExactNumbers`] in `needs`), never
//!   read one ulp off. The browser's small verifier leaves it out (8,746 bytes
//!   gzipped smaller).
//!
//! The wasm figures: a throwaway `cdylib` calling `verify::verify_to_report`
//! with kiln-core `default-features = false`, built `--release` for
//! `wasm32-unknown-unknown` with `opt-level = "z"`, LTO, one codegen unit,
//! `gzip -9`; the `rsa`/`es256` figures are against a baseline that already
//! links getrandom 0.2's `js` backend, which both need on wasm32 (see
//! `Cargo.toml`).
#![forbid(unsafe_code)]
#![deny(missing_docs)]

/// Declares a function public with the `internals` feature (Kiln's own tests
/// and fuzz targets call it) and crate-private without it: the test hooks.
#[cfg_attr(not(feature = "jsonld-compact"), allow(unused_macros))]
macro_rules! internal_fn {
    ($(#[$attr:meta])* fn $name:ident $($rest:tt)*) => {
        $(#[$attr])*
        #[cfg(feature = "internals")]
        pub fn $name $($rest)*
        $(#[$attr])*
        #[cfg(not(feature = "internals"))]
        #[allow(dead_code)]
        pub(crate) fn $name $($rest)*
    };
}

// The low-level codecs are private: public only with the `internals`
// feature, for Kiln's own tests, fuzz targets and benchmarks (no stable API).
#[cfg(feature = "internals")]
pub mod base64url;
#[cfg(not(feature = "internals"))]
mod base64url;
mod code;
pub mod container;
pub mod credential;
pub mod docs;
mod error;
pub mod issue;
#[cfg(feature = "internals")]
pub mod jcs;
#[cfg(not(feature = "internals"))]
mod jcs;
pub mod jose;
mod json_compact;
#[cfg(feature = "jsonld-compact")]
pub mod jsonld;
pub mod key;
mod limits;
#[cfg(feature = "internals")]
pub mod multibase;
#[cfg(not(feature = "internals"))]
mod multibase;
pub mod payload;
pub mod proof;
#[cfg(feature = "qr")]
pub mod qr;
pub mod share;
pub mod status_list;
#[cfg(feature = "internals")]
pub mod time;
#[cfg(not(feature = "internals"))]
mod time;
pub mod url;
pub mod verify;

pub use code::Code;

/// Sorts indices by a comparison given as a trait object: every caller shares
/// one copy of the standard library's unstable sort, where each element type
/// and comparison closure would add its own to the browser verifier's wasm.
pub(crate) fn sort_indices(v: &mut [usize], cmp: &dyn Fn(usize, usize) -> std::cmp::Ordering) {
    v.sort_unstable_by(|a, b| cmp(*a, *b));
}

/// `parts.join(sep)` for string slices: the standard library's `join` is a
/// copy of its generic code for each element type (about 1,100 bytes of the
/// browser verifier's wasm each); the `String` one stays, this replaces the
/// `&str` one.
pub(crate) fn join_strs(parts: &[&str], sep: &str) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        out.push_str(part);
    }
    out
}

/// Sorts a short list in place (an insertion sort): the few types of a node,
/// the needs and standings of a report. Each element type the standard
/// library's sort is used with adds its own copy of the sort, about 3.5 KB of
/// the browser verifier's wasm; this one is a few hundred bytes.
pub(crate) fn sort_few<T: Ord>(v: &mut [T]) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && v[j - 1] > v[j] {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}
pub use container::{bake, unbake};
pub use error::{Capability, Detail, Error, Result};
pub use limits::Limits;
pub use time::{format_rfc3339, human_date, parse_datetime};
pub use verify::{Report, Verdict, VerifyOptions, verify, verify_to_report};
