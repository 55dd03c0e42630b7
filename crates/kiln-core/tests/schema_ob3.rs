//! The `schema` check against 1EdTech's samples (feature `schema`).
#![cfg(feature = "schema")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use kiln_core::verify::{self, Outcome, VerifyOptions};
use serde_json::{Value, json};

const SCHEMA: &str =
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json";

fn sample(name: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/ob3-schema")
        .join(name);
    serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap()
}

fn schema_check(doc: &Value) -> (Outcome, String) {
    let r = verify::verify(
        doc.to_string().as_bytes(),
        &VerifyOptions::at(1_767_225_600),
    )
    .unwrap();
    let c = r
        .check("schema")
        .unwrap_or_else(|| panic!("no schema check: {:#?}", r.checks));
    (c.outcome, c.detail.clone())
}

fn naming_schema(mut doc: Value) -> Value {
    doc["credentialSchema"] = json!([{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]);
    doc
}

#[test]
fn valid_samples_match() {
    assert_eq!(schema_check(&sample("complete.json")).0, Outcome::Passed);
    assert_eq!(
        schema_check(&naming_schema(sample("simple.json"))).0,
        Outcome::Passed
    );
}

#[test]
fn failing_samples_name_the_path() {
    let (o, d) = schema_check(&naming_schema(sample("simple-err-issuer.json")));
    assert_eq!(o, Outcome::Failed);
    assert!(d.contains("$: \"issuer\" is a required property"), "{d}");
    let (o, d) = schema_check(&naming_schema(sample(
        "simple-err-credential-subject-type.json",
    )));
    assert_eq!(o, Outcome::Failed);
    assert!(d.contains("$.credentialSubject.type"), "{d}");
    // Not named: not checked.
    let r = verify::verify(
        &serde_json::to_vec(&sample("simple-err-issuer.json")).unwrap(),
        &VerifyOptions::at(0),
    )
    .unwrap();
    assert!(r.check("schema").is_none());
}
