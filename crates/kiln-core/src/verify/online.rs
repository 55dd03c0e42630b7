//! Online checks without I/O in the core: the pipeline asks for documents by
//! URL, the caller fetches them, and verification runs again with what was
//! fetched, until nothing new is asked for.
//!
//! This keeps kiln-core synchronous and free of any HTTP client or async
//! runtime: the browser answers with `fetch()`, the CLI with its HTTP client,
//! tests with a map. Each round re-runs the (fast) offline checks; the number
//! of rounds is bounded by [`Limits::max_rounds`], and whatever is still missing after
//! the last round is reported as "could not be checked", never as passed.
//!
//! The documents of a round are asked for together
//! ([`verify_online_batched`](super::verify_online_batched)), so the caller can fetch them in parallel and
//! hold all the online work of a verification to one time budget: what did
//! not come in time is answered with [`Fetched::Failed`] and its reason, and
//! the checks that needed it are skipped with that reason.
//!
//! Before a URL is asked for, [`crate::url::check_url`] parses it (a small
//! strict parser: scheme, host, port) and compares hosts, never prefixes:
//! https only, plain http only to this machine and only when the caller
//! allows it, no user names or passwords in URLs, and no IP address outside
//! the public internet. A refused URL is never handed to the caller; its
//! check is skipped with the reason.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

use serde_json::Value;

pub use super::fetched::Fetched;
use super::options::VerifyOptions;
use crate::{credential, limits::Limits};

use crate::url::url_allowed;

/// What the checks of one round can see: the documents fetched so far, and
/// the URLs they asked for that were not there.
#[derive(Debug, Default)]
#[allow(dead_code)] // read by the online checks (status lists, did:web)
pub(crate) struct Web<'a> {
    online: bool,
    allow_http_localhost: bool,
    last_round: bool,
    fetched: Option<&'a BTreeMap<String, Fetched>>,
    needs: RefCell<Vec<String>>,
    limits: Limits,
    /// How deep inside other credentials the one being verified sits (0:
    /// the input itself; 1: a CLR's nested credential or an embedded
    /// endorsement): nested verifications share this round and its budget.
    nesting: Cell<usize>,
    pinned: Option<&'a super::pinned::Documents>,
    /// The pinned documents the checks read, in order, each once.
    used_pinned: RefCell<Vec<String>>,
    /// How a credential inside another one is verified (the pipeline's
    /// top sets it: the checks below it call it without importing it).
    embedded: Option<Embedded>,
}

/// Verifies a credential found inside another one (a CLR's nested
/// credential, an embedded endorsement) with the whole pipeline.
pub(crate) type Embedded = fn(&Value, &VerifyOptions, &Web<'_>) -> super::report::Report;

/// The answer to a request for a document.
#[derive(Debug)]
#[allow(dead_code)] // used by the online checks
pub(crate) enum Lookup<'a> {
    /// Here it is.
    Have(&'a Fetched),
    /// Not fetched yet: the check should be skipped for now (it is retried next round).
    Pending,
    /// It will not be fetched: offline, a refused URL, or rounds exhausted. The reason is given.
    Unavailable(String),
}

impl<'a> Web<'a> {
    pub(crate) fn new(options: &'a VerifyOptions, last_round: bool) -> Self {
        Web {
            online: options.online,
            allow_http_localhost: options.allow_http_localhost,
            last_round,
            fetched: Some(&options.fetched),
            needs: RefCell::new(Vec::new()),
            limits: options.limits.clone(),
            nesting: Cell::new(0),
            pinned: Some(&options.documents),
            used_pinned: RefCell::new(Vec::new()),
            embedded: None,
        }
    }

    /// The same, verifying nested credentials with `f`.
    #[cfg(feature = "nested")]
    pub(crate) fn with_embedded(mut self, f: Embedded) -> Self {
        self.embedded = Some(f);
        self
    }

    /// Verifies `item`, a credential inside the one being verified (a JSON
    /// object or a VC-JWT string), one level deeper on this round.
    #[cfg_attr(not(feature = "nested"), allow(dead_code))]
    pub(crate) fn verify_embedded(
        &self,
        item: &Value,
        options: &VerifyOptions,
    ) -> super::report::Report {
        match self.embedded {
            Some(f) => f(item, options, self),
            None => super::report::Report::from_error(&crate::error::Error::unsupported(
                crate::code::Code::PayloadUnknown,
                "credentials inside credentials are not verified here",
            )),
        }
    }

    /// How deep inside other credentials the current verification sits.
    pub(crate) fn nesting(&self) -> usize {
        self.nesting.get()
    }

    /// Runs `f` one level deeper (a nested credential or an endorsement).
    #[cfg(feature = "nested")]
    pub(crate) fn nested<T>(&self, f: impl FnOnce() -> T) -> T {
        let depth = self.nesting.get();
        self.nesting.set(depth.saturating_add(1));
        let out = f();
        self.nesting.set(depth);
        out
    }

    /// The JSON document at `url`: the one way every check reads a document
    /// from the web (DID and controller documents, JWK sets, status lists,
    /// revocation lists, OB 2.0 assertions, BadgeClasses, Issuers and keys).
    ///
    /// One rule set for all of them:
    /// - the answer must be HTTP 200. Another 2xx is not the document: 204
    ///   has no body, 206 is a piece of one, 203 is a proxy's rewrite of it.
    ///   Other statuses come back as [`Doc::Status`] so a check can give them
    ///   a meaning (OB 2.0: 410 Gone means revoked);
    /// - the body is at most `max_payload_bytes` (a fetched document is read
    ///   like the credential that names it), UTF-8, an optional byte order
    ///   mark, then one JSON object read by [`credential::read_json`]
    ///   (unique member names, `max_json_depth`, `max_json_nodes`);
    /// - the `Content-Type` is not a rule. Static hosts label `did.json` and
    ///   `jwks.json` `text/plain` or `application/octet-stream` as often as
    ///   `application/json`, and a label cannot make a body JSON: the strict
    ///   reader is the check, and it refuses an HTML error page as surely.
    pub(crate) fn get_json(&self, url: &str) -> Doc {
        let body = match self.get(url) {
            Lookup::Pending => return Doc::Pending,
            Lookup::Unavailable(why) => return Doc::Unavailable(why),
            Lookup::Have(Fetched::Failed(why)) => return Doc::Unavailable(why.clone()),
            Lookup::Have(Fetched::Response {
                status: 200, body, ..
            }) => body,
            Lookup::Have(Fetched::Response { status, .. }) => return Doc::Status(*status),
        };
        match read_document(url, body, &self.limits) {
            Ok(doc) => Doc::Json(doc),
            Err(why) => Doc::Unreadable(why),
        }
    }

    /// Asks for the document at `url`.
    #[allow(dead_code)] // used by the online checks
    pub(crate) fn get(&self, url: &str) -> Lookup<'a> {
        // A pinned document takes the place of a fetch, online or not.
        if let Some(f) = self.pinned.and_then(|p| p.get(url)) {
            self.note_pinned(url);
            return Lookup::Have(f);
        }
        if !self.online {
            return Lookup::Unavailable("online checks are turned off".into());
        }
        if let Err(why) = url_allowed(url, self.allow_http_localhost) {
            return Lookup::Unavailable(why);
        }
        if let Some(f) = self.fetched.and_then(|m| m.get(url)) {
            return Lookup::Have(f);
        }
        if self.last_round {
            return Lookup::Unavailable(format!("{url} could not be fetched"));
        }
        let mut needs = self.needs.borrow_mut();
        if !needs.iter().any(|u| u == url) {
            let had = self.fetched.map_or(0, BTreeMap::len);
            let max = self.limits.max_documents;
            if had.saturating_add(needs.len()) >= max {
                return Lookup::Unavailable(format!(
                    "{url} was not fetched: this badge needs more than {max} documents from the web"
                ));
            }
            needs.push(url.to_owned());
        }
        Lookup::Pending
    }

    /// Whether plain `http:` to 127.0.0.1 / localhost is allowed.
    #[cfg(feature = "jws")]
    pub(crate) fn allow_http_localhost(&self) -> bool {
        self.allow_http_localhost
    }

    /// Records that a check read the pinned document at `url`.
    pub(crate) fn note_pinned(&self, url: &str) {
        let mut used = self.used_pinned.borrow_mut();
        if !used.iter().any(|u| u == url) {
            used.push(url.to_owned());
        }
    }

    /// The pinned documents the checks read.
    pub(crate) fn used_pinned(&self) -> Vec<String> {
        self.used_pinned.borrow().clone()
    }

    pub(crate) fn into_needs(self) -> Vec<String> {
        self.needs.into_inner()
    }
}

/// A JSON document asked for with [`Web::get_json`], or why there is none.
#[derive(Debug)]
pub(crate) enum Doc {
    /// The document: a JSON object.
    Json(Value),
    /// Not fetched yet: asked for in this round, retried in the next.
    Pending,
    /// It will not be had: online checks off, a refused URL, the network
    /// failed, too many documents, or the last round. The reason.
    Unavailable(String),
    /// The server answered with this HTTP status instead of 200.
    Status(u16),
    /// The body is not a JSON object within the limits: the reason, naming the URL.
    Unreadable(String),
}

impl Doc {
    /// Why there is no document, for a message; `None` for a document.
    pub(crate) fn why_not(&self, url: &str) -> Option<String> {
        match self {
            Doc::Json(_) => None,
            Doc::Pending => Some(format!("waiting for {url}")),
            Doc::Unavailable(why) | Doc::Unreadable(why) => Some(why.clone()),
            Doc::Status(status) => Some(format!("{url} answered HTTP {status}")),
        }
    }
}

/// A fetched body as a JSON object, by [`Web::get_json`]'s rules.
fn read_document(url: &str, body: &[u8], limits: &Limits) -> std::result::Result<Value, String> {
    if body.len() > limits.max_payload_bytes {
        return Err(format!(
            "{url} sent {} bytes; a document may have at most {} (max_payload_bytes)",
            body.len(),
            limits.max_payload_bytes
        ));
    }
    let text = std::str::from_utf8(body).map_err(|e| {
        format!(
            "{url} did not send UTF-8 text (invalid byte at {})",
            e.valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match credential::read_json(text, limits, url) {
        Ok(doc @ Value::Object(_)) => Ok(doc),
        Ok(_) => Err(format!("{url} did not answer with a JSON object")),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_for_a_bounded_number_of_documents() {
        let mut options = VerifyOptions {
            online: true,
            ..VerifyOptions::default()
        };
        for i in 0..Limits::default().max_documents - 2 {
            options
                .fetched
                .insert(format!("https://example.edu/{i}"), Fetched::ok("{}"));
        }
        let web = Web::new(&options, false);
        assert!(matches!(web.get("https://example.edu/0"), Lookup::Have(_)));
        assert!(matches!(web.get("https://a.example/1"), Lookup::Pending));
        assert!(matches!(web.get("https://a.example/2"), Lookup::Pending));
        assert!(matches!(web.get("https://a.example/2"), Lookup::Pending));
        let Lookup::Unavailable(why) = web.get("https://a.example/3") else {
            panic!("the seventeenth document must not be asked for")
        };
        assert!(why.contains("more than 16 documents"), "{why}");
        assert_eq!(web.into_needs().len(), 2);
    }

    #[test]
    fn the_document_bound_is_the_callers() {
        let options = VerifyOptions {
            online: true,
            limits: Limits {
                max_documents: 2,
                ..Limits::default()
            },
            ..VerifyOptions::default()
        };
        let web = Web::new(&options, false);
        assert!(matches!(web.get("https://a.example/1"), Lookup::Pending));
        assert!(matches!(web.get("https://a.example/2"), Lookup::Pending));
        let Lookup::Unavailable(why) = web.get("https://a.example/3") else {
            panic!("a third document must not be asked for")
        };
        assert!(why.contains("more than 2 documents"), "{why}");
    }

    /// What [`Web::get_json`] makes of one answer at a URL.
    fn doc_of(answer: Fetched, limits: Limits) -> Doc {
        let url = "https://issuer.example/doc.json";
        let mut options = VerifyOptions {
            online: true,
            limits,
            ..VerifyOptions::default()
        };
        options.fetched.insert(url.to_owned(), answer);
        Web::new(&options, false).get_json(url)
    }

    fn status(status: u16, body: &str) -> Fetched {
        Fetched::Response {
            status,
            content_type: Some("application/json".into()),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn one_rule_set_for_every_document() {
        let ok = |body: &str| doc_of(Fetched::ok(body), Limits::default());
        assert!(matches!(ok(r#"{"id":"x"}"#), Doc::Json(_)));
        // A byte order mark is allowed, as in a baked credential.
        assert!(matches!(ok("\u{feff}{\"id\":\"x\"}"), Doc::Json(_)));
        // Only 200 is the document; every other status is reported as such.
        for code in [201, 203, 204, 206, 301, 404, 410, 500] {
            match doc_of(status(code, r#"{"id":"x"}"#), Limits::default()) {
                Doc::Status(s) => assert_eq!(s, code),
                other => panic!("HTTP {code} gave {other:?}"),
            }
        }
        // The strict reader: an object, unique names, bounded depth and size.
        let unreadable = |doc: Doc, why: &str| match doc {
            Doc::Unreadable(w) => assert!(w.contains(why), "{w}"),
            other => panic!("{why}: {other:?}"),
        };
        unreadable(ok("[1, 2]"), "not answer with a JSON object");
        unreadable(ok("<html>Not found</html>"), "doc.json");
        unreadable(ok(r#"{"id":"a","id":"b"}"#), "twice");
        let deep = format!("{{\"a\":{}{}}}", "[".repeat(100), "]".repeat(100));
        unreadable(ok(&deep), "deeper");
        let small = Limits {
            max_payload_bytes: 16,
            ..Limits::default()
        };
        unreadable(
            doc_of(Fetched::ok(r#"{"id":"https://issuer.example/1"}"#), small),
            "max_payload_bytes",
        );
        unreadable(
            doc_of(Fetched::ok(vec![b'{', 0xff, b'}']), Limits::default()),
            "UTF-8",
        );
        assert!(matches!(
            doc_of(Fetched::Failed("timed out".into()), Limits::default()),
            Doc::Unavailable(w) if w == "timed out"
        ));
    }

    #[test]
    fn documents_not_had_say_why() {
        let offline = VerifyOptions::default();
        let web = Web::new(&offline, false);
        let doc = web.get_json("https://issuer.example/doc.json");
        assert!(matches!(&doc, Doc::Unavailable(w) if w.contains("turned off")));
        let online = VerifyOptions {
            online: true,
            ..VerifyOptions::default()
        };
        let web = Web::new(&online, false);
        let doc = web.get_json("https://issuer.example/doc.json");
        assert!(matches!(doc, Doc::Pending));
        assert_eq!(
            doc.why_not("https://issuer.example/doc.json").as_deref(),
            Some("waiting for https://issuer.example/doc.json")
        );
        assert!(matches!(
            web.get_json("https://10.0.0.1/doc.json"),
            Doc::Unavailable(w) if w.contains("private")
        ));
    }

    #[test]
    fn only_https_or_local_http_when_allowed() {
        assert!(url_allowed("https://example.edu/list", false).is_ok());
        assert!(url_allowed("http://example.edu/list", true).is_err());
        assert!(url_allowed("http://127.0.0.1:8080/list", false).is_err());
        assert!(url_allowed("http://127.0.0.1:8080/list", true).is_ok());
        assert!(url_allowed("http://localhost/x", true).is_ok());
        assert!(url_allowed("http://[::1]:9/x", true).is_ok());
        assert!(url_allowed("http://127.0.0.1.evil.com/x", true).is_err());
        assert!(url_allowed("file:///etc/passwd", true).is_err());
        assert!(url_allowed("ftp://example.edu/", true).is_err());
        assert!(url_allowed("HTTP://LOCALHOST:8/x", true).is_ok());
        assert!(url_allowed("https://localhost/x", true).is_ok());
    }

    fn refused(url: &str, allow_local: bool, why: &str) {
        match url_allowed(url, allow_local) {
            Ok(()) => panic!("{url} was allowed"),
            Err(e) => assert!(e.contains(why), "{url}: {e}"),
        }
    }

    #[test]
    fn compares_hosts_never_prefixes() {
        // Each of these starts like a local URL and names another host.
        refused(
            "http://localhost:1@other-host/",
            true,
            "user name or password",
        );
        refused(
            "http://127.0.0.1@other-host/",
            true,
            "user name or password",
        );
        refused("http://localhost.other-host/", true, "plain http");
        refused("http://localhost\\@other-host/", true, "backslash");
        refused("http://127.0.0.1:80\\@other-host/", true, "backslash");
        refused("http://[::1].other-host/", true, "follows its IPv6");
        refused("http://0x7f.1/", true, "plain dotted quad");
    }

    #[test]
    fn refuses_this_machine_and_private_networks() {
        refused("https://localhost/x", false, "this machine");
        refused("https://127.0.0.1/x", false, "this machine");
        refused("https://[::1]/x", false, "this machine");
        refused("https://[::ffff:127.0.0.1]/x", false, "this machine");
        refused("https://a.localhost/x", false, "this machine");
        for (url, range) in [
            ("https://10.0.0.1/list", "private (10.0.0.0/8)"),
            ("https://169.254.169.254/latest/meta-data/", "link-local"),
            ("https://172.16.5.4/", "private (172.16.0.0/12)"),
            ("https://192.168.0.1/", "private (192.168.0.0/16)"),
            ("https://100.64.0.1/", "shared"),
            ("https://0.0.0.0/", "unspecified"),
            ("https://[fc00::1]/", "unique local"),
            ("https://[fe80::1]/", "link-local"),
            ("https://[::ffff:169.254.169.254]/", "link-local"),
            ("https://[::ffff:a00:1]/", "private (10.0.0.0/8)"),
        ] {
            // Allowing this machine does not allow the network around it.
            refused(url, true, range);
            refused(url, false, range);
        }
        assert!(url_allowed("https://93.184.215.14/x", false).is_ok());
        assert!(url_allowed("https://[2606:4700::1111]/x", false).is_ok());
    }
}
