//! The checks of an Open Badges 3.0 credential with an embedded proof.

use serde_json::{Map, Value};

use super::keys::{self, Doubt};
use super::online::Web;
use super::report::{Builder, Report, ReportError};
use super::{VerifyOptions, recipient, status, summary, trust};
use crate::key::VerificationMethod;
use crate::proof::{self, ProofCheck, ProofEnv, Suite};
use crate::{Error, credential, time};

const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";
const OB3_CONTEXT_PREFIX: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context";

/// Verifies an OB 3.0 JSON credential.
pub(super) fn verify_json(payload: String, options: &VerifyOptions, web: &Web) -> Report {
    let doc = match credential::parse_json(&payload, &options.limits) {
        Ok(doc) => doc,
        Err(e) => {
            let mut report = Report::from_error(&e);
            report.payload = Some(payload);
            return report;
        }
    };
    let mut b = Builder::default();
    check_jsonld(&doc, options, &mut b);
    let chosen = check_proofs(&doc, options, web, &mut b);
    check_purpose(chosen.as_ref(), &mut b);
    check_validity(&doc, options.now, &mut b);
    status::check(&doc, options, web, &mut b);
    check_structure(&doc, &mut b);
    super::schema::check_schema(&doc, &mut b);
    if let Some(who) = &options.recipient {
        recipient::check(&doc, who, &mut b);
    }
    let issuer = summary::issuer_id(&doc);
    let by_issuer = chosen.as_ref().is_some_and(|c| c.by_issuer);
    let domain = chosen.as_ref().and_then(|c| c.facts.domain.as_deref());
    b.identity = Some(trust::identity(
        issuer.as_deref(),
        by_issuer,
        domain,
        options.trust.as_ref(),
    ));
    let summary = summary::ob3(&doc);
    b.finish(Some(summary), Some(payload))
}

#[cfg(feature = "jsonld-compact")]
pub(super) fn check_jsonld(doc: &Value, options: &VerifyOptions, b: &mut Builder) {
    use crate::jsonld::{self, ContextStore};
    let store = match ContextStore::with_extra(&options.extra_contexts) {
        Ok(store) => store,
        Err(e) => {
            b.skip(
                "jsonld-safe",
                format!("The extra contexts given to Kiln could not be read: {e}."),
            );
            return;
        }
    };
    let checked = jsonld::check_safe(doc, &store, &options.limits)
        .and_then(|()| jsonld::check_faithful(doc, &store, &options.limits));
    match checked {
        Ok(()) => b.pass(
            "jsonld-safe",
            "Every field of the credential is defined by the vocabularies it names, so all of it is covered by the signature.",
        ),
        Err(e @ Error::Unsupported(_)) => {
            b.note(&e);
            let d = e.detail();
            b.warnings.push(format!("Some of this credential's vocabulary is unknown to Kiln: {}.", d.message()));
            b.skip("jsonld-safe", format!("The credential's fields could not all be checked: {}.", d.message()));
        }
        Err(e) if e.code().starts_with("jsonld-undefined") || e.code() == "jsonld-relative-iri" => b.fail(
            "jsonld-safe",
            format!("The credential holds a field its vocabularies do not define, which a signature may not cover: {e}."),
        ),
        Err(e) => b.fail(
            "jsonld-safe",
            format!("What the credential's JSON shows is not what its signature covers: {e}."),
        ),
    }
}

#[cfg(not(feature = "jsonld-compact"))]
pub(super) fn check_jsonld(_doc: &Value, _options: &VerifyOptions, b: &mut Builder) {
    b.need(crate::Capability::JsonLdCompact);
    b.skip(
        "jsonld-safe",
        "This build of Kiln does not include JSON-LD processing.",
    );
}

/// What the key's source says about it.
#[derive(Debug, Clone)]
pub(super) struct KeyFacts {
    /// The key may issue credentials: a did:key, or a DID or controller
    /// document that lists it under `assertionMethod`.
    pub assertion_method: bool,
    /// The host whose did:web or controller document published the key.
    pub domain: Option<String>,
}

/// What came of one proof.
#[derive(Debug)]
pub(super) enum Tried {
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

/// The proof that decided the verdict, with its key.
pub(super) struct Chosen {
    proof: Map<String, Value>,
    facts: KeyFacts,
    by_issuer: bool,
}

fn check_proofs(
    doc: &Value,
    options: &VerifyOptions,
    web: &Web,
    b: &mut Builder,
) -> Option<Chosen> {
    let proofs = proof::proofs_of(doc);
    if proofs.is_empty() {
        b.proof_ran = true;
        b.fail("proof", "This badge carries no signature, so nothing shows who issued it or that it is unchanged.");
        return None;
    }
    let mut unsecured = doc.clone();
    if let Value::Object(map) = &mut unsecured {
        map.remove("proof");
    }
    let env = ProofEnv {
        limits: options.limits.clone(),
        extra_contexts: &options.extra_contexts,
    };
    let issuer = summary::issuer_id(doc);
    let tried: Vec<(String, Tried)> = proofs
        .iter()
        .map(|p| (proof_label(p), try_proof(&unsecured, p, &env, options, web)))
        .collect();
    // A proof this build could not check, whatever the others say: a build
    // with what it lacks may reach another verdict.
    for (_, t) in &tried {
        if let Tried::CannotCheck(e) = t {
            b.note(e);
        }
    }

    let pick = |want_issuer: bool| {
        tried.iter().position(|(_, t)| match t {
            Tried::Valid(vm, _) => {
                !want_issuer || Some(vm.controller.as_str()) == issuer.as_deref()
            }
            _ => false,
        })
    };
    let unconfirmed = || {
        tried
            .iter()
            .position(|(_, t)| matches!(t, Tried::Unconfirmed(..)))
    };
    let chosen = pick(true).or_else(unconfirmed).or_else(|| pick(false));
    for (i, (label, t)) in tried.iter().enumerate() {
        if Some(i) == chosen || proofs.len() == 1 {
            continue;
        }
        match t {
            Tried::Valid(..) | Tried::Unconfirmed(..) | Tried::Pending => {}
            Tried::Mismatch => b.warnings.push(format!(
                "Another signature on this badge ({label}) does not match."
            )),
            Tried::Broken(why) => b.warnings.push(format!(
                "Another signature on this badge ({label}) is broken: {why}"
            )),
            Tried::CannotCheck(e) => b.warnings.push(format!(
                "Another signature on this badge ({label}) could not be checked: {e}."
            )),
        }
    }

    if let Some(i) = chosen {
        let (label, vm, facts, doubt) = match &tried[i] {
            (label, Tried::Valid(vm, facts)) => (label, vm, facts.clone(), None),
            (label, Tried::Unconfirmed(vm, doubt)) => {
                let facts = KeyFacts {
                    assertion_method: true,
                    domain: None,
                };
                (label, vm, facts, Some(doubt))
            }
            _ => return None,
        };
        b.proof_ran = true;
        let times = proofs.get(i).map(|p| proof_times(p, options.now));
        match &times {
            Some(ProofTimes::Expired(when)) => b.fail(
                "proof",
                format!("The signature ({label}) matches, but it expired on {when}: the issuer limited how long it may be relied on."),
            ),
            Some(ProofTimes::Unreadable(why)) => b.fail(
                "proof",
                format!("The signature ({label}) is not usable: {why}"),
            ),
            _ => b.pass("proof", format!("The signature ({label}) matches: the credential has not changed since it was signed.")),
        }
        if let Some(ProofTimes::CreatedInFuture(when)) = times {
            b.warnings.push(format!(
                "The signature says it was made on {when}, which is later than now: the signer's clock may be wrong."
            ));
        }
        let by_issuer = keys::check_issuer(issuer.as_deref(), vm, doubt, b);
        return proofs.get(i).map(|p| Chosen {
            proof: (*p).clone(),
            facts,
            by_issuer,
        });
    }
    if tried.iter().any(|(_, t)| matches!(t, Tried::Pending)) {
        b.cannot_check = Some(ReportError {
            code: "key-pending".into(),
            message: "The issuer's key is being fetched.".into(),
        });
        b.skip("proof", "The issuer's key is being fetched.");
        return None;
    }

    // No valid proof: report the most telling failure.
    let first = |f: fn(&Tried) -> bool| tried.iter().find(|(_, t)| f(t));
    if let Some((label, _)) = first(|t| matches!(t, Tried::Mismatch)) {
        b.proof_ran = true;
        b.fail(
            "proof",
            format!(
                "The signature ({label}) does not match: the credential was changed after it was signed, or it was signed with another key."
            ),
        );
    } else if let Some((label, Tried::Broken(why))) = first(|t| matches!(t, Tried::Broken(_))) {
        b.proof_ran = true;
        b.fail(
            "proof",
            format!("The signature ({label}) is not usable: {why}"),
        );
    } else if let Some((label, Tried::CannotCheck(e))) =
        first(|t| matches!(t, Tried::CannotCheck(_)))
    {
        let message = format!("The signature ({label}) could not be checked: {e}.");
        b.cannot_check = Some(ReportError {
            code: e.code().to_owned(),
            message: message.clone(),
        });
        b.skip("proof", message);
    }
    None
}

/// Clock skew allowed for a proof's `created` before it is called "in the future".
const CLOCK_SKEW_SECONDS: i64 = 300;

/// What a proof's own dates say at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ProofTimes {
    Fine,
    /// `expires` is past (the date, for people).
    Expired(String),
    /// `created` is later than now plus the allowed skew.
    CreatedInFuture(String),
    /// `expires` is not a date.
    Unreadable(String),
}

/// Reads a proof's `expires` (VC Data Integrity: the proof must not be
/// relied on after it) and `created` against the caller's clock.
fn proof_times(p: &Map<String, Value>, now: Option<i64>) -> ProofTimes {
    let expires = match p.get("expires") {
        None => None,
        Some(Value::String(s)) => match time::parse_datetime(s) {
            Ok(t) => Some(t),
            Err(_) => {
                return ProofTimes::Unreadable(format!(
                    "its \"expires\" ({s}) is not a date and time."
                ));
            }
        },
        Some(_) => return ProofTimes::Unreadable("its \"expires\" is not a date string.".into()),
    };
    let Some(now) = now else {
        return ProofTimes::Fine;
    };
    if let Some(t) = expires
        && now > t
    {
        return ProofTimes::Expired(time::human_date(t));
    }
    let created = p
        .get("created")
        .and_then(Value::as_str)
        .and_then(|c| time::parse_datetime(c).ok());
    if let Some(c) = created
        && c > now.saturating_add(CLOCK_SKEW_SECONDS)
    {
        return ProofTimes::CreatedInFuture(time::human_date(c));
    }
    ProofTimes::Fine
}

fn proof_label(p: &Map<String, Value>) -> String {
    let ty = p
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("an untyped proof");
    match p.get("cryptosuite").and_then(Value::as_str) {
        Some(suite) => format!("{ty}, {suite}"),
        None => ty.to_owned(),
    }
}

/// Checks one proof of `unsecured` (the document without its proofs),
/// resolving its key offline (did:key) or through the caller's fetcher
/// (did:web, http(s)): see [`keys::resolve`].
pub(super) fn try_proof(
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
        Err(t) => return t,
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

fn check_purpose(chosen: Option<&Chosen>, b: &mut Builder) {
    let Some(chosen) = chosen else { return };
    match chosen.proof.get("proofPurpose").and_then(Value::as_str) {
        Some("assertionMethod") if !chosen.facts.assertion_method => b.fail(
            "proof-purpose",
            "The issuer's DID document does not list the signing key under assertionMethod: the key is not allowed to issue credentials.",
        ),
        Some("assertionMethod") => {
            b.pass("proof-purpose", "The signature was made for issuing credentials (assertionMethod).")
        }
        Some(other) => b.fail(
            "proof-purpose",
            format!("The signature was made for \"{other}\", not for issuing credentials (assertionMethod)."),
        ),
        None => b.fail("proof-purpose", "The signature does not say what it was made for (no proofPurpose)."),
    }
}

pub(super) fn check_validity(doc: &Value, now: Option<i64>, b: &mut Builder) {
    let v1 = first_context(doc) == Some(VC_V1);
    let (from_key, until_key) = if v1 {
        ("issuanceDate", "expirationDate")
    } else {
        ("validFrom", "validUntil")
    };
    let date = |k: &str| -> Result<Option<i64>, String> {
        match doc.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => time::parse_datetime(s)
                .map(Some)
                .map_err(|_| format!("The date \"{s}\" in {k} is not a valid date and time.")),
            Some(_) => Err(format!("{k} is not a date string.")),
        }
    };
    let (from, until) = match (date(from_key), date(until_key)) {
        (Ok(f), Ok(u)) => (f, u),
        (Err(e), _) | (_, Err(e)) => return b.fail("validity", e),
    };
    let Some(now) = now else {
        return b.skip(
            "validity",
            "No current time was given, so the validity dates were not checked.",
        );
    };
    if let Some(from) = from
        && now < from
    {
        return b.fail(
            "validity",
            format!("This badge is not valid before {}.", time::human_date(from)),
        );
    }
    if let Some(until) = until
        && now > until
    {
        return b.fail(
            "validity",
            format!("This badge expired on {}.", time::human_date(until)),
        );
    }
    let start = from
        .map(|f| format!("since {}", time::human_date(f)))
        .unwrap_or_else(|| "with no start date".into());
    let end = until
        .map(|u| format!("until {}", time::human_date(u)))
        .unwrap_or_else(|| "with no expiry date".into());
    b.pass("validity", format!("This badge is valid {start}, {end}."));
}

fn first_context(doc: &Value) -> Option<&str> {
    match doc.get("@context")? {
        Value::Array(a) => a.first()?.as_str(),
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// The strings of a value that may be one string or an array (`type`,
/// `statusPurpose`); anything else gives none.
pub(super) fn types(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The fields Open Badges 3.0 requires, each problem with its JSON path.
pub(super) fn structure_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    let Value::Object(_) = doc else {
        return vec!["$ is not a JSON object".into()];
    };
    match first_context(doc) {
        Some(VC_V2) | Some(VC_V1) => {}
        Some(other) => problems.push(format!(
            "$.@context[0] is \"{other}\", not the Verifiable Credentials context"
        )),
        None => problems.push("$.@context is missing".into()),
    }
    let contexts: Vec<&str> = match doc.get("@context") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !contexts.iter().any(|c| c.starts_with(OB3_CONTEXT_PREFIX)) {
        problems.push("$.@context does not include an Open Badges 3.0 context".into());
    }
    let ty = types(doc.get("type"));
    if !ty.contains(&"VerifiableCredential") {
        problems.push("$.type does not include VerifiableCredential".into());
    }
    let endorsement = ty.contains(&"EndorsementCredential");
    if !endorsement
        && !ty
            .iter()
            .any(|t| *t == "OpenBadgeCredential" || *t == "AchievementCredential")
    {
        problems.push("$.type does not include OpenBadgeCredential".into());
    }
    if doc.get("id").and_then(Value::as_str).is_none() {
        problems.push("$.id is missing".into());
    }
    match doc.get("issuer") {
        Some(Value::String(_)) => {}
        Some(issuer @ Value::Object(_)) => {
            if issuer.get("id").and_then(Value::as_str).is_none() {
                problems.push("$.issuer.id is missing".into());
            }
            if !types(issuer.get("type")).contains(&"Profile") {
                problems.push("$.issuer.type does not include Profile".into());
            }
        }
        _ => problems.push("$.issuer is missing".into()),
    }
    let date_key = if first_context(doc) == Some(VC_V1) {
        "issuanceDate"
    } else {
        "validFrom"
    };
    if doc.get(date_key).is_none() {
        problems.push(format!("$.{date_key} is missing"));
    }
    let Some(subject) = doc.get("credentialSubject").filter(|s| s.is_object()) else {
        problems.push("$.credentialSubject is missing or not an object".into());
        return problems;
    };
    if endorsement {
        // An EndorsementCredential endorses something by id, with an optional comment.
        if !types(subject.get("type")).contains(&"EndorsementSubject") {
            problems.push("$.credentialSubject.type does not include EndorsementSubject".into());
        }
        if subject.get("id").and_then(Value::as_str).is_none() {
            problems.push("$.credentialSubject.id is missing".into());
        }
        return problems;
    }
    if !types(subject.get("type")).contains(&"AchievementSubject") {
        problems.push("$.credentialSubject.type does not include AchievementSubject".into());
    }
    let Some(achievement) = subject.get("achievement").filter(|a| a.is_object()) else {
        problems.push("$.credentialSubject.achievement is missing".into());
        return problems;
    };
    if achievement.get("id").and_then(Value::as_str).is_none() {
        problems.push("$.credentialSubject.achievement.id is missing".into());
    }
    if !types(achievement.get("type")).contains(&"Achievement") {
        problems.push("$.credentialSubject.achievement.type does not include Achievement".into());
    }
    for field in ["name", "description"] {
        if achievement.get(field).and_then(Value::as_str).is_none() {
            problems.push(format!(
                "$.credentialSubject.achievement.{field} is missing"
            ));
        }
    }
    if !achievement.get("criteria").is_some_and(Value::is_object) {
        problems.push("$.credentialSubject.achievement.criteria is missing".into());
    }
    problems
}

pub(super) fn check_structure(doc: &Value, b: &mut Builder) {
    let problems = structure_problems(doc);
    if problems.is_empty() {
        b.pass(
            "structure",
            "The credential has every field Open Badges 3.0 requires.",
        );
    } else {
        b.fail(
            "structure",
            format!(
                "The credential is not a complete Open Badges 3.0 badge: {}.",
                problems.join("; ")
            ),
        );
    }
}
