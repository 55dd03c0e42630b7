//! The checks of an Open Badges 3.0 credential in the VC-JWT proof format.
//!
//! The token's signature (`RS256`, `EdDSA`, `ES256`), the key's provenance
//! (it must be the issuer's), the JWT claims against the credential they
//! carry, then the OB 3.0 checks of that credential (JSON-LD safe mode,
//! validity, status, structure).
//!
//! Decisions:
//! - `alg: none` and `HS*` fail the `proof` check (`invalid`): such a token
//!   can never show who made it, so the answer is a definite no. An `alg`
//!   this build does not check (`PS256`, `ES384`, ...) skips the proof with a
//!   reason (`error`): the badge may be genuine.
//! - `typ`, when present, must be `JWT` (OB 3.0 section 8.2 names only that
//!   value; `vc+ld+json+jwt` and `vc+jwt` come from the VC-JOSE-COSE drafts,
//!   which OB 3.0 does not use): another value fails `proof`.
//! - A key in the header (`jwk`) proves nothing by itself: it must be the
//!   issuer's. For a `did:key` issuer it must be that key; for an `https`
//!   issuer it must be listed in `<origin>/.well-known/jwks.json`. When that
//!   cannot be fetched (offline), the `issuer` check is skipped and the
//!   verdict is `error`, never `verified`.
//! - A `kid` is the issuer's when its controller is the issuer: a `did:key`
//!   (offline), a `did:web` DID document, or for an `http(s)` kid the
//!   controller document fetched from the kid without its fragment, read by
//!   the "retrieve verification method" rule ([`key::controller`]): the
//!   document is that URL, states the key with itself as controller and
//!   lists it under `assertionMethod`. A key written in the kid's fragment
//!   (`<url>#z6Mk...`) is only a claim: offline, the signature is checked
//!   with it and the `issuer` check is skipped (`error`).

use serde_json::{Map, Value};

use super::checks;
use super::members;
use super::proofs::{KidLookup, KidOwner, resolve_kid};
use super::report::{Builder, Report};
use super::summary;
use crate::code::Code;
use crate::jose::{self, AlgError, CompactJws, JoseKey};
use crate::key;
use crate::verify::online::{Doc, Web};
use crate::verify::options::VerifyOptions;
use crate::{credential, error::Error, time};

/// JWT registered claims that are not credential members.
const JWT_CLAIMS: [&str; 7] = ["iss", "sub", "aud", "exp", "nbf", "iat", "jti"];

/// Verifies a VC-JWT.
pub(super) fn verify_jwt(payload: String, options: &VerifyOptions, web: &Web) -> Report {
    let fail_read = |e: Error, payload: String| {
        let mut report = Report::from_error(&e);
        report.payload = Some(payload);
        report
    };
    let jws = match CompactJws::parse(&payload) {
        Ok(j) => j,
        Err(e) => return fail_read(e, payload),
    };
    let text = String::from_utf8_lossy(&jws.payload).into_owned();
    let claims = match credential::parse_json(&text, &options.limits) {
        Ok(Value::Object(m)) => m,
        Ok(_) => {
            return fail_read(
                Error::malformed(
                    crate::code::Code::JwsPayload,
                    "the token's payload is not a JSON object",
                ),
                payload,
            );
        }
        Err(e) => return fail_read(e, payload),
    };
    let cred = embedded_credential(&claims);
    let mut b = Builder::default();
    checks::check_jsonld(&cred, false, options, &mut b);
    let alg = check_signature(&jws, &cred, web, &mut b);
    check_claims(&claims, &cred, options.now, &mut b);
    checks::shared(&cred, options, web, &mut b);
    let signed_by_issuer = ["proof", "issuer"].iter().all(|name| {
        b.checks
            .iter()
            .any(|c| c.check == *name && c.outcome == crate::verify::report::Outcome::Passed)
    });
    b.identity = Some(super::trust::identity(
        members::issuer_id(&cred).as_deref(),
        signed_by_issuer,
        None,
        options.trust.as_ref(),
        false,
    ));
    let mut summary = summary::ob3(&cred);
    if let Value::Object(o) = &mut summary {
        let label = match alg {
            Some(a) => format!("VC-JWT ({})", a.name()),
            None => "VC-JWT".to_owned(),
        };
        o.insert("proofType".into(), label.into());
    }
    b.finish(Some(summary), Some(payload))
}

/// The credential a token carries: its `vc` claim (VC 1.1 era), or the
/// payload itself without the JWT registered claims.
pub(super) fn embedded_credential(claims: &Map<String, Value>) -> Value {
    if let Some(vc @ Value::Object(_)) = claims.get("vc") {
        return vc.clone();
    }
    let mut cred = claims.clone();
    for c in JWT_CLAIMS {
        cred.remove(c);
    }
    Value::Object(cred)
}

fn cannot_check(b: &mut Builder, check: &'static str, code: Code, m: super::Message) {
    b.cannot(code, m.english());
    b.skip(check, m);
}

/// Where the key came from, and what it says about its owner.
enum KeySource {
    /// The `jwk` header: an unbound key, to be tied to the issuer.
    Header(JoseKey),
    /// A `kid` resolved to a key, and what is known of its controller.
    Kid { key: JoseKey, owner: KidOwner },
}

fn check_signature(
    jws: &CompactJws,
    cred: &Value,
    web: &Web,
    b: &mut Builder,
) -> Option<jose::Alg> {
    let alg = match jose::alg_of(&jws.header) {
        Ok(a) => a,
        Err(AlgError::Refused(why)) => {
            b.proof_ran = true;
            b.fail("proof", msg!("proof.jwt-refused", reason = why));
            return None;
        }
        Err(AlgError::Unsupported(why)) => {
            cannot_check(
                b,
                "proof",
                Code::AlgUnsupported,
                msg!("proof.jwt-not-checked", reason = why),
            );
            return None;
        }
        Err(AlgError::NotBuilt(needs, why)) => {
            b.need(needs);
            cannot_check(
                b,
                "proof",
                Code::AlgUnsupported,
                msg!("proof.jwt-not-checked", reason = why),
            );
            return None;
        }
    };
    if jws.header.contains_key("crit") {
        b.proof_ran = true;
        b.fail("proof", msg!("proof.jwt-crit"));
        return Some(alg);
    }
    if let Some(typ) = jws.header.get("typ") {
        if !typ.as_str().is_some_and(|t| t.eq_ignore_ascii_case("JWT")) {
            b.proof_ran = true;
            b.fail(
                "proof",
                msg!("proof.jwt-type", typ = crate::credential::json_text(typ)),
            );
            return Some(alg);
        }
    }
    let source = match jws.header.get("jwk") {
        Some(jwk) => match jose::key_from_jwk(jwk) {
            Ok(k) => KeySource::Header(k),
            Err(Error::Unsupported(d)) => {
                cannot_check(
                    b,
                    "proof",
                    d.code(),
                    msg!("proof.jwt-not-checked", reason = d.message()),
                );
                return Some(alg);
            }
            Err(e) => {
                b.proof_ran = true;
                b.fail("proof", msg!("proof.jwt-key-broken", reason = e));
                return Some(alg);
            }
        },
        None => match jws.header.get("kid").and_then(Value::as_str) {
            Some(kid) => match resolve_kid(kid, web) {
                KidLookup::Found(key, owner) => KeySource::Kid { key: *key, owner },
                KidLookup::Broken(why) => {
                    b.proof_ran = true;
                    b.fail(
                        "proof",
                        msg!("proof.jwt-kid-broken", key = kid, reason = why),
                    );
                    return Some(alg);
                }
                KidLookup::Missing(why) => {
                    cannot_check(
                        b,
                        "proof",
                        Code::KeyNotFound,
                        msg!("proof.jwt-kid-missing", key = kid, reason = why),
                    );
                    return Some(alg);
                }
            },
            None => {
                cannot_check(b, "proof", Code::KeyNotNamed, msg!("proof.jwt-no-key"));
                return Some(alg);
            }
        },
    };
    let key = match &source {
        KeySource::Header(k) | KeySource::Kid { key: k, .. } => k,
    };
    b.proof_ran = true;
    match jws.verify(alg, key) {
        Ok(true) => b.pass("proof", msg!("proof.valid", label = alg.name())),
        Ok(false) => {
            b.fail("proof", msg!("proof.jwt-mismatch", label = alg.name()));
            return Some(alg);
        }
        Err(e) => {
            b.fail("proof", msg!("proof.jwt-broken", reason = e));
            return Some(alg);
        }
    }
    check_key_owner(&source, cred, web, b);
    Some(alg)
}

/// `scheme://host[:port]` of an http(s) URL.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

fn check_key_owner(source: &KeySource, cred: &Value, web: &Web, b: &mut Builder) {
    let Some(issuer) = members::issuer_id(cred) else {
        return b.fail("issuer", msg!("issuer.no-id"));
    };
    match source {
        KeySource::Kid { key: _, owner } => match owner {
            KidOwner::Controller(controller) | KidOwner::Unreachable { controller, .. }
                if *controller != issuer =>
            {
                b.fail(
                    "issuer",
                    msg!(
                        "issuer.other-signer",
                        issuer = issuer,
                        controller = controller
                    ),
                )
            }
            KidOwner::Controller(_) => b.pass("issuer", msg!("issuer.valid", issuer = issuer)),
            KidOwner::Refuted(why) => b.fail(
                "issuer",
                msg!("issuer.jwt-refuted", issuer = issuer, reason = why),
            ),
            KidOwner::Unreachable { why, .. } => cannot_check(
                b,
                "issuer",
                Code::IssuerKeyNotChecked,
                msg!("issuer.jwt-unreachable", issuer = issuer, reason = why),
            ),
        },
        KeySource::Header(key) => header_key_owner(key, &issuer, web, b),
    }
}

fn header_key_owner(key: &JoseKey, issuer: &str, web: &Web, b: &mut Builder) {
    if issuer.starts_with("did:key:") || issuer.starts_with("did:jwk:") {
        return match key::resolve_offline(issuer) {
            Ok(vm) if JoseKey::from(vm.public_key) == *key => {
                b.pass("issuer", msg!("issuer.jwt-own-key", issuer = issuer))
            }
            Ok(_) => b.fail("issuer", msg!("issuer.jwt-not-own-key", issuer = issuer)),
            Err(e) => cannot_check(
                b,
                "issuer",
                Code::IssuerKeyNotChecked,
                msg!("issuer.jwt-did-unreadable", reason = e),
            ),
        };
    }
    let Some(origin) = origin(issuer) else {
        return cannot_check(
            b,
            "issuer",
            Code::IssuerKeyNotChecked,
            msg!("issuer.jwt-unknown-owner", issuer = issuer),
        );
    };
    let url = format!("{origin}/.well-known/jwks.json");
    let why = match web.get_json(&url) {
        Doc::Json(doc) => {
            let listed = doc
                .get("keys")
                .and_then(Value::as_array)
                .is_some_and(|keys| {
                    keys.iter()
                        .any(|k| jose::key_from_jwk(k).is_ok_and(|k| k == *key))
                });
            return if listed {
                b.pass("issuer", msg!("issuer.jwt-published", url = url))
            } else {
                b.fail("issuer", msg!("issuer.jwt-not-published", url = url))
            };
        }
        other => other.why_not(&url).unwrap_or_default(),
    };
    cannot_check(
        b,
        "issuer",
        Code::IssuerKeyNotChecked,
        msg!("issuer.jwt-not-checked", reason = why),
    );
}

fn claim_time(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_f64().map(|f| f as i64))
}

/// The credential's date member for a claim: VC 2.0 names (`validFrom`,
/// `validUntil`), or VC 1.1 names (`issuanceDate`, `expirationDate`) under
/// the VC 1.1 context.
fn member_time(cred: &Value, name: &'static str) -> Option<(&'static str, i64)> {
    let t = cred.get(name)?.as_str()?;
    time::parse_datetime(t).ok().map(|secs| (name, secs))
}

fn check_claims(claims: &Map<String, Value>, cred: &Value, now: Option<i64>, b: &mut Builder) {
    let mut problems = Vec::new();
    let issuer = members::issuer_id(cred);
    match (claims.get("iss").and_then(Value::as_str), issuer.as_deref()) {
        (Some(iss), Some(id)) if iss != id => {
            problems.push(format!("iss is {iss} but the issuer is {id}"))
        }
        (None, _) => problems.push("the token has no iss claim".into()),
        _ => {}
    }
    let same = |claim: &str, member: Option<&Value>, name: &str, problems: &mut Vec<String>| {
        if let (Some(c), Some(m)) = (claims.get(claim), member) {
            if c != m {
                problems.push(format!(
                    "{claim} is {} but {name} is {}",
                    crate::credential::json_text(c),
                    crate::credential::json_text(m)
                ));
            }
        }
    };
    same("jti", cred.get("id"), "the credential id", &mut problems);
    let subject = match cred.get("credentialSubject") {
        Some(Value::Array(a)) => a.first(),
        s => s,
    };
    same(
        "sub",
        subject.and_then(|s| s.get("id")),
        "credentialSubject.id",
        &mut problems,
    );
    let (from, until) = members::date_names(cred);
    for (claim, member) in [("nbf", from), ("exp", until)] {
        let Some(c) = claims.get(claim) else { continue };
        let Some(secs) = claim_time(c) else {
            problems.push(format!("{claim} is not a number of seconds"));
            continue;
        };
        match member_time(cred, member) {
            Some((name, t)) if t != secs => problems.push(format!(
                "{claim} is {} but {name} is {}",
                time::format_rfc3339(secs),
                time::format_rfc3339(t)
            )),
            Some(_) => {}
            None => match (claim, now) {
                ("nbf", Some(now)) if now < secs => problems.push(format!(
                    "the token is not valid before {}",
                    time::human_date(secs)
                )),
                ("exp", Some(now)) if now > secs => {
                    b.standing(super::report::Standing::Expired);
                    problems.push(format!("the token expired on {}", time::human_date(secs)))
                }
                _ => {}
            },
        }
    }
    if problems.is_empty() {
        b.pass("jwt-claims", msg!("jwt-claims.valid"));
    } else {
        b.fail(
            "jwt-claims",
            msg!("jwt-claims.mismatch", problems = problems.join("; ")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn origins() {
        assert_eq!(
            origin("https://a.example/issuers/1").as_deref(),
            Some("https://a.example")
        );
        assert_eq!(origin("did:key:z6Mk"), None);
    }

    #[test]
    fn credential_from_claims() {
        let m = match json!({"iss":"x","jti":"y","name":"n","vc":1}) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        assert_eq!(embedded_credential(&m), json!({"name":"n","vc":1}));
        let m = match json!({"iss":"x","vc":{"name":"m"}}) {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        assert_eq!(embedded_credential(&m), json!({"name":"m"}));
    }
}
