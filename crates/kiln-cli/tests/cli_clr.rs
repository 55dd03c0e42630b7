//! `kiln clr` bundles signed credentials into a signed CLR 2.0 learner
//! record, and `kiln verify` verifies it, nested credentials and pathway
//! included.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

mod common;
use common::{kiln, scratch};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;

const LEARNER: &str = "did:example:learner-9";

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn keygen(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let out = kiln(&["keygen", "-o", s(&path)]);
    assert!(out.status.success(), "{}", stderr(&out));
    path
}

/// A signed course credential for the learner, by `key`, in `suite`.
fn course(dir: &Path, key: &Path, n: usize, suite: &str, learner: &str) -> PathBuf {
    let unsigned = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": format!("urn:uuid:00000000-0000-4000-8000-00000000000{n}"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": format!("Course {n} certificate"),
        "issuer": { "id": "did:example:replaced", "type": ["Profile"], "name": format!("College {n}") },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": learner,
            "type": ["AchievementSubject"],
            "achievement": {
                "id": format!("https://example.edu/achievements/course-{n}"),
                "type": ["Achievement"],
                "name": format!("Course {n}"),
                "description": format!("Passed course {n}."),
                "criteria": {
                    "id": format!("https://example.edu/achievements/course-{n}/criteria"),
                    "narrative": "Pass the exam."
                }
            }
        }
    });
    let input = dir.join(format!("course-{n}.unsigned.json"));
    std::fs::write(&input, unsigned.to_string()).unwrap();
    let out_path = dir.join(format!("course-{n}.json"));
    let out = kiln(&[
        "sign",
        "--key",
        s(key),
        "--suite",
        suite,
        "-o",
        s(&out_path),
        s(&input),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    out_path
}

#[test]
fn a_record_made_by_kiln_clr_verifies_with_its_pathway() {
    let dir = scratch("clr-make");
    let a = keygen(&dir, "a.json");
    let b = keygen(&dir, "b.json");
    let registrar = keygen(&dir, "registrar.json");
    let c1 = course(&dir, &a, 1, "eddsa-rdfc-2022", LEARNER);
    let c2 = course(&dir, &b, 2, "eddsa-jcs-2022", LEARNER);
    let assoc = dir.join("associations.json");
    std::fs::write(
        &assoc,
        json!([{
            "source": "https://example.edu/achievements/course-1",
            "relation": "precedes",
            "target": "https://example.edu/achievements/course-2"
        }])
        .to_string(),
    )
    .unwrap();
    let clr = dir.join("clr.json");
    let out = kiln(&[
        "clr",
        "--key",
        s(&registrar),
        "--learner",
        LEARNER,
        "--name",
        "Transcript",
        "--associations",
        s(&assoc),
        "-o",
        s(&clr),
        s(&c1),
        s(&c2),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));

    let out = kiln(&["verify", "--offline", "--json", s(&clr)]);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["verdict"], "verified", "{report:#}");
    assert_eq!(report["credentials"].as_array().unwrap().len(), 2);
    assert_eq!(out.status.code(), Some(0));

    let out = kiln(&["verify", "--offline", s(&clr)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("VERIFIED"), "{text}");
    assert!(
        text.contains("1. [verified] Course 1 certificate (issued by College 1"),
        "{text}"
    );
    assert!(
        text.contains("2. [verified] Course 2 certificate"),
        "{text}"
    );
    assert!(text.contains("Pathway:"), "{text}");
    assert!(
        text.contains("Course 1 comes before Course 2 (precedes)"),
        "{text}"
    );
}

#[test]
fn kiln_clr_refuses_another_learners_credential() {
    let dir = scratch("clr-other");
    let a = keygen(&dir, "a.json");
    let c1 = course(&dir, &a, 1, "eddsa-rdfc-2022", "did:example:someone-else");
    let out = kiln(&["clr", "--key", s(&a), "--learner", LEARNER, s(&c1)]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("did:example:someone-else"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_changed_nested_credential_is_named_in_the_human_output() {
    let dir = scratch("clr-changed");
    let a = keygen(&dir, "a.json");
    let c1 = course(&dir, &a, 1, "eddsa-jcs-2022", LEARNER);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&c1).unwrap()).unwrap();
    v["name"] = json!("Course 1 certificate, with honours");
    std::fs::write(&c1, v.to_string()).unwrap();
    let clr = dir.join("clr.json");
    let out = kiln(&[
        "clr",
        "--key",
        s(&a),
        "--learner",
        LEARNER,
        "-o",
        s(&clr),
        s(&c1),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let out = kiln(&["verify", "--offline", s(&clr)]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("NOT VALID"), "{text}");
    assert!(
        text.contains("1. [NOT VALID] Course 1 certificate, with honours"),
        "{text}"
    );
}
