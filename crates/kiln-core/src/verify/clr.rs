//! Comprehensive Learner Record 2.0: a `ClrCredential` bundles a learner's
//! credentials (`credentialSubject.verifiableCredential`, each signed by its
//! own issuer) with the achievements they stand for and the `association`s
//! between them (`isChildOf`, `precedes`, ...).
//!
//! The outer credential gets the whole pipeline like any other, with the
//! CLR's own structure rules in place of Open Badges 3.0's. Then every
//! nested credential, JSON or VC-JWT, is verified as if it came alone (its
//! own proof, issuer, validity, status), plus the `learner` check: its
//! subject must be the record's learner. The `clr` check sums them up: one
//! nested credential that fails makes the record invalid, one that could not
//! be checked makes it "could not check"; the other reports stay in
//! [`Report::credentials`]. Nested verifications share the outer one's
//! round of online fetches and its document budget, and are bounded by
//! [`Limits::max_nesting_depth`](crate::Limits::max_nesting_depth) and
//! [`Limits::max_nested_credentials`](crate::Limits::max_nested_credentials).

use serde_json::Value;

use super::members::{VC_V1, VC_V2, first_context, types};
use super::nested::{
    ASSOCIATION_TYPES, Association, Pathway, PathwayAchievement, is_clr, list, upper_first,
};
use super::online::Web;
use super::options::VerifyOptions;
use super::report::{Builder, Check, Outcome, Report, Verdict};
use crate::code::Code;

const CLR_CONTEXT_PREFIX: &str = "https://purl.imsglobal.org/spec/clr/v2p0/context";

/// The fields every Verifiable Credential needs, each problem with its JSON path.
fn structure_base_problems(doc: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    if !doc.is_object() {
        return vec!["$ is not a JSON object".into()];
    }
    match first_context(doc) {
        Some(VC_V2) | Some(VC_V1) => {}
        Some(other) => problems.push(format!(
            "$.@context[0] is \"{other}\", not the Verifiable Credentials context"
        )),
        None => problems.push("$.@context is missing".into()),
    }
    let ty = types(doc.get("type"));
    if !ty.contains(&"VerifiableCredential") {
        problems.push("$.type does not include VerifiableCredential".into());
    }
    super::members::credential_basics(doc, &mut problems);
    problems
}

/// The fields CLR 2.0 requires, each problem with its JSON path.
pub(crate) fn structure_problems(doc: &Value) -> Vec<String> {
    let mut problems = structure_base_problems(doc);
    let contexts: Vec<&str> = match doc.get("@context") {
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !contexts.iter().any(|c| c.starts_with(CLR_CONTEXT_PREFIX)) {
        problems.push("$.@context does not include a CLR 2.0 context".into());
    }
    let Some(subject) = doc.get("credentialSubject").filter(|s| s.is_object()) else {
        problems.push("$.credentialSubject is missing or not an object".into());
        return problems;
    };
    if !types(subject.get("type")).contains(&"ClrSubject") {
        problems.push("$.credentialSubject.type does not include ClrSubject".into());
    }
    if subject.get("id").is_none() && subject.get("identifier").is_none() {
        problems.push(
            "$.credentialSubject has neither id nor identifier: the record names no learner".into(),
        );
    }
    match subject.get("verifiableCredential") {
        Some(Value::Array(a)) if !a.is_empty() => {
            for (i, item) in a.iter().enumerate() {
                if !(item.is_object() || item.is_string()) {
                    problems.push(format!("$.credentialSubject.verifiableCredential[{i}] is neither a credential object nor a VC-JWT"));
                }
            }
        }
        Some(Value::Object(_) | Value::String(_)) => {}
        _ => problems.push("$.credentialSubject.verifiableCredential is missing or empty".into()),
    }
    for (i, a) in list(subject.get("achievement")).iter().enumerate() {
        let at = format!("$.credentialSubject.achievement[{i}]");
        if !a.is_object() {
            problems.push(format!("{at} is not an object"));
            continue;
        }
        if a.get("id").and_then(Value::as_str).is_none() {
            problems.push(format!("{at}.id is missing"));
        }
        if !types(a.get("type")).contains(&"Achievement") {
            problems.push(format!("{at}.type does not include Achievement"));
        }
        for field in ["name", "description"] {
            if a.get(field).and_then(Value::as_str).is_none() {
                problems.push(format!("{at}.{field} is missing"));
            }
        }
        if !a.get("criteria").is_some_and(Value::is_object) {
            problems.push(format!("{at}.criteria is missing"));
        }
    }
    for (i, a) in list(subject.get("association")).iter().enumerate() {
        let at = format!("$.credentialSubject.association[{i}]");
        if !types(a.get("type")).contains(&"Association") {
            problems.push(format!("{at}.type does not include Association"));
        }
        // A relation CLR 2.0 does not name is a warning (see `check_structure`).
        if a.get("associationType").and_then(Value::as_str).is_none() {
            problems.push(format!("{at}.associationType is missing"));
        }
        for field in ["sourceId", "targetId"] {
            if a.get(field).and_then(Value::as_str).is_none() {
                problems.push(format!("{at}.{field} is missing"));
            }
        }
    }
    problems
}

/// The `structure` check of a CLR. A relation CLR 2.0 does not name (CASE
/// has grown more, such as `isTranslationOf`) is a warning: the record is
/// still what its issuer signed.
pub(crate) fn check_structure(doc: &Value, b: &mut Builder) {
    let subject = doc.get("credentialSubject");
    for (i, a) in list(subject.and_then(|s| s.get("association")))
        .iter()
        .enumerate()
    {
        if let Some(t) = a.get("associationType").and_then(Value::as_str)
            && !ASSOCIATION_TYPES.contains(&t)
        {
            b.warn(msg!(
                "warning.clr-association-type",
                index = i,
                associationType = t
            ));
        }
    }
    let problems = structure_problems(doc);
    if problems.is_empty() {
        b.pass("structure", msg!("structure.clr-valid"));
    } else {
        b.fail(
            "structure",
            msg!("structure.clr-missing", problems = problems.join("; ")),
        );
    }
}

/// How people know a nested credential: "credential 2 (\"Name\", urn:...)".
pub(crate) fn label(index: usize, report: &Report, raw: &Value) -> String {
    let from_report = |k: &str| {
        report
            .credential
            .as_ref()
            .and_then(|c| c.get(k))
            .and_then(Value::as_str)
            .map(str::to_owned)
    };
    let from_raw = |k: &str| raw.get(k).and_then(Value::as_str).map(str::to_owned);
    let name = from_report("name").or_else(|| from_raw("name"));
    let id = from_report("id").or_else(|| from_raw("id"));
    let n = index.saturating_add(1);
    match (name, id) {
        (Some(name), Some(id)) => format!("credential {n} (\"{name}\", {id})"),
        (Some(name), None) => format!("credential {n} (\"{name}\")"),
        (None, Some(id)) => format!("credential {n} ({id})"),
        (None, None) => format!("credential {n}"),
    }
}

/// Pushes a failed check onto a finished report: the report becomes
/// `invalid`, as a failed check makes any report.
fn fail_after(report: &mut Report, check: &'static str, m: crate::verify::Message) {
    report.checks.push(Check::new(check, Outcome::Failed, m));
    report.verdict = Verdict::Invalid;
    report.error = None;
}

/// The learner a CLR is about: its subject's `id` and `identifier` list.
struct Learner<'a> {
    id: Option<&'a str>,
    identifiers: Vec<&'a Value>,
}

/// The subject of a credential whose report is `report` (read from the
/// credential the nested pipeline read: the JWT's claims or the JSON).
fn nested_subject(raw: &Value) -> Option<Value> {
    match raw {
        Value::Object(_) => raw.get("credentialSubject").cloned(),
        Value::String(s) => {
            let jws = crate::jose::CompactJws::parse(s.trim()).ok()?;
            let claims: Value = serde_json::from_slice(&jws.payload).ok()?;
            let cred = claims.get("vc").cloned().unwrap_or(claims.clone());
            let mut subject = cred.get("credentialSubject").cloned();
            if let (Some(Value::Object(s)), Some(sub)) = (&mut subject, claims.get("sub"))
                && !s.contains_key("id")
            {
                s.insert("id".into(), sub.clone());
            }
            subject
        }
        _ => None,
    }
}

/// Same identity object: the same type and hash (and salt, when hashed).
fn same_identity(a: &Value, b: &Value) -> bool {
    let get = |v: &Value, k: &str| v.get(k).cloned();
    get(a, "identityHash").is_some()
        && ["identityHash", "identityType", "salt", "hashed"]
            .iter()
            .all(|k| get(a, k) == get(b, k))
}

/// The `learner` check of one nested credential.
fn check_learner(report: &mut Report, raw: &Value, learner: &Learner) {
    let subject = nested_subject(raw);
    let subjects: Vec<&Value> = list(subject.as_ref());
    let ids: Vec<&str> = subjects
        .iter()
        .filter_map(|s| s.get("id").and_then(Value::as_str))
        .collect();
    if let Some(id) = learner.id
        && ids.contains(&id)
    {
        report.checks.push(Check::new(
            "learner",
            Outcome::Passed,
            msg!("learner.id", learner = id),
        ));
        return;
    }
    let matched = subjects.iter().any(|s| {
        list(s.get("identifier")).iter().any(|theirs| {
            learner
                .identifiers
                .iter()
                .any(|ours| same_identity(ours, theirs))
        })
    });
    if matched {
        report.checks.push(Check::new(
            "learner",
            Outcome::Passed,
            msg!("learner.identifier"),
        ));
        return;
    }
    let m = match (ids.first(), learner.id) {
        (Some(id), Some(l)) => msg!("learner.other", recipient = id, learner = l),
        (Some(id), None) => msg!("learner.other-unnamed", recipient = id),
        (None, Some(l)) => msg!("learner.none", learner = l),
        (None, None) => msg!("learner.none-unnamed"),
    };
    fail_after(report, "learner", m);
}

/// Verifies every nested credential of a CLR and adds the `clr` check; a
/// no-op for other credentials.
pub(crate) fn check_nested(doc: &Value, options: &VerifyOptions, web: &Web, b: &mut Builder) {
    if !is_clr(doc) {
        return;
    }
    b.pathway = Some(pathway(doc));
    let Some(subject) = doc.get("credentialSubject") else {
        return;
    };
    let items = list(subject.get("verifiableCredential"));
    if items.is_empty() {
        b.skip("clr", msg!("clr.empty"));
        return;
    }
    let limits = &options.limits;
    // The record's own reason, when it has one, stays the report's error.
    let refuse = |b: &mut Builder, m: crate::verify::Message| {
        b.cannot(Code::NestedNotChecked, m.english());
        b.skip("clr", m);
    };
    if items.len() > limits.max_nested_credentials {
        return refuse(
            b,
            msg!(
                "clr.too-many",
                count = items.len(),
                limit = limits.max_nested_credentials
            ),
        );
    }
    if web.nesting() >= limits.max_nesting_depth {
        return refuse(
            b,
            msg!(
                "clr.too-deep",
                depth = web.nesting(),
                limit = limits.max_nesting_depth
            ),
        );
    }
    let learner = Learner {
        id: subject.get("id").and_then(Value::as_str),
        identifiers: list(subject.get("identifier")),
    };
    let mut invalid = Vec::new();
    let mut unchecked = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let mut report = web.verify_embedded(item, options);
        if report.credential.is_some() {
            check_learner(&mut report, item, &learner);
        }
        let name = label(i, &report, item);
        match report.verdict {
            Verdict::Verified => {}
            Verdict::Invalid => {
                let why = report
                    .first_failure()
                    .map(|c| format!("{} ({})", c.detail, c.check))
                    .unwrap_or_else(|| "a check failed".into());
                invalid.push(format!("{name} is not valid: {why}"));
            }
            Verdict::Error => {
                let why = report.error_reason();
                unchecked.push(format!("{name} could not be checked: {why}"));
            }
        }
        b.credentials.push(report);
    }
    let n = items.len();
    if !invalid.is_empty() {
        let details = upper_first(&invalid.join("; "));
        let m = match (invalid.len(), n) {
            (1, 1) => msg!("clr.invalid-only", details = details),
            (c, t) if c == t => msg!("clr.invalid-all", total = t, details = details),
            (1, t) => msg!("clr.invalid-one", total = t, details = details),
            (c, t) => msg!("clr.invalid-some", count = c, total = t, details = details),
        };
        b.fail("clr", m);
    } else if !unchecked.is_empty() {
        let details = upper_first(&unchecked.join("; "));
        let m = match (unchecked.len(), n) {
            (1, 1) => msg!("clr.unchecked-only", details = details),
            (c, t) if c == t => msg!("clr.unchecked-all", total = t, details = details),
            (1, t) => msg!("clr.unchecked-one", total = t, details = details),
            (c, t) => msg!(
                "clr.unchecked-some",
                count = c,
                total = t,
                details = details
            ),
        };
        refuse(b, m);
    } else {
        b.pass("clr", msg!("clr.valid", total = n));
    }
}

/// The achievements and associations of a CLR.
pub(crate) fn pathway(doc: &Value) -> Pathway {
    let subject = doc.get("credentialSubject");
    // The record's list first, then the achievements of its nested JSON
    // credentials it does not list (a record need not list them; they are in
    // the record's signed graph all the same). A VC-JWT is opaque here.
    let nested = list(subject.and_then(|s| s.get("verifiableCredential")))
        .iter()
        .filter_map(|c| c.get("credentialSubject")?.get("achievement"))
        .collect::<Vec<_>>();
    let mut achievements: Vec<PathwayAchievement> = Vec::new();
    for a in list(subject.and_then(|s| s.get("achievement")))
        .into_iter()
        .chain(nested)
    {
        let Some(id) = a.get("id").and_then(Value::as_str) else {
            continue;
        };
        if achievements.iter().any(|x| x.id == id) {
            continue;
        }
        achievements.push(PathwayAchievement {
            id: id.to_owned(),
            name: a.get("name").and_then(Value::as_str).map(str::to_owned),
        });
    }
    let associations = list(subject.and_then(|s| s.get("association")))
        .iter()
        .filter_map(|a| {
            let s = |k: &str| a.get(k).and_then(Value::as_str).map(str::to_owned);
            Some(Association {
                source: s("sourceId")?,
                target: s("targetId")?,
                relation: s("associationType")?,
            })
        })
        .collect();
    Pathway {
        achievements,
        associations,
    }
}
