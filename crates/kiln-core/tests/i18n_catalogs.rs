//! The report's sentences and the message catalogs of `web/lib/i18n/`.
//!
//! Every message id of kiln-core (and `error.CODE` of every error code) has
//! an entry in each catalog with the same `{param}` names; the English
//! catalog is generated from the table of `verify::messages` (regenerate it
//! with `KILN_WRITE_CATALOG=1 cargo test -p kiln-core --test all i18n`); and
//! for every report the fixtures give, the English catalog rendered with a
//! check's (warning's, identity's) parameters is its English sentence.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use kiln_core::verify::{self, Fetched, Message, Report, TEMPLATES, VerifyOptions, message};

/// The languages of the catalogs.
pub const LANGS: [&str; 4] = ["en", "fr", "de", "es"];

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn catalog_path(lang: &str) -> PathBuf {
    root().join(format!("web/lib/i18n/messages.{lang}.json"))
}

/// What `messages.en.json` must hold: the table and every error code's sentence.
fn english() -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = TEMPLATES
        .iter()
        .map(|(id, t)| ((*id).to_owned(), (*t).to_owned()))
        .collect();
    for code in kiln_core::Code::ALL {
        out.insert(
            message::error_id(*code),
            message::error_template(*code).to_owned(),
        );
    }
    out
}

fn read_catalog(lang: &str) -> BTreeMap<String, String> {
    let path = catalog_path(lang);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The English catalog as committed, read once.
fn english_catalog() -> &'static BTreeMap<String, String> {
    static CATALOG: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    CATALOG.get_or_init(|| read_catalog("en"))
}

#[test]
fn english_catalog_is_generated_from_the_table() {
    let want = english();
    if std::env::var_os("KILN_WRITE_CATALOG").is_some() {
        let text = serde_json::to_string_pretty(&want).unwrap() + "\n";
        std::fs::write(catalog_path("en"), text).unwrap();
    }
    assert!(
        read_catalog("en") == want,
        "web/lib/i18n/messages.en.json is stale: regenerate it with \
         KILN_WRITE_CATALOG=1 cargo test -p kiln-core --test all i18n"
    );
}

#[test]
fn every_catalog_has_every_id_with_the_same_params() {
    let en = english();
    assert!(en.len() > 300, "{} ids", en.len());
    for lang in LANGS {
        let cat = read_catalog(lang);
        for (id, template) in &en {
            let Some(t) = cat.get(id) else {
                panic!("messages.{lang}.json has no {id}");
            };
            let mut want = message::placeholders(template);
            let mut got = message::placeholders(t);
            want.sort_unstable();
            got.sort_unstable();
            assert_eq!(got, want, "messages.{lang}.json, {id}: {t:?}");
            assert!(!t.trim().is_empty(), "messages.{lang}.json, {id} is empty");
        }
        for id in cat.keys() {
            assert!(
                en.contains_key(id),
                "messages.{lang}.json has {id}, which Kiln never emits"
            );
        }
    }
}

/// Every `msg!("...")` id in the source of `verify`.
fn ids_in_source(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            ids_in_source(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            let mut rest = text.as_str();
            while let Some(at) = rest.find("msg!(") {
                rest = &rest[at + 5..];
                let trimmed = rest.trim_start();
                if let Some(lit) = trimmed.strip_prefix('"') {
                    let end = lit.find('"').unwrap();
                    out.push(lit[..end].to_owned());
                }
            }
        }
    }
}

#[test]
fn the_table_holds_every_id_the_source_uses_and_no_other() {
    let mut used = Vec::new();
    ids_in_source(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/verify"),
        &mut used,
    );
    assert!(used.len() > 150, "{} uses", used.len());
    for id in &used {
        assert!(
            message::template(id).is_some(),
            "{id} is used but not in the table"
        );
    }
    for (id, _) in TEMPLATES {
        assert!(
            used.iter().any(|u| u == id),
            "{id} is in the table but never used"
        );
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
                && id.contains('.'),
            "{id} is not a dotted lowercase id"
        );
    }
    let mut ids: Vec<&str> = TEMPLATES.iter().map(|(id, _)| *id).collect();
    let n = ids.len();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), n, "an id is in the table twice");
}

fn rendered(m: &Message) -> String {
    let template = english_catalog()
        .get(m.id)
        .unwrap_or_else(|| panic!("messages.en.json has no {}", m.id));
    message::render(template, &m.params, &message::english_date)
}

/// Checks that the English catalog renders every sentence of `report` (and
/// of its nested reports) as the report says it; returns how many.
pub fn assert_rendered(report: &Report) -> usize {
    let mut n = 0;
    for c in &report.checks {
        assert_eq!(
            rendered(&c.message),
            c.detail,
            "check {} ({})",
            c.check,
            c.message.id
        );
        n += 1;
    }
    assert_eq!(report.warnings.len(), report.warning_messages.len());
    for (w, m) in report.warnings.iter().zip(&report.warning_messages) {
        assert_eq!(&rendered(m), w, "warning {}", m.id);
        n += 1;
    }
    if let Some(i) = &report.identity {
        assert_eq!(rendered(&i.message), i.detail, "identity {}", i.message.id);
        n += 1;
    }
    if let Some(e) = &report.error {
        let id = message::error_id(e.code);
        assert!(english_catalog().contains_key(&id), "no {id}");
        assert_eq!(e.params.get("detail"), Some(e.message.as_str()));
        let json = serde_json::to_value(report).unwrap();
        assert_eq!(json["error"]["params"]["detail"], e.message.as_str());
    }
    for nested in report.credentials.iter().chain(&report.endorsements) {
        n += assert_rendered(nested);
    }
    n
}

fn fixture_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            fixture_files(&path, out);
        } else if !path
            .extension()
            .is_some_and(|e| e == "md" || e == "pem" || e == "jwe")
            && !path.to_string_lossy().contains("LICENSE")
        {
            out.push(path);
        }
    }
}

#[test]
fn fixtures_render_from_the_english_catalog() {
    let mut files = Vec::new();
    fixture_files(&root().join("tests/fixtures"), &mut files);
    assert!(files.len() > 40, "{} fixtures", files.len());
    let mut sentences = 0;
    let mut ids = std::collections::BTreeSet::new();
    for path in &files {
        let bytes = std::fs::read(path).unwrap();
        let at = VerifyOptions::at(NOW);
        let mut recipient = VerifyOptions::at(NOW);
        recipient.recipient = Some("learner@example.com".into());
        let mut online = VerifyOptions::at(NOW);
        online.online = true;
        for options in [VerifyOptions::default(), at, recipient] {
            let report = verify::verify_to_report(&bytes, &options);
            sentences += assert_rendered(&report);
            ids.extend(report.checks.iter().map(|c| c.message.id));
        }
        let report = verify::verify_online(&bytes, &online, &mut |url| {
            Fetched::Failed(format!("{url} is offline in this test"))
        })
        .unwrap_or_else(|e| Report::from_error(&e));
        sentences += assert_rendered(&report);
        ids.extend(report.checks.iter().map(|c| c.message.id));
        let json = serde_json::to_value(&report).unwrap();
        for c in json["checks"].as_array().into_iter().flatten() {
            assert!(c["message"]["id"].is_string(), "{}: {c}", path.display());
            assert!(
                c["message"]["params"].is_object(),
                "{}: {c}",
                path.display()
            );
        }
        assert!(json["warningMessages"].is_array(), "{}", path.display());
    }
    assert!(sentences > 200, "{sentences} sentences");
    // Without JSON-LD (no features) the RDF suites' checks are "not built", so fewer sentences
    // show: the corpus still has to reach a good share of the table either way.
    let floor = if cfg!(feature = "jsonld-compact") {
        30
    } else {
        20
    };
    assert!(ids.len() > floor, "{} ids: {ids:?}", ids.len());
}

#[test]
fn dates_are_rfc3339_params_and_english_dates_in_the_detail() {
    let path = root().join("tests/fixtures/verify/x-1edtech-simple-err-expired.json");
    let bytes = std::fs::read(path).unwrap();
    let report = verify::verify_to_report(&bytes, &VerifyOptions::at(NOW));
    let validity = report.check("validity").unwrap();
    let date = validity.message.params.get("date").unwrap();
    let b = date.as_bytes();
    assert!(
        b.len() == 20 && b[4] == b'-' && b[10] == b'T' && b[19] == b'Z',
        "{date} is not RFC 3339"
    );
    assert_ne!(message::english_date(date), date, "{date} reads as a date");
    assert!(!validity.detail.contains(date), "{}", validity.detail);
    assert_eq!(rendered(&validity.message), validity.detail);
}
