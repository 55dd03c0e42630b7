//! Binding a credential's issuer to the signing key: the issuer id must be
//! the key's controller (a `did:key`, or the `did:web` the key's document
//! is published under), or a verifier cannot tie the proof to the issuer.

use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// What [`bind_issuer`] did to the issuer id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssuerChange {
    /// It was the controller already.
    Unchanged,
    /// There was none; the controller was set.
    Set,
    /// Another id was there; it was replaced (the old id).
    Replaced(String),
}

/// Makes the issuer id `controller`. With `keep`, another id already there
/// is refused (`issuer-not-key-controller`) instead of replaced.
///
/// A string issuer stays a string and a Profile keeps its other members; a
/// credential without an issuer gets a Profile when its contexts include Open
/// Badges 3.0 (which defines the type), the plain id otherwise.
pub fn bind_issuer(
    doc: &mut Map<String, Value>,
    controller: &str,
    keep: bool,
) -> Result<IssuerChange> {
    let current = match doc.get("issuer") {
        None => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(p)) => match p.get("id") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                return Err(Error::malformed(
                    crate::code::Code::IssuerMalformed,
                    "the issuer's \"id\" is not a string",
                ));
            }
        },
        Some(_) => {
            return Err(Error::malformed(
                crate::code::Code::IssuerMalformed,
                "\"issuer\" must be a string or a Profile object",
            ));
        }
    };
    if current.as_deref() == Some(controller) {
        return Ok(IssuerChange::Unchanged);
    }
    if let (true, Some(old)) = (keep, &current) {
        return Err(Error::misuse(
            crate::code::Code::IssuerNotKeyController,
            format!("the issuer id {old} is not the key's controller {controller}"),
        ));
    }
    match doc.get_mut("issuer") {
        Some(Value::Object(p)) => {
            p.insert("id".into(), controller.into());
        }
        Some(Value::String(s)) => controller.clone_into(s),
        _ => {
            let issuer = if has_ob3_context(doc) {
                let mut profile = Map::new();
                profile.insert("id".into(), controller.into());
                profile.insert("type".into(), Value::Array(vec!["Profile".into()]));
                Value::Object(profile)
            } else {
                Value::String(controller.to_owned())
            };
            doc.insert("issuer".into(), issuer);
        }
    }
    Ok(match current {
        Some(old) => IssuerChange::Replaced(old),
        None => IssuerChange::Set,
    })
}

fn has_ob3_context(doc: &Map<String, Value>) -> bool {
    match doc.get("@context") {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .any(|c| c.starts_with("https://purl.imsglobal.org/spec/ob/v3p0/")),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn issuer_binding() {
        let c = "did:key:z6Mk1";
        let mut d = obj(json!({"issuer": "did:key:z6Mk1"}));
        assert_eq!(bind_issuer(&mut d, c, true), Ok(IssuerChange::Unchanged));
        let mut d = obj(json!({"issuer": {"id": "https://x", "name": "X"}}));
        let e = bind_issuer(&mut d, c, true).unwrap_err();
        assert_eq!(e.code(), "issuer-not-key-controller");
        assert!(e.to_string().contains("https://x"), "{e}");
        assert_eq!(
            bind_issuer(&mut d, c, false),
            Ok(IssuerChange::Replaced("https://x".into()))
        );
        assert_eq!(d["issuer"], json!({"id": c, "name": "X"}));
        let mut d = obj(json!({"issuer": "https://x"}));
        assert_eq!(
            bind_issuer(&mut d, c, false),
            Ok(IssuerChange::Replaced("https://x".into()))
        );
        assert_eq!(d["issuer"], json!(c));
        let mut d = obj(json!({"name": "n"}));
        assert_eq!(bind_issuer(&mut d, c, true), Ok(IssuerChange::Set));
        assert_eq!(d["issuer"], json!(c));
        let ob = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
        let mut d = obj(json!({"@context": ["https://www.w3.org/ns/credentials/v2", ob]}));
        assert_eq!(bind_issuer(&mut d, c, true), Ok(IssuerChange::Set));
        assert_eq!(d["issuer"], json!({"id": c, "type": ["Profile"]}));
        let mut d = obj(json!({"issuer": {"name": "X"}}));
        assert_eq!(bind_issuer(&mut d, c, true), Ok(IssuerChange::Set));
        assert_eq!(d["issuer"], json!({"name": "X", "id": c}));
        let mut d = obj(json!({"issuer": 5}));
        assert_eq!(
            bind_issuer(&mut d, c, false).unwrap_err().code(),
            "issuer-malformed"
        );
        let mut d = obj(json!({"issuer": {"id": 5}}));
        assert_eq!(
            bind_issuer(&mut d, c, false).unwrap_err().code(),
            "issuer-malformed"
        );
    }
}
