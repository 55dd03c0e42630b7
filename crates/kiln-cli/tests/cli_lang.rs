//! `kiln verify --lang`: the report for people in French (German, Spanish)
//! from the message catalogs; `--json` is the same in every language; an
//! unknown language is a usage error naming the languages.

use crate::common;
use common::{kiln, repo};
use serde_json::Value;

const AT: &str = "2026-06-01T00:00:00Z";

fn verify(extra: &[&str], file: &str) -> std::process::Output {
    let path = repo(&format!("tests/fixtures/verify/{file}"));
    let mut args = vec!["verify", "--offline", "--at", AT];
    args.extend_from_slice(extra);
    args.push(path.to_str().unwrap());
    kiln(&args)
}

fn catalog(lang: &str) -> serde_json::Map<String, Value> {
    let text =
        std::fs::read_to_string(repo(&format!("web/lib/i18n/messages.{lang}.json"))).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn french_report_renders_every_check_from_the_catalog() {
    // Expired, signed with did:key: the proof passes and the validity check fails.
    let file = "x-dcc-v1-ed25519-expired.json";
    let json_out = verify(&["--json"], file);
    let report: Value = serde_json::from_slice(&json_out.stdout).unwrap();
    let out = verify(&["--lang", "fr"], file);
    assert_eq!(out.status.code(), json_out.status.code());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("NON VALIDE : "), "{text}");
    assert!(
        text.contains("Ce badge a expiré le 9 janvier 2025."),
        "{text}"
    );
    let fr = catalog("fr");
    let checks = report["checks"].as_array().unwrap();
    assert!(checks.len() >= 5, "{checks:?}");
    for c in checks {
        let detail = c["detail"].as_str().unwrap();
        let id = c["message"]["id"].as_str().unwrap();
        let template = fr[id].as_str().unwrap();
        // The text of the French sentence up to its first parameter.
        let lead = template.split('{').next().unwrap();
        assert!(!lead.is_empty(), "{id}");
        assert!(text.contains(lead), "{id}: {lead:?} not in\n{text}");
        assert!(
            !text.contains(detail),
            "{id}: English {detail:?} in\n{text}"
        );
        // Every parameter that is not a date is shown as it is.
        for (name, value) in c["message"]["params"].as_object().unwrap() {
            if name != "date" && !name.ends_with("Date") {
                assert!(text.contains(value.as_str().unwrap()), "{id}: {name}");
            }
        }
    }
    let identity = report["identity"]["message"]["id"].as_str().unwrap();
    let lead = fr[identity].as_str().unwrap().split('{').next().unwrap();
    assert!(text.contains("Identité:"), "{text}");
    assert!(text.contains(lead), "{identity}: {lead:?} not in\n{text}");
}

#[test]
fn german_and_spanish_too_and_english_by_default() {
    let file = "x-dcc-v1-ed25519-expired.json";
    let de = String::from_utf8(verify(&["--lang", "de"], file).stdout).unwrap();
    assert!(
        de.contains("Dieses Badge ist am 9. Januar 2025 abgelaufen."),
        "{de}"
    );
    let es = String::from_utf8(verify(&["--lang", "es"], file).stdout).unwrap();
    assert!(
        es.contains("Esta insignia caducó el 9 de enero de 2025."),
        "{es}"
    );
    let default = verify(&[], file).stdout;
    let en = verify(&["--lang", "en"], file).stdout;
    assert_eq!(default, en);
    let en = String::from_utf8(en).unwrap();
    assert!(en.contains("This badge expired on 9 January 2025."), "{en}");
}

#[test]
fn json_is_the_same_in_every_language() {
    let file = "dcc-v2-rdfc-didkey-basic.json";
    let plain = verify(&["--json"], file).stdout;
    for lang in ["fr", "de", "es"] {
        assert_eq!(
            verify(&["--json", "--lang", lang], file).stdout,
            plain,
            "{lang}"
        );
    }
    let report: Value = serde_json::from_slice(&plain).unwrap();
    assert_eq!(
        report["warningMessages"].as_array().map(Vec::len),
        report["warnings"].as_array().map(Vec::len)
    );
}

#[test]
fn an_unknown_language_is_a_usage_error_naming_the_languages() {
    let out = verify(&["--lang", "it"], "dcc-v2-rdfc-didkey-basic.json");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    for lang in ["en", "fr", "de", "es"] {
        assert!(err.contains(lang), "{lang} not named in {err}");
    }
    assert!(out.stdout.is_empty());
}

#[test]
fn an_unreadable_badge_is_said_in_french_with_its_detail() {
    let dir = common::scratch("lang-unreadable");
    let path = dir.join("empty.json");
    std::fs::write(&path, "").unwrap();
    let out = kiln(&[
        "verify",
        "--offline",
        "--lang",
        "fr",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    let fr = catalog("fr");
    let sentence = fr["error.empty-input"].as_str().unwrap();
    assert!(err.contains(sentence), "{err}");
    assert!(err.contains("the input is empty"), "{err}");
}
