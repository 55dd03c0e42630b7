//! Kiln's core: bake credentials into PNG and SVG badges, sign them, and
//! verify baked badges, with no I/O of its own.
//!
//! The caller passes in the world: the clock, randomness (through the `sign`
//! feature's key generation), and a fetcher for online checks.
//!
//! # No panics
//! Every input is untrusted. Lengths and offsets use checked arithmetic,
//! recursion is bounded, and every bad input gives a typed [`Error`] naming
//! what is wrong and where. Work is bounded by [`Limits`].
//!
//! # Features
//! - `sign` (default): key generation and proof creation.
//! - `rdfc` (default): `eddsa-rdfc-2022` and `Ed25519Signature2020` through
//!   JSON-LD expansion and RDFC-1.0.
//! - `rsa` (default): RS256 signatures (VC-JWT, OB 2.0 signed assertions)
//!   through the `rsa` crate.
//! - `es256` (default): ES256 signatures (VC-JWT) through the `p256` crate.
//! - `schema` (off by default): validation against the bundled Open Badges
//!   3.0 JSON Schema through the `jsonschema` crate; without it the `schema`
//!   check is skipped with the reason. Meant for the CLI, not the browser.
#![forbid(unsafe_code)]

pub mod container;
pub mod credential;
mod error;
pub mod jcs;
pub mod jose;
#[cfg(feature = "rdfc")]
pub mod jsonld;
pub mod key;
mod limits;
pub mod multibase;
pub mod payload;
pub mod proof;
pub mod time;
pub mod verify;

pub use error::{Detail, Error, Result};
pub use limits::Limits;
