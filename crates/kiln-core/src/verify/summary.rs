//! What a credential says, reduced to what a person looks at: the
//! `credential` member of the [`Report`](super::Report).

use serde_json::{Map, Value, json};

use super::members;

/// Copies the named members that are present.
pub(crate) fn pick(from: Option<&Value>, keys: &[&str]) -> Value {
    let mut out = Map::new();
    if let Some(Value::Object(o)) = from {
        for k in keys {
            if let Some(v) = o.get(*k) {
                out.insert((*k).to_owned(), v.clone());
            }
        }
    }
    Value::Object(out)
}

fn proof_type(doc: &Value) -> Option<String> {
    let proofs: Vec<&Value> = match doc.get("proof")? {
        Value::Array(a) => a.iter().collect(),
        p => vec![p],
    };
    let labels: Vec<String> = proofs
        .iter()
        .filter_map(|p| {
            let ty = p.get("type")?.as_str()?;
            Some(match p.get("cryptosuite").and_then(Value::as_str) {
                Some(suite) => format!("{ty} ({suite})"),
                None => ty.to_owned(),
            })
        })
        .collect();
    (!labels.is_empty()).then(|| labels.join(", "))
}

/// The summary of an OB 3.0 credential.
pub(super) fn ob3(doc: &Value) -> Value {
    let (from, until) = members::date_names(doc);
    let issuer = match doc.get("issuer") {
        Some(Value::String(id)) => json!({ "id": id }),
        other => pick(
            other,
            &["id", "name", "url", "email", "description", "image"],
        ),
    };
    let subject = doc.get("credentialSubject");
    let achievement = subject.and_then(|s| s.get("achievement"));
    let name = doc
        .get("name")
        .or_else(|| achievement.and_then(|a| a.get("name")))
        .cloned();
    let mut out = json!({
        "format": "ob3",
        "issuer": issuer,
        "subject": pick(subject, &["id", "name", "identifier", "result"]),
        "achievement": pick(achievement, &["id", "name", "description", "criteria", "image", "achievementType"]),
    });
    let set = |out: &mut Value, k: &str, v: Option<Value>| {
        if let (Value::Object(o), Some(v)) = (out, v) {
            o.insert(k.to_owned(), v);
        }
    };
    set(&mut out, "id", doc.get("id").cloned());
    set(&mut out, "name", name);
    set(&mut out, "validFrom", doc.get(from).cloned());
    set(&mut out, "validUntil", doc.get(until).cloned());
    set(&mut out, "proofType", proof_type(doc).map(Value::String));
    out
}
