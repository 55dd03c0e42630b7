//! The checks of an Open Badges 2.0 assertion: hosted (the issuer's site
//! serves it at its id) or signed (a JWS, RS256, under the issuer's key).
//!
//! Every document comes through the caller's fetcher. What cannot be
//! fetched is skipped with the reason, and the verdict is then `error`
//! ("could not check"), never `verified`:
//!
//! - hosted: the assertion is fetched from its id (or the baked URL); its id
//!   must be the URL it was fetched from and match what was baked; HTTP 410
//!   means revoked. The assertion's host must be the issuer's (its id's host)
//!   or one of the issuer's `verification.allowedOrigins`, and start with one
//!   of `verification.startsWith` when given.
//! - signed: `verification.creator` names a `CryptographicKey` whose
//!   `publicKeyPem` checks the JWS and whose `owner` must be the issuer.
//! - both: the BadgeClass and Issuer are read (fetched when given as URLs);
//!   `revoked: true` and the issuer's `revocationList` mean revoked;
//!   `expires` in the past or `issuedOn` in the future fail the validity check.
//! - Open Badges 1.0 hosted assertions (Open edX still issues them) have no
//!   `id`: their `verify: {"type": "hosted", "url": ...}` names where the
//!   issuer serves them. They are checked like 2.0 hosted ones: the copy at
//!   that URL must name the same URL and be the same assertion (same `uid`,
//!   or the same JSON when there is none), and that URL stands for the id.
//!   Their `issuedOn` and `expires` may be Unix seconds or a plain date.

use serde_json::{Value, json};

use super::Message;
use super::report::{Builder, Report, Standing};
use super::summary::pick;
#[cfg(feature = "jws")]
use crate::jose::{self, CompactJws};
use crate::payload::PayloadKind;
use crate::verify::online::{Doc, Web};
use crate::verify::options::VerifyOptions;
use crate::{credential, error::Error, time};

/// A document fetched (or embedded), or why not.
enum Got {
    Doc(Value),
    /// HTTP 410.
    Gone,
    Missing(String),
}

fn fetch_json(web: &Web, url: &str) -> Got {
    match web.get_json(url) {
        Doc::Json(doc) => Got::Doc(doc),
        Doc::Status(410) => Got::Gone,
        other => Got::Missing(other.why_not(url).unwrap_or_default()),
    }
}

/// A member that is an embedded object or the URL of one.
fn linked(web: &Web, v: Option<&Value>, what: &str) -> Got {
    match v {
        Some(o @ Value::Object(_)) => Got::Doc(o.clone()),
        Some(Value::String(url)) => fetch_json(web, url),
        _ => Got::Missing(format!("the badge names no {what}")),
    }
}

fn cannot_check(b: &mut Builder, check: &'static str, m: Message) {
    b.cannot(crate::code::Code::CouldNotCheck, m.english());
    b.skip(check, m);
}

fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let host_port = rest.split(['/', '?', '#']).next()?;
    Some(host_port.split(':').next().unwrap_or(host_port))
}

/// Where a hosted assertion says it lives: its `id` (OB 2.0), or its
/// `verify.url` (OB 1.0, which has no `id`).
fn hosted_url(assertion: &Value) -> Option<&str> {
    str_of(assertion, "id").or_else(|| {
        let v = assertion
            .get("verify")
            .or_else(|| assertion.get("verification"))?;
        str_of(v, "url")
    })
}

/// Whether the copy the issuer serves is the assertion that was baked: the
/// same `id` (OB 2.0), else the same `uid` (OB 1.0), else the same JSON.
fn same_assertion(baked: &Value, fetched: &Value) -> bool {
    match (str_of(baked, "id"), str_of(fetched, "id")) {
        (Some(a), Some(b)) => return a == b,
        (Some(_), None) | (None, Some(_)) => return false,
        (None, None) => {}
    }
    match (str_of(baked, "uid"), str_of(fetched, "uid")) {
        (Some(a), Some(b)) => a == b,
        _ => baked == fetched,
    }
}

fn verification_type(assertion: &Value) -> Option<&str> {
    let v = assertion
        .get("verification")
        .or_else(|| assertion.get("verify"))?;
    str_of(v, "type")
}

/// Verifies an OB 2.0 payload of any kind.
pub(super) fn verify_ob2(
    payload: String,
    kind: PayloadKind,
    options: &VerifyOptions,
    web: &Web,
) -> Report {
    let mut b = Builder::default();
    #[cfg_attr(not(feature = "jws"), allow(unused_mut))]
    let mut key_owner: Option<String> = None;
    let assertion = match kind {
        // Without `jws`, verify_payload answers a signed assertion itself.
        #[cfg(feature = "jws")]
        PayloadKind::Ob2Jws => signed(&payload, options, web, &mut b, &mut key_owner),
        PayloadKind::HostedUrl => hosted(&payload, None, options, web, &mut b),
        _ => match credential::parse_json(&payload, &options.limits) {
            Ok(doc) => {
                let ty = verification_type(&doc).unwrap_or("");
                if ty.eq_ignore_ascii_case("hosted") || ty == "HostedBadge" {
                    match hosted_url(&doc).map(str::to_owned) {
                        Some(id) => hosted(&id, Some(&doc), options, web, &mut b),
                        None => {
                            b.proof_ran = true;
                            b.fail("proof", msg!("proof.ob2-hosted-no-url"));
                            None
                        }
                    }
                } else {
                    cannot_check(&mut b, "proof", msg!("proof.ob2-unsigned"));
                    Some(doc)
                }
            }
            Err(e) => {
                let mut report = Report::from_error(&e);
                report.payload = Some(payload);
                return report;
            }
        },
    };
    let Some(assertion) = assertion else {
        let summary = json!({ "format": "ob2" });
        return b.finish(Some(summary), Some(payload));
    };
    let badge = linked(web, assertion.get("badge"), "BadgeClass");
    let badge = match badge {
        Got::Doc(d) => Some(d),
        Got::Gone => None,
        Got::Missing(why) => {
            b.warn(msg!("warning.ob2-badgeclass-unreadable", reason = why));
            None
        }
    };
    let issuer = match badge
        .as_ref()
        .map(|bc| linked(web, bc.get("issuer"), "issuer"))
    {
        Some(Got::Doc(d)) => Ok(d),
        Some(Got::Missing(why)) => Err(why),
        Some(Got::Gone) => Err("the issuer's profile is gone (HTTP 410)".into()),
        None => Err("the BadgeClass, which names the issuer, could not be read".into()),
    };
    check_issuer(
        &assertion,
        issuer.as_ref(),
        key_owner.as_deref(),
        kind,
        &mut b,
    );
    check_validity(&assertion, options.now, &mut b);
    check_revocation(&assertion, issuer.as_ref(), web, &mut b);
    let summary = summarize(&assertion, badge.as_ref(), issuer.as_ref().ok(), kind);
    b.finish(Some(summary), Some(payload))
}

fn hosted(
    url: &str,
    baked: Option<&Value>,
    _options: &VerifyOptions,
    web: &Web,
    b: &mut Builder,
) -> Option<Value> {
    match fetch_json(web, url) {
        Got::Doc(fetched) => {
            let id = hosted_url(&fetched).unwrap_or("");
            b.proof_ran = true;
            if id != url {
                b.fail(
                    "proof",
                    msg!("proof.ob2-hosted-other", id = format!("{id:?}"), url = url),
                );
            } else if baked.is_some_and(|d| !same_assertion(d, &fetched)) {
                b.fail("proof", msg!("proof.ob2-hosted-differs"));
            } else {
                b.pass("proof", msg!("proof.ob2-hosted-valid", url = url));
            }
            Some(fetched)
        }
        Got::Gone => {
            b.proof_ran = true;
            b.standing(Standing::Revoked);
            b.fail("status", msg!("status.ob2-hosted-gone", url = url));
            None
        }
        Got::Missing(why) => {
            cannot_check(b, "proof", msg!("proof.ob2-hosted-unfetched", reason = why));
            baked.cloned()
        }
    }
}

#[cfg(feature = "jws")]
fn signed(
    jws_text: &str,
    options: &VerifyOptions,
    web: &Web,
    b: &mut Builder,
    key_owner: &mut Option<String>,
) -> Option<Value> {
    let jws = match CompactJws::parse(jws_text) {
        Ok(j) => j,
        Err(e) => {
            b.proof_ran = true;
            b.fail("proof", msg!("proof.ob2-jws-broken", reason = e));
            return None;
        }
    };
    let text = String::from_utf8_lossy(&jws.payload).into_owned();
    let assertion = match credential::parse_json(&text, &options.limits) {
        Ok(v @ Value::Object(_)) => v,
        _ => {
            b.proof_ran = true;
            b.fail("proof", msg!("proof.ob2-jws-not-object"));
            return None;
        }
    };
    match jose::alg_of(&jws.header) {
        Ok(jose::Alg::Rs256) => {}
        Ok(a) => {
            b.proof_ran = true;
            b.fail("proof", msg!("proof.ob2-alg", alg = a.name()));
            return Some(assertion);
        }
        Err(jose::AlgError::Refused(why)) => {
            b.proof_ran = true;
            b.fail("proof", msg!("proof.ob2-refused", reason = why));
            return Some(assertion);
        }
        Err(jose::AlgError::Unsupported(why)) => {
            cannot_check(b, "proof", msg!("proof.jwt-not-checked", reason = why));
            return Some(assertion);
        }
        Err(jose::AlgError::NotBuilt(needs, why)) => {
            b.need(needs);
            cannot_check(b, "proof", msg!("proof.jwt-not-checked", reason = why));
            return Some(assertion);
        }
    }
    let verification = assertion
        .get("verification")
        .or_else(|| assertion.get("verify"));
    let Some(creator) = verification.and_then(|v| str_of(v, "creator")) else {
        cannot_check(b, "proof", msg!("proof.ob2-no-creator"));
        return Some(assertion);
    };
    let key_doc = match fetch_json(web, creator) {
        Got::Doc(d) => d,
        Got::Gone => {
            b.proof_ran = true;
            b.fail("proof", msg!("proof.ob2-key-gone", key = creator));
            return Some(assertion);
        }
        Got::Missing(why) => {
            cannot_check(b, "proof", msg!("proof.ob2-key-unfetched", reason = why));
            return Some(assertion);
        }
    };
    let key = match str_of(&key_doc, "publicKeyPem").map(jose::key_from_pem) {
        Some(Ok(k)) => k,
        Some(Err(Error::Unsupported(d))) => {
            cannot_check(
                b,
                "proof",
                msg!("proof.ob2-key-unsupported", reason = d.message()),
            );
            return Some(assertion);
        }
        Some(Err(e)) => {
            b.proof_ran = true;
            b.fail(
                "proof",
                msg!("proof.ob2-key-broken", key = creator, reason = e),
            );
            return Some(assertion);
        }
        None => {
            b.proof_ran = true;
            b.fail("proof", msg!("proof.ob2-key-no-pem", key = creator));
            return Some(assertion);
        }
    };
    b.proof_ran = true;
    match jws.verify(jose::Alg::Rs256, &key) {
        Ok(true) => {
            *key_owner = str_of(&key_doc, "owner").map(str::to_owned);
            b.pass("proof", msg!("proof.ob2-valid", key = creator));
        }
        Ok(false) => b.fail("proof", msg!("proof.ob2-mismatch")),
        Err(e) => b.fail("proof", msg!("proof.jwt-broken", reason = e)),
    }
    Some(assertion)
}

fn check_issuer(
    assertion: &Value,
    issuer: Result<&Value, &String>,
    key_owner: Option<&str>,
    kind: PayloadKind,
    b: &mut Builder,
) {
    let issuer = match issuer {
        Ok(i) => i,
        Err(why) => {
            return cannot_check(b, "issuer", msg!("issuer.ob2-unreadable", reason = why));
        }
    };
    let issuer_id = str_of(issuer, "id").unwrap_or("");
    if kind == PayloadKind::Ob2Jws {
        return match key_owner {
            Some(owner) if owner == issuer_id => {
                b.pass("issuer", msg!("issuer.ob2-valid", issuer = issuer_id))
            }
            Some(owner) => b.fail(
                "issuer",
                msg!("issuer.ob2-other-owner", owner = owner, issuer = issuer_id),
            ),
            None => {
                if b.checks.iter().any(|c| {
                    c.check == "proof" && c.outcome == crate::verify::report::Outcome::Passed
                }) {
                    b.fail("issuer", msg!("issuer.ob2-no-owner"));
                } else {
                    b.skip("issuer", msg!("issuer.ob2-not-checked"));
                }
            }
        };
    }
    let Some(assertion_id) = hosted_url(assertion) else {
        return b.fail("issuer", msg!("issuer.ob2-no-id"));
    };
    // OB 1.0 issuers have no id; their `url` (or 0.5's `origin`) is their site.
    let issuer_id = if issuer_id.is_empty() {
        str_of(issuer, "url")
            .or_else(|| str_of(issuer, "origin"))
            .unwrap_or("")
    } else {
        issuer_id
    };
    let verification = issuer.get("verification");
    let allowed: Vec<&str> = match verification.and_then(|v| v.get("allowedOrigins")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => host(issuer_id).into_iter().collect(),
    };
    let starts: Vec<&str> = match verification.and_then(|v| v.get("startsWith")) {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let host_ok = host(assertion_id).is_some_and(|h| allowed.contains(&h));
    let start_ok = starts.is_empty() || starts.iter().any(|s| assertion_id.starts_with(s));
    if host_ok && start_ok {
        b.pass(
            "issuer",
            msg!("issuer.ob2-hosted-valid", issuer = issuer_id),
        );
    } else {
        b.fail(
            "issuer",
            msg!(
                "issuer.ob2-hosted-elsewhere",
                assertion = assertion_id,
                issuer = issuer_id
            ),
        );
    }
}

fn check_validity(assertion: &Value, now: Option<i64>, b: &mut Builder) {
    let date = |k: &str| assertion.get(k).map(ob_date);
    let (issued, expires) = match (date("issuedOn"), date("expires")) {
        (Some(Err(_)), _) => {
            return b.fail(
                "validity",
                msg!("validity.ob2-bad-date", member = "issuedOn"),
            );
        }
        (_, Some(Err(_))) => {
            return b.fail(
                "validity",
                msg!("validity.ob2-bad-date", member = "expires"),
            );
        }
        (i, e) => (i.and_then(Result::ok), e.and_then(Result::ok)),
    };
    let Some(now) = now else {
        return b.skip("validity", msg!("validity.ob2-no-clock"));
    };
    if let Some(i) = issued.filter(|i| *i > now) {
        return b.fail(
            "validity",
            msg!("validity.ob2-future", date = time::format_rfc3339(i)),
        );
    }
    if let Some(e) = expires.filter(|e| *e < now) {
        b.standing(Standing::Expired);
        return b.fail(
            "validity",
            msg!("validity.expired", date = time::format_rfc3339(e)),
        );
    }
    b.pass(
        "validity",
        match expires {
            Some(e) => msg!("validity.ob2-valid-until", date = time::format_rfc3339(e)),
            None => msg!("validity.ob2-no-expiry"),
        },
    );
}

fn check_revocation(
    assertion: &Value,
    issuer: Result<&Value, &String>,
    web: &Web,
    b: &mut Builder,
) {
    if assertion.get("revoked") == Some(&Value::Bool(true)) {
        b.standing(Standing::Revoked);
        return b.fail("status", ob2_revoked(str_of(assertion, "revocationReason")));
    }
    if b.checks.iter().any(|c| c.check == "status") {
        return;
    }
    let issuer = match issuer {
        Ok(i) => i,
        Err(why) => {
            return cannot_check(
                b,
                "status",
                msg!("status.ob2-issuer-unreadable", reason = why),
            );
        }
    };
    let Some(list_url) = str_of(issuer, "revocationList") else {
        return b.skip("status", msg!("status.ob2-none"));
    };
    let list = match fetch_json(web, list_url) {
        Got::Doc(d) => d,
        Got::Gone => {
            return cannot_check(b, "status", msg!("status.ob2-list-gone", url = list_url));
        }
        Got::Missing(why) => {
            return cannot_check(
                b,
                "status",
                msg!("status.ob2-list-unreadable", reason = why),
            );
        }
    };
    let id = str_of(assertion, "id").unwrap_or("");
    let entry = list
        .get("revokedAssertions")
        .and_then(Value::as_array)
        .and_then(|a| {
            a.iter().find(|e| match e {
                Value::String(s) => s == id,
                o => {
                    str_of(o, "id") == Some(id)
                        || str_of(o, "uid").is_some_and(|u| Some(u) == str_of(assertion, "uid"))
                }
            })
        });
    match entry {
        Some(e) => {
            b.standing(Standing::Revoked);
            b.fail("status", ob2_revoked(str_of(e, "revocationReason")));
        }
        None => b.pass("status", msg!("status.ob2-not-listed")),
    }
}

/// "This badge was revoked by its issuer", with the reason when one is given.
fn ob2_revoked(reason: Option<&str>) -> Message {
    match reason {
        Some(r) => msg!("status.ob2-revoked-reason", reason = r),
        None => msg!("status.revoked"),
    }
}

/// An Open Badges date: an ISO 8601 date and time, a plain date (OB 1.0:
/// midnight UTC) or Unix seconds (OB 1.0, as a number or digits).
fn ob_date(v: &Value) -> crate::error::Result<i64> {
    let bad = || {
        Error::malformed(
            crate::code::Code::DatetimeMalformed,
            "not a date, a date and time, or Unix seconds",
        )
    };
    match v {
        Value::Number(n) => n.as_i64().ok_or_else(bad),
        Value::String(s)
            if !s.is_empty() && s.len() <= 12 && s.bytes().all(|c| c.is_ascii_digit()) =>
        {
            s.parse::<i64>().map_err(|_| bad())
        }
        Value::String(s) if s.len() == 10 => time::parse_datetime(&format!("{s}T00:00:00Z")),
        Value::String(s) => time::parse_datetime(s),
        _ => Err(bad()),
    }
}

fn summarize(
    assertion: &Value,
    badge: Option<&Value>,
    issuer: Option<&Value>,
    kind: PayloadKind,
) -> Value {
    let mut out = json!({
        "format": "ob2",
        "issuer": pick(issuer, &["id", "name", "url", "email", "description", "image"]),
        "subject": pick(assertion.get("recipient"), &["type", "identity", "hashed", "salt"]),
        "achievement": pick(badge, &["id", "name", "description", "criteria", "image"]),
        "proofType": if kind == PayloadKind::Ob2Jws { "signed (RS256)" } else { "hosted" },
    });
    if let Value::Object(o) = &mut out {
        if let Some(id) = hosted_url(assertion) {
            o.insert("id".into(), id.into());
        }
        for (k, from) in [("validFrom", "issuedOn"), ("validUntil", "expires")] {
            if let Some(v) = assertion.get(from) {
                // OB 1.0's Unix seconds and plain dates, as the dates of OB 2.0 and 3.0.
                let v = match (v, ob_date(v)) {
                    (Value::String(_), _) | (_, Err(_)) => v.clone(),
                    (_, Ok(t)) => Value::String(time::format_rfc3339(t)),
                };
                o.insert(k.into(), v);
            }
        }
        if let Some(name) = badge.and_then(|b| b.get("name")) {
            o.insert("name".into(), name.clone());
        }
    }
    out
}
