//! Embedded endorsements: the EndorsementCredentials a badge carries on its
//! achievement (`credentialSubject.achievement.endorsement`, and
//! `endorsementJwt` for VC-JWTs) and on its issuer's profile
//! (`issuer.endorsement`, `issuer.endorsementJwt`).
//!
//! Each is verified with the whole pipeline, one level deeper on the same
//! round, and listed in [`Report::endorsements`]. A bad endorsement does not
//! make the badge invalid (the badge's own proof is what the verdict is
//! about), so the `endorsement` check is advisory: it fails with a sentence
//! naming the endorser and why, a warning says so, and the verdict stays.
// Without `nested` only the types and the finders are used.
#![cfg_attr(not(feature = "nested"), allow(dead_code))]

use serde_json::Value;

use super::nested::{list, upper_first};
use super::online::Web;
use super::options::VerifyOptions;
use super::report::{Builder, Check, Outcome, Report, Verdict};

/// Where embedded endorsements live, as (path for people, value) pairs.
pub(super) fn embedded(doc: &Value) -> Vec<(String, &Value)> {
    let mut holders: Vec<(String, &Value)> = Vec::new();
    let subject = doc.get("credentialSubject");
    let achievements = list(subject.and_then(|s| s.get("achievement")));
    if let [one] = achievements.as_slice() {
        holders.push(("$.credentialSubject.achievement".into(), one));
    } else {
        for (i, a) in achievements.into_iter().enumerate() {
            holders.push((format!("$.credentialSubject.achievement[{i}]"), a));
        }
    }
    if let Some(issuer) = doc.get("issuer") {
        holders.push(("$.issuer".into(), issuer));
    }
    let mut out = Vec::new();
    for (at, holder) in holders {
        if !holder.is_object() {
            continue;
        }
        for key in ["endorsement", "endorsementJwt"] {
            for (i, e) in list(holder.get(key)).into_iter().enumerate() {
                out.push((format!("{at}.{key}[{i}]"), e));
            }
        }
    }
    out
}

/// The endorser of a verified (or read) endorsement: its issuer's name and id.
fn endorser(report: &Report, raw: &Value) -> String {
    let issuer = report
        .credential
        .as_ref()
        .and_then(|c| c.get("issuer"))
        .or_else(|| raw.get("issuer"));
    let name = issuer.and_then(|i| i.get("name")).and_then(Value::as_str);
    let id = match issuer {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(i) => i.get("id").and_then(Value::as_str),
        None => None,
    };
    match (name, id) {
        (Some(n), Some(id)) => format!("{n} ({id})"),
        (Some(n), None) => n.to_owned(),
        (None, Some(id)) => id.to_owned(),
        (None, None) => "an endorser who is not named".to_owned(),
    }
}

/// Verifies the embedded endorsements of `doc` and adds the advisory
/// `endorsement` check (none when there are none).
pub(crate) fn check(doc: &Value, options: &VerifyOptions, web: &Web, b: &mut Builder) {
    let found = embedded(doc);
    if found.is_empty() {
        return;
    }
    let advise = |b: &mut Builder, outcome: Outcome, m: crate::verify::Message| {
        b.advisory.push(Check::new("endorsement", outcome, m));
    };
    let limits = &options.limits;
    if found.len() > limits.max_nested_credentials {
        let why = msg!(
            "endorsement.too-many",
            count = found.len(),
            limit = limits.max_nested_credentials
        );
        b.warn(why.clone());
        return advise(b, Outcome::Skipped, why);
    }
    if web.nesting() >= limits.max_nesting_depth {
        let why = msg!("endorsement.too-deep", limit = limits.max_nesting_depth);
        b.warn(why.clone());
        return advise(b, Outcome::Skipped, why);
    }
    let mut bad = Vec::new();
    let mut unchecked = Vec::new();
    for (i, (at, raw)) in found.iter().enumerate() {
        let report = web.verify_embedded(raw, options);
        let who = endorser(&report, raw);
        let name = format!("endorsement {} by {who}, at {at}", i.saturating_add(1));
        match report.verdict {
            Verdict::Verified => {}
            Verdict::Invalid => {
                let why = report
                    .first_failure()
                    .map(|c| c.detail.clone())
                    .unwrap_or_else(|| "a check failed".into());
                bad.push(format!("{name}, is not genuine: {why}"));
            }
            Verdict::Error => {
                let why = report.error_reason();
                unchecked.push(format!("{name}, could not be checked: {why}"));
            }
        }
        b.endorsements.push(report);
    }
    let n = found.len();
    if !bad.is_empty() {
        let details = upper_first(&bad.join("; "));
        let m = match bad.len() {
            1 => msg!("endorsement.invalid-one", total = n, details = details),
            c => msg!(
                "endorsement.invalid-some",
                count = c,
                total = n,
                details = details
            ),
        };
        b.warn(msg!("warning.endorsement-invalid", details = details));
        advise(b, Outcome::Failed, m);
    } else if !unchecked.is_empty() {
        let details = upper_first(&unchecked.join("; "));
        let m = match unchecked.len() {
            1 => msg!("endorsement.unchecked-one", total = n, details = details),
            c => msg!(
                "endorsement.unchecked-some",
                count = c,
                total = n,
                details = details
            ),
        };
        b.warn(m.clone());
        advise(b, Outcome::Skipped, m);
    } else {
        advise(
            b,
            Outcome::Passed,
            match n {
                1 => msg!("endorsement.valid-one"),
                _ => msg!("endorsement.valid-all", total = n),
            },
        );
    }
}
