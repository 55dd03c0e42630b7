//! `kiln issue`: a class of recipients from a CSV becomes signed, baked badges
//! that verify, with a manifest; bad rows are reported while good rows go on.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::{kiln, repo, scratch};
use kiln_core::container;
use kiln_core::verify::{self, Verdict, VerifyOptions};
use std::path::{Path, PathBuf};
use std::process::Output;

const ACHIEVEMENT: &str = r#"{
  "id": "https://example.edu/achievements/robotics-2",
  "type": ["Achievement"],
  "name": "Robotics Level 2",
  "description": "Builds and programs a line-following robot.",
  "criteria": {"narrative": "Pass the practical assessment."}
}"#;

struct Setup {
    dir: PathBuf,
    key: String,
    achievement: String,
}

fn setup(tag: &str) -> Setup {
    let dir = scratch(tag);
    let key = dir.join("key.json");
    assert!(
        kiln(&["keygen", "-o", key.to_str().unwrap()])
            .status
            .success()
    );
    let achievement = dir.join("achievement.json");
    std::fs::write(&achievement, ACHIEVEMENT).unwrap();
    Setup {
        key: key.to_str().unwrap().into(),
        achievement: achievement.to_str().unwrap().into(),
        dir,
    }
}

fn issue(s: &Setup, csv: &str, extra: &[&str]) -> (Output, PathBuf) {
    let recipients = s.dir.join("recipients.csv");
    std::fs::write(&recipients, csv).unwrap();
    let out = s.dir.join("out");
    let template = repo("crates/kiln-render/templates/hexagon.svg");
    let mut args = vec![
        "issue",
        "--template",
        template.to_str().unwrap(),
        "--key",
        &s.key,
        "--achievement",
        &s.achievement,
        "--recipients",
        recipients.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--issuer-name",
        "Académie Ωmega",
    ];
    args.extend_from_slice(extra);
    (kiln(&args), out)
}

fn manifest(out: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(out.join("manifest.csv"))
        .unwrap()
        .records()
        .map(Result::unwrap)
        .collect()
}

fn verify_file(path: &Path) -> verify::Report {
    let bytes = std::fs::read(path).unwrap();
    verify::verify(&bytes, &VerifyOptions::at(kiln_now())).unwrap()
}

fn kiln_now() -> i64 {
    i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
        + 60
}

#[test]
fn a_thousand_recipients_become_a_thousand_verifying_badges() {
    let s = setup("thousand");
    let mut csv = String::from("name,email\n");
    for i in 0..1000 {
        csv.push_str(&format!("Learner {i} Ünïcødé,learner{i}@example.org\n"));
    }
    let (out, dir) = issue(&s, &csv, &["--format", "svg", "--suite", "eddsa-jcs-2022"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = manifest(&dir);
    assert_eq!(rows.len(), 1000);
    let mut ids = std::collections::BTreeSet::new();
    for row in &rows {
        assert_eq!(&row[3], "issued", "{row:?}");
        let report = verify_file(&dir.join(&row[1]));
        assert_eq!(
            report.verdict,
            Verdict::Verified,
            "{}: {:?}",
            &row[1],
            report.checks
        );
        let cred = report.credential.unwrap();
        assert_eq!(cred["id"], row[2]);
        assert!(ids.insert(row[2].to_owned()), "credential ids are unique");
    }
    // Again into the same folder: refused without --resume, naming it.
    let (again, _) = issue(&s, &csv, &["--format", "svg", "--suite", "eddsa-jcs-2022"]);
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("not empty") && stderr.contains("--resume"),
        "{stderr}"
    );
    // --resume writes nothing new: the manifest still lists each row once.
    let (again, _) = issue(
        &s,
        &csv,
        &["--format", "svg", "--suite", "eddsa-jcs-2022", "--resume"],
    );
    assert!(again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("issued 0, skipped 1000 (issued before)"),
        "{stderr}"
    );
    assert_eq!(manifest(&dir).len(), 1000);
    assert!(manifest(&dir).iter().all(|r| &r[3] == "issued"));
    assert_eq!(
        manifest(&dir)
            .iter()
            .map(|r| r[2].to_owned())
            .collect::<std::collections::BTreeSet<_>>(),
        ids
    );
}

#[test]
fn png_badges_with_accents_greek_cyrillic_and_xml_specials_verify_and_carry_the_hashed_email() {
    let s = setup("png");
    let csv = "\u{feff}name,email,cohort\r\nZoë Ångström,Zoe@Example.org,2026\r\nΣωκράτης Παπαδόπουλος,,2026\r\nИван Петров,ivan@example.org,2025\r\n\"Tom & Jerry <the \"\"cat\"\">\",,x\r\n";
    let (out, dir) = issue(&s, csv, &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = manifest(&dir);
    assert_eq!(rows.len(), 4);
    for row in &rows {
        let path = dir.join(&row[1]);
        let bytes = std::fs::read(&path).unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(&bytes));
        let reader = decoder.read_info().expect("a valid PNG");
        assert_eq!(reader.info().width, 512);
        let report = verify_file(&path);
        assert_eq!(report.verdict, Verdict::Verified, "{:?}", report.checks);
        assert_eq!(
            report.credential.as_ref().unwrap()["proofType"],
            "DataIntegrityProof (eddsa-rdfc-2022)"
        );
    }
    let first = container::unbake(
        &std::fs::read(dir.join(&rows[0][1])).unwrap(),
        &Default::default(),
    )
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&first.payload).unwrap();
    let subject = &doc["credentialSubject"];
    assert_eq!(subject["name"], "Zoë Ångström");
    let identity = &subject["identifier"][0];
    assert_eq!(identity["identityType"], "emailAddress");
    assert_eq!(identity["hashed"], true);
    let salt = identity["salt"].as_str().unwrap();
    assert_eq!(
        identity["identityHash"],
        kiln_core::credential::identity_hash("zoe@example.org", salt)
    );
    let fourth: serde_json::Value = serde_json::from_str(
        &container::unbake(
            &std::fs::read(dir.join(&rows[3][1])).unwrap(),
            &Default::default(),
        )
        .unwrap()
        .payload,
    )
    .unwrap();
    assert_eq!(
        fourth["credentialSubject"]["name"],
        "Tom & Jerry <the \"cat\">"
    );
}

#[test]
fn bad_rows_are_reported_and_the_good_rows_still_issued() {
    let s = setup("bad");
    let csv = "name,email\nAnn,ann@example.org\n,nobody@example.org\nBob,not-an-email\nCarl,carl@example.org,extra\nDora,\n";
    let (out, dir) = issue(&s, csv, &["--format", "svg"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for row in [
        "row 2: has no name",
        "row 3: has an email address that is not valid",
        "row 4: has 3 fields",
    ] {
        assert!(stderr.contains(row), "{row} in {stderr}");
    }
    let rows = manifest(&dir);
    let status: Vec<&str> = rows
        .iter()
        .map(|r| {
            if r[3].starts_with("failed") {
                "failed"
            } else {
                &r[3]
            }
        })
        .collect();
    assert_eq!(status, ["issued", "failed", "failed", "failed", "issued"]);
    for row in rows.iter().filter(|r| &r[3] == "issued") {
        assert_eq!(verify_file(&dir.join(&row[1])).verdict, Verdict::Verified);
    }
}

#[test]
fn a_missing_name_column_stops_before_issuing() {
    let s = setup("stop");
    let (out, dir) = issue(&s, "email\nx@example.org\n", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no \"name\" column")
    );
    assert!(!dir.join("manifest.csv").exists());
}

#[test]
fn a_pattern_with_an_undefined_term_stops_before_issuing_naming_it() {
    let s = setup("undefined");
    std::fs::write(
        &s.achievement,
        ACHIEVEMENT.replace(
            "\"name\": \"Robotics Level 2\",",
            "\"name\": \"Robotics Level 2\", \"levelColour\": \"red\",",
        ),
    )
    .unwrap();
    let (out, dir) = issue(&s, "name\nAnn\n", &["--format", "svg"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("levelColour"), "{stderr}");
    assert!(!dir.join("manifest.csv").exists());
}

#[test]
fn status_list_indexes_follow_the_row_numbers() {
    let s = setup("status");
    let list = "https://example.edu/status/1";
    let (out, dir) = issue(
        &s,
        "name\nAnn\n\nBob\nCid\n",
        &[
            "--format",
            "svg",
            "--status-list",
            list,
            "--status-index",
            "100",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = manifest(&dir);
    let indexes: Vec<String> = rows
        .iter()
        .map(|r| {
            let baked = container::unbake(
                &std::fs::read(dir.join(&r[1])).unwrap(),
                &Default::default(),
            )
            .unwrap();
            let doc: serde_json::Value = serde_json::from_str(&baked.payload).unwrap();
            assert_eq!(doc["credentialStatus"]["statusListCredential"], list);
            assert_eq!(doc["credentialStatus"]["type"], "BitstringStatusListEntry");
            doc["credentialStatus"]["statusListIndex"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(indexes, ["100", "101", "102"]);
}

#[test]
fn qr_writes_each_badges_verification_link_code_beside_it() {
    let s = setup("qr");
    let base = "https://badges.example.org/verify/";
    let (out, dir) = issue(
        &s,
        "name\nAnn Lee\nBo Chen\n",
        &["--format", "svg", "--qr", "--link-base", base],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = manifest(&dir);
    assert_eq!(rows.len(), 2);
    for r in &rows {
        let badge = dir.join(&r[1]);
        let code = dir.join("qr").join(&r[1]);
        let written =
            std::fs::read_to_string(&code).unwrap_or_else(|e| panic!("{}: {e}", code.display()));
        assert!(written.starts_with("<svg") || written.starts_with("<?xml"));
        // The same code `kiln qr` makes from the badge, for the same verify page.
        let alone = dir.join("alone.svg");
        let o = kiln(&[
            "qr",
            badge.to_str().unwrap(),
            "--base",
            base,
            "-o",
            alone.to_str().unwrap(),
        ]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(
            written,
            std::fs::read_to_string(&alone).unwrap(),
            "{}",
            &r[1]
        );
        std::fs::remove_file(&alone).unwrap();
    }
    // Without --qr, no qr/ folder; --link-base alone is refused.
    let (plain, plain_dir) = issue(&setup("qr-none"), "name\nAnn Lee\n", &["--format", "svg"]);
    assert!(plain.status.success());
    assert!(!plain_dir.join("qr").exists());
    let (refused, _) = issue(&setup("qr-base"), "name\nAnn Lee\n", &["--link-base", base]);
    assert!(!refused.status.success());
}
