//! The CLI's fetcher for online checks: a blocking HTTPS client.
//!
//! Each request has a 10-second overall timeout and a body cap
//! (`Limits::max_input_bytes`). Only `https:` is fetched, except plain
//! `http:` to 127.0.0.1 / localhost when allowed (tests, local previews).
//! Redirects are followed by hand, at most [`MAX_REDIRECTS`], and each target
//! must pass the same rule, so a redirect cannot lead to plain http.

use std::time::Duration;

use kiln_core::verify::Fetched;
use kiln_core::verify::online::url_allowed;

/// Most redirects followed for one document.
pub const MAX_REDIRECTS: usize = 3;
/// Overall time allowed for one request.
pub const TIMEOUT: Duration = Duration::from_secs(10);

/// Fetches documents for [`kiln_core::verify::verify_online`].
#[derive(Debug)]
pub struct Fetcher {
    agent: ureq::Agent,
    max_bytes: usize,
    allow_http_localhost: bool,
}

impl Fetcher {
    /// A fetcher refusing bodies over `max_bytes`.
    pub fn new(max_bytes: usize, allow_http_localhost: bool) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .max_redirects(0)
            .http_status_as_error(false)
            .https_only(!allow_http_localhost)
            .user_agent(concat!("kiln/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Fetcher {
            agent,
            max_bytes,
            allow_http_localhost,
        }
    }

    /// The response for `url`, or why there is none.
    pub fn fetch(&self, url: &str) -> Fetched {
        let mut current = url.to_owned();
        for _ in 0..=MAX_REDIRECTS {
            if let Err(why) = url_allowed(&current, self.allow_http_localhost) {
                return Fetched::Failed(why);
            }
            let mut response = match self
                .agent
                .get(&current)
                .header("Accept", "application/json, application/ld+json, */*;q=0.5")
                .call()
            {
                Ok(r) => r,
                Err(e) => return Fetched::Failed(format!("{current} could not be fetched: {e}")),
            };
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                let Some(location) = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                else {
                    return Fetched::Failed(format!(
                        "{current} redirected (HTTP {status}) without saying where"
                    ));
                };
                current = join(&current, location);
                continue;
            }
            let content_type = response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let limit = u64::try_from(self.max_bytes).unwrap_or(u64::MAX);
            return match response.body_mut().with_config().limit(limit).read_to_vec() {
                Ok(body) => Fetched::Response {
                    status,
                    content_type,
                    body,
                },
                Err(ureq::Error::BodyExceedsLimit(_)) => {
                    Fetched::Failed(format!("{current} sent more than {} bytes", self.max_bytes))
                }
                Err(e) => Fetched::Failed(format!("{current} could not be read: {e}")),
            };
        }
        Fetched::Failed(format!("{url} redirected more than {MAX_REDIRECTS} times"))
    }
}

/// Resolves a `Location` against the URL it came from (absolute, or
/// absolute-path `/...`; anything else relative to the directory).
fn join(base: &str, location: &str) -> String {
    if location.contains("://") {
        return location.to_owned();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if let Some(path) = location.strip_prefix("//") {
        return format!("{scheme}://{path}");
    }
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = rest.get(authority.len()..).unwrap_or("");
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rsplit_once('/').map_or("", |(d, _)| d);
    format!("{scheme}://{authority}{dir}/{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joins_locations() {
        assert_eq!(
            join("https://a.edu/x/y", "https://b.edu/z"),
            "https://b.edu/z"
        );
        assert_eq!(join("https://a.edu/x/y?q", "/z"), "https://a.edu/z");
        assert_eq!(join("https://a.edu/x/y", "z"), "https://a.edu/x/z");
        assert_eq!(
            join("http://127.0.0.1:9/x", "//evil.com/z"),
            "http://evil.com/z"
        );
    }

    /// Serves one HTTP response with `body` on 127.0.0.1, then stops.
    fn serve_once(body: Vec<u8>) -> String {
        use std::io::{Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        format!("http://127.0.0.1:{port}/doc")
    }

    #[test]
    fn caps_the_body() {
        let url = serve_once(vec![b'x'; 5000]);
        let Fetched::Failed(why) = Fetcher::new(1000, true).fetch(&url) else {
            panic!("a body over the cap must be refused")
        };
        assert!(why.contains("more than 1000 bytes"), "{why}");
        let url = serve_once(b"{}".to_vec());
        let got = Fetcher::new(1000, true).fetch(&url);
        assert_eq!(
            got,
            Fetched::Response {
                status: 200,
                content_type: Some("application/json".into()),
                body: b"{}".to_vec()
            }
        );
    }

    #[test]
    fn refuses_plain_http() {
        let f = Fetcher::new(1024, false);
        let Fetched::Failed(why) = f.fetch("http://example.edu/list") else {
            panic!("plain http must be refused")
        };
        assert!(why.contains("plain http"), "{why}");
        let Fetched::Failed(why) = f.fetch("http://127.0.0.1:1/list") else {
            panic!("local http without the flag must be refused")
        };
        assert!(why.contains("--allow-http-localhost"), "{why}");
    }
}
