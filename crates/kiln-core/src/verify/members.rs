//! Reading the members every check reads the same way: the issuer's id,
//! `type`-like values, the first `@context` and which date members the
//! credential's Verifiable Credentials version uses.

use serde_json::Value;

/// The Verifiable Credentials 2.0 context.
pub(crate) const VC_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The Verifiable Credentials 1.1 context.
pub(crate) const VC_V1: &str = "https://www.w3.org/2018/credentials/v1";

/// The issuer's id, from a plain string or a Profile object.
pub(crate) fn issuer_id(doc: &Value) -> Option<String> {
    match doc.get("issuer")? {
        Value::String(s) => Some(s.clone()),
        Value::Object(o) => o.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    }
}

pub(crate) fn first_context(doc: &Value) -> Option<&str> {
    match doc.get("@context")? {
        Value::Array(a) => a.first()?.as_str(),
        Value::String(s) => Some(s),
        _ => None,
    }
}

/// The members holding a credential's validity window: `issuanceDate` and
/// `expirationDate` under the VC 1.1 context, else `validFrom` and `validUntil`.
pub(crate) fn date_names(doc: &Value) -> (&'static str, &'static str) {
    if first_context(doc) == Some(VC_V1) {
        ("issuanceDate", "expirationDate")
    } else {
        ("validFrom", "validUntil")
    }
}

/// The strings of a value that may be one string or an array (`type`,
/// `statusPurpose`); anything else gives none.
pub(crate) fn types(v: Option<&Value>) -> Vec<&str> {
    match v {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The members every credential Kiln checks needs (an `id`, an issuer with
/// an `id` and type Profile when it is an object, the issuance date of its
/// VC version), each missing one named by its JSON path in `problems`.
pub(super) fn credential_basics(doc: &Value, problems: &mut Vec<String>) {
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
}
