//! An Open Badges 3.0 credential with embedded Data Integrity proofs: which
//! proof decides (the issuer's, when several are valid), its dates and
//! purpose, then the [`checks`] every OB 3.0 credential gets.

use serde_json::{Map, Value};

use super::checks;
use super::members;
use super::proofs::{self, KeyFacts, Tried};
use super::report::{Builder, Report};
use super::{summary, trust};
use crate::proof::{self, ProofEnv};
use crate::verify::online::Web;
use crate::verify::options::VerifyOptions;
use crate::{credential, time};

/// Verifies an OB 3.0 JSON credential: `payload`, or `read`, its value
/// when the caller has read it already (classifying it).
pub(super) fn verify_json(
    payload: String,
    read: Option<Value>,
    options: &VerifyOptions,
    web: &Web,
) -> Report {
    // The same text read with the same limits; the size limit is the
    // credential's own (a nested credential's text is not checked for it).
    let parsed = match read {
        Some(doc) if payload.len() <= options.limits.max_payload_bytes => Ok(doc),
        _ => credential::parse_json(&payload, &options.limits),
    };
    let doc = match parsed {
        Ok(doc) => doc,
        Err(e) => {
            let mut report = Report::from_error(&e);
            report.payload = Some(payload);
            return report;
        }
    };
    let mut b = Builder::default();
    note_pinned_contexts(&doc, options, web);
    let expanded = checks::check_jsonld(&doc, signs_json(&doc), options, &mut b);
    let chosen = check_proofs(&doc, expanded.as_ref(), options, web, &mut b);
    check_purpose(chosen.as_ref(), &mut b);
    #[cfg(feature = "ecdsa")]
    let disclosed = proofs::disclosure(&doc, chosen.as_ref().map(|c| &c.proof), &mut b);
    checks::shared(&doc, options, web, &mut b);
    let issuer = members::issuer_id(&doc);
    let by_issuer = chosen.as_ref().is_some_and(|c| c.by_issuer);
    let domain = chosen.as_ref().and_then(|c| c.facts.domain.as_deref());
    // A domain vouched for by a pinned DID document: the caller's copy, not the site's word today.
    let pinned = domain.is_some()
        && issuer.as_deref().is_some_and(|id| {
            id.starts_with("did:web:")
                && crate::key::didweb::document_url(id, options.allow_http_localhost)
                    .is_ok_and(|url| options.documents.contains(&url))
        });
    let identity = trust::identity(
        issuer.as_deref(),
        by_issuer,
        domain,
        options.trust.as_ref(),
        pinned,
    );
    b.identity = Some(identity);
    #[cfg_attr(not(feature = "ecdsa"), allow(unused_mut))]
    let mut summary = summary::ob3(&doc);
    #[cfg(feature = "ecdsa")]
    if let (Some(pointers), Value::Object(s)) = (disclosed, &mut summary) {
        s.insert("disclosed".into(), pointers.into());
    }
    b.finish(Some(summary), Some(payload))
}

/// Whether every proof of `doc` signs its JSON as Kiln reads it: a JCS suite
/// whose own `@context`, when it has one, is the document's. A JCS proof
/// signs its `@context` in place of the document's, so contexts appended
/// after signing are not covered and could change what a member means: then
/// the signed-view check runs as for an RDF proof.
fn signs_json(doc: &Value) -> bool {
    let proofs = proof::proofs_of(doc);
    !proofs.is_empty()
        && proofs.iter().all(|p| {
            proof::Suite::of(p).is_ok_and(proof::Suite::is_jcs)
                && p.get("@context")
                    .is_none_or(|c| Some(c) == doc.get("@context"))
        })
}

/// Records the contexts the credential names that came from the pinned
/// documents, so the report says where they came from.
fn note_pinned_contexts(doc: &Value, options: &VerifyOptions, web: &Web) {
    let named: Vec<&str> = match doc.get("@context") {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    for url in named {
        if options.documents.contexts().iter().any(|(u, _)| u == url) {
            web.note_pinned(url);
        }
    }
}

/// What [`checks::check_jsonld`] gives back.
#[cfg(feature = "jsonld-compact")]
type Expanded = crate::jsonld::RdfDataset;
#[cfg(not(feature = "jsonld-compact"))]
type Expanded = std::convert::Infallible;

/// The proof that decided the verdict, with its key.
pub(super) struct Chosen {
    proof: Map<String, Value>,
    facts: KeyFacts,
    by_issuer: bool,
}

/// `expanded`: the dataset of `doc` without its `proof`, when the JSON-LD
/// checks expanded it ([`checks::check_jsonld`]).
fn check_proofs(
    doc: &Value,
    expanded: Option<&Expanded>,
    options: &VerifyOptions,
    web: &Web,
    b: &mut Builder,
) -> Option<Chosen> {
    let proofs = proof::proofs_of(doc);
    if proofs.is_empty() {
        b.proof_ran = true;
        b.fail("proof", msg!("proof.none"));
        return None;
    }
    let mut unsecured = doc.clone();
    if let Value::Object(map) = &mut unsecured {
        map.remove("proof");
    }
    #[cfg(not(feature = "jsonld-compact"))]
    let _ = expanded;
    let env = ProofEnv {
        limits: options.limits.clone(),
        extra_contexts: &options.extra_contexts,
        #[cfg(feature = "jsonld-compact")]
        unsecured: expanded,
        #[cfg(feature = "jsonld-compact")]
        config: None,
    };
    let issuer = members::issuer_id(doc);
    let tried: Vec<(String, Tried)> = proofs
        .iter()
        .map(|p| {
            (
                proof_label(p),
                proofs::try_proof(&unsecured, p, &env, options, web),
            )
        })
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
            Tried::Mismatch => b.warn(msg!("warning.other-proof-mismatch", label = label)),
            Tried::Broken(why) => b.warn(msg!(
                "warning.other-proof-broken",
                label = label,
                reason = why
            )),
            Tried::CannotCheck(e) => b.warn(msg!(
                "warning.other-proof-not-checked",
                label = label,
                reason = e
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
            Some(ProofTimes::Expired(when)) => {
                b.fail("proof", msg!("proof.expired", label = label, date = when))
            }
            Some(ProofTimes::Unreadable(why)) => {
                b.fail("proof", msg!("proof.broken", label = label, reason = why))
            }
            _ => b.pass("proof", msg!("proof.valid", label = label)),
        }
        if let Some(ProofTimes::CreatedInFuture(when)) = times {
            b.warn(msg!("warning.proof-created-in-future", date = when));
        }
        let by_issuer = checks::check_issuer(issuer.as_deref(), vm, doubt, b);
        return proofs.get(i).map(|p| Chosen {
            proof: (*p).clone(),
            facts,
            by_issuer,
        });
    }
    if tried.iter().any(|(_, t)| matches!(t, Tried::Pending)) {
        let m = msg!("proof.key-pending");
        b.cannot_check = Some(super::report::ReportError::new(
            crate::code::Code::KeyPending,
            m.english(),
        ));
        b.skip("proof", m);
        return None;
    }

    // No valid proof: report the most telling failure.
    let first = |f: fn(&Tried) -> bool| tried.iter().find(|(_, t)| f(t));
    if let Some((label, _)) = first(|t| matches!(t, Tried::Mismatch)) {
        b.proof_ran = true;
        b.fail("proof", msg!("proof.mismatch", label = label));
    } else if let Some((label, Tried::Broken(why))) = first(|t| matches!(t, Tried::Broken(_))) {
        b.proof_ran = true;
        b.fail("proof", msg!("proof.broken", label = label, reason = why));
    } else if let Some((label, Tried::CannotCheck(e))) =
        first(|t| matches!(t, Tried::CannotCheck(_)))
    {
        let m = msg!("proof.not-checked", label = label, reason = e);
        b.cannot_check = Some(super::report::ReportError::new(e.code(), m.english()));
        b.skip("proof", m);
    }
    None
}

/// Clock skew allowed for a proof's `created` before it is called "in the future".
const CLOCK_SKEW_SECONDS: i64 = 300;

/// What a proof's own dates say at `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum ProofTimes {
    Fine,
    /// `expires` is past (RFC 3339).
    Expired(String),
    /// `created` is later than now plus the allowed skew (RFC 3339).
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
        return ProofTimes::Expired(time::format_rfc3339(t));
    }
    let created = p
        .get("created")
        .and_then(Value::as_str)
        .and_then(|c| time::parse_datetime(c).ok());
    if let Some(c) = created
        && c > now.saturating_add(CLOCK_SKEW_SECONDS)
    {
        return ProofTimes::CreatedInFuture(time::format_rfc3339(c));
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

fn check_purpose(chosen: Option<&Chosen>, b: &mut Builder) {
    let Some(chosen) = chosen else { return };
    match chosen.proof.get("proofPurpose").and_then(Value::as_str) {
        Some("assertionMethod") if !chosen.facts.assertion_method => {
            b.fail("proof-purpose", msg!("proof-purpose.not-listed"))
        }
        Some("assertionMethod") => b.pass("proof-purpose", msg!("proof-purpose.valid")),
        Some(other) => b.fail(
            "proof-purpose",
            msg!("proof-purpose.other", purpose = other),
        ),
        None => b.fail("proof-purpose", msg!("proof-purpose.missing")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::signs_json;

    const CTX: [&str; 2] = [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ];

    fn jcs(ctx: serde_json::Value) -> serde_json::Value {
        json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "@context": ctx})
    }

    #[test]
    fn only_jcs_proofs_over_the_documents_own_contexts_sign_its_json() {
        let doc = |proof: serde_json::Value| json!({"@context": CTX, "proof": proof});
        assert!(signs_json(&doc(jcs(json!(CTX)))));
        // A proof without its own `@context` signs the document's.
        assert!(signs_json(&doc(json!({
            "type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022"
        }))));
        // ECDSA's JCS suite, where the build checks it.
        let ecdsa = json!({"type": "DataIntegrityProof", "cryptosuite": "ecdsa-jcs-2019"});
        assert_eq!(signs_json(&doc(ecdsa)), cfg!(feature = "ecdsa"));
        assert!(signs_json(&doc(json!([jcs(json!(CTX)), jcs(json!(CTX))]))));
        // A context appended after signing is not covered.
        assert!(!signs_json(&doc(jcs(json!([CTX[0]])))));
        // An RDF proof beside a JCS one, or alone.
        let rdfc = json!({"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022"});
        assert!(!signs_json(&doc(json!([jcs(json!(CTX)), rdfc.clone()]))));
        assert!(!signs_json(&doc(rdfc)));
        assert!(!signs_json(&doc(json!({"type": "Ed25519Signature2020"}))));
        // No proof, or one this build cannot read.
        assert!(!signs_json(&json!({"@context": CTX})));
        assert!(!signs_json(&doc(json!({"cryptosuite": "eddsa-jcs-2022"}))));
    }
}
