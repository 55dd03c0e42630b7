//! `kiln issue` at scale: ten thousand rows in one run, a run killed part
//! way and resumed (each row issued once, no temporary file left), row
//! ranges issued apart making the same badges and status indexes as one
//! run, and a passphrase-protected key file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::{kiln, scratch};
use kiln_core::container;
use kiln_core::verify::{self, Verdict, VerifyOptions};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const KILN: &str = env!("CARGO_BIN_EXE_kiln");

const ACHIEVEMENT: &str = r#"{
  "id": "https://example.edu/achievements/robotics-2",
  "type": ["Achievement"],
  "name": "Robotics Level 2",
  "description": "Builds and programs a line-following robot.",
  "criteria": {"narrative": "Pass the practical assessment."}
}"#;

/// A small template: one line of text per placeholder, nothing to render
/// (the SVG runs do not rasterise).
const TEMPLATE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="#123"/><text x="10" y="40" font-family="DejaVu Sans" font-size="12" fill="#fff">{{recipient.name}}</text><text x="10" y="70" font-family="DejaVu Sans" font-size="10" fill="#fff">{{achievement.name}}</text></svg>"##;

struct Setup {
    dir: PathBuf,
    key: PathBuf,
    achievement: PathBuf,
    template: PathBuf,
    recipients: PathBuf,
}

fn setup(tag: &str, csv: &str) -> Setup {
    let dir = scratch(tag);
    let key = dir.join("key.json");
    assert!(
        kiln(&["keygen", "-o", key.to_str().unwrap()])
            .status
            .success()
    );
    let achievement = dir.join("achievement.json");
    std::fs::write(&achievement, ACHIEVEMENT).unwrap();
    let template = dir.join("template.svg");
    std::fs::write(&template, TEMPLATE).unwrap();
    let recipients = dir.join("recipients.csv");
    std::fs::write(&recipients, csv).unwrap();
    Setup {
        dir,
        key,
        achievement,
        template,
        recipients,
    }
}

/// `count` recipients, every seventh without an email.
fn class(count: usize) -> String {
    let mut csv = String::from("name,email\n");
    for i in 1..=count {
        if i % 7 == 0 {
            csv.push_str(&format!("Learner {i} Ångström,\n"));
        } else {
            csv.push_str(&format!("Learner {i} Ångström,learner{i}@example.org\n"));
        }
    }
    csv
}

impl Setup {
    fn command(&self, out: &Path, extra: &[&str]) -> Command {
        let mut cmd = Command::new(KILN);
        cmd.args(["issue", "--template"])
            .arg(&self.template)
            .arg("--key")
            .arg(&self.key)
            .arg("--achievement")
            .arg(&self.achievement)
            .arg("--recipients")
            .arg(&self.recipients)
            .arg("--out")
            .arg(out)
            .args(["--format", "svg", "--issuer-name", "Académie Ωmega"])
            .args(extra);
        cmd
    }

    fn issue(&self, out: &Path, extra: &[&str]) -> Output {
        self.command(out, extra).output().unwrap()
    }
}

fn ok(out: &Output) -> String {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

/// The manifest's rows: row number -> every line's (file, id, status).
fn manifest(out: &Path) -> BTreeMap<usize, Vec<(String, String, String)>> {
    let mut rows: BTreeMap<usize, Vec<_>> = BTreeMap::new();
    for r in csv::Reader::from_path(out.join("manifest.csv"))
        .unwrap()
        .records()
    {
        let r = r.unwrap();
        rows.entry(r[0].parse().unwrap()).or_default().push((
            r[1].to_owned(),
            r[2].to_owned(),
            r[3].to_owned(),
        ));
    }
    rows
}

/// The badge files in a folder (everything but the manifest and run.json).
fn badges(out: &Path) -> BTreeSet<String> {
    std::fs::read_dir(out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "manifest.csv" && n != "run.json")
        .collect()
}

fn credential(path: &Path) -> Value {
    let bytes = std::fs::read(path).unwrap();
    let baked = container::unbake(&bytes, &Default::default()).unwrap();
    serde_json::from_str(&baked.payload).unwrap()
}

fn verdict(path: &Path) -> Verdict {
    let now = i64::try_from(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
    .unwrap()
        + 60;
    verify::verify(&std::fs::read(path).unwrap(), &VerifyOptions::at(now))
        .unwrap()
        .verdict
}

#[test]
fn ten_thousand_rows_in_one_run() {
    let s = setup("scale-10k", &class(10_000));
    let out = s.dir.join("out");
    let started = Instant::now();
    let stderr = ok(&s.issue(&out, &["--suite", "eddsa-jcs-2022"]));
    eprintln!(
        "10,000 SVG badges in {:.1} s (debug build)",
        started.elapsed().as_secs_f64()
    );
    assert!(stderr.contains("issued 10000, skipped 0"), "{stderr}");
    let rows = manifest(&out);
    assert_eq!(rows.len(), 10_000);
    assert_eq!(
        rows.keys().copied().collect::<Vec<_>>(),
        (1..=10_000).collect::<Vec<_>>()
    );
    let files = badges(&out);
    assert_eq!(files.len(), 10_000);
    let mut ids = BTreeSet::new();
    for (number, lines) in &rows {
        let [(file, id, status)] = lines.as_slice() else {
            panic!("row {number} is listed {} times", lines.len());
        };
        assert_eq!(status, "issued");
        assert!(files.contains(file), "{file}");
        assert!(
            file.starts_with(&format!("{number:04}-learner-{number}-")),
            "{file}"
        );
        assert!(ids.insert(id.clone()), "ids are unique");
    }
    // A sample verifies and holds its row.
    for number in [1usize, 7, 4_999, 10_000] {
        let (file, id, _) = &rows[&number][0];
        let path = out.join(file);
        assert_eq!(verdict(&path), Verdict::Verified, "{file}");
        let doc = credential(&path);
        assert_eq!(doc["id"], id.as_str());
        assert_eq!(
            doc["credentialSubject"]["name"],
            format!("Learner {number} Ångström")
        );
        assert_eq!(
            doc["credentialSubject"].get("identifier").is_some(),
            number % 7 != 0
        );
    }
}

#[test]
fn a_killed_run_resumes_issuing_each_row_once() {
    const ROWS: usize = 3_000;
    let s = setup("scale-kill", &class(ROWS));
    let out = s.dir.join("out");
    let mut child = s
        .command(&out, &["--jobs", "1"])
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some badges are written (and before it is done).
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let written = std::fs::read_dir(&out).map_or(0, |d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".svg"))
            })
            .count()
        });
        if written >= 200 {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before it was killed"
        );
        assert!(Instant::now() < deadline, "no badges after two minutes");
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let before = badges(&out);
    let killed_at = before.iter().filter(|f| f.ends_with(".svg")).count();
    assert!(
        (200..ROWS).contains(&killed_at),
        "killed part way: {killed_at} badges"
    );
    let ids_before: BTreeMap<String, String> = before
        .iter()
        .filter(|f| f.ends_with(".svg") && !f.starts_with('.'))
        .map(|f| {
            (
                f.clone(),
                credential(&out.join(f))["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();

    // What a crash can do besides: lines the manifest had not synced are
    // lost (half of them here; their badges are there), and its last line
    // is cut short.
    let listed = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    let kept = lines.len() / 2;
    let mut cut = lines[..kept].join("\n");
    cut.push_str("\n2999,2999-learner-2999-an");
    std::fs::write(out.join("manifest.csv"), cut).unwrap();
    assert!(ids_before.len() > kept, "some badges are not listed");

    // Without --resume, the folder is refused and left as it is.
    let refused = s.issue(&out, &[]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--resume"));
    assert_eq!(badges(&out), before);

    let stderr = ok(&s.issue(&out, &["--resume"]));
    let files = badges(&out);
    assert!(
        files
            .iter()
            .all(|f| !f.starts_with('.') && f.ends_with(".svg")),
        "no temporary file left: {:?}",
        files
            .iter()
            .filter(|f| f.starts_with('.'))
            .collect::<Vec<_>>()
    );
    assert_eq!(files.len(), ROWS);
    let rows = manifest(&out);
    assert_eq!(rows.len(), ROWS, "{stderr}");
    for (number, lines) in &rows {
        let [(file, id, status)] = lines.as_slice() else {
            panic!("row {number} is listed {} times: {lines:?}", lines.len());
        };
        assert_eq!(status, "issued", "row {number}");
        assert!(files.contains(file));
        // A badge the killed run wrote was kept, not issued again.
        if let Some(old) = ids_before.get(file) {
            assert_eq!(old, id, "{file} was issued again");
        }
    }
    let issued_now: usize = stderr
        .split("issued ")
        .nth(1)
        .and_then(|t| t.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert_eq!(issued_now, ROWS - ids_before.len(), "{stderr}");
    // Badges from both runs verify, through the command line.
    let first = &rows[&1][0].0;
    let killed = rows
        .values()
        .map(|l| &l[0].0)
        .find(|f| !ids_before.contains_key(*f))
        .unwrap();
    for file in [first, killed, &rows[&ROWS][0].0] {
        let v = kiln(&["verify", out.join(file).to_str().unwrap()]);
        assert!(
            v.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&v.stdout)
        );
    }
}

/// Per badge file: the subject's name, whether an email is hashed in, and
/// the status index (what two runs must agree on; ids, dates, salts and
/// signatures differ).
fn summary(out: &Path) -> BTreeMap<String, (String, bool, String)> {
    badges(out)
        .into_iter()
        .map(|f| {
            let doc = credential(&out.join(&f));
            let subject = &doc["credentialSubject"];
            (
                f,
                (
                    subject["name"].as_str().unwrap().to_owned(),
                    subject.get("identifier").is_some(),
                    doc["credentialStatus"]["statusListIndex"]
                        .as_str()
                        .unwrap()
                        .to_owned(),
                ),
            )
        })
        .collect()
}

#[test]
fn row_ranges_issued_apart_make_the_same_badges_as_one_run() {
    // Blank lines and a bad row: numbering is by data row, as in one run.
    let csv = "name,email\nAda,ada@example.org\n\nBob,\n,nobody@example.org\nCid,cid@example.org\nDee,\nEve,eve@example.org\n\nFay,\nGus,gus@example.org\nHal,\n";
    let s = setup("scale-ranges", csv);
    let status = [
        "--status-list",
        "https://example.edu/status/1",
        "--status-index",
        "5000",
    ];
    let args = |range: Option<&'static str>| {
        let mut a: Vec<&str> = status.to_vec();
        if let Some(r) = range {
            a.extend(["--rows", r]);
        }
        a
    };
    let whole = s.dir.join("whole");
    let one = s.issue(&whole, &args(None));
    assert_eq!(one.status.code(), Some(1), "row 3 has no name");
    let (a, b) = (s.dir.join("a"), s.dir.join("b"));
    ok(&s.issue(&a, &args(Some("1-2"))));
    let second = s.issue(&b, &args(Some("3-")));
    assert_eq!(second.status.code(), Some(1));

    let (whole_set, a_set, b_set) = (summary(&whole), summary(&a), summary(&b));
    assert_eq!(whole_set.len(), 8);
    assert!(a_set.keys().all(|f| !b_set.contains_key(f)), "disjoint");
    let mut joined = a_set.clone();
    joined.extend(b_set.clone());
    assert_eq!(joined, whole_set);
    let indexes: BTreeSet<&String> = whole_set.values().map(|(_, _, i)| i).collect();
    assert_eq!(indexes.len(), 8, "no index is used twice");
    assert_eq!(whole_set["0001-ada.svg"].2, "5000");
    assert_eq!(whole_set["0009-hal.svg"].2, "5008");
    assert!(!whole_set.keys().any(|f| f.starts_with("0003")));
    assert_eq!(manifest(&a).keys().copied().collect::<Vec<_>>(), [1, 2]);
    assert_eq!(
        manifest(&b).keys().copied().collect::<Vec<_>>(),
        (3..=9).collect::<Vec<_>>()
    );

    // Ranges one after the other into one folder (--resume), and a middle range.
    let together = s.dir.join("together");
    ok(&s.issue(&together, &args(Some("1-2"))));
    ok(&s.issue(&together, &[args(Some("4-6")), vec!["--resume"]].concat()));
    let last = s.issue(&together, &[args(Some("3-")), vec!["--resume"]].concat());
    assert_eq!(last.status.code(), Some(1));
    assert_eq!(summary(&together), whole_set);
    let rows = manifest(&together);
    assert_eq!(rows.len(), 9);
    assert!(rows.values().all(|lines| lines.len() == 1), "{rows:?}");

    // A range that is not one is refused before anything is written.
    for bad in ["0-3", "5-2", "x", "-4"] {
        let out = s.dir.join("bad");
        let r = s.issue(&out, &["--rows", bad]);
        assert_eq!(r.status.code(), Some(2), "{bad}");
        assert!(!out.join("manifest.csv").exists());
    }
    // A range past the CSV's 9 data rows is refused before anything is
    // written; one that ends past them issues what is there, with a warning.
    for past in ["10-20", "10-", "12"] {
        let out = s.dir.join(format!("past-{past}"));
        let r = s.issue(&out, &["--rows", past]);
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(!r.status.success(), "{past}: {stderr}");
        assert!(stderr.contains("has 9 data rows"), "{past}: {stderr}");
        assert!(!out.join("manifest.csv").exists(), "{past}");
    }
    let partly = s.dir.join("partly");
    let r = s.issue(&partly, &["--rows", "8-20"]);
    let stderr = ok(&r);
    assert!(
        stderr.contains("warning: --rows 8-20:") && stderr.contains("rows 8 to 9 are issued"),
        "{stderr}"
    );
    assert_eq!(
        manifest(&partly).keys().copied().collect::<Vec<_>>(),
        [8, 9]
    );
}

#[test]
fn resume_refuses_a_folder_that_holds_another_run() {
    let s = setup("scale-other-run", "name,email\nAda,ada@example.org\nBob,\n");
    let out = s.dir.join("out");
    ok(&s.issue(&out, &["--rows", "1"]));
    let run = std::fs::read_to_string(out.join("run.json")).unwrap();
    assert!(run.contains("\"recipients\""), "{run}");

    // The same run resumes (another range of it included).
    ok(&s.issue(&out, &["--rows", "2", "--resume"]));
    assert_eq!(manifest(&out).keys().copied().collect::<Vec<_>>(), [1, 2]);

    // Other options, or other inputs: refused, naming what differs, and
    // nothing is written.
    let before = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    let other_csv = s.dir.join("other.csv");
    std::fs::write(&other_csv, "name\nEve\nFay\n").unwrap();
    let other_key = s.dir.join("other-key.json");
    assert!(
        kiln(&["keygen", "-o", other_key.to_str().unwrap()])
            .status
            .success()
    );
    let with = |recipients: &Path, key: &Path| Setup {
        dir: s.dir.clone(),
        key: key.to_path_buf(),
        achievement: s.achievement.clone(),
        template: s.template.clone(),
        recipients: recipients.to_path_buf(),
    };
    let status = [
        "--status-list",
        "https://example.edu/status/1",
        "--status-index",
        "7",
    ];
    let cases: Vec<(Setup, &[&str], &str)> = vec![
        (
            with(&s.recipients, &s.key),
            &["--suite", "eddsa-jcs-2022"],
            "--suite",
        ),
        (
            with(&s.recipients, &s.key),
            &status,
            "--status-list, --status-index",
        ),
        (
            with(&other_csv, &s.key),
            &[],
            "the recipients CSV (--recipients)",
        ),
        (with(&s.recipients, &other_key), &[], "the key (--key)"),
    ];
    for (setup, extra, named) in cases {
        let mut args: Vec<&str> = extra.to_vec();
        args.push("--resume");
        let r = setup.issue(&out, &args);
        let stderr = String::from_utf8_lossy(&r.stderr);
        assert!(!r.status.success(), "{named}: {stderr}");
        assert!(
            stderr.contains("holds another run") && stderr.contains(named),
            "{named}: {stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(out.join("manifest.csv")).unwrap(),
            before
        );
    }
    // The template changed on disk since the run began.
    std::fs::write(&s.template, TEMPLATE.replace("</svg>", "<rect/></svg>")).unwrap();
    let r = s.issue(&out, &["--resume"]);
    let stderr = String::from_utf8_lossy(&r.stderr);
    assert!(stderr.contains("the template (--template)"), "{stderr}");
}

fn with_passphrase(args: &[&str], passphrase: Option<&str>) -> Output {
    let mut cmd = Command::new(KILN);
    cmd.args(args).stdin(Stdio::null());
    match passphrase {
        Some(p) => cmd.env("KILN_KEY_PASSPHRASE", p),
        None => cmd.env_remove("KILN_KEY_PASSPHRASE"),
    };
    cmd.output().unwrap()
}

#[test]
fn a_passphrase_protected_key_file_issues_and_a_wrong_passphrase_is_named() {
    let s = setup("scale-jwe", "name\nAda\nBob\n");
    let key = s.dir.join("protected.jwe");
    let key_arg = key.to_str().unwrap();
    ok(&with_passphrase(
        &["keygen", "--encrypt", "-o", key_arg],
        Some("correct horse battery"),
    ));
    let text = std::fs::read_to_string(&key).unwrap();
    let parts: Vec<&str> = text.trim().split('.').collect();
    assert_eq!(parts.len(), 5, "a compact JWE");
    let header: Value = serde_json::from_slice(&unb64(parts[0])).unwrap();
    assert_eq!(header["alg"], "PBES2-HS256+A128KW");
    assert_eq!(header["enc"], "A256GCM");
    assert_eq!(header["cty"], "kiln-key+json");
    assert_eq!(header["p2c"], 600_000);
    assert_eq!(unb64(header["p2s"].as_str().unwrap()).len(), 16);
    assert!(
        !text.contains("secretKeyMultibase"),
        "the key is not in the clear"
    );

    let out = s.dir.join("out");
    let issue = |passphrase: Option<&str>| {
        with_passphrase(
            &[
                "issue",
                "--template",
                s.template.to_str().unwrap(),
                "--key",
                key_arg,
                "--achievement",
                s.achievement.to_str().unwrap(),
                "--recipients",
                s.recipients.to_str().unwrap(),
                "--out",
                out.to_str().unwrap(),
                "--format",
                "svg",
                "--issuer-name",
                "Académie Ωmega",
            ],
            passphrase,
        )
    };
    let wrong = issue(Some("correct horse battery!"));
    assert_eq!(wrong.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&wrong.stderr);
    assert!(stderr.contains("wrong passphrase"), "{stderr}");
    assert!(!out.exists(), "nothing written");
    let none = issue(None);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&none.stderr).contains("KILN_KEY_PASSPHRASE"),
        "{}",
        String::from_utf8_lossy(&none.stderr)
    );
    ok(&issue(Some("correct horse battery")));
    for file in badges(&out) {
        assert_eq!(verdict(&out.join(&file)), Verdict::Verified, "{file}");
    }
    // The same key, through kiln sign, is the same issuer.
    let issuer = credential(&out.join("0001-ada.svg"))["issuer"]["id"].clone();
    let cred = s.dir.join("cred.json");
    let mut unsigned = credential(&out.join("0002-bob.svg"));
    unsigned.as_object_mut().unwrap().remove("proof");
    std::fs::write(&cred, unsigned.to_string()).unwrap();
    let signed = with_passphrase(
        &["sign", "--key", key_arg, cred.to_str().unwrap()],
        Some("correct horse battery"),
    );
    let stdout = String::from_utf8_lossy(&signed.stdout);
    assert!(
        signed.status.success(),
        "{}",
        String::from_utf8_lossy(&signed.stderr)
    );
    assert!(stdout.contains(issuer.as_str().unwrap()), "{stdout}");
}

/// Unpadded base64url, for reading a JWE header here.
fn unb64(text: &str) -> Vec<u8> {
    let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let (mut acc, mut bits, mut out) = (0u32, 0u32, Vec::new());
    for c in text.bytes() {
        acc = (acc << 6) | alphabet.iter().position(|a| *a == c).unwrap() as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}
