//! `kiln check-publish` against a small HTTP server on 127.0.0.1: a document
//! a browser can read, and one of each way it cannot (no CORS header, a CORS
//! header for one site only, 404, a redirect, a web page instead of JSON, too
//! large, no answer, plain http refused); `kiln did-web` and `kiln status new`
//! print the header advice.

use crate::common;
use common::{kiln, scratch};
use std::collections::BTreeMap;
use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One response: status, headers, body; `None` is a request never answered.
type Reply = Option<(u16, Vec<(String, String)>, Vec<u8>)>;

/// Serves `routes` by path (404 otherwise), logging each request's head;
/// stops when dropped or after 60 seconds.
struct Server {
    port: u16,
    heads: Arc<Mutex<Vec<String>>>,
    stop: Arc<AtomicBool>,
}

impl Server {
    fn start(routes: BTreeMap<String, Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let heads: Arc<Mutex<Vec<String>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let (log, st) = (heads.clone(), stop.clone());
        std::thread::spawn(move || {
            let deadline = Instant::now() + Duration::from_secs(60);
            let mut held = Vec::new();
            while !st.load(Ordering::Relaxed) && Instant::now() < deadline {
                match listener.accept() {
                    Ok((stream, _)) => {
                        if let Some(s) = handle(stream, &routes, &log) {
                            held.push(s);
                        }
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Server { port, heads, stop }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// Answers one request; returns the stream when it is to be held unanswered.
fn handle(
    mut stream: TcpStream,
    routes: &BTreeMap<String, Reply>,
    log: &Mutex<Vec<String>>,
) -> Option<TcpStream> {
    let text = common::read_request_head(&mut stream);
    let path = text.split_whitespace().nth(1).unwrap_or("/").to_owned();
    log.lock().unwrap().push(text);
    let reply =
        routes
            .get(&path)
            .cloned()
            .unwrap_or(Some((404, Vec::new(), b"not found".to_vec())));
    let Some((status, headers, body)) = reply else {
        return Some(stream);
    };
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
    None
}

fn reply(status: u16, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    Some((
        status,
        headers
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        body.to_vec(),
    ))
}

const DOC: &[u8] = br#"{"@context": "https://www.w3.org/ns/did/v1", "id": "did:web:127.0.0.1"}"#;
const ANY: (&str, &str) = ("Access-Control-Allow-Origin", "*");
const JSON: (&str, &str) = ("Content-Type", "application/json");

fn check(args: &[&str]) -> (Output, String) {
    let mut all = vec!["check-publish", "--allow-http-localhost"];
    all.extend_from_slice(args);
    let out = kiln(&all);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, stdout)
}

fn server() -> Server {
    let mut routes = BTreeMap::new();
    routes.insert("/good.json".to_owned(), reply(200, &[ANY, JSON], DOC));
    routes.insert(
        "/ld.json".to_owned(),
        reply(
            200,
            &[ANY, ("Content-Type", "application/did+ld+json")],
            DOC,
        ),
    );
    routes.insert("/nocors.json".to_owned(), reply(200, &[JSON], DOC));
    routes.insert(
        "/one-site.json".to_owned(),
        reply(
            200,
            &[
                ("Access-Control-Allow-Origin", "https://issuer.example"),
                JSON,
            ],
            DOC,
        ),
    );
    routes.insert(
        "/moved.json".to_owned(),
        reply(301, &[ANY, ("Location", "/good.json")], b""),
    );
    routes.insert(
        "/page.json".to_owned(),
        reply(
            200,
            &[ANY, ("Content-Type", "text/html")],
            b"<!doctype html><p>Welcome</p>",
        ),
    );
    let big = [
        b"{\"x\": \"".as_slice(),
        &vec![b'a'; 4 * 1024 * 1024],
        b"\"}",
    ]
    .concat();
    routes.insert("/big.json".to_owned(), reply(200, &[ANY, JSON], &big));
    routes.insert("/never.json".to_owned(), None);
    Server::start(routes)
}

#[test]
fn a_document_any_page_can_read_passes() {
    let s = server();
    let (out, text) = check(&[&s.url("/good.json"), &s.url("/ld.json")]);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("ok    Access-Control-Allow-Origin: *"),
        "{text}"
    );
    assert!(
        text.contains("ok    Content-Type: application/json"),
        "{text}"
    );
    assert!(
        text.contains("ok    Content-Type: application/did+ld+json"),
        "{text}"
    );
    assert!(text.contains("ok    a JSON object"), "{text}");
    assert_eq!(
        text.matches("=> a web page on any site can read it")
            .count(),
        2,
        "{text}"
    );
    assert!(!text.contains("FAIL"), "{text}");
    // Asked as a page on another site would: with an Origin header, without cookies.
    let heads = s.heads.lock().unwrap().clone();
    assert!(
        heads.iter().all(|h| h
            .to_ascii_lowercase()
            .contains("\r\norigin: https://verifier.example")),
        "{heads:?}"
    );
    assert!(
        heads
            .iter()
            .all(|h| !h.to_ascii_lowercase().contains("\r\ncookie:")),
        "{heads:?}"
    );
}

#[test]
fn each_way_a_browser_cannot_read_it_is_named() {
    let s = server();
    let cases = [
        (
            "/nocors.json",
            "FAIL  no Access-Control-Allow-Origin header",
        ),
        (
            "/one-site.json",
            "FAIL  Access-Control-Allow-Origin: https://issuer.example: pages on https://verifier.example may not read it",
        ),
        ("/missing.json", "FAIL  HTTP 404"),
        ("/moved.json", "FAIL  HTTP 301, a redirect to /good.json"),
        ("/page.json", "FAIL  not a JSON document"),
        ("/big.json", "FAIL  more than 4194304 bytes"),
    ];
    for (path, expected) in cases {
        let (out, text) = check(&[&s.url(path)]);
        assert_eq!(out.status.code(), Some(1), "{path}: {text}");
        assert!(text.contains(expected), "{path}: {text}");
        assert!(
            text.contains("=> a web page on another site cannot read it"),
            "{path}: {text}"
        );
        // Plain http to this machine is allowed for tests, and still noted.
        assert!(
            text.contains("note  plain http to this machine"),
            "{path}: {text}"
        );
    }
    let (_, text) = check(&[&s.url("/page.json")]);
    assert!(text.contains("note  Content-Type: text/html"), "{text}");
    // The origin named is the one asked for.
    let (_, text) = check(&[
        "--origin",
        "https://issuer.example",
        &s.url("/one-site.json"),
    ]);
    assert!(
        text.contains("only pages on https://issuer.example may read it"),
        "{text}"
    );
}

#[test]
fn no_answer_is_given_up_within_the_timeout() {
    let s = server();
    let started = Instant::now();
    let (out, text) = check(&["--timeout", "1", &s.url("/never.json")]);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAIL  no answer within 1 s"), "{text}");
}

#[test]
fn refused_addresses_and_bad_usage() {
    // Without --allow-http-localhost, this machine is refused before any request.
    let out = kiln(&["check-publish", "http://127.0.0.1:9/did.json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("FAIL  not fetched"), "{text}");
    let out = kiln(&["check-publish", "https://10.0.0.1/did.json"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("private"), "{text}");
    let out = kiln(&[
        "check-publish",
        "--origin",
        "verifier.example",
        "https://example.org/",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = kiln(&["check-publish"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn did_web_and_status_new_give_the_header_advice() {
    let dir = scratch("check-publish");
    let key = dir.join("key.json");
    let key_s = key.to_str().unwrap();
    assert!(kiln(&["keygen", "-o", key_s]).status.success());
    let out = kiln(&[
        "did-web",
        "--key",
        key_s,
        "--domain",
        "badges.example",
        "-o",
        dir.join("did.json").to_str().unwrap(),
    ]);
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Access-Control-Allow-Origin: *"), "{err}");
    assert!(
        err.contains("kiln check-publish https://badges.example/.well-known/did.json"),
        "{err}"
    );
    let list = dir.join("list.json");
    let out = kiln(&[
        "status",
        "new",
        "--key",
        key_s,
        "--url",
        "https://badges.example/status/1",
        "-o",
        list.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kiln check-publish https://badges.example/status/1"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
