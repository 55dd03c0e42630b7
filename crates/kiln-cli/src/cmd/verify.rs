//! `kiln verify INPUT [--json] [--at RFC3339] [--offline] [--trust FILE]
//! [--recipient EMAIL] [--online-timeout SECONDS] [--allow-http-localhost]`
//!
//! Online checks (status lists, did:web keys, OB 2.0 hosted assertions) run
//! by default through the HTTPS fetcher in `crate::fetch`: the documents of
//! each round are fetched in parallel, all within one time budget (10 s, or
//! `--online-timeout`), from public addresses only. A document that does
//! not come in time, or is refused, leaves its check skipped with the
//! reason. `--offline` skips them all with the reason.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use kiln_core::verify::{self, Outcome, Report, TrustList, Verdict, VerifyOptions};
use kiln_core::{Error, parse_datetime};

/// Verify a baked badge (PNG, SVG), a JSON credential or a compact JWS.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The badge: .png, .svg, .json, .jws, or - for standard input.
    input: PathBuf,
    /// Print the report as JSON (the Report contract).
    #[arg(long)]
    json: bool,
    /// Check the validity dates against this time (RFC 3339) instead of now.
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
    /// Make no network requests: online checks (revocation, did:web keys) are skipped with the reason.
    #[arg(long)]
    offline: bool,
    /// A trust list (JSON: {"name": "...", "issuers": [{"id": "did:...", "name": "..."}]}):
    /// an issuer listed there is reported as confirmed.
    #[arg(long, value_name = "FILE")]
    trust: Option<PathBuf>,
    /// Check that the badge was issued to this email address (or URL, or phone number).
    #[arg(long, value_name = "EMAIL")]
    recipient: Option<String>,
    /// Time budget, in seconds, for all the online checks of this badge
    /// together (documents are fetched in parallel) [default: 10]. What has
    /// not come by then is skipped with the reason, never passed.
    #[arg(long, value_name = "SECONDS", value_parser = crate::fetch::parse_budget)]
    online_timeout: Option<std::time::Duration>,
    /// Allow fetching from this machine (localhost, 127.0.0.0/8, [::1]), over
    /// https or plain http, for testing and local previews. Without it these are
    /// refused; private and link-local networks (10.0.0.0/8, 192.168.0.0/16,
    /// 169.254.0.0/16, fc00::/7, ...) are always refused.
    #[arg(long)]
    allow_http_localhost: bool,
}

/// Exit 0 verified, 1 invalid, 2 could not check.
pub fn run(args: Args) -> ExitCode {
    let now = match &args.at {
        Some(at) => match parse_datetime(at) {
            Ok(t) => t,
            Err(e) => return super::fail(std::path::Path::new("--at"), e),
        },
        None => super::now(),
    };
    let bytes = match read_input(&args.input) {
        Ok(b) => b,
        Err(e) => return super::fail(&args.input, e),
    };
    let mut options = VerifyOptions::at(now);
    options.online = !args.offline;
    options.allow_http_localhost = args.allow_http_localhost;
    options.recipient = args.recipient.clone();
    if let Some(path) = &args.trust {
        let text = match super::read_limited(path, 4 * 1024 * 1024)
            .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_owned()))
        {
            Ok(t) => t,
            Err(e) => return super::fail(path, e),
        };
        match TrustList::from_json(&text) {
            Ok(list) => options.trust = Some(list),
            Err(e) => return super::fail(path, e),
        }
    }
    let result = if options.online {
        let fetcher = crate::fetch::Fetcher::new(
            &options.limits,
            args.allow_http_localhost,
            args.online_timeout.unwrap_or(crate::fetch::DEFAULT_BUDGET),
        );
        verify::verify_online_batched(&bytes, &options, &mut |urls: &[String]| {
            fetcher.fetch_all(urls)
        })
    } else {
        verify::verify(&bytes, &options)
    };
    let report = match result {
        Ok(report) => report,
        Err(e) if args.json => Report::from_error(&e),
        Err(e) => return super::fail(&args.input, e),
    };
    if args.json {
        let text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
        outln!("{text}");
    } else {
        out!("{}", human(&report));
    }
    match report.verdict {
        Verdict::Verified => ExitCode::SUCCESS,
        Verdict::Invalid => ExitCode::from(1),
        Verdict::Error => ExitCode::from(2),
    }
}

fn read_input(path: &std::path::Path) -> Result<Vec<u8>, Error> {
    let limit = kiln_core::Limits::default().max_input_bytes as u64;
    let mut bytes = Vec::new();
    let result = if path.as_os_str() == "-" {
        std::io::stdin().take(limit + 1).read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    result.map_err(|e| Error::misuse(kiln_core::Code::Io, format!("cannot read it: {e}")))?;
    Ok(bytes)
}

/// The report for a terminal: a verdict line, what the badge says, one line per check.
fn human(report: &Report) -> String {
    let mut out = String::new();
    let verdict = match report.verdict {
        Verdict::Verified => "VERIFIED: this badge is genuine.",
        Verdict::Invalid => "NOT VALID: this badge failed a check.",
        Verdict::Error => "COULD NOT CHECK: Kiln could not decide whether this badge is genuine.",
    };
    out.push_str(verdict);
    out.push('\n');
    if let Some(c) = &report.credential {
        let s = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
        if let Some(name) = s(c.pointer("/achievement/name")).or_else(|| s(c.get("name"))) {
            out.push_str(&format!("  Achievement: {name}\n"));
        }
        let issuer = s(c.pointer("/issuer/name"))
            .into_iter()
            .chain(s(c.pointer("/issuer/id")))
            .collect::<Vec<_>>();
        if !issuer.is_empty() {
            out.push_str(&format!("  Issuer:      {}\n", issuer.join(", ")));
        }
        if let Some(who) = s(c.pointer("/subject/name")).or_else(|| s(c.pointer("/subject/id"))) {
            out.push_str(&format!("  Recipient:   {who}\n"));
        }
    }
    if let Some(identity) = &report.identity {
        out.push_str(&format!("  Identity:    {}\n", identity.detail));
    }
    out.push_str(&super::verify_stack::stack(report));
    for check in &report.checks {
        let mark = match check.outcome {
            Outcome::Passed => "pass",
            Outcome::Failed => "FAIL",
            Outcome::Skipped => "skip",
        };
        out.push_str(&format!(
            "  [{mark}] {:<13} {}\n",
            check.check, check.detail
        ));
    }
    for w in &report.warnings {
        out.push_str(&format!("  warning: {w}\n"));
    }
    if let Some(e) = &report.error {
        out.push_str(&format!("  error ({}): {}\n", e.code, e.message));
    }
    out
}
