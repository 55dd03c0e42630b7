//! The [`Report`]: the verdict, each check with a reason a person understands,
//! warnings, and what the credential says.

use serde::Serialize;
use serde_json::{Map, Value};

use super::messages::{Message, Params};
use super::nested::Pathway;
use super::trust::Identity;
use crate::error::{Capability, Error};

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// The proof check ran and passed and no authenticity check failed (a
    /// conformance slip is a warning, see [`Report::warnings`]).
    Verified,
    /// An authenticity check ran and failed, or the document is not a badge at all.
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

impl Outcome {
    /// `passed`, `failed` or `skipped`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Passed => "passed",
            Outcome::Failed => "failed",
            Outcome::Skipped => "skipped",
        }
    }
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
    /// One sentence a non-expert understands: the English of [`Check::message`].
    pub detail: String,
    /// The sentence as a stable id and parameters, for catalogs in other languages.
    pub message: Message,
}

impl Check {
    /// A check whose detail is the English of `message`.
    pub fn new(check: &'static str, outcome: Outcome, message: Message) -> Check {
        Check {
            check,
            outcome,
            detail: message.english(),
            message,
        }
    }
}

/// Why the input could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportError {
    /// Stable machine-readable code (serialised as its text).
    pub code: crate::code::Code,
    /// One sentence for people.
    pub message: String,
    /// The parameters of the sentence `error.CODE` of the catalogs: `detail`,
    /// the English message.
    pub params: Params,
}

impl ReportError {
    /// The error of that code, with its English message.
    pub fn new(code: crate::code::Code, message: String) -> ReportError {
        ReportError {
            code,
            params: Params(vec![("detail", message.clone())]),
            message,
        }
    }
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
    /// The same warnings as stable ids and parameters, in the same order.
    #[serde(rename = "warningMessages")]
    pub warning_messages: Vec<Message>,
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
    /// The badge's standing as the checks found it, for displays (absent
    /// from the JSON when empty): `expired`, `not-yet-valid`, `revoked`,
    /// `suspended`, each once, in that order. Only a failed `validity` or
    /// `status` check adds one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub standing: Vec<Standing>,
}

/// One thing the checks found about a badge's standing (see [`Report::standing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Standing {
    /// Its validity window ended.
    Expired,
    /// Its validity window has not begun.
    NotYetValid,
    /// Its issuer revoked it.
    Revoked,
    /// Its issuer suspended it.
    Suspended,
}

impl Standing {
    /// `expired`, `not-yet-valid`, `revoked` or `suspended`.
    pub fn as_str(self) -> &'static str {
        match self {
            Standing::Expired => "expired",
            Standing::NotYetValid => "not-yet-valid",
            Standing::Revoked => "revoked",
            Standing::Suspended => "suspended",
        }
    }
}

impl Report {
    /// The `error` report for input that could not be read at all.
    pub fn from_error(error: &Error) -> Report {
        Report {
            verdict: Verdict::Error,
            checks: Vec::new(),
            identity: None,
            warnings: Vec::new(),
            warning_messages: Vec::new(),
            credential: None,
            payload: None,
            error: Some(ReportError::new(error.code(), error.to_string())),
            needs: error.needs().into_iter().collect(),
            credentials: Vec::new(),
            endorsements: Vec::new(),
            pathway: None,
            standing: Vec::new(),
        }
    }

    /// The report as the contract's JSON value: the same value as its
    /// `Serialize`, member for member and in the same order, built directly
    /// (serde's value serializer made a copy of its code for every member's
    /// type, about 2,000 bytes of the browser's verifier module).
    pub fn to_json(&self) -> Value {
        let mut o = Map::new();
        put(&mut o, "verdict", self.verdict.as_str());
        let checks = self.checks.iter().map(|c| {
            let mut check = Map::new();
            put(&mut check, "check", c.check);
            put(&mut check, "outcome", c.outcome.as_str());
            put(&mut check, "detail", c.detail.as_str());
            put(&mut check, "message", message_json(&c.message));
            Value::Object(check)
        });
        put(&mut o, "checks", Value::Array(checks.collect()));
        if let Some(identity) = &self.identity {
            let mut i = Map::new();
            put(&mut i, "status", identity.status.as_str());
            put(&mut i, "detail", identity.detail.as_str());
            put(&mut i, "message", message_json(&identity.message));
            put(&mut o, "identity", Value::Object(i));
        }
        let warnings = self.warnings.iter().map(|w| Value::from(w.as_str()));
        put(&mut o, "warnings", Value::Array(warnings.collect()));
        let messages = self.warning_messages.iter().map(message_json);
        put(&mut o, "warningMessages", Value::Array(messages.collect()));
        if let Some(credential) = &self.credential {
            put(&mut o, "credential", credential.clone());
        }
        if let Some(payload) = &self.payload {
            put(&mut o, "payload", payload.as_str());
        }
        if let Some(error) = &self.error {
            let mut e = Map::new();
            put(&mut e, "code", error.code.as_str());
            put(&mut e, "message", error.message.as_str());
            put(&mut e, "params", params_json(&error.params));
            put(&mut o, "error", Value::Object(e));
        }
        if !self.needs.is_empty() {
            let needs = self.needs.iter().map(|n| Value::from(n.as_str()));
            put(&mut o, "needs", Value::Array(needs.collect()));
        }
        for (name, reports) in [
            ("credentials", &self.credentials),
            ("endorsements", &self.endorsements),
        ] {
            if !reports.is_empty() {
                let reports = reports.iter().map(Report::to_json);
                put(&mut o, name, Value::Array(reports.collect()));
            }
        }
        if let Some(pathway) = &self.pathway {
            let achievements = pathway.achievements.iter().map(|a| {
                let mut m = Map::new();
                put(&mut m, "id", a.id.as_str());
                if let Some(name) = &a.name {
                    put(&mut m, "name", name.as_str());
                }
                Value::Object(m)
            });
            let associations = pathway.associations.iter().map(|a| {
                let mut m = Map::new();
                put(&mut m, "source", a.source.as_str());
                put(&mut m, "target", a.target.as_str());
                put(&mut m, "relation", a.relation.as_str());
                Value::Object(m)
            });
            let mut p = Map::new();
            put(&mut p, "achievements", Value::Array(achievements.collect()));
            put(&mut p, "associations", Value::Array(associations.collect()));
            put(&mut o, "pathway", Value::Object(p));
        }
        if !self.standing.is_empty() {
            let standing = self.standing.iter().map(|s| Value::from(s.as_str()));
            put(&mut o, "standing", Value::Array(standing.collect()));
        }
        Value::Object(o)
    }

    /// Why the report is `error`, for a sentence: its error's message, or
    /// "it could not be checked".
    pub fn error_reason(&self) -> String {
        self.error
            .as_ref()
            .map(|e| e.message.clone())
            .unwrap_or_else(|| "it could not be checked".into())
    }

    /// Adds a warning: its English sentence and its message.
    pub fn warn(&mut self, m: Message) {
        self.warnings.push(m.english());
        self.warning_messages.push(m);
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

/// Adds the member `name` to `object`.
fn put(object: &mut Map<String, Value>, name: &str, value: impl Into<Value>) {
    object.insert(name.to_owned(), value.into());
}

/// A [`Message`] as the report's JSON: `{"id", "params"}`.
fn message_json(m: &Message) -> Value {
    let mut o = Map::new();
    put(&mut o, "id", m.id);
    put(&mut o, "params", params_json(&m.params));
    Value::Object(o)
}

/// [`Params`] as a JSON object, in their order.
fn params_json(params: &Params) -> Value {
    let mut o = Map::new();
    for (name, value) in &params.0 {
        put(&mut o, name, value.as_str());
    }
    Value::Object(o)
}

/// Collects checks in order and decides the verdict.
#[derive(Debug, Default)]
pub(crate) struct Builder {
    pub checks: Vec<Check>,
    pub warnings: Vec<Message>,
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
    /// Set when the document is not a badge at all (no credential subject,
    /// no achievement, not a badge type): the `structure` check says why.
    pub not_a_badge: bool,
    /// What the validity and status checks found (see [`Report::standing`]).
    pub standing: Vec<Standing>,
    /// Each conformance problem a failed `structure` or `schema` check
    /// found, with its JSON path, for the conformance warning.
    pub slips: Vec<String>,
}

/// Checks about whether a badge follows the standard's shape, not whether
/// it is genuine: their failure alone never makes a badge `invalid`.
pub(crate) const CONFORMANCE_CHECKS: [&str; 2] = ["structure", "schema"];

/// Whether a check is about conformance (see [`CONFORMANCE_CHECKS`]).
pub(crate) fn is_conformance(check: &str) -> bool {
    CONFORMANCE_CHECKS.contains(&check)
}

impl Builder {
    pub fn pass(&mut self, check: &'static str, m: Message) {
        self.push(check, Outcome::Passed, m);
    }
    pub fn fail(&mut self, check: &'static str, m: Message) {
        self.push(check, Outcome::Failed, m);
    }
    pub fn skip(&mut self, check: &'static str, m: Message) {
        self.push(check, Outcome::Skipped, m);
    }
    /// Adds a warning.
    pub fn warn(&mut self, m: Message) {
        self.warnings.push(m);
    }
    /// Sets why the badge could not be checked, unless already set (the first reason wins).
    pub fn cannot(&mut self, code: crate::code::Code, message: String) {
        if self.cannot_check.is_none() {
            self.cannot_check = Some(ReportError::new(code, message));
        }
    }
    /// Records the capability `e` says this build lacks, if any: call it
    /// wherever an error becomes a skipped check or "could not check".
    pub fn note(&mut self, e: &Error) {
        if let Some(c) = e.needs() {
            self.need(c);
        }
    }
    /// Records what a check found about the badge's standing.
    pub fn standing(&mut self, s: Standing) {
        if !self.standing.contains(&s) {
            self.standing.push(s);
        }
    }
    /// Records that a check needed `c`, which this build leaves out.
    pub fn need(&mut self, c: Capability) {
        if !self.needs.contains(&c) {
            self.needs.push(c);
        }
    }
    fn push(&mut self, check: &'static str, outcome: Outcome, m: Message) {
        self.checks.push(Check::new(check, outcome, m));
    }

    /// Decides the verdict: the one place the rule lives (see
    /// [`crate::docs`], "Genuine but imperfect is not forged").
    ///
    /// - `invalid` when an authenticity check failed (every check but the
    ///   conformance ones: proof, issuer, proof purpose, validity, status,
    ///   JSON-LD safe mode, recipient), or the document is not a badge at all;
    /// - otherwise `error` when the proof could not be checked;
    /// - otherwise `verified`. A failed conformance check (`structure`,
    ///   `schema`) stays in the checks as failed and adds a warning, first in
    ///   the list: "Verified; does not fully follow Open Badges 3.0: ...".
    pub fn finish(mut self, credential: Option<Value>, payload: Option<String>) -> Report {
        crate::sort_few(&mut self.needs);
        let failed = self
            .checks
            .iter()
            .any(|c| c.outcome == Outcome::Failed && !is_conformance(c.check));
        let verdict = if failed || self.not_a_badge {
            Verdict::Invalid
        } else if self.cannot_check.is_some() || !self.proof_ran {
            Verdict::Error
        } else {
            Verdict::Verified
        };
        let failed_conformance: Vec<&str> = self
            .checks
            .iter()
            .filter(|c| c.outcome == Outcome::Failed && is_conformance(c.check))
            .map(|c| c.detail.as_str())
            .collect();
        let slips = if self.slips.is_empty() {
            crate::join_strs(&failed_conformance, " ")
        } else {
            self.slips.join("; ")
        };
        if !failed_conformance.is_empty() && !self.not_a_badge {
            let warning = match verdict {
                Verdict::Verified => msg!("warning.conformance-verified", problems = slips),
                _ => msg!("warning.conformance", problems = slips),
            };
            self.warnings.insert(0, warning);
        }
        let error = match verdict {
            Verdict::Error => Some(self.cannot_check.unwrap_or_else(|| {
                ReportError::new(
                    crate::code::Code::ProofNotChecked,
                    "The signature could not be checked.".into(),
                )
            })),
            _ => None,
        };
        let mut report = Report {
            verdict,
            checks: self.checks,
            identity: self.identity,
            warnings: self.warnings.iter().map(Message::english).collect(),
            warning_messages: self.warnings,
            credential,
            payload,
            error,
            needs: self.needs,
            credentials: self.credentials,
            endorsements: self.endorsements,
            pathway: self.pathway,
            standing: {
                crate::sort_few(&mut self.standing);
                self.standing
            },
        };
        report.checks.extend(self.advisory);
        report
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::Code;
    use crate::verify::{Association, Identity, IdentityStatus, PathwayAchievement};

    fn message(id: &'static str) -> Message {
        Message::new(id, vec![("label", "x".into()), ("date", "2026".into())])
    }

    fn full(verdict: Verdict, nested: Vec<Report>) -> Report {
        let mut r = Report {
            verdict,
            checks: vec![
                Check::new("proof", Outcome::Passed, message("proof.valid")),
                Check::new("status", Outcome::Failed, Message::new("status.x", vec![])),
                Check::new("validity", Outcome::Skipped, message("validity.y")),
            ],
            identity: Some(Identity {
                status: IdentityStatus::TrustList,
                detail: "listed".into(),
                message: message("identity.z"),
            }),
            warnings: Vec::new(),
            warning_messages: Vec::new(),
            credential: Some(
                serde_json::json!({"format": "ob3", "name": "N", "issuer": {"id": "did:x"}}),
            ),
            payload: Some("{\"a\": 1}".into()),
            error: Some(ReportError::new(Code::BadOptions, "bad \"quoted\"".into())),
            needs: vec![Capability::JsonLdFull, Capability::Es256k],
            credentials: Vec::new(),
            endorsements: nested,
            pathway: Some(Pathway {
                achievements: vec![
                    PathwayAchievement {
                        id: "urn:a".into(),
                        name: Some("A".into()),
                    },
                    PathwayAchievement {
                        id: "urn:b".into(),
                        name: None,
                    },
                ],
                associations: vec![Association {
                    source: "urn:a".into(),
                    target: "urn:b".into(),
                    relation: "precedes".into(),
                }],
            }),
            standing: vec![Standing::NotYetValid, Standing::Suspended],
        };
        r.warn(message("warning.w"));
        r
    }

    /// `to_json` builds by hand what the derived `Serialize` writes: the same
    /// members, values and order, for every member present and absent.
    #[test]
    fn to_json_is_the_serialized_report() {
        let inner = full(Verdict::Invalid, Vec::new());
        let mut outer = full(Verdict::Verified, vec![inner.clone()]);
        outer.credentials = vec![
            inner,
            Report::from_error(&crate::Error::misuse(Code::BadOptions, "m")),
        ];
        let sparse = Report::from_error(&crate::Error::misuse(Code::BadOptions, "m"));
        for report in [outer, sparse] {
            let derived = serde_json::to_string(&serde_json::to_value(&report).unwrap()).unwrap();
            assert_eq!(serde_json::to_string(&report.to_json()).unwrap(), derived);
        }
    }
}
