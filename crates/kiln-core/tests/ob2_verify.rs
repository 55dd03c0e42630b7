//! Open Badges 2.0 verification: hosted assertions served from a map of the
//! documents 1EdTech's validator tests serve, and signed (RS256) assertions.
#![cfg(feature = "rsa")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use kiln_core::base64url::encode as b64;
use kiln_core::jose::{self, CompactJws};
use kiln_core::verify::{self, Fetched, Outcome, Report, Verdict, VerifyOptions};
use serde_json::{Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const ASSERTION: &str = "https://example.org/beths-robotics-badge.json";

fn fixture(dir: &str, name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(dir)
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn ob2(name: &str) -> Vec<u8> {
    fixture("ob2", name)
}

fn doc(name: &str) -> Value {
    serde_json::from_slice(&ob2(name)).unwrap()
}

/// What the validator's tests serve (only the https URLs: plain http is refused).
fn served() -> BTreeMap<String, Fetched> {
    let mut m = BTreeMap::new();
    for (url, file) in [
        (ASSERTION, "basic-assertion.json"),
        (
            "https://example.org/robotics-badge.json",
            "robotics-badge.json",
        ),
        ("https://example.org/organization.json", "organization.json"),
        (
            "https://example.org/badge-from-organization-with-revocation-list.json",
            "badge-from-organization-with-revocation-list.json",
        ),
        (
            "https://example.org/organization-with-revocation-list.json",
            "organization-with-revocation-list.json",
        ),
    ] {
        m.insert(url.to_owned(), Fetched::ok(ob2(file)));
    }
    m
}

fn online(input: &[u8], docs: &BTreeMap<String, Fetched>) -> Report {
    let mut o = VerifyOptions::at(NOW);
    o.online = true;
    verify::verify_online(input, &o, &mut |url| {
        docs.get(url).cloned().unwrap_or(Fetched::Response {
            status: 404,
            content_type: None,
            body: Vec::new(),
        })
    })
    .unwrap()
}

fn outcome(r: &Report, check: &str) -> Outcome {
    r.check(check)
        .unwrap_or_else(|| panic!("no {check} check in {:#?}", r.checks))
        .outcome
}

#[test]
fn hosted_assertion_verifies_with_summary() {
    let r = online(&ob2("basic-assertion.json"), &served());
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    let c = r.credential.unwrap();
    assert_eq!(c["format"], "ob2");
    assert_eq!(c["name"], "Awesome Robotics Badge");
    assert_eq!(c["issuer"]["name"], "An Example Badge Issuer");
    assert_eq!(
        c["achievement"]["criteria"],
        "https://example.org/badgecriteria.json"
    );
    assert_eq!(c["subject"]["type"], "email");
    assert_eq!(c["proofType"], "hosted");
    // The same from the baked PNG and from the bare URL.
    let r = online(&ob2("simple-badge.png"), &served());
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    let r = online(ASSERTION.as_bytes(), &served());
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
}

#[test]
fn hosted_assertion_unfetched_is_not_verified() {
    let r = verify::verify(&ob2("basic-assertion.json"), &VerifyOptions::at(NOW)).unwrap();
    assert_eq!(r.verdict, Verdict::Error);
    assert_eq!(outcome(&r, "proof"), Outcome::Skipped);
    let mut docs = served();
    docs.remove(ASSERTION);
    assert_eq!(
        online(&ob2("basic-assertion.json"), &docs).verdict,
        Verdict::Error
    );
    // The issuer cannot be read: the hosting rule is unchecked.
    let mut docs = served();
    docs.remove("https://example.org/organization.json");
    let r = online(&ob2("basic-assertion.json"), &docs);
    assert_eq!(r.verdict, Verdict::Error);
    assert_eq!(outcome(&r, "issuer"), Outcome::Skipped);
}

#[test]
fn hosted_revoked_expired_future_mismatched() {
    // HTTP 410 Gone.
    let mut docs = served();
    docs.insert(
        ASSERTION.into(),
        Fetched::Response {
            status: 410,
            content_type: None,
            body: Vec::new(),
        },
    );
    let r = online(&ob2("basic-assertion.json"), &docs);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "status"), Outcome::Failed);
    // revoked: true in the served assertion.
    let mut a = doc("basic-assertion.json");
    a["revoked"] = true.into();
    a["revocationReason"] = "Issued in error".into();
    let mut docs = served();
    docs.insert(ASSERTION.into(), Fetched::ok(a.to_string()));
    let r = online(&ob2("basic-assertion.json"), &docs);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert!(
        r.check("status")
            .unwrap()
            .detail
            .contains("Issued in error")
    );
    // Expired, and dated in the future (the server serves the same file).
    for name in [
        "basic-assertion-expired.json",
        "basic-assertion-in-future.json",
    ] {
        let mut docs = served();
        docs.insert(ASSERTION.into(), Fetched::ok(ob2(name)));
        let r = online(&ob2(name), &docs);
        assert_eq!(r.verdict, Verdict::Invalid, "{name}");
        assert_eq!(outcome(&r, "validity"), Outcome::Failed, "{name}");
    }
    // The site serves another assertion at that URL.
    let mut other = doc("basic-assertion.json");
    other["id"] = "https://example.org/someone-else.json".into();
    let mut docs = served();
    docs.insert(ASSERTION.into(), Fetched::ok(other.to_string()));
    let r = online(&ob2("basic-assertion.json"), &docs);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "proof"), Outcome::Failed);
    // Hosted on another site than the issuer's.
    let url = "https://evil.example/beths-robotics-badge.json";
    let mut moved = doc("basic-assertion.json");
    moved["id"] = url.into();
    let mut docs = served();
    docs.insert(url.into(), Fetched::ok(moved.to_string()));
    let r = online(moved.to_string().as_bytes(), &docs);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "issuer"), Outcome::Failed);
}

fn pem_of(name: &str) -> String {
    doc(name)["publicKeyPem"].as_str().unwrap().to_owned()
}

/// 1EdTech's signed assertions name `http://` key URLs, which Kiln never
/// fetches; their signatures are checked here against the published keys.
#[test]
fn onedtech_signed_assertions() {
    let token = String::from_utf8(ob2("simple.jwt")).unwrap();
    let r = online(token.as_bytes(), &served());
    assert_eq!(r.verdict, Verdict::Error);
    assert!(r.check("proof").unwrap().detail.contains("plain http"));
    for (file, key, ok) in [
        ("simple.jwt", "key1.json", true),
        ("simple-revoked.jwt", "key3.json", true),
        ("simple-not-revoked.jwt", "key2.json", true),
        ("simple.jwt", "key3.json", false),
    ] {
        let text = String::from_utf8(ob2(file)).unwrap();
        let jws = CompactJws::parse(&text).unwrap();
        let k = jose::key_from_pem(&pem_of(key)).unwrap();
        assert_eq!(
            jws.verify(jose::Alg::Rs256, &k).unwrap(),
            ok,
            "{file} {key}"
        );
    }
}

fn rsa_key() -> rsa::RsaPrivateKey {
    use rsa::pkcs8::DecodePrivateKey as _;
    let pem = String::from_utf8(fixture("jwt", "rsa-test-key.pem")).unwrap();
    rsa::RsaPrivateKey::from_pkcs8_pem(&pem).unwrap()
}

fn sign(k: &rsa::RsaPrivateKey, payload: &Value) -> String {
    use sha2::Digest as _;
    let input = format!(
        "{}.{}",
        b64(br#"{"alg":"RS256","typ":"JWT"}"#),
        b64(payload.to_string().as_bytes())
    );
    let digest = sha2::Sha256::digest(input.as_bytes());
    let sig = k
        .sign(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest)
        .unwrap();
    format!("{input}.{}", b64(&sig))
}

const KEY_URL: &str = "https://example.org/test-key.json";

fn signed_setup(owner: &str) -> (rsa::RsaPrivateKey, BTreeMap<String, Fetched>) {
    use rsa::pkcs8::EncodePublicKey as _;
    let k = rsa_key();
    let pem = k
        .to_public_key()
        .to_public_key_pem(rsa::pkcs8::LineEnding::LF)
        .unwrap();
    let key_doc = json!({
        "@context": "https://w3id.org/openbadges/v2",
        "id": KEY_URL, "type": "CryptographicKey", "owner": owner, "publicKeyPem": pem
    });
    let mut docs = served();
    docs.insert(KEY_URL.into(), Fetched::ok(key_doc.to_string()));
    (k, docs)
}

fn signed_assertion(id: &str, badge: &str) -> Value {
    let mut a = doc("basic-assertion.json");
    a["id"] = id.into();
    a["badge"] = badge.into();
    a["verification"] = json!({"type": "signed", "creator": KEY_URL});
    a
}

#[test]
fn signed_assertion_verifies_and_forgeries_fail() {
    let (k, docs) = signed_setup("https://example.org/organization.json");
    let a = signed_assertion(
        "urn:uuid:0d9c1c52-6b7e-4c1e-8f0a-2b9f5d3e7a11",
        "https://example.org/robotics-badge.json",
    );
    let token = sign(&k, &a);
    let r = online(token.as_bytes(), &docs);
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    assert_eq!(
        r.credential.as_ref().unwrap()["proofType"],
        "signed (RS256)"
    );
    // Offline: could not check.
    let r = verify::verify(token.as_bytes(), &VerifyOptions::at(NOW)).unwrap();
    assert_eq!(r.verdict, Verdict::Error);
    // A tampered payload.
    let parts: Vec<&str> = token.split('.').collect();
    let mut changed = a.clone();
    changed["issuedOn"] = "2017-01-01T00:00:00Z".into();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(changed.to_string().as_bytes()),
        parts[2]
    );
    let r = online(tampered.as_bytes(), &docs);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "proof"), Outcome::Failed);
    // A key owned by someone else than the issuer.
    let (k2, docs2) = signed_setup("https://evil.example/issuer.json");
    let r = online(sign(&k2, &a).as_bytes(), &docs2);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "issuer"), Outcome::Failed);
}

#[test]
fn signed_assertion_on_revocation_list() {
    // The issuer's list is at an http URL in the sample; served here over https.
    let list_url = "https://example.org/revocation-list.json";
    let (k, mut docs) = signed_setup("https://example.org/organization-with-revocation-list.json");
    let mut issuer = doc("organization-with-revocation-list.json");
    issuer["revocationList"] = list_url.into();
    docs.insert(
        "https://example.org/organization-with-revocation-list.json".into(),
        Fetched::ok(issuer.to_string()),
    );
    docs.insert(list_url.into(), Fetched::ok(ob2("revocation-list.json")));
    let badge = "https://example.org/badge-from-organization-with-revocation-list.json";
    let revoked = signed_assertion(
        "https://example.org/beths-robotics-badge-revoked.json",
        badge,
    );
    let r = online(sign(&k, &revoked).as_bytes(), &docs);
    assert_eq!(r.verdict, Verdict::Invalid, "{:#?}", r.checks);
    assert!(r.check("status").unwrap().detail.contains("A good reason"));
    let fine = signed_assertion("urn:uuid:11111111-2222-4333-8444-555555555555", badge);
    let r = online(sign(&k, &fine).as_bytes(), &docs);
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    assert_eq!(outcome(&r, "status"), Outcome::Passed);
    // The list cannot be fetched: could not check.
    docs.remove(list_url);
    let r = online(sign(&k, &fine).as_bytes(), &docs);
    assert_eq!(r.verdict, Verdict::Error);
}
