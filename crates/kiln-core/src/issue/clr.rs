//! Bundling signed credentials into a CLR 2.0 learner record: the unsigned
//! `ClrCredential` (its issuer then signs it like any credential).

use serde_json::{Map, Value, json};

use crate::jose::CompactJws;
use crate::verify::ASSOCIATION_TYPES;
use crate::{
    code::Code,
    error::{Error, Result},
};

/// The CLR 2.0.1 JSON-LD context.
pub const CLR_2_0_1: &str = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";

/// What a learner record says about itself; the credentials and
/// associations come separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClrFields {
    /// The record's id (such as a `urn:uuid:`).
    pub id: String,
    /// The record's issuer id (the signing key's controller).
    pub issuer_id: String,
    /// The issuer's name, shown to people (when the issuer also issued
    /// one of the credentials, that credential's profile is used instead).
    pub issuer_name: String,
    /// The learner: the `credentialSubject.id` every credential must name.
    pub learner: String,
    /// The record's name, such as "Transcript".
    pub name: String,
    /// `validFrom` (RFC 3339).
    pub valid_from: String,
}

/// The credential members of a nested credential: the JSON object, or the
/// claims of a VC-JWT (its `vc` claim when it has one). The token's
/// signature is not checked here: the verifier checks every nested one.
fn members_of(item: &Value, n: usize) -> Result<Map<String, Value>> {
    let bad =
        |why: String| Error::misuse(Code::CredentialNotObject, format!("credential {n}: {why}"));
    match item {
        Value::Object(m) => Ok(m.clone()),
        Value::String(s) => {
            let jws = CompactJws::parse(s.trim()).map_err(|e| bad(e.to_string()))?;
            let claims: Map<String, Value> = serde_json::from_slice(&jws.payload)
                .map_err(|e| bad(format!("the token's payload is not a JSON object: {e}")))?;
            let mut members = match claims.get("vc") {
                Some(Value::Object(vc)) => vc.clone(),
                _ => claims.clone(),
            };
            if let Some(sub) = claims.get("sub")
                && let Some(Value::Object(s)) = members.get_mut("credentialSubject")
                && !s.contains_key("id")
            {
                s.insert("id".into(), sub.clone());
            }
            Ok(members)
        }
        _ => Err(bad("neither a credential object nor a VC-JWT".into())),
    }
}

/// One association from the small input form `{"source", "relation",
/// "target"}` (achievement ids) or CLR's own `{"sourceId",
/// "associationType", "targetId"}`.
fn association(a: &Value, i: usize, achievements: &[String]) -> Result<Value> {
    let n = i.saturating_add(1);
    let bad = |why: String| Error::misuse(Code::BadValues, format!("association {n}: {why}"));
    let get = |keys: [&str; 2]| {
        keys.iter()
            .find_map(|k| a.get(*k).and_then(Value::as_str))
            .map(str::to_owned)
    };
    let source = get(["source", "sourceId"]).ok_or_else(|| bad("no source".into()))?;
    let target = get(["target", "targetId"]).ok_or_else(|| bad("no target".into()))?;
    let relation = get(["relation", "associationType"]).ok_or_else(|| bad("no relation".into()))?;
    if !ASSOCIATION_TYPES.contains(&relation.as_str()) {
        return Err(bad(format!(
            "\"{relation}\" is not a CLR 2.0 association type ({})",
            ASSOCIATION_TYPES.join(", ")
        )));
    }
    for id in [&source, &target] {
        if !achievements.contains(id) {
            return Err(bad(format!(
                "{id} is not the id of an achievement of the record's credentials"
            )));
        }
    }
    Ok(json!({
        "type": "Association",
        "associationType": relation,
        "sourceId": source,
        "targetId": target
    }))
}

/// Whether `v` holds an object without an `id` (a blank node) at any depth
/// below its top.
fn has_blank_node(v: &Value) -> bool {
    let inner = |x: &Value| match x {
        Value::Object(o) => !o.contains_key("id") || has_blank_node(x),
        Value::Array(_) => has_blank_node(x),
        _ => false,
    };
    match v {
        Value::Object(o) => o.values().any(inner),
        Value::Array(a) => a.iter().any(inner),
        _ => false,
    }
}

/// The unsigned ClrCredential bundling `credentials` (signed JSON
/// credentials or VC-JWT strings) for `fields.learner`, listing each
/// credential's achievement once and the given `associations`.
///
/// Refuses a credential issued to someone else (a subject `id` other than
/// the learner, or none) and an association between achievements the record does not
/// hold, or of a relation CLR 2.0 does not name.
pub fn clr_credential(
    fields: &ClrFields,
    credentials: &[Value],
    associations: &[Value],
) -> Result<Value> {
    if credentials.is_empty() {
        return Err(Error::misuse(
            Code::IssueFieldMissing,
            "a learner record needs at least one credential",
        ));
    }
    // The record and its credentials are one graph (CLR 2.0's context puts
    // the nested credentials in the record's default graph), so a node with
    // the same id must say the same everywhere: an achievement listed twice,
    // or the record's issuer when it issued a nested credential too.
    // An achievement with a blank node (a criteria written as a narrative
    // alone, with no id) is not listed: written in two places, a blank node is
    // two nodes, and the signed graph's achievement would hold two criteria
    // where each JSON copy shows one. The credential that holds it still
    // names it, and associations may still point at it.
    let mut seen: Vec<Value> = Vec::new();
    let mut ids: Vec<String> = Vec::new();
    let mut issuer =
        json!({ "id": fields.issuer_id, "type": ["Profile"], "name": fields.issuer_name });
    for (i, item) in credentials.iter().enumerate() {
        let n = i.saturating_add(1);
        let members = members_of(item, n)?;
        let subject = members.get("credentialSubject");
        match subject.and_then(|s| s.get("id")).and_then(Value::as_str) {
            Some(id) if id == fields.learner => {}
            Some(id) => {
                return Err(Error::misuse(
                    Code::IssueFieldMissing,
                    format!(
                        "credential {n} was issued to {id}, not to the learner {}",
                        fields.learner
                    ),
                ));
            }
            // A recipient named by an identifier alone (a hashed email) is
            // not the learner's id, and a verifier would say so of the record.
            None => {
                return Err(Error::misuse(
                    Code::IssueFieldMissing,
                    format!(
                        "credential {n} names its recipient by no id (only by an identifier such as a hashed email), so it cannot be shown to be the learner {}'s; a record holds credentials issued to the learner's id",
                        fields.learner
                    ),
                ));
            }
        }
        if let Some(a) = subject
            .and_then(|s| s.get("achievement"))
            .filter(|a| a.is_object())
            && let Some(id) = a.get("id").and_then(Value::as_str)
        {
            match ids.iter().position(|x| x == id) {
                None => {
                    ids.push(id.to_owned());
                    seen.push(a.clone());
                }
                Some(k) if seen.get(k) != Some(a) => {
                    return Err(Error::misuse(
                        Code::BadValues,
                        format!(
                            "credential {n} describes the achievement {id} differently from an earlier credential; a record lists each achievement once"
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        if let Some(theirs @ Value::Object(o)) = members.get("issuer")
            && o.get("id").and_then(Value::as_str) == Some(fields.issuer_id.as_str())
        {
            issuer = theirs.clone();
        }
    }
    let achievements: Vec<Value> = seen.into_iter().filter(|a| !has_blank_node(a)).collect();
    let associations = associations
        .iter()
        .enumerate()
        .map(|(i, a)| association(a, i, &ids))
        .collect::<Result<Vec<_>>>()?;
    let mut subject = json!({
        "id": fields.learner,
        "type": "ClrSubject",
        "verifiableCredential": credentials,
    });
    if let Value::Object(s) = &mut subject {
        if !achievements.is_empty() {
            s.insert("achievement".into(), Value::Array(achievements));
        }
        if !associations.is_empty() {
            s.insert("association".into(), Value::Array(associations));
        }
    }
    Ok(json!({
        "@context": [super::VC_2_0, CLR_2_0_1, super::OB_3_0_3],
        "id": fields.id,
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": fields.name,
        "issuer": issuer,
        "validFrom": fields.valid_from,
        "credentialSubject": subject
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ClrFields {
        ClrFields {
            id: "urn:uuid:1".into(),
            issuer_id: "did:key:z6MkRegistrar".into(),
            issuer_name: "Registrar".into(),
            learner: "did:example:learner".into(),
            name: "Transcript".into(),
            valid_from: "2025-01-01T00:00:00Z".into(),
        }
    }

    fn cred(learner: &str, achievement: &str) -> Value {
        json!({
            "credentialSubject": { "id": learner, "achievement": { "id": achievement, "name": "A" } }
        })
    }

    #[test]
    fn lists_each_achievement_once_with_the_associations() {
        let creds = [
            cred("did:example:learner", "urn:a"),
            cred("did:example:learner", "urn:b"),
            cred("did:example:learner", "urn:a"),
        ];
        let assoc = [json!({"source": "urn:a", "relation": "precedes", "target": "urn:b"})];
        let clr = clr_credential(&fields(), &creds, &assoc).unwrap();
        let s = &clr["credentialSubject"];
        assert_eq!(s["achievement"].as_array().unwrap().len(), 2);
        assert_eq!(s["verifiableCredential"].as_array().unwrap().len(), 3);
        assert_eq!(s["association"][0]["associationType"], "precedes");
        assert_eq!(s["association"][0]["sourceId"], "urn:a");
    }

    #[test]
    fn refuses_another_learner_an_unknown_relation_and_a_stray_achievement() {
        let other = [cred("did:example:other", "urn:a")];
        let e = clr_credential(&fields(), &other, &[]).unwrap_err();
        assert!(e.to_string().contains("did:example:other"), "{e}");
        let creds = [
            cred("did:example:learner", "urn:a"),
            cred("did:example:learner", "urn:b"),
        ];
        let bad = [json!({"source": "urn:a", "relation": "loves", "target": "urn:b"})];
        let e = clr_credential(&fields(), &creds, &bad).unwrap_err();
        assert!(e.to_string().contains("loves"), "{e}");
        let stray = [json!({"source": "urn:a", "relation": "isChildOf", "target": "urn:z"})];
        let e = clr_credential(&fields(), &creds, &stray).unwrap_err();
        assert!(e.to_string().contains("urn:z"), "{e}");
        assert!(clr_credential(&fields(), &[], &[]).is_err());
    }
}
