//! `kiln verify` online, against a small HTTP server on 127.0.0.1 that each
//! test starts itself (it serves a map of paths and stops on its own), with
//! the issuer's files made by `kiln keygen`, `kiln did-web`, `kiln status`
//! and `kiln sign`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::{kiln, scratch};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn ok(args: &[&str]) -> Output {
    let out = kiln(args);
    assert!(
        out.status.success(),
        "kiln {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// One response: status, extra headers, body.
type Reply = (u16, Vec<(String, String)>, Vec<u8>);

/// A tiny HTTP/1.1 server on 127.0.0.1: serves `routes` by path (404
/// otherwise), one request per connection, and stops when dropped or after
/// 60 seconds, whichever is first.
struct Server {
    port: u16,
    routes: Arc<Mutex<BTreeMap<String, Reply>>>,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let routes: Arc<Mutex<BTreeMap<String, Reply>>> = Arc::default();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (r, q, st) = (routes.clone(), requests.clone(), stop.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !st.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => handle(stream, &r, &q),
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server {
            port,
            routes,
            requests,
            stop,
        }
    }

    fn base(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn put(&self, path: &str, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let headers = headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        self.routes
            .lock()
            .unwrap()
            .insert(path.to_owned(), (status, headers, body.to_vec()));
    }

    fn put_file(&self, path: &str, file: &Path) {
        self.put(
            path,
            200,
            &[("Content-Type", "application/json")],
            &std::fs::read(file).unwrap(),
        );
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn handle(
    mut stream: TcpStream,
    routes: &Mutex<BTreeMap<String, Reply>>,
    log: &Mutex<Vec<String>>,
) {
    let text = common::read_request_head(&mut stream);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
    log.lock().unwrap().push(path.clone());
    let (status, headers, body) = routes.lock().unwrap().get(&path).cloned().unwrap_or((
        404,
        Vec::new(),
        b"not found".to_vec(),
    ));
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}

const UNSIGNED: &str = r#"{
  "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
  "id": "urn:uuid:7d0a5f04-44a5-4d5b-8c0e-5c1f0e5a1b11",
  "type": ["VerifiableCredential", "OpenBadgeCredential"],
  "issuer": {"id": "placeholder", "type": ["Profile"], "name": "Example College"},
  "credentialSubject": {
    "type": ["AchievementSubject"],
    "identifier": [{"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "salt": "NaCl42",
      "identityHash": "sha256$45754e5bb5be6ecd54b9f2e00c88b0980e50b356d6a53209b4dc8925f4e6d24b"}],
    "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"], "name": "Barista",
      "description": "Makes a latte.", "criteria": {"narrative": "Pass the exam."}}
  }
}"#;

/// An issuer published on the server: did:web key, DID document, a status
/// list, and a badge at `index` of it. Returns the badge path and the key path.
fn issuer(server: &Server, dir: &Path, index: usize) -> (PathBuf, PathBuf) {
    let key = dir.join("key.json");
    let web_key = dir.join("web-key.json");
    let did_doc = dir.join("did.json");
    let list = dir.join("list.json");
    let cred = dir.join("cred.json");
    let badge = dir.join("badge.json");
    ok(&["keygen", "-o", s(&key)]);
    let domain = format!("127.0.0.1:{}", server.port);
    ok(&[
        "did-web",
        "--key",
        s(&key),
        "--domain",
        &domain,
        "-o",
        s(&did_doc),
        "--key-out",
        s(&web_key),
    ]);
    let list_url = format!("{}/status/1", server.base());
    ok(&[
        "status",
        "new",
        "--key",
        s(&web_key),
        "--url",
        &list_url,
        "-o",
        s(&list),
    ]);
    std::fs::write(&cred, UNSIGNED).unwrap();
    let index = index.to_string();
    ok(&[
        "sign",
        "--key",
        s(&web_key),
        "--suite",
        "eddsa-jcs-2022",
        "--status-list",
        &list_url,
        "--status-index",
        &index,
        "-o",
        s(&badge),
        s(&cred),
    ]);
    server.put_file("/.well-known/did.json", &did_doc);
    server.put_file("/status/1", &list);
    (badge, web_key)
}

fn verify_json(args: &[&str]) -> (i32, Value) {
    let mut all = vec!["verify", "--json"];
    all.extend_from_slice(args);
    let out = kiln(&all);
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), report)
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check: {report:#}"))
}

#[test]
fn did_web_issuer_and_status_list_verify_then_revoke() {
    let server = Server::start();
    let dir = scratch("revoke");
    let (badge, key) = issuer(&server, &dir, 3);
    let (code, report) = verify_json(&[s(&badge), "--allow-http-localhost"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["verdict"], "verified");
    assert_eq!(check(&report, "status")["outcome"], "passed");
    assert_eq!(check(&report, "issuer")["outcome"], "passed");
    assert_eq!(report["identity"]["status"], "domain");
    let domain = format!("controls 127.0.0.1:{}", server.port);
    assert!(
        report["identity"]["detail"]
            .as_str()
            .unwrap()
            .contains(&domain),
        "{report:#}"
    );
    let asked = server.requests();
    assert!(
        asked.contains(&"/.well-known/did.json".to_owned())
            && asked.contains(&"/status/1".to_owned()),
        "{asked:?}"
    );

    // The issuer revokes entry 3 and publishes the list again.
    let list = dir.join("list.json");
    ok(&["status", "revoke", s(&list), "3", "--key", s(&key)]);
    server.put_file("/status/1", &list);
    let (code, report) = verify_json(&[s(&badge), "--allow-http-localhost"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(report["verdict"], "invalid");
    assert_eq!(check(&report, "status")["outcome"], "failed");
    assert_eq!(
        check(&report, "status")["detail"],
        "This badge was revoked by its issuer."
    );
    // The human report says so too.
    let out = kiln(&["verify", s(&badge), "--allow-http-localhost"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("revoked by its issuer"), "{text}");
}

#[test]
fn unreachable_list_is_skipped_with_a_warning() {
    let server = Server::start();
    let dir = scratch("unreachable");
    let (badge, _) = issuer(&server, &dir, 4);
    server.put("/status/1", 503, &[], b"busy");
    let (code, report) = verify_json(&[s(&badge), "--allow-http-localhost"]);
    let status = check(&report, "status");
    assert_eq!(status["outcome"], "skipped", "{report:#}");
    assert!(status["detail"].as_str().unwrap().contains("HTTP 503"));
    let warnings = report["warnings"].as_array().unwrap();
    assert!(
        warnings.iter().any(|w| w
            .as_str()
            .unwrap()
            .starts_with("Revocation could not be checked")),
        "{warnings:?}"
    );
    // Every check that ran passed: verified, with revocation unknown and said so.
    assert_eq!(report["verdict"], "verified");
    assert_eq!(code, 0);
}

#[test]
fn offline_makes_no_requests_and_plain_http_is_refused() {
    let server = Server::start();
    let dir = scratch("offline");
    let (badge, _) = issuer(&server, &dir, 5);
    let (code, report) = verify_json(&[s(&badge), "--offline"]);
    assert_eq!(code, 2, "the did:web key cannot be had offline: {report:#}");
    assert!(
        check(&report, "proof")["detail"]
            .as_str()
            .unwrap()
            .contains("online checks are turned off")
    );
    assert!(
        check(&report, "status")["detail"]
            .as_str()
            .unwrap()
            .contains("online checks are turned off")
    );
    assert!(server.requests().is_empty(), "{:?}", server.requests());
    // Without --allow-http-localhost, http://127.0.0.1 is refused before any request.
    let (code, report) = verify_json(&[s(&badge)]);
    assert_eq!(code, 2, "{report:#}");
    assert!(
        check(&report, "status")["detail"]
            .as_str()
            .unwrap()
            .contains("plain http")
    );
    // The did:web document is tried over https only (a TLS handshake this
    // plain server cannot answer): no plain http request reaches it.
    assert!(
        server.requests().iter().all(|r| !r.starts_with('/')),
        "{:?}",
        server.requests()
    );
}

#[test]
fn key_not_listed_for_assertion_fails() {
    let server = Server::start();
    let dir = scratch("assertion");
    let (badge, _) = issuer(&server, &dir, 6);
    let mut doc: Value =
        serde_json::from_slice(&std::fs::read(dir.join("did.json")).unwrap()).unwrap();
    doc["assertionMethod"] = json!([]);
    server.put(
        "/.well-known/did.json",
        200,
        &[],
        doc.to_string().as_bytes(),
    );
    let (code, report) = verify_json(&[s(&badge), "--allow-http-localhost"]);
    assert_eq!(code, 1, "{report:#}");
    let purpose = check(&report, "proof-purpose");
    assert_eq!(purpose["outcome"], "failed");
    assert!(
        purpose["detail"]
            .as_str()
            .unwrap()
            .contains("not allowed to issue credentials")
    );
}

#[test]
fn redirect_to_plain_http_is_refused() {
    let server = Server::start();
    let dir = scratch("redirect");
    let (badge, _) = issuer(&server, &dir, 7);
    server.put(
        "/status/1",
        302,
        &[("Location", "http://example.com/status/1")],
        b"",
    );
    let (_, report) = verify_json(&[s(&badge), "--allow-http-localhost"]);
    let status = check(&report, "status");
    assert_eq!(status["outcome"], "skipped", "{report:#}");
    assert!(
        status["detail"]
            .as_str()
            .unwrap()
            .contains("http://example.com/status/1 uses plain http"),
        "{status}"
    );
    // A redirect within the local server is followed.
    server.put("/status/1", 301, &[("Location", "/lists/1")], b"");
    server.put_file("/lists/1", &dir.join("list.json"));
    let (code, report) = verify_json(&[s(&badge), "--allow-http-localhost"]);
    assert_eq!(check(&report, "status")["outcome"], "passed", "{report:#}");
    assert_eq!(code, 0);
}

#[test]
fn trust_list_and_recipient_flags() {
    let dir = scratch("trust");
    let key = dir.join("key.json");
    ok(&["keygen", "-o", s(&key)]);
    let cred = dir.join("cred.json");
    let badge = dir.join("badge.json");
    std::fs::write(&cred, UNSIGNED).unwrap();
    ok(&[
        "sign",
        "--key",
        s(&key),
        "--suite",
        "eddsa-jcs-2022",
        "-o",
        s(&badge),
        s(&cred),
    ]);
    let signed: Value = serde_json::from_slice(&std::fs::read(&badge).unwrap()).unwrap();
    let issuer = signed["issuer"]["id"].as_str().unwrap().to_owned();
    let trust = dir.join("trust.json");
    std::fs::write(
        &trust,
        json!({"name": "Example Registry", "issuers": [{"id": issuer, "name": "Example College"}]})
            .to_string(),
    )
    .unwrap();

    let (code, report) = verify_json(&[
        s(&badge),
        "--trust",
        s(&trust),
        "--recipient",
        "jane@example.edu",
    ]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["identity"]["status"], "trust-list");
    assert!(
        report["identity"]["detail"]
            .as_str()
            .unwrap()
            .contains("listed in trust list \"Example Registry\"")
    );
    assert_eq!(
        check(&report, "recipient")["detail"],
        "Issued to this email: yes."
    );

    let (code, report) = verify_json(&[s(&badge), "--recipient", "joe@example.edu"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(check(&report, "recipient")["outcome"], "failed");
    assert_eq!(report["identity"]["status"], "not-confirmed");

    // A broken trust list is a one-line error, exit 2.
    std::fs::write(&trust, "{\"issuers\": []}").unwrap();
    let out = kiln(&["verify", s(&badge), "--trust", s(&trust)]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("kiln: ") && err.contains("trust.json") && err.trim().lines().count() == 1,
        "{err}"
    );
}

/// An issuer identified by its profile URL, its key written in the fragment
/// of the verification method (`<profile URL>#z6Mk...`, as 1EdTech's samples
/// do). The key is the issuer's only when the profile served at that URL
/// lists it for assertionMethod.
#[test]
fn profile_url_issuer_needs_its_profile_to_list_the_key() {
    let server = Server::start();
    let dir = scratch("profile");
    let key = dir.join("key.json");
    let other = dir.join("other.json");
    ok(&["keygen", "-o", s(&key)]);
    ok(&["keygen", "-o", s(&other)]);
    let url = format!("{}/issuers/1", server.base());
    let mut k: Value = serde_json::from_slice(&std::fs::read(&key).unwrap()).unwrap();
    let mb = k["publicKeyMultibase"].as_str().unwrap().to_owned();
    let vm = format!("{url}#{mb}");
    k["id"] = json!(vm);
    k["controller"] = json!(url);
    let web_key = dir.join("web-key.json");
    std::fs::write(&web_key, k.to_string()).unwrap();
    let cred = dir.join("cred.json");
    let badge = dir.join("badge.json");
    std::fs::write(&cred, UNSIGNED).unwrap();
    ok(&["sign", "--key", s(&web_key), "-o", s(&badge), s(&cred)]);

    // Offline, and with nothing served: could not check, never verified.
    for args in [
        vec![s(&badge), "--offline"],
        vec![s(&badge), "--allow-http-localhost"],
    ] {
        let (code, report) = verify_json(&args);
        assert_eq!(code, 2, "{args:?}: {report:#}");
        assert_eq!(report["verdict"], "error");
        assert_eq!(check(&report, "proof")["outcome"], "passed");
        assert_eq!(check(&report, "issuer")["outcome"], "skipped");
        assert_eq!(report["error"]["code"], "issuer-key-not-checked");
    }

    let profile = |key_mb: &str, relationship: &str| {
        let mut p = json!({
            "id": url,
            "type": "Profile",
            "name": "Example College",
            "verificationMethod": [{
                "id": vm, "type": "Multikey", "controller": url, "publicKeyMultibase": key_mb
            }],
        });
        p[relationship] = json!([vm]);
        p.to_string()
    };
    let json = [("Content-Type", "application/json")];
    server.put(
        "/issuers/1",
        200,
        &json,
        profile(&mb, "assertionMethod").as_bytes(),
    );
    let (code, report) = verify_json(&[s(&badge), "--allow-http-localhost"]);
    assert_eq!(code, 0, "{report:#}");
    assert_eq!(report["verdict"], "verified");
    assert_eq!(check(&report, "issuer")["outcome"], "passed");
    assert!(server.requests().contains(&"/issuers/1".to_owned()));

    // The profile gives another key under that id, or lists the key for
    // authentication only: the issuer check fails.
    let o: Value = serde_json::from_slice(&std::fs::read(&other).unwrap()).unwrap();
    let other_mb = o["publicKeyMultibase"].as_str().unwrap();
    for body in [
        profile(other_mb, "assertionMethod"),
        profile(&mb, "authentication"),
    ] {
        server.put("/issuers/1", 200, &json, body.as_bytes());
        let (code, report) = verify_json(&[s(&badge), "--allow-http-localhost"]);
        assert_eq!(code, 1, "{report:#}");
        assert_eq!(report["verdict"], "invalid");
        assert_eq!(check(&report, "issuer")["outcome"], "failed");
    }
}
