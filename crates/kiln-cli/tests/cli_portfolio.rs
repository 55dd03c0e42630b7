//! `kiln verify` on several badges at once: files named on the command
//! line, a directory (and `--recursive`), one line per badge, `--json` as an
//! array of reports, and the exit status of the worst badge.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use crate::common;
use common::{kiln, repo, scratch};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A key, and a badge named `name` signed with it in `suite`, written to `dir/file`.
fn signed(dir: &Path, key: &Path, file: &str, name: &str, suite: &str) -> PathBuf {
    let unsigned = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("urn:uuid:{}", uuid_for(name)),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": name,
        "issuer": { "id": "did:example:replaced", "type": ["Profile"], "name": "Portfolio College" },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": format!("https://example.edu/achievements/{}", name.replace(' ', "-")),
                "type": ["Achievement"],
                "name": name,
                "description": "A course.",
                "criteria": { "narrative": "Pass the exam." }
            }
        }
    });
    let input = dir.join(format!("{file}.unsigned"));
    std::fs::write(&input, unsigned.to_string()).unwrap();
    let path = dir.join(file);
    let out = kiln(&[
        "sign",
        "--key",
        s(key),
        "--suite",
        suite,
        "-o",
        s(&path),
        s(&input),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    std::fs::remove_file(&input).unwrap();
    path
}

/// A stable urn:uuid tail from a name (its bytes' sum, enough to tell badges apart).
fn uuid_for(name: &str) -> String {
    let n: u32 = name.bytes().map(u32::from).sum();
    format!("00000000-0000-4000-8000-{n:012}")
}

/// A directory with a verified JSON badge, a verified baked PNG, and
/// (when `tampered`) a badge whose name was changed after signing; plus a
/// subdirectory with one more verified badge, and a file that is no badge
/// by its name.
fn folder(tag: &str, tampered: bool) -> PathBuf {
    let dir = scratch(tag);
    let key = dir.join("key.keyfile");
    let out = kiln(&["keygen", "-o", s(&key)]);
    assert!(out.status.success(), "{}", stderr(&out));
    let badges = dir.join("badges");
    std::fs::create_dir_all(badges.join("more")).unwrap();
    signed(
        &badges,
        &key,
        "a-course.json",
        "Course A",
        "eddsa-rdfc-2022",
    );
    let b = signed(&dir, &key, "b.json", "Course B", "eddsa-jcs-2022");
    let png = badges.join("b-course.png");
    let out = kiln(&[
        "bake",
        "--credential",
        s(&b),
        s(&repo("tests/fixtures/web/plain.png")),
        "-o",
        s(&png),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    if tampered {
        let c = signed(&badges, &key, "c-course.json", "Course C", "eddsa-jcs-2022");
        let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&c).unwrap()).unwrap();
        v["name"] = json!("Course C, with honours");
        std::fs::write(&c, v.to_string()).unwrap();
    }
    signed(
        &badges.join("more"),
        &key,
        "d-course.json",
        "Course D",
        "eddsa-rdfc-2022",
    );
    std::fs::write(badges.join("notes.txt"), "not a badge").unwrap();
    badges
}

#[test]
fn a_directory_of_genuine_badges_gives_one_line_each_and_exit_0() {
    let badges = folder("portfolio-ok", false);
    let out = kiln(&["verify", "--offline", s(&badges)]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}{}", stderr(&out));
    let lines: Vec<&str> = text.lines().collect();
    // Not recursive: the subdirectory's badge is left out, and notes.txt is no badge.
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].contains("a-course.json\tverified\tCourse A\t(issued by Portfolio College)"),
        "{text}"
    );
    assert!(
        lines[1].contains("b-course.png\tverified\tCourse B\t"),
        "{text}"
    );
    assert!(lines[2].starts_with("2 badges: 2 verified"), "{text}");
    assert!(!text.contains("d-course"), "{text}");

    let out = kiln(&["verify", "--offline", "--recursive", s(&badges)]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.contains("d-course.json\tverified\tCourse D"), "{text}");
    assert!(text.contains("3 badges: 3 verified"), "{text}");
}

#[test]
fn one_changed_badge_among_several_files_is_named_and_the_exit_status_is_1() {
    let badges = folder("portfolio-bad", true);
    let a = badges.join("a-course.json");
    let b = badges.join("b-course.png");
    let c = badges.join("c-course.json");
    let out = kiln(&["verify", "--offline", s(&a), s(&b), s(&c)]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}{}", stderr(&out));
    let line = text.lines().find(|l| l.contains("c-course.json")).unwrap();
    assert!(
        line.contains("\tNOT VALID\tCourse C, with honours\t"),
        "{line}"
    );
    assert!(line.contains("proof:"), "{line}");
    assert!(
        text.contains("3 badges: 2 verified, 1 not valid, 0 could not be checked"),
        "{text}"
    );

    // --json: an array of reports in the order given, each naming its file.
    let out = kiln(&["verify", "--offline", "--json", s(&a), s(&b), s(&c)]);
    assert_eq!(out.status.code(), Some(1));
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reports = reports.as_array().unwrap();
    let verdicts: Vec<&str> = reports
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["verified", "verified", "invalid"]);
    assert_eq!(reports[2]["file"], s(&c));
    assert_eq!(reports[1]["credential"]["name"], "Course B");
}

#[test]
fn an_unreadable_file_among_badges_could_not_be_checked_and_the_exit_status_is_2() {
    let badges = folder("portfolio-garbage", true);
    std::fs::write(
        badges.join("garbage.png"),
        b"\x89PNG\r\n\x1a\n this is no PNG",
    )
    .unwrap();
    let missing = badges.join("missing.json");
    let out = kiln(&["verify", "--offline", s(&badges), s(&missing)]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(2), "{text}{}", stderr(&out));
    assert!(text.contains("garbage.png\tCOULD NOT CHECK"), "{text}");
    assert!(text.contains("missing.json\tCOULD NOT CHECK"), "{text}");
    assert!(text.contains("c-course.json\tNOT VALID"), "{text}");
    assert!(
        text.contains("5 badges: 2 verified, 1 not valid, 2 could not be checked"),
        "{text}"
    );
}

#[test]
fn a_directory_without_badges_is_bad_input() {
    let dir = scratch("portfolio-empty");
    std::fs::write(dir.join("notes.txt"), "not a badge").unwrap();
    let out = kiln(&["verify", "--offline", s(&dir)]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no badge files"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());
}
