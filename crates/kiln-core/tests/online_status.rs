//! Revocation and suspension through status lists, with a map fetcher.
#![cfg(feature = "sign")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::online_support;

use kiln_core::proof::Suite;
use kiln_core::status_list::{self, Purpose};
use kiln_core::verify::{self, Fetched, Outcome, Verdict};
use online_support::*;
use serde_json::{Value, json};

const CREATED: &str = "2025-01-01T00:00:00Z";

/// A credential with a status entry at `index` of the list at LIST_URL, and
/// that list (with `set` bits set), both signed by the same did:key.
fn pair(purpose: Purpose, index: usize, set: &[usize]) -> (Value, Value) {
    let k = key(1);
    let mut list =
        status_list::new_list(LIST_URL, 131_072, purpose, &k, CREATED, Suite::EddsaJcs2022)
            .unwrap();
    for &i in set {
        list = status_list::set_bit(&list, i, true, &k, CREATED, Suite::EddsaJcs2022)
            .unwrap()
            .0;
    }
    let mut cred = unsigned(&k.controller);
    cred["credentialStatus"] = status_list::entry(LIST_URL, index, purpose);
    (sign(&cred, &k), list)
}

#[test]
fn valid_status_passes() {
    let (cred, list) = pair(Purpose::Revocation, 7, &[6, 8]);
    let (report, asked) = verify_with(&cred, &online(), &serve(&[(LIST_URL, &list)]));
    assert_eq!(asked, vec![LIST_URL.to_owned()]);
    let (o, d) = outcome(&report, "status");
    assert_eq!(o, Outcome::Passed, "{d}");
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
}

#[test]
fn revoked_is_invalid_with_the_reason() {
    let (cred, list) = pair(Purpose::Revocation, 6, &[6]);
    let (report, _) = verify_with(&cred, &online(), &serve(&[(LIST_URL, &list)]));
    assert_eq!(
        outcome(&report, "status"),
        (
            Outcome::Failed,
            "This badge was revoked by its issuer.".into()
        )
    );
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn suspended_is_invalid_with_the_reason() {
    let (cred, list) = pair(Purpose::Suspension, 0, &[0]);
    let (report, _) = verify_with(&cred, &online(), &serve(&[(LIST_URL, &list)]));
    let (o, d) = outcome(&report, "status");
    assert_eq!(o, Outcome::Failed);
    assert!(d.contains("suspended"), "{d}");
    assert_eq!(report.verdict, Verdict::Invalid);
}

#[test]
fn numeric_index_and_array_of_entries() {
    let (cred, list) = pair(Purpose::Revocation, 131_071, &[131_071]);
    let mut unsigned_cred = cred.clone();
    unsigned_cred.as_object_mut().unwrap().remove("proof");
    unsigned_cred["credentialStatus"]["statusListIndex"] = json!(131_071);
    unsigned_cred["credentialStatus"] = json!([unsigned_cred["credentialStatus"].clone()]);
    let cred = sign(&unsigned_cred, &key(1));
    let (report, _) = verify_with(&cred, &online(), &serve(&[(LIST_URL, &list)]));
    assert_eq!(outcome(&report, "status").0, Outcome::Failed);
}

#[test]
fn unreachable_list_is_skipped_with_a_warning_never_passed() {
    let (cred, _) = pair(Purpose::Revocation, 6, &[6]);
    for docs in [
        serve(&[]),
        [(
            LIST_URL.to_owned(),
            Fetched::Response {
                status: 404,
                content_type: None,
                body: b"gone".to_vec(),
            },
        )]
        .into_iter()
        .collect(),
        [(LIST_URL.to_owned(), Fetched::ok("<html>not json</html>"))]
            .into_iter()
            .collect(),
    ] {
        let (report, _) = verify_with(&cred, &online(), &docs);
        let (o, d) = outcome(&report, "status");
        assert_eq!(o, Outcome::Skipped, "{d}");
        assert!(
            report
                .warnings
                .iter()
                .any(|w| w.starts_with("Revocation could not be checked")),
            "{:?}",
            report.warnings
        );
        // Every check that ran passed: the verdict stays verified, with the
        // status check skipped and the warning saying revocation is unknown.
        assert_eq!(report.verdict, Verdict::Verified);
    }
}

#[test]
fn offline_skips_with_the_reason() {
    let (cred, _) = pair(Purpose::Revocation, 6, &[6]);
    let bytes = serde_json::to_vec(&cred).unwrap();
    let report = verify::verify(&bytes, &verify::VerifyOptions::at(NOW)).unwrap();
    let (o, d) = outcome(&report, "status");
    assert_eq!(o, Outcome::Skipped);
    assert!(d.contains("online checks are turned off"), "{d}");
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.starts_with("Revocation could not be checked"))
    );
}

#[test]
fn tampered_list_fails() {
    let (cred, list) = pair(Purpose::Revocation, 6, &[6]);
    // Clear the bit without re-signing: what an attacker between issuer and verifier would do.
    let mut forged = list.clone();
    let mut bits = status_list::decode(
        forged["credentialSubject"]["encodedList"].as_str().unwrap(),
        1 << 20,
    )
    .unwrap();
    status_list::put_bit(&mut bits, 6, false);
    forged["credentialSubject"]["encodedList"] = json!(status_list::encode(&bits));
    let (report, _) = verify_with(&cred, &online(), &serve(&[(LIST_URL, &forged)]));
    let (o, d) = outcome(&report, "status");
    assert_eq!(o, Outcome::Failed);
    assert!(d.contains("altered"), "{d}");
}

#[test]
fn list_of_another_issuer_fails() {
    let (cred, _) = pair(Purpose::Revocation, 6, &[]);
    let other = status_list::new_list(
        LIST_URL,
        131_072,
        Purpose::Revocation,
        &key(2),
        CREATED,
        Suite::EddsaJcs2022,
    )
    .unwrap();
    let (report, _) = verify_with(&cred, &online(), &serve(&[(LIST_URL, &other)]));
    let (o, d) = outcome(&report, "status");
    assert_eq!(o, Outcome::Failed);
    assert!(d.contains("not by the badge's issuer"), "{d}");
}

#[test]
fn expired_list_and_wrong_purpose_fail() {
    let k = key(1);
    let (cred, _) = pair(Purpose::Revocation, 6, &[]);
    let mut unsigned_list = status_list::new_list(
        LIST_URL,
        131_072,
        Purpose::Revocation,
        &k,
        CREATED,
        Suite::EddsaJcs2022,
    )
    .unwrap();
    unsigned_list.as_object_mut().unwrap().remove("proof");
    unsigned_list["validUntil"] = json!("2025-06-01T00:00:00Z");
    let expired = sign(&unsigned_list, &k);
    let (report, _) = verify_with(&cred, &online(), &serve(&[(LIST_URL, &expired)]));
    let (o, d) = outcome(&report, "status");
    assert_eq!(o, Outcome::Failed);
    assert!(d.contains("expired"), "{d}");

    let suspension = status_list::new_list(
        LIST_URL,
        131_072,
        Purpose::Suspension,
        &k,
        CREATED,
        Suite::EddsaJcs2022,
    )
    .unwrap();
    let (report, _) = verify_with(&cred, &online(), &serve(&[(LIST_URL, &suspension)]));
    assert_eq!(outcome(&report, "status").0, Outcome::Failed);
}

#[test]
fn oneedtech_revocation_list() {
    let k = key(1);
    let url = "https://example.edu/revocations";
    let mut cred = unsigned(&k.controller);
    cred["credentialStatus"] = json!({"id": url, "type": "1EdTechRevocationList"});
    // The type is defined only by OB's extensions context.
    cred["@context"].as_array_mut().unwrap().push(json!(
        "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
    ));
    let cred = sign(&cred, &k);
    let revoked = json!({"id": url, "issuer": k.controller, "revokedCredentials": [
        {"id": "urn:uuid:2f1a4b52-8f0e-4a43-9c1c-7c3e3b5d9a01", "revocationReason": "Issued in error."}]});
    let (report, _) = verify_with(&cred, &online(), &serve(&[(url, &revoked)]));
    let (o, d) = outcome(&report, "status");
    assert_eq!(o, Outcome::Failed);
    assert!(
        d.starts_with("This badge was revoked by its issuer.") && d.contains("Issued in error."),
        "{d}"
    );
    let clean = json!({"id": url, "issuer": k.controller, "revokedCredentials": [{"id": "urn:uuid:other"}]});
    let (report, _) = verify_with(&cred, &online(), &serve(&[(url, &clean)]));
    assert_eq!(outcome(&report, "status").0, Outcome::Passed);
    assert_eq!(report.verdict, Verdict::Verified);
}

#[test]
fn published_fixture_lists_decode() {
    // 1EdTech's validator test list: bit 23 set (see fixtures/online/README.md).
    let text = include_str!("fixtures/online/1edtech-testlist.json");
    let list: Value = serde_json::from_str(text).unwrap();
    let bits = status_list::decode(
        list["credentialSubject"]["encodedList"].as_str().unwrap(),
        kiln_core::Limits::default().max_status_list_bytes,
    )
    .unwrap();
    assert_eq!(status_list::bit(&bits, 23), Some(true));
    assert_eq!(status_list::bit(&bits, 22), Some(false));
    // DCC's list: 6 revoked, 7 valid, as their file names say.
    let text = include_str!("fixtures/online/dcc-statuslist-e5WK8CbZ1GjycuPombrj.json");
    let list: Value = serde_json::from_str(text).unwrap();
    let bits = status_list::decode(
        list["credentialSubject"]["encodedList"].as_str().unwrap(),
        kiln_core::Limits::default().max_status_list_bytes,
    )
    .unwrap();
    assert_eq!(status_list::bit(&bits, 6), Some(true));
    assert_eq!(status_list::bit(&bits, 7), Some(false));
}

#[test]
fn statuslist2021_entries() {
    // A StatusList2021Credential (VC 1.1 era): plain base64url, no multibase prefix.
    let k = key(1);
    let url = "https://example.edu/status/2021";
    let mut bits = vec![0u8; 16_384];
    status_list::put_bit(&mut bits, 42, true);
    let encoded = status_list::encode(&bits)[1..].to_owned();
    let list = sign(
        &json!({
            "@context": ["https://www.w3.org/2018/credentials/v1", "https://w3id.org/vc/status-list/2021/v1"],
            "id": url,
            "type": ["VerifiableCredential", "StatusList2021Credential"],
            "issuer": k.controller,
            "issuanceDate": "2025-01-01T00:00:00Z",
            "credentialSubject": {"id": format!("{url}#list"), "type": "StatusList2021", "statusPurpose": "revocation", "encodedList": encoded}
        }),
        &k,
    );
    for (index, expect) in [(42, Outcome::Failed), (41, Outcome::Passed)] {
        let mut cred = unsigned(&k.controller);
        cred["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!("https://w3id.org/vc/status-list/2021/v1"));
        cred["credentialStatus"] = json!({"id": format!("{url}#{index}"), "type": "StatusList2021Entry",
            "statusPurpose": "revocation", "statusListIndex": index.to_string(), "statusListCredential": url});
        let cred = sign(&cred, &k);
        let (report, _) = verify_with(&cred, &online(), &serve(&[(url, &list)]));
        assert_eq!(
            outcome(&report, "status").0,
            expect,
            "{index}: {:#?}",
            report.checks
        );
    }
}

#[test]
fn dcc_status_list_edge_cases_never_pass() {
    let base = "https://digitalcredentials.github.io/vc-test-fixtures/statusLists/didkey-ed25519Signature2020/";
    let cases: [(&str, &str, &str); 4] = [
        (
            "tampered",
            include_str!("fixtures/online/dcc/list-tampered.json"),
            include_str!("fixtures/online/dcc/legacy-tamperedStatus-noExpiry.json"),
        ),
        (
            "expired",
            include_str!("fixtures/online/dcc/list-expired.json"),
            include_str!("fixtures/online/dcc/legacy-expiredStatus-noExpiry.json"),
        ),
        (
            "notYetValid",
            include_str!("fixtures/online/dcc/list-notYetValid.json"),
            include_str!("fixtures/online/dcc/legacy-notYetValidStatus-noExpiry.json"),
        ),
        (
            "missingBitStringType",
            include_str!("fixtures/online/dcc/list-missingBitStringType.json"),
            include_str!("fixtures/online/dcc/legacy-missingTypeStatus-noExpiry.json"),
        ),
    ];
    for (name, list, cred) in cases {
        let url = format!("{base}{name}");
        let docs = [(url.clone(), Fetched::ok(list))].into_iter().collect();
        let cred: Value = serde_json::from_str(cred).unwrap();
        let (report, asked) = verify_with(&cred, &online(), &docs);
        assert!(asked.contains(&url), "{name}: {asked:?}");
        let (o, d) = outcome(&report, "status");
        match o {
            Outcome::Failed => {}
            Outcome::Skipped => assert!(
                report
                    .warnings
                    .iter()
                    .any(|w| w.starts_with("Revocation could not be checked")),
                "{name}: skipped without a warning: {d}"
            ),
            Outcome::Passed => panic!("{name}: a bad status list passed: {d}"),
        }
        if name == "missingBitStringType" {
            assert_eq!(o, Outcome::Failed, "{d}");
            assert!(d.contains("not a BitstringStatusListCredential"), "{d}");
        }
        assert_ne!(report.verdict, Verdict::Verified, "{name}");
    }
}

#[test]
fn many_status_lists_are_not_all_fetched() {
    let k = key(1);
    let mut cred = unsigned(&k.controller);
    let entries: Vec<Value> = (0..40)
        .map(|i| {
            status_list::entry(
                &format!("https://example.edu/status/{i}"),
                1,
                Purpose::Revocation,
            )
        })
        .collect();
    cred["credentialStatus"] = Value::Array(entries);
    let cred = sign(&cred, &k);
    let (report, asked) = verify_with(&cred, &online(), &serve(&[]));
    assert!(
        asked.len() <= kiln_core::Limits::default().max_documents,
        "{}",
        asked.len()
    );
    assert_eq!(outcome(&report, "status").0, Outcome::Skipped);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("names 40 status entries")),
        "{:?}",
        report.warnings
    );
    assert!(asked.is_empty(), "{asked:?}");
    // Eight entries are checked.
    let mut cred = unsigned(&k.controller);
    cred["credentialStatus"] = Value::Array(
        (0..8)
            .map(|i| status_list::entry(&format!("{LIST_URL}/{i}"), 1, Purpose::Revocation))
            .collect(),
    );
    let (report, asked) = verify_with(&sign(&cred, &k), &online(), &serve(&[]));
    assert_eq!(asked.len(), 8);
    assert_eq!(outcome(&report, "status").0, Outcome::Skipped);
    assert!(outcome(&report, "status").1.contains("and 5 more"));
}
