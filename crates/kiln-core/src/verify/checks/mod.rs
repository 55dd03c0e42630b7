//! The checks every Open Badges 3.0 credential gets, whatever carries its
//! proof (an embedded Data Integrity proof, [`super::ob3`], or a VC-JWT,
//! [`super::jwt`]): JSON-LD safe mode, the issuer binding of a Data Integrity
//! key, the validity window, status, structure, schema and recipient.
//!
//! Each adds one check to the report's [`Builder`]. [`shared`] runs the ones
//! that come after the proof, in the report's order.

mod recipient;
mod schema;
mod status;

use serde_json::Value;

use super::members::{self, VC_V1, VC_V2, first_context, types};
use super::proofs::{Doubt, Signer};
use super::report::{Builder, Standing};
use crate::time;
use crate::verify::online::Web;
use crate::verify::options::VerifyOptions;

const OB3_CONTEXT_PREFIX: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context";

/// The checks after the proof: validity, status, structure, schema and,
/// when the caller names one, recipient.
pub(crate) fn shared(doc: &Value, options: &VerifyOptions, web: &Web, b: &mut Builder) {
    check_validity(doc, options.now, b);
    status::check(doc, options, web, b);
    if super::nested::is_clr(doc) {
        #[cfg(feature = "nested")]
        super::clr::check_structure(doc, b);
        #[cfg(not(feature = "nested"))]
        clr_not_built(b);
    } else {
        check_structure(doc, b);
    }
    schema::check_schema(doc, b);
    if let Some(who) = &options.recipient {
        recipient::check(doc, who, b);
    }
    #[cfg(feature = "nested")]
    super::clr::check_nested(doc, options, web, b);
    #[cfg(feature = "nested")]
    super::endorse::check(doc, options, web, b);
    #[cfg(not(feature = "nested"))]
    endorsements_not_built(doc, b);
}

/// Embedded endorsements in a build without the feature `nested`: the
/// advisory `endorsement` check is skipped, naming what is missing.
#[cfg(not(feature = "nested"))]
fn endorsements_not_built(doc: &Value, b: &mut Builder) {
    if super::endorse::embedded(doc).is_empty() {
        return;
    }
    b.need(crate::error::Capability::Nested);
    b.advisory.push(super::report::Check::new(
        "endorsement",
        super::report::Outcome::Skipped,
        msg!("endorsement.not-built"),
    ));
}

/// A CLR in a build without the feature `clr`: "could not check", naming
/// what is missing, never a verdict on the credentials it holds.
#[cfg(not(feature = "nested"))]
fn clr_not_built(b: &mut Builder) {
    let e = crate::error::Error::not_built(
        crate::code::Code::ClrNotBuilt,
        crate::error::Capability::Nested,
        "this is a CLR 2.0 learner record; checking the credentials it holds needs a build with \
         CLR support (feature `nested`)",
    );
    b.note(&e);
    b.skip("clr", msg!("clr.not-built"));
    b.cannot(
        e.code(),
        format!(
            "This record could not be checked: {}.",
            e.detail().message()
        ),
    );
}

/// The JSON-LD checks: every member defined by the credential's contexts
/// (safe mode), and, unless `signs_json`, the signed view (what Kiln reads
/// from the JSON is what the RDF dataset says, [`jsonld::check_faithful`]).
///
/// `signs_json` is true when every proof signs the JSON itself, contexts
/// included (a JCS suite whose `@context` is the document's): then every
/// member Kiln reads is covered as written, and no other spelling of the
/// document can carry the same signature, so the view check has nothing to
/// find.
///
/// Returns, when the safe-mode check passed by the compact processor, the
/// quads of `doc` without its `proof` member, which an RDF suite's proof
/// check then canonicalizes instead of expanding the document again
/// (`ProofEnv::unsecured`).
#[cfg(feature = "jsonld-compact")]
pub(crate) fn check_jsonld(
    doc: &Value,
    signs_json: bool,
    options: &VerifyOptions,
    b: &mut Builder,
) -> Option<crate::jsonld::RdfDataset> {
    use crate::error::Error;
    use crate::jsonld::{self, ContextStore};
    let store = match ContextStore::with_extra(&options.extra_contexts) {
        Ok(store) => store,
        Err(e) => {
            b.skip(
                "jsonld-safe",
                msg!("jsonld-safe.extra-contexts-unreadable", reason = e),
            );
            return None;
        }
    };
    let mut expanded = None;
    let checked = jsonld::check_safe_faithful(doc, signs_json, &store, &options.limits)
        .map(|quads| expanded = quads);
    match checked {
        Ok(()) => b.pass("jsonld-safe", msg!("jsonld-safe.valid")),
        Err(e @ Error::Unsupported(_)) => {
            b.note(&e);
            let d = e.detail();
            b.warn(msg!("warning.vocabulary-unknown", reason = d.message()));
            b.skip(
                "jsonld-safe",
                msg!("jsonld-safe.unsupported", reason = d.message()),
            );
        }
        Err(e)
            if matches!(
                e.code(),
                crate::code::Code::JsonldUndefinedTerm | crate::code::Code::JsonldRelativeIri
            ) =>
        {
            b.fail(
                "jsonld-safe",
                msg!("jsonld-safe.undefined-term", reason = e),
            )
        }
        Err(e) => b.fail("jsonld-safe", msg!("jsonld-safe.unfaithful", reason = e)),
    }
    expanded
}

#[cfg(not(feature = "jsonld-compact"))]
pub(crate) fn check_jsonld(
    _doc: &Value,
    _signs_json: bool,
    _options: &VerifyOptions,
    b: &mut Builder,
) -> Option<std::convert::Infallible> {
    b.need(crate::error::Capability::JsonLdCompact);
    b.skip("jsonld-safe", msg!("jsonld-safe.not-built"));
    None
}

/// Whether a valid proof by `vm` binds the badge to `issuer`: the `issuer`
/// check. Returns whether the proof is the issuer's.
pub(crate) fn check_issuer(
    issuer: Option<&str>,
    vm: &Signer,
    doubt: Option<&Doubt>,
    b: &mut Builder,
) -> bool {
    let Some(id) = issuer else {
        b.fail("issuer", msg!("issuer.no-id"));
        return false;
    };
    match doubt {
        // A key of someone else. Only the document at the key's URL can be
        // its controller, so a key under another URL than the issuer's is
        // not the issuer's, whether its document could be fetched or not.
        None | Some(Doubt::Unreachable(_)) if id != vm.controller => {
            b.fail(
                "issuer",
                msg!(
                    "issuer.other-signer",
                    issuer = id,
                    controller = vm.controller
                ),
            );
            false
        }
        None => {
            b.pass("issuer", msg!("issuer.valid", issuer = id));
            true
        }
        Some(Doubt::Refuted(why)) => {
            b.fail(
                "issuer",
                msg!("issuer.refuted", key = vm.id, issuer = id, reason = why),
            );
            false
        }
        Some(Doubt::Unreachable(why)) => {
            let m = msg!(
                "issuer.unreachable",
                key = vm.id,
                controller = vm.controller,
                issuer = id,
                reason = why
            );
            b.cannot(crate::code::Code::IssuerKeyNotChecked, m.english());
            b.skip("issuer", m);
            false
        }
    }
}

pub(crate) fn check_validity(doc: &Value, now: Option<i64>, b: &mut Builder) {
    let (from_key, until_key) = members::date_names(doc);
    let date = |k: &str| -> Result<Option<i64>, super::Message> {
        match doc.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => time::parse_datetime(s)
                .map(Some)
                .map_err(|_| msg!("validity.bad-date", value = s, member = k)),
            Some(_) => Err(msg!("validity.not-a-string", member = k)),
        }
    };
    let (from, until) = match (date(from_key), date(until_key)) {
        (Ok(f), Ok(u)) => (f, u),
        (Err(e), _) | (_, Err(e)) => return b.fail("validity", e),
    };
    let Some(now) = now else {
        return b.skip("validity", msg!("validity.no-clock"));
    };
    if let Some(from) = from
        && now < from
    {
        b.standing(Standing::NotYetValid);
        return b.fail(
            "validity",
            msg!("validity.not-yet-valid", date = time::format_rfc3339(from)),
        );
    }
    if let Some(until) = until
        && now > until
    {
        b.standing(Standing::Expired);
        return b.fail(
            "validity",
            msg!("validity.expired", date = time::format_rfc3339(until)),
        );
    }
    let m = match (
        from.map(time::format_rfc3339),
        until.map(time::format_rfc3339),
    ) {
        (Some(f), Some(u)) => msg!("validity.valid-between", fromDate = f, untilDate = u),
        (Some(f), None) => msg!("validity.valid-since", fromDate = f),
        (None, Some(u)) => msg!("validity.valid-until", untilDate = u),
        (None, None) => msg!("validity.valid-always"),
    };
    b.pass("validity", m);
}

/// What is wrong with a credential's shape, each problem with its JSON path.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Why the document is not a badge at all (no subject, no achievement,
    /// not a badge type): the verdict is `invalid`.
    pub not_a_badge: Vec<String>,
    /// Parts Open Badges 3.0 requires that are missing or wrong in a
    /// document that is otherwise a badge: a conformance warning.
    pub missing: Vec<String>,
}

/// The fields Open Badges 3.0 requires, each problem with its JSON path.
pub(crate) fn structure_problems(doc: &Value) -> Shape {
    let mut shape = Shape::default();
    let Value::Object(_) = doc else {
        shape.not_a_badge.push("$ is not a JSON object".into());
        return shape;
    };
    let problems = &mut shape.missing;
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
        shape
            .not_a_badge
            .push("$.type does not include OpenBadgeCredential".into());
    }
    let problems = &mut shape.missing;
    super::members::credential_basics(doc, problems);
    let Some(subject) = doc.get("credentialSubject").filter(|s| s.is_object()) else {
        shape
            .not_a_badge
            .push("$.credentialSubject is missing or not an object".into());
        return shape;
    };
    if endorsement {
        // An EndorsementCredential endorses something by id, with an optional comment.
        if !types(subject.get("type")).contains(&"EndorsementSubject") {
            problems.push("$.credentialSubject.type does not include EndorsementSubject".into());
        }
        if subject.get("id").and_then(Value::as_str).is_none() {
            problems.push("$.credentialSubject.id is missing".into());
        }
        return shape;
    }
    if !types(subject.get("type")).contains(&"AchievementSubject") {
        problems.push("$.credentialSubject.type does not include AchievementSubject".into());
    }
    let Some(achievement) = subject.get("achievement").filter(|a| a.is_object()) else {
        shape
            .not_a_badge
            .push("$.credentialSubject.achievement is missing".into());
        return shape;
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
    shape
}

/// The `structure` check. A document that is not a badge at all fails it
/// and is `invalid`; a badge missing a part Open Badges 3.0 requires fails
/// it too, which the verdict rule turns into a conformance warning (see
/// [`Builder::finish`]).
pub(crate) fn check_structure(doc: &Value, b: &mut Builder) {
    let shape = structure_problems(doc);
    if !shape.not_a_badge.is_empty() {
        b.not_a_badge = true;
        let mut all = shape.not_a_badge;
        all.extend(shape.missing);
        b.fail(
            "structure",
            msg!("structure.not-a-badge", problems = all.join("; ")),
        );
    } else if shape.missing.is_empty() {
        b.pass("structure", msg!("structure.valid"));
    } else {
        b.fail(
            "structure",
            msg!("structure.missing", problems = shape.missing.join("; ")),
        );
        b.slips.extend(shape.missing);
    }
}
