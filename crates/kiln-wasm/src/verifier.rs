//! The verifier module: verification reports and credential extraction.

use crate::options::VerifierOptions;
use crate::{core_calls, js};
use kiln_core::verify::{Documents, TrustList, TrustedIssuer};
use kiln_core::{Error, Limits};
use serde_json::Value;
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
    let options = VerifierOptions::parse("verifyBadge", options_json)?;
    let now = clock_seconds(options.now.unwrap_or(clock_ms))?;
    let trust = trust_list(options.trust.as_ref())?;
    let documents = pinned(options.documents.as_ref())?;
    let report = core_calls::verify_report(input, now, core_calls::Given { trust, documents });
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
    let options = VerifierOptions::parse("verifyBadge", options_json)?;
    let now = clock_seconds(options.now.unwrap_or(clock_ms))?;
    let fetched = parse_fetched(fetched_json)?;
    let online = options.fetch == Some(true);
    let allow_http_localhost = options.allow_http_localhost == Some(true);
    let trust = trust_list(options.trust.as_ref())?;
    let documents = pinned(options.documents.as_ref())?;
    let (report, needs) = core_calls::verify_round(
        input,
        now,
        online,
        allow_http_localhost,
        fetched,
        last_round,
        core_calls::Given { trust, documents },
    );
    // Built member by member, not with `json!`: serde's value serializer
    // would bring its sequence code for `Vec<String>` into the module.
    let mut round = serde_json::Map::new();
    round.insert("report".into(), report);
    round.insert("needs".into(), needs.into());
    to_text(&Value::Object(round))
}

fn clock_seconds(now_ms: f64) -> Result<i64, Error> {
    if !now_ms.is_finite() || now_ms.abs() > MAX_CLOCK_MS {
        return Err(Error::misuse(
            kiln_core::Code::BadOptions,
            // The number itself is not printed: formatting a float would link
            // core's float printing (about 14 KB of wasm) for this one message.
            "options of verifyBadge: now is not a time JavaScript can represent (a finite number of milliseconds within ±8.64e15)",
        ));
    }
    // In range by the check above, so the conversion is exact.
    Ok((now_ms / 1000.0).floor() as i64)
}

fn to_text(value: &Value) -> Result<String, Error> {
    kiln_core::credential::to_json_string(value).map_err(|e| {
        Error::misuse(
            kiln_core::Code::ReportUnwritable,
            format!("the report could not be written as JSON: {e}"),
        )
    })
}

/// One fetched document as the JS wrapper passes it.
#[derive(Debug, Default)]
struct FetchedEntry {
    url: String,
    status: Option<u16>,
    content_type: Option<String>,
    body: Option<String>,
    failed: Option<String>,
}

impl FetchedEntry {
    /// Reads one entry by hand, not with serde's derive, for the same reason
    /// as [`VerifierOptions::parse`]: no typed deserialization in the module.
    fn read(index: usize, value: Value) -> Result<FetchedEntry, Error> {
        let bad = |what: String| {
            Error::misuse(
                kiln_core::Code::BadFetched,
                format!("fetched documents of verifyBadge: entry {index}: {what}"),
            )
        };
        let Value::Object(members) = value else {
            return Err(bad("expected an object".into()));
        };
        let mut entry = FetchedEntry::default();
        let mut has_url = false;
        for (name, value) in members {
            let text = |value: Value| match value {
                Value::String(s) => Ok(s),
                _ => Err(bad(format!("`{name}` must be a string"))),
            };
            match name.as_str() {
                "url" => {
                    entry.url = text(value)?;
                    has_url = true;
                }
                "status" => {
                    let status = value.as_u64().and_then(|n| u16::try_from(n).ok());
                    entry.status = Some(
                        status
                            .ok_or_else(|| bad("`status` must be an HTTP status number".into()))?,
                    );
                }
                "contentType" => entry.content_type = Some(text(value)?),
                "body" => entry.body = Some(text(value)?),
                "failed" => entry.failed = Some(text(value)?),
                _ => {
                    return Err(bad(format!(
                        "unknown member `{name}`, expected one of `url`, `status`, `contentType`, `body`, `failed`"
                    )));
                }
            }
        }
        if !has_url {
            return Err(bad("missing member `url`".into()));
        }
        Ok(entry)
    }
}

fn parse_fetched(json: &str) -> Result<Vec<(String, core_calls::FetchedDoc)>, Error> {
    let trimmed = json.trim();
    if trimmed.is_empty() {
        return Ok(Vec::new());
    }
    let value = kiln_core::credential::read_json(
        trimmed,
        &kiln_core::Limits::default(),
        "the fetched documents of verifyBadge",
    )?;
    let Value::Array(items) = value else {
        return Err(Error::misuse(
            kiln_core::Code::BadFetched,
            "fetched documents of verifyBadge: expected an array",
        ));
    };
    let entries = items
        .into_iter()
        .enumerate()
        .map(|(i, v)| FetchedEntry::read(i, v))
        .collect::<Result<Vec<_>, _>>()?;
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
                        kiln_core::Code::BadFetched,
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

/// The `documents` option (in the small module: refused, since pinned
/// documents are read by verifier-full, which `verifyBadge` loads when the
/// option is given; the small module stays within its size budget).
#[cfg(not(feature = "verifier-full"))]
fn pinned(option: Option<&Value>) -> Result<Option<Documents>, Error> {
    match option {
        None => Ok(None),
        Some(_) => Err(Error::misuse(
            kiln_core::Code::BadOptions,
            "options of verifyBadge: documents: pinned documents are read by the verifier-full \
             module (verifyBadge loads it when this option is given)",
        )),
    }
}

/// The `documents` option as pinned documents (see
/// `kiln_core::verify::Documents`); a bad set is a `bad-options` error.
#[cfg(feature = "verifier-full")]
fn pinned(option: Option<&Value>) -> Result<Option<Documents>, Error> {
    let Some(value) = option else {
        return Ok(None);
    };
    Documents::from_json(&value.to_string(), &Limits::default())
        .map(Some)
        .map_err(|e| {
            Error::misuse(
                kiln_core::Code::BadOptions,
                format!("options of verifyBadge: documents: {e}"),
            )
        })
}

/// The `trust` option as a trust list: `{"name", "issuers": [{"id",
/// "name"?}]}` (the file `kiln verify --trust` reads), or an array of issuer
/// ids (a list named "trusted issuers"). It feeds the report's `identity`.
fn trust_list(option: Option<&Value>) -> Result<Option<TrustList>, Error> {
    let bad = |why: String| {
        Error::misuse(
            kiln_core::Code::BadOptions,
            format!("options of verifyBadge: trust: {why}"),
        )
    };
    match option {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(ids)) => {
            let issuers = ids
                .iter()
                .enumerate()
                .map(|(i, id)| match id.as_str() {
                    Some(id) if !id.is_empty() => Ok(TrustedIssuer {
                        id: id.to_string(),
                        name: None,
                    }),
                    _ => Err(bad(format!("item {i} is not an issuer id string"))),
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Ok(Some(TrustList {
                name: "trusted issuers".to_string(),
                issuers,
            }))
        }
        Some(list @ Value::Object(_)) => TrustList::from_value(list)
            .map(Some)
            .map_err(|e| bad(e.to_string())),
        Some(_) => Err(bad(
            "expected a trust list ({\"name\", \"issuers\": [{\"id\", \"name\"}]}) or an array of issuer ids".to_string(),
        )),
    }
}

/// The credential text baked into a PNG or SVG badge, exactly as baked.
pub fn extract_credential_text(image: &[u8]) -> Result<String, Error> {
    core_calls::unbake_payload(image, &Limits::default())
}

/// Verifies `input` and returns the report as JSON text. `options` is the
/// JSON text of `VerifyOptions` (with `now` in milliseconds and `fetch` a
/// boolean); without `now`, the clock is `Date.now()`. When the report's
/// `needs` is present (`json-ld-full`, `rs256`, `es256`), this module left
/// out what a check needed, and the `verifier-full` module can check it.
#[wasm_bindgen(js_name = verifyReport)]
pub fn verify_report(input: &[u8], options: &str) -> Result<String, JsValue> {
    verify_json(input, options, js::now_ms()).map_err(|e| js::error(&e))
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
    verify_round_json(input, options, fetched, last_round, js::now_ms()).map_err(|e| js::error(&e))
}

/// Gives the module the report's English sentences: `catalog` is the text
/// of `lib/i18n/messages.en.json`, which the verifier API passes once, as it
/// loads the module (the browser modules do not carry the sentences
/// themselves: the pages load that catalog anyway). Until then a report's
/// `detail`, `warnings` and error messages are message ids; the verdict and
/// every `message` are the same either way. The first catalog stays.
#[wasm_bindgen(js_name = setMessages)]
pub fn set_messages(catalog: &str) -> Result<(), JsValue> {
    kiln_core::verify::message::load_english(catalog).map_err(|e| js::error(&e))
}

/// The credential text baked into a PNG or SVG badge, exactly as baked.
#[wasm_bindgen(js_name = extractCredential)]
pub fn extract_credential(image: &[u8]) -> Result<String, JsValue> {
    extract_credential_text(image).map_err(|e| js::error(&e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
            r#"[{"url": "u", "status": "200", "body": ""}]"#,
            r#"[{"url": "u", "status": 70000, "body": ""}]"#,
            r#"[{"status": 200, "body": ""}]"#,
            r#"[{"url": 3, "failed": "x"}]"#,
            r#"[1]"#,
        ] {
            let e = verify_round_json(b"x", "", bad, false, CLOCK).unwrap_err();
            assert_eq!(e.code(), "bad-fetched", "{bad}");
        }
    }

    #[test]
    fn trust_lists_and_id_arrays_are_read_and_bad_ones_refused() {
        let list = json!({"name": "Example Universities", "issuers": [{"id": "did:key:z6MkA", "name": "Example U"}]});
        let read = trust_list(Some(&list)).unwrap().unwrap();
        assert_eq!(read.name, "Example Universities");
        assert_eq!(read.issuers[0].name.as_deref(), Some("Example U"));
        let ids = trust_list(Some(&json!(["did:key:z6MkA"])))
            .unwrap()
            .unwrap();
        assert_eq!(ids.issuers[0].id, "did:key:z6MkA");
        assert!(trust_list(None).unwrap().is_none());
        for bad in [
            json!("did:key:z"),
            json!([1]),
            json!([""]),
            json!({"issuers": []}),
            json!({"name": "x", "issuers": [{"name": "no id"}]}),
        ] {
            let e = trust_list(Some(&bad)).unwrap_err();
            assert_eq!(e.code(), "bad-options", "{bad}");
            assert!(e.to_string().contains("trust"), "{e}");
        }
        // Through the whole call: an unknown issuer is not an invalid badge.
        let r = report(
            b"x",
            r#"{"trust": {"name": "L", "issuers": [{"id": "did:key:z6MkA"}]}}"#,
        );
        assert_eq!(r["verdict"], "error");
        assert!(verify_json(b"x", r#"{"trust": {"name": "L"}}"#, CLOCK).is_err());
    }

    #[test]
    fn pinned_documents_are_read_and_bad_ones_refused() {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/wild");
        let docs = std::fs::read_to_string(dir.join("documents.json")).unwrap();
        let badge = std::fs::read(dir.join("dcc-v1-di-didweb.json")).unwrap();
        // 2026-01-01, after the badge was issued.
        let without = report(&badge, r#"{"now": 1767225600000}"#);
        assert_eq!(without["verdict"], "error", "{without}");
        let with = report(
            &badge,
            &format!(r#"{{"now": 1767225600000, "documents": {docs}}}"#),
        );
        assert_eq!(with["verdict"], "verified", "{with}");
        let e = verify_json(&badge, r#"{"documents": {"ftp://x": {}}}"#, CLOCK).unwrap_err();
        assert_eq!(e.code(), "bad-options");
        assert!(e.to_string().contains("documents"), "{e}");
    }
}
