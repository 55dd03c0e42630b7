//! `kiln check-publish [--origin ORIGIN] [--timeout SECONDS] [--allow-http-localhost] URL...`
//!
//! Fetches documents an issuer has published (a `did.json`, a status list, a
//! hosted OB 2.0 assertion) as a web page on another site would, and says
//! whether a browser could read them: https, HTTP 200 with no redirect, an
//! `Access-Control-Allow-Origin` header that lets any site read it (`*`), a
//! JSON content type, a size within what the verifier reads, and a JSON
//! object. Each finding is one line, "ok", "FAIL" or "note", with what to
//! change. Exit status 0 when a browser could read every document, 1 when
//! one it could not, 2 for bad usage.
//!
//! The request is a plain GET with an `Origin` header and no cookies, as the
//! verify page and `<kiln-badge>` send it (no preflight is involved). The
//! same address checks as `kiln verify` apply (no private networks).

use std::process::ExitCode;
use std::time::Duration;

use kiln_core::Limits;
use kiln_core::url::check_url;

use crate::fetch::{self, parse_budget, seconds};

/// Options of `kiln check-publish`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The published documents (https URLs): did.json, status lists, hosted assertions.
    #[arg(required = true, value_name = "URL")]
    urls: Vec<String>,
    /// The origin of the page that would read them, sent as the Origin header.
    #[arg(long, default_value = "https://verifier.example")]
    origin: String,
    /// Seconds allowed for each document [default: 10].
    #[arg(long, value_name = "SECONDS", value_parser = parse_budget)]
    timeout: Option<Duration>,
    /// Also accept this machine (127.0.0.1, localhost) over plain http or https, as for tests.
    #[arg(long)]
    allow_http_localhost: bool,
}

/// One line of the report.
#[derive(Debug, PartialEq, Eq)]
enum Finding {
    Ok(String),
    Fail(String),
    Note(String),
}

impl Finding {
    fn line(&self) -> String {
        match self {
            Finding::Ok(s) => format!("  ok    {s}"),
            Finding::Fail(s) => format!("  FAIL  {s}"),
            Finding::Note(s) => format!("  note  {s}"),
        }
    }
}

/// What `kiln did-web` and `kiln status new` say about serving the document at `url`.
pub fn header_advice(url: &str) -> String {
    format!(
        "kiln: serve it with the headers Access-Control-Allow-Origin: * and Content-Type: application/json, \
         or web pages (the verify page, <kiln-badge>) cannot read it; check with: kiln check-publish {url}"
    )
}

/// The time allowed for each document: `--timeout`, or the fetcher's default.
fn budget(args: &Args) -> Duration {
    args.timeout.unwrap_or(fetch::DEFAULT_BUDGET)
}

/// Runs `kiln check-publish`.
pub fn run(args: Args) -> Result<ExitCode, String> {
    if !args.origin.starts_with("https://") && !args.origin.starts_with("http://") {
        return Err(format!(
            "--origin {}: an origin is a scheme and a host, such as https://verifier.example",
            args.origin
        ));
    }
    let agent = fetch::agent(args.allow_http_localhost, budget(&args));
    let max = Limits::default().max_payload_bytes;
    let mut all_readable = true;
    for url in &args.urls {
        let findings = check(&agent, url, &args, max);
        let readable = !findings.iter().any(|f| matches!(f, Finding::Fail(_)));
        all_readable &= readable;
        outln!("{url}");
        for f in &findings {
            outln!("{}", f.line());
        }
        outln!(
            "  => {}",
            if readable {
                "a web page on any site can read it"
            } else {
                "a web page on another site cannot read it: online checks in the browser will be skipped"
            }
        );
    }
    Ok(if all_readable {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The findings for one URL.
fn check(agent: &ureq::Agent, url: &str, args: &Args, max: usize) -> Vec<Finding> {
    let mut out = Vec::new();
    let checked = match check_url(url, args.allow_http_localhost) {
        Ok(u) => u,
        Err(why) => {
            out.push(Finding::Fail(format!("not fetched: {why}")));
            return out;
        }
    };
    if checked.is_https() {
        out.push(Finding::Ok("https".into()));
    } else if args.allow_http_localhost {
        // check_url lets plain http through only to this machine, and only with the flag.
        out.push(Finding::Note(
            "plain http to this machine (--allow-http-localhost): publish it over https".into(),
        ));
    } else {
        out.push(Finding::Fail(
            "plain http: browsers on https pages and kiln refuse it; publish it over https".into(),
        ));
    }
    let target = checked.to_string();
    let result = agent
        .get(&target)
        .header("Origin", &args.origin)
        .header("Accept", "application/json, application/ld+json, */*;q=0.5")
        .call();
    let mut response = match result {
        Ok(r) => r,
        Err(ureq::Error::Timeout(_)) => {
            out.push(Finding::Fail(format!(
                "no answer within {}: the server may be down or very slow",
                seconds(budget(args))
            )));
            return out;
        }
        Err(e) => {
            out.push(Finding::Fail(format!("could not be fetched: {e}")));
            return out;
        }
    };
    let status = response.status().as_u16();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).trim().to_owned())
    };
    let allow_origin = header("access-control-allow-origin");
    let content_type = header("content-type");
    let location = header("location");
    match status {
        200 => out.push(Finding::Ok("HTTP 200".into())),
        300..=399 => out.push(Finding::Fail(format!(
            "HTTP {status}, a redirect to {}: publish the document at this URL itself (every step of a redirect needs the CORS header, and kiln follows redirects only within the host)",
            location.as_deref().unwrap_or("nowhere")
        ))),
        _ => out.push(Finding::Fail(format!(
            "HTTP {status}: the document is not served at this URL"
        ))),
    }
    match allow_origin.as_deref() {
        Some("*") => out.push(Finding::Ok(
            "Access-Control-Allow-Origin: * (any site's pages may read it)".into(),
        )),
        Some(v) if v == args.origin => out.push(Finding::Fail(format!(
            "Access-Control-Allow-Origin: {v}: only pages on {v} may read it; badges are checked on any site, so send Access-Control-Allow-Origin: *"
        ))),
        Some(v) => out.push(Finding::Fail(format!(
            "Access-Control-Allow-Origin: {v}: pages on {} may not read it; send Access-Control-Allow-Origin: *",
            args.origin
        ))),
        None => out.push(Finding::Fail(
            "no Access-Control-Allow-Origin header: web pages on other sites cannot read it; configure the server to send Access-Control-Allow-Origin: * for this file".into(),
        )),
    }
    if status != 200 {
        return out;
    }
    let essence = content_type.as_deref().map(|t| {
        t.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    match essence.as_deref() {
        Some(t) if t == "application/json" || t.ends_with("+json") => {
            out.push(Finding::Ok(format!("Content-Type: {t}")));
        }
        Some(t) => out.push(Finding::Note(format!(
            "Content-Type: {t}: Kiln reads it anyway, but other verifiers may not; serve it as application/json"
        ))),
        None => out.push(Finding::Note(
            "no Content-Type: Kiln reads it anyway, but other verifiers may not; serve it as application/json".into(),
        )),
    }
    let limit = u64::try_from(max).unwrap_or(u64::MAX);
    let body = match response.body_mut().with_config().limit(limit).read_to_vec() {
        Ok(b) => b,
        Err(ureq::Error::BodyExceedsLimit(_)) => {
            out.push(Finding::Fail(format!(
                "more than {max} bytes, the most the verifier reads of a document"
            )));
            return out;
        }
        Err(e) => {
            out.push(Finding::Fail(format!("the body could not be read: {e}")));
            return out;
        }
    };
    out.push(Finding::Ok(format!(
        "{} bytes (the verifier reads at most {max})",
        body.len()
    )));
    let text = match std::str::from_utf8(&body) {
        Ok(t) => t.strip_prefix('\u{feff}').unwrap_or(t),
        Err(e) => {
            out.push(Finding::Fail(format!(
                "not UTF-8 text (invalid byte at {})",
                e.valid_up_to()
            )));
            return out;
        }
    };
    match kiln_core::credential::parse_json(text, &Limits::default()) {
        Ok(v) if v.is_object() => out.push(Finding::Ok("a JSON object".into())),
        Ok(_) => out.push(Finding::Fail("JSON, but not an object".into())),
        Err(e) => out.push(Finding::Fail(format!("not a JSON document: {e}"))),
    }
    out
}
