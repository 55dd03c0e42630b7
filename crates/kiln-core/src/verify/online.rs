//! Online checks without I/O in the core: the pipeline asks for documents by
//! URL, the caller fetches them, and verification runs again with what was
//! fetched, until nothing new is asked for.
//!
//! This keeps kiln-core synchronous and free of any HTTP client or async
//! runtime: the browser answers with `fetch()`, the CLI with its HTTP client,
//! tests with a map. Each round re-runs the (fast) offline checks; the number
//! of rounds is bounded by [`MAX_ROUNDS`], and whatever is still missing after
//! the last round is reported as "could not be checked", never as passed.

use std::cell::RefCell;
use std::collections::BTreeMap;

use super::{Report, VerifyOptions};
use crate::Result;

/// Most fetch-and-retry rounds [`verify_online`] runs (a status list, its
/// issuer's DID document, an OB 2.0 BadgeClass and Issuer need at most four).
pub const MAX_ROUNDS: usize = 5;

/// Most distinct documents one verification asks for: a badge naming a
/// thousand status lists or keys must not make the caller fetch a thousand URLs.
pub const MAX_DOCUMENTS: usize = 16;

/// What the caller got for one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fetched {
    /// An HTTP response (any status; the check decides what a 404 or 410 means).
    Response {
        /// HTTP status code.
        status: u16,
        /// The `Content-Type` header, if any.
        content_type: Option<String>,
        /// The body, already bounded by the caller to `Limits::max_input_bytes`.
        body: Vec<u8>,
    },
    /// The request failed (network error, refused URL, too large), with the reason.
    Failed(String),
}

impl Fetched {
    /// A 200 response with this body.
    pub fn ok(body: impl Into<Vec<u8>>) -> Self {
        Fetched::Response {
            status: 200,
            content_type: None,
            body: body.into(),
        }
    }
}

/// Whether a URL may be fetched at all: `https:` always; `http:` only for
/// 127.0.0.1 / localhost / `[::1]` when `allow_http_localhost` is set.
pub fn url_allowed(url: &str, allow_http_localhost: bool) -> std::result::Result<(), String> {
    if url.starts_with("https://") {
        return Ok(());
    }
    if let Some(rest) = url.strip_prefix("http://") {
        let host_port = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = if let Some(v6) = host_port.strip_prefix('[') {
            v6.split(']').next().unwrap_or("")
        } else {
            host_port.split(':').next().unwrap_or("")
        };
        let local = matches!(host, "127.0.0.1" | "localhost" | "::1");
        return if local && allow_http_localhost {
            Ok(())
        } else if local {
            Err(format!(
                "{url} uses plain http; allow it for local testing with --allow-http-localhost"
            ))
        } else {
            Err(format!(
                "{url} uses plain http, which an attacker on the network could change"
            ))
        };
    }
    Err(format!("{url} is not an https URL"))
}

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
}

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
        }
    }

    /// Asks for the document at `url`.
    #[allow(dead_code)] // used by the online checks
    pub(crate) fn get(&self, url: &str) -> Lookup<'a> {
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
            if had.saturating_add(needs.len()) >= MAX_DOCUMENTS {
                return Lookup::Unavailable(format!(
                    "{url} was not fetched: this badge needs more than {MAX_DOCUMENTS} documents from the web"
                ));
            }
            needs.push(url.to_owned());
        }
        Lookup::Pending
    }

    /// Whether plain `http:` to 127.0.0.1 / localhost is allowed.
    pub(crate) fn allow_http_localhost(&self) -> bool {
        self.allow_http_localhost
    }

    pub(crate) fn into_needs(self) -> Vec<String> {
        self.needs.into_inner()
    }
}

/// Verifies with online checks, asking `fetch` for each document the checks
/// need. `fetch` is called at most once per URL.
pub fn verify_online(
    input: &[u8],
    options: &VerifyOptions,
    fetch: &mut dyn FnMut(&str) -> Fetched,
) -> Result<Report> {
    let mut options = options.clone();
    for round in 0..MAX_ROUNDS {
        let last = round + 1 == MAX_ROUNDS;
        let (report, needs) = super::verify_round(input, &options, last)?;
        let new: Vec<String> = needs
            .into_iter()
            .filter(|u| !options.fetched.contains_key(u))
            .collect();
        if new.is_empty() || last || !options.online {
            return Ok(report);
        }
        for url in new {
            let got = fetch(&url);
            options.fetched.insert(url, got);
        }
    }
    super::verify_round(input, &options, true).map(|(r, _)| r)
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
        for i in 0..MAX_DOCUMENTS - 2 {
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
    }
}
