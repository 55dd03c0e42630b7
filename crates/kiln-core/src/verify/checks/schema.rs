//! The `schema` check: a credential that names the Open Badges 3.0 JSON
//! Schema in `credentialSchema` (type `1EdTechJsonSchemaValidator2019`) is
//! validated against the bundled copy (`schemas/`), never a fetched one.
//! Without the `schema` feature the check is skipped with the reason.

use serde_json::Value;

use crate::verify::report::Builder;

/// The `$id` of the bundled AchievementCredential schema.
pub(crate) const OB3_SCHEMA_ID: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

const VALIDATOR_TYPE: &str = "1EdTechJsonSchemaValidator2019";

/// Adds the `schema` check when the credential names a JSON Schema.
pub(super) fn check_schema(doc: &Value, b: &mut Builder) {
    let entries: Vec<&Value> = match doc.get("credentialSchema") {
        None => return,
        Some(Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
    };
    let ids: Vec<&str> = entries
        .iter()
        .filter(|e| e.get("type").and_then(Value::as_str) == Some(VALIDATOR_TYPE))
        .filter_map(|e| e.get("id").and_then(Value::as_str))
        .collect();
    if ids.is_empty() {
        return b.skip("schema", msg!("schema.unknown-kind"));
    }
    if !ids.contains(&OB3_SCHEMA_ID) {
        return b.skip(
            "schema",
            msg!("schema.not-bundled", schemas = crate::join_strs(&ids, ", ")),
        );
    }
    validate(doc, b);
}

#[cfg(feature = "schema")]
fn validate(doc: &Value, b: &mut Builder) {
    match problems(doc) {
        Err(why) => b.skip("schema", msg!("schema.not-checked", reason = why)),
        Ok(p) if p.is_empty() => b.pass("schema", msg!("schema.valid")),
        Ok(p) => {
            b.fail("schema", msg!("schema.mismatch", problems = p.join("; ")));
            b.slips
                .extend(p.into_iter().map(|p| format!("{p} (JSON Schema)")));
        }
    }
}

#[cfg(not(feature = "schema"))]
fn validate(_doc: &Value, b: &mut Builder) {
    b.skip("schema", msg!("schema.not-built"));
}

/// Each schema violation, `$`-rooted JSON path first (at most five).
#[cfg(feature = "schema")]
pub(crate) fn problems(doc: &Value) -> Result<Vec<String>, String> {
    use std::sync::OnceLock;
    static VALIDATOR: OnceLock<Result<jsonschema::Validator, String>> = OnceLock::new();
    let validator = VALIDATOR.get_or_init(|| {
        let schema: Value = serde_json::from_str(include_str!(
            "../../../schemas/ob_v3p0_achievementcredential_schema.json"
        ))
        .map_err(|e| format!("the bundled schema is not JSON: {e}"))?;
        jsonschema::validator_for(&schema)
            .map_err(|e| format!("the bundled schema could not be compiled: {e}"))
    });
    let validator = validator.as_ref().map_err(Clone::clone)?;
    Ok(validator
        .iter_errors(doc)
        .take(5)
        .map(|e| {
            let pointer = e.instance_path().to_string();
            let path = pointer
                .split('/')
                .skip(1)
                .map(|seg| {
                    let seg = seg.replace("~1", "/").replace("~0", "~");
                    if seg.parse::<usize>().is_ok() {
                        format!("[{seg}]")
                    } else {
                        format!(".{seg}")
                    }
                })
                .collect::<String>();
            format!("${path}: {e}")
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn run(doc: Value) -> Builder {
        let mut b = Builder::default();
        check_schema(&doc, &mut b);
        b
    }

    #[test]
    fn only_named_bundled_schemas_are_checked() {
        assert!(run(json!({"id": "x"})).checks.is_empty());
        let b = run(
            json!({"credentialSchema": {"id": "https://example.org/s.json", "type": VALIDATOR_TYPE}}),
        );
        assert_eq!(b.checks[0].outcome, crate::verify::report::Outcome::Skipped);
        assert!(b.checks[0].detail.contains("never fetched"));
        let b = run(json!({"credentialSchema": [{"id": OB3_SCHEMA_ID, "type": "OtherValidator"}]}));
        assert_eq!(b.checks[0].outcome, crate::verify::report::Outcome::Skipped);
    }

    #[cfg(feature = "schema")]
    #[test]
    fn paths_are_reported() {
        let b = run(
            json!({"credentialSchema": {"id": OB3_SCHEMA_ID, "type": VALIDATOR_TYPE}, "issuer": 5}),
        );
        assert_eq!(b.checks[0].outcome, crate::verify::report::Outcome::Failed);
        assert!(
            b.checks[0]
                .detail
                .contains("$: \"@context\" is a required property"),
            "{}",
            b.checks[0].detail
        );
    }
}
