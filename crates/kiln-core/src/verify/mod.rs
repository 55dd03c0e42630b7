//! The verification pipeline: bytes in, [`Report`] out.
//!
//! sniff -> extract -> parse -> JSON-LD safe mode -> proof -> issuer binding
//! -> proof purpose -> validity window -> status -> structure.

use crate::{Error, Limits, Result};

/// How to verify: the clock and limits come from the caller.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct VerifyOptions {
    /// The current time, in seconds since the Unix epoch. `None` skips the validity-window check with a reason.
    pub now: Option<i64>,
    /// Work limits.
    pub limits: Limits,
    /// Extra JSON-LD contexts (URL, JSON text) beside the bundled ones.
    pub extra_contexts: Vec<(String, String)>,
}

/// The report of one verification (see the Report contract in DESIGN.md).
#[derive(Debug, Clone)]
pub struct Report {
    /// The whole report as the contract's JSON.
    pub json: serde_json::Value,
}

/// Verifies a PNG, SVG, JSON credential or compact JWS.
///
/// `Err` only when the input could not be read at all; use
/// [`Report::from_error`] to turn that into an `error` verdict.
pub fn verify(input: &[u8], options: &VerifyOptions) -> Result<Report> {
    let _ = (input, options);
    Err(Error::unsupported("verify-unavailable", "verification is not built yet"))
}

impl Report {
    /// The `error` report for input that could not be read.
    pub fn from_error(error: &Error) -> Report {
        Report {
            json: serde_json::json!({
                "verdict": "error",
                "checks": [],
                "warnings": [],
                "error": { "code": error.code(), "message": error.to_string() },
            }),
        }
    }
}
