//! The exported bindings, run as WebAssembly under Node with
//! `wasm-bindgen-test-runner` (see tests/run.sh):
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner cargo test -p kiln-wasm --target wasm32-unknown-unknown`.
#![cfg(target_arch = "wasm32")]
// Test code: a failed unwrap is a failed test (wasm_bindgen_test functions are not
// recognised by clippy's allow-unwrap-in-tests).
#![allow(clippy::unwrap_used)]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn code_of(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &JsValue::from_str("code"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

fn message_of(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &JsValue::from_str("message"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn verify_report_gives_error_reports_for_garbage() {
    let json = kiln_wasm::verifier::verify_report(b"\x00 no badge", "").unwrap();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(report["verdict"], "error");
    assert!(report["error"]["code"].is_string());
}

#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn verify_report_uses_the_js_clock_and_accepts_known_options() {
    for options in [
        "",
        "{}",
        r#"{"now": 1700000000000}"#,
        r#"{"trust": []}"#,
        r#"{"fetch": false}"#,
    ] {
        assert!(
            kiln_wasm::verifier::verify_report(b"x", options).is_ok(),
            "{options}"
        );
    }
}

#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn bad_options_throw_errors_with_a_code() {
    let error = kiln_wasm::verifier::verify_report(b"x", r#"{"nwo": 1}"#).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&error), "bad-options");
    assert!(message_of(&error).contains("nwo"));
}

#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn extract_credential_throws_for_plain_text() {
    let error = kiln_wasm::verifier::extract_credential(b"plain text").unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert!(!code_of(&error).is_empty());
}

#[cfg(feature = "issuer")]
#[wasm_bindgen_test]
fn issuer_bindings_check_their_options() {
    let error = kiln_wasm::issuer::bake_badge_bytes(b"", "{}", r#"{"ob3": true}"#).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&error), "bad-options");
    let error =
        kiln_wasm::issuer::sign_credential_json("{}", "{}", r#"{"suite": "rsa"}"#).unwrap_err();
    assert_eq!(code_of(&error), "bad-options");
    assert!(message_of(&error).contains("rsa"));
}

#[cfg(feature = "issuer")]
#[wasm_bindgen_test]
fn generate_key_takes_a_key_type() {
    let p256 = kiln_wasm::issuer::generate_key(Some(r#"{"type": "p256"}"#.to_owned())).unwrap();
    assert!(p256.contains("\"did:key:zDn"), "{p256}");
    let ed25519 = kiln_wasm::issuer::generate_key(None).unwrap();
    assert!(ed25519.contains("\"did:key:z6Mk"), "{ed25519}");
    let error = kiln_wasm::issuer::generate_key(Some(r#"{"type": "rsa"}"#.to_owned())).unwrap_err();
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&error), "key-type-unsupported");
    let error =
        kiln_wasm::issuer::generate_key(Some(r#"{"kind": "p256"}"#.to_owned())).unwrap_err();
    assert_eq!(code_of(&error), "bad-options");
    let error = kiln_wasm::issuer::derive_credential_json("{}", r#"{"revael": []}"#).unwrap_err();
    assert_eq!(code_of(&error), "bad-options");
}

#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn verify_round_returns_report_and_needs() {
    let json = kiln_wasm::verifier::verify_round(b"x", r#"{"fetch": true}"#, "[]", true).unwrap();
    let out: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(out["report"]["verdict"], "error");
    assert!(out["needs"].is_array());
    let error = kiln_wasm::verifier::verify_round(b"x", "", r#"[{"url": "u"}]"#, true).unwrap_err();
    assert_eq!(code_of(&error), "bad-fetched");
}

/// The compact build (`verifier` alone) names `json-ld-full` in the
/// report's `needs` for a credential with a compact IRI as a key, and says
/// what was beyond it; a build with the full processor (`verifier-full`,
/// `issuer`) checks it itself and needs nothing. A credential within the
/// compact processor needs nothing in either build.
#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn report_needs_json_ld_full_only_from_the_compact_build() {
    let full = cfg!(any(feature = "verifier-full", feature = "issuer"));
    let inline = r#"{
      "@context": ["https://www.w3.org/ns/credentials/v2", {"ex": "https://example.org/"}],
      "type": ["VerifiableCredential"],
      "issuer": "did:key:z6MkhEU7AbhbsiGfvzRxtSZzrJwCJYhYoqPb2ebuTsi5TgDF",
      "ex:colour": "blue",
      "credentialSubject": {"id": "did:example:subject"}
    }"#;
    english();
    let json = kiln_wasm::verifier::verify_report(inline.as_bytes(), "").unwrap();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    if full {
        assert!(report.get("needs").is_none(), "{report}");
    } else {
        assert_eq!(
            report["needs"],
            serde_json::json!(["json-ld-full"]),
            "{report}"
        );
        let safe = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["check"] == "jsonld-safe")
            .unwrap();
        assert_eq!(safe["outcome"], "skipped", "{report}");
        assert!(
            safe["detail"]
                .as_str()
                .unwrap()
                .contains("a compact or absolute IRI as a key (\"ex:colour\")"),
            "{report}"
        );
    }
    let plain = r#"{
      "@context": ["https://www.w3.org/ns/credentials/v2"],
      "type": ["VerifiableCredential"],
      "issuer": "did:key:z6MkhEU7AbhbsiGfvzRxtSZzrJwCJYhYoqPb2ebuTsi5TgDF",
      "credentialSubject": {"id": "did:example:subject"}
    }"#;
    let json = kiln_wasm::verifier::verify_report(plain.as_bytes(), "").unwrap();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(report.get("needs").is_none(), "{report}");
}

/// The English catalog the verifier API gives the module as it loads it.
#[cfg(feature = "verifier")]
fn english() {
    kiln_wasm::verifier::set_messages(include_str!("../../../web/lib/i18n/messages.en.json"))
        .unwrap();
}

/// A catalog that is not a JSON object of strings is refused by name; the
/// catalog given before stays.
#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn set_messages_refuses_what_is_not_a_catalog() {
    for bad in ["", "[]", "{\"proof.valid\": 1}", "{"] {
        let e = kiln_wasm::verifier::set_messages(bad).unwrap_err();
        assert_eq!(code_of(&e), "json-malformed", "{bad}");
    }
    english();
}

#[cfg(feature = "verifier")]
#[path = "../../kiln-core/tests/attack_cases/mod.rs"]
mod attack_cases;

/// The browser module gives the same answers as the core to the attacks of
/// kiln-core's `attacks.rs`: a published credential rewritten so that its
/// signed dataset stays the same while what its JSON shows changes never
/// reads "verified", and the original does.
#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn rewritten_credentials_never_read_verified() {
    const NOW_MS: &str = r#"{"now": 1780272000000}"#; // 2026-06-01
    let published = [
        (
            include_str!("../../../tests/fixtures/verify/dcc-v2-rdfc-didkey-basic.json"),
            "verified",
        ),
        (
            include_str!("../../../tests/fixtures/verify/dcc-v2-ed25519-didkey.json"),
            "verified",
        ),
        (
            include_str!("../../../tests/fixtures/verify/x-dcc-v1-ed25519-expired.json"),
            "invalid",
        ),
    ];
    let mut tried = 0;
    for (text, expected) in published {
        let report: serde_json::Value = serde_json::from_str(
            &kiln_wasm::verifier::verify_report(text.as_bytes(), NOW_MS).unwrap(),
        )
        .unwrap();
        assert_eq!(report["verdict"], expected, "{report}");
        let doc: serde_json::Value = serde_json::from_str(text).unwrap();
        for (name, attack) in attack_cases::rewrites(&doc) {
            tried += 1;
            let bytes = serde_json::to_vec(&attack).unwrap();
            let json = kiln_wasm::verifier::verify_report(&bytes, NOW_MS).unwrap();
            let report: serde_json::Value = serde_json::from_str(&json).unwrap();
            assert_ne!(report["verdict"], "verified", "{name}: {report}");
        }
    }
    assert!(tried >= 30, "{tried} attacks tried");
}

/// The browser module refuses the bombs and floods the core refuses: an SVG
/// entity bomb (behind a processing instruction, so a text scan misses it),
/// a credential of more JSON values than the limit, and duplicate members,
/// each as an `error` report naming the cause.
#[cfg(feature = "verifier")]
#[wasm_bindgen_test]
fn bombs_and_floods_are_refused_by_name() {
    let mut laughs = String::from("<!ENTITY a \"ha\">");
    for i in 1..10 {
        let prev = if i == 1 {
            "a".to_owned()
        } else {
            format!("l{}", i - 1)
        };
        laughs.push_str(&format!(
            "<!ENTITY l{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    let svg = format!(
        "<?xml version=\"1.0\"?><?x <!DOCTYPE no>?><!DOCTYPE svg [{laughs}]>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">\
         <openbadges:credential><![CDATA[{{\"name\": \"&l9;\"}}]]></openbadges:credential></svg>"
    );
    let many = format!("{{\"@context\": [{}]}}", vec!["1"; 60_000].join(","));
    let duplicate =
        r#"{"@context": ["https://www.w3.org/ns/credentials/v2"], "name": "a", "name": "b"}"#;
    for (input, code) in [
        (svg.as_bytes(), "svg-dtd-subset"),
        (many.as_bytes(), "json-too-many-nodes"),
        (duplicate.as_bytes(), "json-duplicate-member"),
    ] {
        let json = kiln_wasm::verifier::verify_report(input, "").unwrap();
        let report: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(report["verdict"], "error", "{code}: {report}");
        assert_eq!(report["error"]["code"], code, "{report}");
    }
}
