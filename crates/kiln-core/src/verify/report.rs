//! The [`Report`]: the verdict, each check with a reason a person understands,
//! warnings, and what the credential says.

use serde::Serialize;
use serde_json::Value;

use super::clr::Pathway;
use super::trust::Identity;
use crate::{Capability, Error};

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Every check that ran passed, and the proof check ran.
    Verified,
    /// At least one check ran and failed.
    Invalid,
    /// The badge could not be checked (unreadable input, unsupported proof, a key that needs the network).
    Error,
}

impl Verdict {
    /// `verified`, `invalid` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Verified => "verified",
            Verdict::Invalid => "invalid",
            Verdict::Error => "error",
        }
    }
}

/// How one check ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// Checked, and fine.
    Passed,
    /// Checked, and wrong.
    Failed,
    /// Not checked; the detail says why.
    Skipped,
}

/// One check of the pipeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// Stable name: `jsonld-safe`, `proof`, `issuer`, `proof-purpose`, `validity`, `status`, `structure`,
    /// and `recipient` when the caller named a recipient; `clr` on a CLR (its nested credentials,
    /// see [`Report::credentials`]), `learner` on each nested credential, and `endorsement`
    /// (advisory: it never changes the verdict) when the credential embeds endorsements.
    pub check: &'static str,
    /// Passed, failed or skipped.
    pub outcome: Outcome,
    /// One sentence a non-expert understands.
    pub detail: String,
}

/// Why the input could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportError {
    /// Stable machine-readable code (serialised as its text).
    pub code: crate::Code,
    /// One sentence for people.
    pub message: String,
}

/// The report of one verification, serialised as the Report contract (docs/report.md).
///
/// Beside the contract's members, an OB 3.0 report carries `identity`:
/// `{"status": "domain" | "trust-list" | "not-confirmed", "detail": "..."}`,
/// whether anything beyond the signature vouches for the issuer (a did:web
/// document on the issuer's domain, or the caller's trust list). It is
/// additive and never changes the verdict, which is about validity only.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The answer.
    pub verdict: Verdict,
    /// Each check, in pipeline order.
    pub checks: Vec<Check>,
    /// Who vouches for the issuer (absent when the badge could not be read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity: Option<Identity>,
    /// Things a person should know that do not change the verdict.
    pub warnings: Vec<String>,
    /// What the credential says (issuer, subject, achievement, dates, proof type), when it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential: Option<Value>,
    /// The extracted credential text, exactly as found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// Present when the verdict is `error`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ReportError>,
    /// What this build of Kiln left out that a check needed (sorted, each
    /// once; absent from the JSON when empty): a build with it (such as the
    /// browser's `verifier-full` module) can make the check that was
    /// skipped or could not be made here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<Capability>,
    /// A CLR's nested credentials (`credentialSubject.verifiableCredential`),
    /// one full report each, in the record's order (absent when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub credentials: Vec<Report>,
    /// The embedded EndorsementCredentials (on the achievement and on the
    /// issuer profile, JSON or `endorsementJwt`), one full report each; the
    /// endorser is each one's `credential.issuer` (absent when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub endorsements: Vec<Report>,
    /// A CLR's achievements and the `association`s between them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pathway: Option<Pathway>,
}

impl Report {
    /// The `error` report for input that could not be read at all.
    pub fn from_error(error: &Error) -> Report {
        Report {
            verdict: Verdict::Error,
            checks: Vec::new(),
            identity: None,
            warnings: Vec::new(),
            credential: None,
            payload: None,
            error: Some(ReportError {
                code: error.code(),
                message: error.to_string(),
            }),
            needs: error.needs().into_iter().collect(),
            credentials: Vec::new(),
            endorsements: Vec::new(),
            pathway: None,
        }
    }

    /// The report as the contract's JSON value.
    pub fn to_json(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// The first failed check, if any.
    pub fn first_failure(&self) -> Option<&Check> {
        self.checks.iter().find(|c| c.outcome == Outcome::Failed)
    }

    /// The check of that name, if it ran or was skipped.
    pub fn check(&self, name: &str) -> Option<&Check> {
        self.checks.iter().find(|c| c.check == name)
    }
}

/// Collects checks in order and decides the verdict.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub checks: Vec<Check>,
    pub warnings: Vec<String>,
    /// Set when the proof could not be checked at all (unsupported suite, key out of reach).
    pub cannot_check: Option<ReportError>,
    pub proof_ran: bool,
    pub identity: Option<Identity>,
    /// What this build left out that a check needed (see [`Report::needs`]).
    pub needs: Vec<Capability>,
    /// See [`Report::credentials`].
    pub credentials: Vec<Report>,
    /// See [`Report::endorsements`].
    pub endorsements: Vec<Report>,
    /// See [`Report::pathway`].
    pub pathway: Option<Pathway>,
    /// Checks that never change the verdict (`endorsement`: a bad
    /// endorsement does not make the endorsed badge invalid); they come
    /// after the others.
    pub advisory: Vec<Check>,
}

impl Builder {
    pub fn pass(&mut self, check: &'static str, detail: impl Into<String>) {
        self.push(check, Outcome::Passed, detail);
    }
    pub fn fail(&mut self, check: &'static str, detail: impl Into<String>) {
        self.push(check, Outcome::Failed, detail);
    }
    pub fn skip(&mut self, check: &'static str, detail: impl Into<String>) {
        self.push(check, Outcome::Skipped, detail);
    }
    /// Records the capability `e` says this build lacks, if any: call it
    /// wherever an error becomes a skipped check or "could not check".
    pub fn note(&mut self, e: &Error) {
        if let Some(c) = e.needs() {
            self.need(c);
        }
    }
    /// Records that a check needed `c`, which this build leaves out.
    pub fn need(&mut self, c: Capability) {
        if !self.needs.contains(&c) {
            self.needs.push(c);
        }
    }
    fn push(&mut self, check: &'static str, outcome: Outcome, detail: impl Into<String>) {
        self.checks.push(Check {
            check,
            outcome,
            detail: detail.into(),
        });
    }

    pub fn finish(mut self, credential: Option<Value>, payload: Option<String>) -> Report {
        self.needs.sort_unstable();
        let failed = self.checks.iter().any(|c| c.outcome == Outcome::Failed);
        let verdict = if failed {
            Verdict::Invalid
        } else if self.cannot_check.is_some() || !self.proof_ran {
            Verdict::Error
        } else {
            Verdict::Verified
        };
        let error = match verdict {
            Verdict::Error => Some(self.cannot_check.unwrap_or_else(|| ReportError {
                code: crate::Code::ProofNotChecked,
                message: "The signature could not be checked.".into(),
            })),
            _ => None,
        };
        let mut report = Report {
            verdict,
            checks: self.checks,
            identity: self.identity,
            warnings: self.warnings,
            credential,
            payload,
            error,
            needs: self.needs,
            credentials: self.credentials,
            endorsements: self.endorsements,
            pathway: self.pathway,
        };
        report.checks.extend(self.advisory);
        report
    }
}
