//! `kiln clr` bundles signed credentials into a signed CLR 2.0 learner
//! record, and `kiln verify` verifies it, nested credentials and pathway
//! included.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use crate::common;
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

/// Signs `doc` with `key` through `kiln sign` and returns the signed JSON.
fn sign_value(dir: &Path, key: &Path, name: &str, doc: &Value) -> Value {
    let input = dir.join(format!("{name}.unsigned.json"));
    std::fs::write(&input, doc.to_string()).unwrap();
    let out = kiln(&[
        "sign",
        "--key",
        s(key),
        "--suite",
        "eddsa-jcs-2022",
        s(&input),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn kiln_verify_lists_endorsements_and_keeps_the_verdict_when_one_is_changed() {
    let dir = scratch("clr-endorse");
    let a = keygen(&dir, "a.json");
    let endorser = keygen(&dir, "endorser.json");
    let endorsement = |n: usize, name: &str| {
        json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
            ],
            "id": format!("urn:uuid:0000000e-0000-4000-8000-00000000000{n}"),
            "type": ["VerifiableCredential", "EndorsementCredential"],
            "name": format!("Endorsement {n}"),
            "issuer": { "id": "did:example:replaced", "type": ["Profile"], "name": name },
            "validFrom": "2025-01-01T00:00:00Z",
            "credentialSubject": {
                "id": "https://example.edu/achievements/course-1",
                "type": ["EndorsementSubject"],
                "endorsementComment": "Well taught."
            }
        })
    };
    let e1 = sign_value(&dir, &endorser, "e1", &endorsement(1, "Guild of Bakers"));
    let mut e2 = sign_value(&dir, &endorser, "e2", &endorsement(2, "Board of Ovens"));
    e2["credentialSubject"]["endorsementComment"] = json!("The best there is.");
    let c1 = course(&dir, &a, 1, "eddsa-rdfc-2022", LEARNER);
    let mut badge: Value = serde_json::from_str(&std::fs::read_to_string(&c1).unwrap()).unwrap();
    badge.as_object_mut().unwrap().remove("proof");
    badge["credentialSubject"]["achievement"]["endorsement"] = json!([e1, e2]);
    let signed = sign_value(&dir, &a, "badge", &badge);
    let path = dir.join("endorsed.json");
    std::fs::write(&path, signed.to_string()).unwrap();

    let out = kiln(&["verify", "--offline", s(&path)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("VERIFIED"), "{text}");
    assert!(text.contains("Endorsements (2):"), "{text}");
    assert!(text.contains("1. [verified] by Guild of Bakers"), "{text}");
    assert!(text.contains("2. [NOT VALID] by Board of Ovens"), "{text}");
    assert!(text.contains("[FAIL] endorsement"), "{text}");
    assert!(
        text.contains("warning: An endorsement on this badge is not genuine"),
        "{text}"
    );
}
