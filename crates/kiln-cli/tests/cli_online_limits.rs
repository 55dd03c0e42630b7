//! `kiln verify` online, against servers that misbehave: servers that never
//! answer, redirects to another host, URLs that hide another host behind a
//! user name (`http://localhost:1@other-host/`), and URLs of private
//! addresses. Each verification ends within its time budget with the check
//! skipped or refused and the reason named, never passed.
//!
//! Every server here listens on 127.0.0.1 and is started by its test. The
//! private addresses (10.0.0.1, 169.254.169.254, ...) appear only in URLs
//! that must be refused before any connection is tried.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::{kiln, scratch};
use serde_json::{Value, json};
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What `kiln verify` may take beyond its budget: starting the process,
/// reading the badge, checking the signature.
const MARGIN: Duration = Duration::from_millis(2000);

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn ok(args: &[&str]) {
    let out = kiln(args);
    assert!(
        out.status.success(),
        "kiln {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A server that accepts connections (the kernel completes them) and never
/// answers: the listener is kept open and never read.
fn silent_server() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    (listener, port)
}

/// A server on 127.0.0.1 that answers every request with one fixed reply
/// and logs the request line, until dropped (or after 60 s).
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(reply: String) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests: Arc<Mutex<Vec<String>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (log, st) = (requests.clone(), stop.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !st.load(Ordering::Relaxed) && Instant::now() < deadline {
                let Ok((mut stream, _)) = listener.accept() else {
                    std::thread::sleep(Duration::from_millis(5));
                    continue;
                };
                let line = common::read_request_head(&mut stream)
                    .lines()
                    .next()
                    .unwrap_or("")
                    .to_owned();
                log.lock().unwrap().push(line);
                let _ = stream.write_all(reply.as_bytes());
            }
        });
        Server {
            port,
            requests,
            stop,
        }
    }

    /// A server that redirects every request to `location`.
    fn redirecting(location: &str) -> Server {
        Server::start(format!(
            "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        ))
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

/// An unsigned OB 3.0 credential by `issuer` naming a revocation list at
/// each of `lists`.
fn credential(issuer: &str, lists: &[String]) -> Value {
    let status: Vec<Value> = lists
        .iter()
        .enumerate()
        .map(|(i, url)| {
            json!({
                "id": format!("{url}#{i}"),
                "type": "BitstringStatusListEntry",
                "statusPurpose": "revocation",
                "statusListIndex": i.to_string(),
                "statusListCredential": url,
            })
        })
        .collect();
    let mut cred = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:0c3b9b8e-5a4f-4f8e-9d1e-2b7f6f1e8a21",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "salt": "NaCl42",
                "identityHash": "sha256$45754e5bb5be6ecd54b9f2e00c88b0980e50b356d6a53209b4dc8925f4e6d24b"}],
            "achievement": {"id": "https://example.edu/a/1", "type": ["Achievement"], "name": "Barista",
                "description": "Makes a latte.", "criteria": {"narrative": "Pass the exam."}}
        }
    });
    if !status.is_empty() {
        cred["credentialStatus"] = Value::Array(status);
    }
    cred
}

/// A did:key issuer's badge naming the lists at `lists`.
fn did_key_badge(dir: &Path, lists: &[String]) -> PathBuf {
    let key = dir.join("key.json");
    ok(&["keygen", "-o", s(&key)]);
    let k: Value = serde_json::from_slice(&std::fs::read(&key).unwrap()).unwrap();
    sign_badge(dir, &key, k["controller"].as_str().unwrap(), lists)
}

/// A did:web issuer at `domain` (host:port): its key, and a badge naming `lists`.
fn did_web_badge(dir: &Path, domain: &str, lists: &[String]) -> PathBuf {
    let key = dir.join("key.json");
    let web_key = dir.join("web-key.json");
    ok(&["keygen", "-o", s(&key)]);
    ok(&[
        "did-web",
        "--key",
        s(&key),
        "--domain",
        domain,
        "-o",
        s(&dir.join("did.json")),
        "--key-out",
        s(&web_key),
    ]);
    let k: Value = serde_json::from_slice(&std::fs::read(&web_key).unwrap()).unwrap();
    sign_badge(dir, &web_key, k["controller"].as_str().unwrap(), lists)
}

fn sign_badge(dir: &Path, key: &Path, issuer: &str, lists: &[String]) -> PathBuf {
    let cred = dir.join("cred.json");
    let badge = dir.join("badge.json");
    std::fs::write(&cred, credential(issuer, lists).to_string()).unwrap();
    ok(&[
        "sign",
        "--key",
        s(key),
        "--suite",
        "eddsa-jcs-2022",
        "-o",
        s(&badge),
        s(&cred),
    ]);
    badge
}

/// Runs `kiln verify --json` with `args`: exit code, report, wall time.
fn verify(args: &[&str]) -> (i32, Value, Duration) {
    let mut all = vec!["verify", "--json"];
    all.extend_from_slice(args);
    let start = Instant::now();
    let out = kiln(&all);
    let took = start.elapsed();
    let report: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    (out.status.code().unwrap(), report, took)
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check: {report:#}"))
}

fn detail<'a>(report: &'a Value, name: &str) -> &'a str {
    check(report, name)["detail"].as_str().unwrap()
}

fn warnings(report: &Value) -> String {
    report["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn eight_silent_lists_end_within_the_default_budget() {
    let servers: Vec<(TcpListener, u16)> = (0..8).map(|_| silent_server()).collect();
    let lists: Vec<String> = servers
        .iter()
        .map(|(_, port)| format!("http://127.0.0.1:{port}/status/1"))
        .collect();
    let dir = scratch("silent-default");
    let badge = did_key_badge(&dir, &lists);
    let (code, report, took) = verify(&[s(&badge), "--allow-http-localhost"]);
    assert!(
        took < Duration::from_secs(10) + MARGIN,
        "8 silent lists took {took:?}: one 10 s budget for all, not 10 s each"
    );
    assert_eq!(check(&report, "status")["outcome"], "skipped", "{report:#}");
    let d = detail(&report, "status");
    assert!(
        d.contains("did not answer within the 10 s budget for online checks"),
        "{d}"
    );
    assert!(d.contains("and 5 more"), "all eight are unanswered: {d}");
    assert!(
        warnings(&report).contains("Revocation could not be checked"),
        "{report:#}"
    );
    // The signature checks out; revocation is unknown and the report says so.
    assert_eq!(check(&report, "proof")["outcome"], "passed");
    assert_eq!(report["verdict"], "verified");
    assert_eq!(code, 0);
    drop(servers);
}

#[test]
fn online_timeout_sets_the_budget() {
    let servers: Vec<(TcpListener, u16)> = (0..8).map(|_| silent_server()).collect();
    let lists: Vec<String> = servers
        .iter()
        .map(|(_, port)| format!("http://127.0.0.1:{port}/lists/{port}"))
        .collect();
    let dir = scratch("silent-budget");
    let badge = did_key_badge(&dir, &lists);
    let (_, report, took) = verify(&[
        s(&badge),
        "--allow-http-localhost",
        "--online-timeout",
        "1.5",
    ]);
    assert!(took < Duration::from_millis(1500) + MARGIN, "took {took:?}");
    assert!(
        took >= Duration::from_millis(1400),
        "the servers were waited for: {took:?}"
    );
    assert_eq!(check(&report, "status")["outcome"], "skipped", "{report:#}");
    assert!(
        detail(&report, "status").contains("did not answer within the 1.5 s budget"),
        "{report:#}"
    );
    // A bad budget is a usage error.
    for bad in ["0", "-2", "soon", "100000"] {
        let out = kiln(&["verify", s(&badge), "--online-timeout", bad]);
        assert_eq!(out.status.code(), Some(2), "--online-timeout {bad}");
    }
    drop(servers);
}

#[test]
fn silent_did_web_host_leaves_the_key_unchecked_within_the_budget() {
    let (listener, port) = silent_server();
    let dir = scratch("silent-did-web");
    let lists: Vec<String> = (0..7)
        .map(|i| format!("http://127.0.0.1:{port}/status/{i}"))
        .collect();
    let badge = did_web_badge(&dir, &format!("127.0.0.1:{port}"), &lists);
    let (code, report, took) =
        verify(&[s(&badge), "--allow-http-localhost", "--online-timeout", "2"]);
    assert!(took < Duration::from_secs(2) + MARGIN, "took {took:?}");
    // Without the issuer's key nothing is verified: could not check.
    assert_eq!(code, 2, "{report:#}");
    assert_eq!(report["verdict"], "error");
    assert_eq!(check(&report, "proof")["outcome"], "skipped");
    let d = detail(&report, "proof");
    assert!(d.contains("did not answer within the 2 s budget"), "{d}");
    assert!(d.contains("/.well-known/did.json"), "{d}");
    drop(listener);
}

#[test]
fn redirect_to_another_host_is_refused() {
    let dir = scratch("redirect-host");
    // `localhost` is this machine too, but another host name: refused.
    let target = Server::start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".into());
    let away = Server::redirecting(&format!("http://localhost:{}/status/1", target.port));
    let list = format!("http://127.0.0.1:{}/status/1", away.port);
    let badge = did_key_badge(&dir, std::slice::from_ref(&list));
    let (_, report, took) = verify(&[s(&badge), "--allow-http-localhost"]);
    assert!(took < Duration::from_secs(10) + MARGIN, "took {took:?}");
    assert_eq!(check(&report, "status")["outcome"], "skipped", "{report:#}");
    let d = detail(&report, "status");
    assert!(
        d.contains(&format!(
            "redirected to another host (localhost:{}), which is refused",
            target.port
        )),
        "{d}"
    );
    assert_eq!(away.requests().len(), 1, "{:?}", away.requests());
    assert!(target.requests().is_empty(), "{:?}", target.requests());

    // A redirect into the local network, or hiding a host behind a user
    // name, is refused before it is followed.
    for (location, why) in [
        (
            "https://169.254.169.254/latest/meta-data/".to_owned(),
            "a link-local (169.254.0.0/16) address",
        ),
        (
            format!("http://localhost:1@127.0.0.1:{}/status/1", target.port),
            "user name or password",
        ),
    ] {
        let away = Server::redirecting(&location);
        let dir = scratch("redirect-private");
        let list = format!("http://127.0.0.1:{}/status/1", away.port);
        let badge = did_key_badge(&dir, std::slice::from_ref(&list));
        let (_, report, _) = verify(&[s(&badge), "--allow-http-localhost"]);
        assert_eq!(check(&report, "status")["outcome"], "skipped", "{report:#}");
        let d = detail(&report, "status");
        assert!(d.contains("redirected to a URL that is refused"), "{d}");
        assert!(d.contains(why), "{d}");
    }
    assert!(target.requests().is_empty(), "{:?}", target.requests());
}

#[test]
fn a_user_name_cannot_pass_for_localhost() {
    // A real server behind the `@`: it must never be asked.
    let other = Server::start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".into());
    let dir = scratch("userinfo");
    let lists = vec![
        format!("http://localhost:1@127.0.0.1:{}/status/1", other.port),
        "http://localhost:1@other-host/status/1".to_owned(),
        "http://127.0.0.1@other-host/status/1".to_owned(),
    ];
    let badge = did_key_badge(&dir, &lists);
    let (_, report, took) = verify(&[s(&badge), "--allow-http-localhost"]);
    assert!(took < MARGIN, "refused without a request: {took:?}");
    assert_eq!(check(&report, "status")["outcome"], "skipped", "{report:#}");
    let d = detail(&report, "status");
    for url in &lists {
        assert!(
            d.contains(&format!(
                "{url}: it carries a user name or password before an @"
            )),
            "{d}"
        );
    }
    assert!(other.requests().is_empty(), "{:?}", other.requests());
}

#[test]
fn private_addresses_are_refused_before_any_connection() {
    let cases = [
        ("https://10.0.0.1/status/1", "private (10.0.0.0/8)"),
        (
            "https://169.254.169.254/latest/meta-data/",
            "link-local (169.254.0.0/16)",
        ),
        ("https://172.16.0.1/status/1", "private (172.16.0.0/12)"),
        ("https://192.168.1.1/status/1", "private (192.168.0.0/16)"),
        ("https://100.64.0.1/status/1", "shared (100.64.0.0/10)"),
        ("https://0.0.0.0/status/1", "unspecified"),
        ("https://[fd00::1]/status/1", "unique local (fc00::/7)"),
        ("https://[fe80::1]/status/1", "link-local (fe80::/10)"),
        (
            "https://[::ffff:169.254.169.254]/status/1",
            "link-local (169.254.0.0/16)",
        ),
        ("https://[::ffff:7f00:1]/status/1", "this machine"),
        ("https://127.0.0.1/status/1", "this machine"),
        ("https://[::1]/status/1", "this machine"),
    ];
    for (url, why) in cases {
        let dir = scratch("private");
        let badge = did_key_badge(&dir, &[url.to_owned()]);
        // Without --allow-http-localhost.
        let (_, report, took) = verify(&[s(&badge)]);
        assert!(took < MARGIN, "{url}: refused without a request: {took:?}");
        assert_eq!(check(&report, "status")["outcome"], "skipped", "{report:#}");
        let d = detail(&report, "status");
        assert!(d.contains(url) && d.contains(why), "{url}: {d}");
        // Allowing this machine does not open the network around it.
        if !why.contains("this machine") {
            let (_, report, _) = verify(&[s(&badge), "--allow-http-localhost"]);
            let d = detail(&report, "status");
            assert!(d.contains(why) && d.contains("refused"), "{url}: {d}");
        }
    }
}

#[test]
fn did_web_on_a_private_address_is_refused() {
    let dir = scratch("did-web-private");
    let badge = did_web_badge(&dir, "169.254.169.254", &[]);
    let (code, report, took) = verify(&[s(&badge), "--allow-http-localhost"]);
    assert!(took < MARGIN, "took {took:?}");
    assert_eq!(code, 2, "{report:#}");
    assert_eq!(report["verdict"], "error");
    let d = detail(&report, "proof");
    assert!(
        d.contains("https://169.254.169.254/.well-known/did.json")
            && d.contains("link-local (169.254.0.0/16)"),
        "{d}"
    );
}
