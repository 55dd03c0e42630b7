//! The part of `kiln verify`'s human output for credentials that hold
//! others: a CLR's nested credentials (one line each: verdict, name,
//! issuer), its pathway (the associations as an ordered list, the relations
//! named), and embedded endorsements (one line each: verdict, endorser).

use kiln_core::verify::{Report, Verdict};
use serde_json::Value;

fn word(v: Verdict) -> &'static str {
    match v {
        Verdict::Verified => "verified",
        Verdict::Invalid => "NOT VALID",
        Verdict::Error => "could not check",
    }
}

fn text(c: Option<&Value>, pointer: &str) -> Option<String> {
    c.and_then(|c| c.pointer(pointer))
        .and_then(Value::as_str)
        .map(str::to_owned)
}

/// "Name, id" of a report's issuer (or what of it is known).
fn issuer(r: &Report) -> String {
    let c = r.credential.as_ref();
    let parts: Vec<String> = text(c, "/issuer/name")
        .into_iter()
        .chain(text(c, "/issuer/id"))
        .collect();
    if parts.is_empty() {
        "issuer unknown".to_owned()
    } else {
        parts.join(", ")
    }
}

/// The nested credentials, the pathway and the endorsements; empty when
/// the report has none.
pub(super) fn stack(report: &Report) -> String {
    let mut out = String::new();
    if !report.credentials.is_empty() {
        out.push_str(&format!(
            "  Credentials in this record ({}):\n",
            report.credentials.len()
        ));
        for (i, r) in report.credentials.iter().enumerate() {
            let c = r.credential.as_ref();
            let name = text(c, "/name")
                .or_else(|| text(c, "/achievement/name"))
                .unwrap_or_else(|| "(unnamed)".to_owned());
            out.push_str(&format!(
                "    {:>3}. [{}] {name} (issued by {})\n",
                i.saturating_add(1),
                word(r.verdict),
                issuer(r)
            ));
        }
    }
    if let Some(p) = &report.pathway
        && !p.associations.is_empty()
    {
        let name_of = |id: &str| {
            p.achievements
                .iter()
                .find(|a| a.id == id)
                .and_then(|a| a.name.clone())
                .unwrap_or_else(|| id.to_owned())
        };
        out.push_str("  Pathway:\n");
        for (i, a) in p.associations.iter().enumerate() {
            out.push_str(&format!(
                "    {:>3}. {} {} {} ({})\n",
                i.saturating_add(1),
                name_of(&a.source),
                a.relation_words(),
                name_of(&a.target),
                a.relation
            ));
        }
    }
    if !report.endorsements.is_empty() {
        out.push_str(&format!(
            "  Endorsements ({}):\n",
            report.endorsements.len()
        ));
        for (i, r) in report.endorsements.iter().enumerate() {
            out.push_str(&format!(
                "    {:>3}. [{}] by {}\n",
                i.saturating_add(1),
                word(r.verdict),
                issuer(r)
            ));
        }
    }
    out
}
