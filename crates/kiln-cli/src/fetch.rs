//! The CLI's fetcher for online checks: a blocking HTTPS client, bounded in
//! time and in where it may connect.
//!
//! - **One time budget** ([`DEFAULT_BUDGET`], 10 s; `kiln verify
//!   --online-timeout`) for all the online work of one verification. The
//!   documents of a round are fetched in parallel, one thread each, and a
//!   document that has not come when the budget runs out is answered with
//!   its reason ("... did not answer within the 10 s budget"): the checks
//!   that needed it are skipped, never passed, and the verification ends
//!   within the budget plus a small margin, whatever the servers do.
//! - **Only public addresses.** Each URL is parsed and checked by
//!   [`kiln_core::url::check_url`] (https only; no user names or
//!   passwords; no IP literal in a private, loopback or link-local range)
//!   and fetched in its normalised form. The host name is then resolved by
//!   [`CheckedResolver`], which refuses it when any address it resolves to
//!   is not public (so `internal.example` pointing at 10.0.0.1 is refused,
//!   and so is 169.254.169.254), and the connection goes only to the
//!   addresses it checked: a DNS answer that changes between a check and
//!   the connection (DNS rebinding) cannot slip in. When local hosts are
//!   allowed (`--allow-http-localhost`), loopback addresses are accepted
//!   too, over https or plain http; private networks never are.
//! - **Redirects** are followed by hand, at most `Limits::max_redirects`, only
//!   within the same host and port; each target passes the same checks, so a
//!   redirect cannot lead to plain http, to another host, or into the
//!   local network.
//! - Bodies are capped (`Limits::max_input_bytes`). Proxy settings from the
//!   environment (`HTTPS_PROXY`, ...) are not used: the address checks apply
//!   to the server actually connected to.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use kiln_core::Limits;
use kiln_core::url::{WebUrl, address_range, check_url, is_loopback};
use kiln_core::verify::Fetched;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

// The fetcher's bounds, all here: the time budget below, and from the
// caller's `kiln_core::Limits` the redirects followed (`max_redirects`) and
// the body size (`max_input_bytes`).

/// The time budget for all the online work of one verification (and for
/// each document `kiln check-publish` reads), unless the caller gives another.
pub const DEFAULT_BUDGET: Duration = Duration::from_secs(10);
/// Longest budget accepted (`--online-timeout`).
pub const MAX_BUDGET: Duration = Duration::from_secs(Limits::MAX_ONLINE_BUDGET_SECS);

/// Fetches documents for [`kiln_core::verify::verify_online_batched`],
/// within one time budget counted from [`Fetcher::new`].
#[derive(Debug)]
pub struct Fetcher {
    client: Client,
    budget: Duration,
    deadline: Instant,
}

/// What one fetch needs, cloned into each fetching thread.
#[derive(Debug, Clone)]
struct Client {
    agent: ureq::Agent,
    max_bytes: usize,
    max_redirects: usize,
    allow_local: bool,
    budget: Duration,
}

/// Why the resolver refused a host (carried through `ureq::Error::Other`).
#[derive(Debug)]
struct Refused(String);

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

/// A resolver that resolves like ureq's own, then refuses the host when any
/// address it got is not public (loopback is accepted when local hosts are
/// allowed), and plain http to anything but loopback. ureq connects only to
/// the addresses it returns.
#[derive(Debug)]
pub struct CheckedResolver {
    allow_local: bool,
}

impl Resolver for CheckedResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let addrs = DefaultResolver::default().resolve(uri, config, timeout)?;
        let host = uri.host().unwrap_or("");
        let plain_http = uri.scheme_str() != Some("https");
        for addr in addrs.iter() {
            let ip = addr.ip();
            let local = is_loopback(ip);
            let why = match address_range(ip) {
                Some(_) if local && self.allow_local => None,
                Some(range) if local => Some(format!(
                    "{host} resolves to {ip}, a {range} address, which is refused unless local hosts are allowed (--allow-http-localhost)"
                )),
                Some(range) => Some(format!(
                    "{host} resolves to {ip}, a {range} address, which is refused: badge documents live on the public internet"
                )),
                None if plain_http => Some(format!(
                    "{host} resolves to {ip}, which is not this machine; plain http is allowed only to this machine"
                )),
                None => None,
            };
            if let Some(why) = why {
                return Err(ureq::Error::Other(Box::new(Refused(why))));
            }
        }
        Ok(addrs)
    }
}

/// `10 s`, `2.5 s`: a budget as the reports name it.
pub fn seconds(d: Duration) -> String {
    let ms = d.as_millis();
    if ms.is_multiple_of(1000) {
        format!("{} s", ms / 1000)
    } else {
        format!("{} s", d.as_secs_f64())
    }
}

/// Reads `--online-timeout`: seconds, a decimal number above 0 and at most
/// [`MAX_BUDGET`].
pub fn parse_budget(text: &str) -> Result<Duration, String> {
    let secs: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number of seconds"))?;
    if !secs.is_finite() || secs <= 0.0 || secs > MAX_BUDGET.as_secs_f64() {
        return Err(format!(
            "{text:?}: the time budget must be above 0 and at most {} seconds",
            MAX_BUDGET.as_secs()
        ));
    }
    Ok(Duration::from_secs_f64(secs))
}

/// An HTTP agent that follows no redirect itself (the caller counts them),
/// takes an error status as an answer, uses no proxy, resolves names
/// through [`CheckedResolver`] (https only, unless `allow_local`), and ends
/// every request within `budget`.
pub fn agent(allow_local: bool, budget: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .timeout_global(Some(budget))
        .max_redirects(0)
        .http_status_as_error(false)
        .https_only(!allow_local)
        .proxy(None)
        .user_agent(concat!("kiln/", env!("CARGO_PKG_VERSION")))
        .build();
    ureq::Agent::with_parts(
        config,
        DefaultConnector::new(),
        CheckedResolver { allow_local },
    )
}

impl Fetcher {
    /// A fetcher refusing bodies over `limits.max_input_bytes` and following
    /// at most `limits.max_redirects`, accepting this machine (loopback, over
    /// https or plain http) when `allow_local` is set, and ending all its
    /// work within `budget` from now.
    pub fn new(limits: &Limits, allow_local: bool, budget: Duration) -> Self {
        let agent = agent(allow_local, budget);
        Fetcher {
            client: Client {
                agent,
                max_bytes: limits.max_input_bytes,
                max_redirects: limits.max_redirects,
                allow_local,
                budget,
            },
            budget,
            deadline: Instant::now() + budget,
        }
    }

    /// The response for `url`, or why there is none, within what is left of
    /// the budget.
    #[cfg(test)]
    pub fn fetch(&self, url: &str) -> Fetched {
        self.fetch_all(&[url.to_owned()])
            .pop()
            .unwrap_or_else(|| Fetched::Failed(format!("{url} was not fetched")))
    }

    /// The responses for `urls`, in order, fetched in parallel within what is
    /// left of the budget; a document that has not come by then is answered
    /// with the reason.
    pub fn fetch_all(&self, urls: &[String]) -> Vec<Fetched> {
        let mut answers: Vec<Option<Fetched>> = vec![None; urls.len()];
        let (tx, rx) = mpsc::channel::<(usize, Fetched)>();
        let mut waiting = 0usize;
        for (i, url) in urls.iter().enumerate() {
            // Refused URLs are answered at once, without a thread.
            let checked = match check_url(url, self.client.allow_local) {
                Ok(u) => u,
                Err(why) => {
                    answers[i] = Some(Fetched::Failed(why));
                    continue;
                }
            };
            if Instant::now() >= self.deadline {
                answers[i] = Some(self.out_of_time(url));
                continue;
            }
            let (client, tx, owned, deadline) =
                (self.client.clone(), tx.clone(), url.clone(), self.deadline);
            let spawned = std::thread::Builder::new()
                .name("kiln-fetch".into())
                .spawn(move || {
                    let got = client.fetch(&owned, checked, deadline);
                    let _ = tx.send((i, got));
                });
            match spawned {
                Ok(_) => waiting += 1,
                Err(e) => {
                    answers[i] = Some(Fetched::Failed(format!(
                        "{url} was not fetched: no thread to fetch it ({e})"
                    )));
                }
            }
        }
        drop(tx);
        let mut timed_out = false;
        while waiting > 0 {
            let left = self.deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok((i, got)) => {
                    if let Some(slot) = answers.get_mut(i) {
                        *slot = Some(got);
                    }
                    waiting -= 1;
                }
                // Out of time: the threads still running are left behind,
                // their answers no longer waited for.
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    timed_out = true;
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        answers
            .into_iter()
            .zip(urls)
            .map(|(a, url)| {
                a.unwrap_or_else(|| {
                    if timed_out {
                        self.out_of_time(url)
                    } else {
                        Fetched::Failed(format!("{url} was not fetched"))
                    }
                })
            })
            .collect()
    }

    fn out_of_time(&self, url: &str) -> Fetched {
        out_of_time(url, self.budget)
    }
}

/// The answer for a document that did not come within the budget.
fn out_of_time(url: &str, budget: Duration) -> Fetched {
    Fetched::Failed(format!(
        "{url} did not answer within the {} budget for online checks",
        seconds(budget)
    ))
}

impl Client {
    /// Fetches `url` (already checked and parsed as `first`), following
    /// redirects within its host, until `deadline`.
    fn fetch(&self, url: &str, first: WebUrl, deadline: Instant) -> Fetched {
        let mut current = first;
        for _ in 0..=self.max_redirects {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return out_of_time(url, self.budget);
            }
            let target = current.to_string();
            let result = self
                .agent
                .get(&target)
                .config()
                .timeout_global(Some(left))
                .build()
                .header("Accept", "application/json, application/ld+json, */*;q=0.5")
                .call();
            let mut response = match result {
                Ok(r) => r,
                Err(ureq::Error::Other(e)) if e.is::<Refused>() => {
                    return Fetched::Failed(format!("{target} was not fetched: {e}"));
                }
                Err(ureq::Error::Timeout(_)) => return out_of_time(url, self.budget),
                Err(e) => return Fetched::Failed(format!("{target} could not be fetched: {e}")),
            };
            let status = response.status().as_u16();
            if (300..400).contains(&status) {
                let Some(location) = response
                    .headers()
                    .get("location")
                    .and_then(|v| v.to_str().ok())
                else {
                    return Fetched::Failed(format!(
                        "{target} redirected (HTTP {status}) without saying where"
                    ));
                };
                current = match self.redirect(&current, location) {
                    Ok(next) => next,
                    Err(why) => return Fetched::Failed(why),
                };
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
                    Fetched::Failed(format!("{target} sent more than {} bytes", self.max_bytes))
                }
                Err(ureq::Error::Timeout(_)) => out_of_time(url, self.budget),
                Err(e) => Fetched::Failed(format!("{target} could not be read: {e}")),
            };
        }
        Fetched::Failed(format!(
            "{url} redirected more than {} times",
            self.max_redirects
        ))
    }

    /// The next URL of a redirect from `from` to `location`, or why it is
    /// not followed: it must pass the same checks as any URL, stay on the
    /// same host and port, and not leave https for plain http.
    fn redirect(&self, from: &WebUrl, location: &str) -> Result<WebUrl, String> {
        let next = from
            .join(location)
            .map_err(|why| format!("{from} redirected to a URL that is refused: {why}"))?;
        let text = next.to_string();
        check_url(&text, self.allow_local)
            .map_err(|why| format!("{from} redirected to a URL that is refused: {why}"))?;
        if !next.same_host(from) {
            return Err(format!(
                "{from} redirected to another host ({}), which is refused: only redirects within {} are followed",
                next.authority(),
                from.authority()
            ));
        }
        if from.is_https() && !next.is_https() {
            return Err(format!(
                "{from} redirected to plain http ({next}), which is refused"
            ));
        }
        Ok(next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Serves one HTTP response with `body` on 127.0.0.1, then stops.
    fn serve_once(head: String, body: Vec<u8>) -> String {
        use std::io::{Read as _, Write as _};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        std::thread::spawn(move || {
            if let Ok((mut stream, _)) = listener.accept() {
                let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            }
        });
        format!("http://127.0.0.1:{port}/doc")
    }

    fn serve_json(body: Vec<u8>) -> String {
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        );
        serve_once(head, body)
    }

    fn serve_redirect(location: &str) -> String {
        let head = format!(
            "HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        serve_once(head, Vec::new())
    }

    fn fetcher(max: usize, allow_local: bool) -> Fetcher {
        let mut limits = Limits::default();
        limits.max_input_bytes = max;
        Fetcher::new(&limits, allow_local, Duration::from_secs(5))
    }

    fn failed(got: Fetched) -> String {
        match got {
            Fetched::Failed(why) => why,
            other => panic!("expected a failure, got {other:?}"),
        }
    }

    #[test]
    fn caps_the_body() {
        let url = serve_json(vec![b'x'; 5000]);
        let why = failed(fetcher(1000, true).fetch(&url));
        assert!(why.contains("more than 1000 bytes"), "{why}");
        let url = serve_json(b"{}".to_vec());
        let got = fetcher(1000, true).fetch(&url);
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
        let f = fetcher(1024, false);
        let why = failed(f.fetch("http://example.edu/list"));
        assert!(why.contains("plain http"), "{why}");
        let why = failed(f.fetch("http://127.0.0.1:1/list"));
        assert!(why.contains("--allow-http-localhost"), "{why}");
    }

    #[test]
    fn refuses_private_addresses_before_connecting() {
        // Literal addresses are refused by the URL check: no thread, no socket.
        let f = fetcher(1024, true);
        for (url, range) in [
            ("https://10.0.0.1/list", "private"),
            ("https://169.254.169.254/latest/meta-data/", "link-local"),
            ("https://[fd00::1]/x", "unique local"),
            ("https://[::ffff:192.168.0.1]/x", "private"),
        ] {
            let why = failed(f.fetch(url));
            assert!(why.contains(range), "{url}: {why}");
        }
    }

    #[test]
    fn the_resolver_checks_every_address() {
        let config = ureq::Agent::config_builder().build();
        let resolve = |allow_local: bool, url: &str| {
            let uri: Uri = url.parse().unwrap();
            CheckedResolver { allow_local }
                .resolve(&uri, &config, NextTimeout::default())
                .map(|a| a.iter().map(|s| s.ip()).collect::<Vec<_>>())
                .map_err(|e| e.to_string())
        };
        // `localhost` is a name: only the resolver sees its address.
        let why = resolve(false, "https://localhost:9/x").unwrap_err();
        assert!(why.contains("loopback"), "{why}");
        assert!(resolve(true, "https://localhost:9/x").is_ok());
        assert!(resolve(true, "http://127.0.0.1:9/x").is_ok());
        // Allowing this machine does not allow the network around it.
        let why = resolve(true, "https://10.1.2.3:9/x").unwrap_err();
        assert!(why.contains("private (10.0.0.0/8)"), "{why}");
        let why = resolve(true, "https://[fe80::1]:9/x").unwrap_err();
        assert!(why.contains("link-local"), "{why}");
        let why = resolve(true, "http://93.184.215.14:9/x").unwrap_err();
        assert!(why.contains("plain http"), "{why}");
    }

    #[test]
    fn redirects_stay_on_the_host() {
        let f = fetcher(1024, true);
        let url = serve_redirect("http://localhost:1@other-host/x");
        let why = failed(f.fetch(&url));
        assert!(why.contains("user name or password"), "{why}");
        let url = serve_redirect("//localhost/x");
        let why = failed(f.fetch(&url));
        assert!(why.contains("another host (localhost)"), "{why}");
        let url = serve_redirect("https://169.254.169.254/latest/meta-data/");
        let why = failed(f.fetch(&url));
        assert!(why.contains("link-local"), "{why}");
    }

    #[test]
    fn a_batch_shares_one_budget() {
        // Three servers that accept and never answer, and one that answers.
        let silent: Vec<std::net::TcpListener> = (0..3)
            .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
            .collect();
        let mut urls: Vec<String> = silent
            .iter()
            .map(|l| format!("http://127.0.0.1:{}/x", l.local_addr().unwrap().port()))
            .collect();
        urls.push(serve_json(b"{}".to_vec()));
        let mut limits = Limits::default();
        limits.max_input_bytes = 1024;
        let f = Fetcher::new(&limits, true, Duration::from_millis(700));
        let start = Instant::now();
        let got = f.fetch_all(&urls);
        let took = start.elapsed();
        assert!(took < Duration::from_millis(1500), "took {took:?}");
        assert_eq!(got.len(), 4);
        for (g, url) in got.iter().zip(&urls).take(3) {
            let Fetched::Failed(why) = g else {
                panic!("{url}: {g:?}")
            };
            assert_eq!(
                why,
                &format!("{url} did not answer within the 0.7 s budget for online checks")
            );
        }
        assert!(
            matches!(got[3], Fetched::Response { status: 200, .. }),
            "{:?}",
            got[3]
        );
        // The budget is spent: later rounds are answered at once.
        let again = f.fetch_all(&urls[..1]);
        assert!(start.elapsed() < Duration::from_millis(1500));
        assert!(matches!(&again[0], Fetched::Failed(w) if w.contains("0.7 s budget")));
        drop(silent);
    }

    #[test]
    fn budgets_read_and_print() {
        assert_eq!(parse_budget("10").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_budget("2.5").unwrap(), Duration::from_millis(2500));
        assert!(parse_budget("0").is_err());
        assert!(parse_budget("-1").is_err());
        assert!(parse_budget("inf").is_err());
        assert!(parse_budget("NaN").is_err());
        assert!(parse_budget("601").is_err());
        assert!(parse_budget("ten").is_err());
        assert_eq!(seconds(Duration::from_secs(10)), "10 s");
        assert_eq!(seconds(Duration::from_millis(2500)), "2.5 s");
    }
}
