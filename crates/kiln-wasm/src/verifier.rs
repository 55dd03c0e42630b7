//! The verifier module: verification reports and credential extraction.

use crate::options::{self, VerifierOptions};
use crate::{core_calls, js};
use kiln_core::{Error, Limits};
use serde_json::{Value, json};
use wasm_bindgen::prelude::*;

/// The largest clock value accepted, in milliseconds: JavaScript's own
/// `Date` range (±8.64e15 ms).
const MAX_CLOCK_MS: f64 = 8.64e15;

/// Verifies a badge (PNG, SVG, JSON credential or compact JWS) offline and
/// returns the report as JSON text. `clock_ms` is the caller's clock, used
/// when the options give no `now`.
///
/// Bad options are an `Err`; input that cannot be read gives an `error`
/// report, not an `Err`.
pub fn verify_json(input: &[u8], options_json: &str, clock_ms: f64) -> Result<String, Error> {
    let options: VerifierOptions = options::parse("verifyBadge", options_json)?;
    let now = clock_seconds(options.now.unwrap_or(clock_ms))?;
    kiln_core::jsonld::take_full_processor_needed();
    let mut report = core_calls::verify_report(input, now);
    finish(&mut report, &options);
    to_text(&report)
}

/// One round of online verification: `fetched_json` is a JSON array of
/// `{"url", "status", "contentType"?, "body"}` (body as text) or
/// `{"url", "failed": reason}`. Returns `{"report": Report, "needs": [url]}`:
/// the caller fetches the URLs in `needs` and runs another round, up to
/// `last_round`, on which anything still missing is reported as not checked.
pub fn verify_round_json(
    input: &[u8],
    options_json: &str,
    fetched_json: &str,
    last_round: bool,
    clock_ms: f64,
) -> Result<String, Error> {
    let options: VerifierOptions = options::parse("verifyBadge", options_json)?;
    let now = clock_seconds(options.now.unwrap_or(clock_ms))?;
    let fetched = parse_fetched(fetched_json)?;
    let online = options.fetch == Some(true);
    let allow_http_localhost = options.allow_http_localhost == Some(true);
    kiln_core::jsonld::take_full_processor_needed();
    let (mut report, needs) = core_calls::verify_round(
        input,
        now,
        online,
        allow_http_localhost,
        fetched,
        last_round,
    );
    finish(&mut report, &options);
    to_text(&json!({ "report": report, "needs": needs }))
}

fn clock_seconds(now_ms: f64) -> Result<i64, Error> {
    if !now_ms.is_finite() || now_ms.abs() > MAX_CLOCK_MS {
        return Err(Error::misuse(
            "bad-options",
            format!("options of verifyBadge: now is {now_ms}, not a time JavaScript can represent"),
        ));
    }
    // In range by the check above, so the conversion is exact.
    Ok((now_ms / 1000.0).floor() as i64)
}

fn finish(report: &mut Value, options: &VerifierOptions) {
    if let Some(trust) = &options.trust {
        apply_trust(report, trust);
    }
}

fn to_text(value: &Value) -> Result<String, Error> {
    serde_json::to_string(value).map_err(|e| {
        Error::misuse(
            "report-unwritable",
            format!("the report could not be written as JSON: {e}"),
        )
    })
}

/// One fetched document as the JS wrapper passes it.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FetchedEntry {
    url: String,
    status: Option<u16>,
    content_type: Option<String>,
    body: Option<String>,
    failed: Option<String>,
}

fn parse_fetched(json: &str) -> Result<Vec<(String, core_calls::FetchedDoc)>, Error> {
    let trimmed = json.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let entries: Vec<FetchedEntry> = serde_json::from_str(trimmed).map_err(|e| {
        Error::misuse(
            "bad-fetched",
            format!("fetched documents of verifyBadge: {e}"),
        )
    })?;
    entries
        .into_iter()
        .map(|e| {
            let doc = match (e.failed, e.status) {
                (Some(reason), None) => core_calls::FetchedDoc::Failed(reason),
                (None, Some(status)) => core_calls::FetchedDoc::Response(
                    status,
                    e.content_type,
                    e.body.unwrap_or_default().into_bytes(),
                ),
                _ => {
                    return Err(Error::misuse(
                        "bad-fetched",
                        format!(
                            "fetched document {}: give either status and body, or failed",
                            e.url
                        ),
                    ));
                }
            };
            Ok((e.url, doc))
        })
        .collect()
}

/// Adds a `trust` check: passed when the credential's issuer id is on the
/// caller's list, failed otherwise (which makes the verdict `invalid`).
/// Reports with an `error` verdict are left as they are.
fn apply_trust(report: &mut Value, trust: &[String]) {
    if report.get("verdict").and_then(Value::as_str) == Some("error") {
        return;
    }
    let issuer = report
        .pointer("/credential/issuer/id")
        .and_then(Value::as_str)
        .map(str::to_string);
    let (outcome, detail) = match &issuer {
        Some(id) if trust.iter().any(|t| t == id) => (
            "passed",
            format!("the issuer {id} is on the list of trusted issuers"),
        ),
        Some(id) => (
            "failed",
            format!("the issuer {id} is not on the list of trusted issuers"),
        ),
        None => (
            "failed",
            "the credential names no issuer id to look up in the list of trusted issuers"
                .to_string(),
        ),
    };
    let Some(obj) = report.as_object_mut() else {
        return;
    };
    let checks = obj.entry("checks").or_insert_with(|| json!([]));
    if let Some(list) = checks.as_array_mut() {
        list.push(json!({ "check": "trust", "outcome": outcome, "detail": detail }));
    }
    if outcome == "failed" {
        obj.insert("verdict".to_string(), Value::String("invalid".to_string()));
    }
}

/// The credential text baked into a PNG or SVG badge, exactly as baked.
pub fn extract_credential_text(image: &[u8]) -> Result<String, Error> {
    core_calls::unbake_payload(image, &Limits::default())
}

/// Verifies `input` and returns the report as JSON text. `options` is the
/// JSON text of `VerifyOptions` (with `now` in milliseconds and `fetch` a
/// boolean); without `now`, the clock is `Date.now()`.
#[wasm_bindgen(js_name = verifyReport)]
pub fn verify_report(input: &[u8], options: &str) -> Result<String, JsValue> {
    verify_json(input, options, js_sys::Date::now()).map_err(|e| js::error(&e))
}

/// One round of online verification (see `verify_round_json`): returns
/// `{"report", "needs"}` as JSON text.
#[wasm_bindgen(js_name = verifyRound)]
pub fn verify_round(
    input: &[u8],
    options: &str,
    fetched: &str,
    last_round: bool,
) -> Result<String, JsValue> {
    verify_round_json(input, options, fetched, last_round, js_sys::Date::now())
        .map_err(|e| js::error(&e))
}

/// Whether the last `verifyReport` or `verifyRound` met JSON-LD beyond this
/// module's compact processor (the `verifier` module alone; never with the
/// `verifier-full` or `issuer` modules): its report is then "could not
/// check" for that reason, and the caller should verify again with the
/// `verifier-full` module. Reading it clears it.
#[wasm_bindgen(js_name = needsFullJsonLd)]
pub fn needs_full_jsonld() -> bool {
    kiln_core::jsonld::take_full_processor_needed()
}

/// The credential text baked into a PNG or SVG badge, exactly as baked.
#[wasm_bindgen(js_name = extractCredential)]
pub fn extract_credential(image: &[u8]) -> Result<String, JsValue> {
    extract_credential_text(image).map_err(|e| js::error(&e))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLOCK: f64 = 1_700_000_000_000.0;

    fn report(input: &[u8], options: &str) -> Value {
        serde_json::from_str(&verify_json(input, options, CLOCK).unwrap()).unwrap()
    }

    #[test]
    fn garbage_gives_an_error_report_with_a_code() {
        let r = report(b"\x00\x01 not a badge", "");
        assert_eq!(r["verdict"], "error");
        assert!(
            r["error"]["code"].as_str().is_some_and(|c| !c.is_empty()),
            "{r}"
        );
        assert!(
            r["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{r}"
        );
    }

    #[test]
    fn bad_options_are_errors_not_reports() {
        let e = verify_json(b"x", r#"{"unknown": 1}"#, CLOCK).unwrap_err();
        assert_eq!(e.code(), "bad-options");
        let e = verify_json(b"x", r#"{"now": 1e300}"#, CLOCK).unwrap_err();
        assert!(e.to_string().contains("now"), "{e}");
        assert!(verify_json(b"x", "", f64::NAN).is_err());
    }

    #[test]
    fn rounds_read_fetched_documents_and_return_report_and_needs() {
        let fetched = r#"[{"url": "https://a.example/x", "status": 200, "contentType": "application/json", "body": "{}"},
                          {"url": "https://b.example/y", "failed": "offline"}]"#;
        let out: Value = serde_json::from_str(
            &verify_round_json(b"x", r#"{"fetch": true}"#, fetched, false, CLOCK).unwrap(),
        )
        .unwrap();
        assert_eq!(out["report"]["verdict"], "error");
        assert!(out["needs"].is_array());
        let parsed = parse_fetched(fetched).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(
            parsed[1],
            (
                "https://b.example/y".to_string(),
                core_calls::FetchedDoc::Failed("offline".to_string())
            )
        );
    }

    #[test]
    fn bad_fetched_documents_are_errors() {
        for bad in [
            r#"{}"#,
            r#"[{"url": "u"}]"#,
            r#"[{"url": "u", "status": 200, "failed": "x"}]"#,
            r#"[{"url": "u", "status": 200, "extra": 1}]"#,
        ] {
            let e = verify_round_json(b"x", "", bad, false, CLOCK).unwrap_err();
            assert_eq!(e.code(), "bad-fetched", "{bad}");
        }
    }

    #[test]
    fn trust_list_passes_or_fails_the_issuer() {
        let base = json!({
            "verdict": "verified",
            "checks": [{ "check": "proof", "outcome": "passed", "detail": "ok" }],
            "warnings": [],
            "credential": { "format": "ob3", "issuer": { "id": "did:key:z6MkA" } }
        });
        let mut trusted = base.clone();
        apply_trust(&mut trusted, &["did:key:z6MkA".to_string()]);
        assert_eq!(trusted["verdict"], "verified");
        assert_eq!(trusted["checks"][1]["outcome"], "passed");

        let mut untrusted = base.clone();
        apply_trust(&mut untrusted, &["did:key:z6MkB".to_string()]);
        assert_eq!(untrusted["verdict"], "invalid");
        assert_eq!(untrusted["checks"][1]["check"], "trust");
        assert_eq!(untrusted["checks"][1]["outcome"], "failed");

        let mut error = json!({ "verdict": "error", "checks": [], "warnings": [] });
        apply_trust(&mut error, &[]);
        assert_eq!(error["verdict"], "error");
        assert_eq!(error["checks"].as_array().unwrap().len(), 0);
    }
}
