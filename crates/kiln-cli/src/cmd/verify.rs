//! `kiln verify INPUT... [--recursive] [--json] [--at RFC3339] [--offline]
//! [--trust FILE] [--recipient EMAIL] [--documents FILE]
//! [--online-timeout SECONDS] [--allow-http-localhost] [--lang en|fr|de|es]`
//!
//! One file: the full report (or one JSON report). Several files or a
//! directory (its badge files: `.png`, `.svg`, `.json`, `.jsonld`, `.jws`,
//! `.jwt`; subdirectories only with `--recursive`): a portfolio, one line
//! per badge (file, verdict, badge name, issuer), or with `--json` an array
//! of reports, each with the `file` it was read from. The exit status is the
//! worst of the badges': 0 when every one is verified, 2 when any could not
//! be checked, else 1 when any is not valid.
//!
//! Online checks (status lists, did:web keys, OB 2.0 hosted assertions) run
//! by default through the HTTPS fetcher in `crate::fetch`: the documents of
//! each round are fetched in parallel, all within one time budget (10 s, or
//! `--online-timeout`), from public addresses only. A document that does
//! not come in time, or is refused, leaves its check skipped with the
//! reason. `--offline` skips them all with the reason.
//!
//! `--documents FILE` pins documents by URL or DID (JSON-LD contexts, DID
//! and controller documents, issuer profiles, revocation lists): each takes
//! the place of a fetch, online or offline, and the report says which were
//! read from the file.
//!
//! `--lang fr|de|es` writes the report for people in that language: each
//! check, warning and the identity from the message catalogs of
//! `web/lib/i18n/` (see [`super::lang`]); English by default. `--json` is
//! the same in every language (each sentence carries its message id).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kiln_core::verify::{
    self, Documents, Outcome, Report, Standing, TrustList, Verdict, VerifyOptions,
};
use kiln_core::{Error, parse_datetime};

use super::lang::{Catalog, Lang};

/// Verify a baked badge (PNG, SVG), a JSON credential or a compact JWS.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The badge: .png, .svg, .json, .jws, or - for standard input. Several
    /// files, or a directory (its badge files), verify each, one line per badge.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// With a directory: its subdirectories' badge files too.
    #[arg(long, short = 'r')]
    recursive: bool,
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
    /// Documents to use instead of fetching them (JSON: {"URL or DID": document, ...}):
    /// JSON-LD contexts, DID documents, issuer profiles, revocation lists. For
    /// offline and archived checks; the report says which were used.
    #[arg(long, value_name = "FILE")]
    documents: Option<PathBuf>,
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
    /// The language of the report for people: en (default), fr, de or es.
    #[arg(
        long,
        value_enum,
        value_name = "LANG",
        default_value = "en",
        hide_default_value = true
    )]
    lang: Lang,
}

/// Exit 0 verified, 1 invalid, 2 could not check (for several badges, the worst of them).
pub fn run(args: Args) -> ExitCode {
    let options = match options(&args) {
        Ok(o) => o,
        Err(code) => return code,
    };
    let single = match args.inputs.as_slice() {
        [one] if one.as_os_str() == "-" || !one.is_dir() => Some(one.clone()),
        _ => None,
    };
    match single {
        Some(input) => run_one(&args, &options, &input),
        None => run_many(&args, &options),
    }
}

/// The options every badge of this run is verified with.
fn options(args: &Args) -> Result<VerifyOptions, ExitCode> {
    let now = match &args.at {
        Some(at) => match parse_datetime(at) {
            Ok(t) => t,
            Err(e) => return Err(super::fail(std::path::Path::new("--at"), e)),
        },
        None => super::now(),
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
            Err(e) => return Err(super::fail(path, e)),
        };
        match TrustList::from_json(&text) {
            Ok(list) => options.trust = Some(list),
            Err(e) => return Err(super::fail(path, e)),
        }
    }
    if let Some(path) = &args.documents {
        let limit = options.limits.max_pinned_bytes;
        let text = match super::read_limited(path, limit)
            .and_then(|b| String::from_utf8(b).map_err(|_| "not UTF-8 text".to_owned()))
        {
            Ok(t) => t,
            Err(e) => return Err(super::fail(path, e)),
        };
        match Documents::from_json(&text, &options.limits) {
            Ok(docs) => options.use_documents(docs),
            Err(e) => return Err(super::fail(path, e)),
        }
    }
    Ok(options)
}

/// Verifies one badge's bytes, online unless the options say offline.
fn verify_bytes(bytes: &[u8], args: &Args, options: &VerifyOptions) -> Result<Report, Error> {
    if options.online {
        let fetcher = crate::fetch::Fetcher::new(
            &options.limits,
            args.allow_http_localhost,
            args.online_timeout.unwrap_or(crate::fetch::DEFAULT_BUDGET),
        );
        verify::verify_online_batched(bytes, options, &mut |urls: &[String]| {
            fetcher.fetch_all(urls)
        })
    } else {
        verify::verify(bytes, options)
    }
}

fn exit_code(verdict: Verdict) -> ExitCode {
    match verdict {
        Verdict::Verified => ExitCode::SUCCESS,
        Verdict::Invalid => ExitCode::from(1),
        Verdict::Error => ExitCode::from(super::EXIT_BAD_INPUT),
    }
}

/// One badge: the full report.
fn run_one(args: &Args, options: &VerifyOptions, input: &Path) -> ExitCode {
    let bytes = match read_input(input) {
        Ok(b) => b,
        Err(e) => return super::fail(input, e),
    };
    let report = match verify_bytes(&bytes, args, options) {
        Ok(report) => report,
        Err(e) if args.json => Report::from_error(&e),
        Err(e) => {
            let said =
                Catalog::new(args.lang).error(&verify::ReportError::new(e.code(), e.to_string()));
            return super::fail(input, said);
        }
    };
    if args.json {
        let text = serde_json::to_string_pretty(&report.to_json()).unwrap_or_default();
        outln!("{text}");
    } else {
        out!("{}", human(&report, &Catalog::new(args.lang)));
    }
    exit_code(report.verdict)
}

/// File name endings `kiln verify DIR` takes as badges (compared ignoring ASCII case).
const BADGE_EXTENSIONS: [&str; 6] = ["png", "svg", "json", "jsonld", "jws", "jwt"];

/// How deep `--recursive` goes below a directory named on the command line.
const MAX_DEPTH: usize = 32;

/// At most this many badges in one run: a portfolio, not a disk scan.
const MAX_BADGES: usize = 100_000;

fn is_badge_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| BADGE_EXTENSIONS.iter().any(|b| e.eq_ignore_ascii_case(b)))
}

/// The badge files of `dir`, sorted by path; its subdirectories' too when
/// `recursive` (symbolic links to directories are not followed, so no loop).
fn badge_files(
    dir: &Path,
    recursive: bool,
    depth: usize,
    out: &mut Vec<PathBuf>,
) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| super::io_reason(&e))?;
    let mut files = Vec::new();
    let mut dirs = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| super::io_reason(&e))?;
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            dirs.push(path);
        } else if is_badge_file(&path) && (kind.is_file() || path.is_file()) {
            files.push(path);
        }
    }
    files.sort_unstable();
    dirs.sort_unstable();
    out.extend(files);
    if out.len() > MAX_BADGES {
        return Err(format!("more than {MAX_BADGES} badge files"));
    }
    if recursive {
        if depth >= MAX_DEPTH {
            return Err(format!(
                "directories nested more than {MAX_DEPTH} deep (at {})",
                dir.display()
            ));
        }
        for sub in dirs {
            badge_files(&sub, recursive, depth.saturating_add(1), out)?;
        }
    }
    Ok(())
}

/// The badges of a portfolio run: each file named, and each directory's badge files.
fn portfolio(args: &Args) -> Result<Vec<PathBuf>, ExitCode> {
    let mut files = Vec::new();
    for input in &args.inputs {
        if input.as_os_str() != "-" && input.is_dir() {
            let before = files.len();
            if let Err(e) = badge_files(input, args.recursive, 0, &mut files) {
                return Err(super::fail(input, e));
            }
            if files.len() == before {
                let also = if args.recursive {
                    ""
                } else {
                    " (--recursive looks in its subdirectories)"
                };
                return Err(super::fail(
                    input,
                    format!(
                        "no badge files (.png, .svg, .json, .jsonld, .jws, .jwt) in this directory{also}"
                    ),
                ));
            }
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Several badges: one line each, or an array of reports with `--json`.
fn run_many(args: &Args, options: &VerifyOptions) -> ExitCode {
    let files = match portfolio(args) {
        Ok(f) => f,
        Err(code) => return code,
    };
    let mut worst = Verdict::Verified;
    let mut reports = Vec::new();
    let mut counts = [0usize; 3];
    for file in &files {
        let report = read_input(file)
            .and_then(|bytes| verify_bytes(&bytes, args, options))
            .unwrap_or_else(|e| Report::from_error(&e));
        worst = match (worst, report.verdict) {
            (Verdict::Error, _) | (_, Verdict::Error) => Verdict::Error,
            (Verdict::Invalid, _) | (_, Verdict::Invalid) => Verdict::Invalid,
            _ => Verdict::Verified,
        };
        let slot = match report.verdict {
            Verdict::Verified => 0,
            Verdict::Invalid => 1,
            Verdict::Error => 2,
        };
        if let Some(n) = counts.get_mut(slot) {
            *n = n.saturating_add(1);
        }
        if args.json {
            let mut value = report.to_json();
            if let Some(object) = value.as_object_mut() {
                object.insert("file".into(), file.display().to_string().into());
            }
            reports.push(value);
        } else {
            outln!("{}", portfolio_line(file, &report));
        }
    }
    if args.json {
        let text =
            serde_json::to_string_pretty(&serde_json::Value::Array(reports)).unwrap_or_default();
        outln!("{text}");
    } else {
        let [verified, invalid, error] = counts;
        outln!(
            "{} badges: {verified} verified, {invalid} not valid, {error} could not be checked",
            files.len()
        );
    }
    exit_code(worst)
}

/// `FILE  VERDICT  NAME  (issued by ISSUER)`, and why when the badge is not verified.
fn portfolio_line(file: &Path, report: &Report) -> String {
    let word = match report.verdict {
        Verdict::Verified => "verified",
        Verdict::Invalid => "NOT VALID",
        Verdict::Error => "COULD NOT CHECK",
    };
    let c = report.credential.as_ref();
    let s = |pointer: &str| {
        c.and_then(|c| c.pointer(pointer))
            .and_then(|v| v.as_str())
            .map(str::to_owned)
    };
    let name = s("/name")
        .or_else(|| s("/achievement/name"))
        .unwrap_or_else(|| "(no name)".to_owned());
    let issuer = s("/issuer/name")
        .or_else(|| s("/issuer/id"))
        .unwrap_or_else(|| "issuer unknown".to_owned());
    let mut line = format!("{}\t{word}\t{name}\t(issued by {issuer})", file.display());
    let why = match report.verdict {
        Verdict::Verified => None,
        Verdict::Invalid => report
            .first_failure()
            .map(|c| format!("{}: {}", c.check, c.detail)),
        Verdict::Error => Some(report.error_reason()),
    };
    if let Some(why) = why {
        let why = why.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        line.push_str(&format!("\t{why}"));
    }
    line
}

fn read_input(path: &Path) -> Result<Vec<u8>, Error> {
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

/// The report for a terminal: a verdict line, what the badge says (the
/// fields a displayer shows: name, description, issuer, issued on, expiry,
/// status, image), one line per check.
fn human(report: &Report, cat: &Catalog) -> String {
    let mut out = String::new();
    let conformance_slip = report.verdict == Verdict::Verified
        && report.checks.iter().any(|c| c.outcome == Outcome::Failed);
    let verdict = match report.verdict {
        Verdict::Verified if conformance_slip => {
            "VERIFIED: this badge is genuine, but it does not fully follow Open Badges 3.0 (see the warnings)."
        }
        Verdict::Verified => "VERIFIED: this badge is genuine.",
        Verdict::Invalid => "NOT VALID: this badge failed a check.",
        Verdict::Error => "COULD NOT CHECK: Kiln could not decide whether this badge is genuine.",
    };
    out.push_str(cat.ui(verdict));
    out.push('\n');
    let line = |out: &mut String, label: &str, value: &str| {
        out.push_str(&format!("  {:<13}{value}\n", format!("{}:", cat.ui(label))));
    };
    if let Some(c) = &report.credential {
        let s = |v: Option<&serde_json::Value>| v.and_then(|v| v.as_str()).map(str::to_owned);
        let achievement = s(c.pointer("/achievement/name"));
        if let Some(name) = s(c.get("name")).or_else(|| achievement.clone()) {
            line(&mut out, "Name", &name);
        }
        if let Some(a) = achievement.filter(|a| Some(a) != s(c.get("name")).as_ref()) {
            line(&mut out, "Achievement", &a);
        }
        if let Some(d) = s(c.pointer("/achievement/description")) {
            line(&mut out, "Description", &d);
        }
        let issuer = s(c.pointer("/issuer/name"))
            .into_iter()
            .chain(s(c.pointer("/issuer/id")))
            .collect::<Vec<_>>();
        if !issuer.is_empty() {
            line(&mut out, "Issuer", &issuer.join(", "));
        }
        if let Some(who) = s(c.pointer("/subject/name")).or_else(|| s(c.pointer("/subject/id"))) {
            line(&mut out, "Recipient", &who);
        }
        if let Some(from) = s(c.get("validFrom")) {
            line(&mut out, "Issued on", &cat.date(&from));
        }
        if let Some(until) = s(c.get("validUntil")) {
            line(&mut out, "Expires", &cat.date(&until));
        }
        let image = s(c.pointer("/achievement/image"))
            .or_else(|| s(c.pointer("/achievement/image/id")))
            .or_else(|| s(c.pointer("/image")))
            .or_else(|| s(c.pointer("/image/id")));
        if let Some(image) = image {
            line(&mut out, "Image", &image);
        }
    }
    line(&mut out, "Status", &standing(report, cat));
    if let Some(identity) = &report.identity {
        let said = cat.message(&identity.message, &identity.detail);
        line(&mut out, "Identity", &said);
    }
    out.push_str(&super::verify_stack::stack(report));
    for check in &report.checks {
        let conformance = matches!(check.check, "structure" | "schema");
        let mark = match check.outcome {
            Outcome::Passed => "pass",
            // A conformance slip on a badge that is not invalid: a warning.
            Outcome::Failed if conformance && report.verdict != Verdict::Invalid => "warn",
            Outcome::Failed => "FAIL",
            Outcome::Skipped => "skip",
        };
        out.push_str(&format!(
            "  [{mark}] {:<13} {}\n",
            check.check,
            cat.message(&check.message, &check.detail)
        ));
    }
    for (i, w) in report.warnings.iter().enumerate() {
        let said = match report.warning_messages.get(i) {
            Some(m) => cat.message(m, w),
            None => w.clone(),
        };
        out.push_str(&format!("  {}: {said}\n", cat.ui("warning")));
    }
    if let Some(e) = &report.error {
        out.push_str(&format!(
            "  {} ({}): {}\n",
            cat.ui("error"),
            e.code,
            cat.error(e)
        ));
    }
    out
}

/// The badge's standing in words: expired and/or revoked, or why not known.
fn standing(report: &Report, cat: &Catalog) -> String {
    if !report.standing.is_empty() {
        let words: Vec<&str> = report
            .standing
            .iter()
            .map(|s| match s {
                Standing::Expired => cat.ui("Expired"),
                Standing::NotYetValid => cat.ui("Not yet valid"),
                Standing::Revoked => cat.ui("Revoked"),
                Standing::Suspended => cat.ui("Suspended"),
                _ => cat.ui("Withdrawn"),
            })
            .collect();
        return words.join(", ");
    }
    let outcome = |name: &str| report.check(name).map(|c| c.outcome);
    let mut parts = Vec::new();
    match outcome("validity") {
        Some(Outcome::Passed) => parts.push(cat.ui("within its validity dates")),
        Some(Outcome::Skipped) => parts.push(cat.ui("validity dates not checked")),
        _ => {}
    }
    let unchecked = report
        .warning_messages
        .iter()
        .any(|w| w.id == "warning.status-not-checked");
    match outcome("status") {
        Some(Outcome::Passed) => parts.push(cat.ui("not revoked")),
        Some(Outcome::Skipped) if unchecked => parts.push(cat.ui("revocation not checked")),
        Some(Outcome::Skipped) => parts.push(cat.ui("no revocation list")),
        _ => {}
    }
    if parts.is_empty() {
        cat.ui("not known").into()
    } else {
        let mut s = parts.join(", ");
        if let Some(first) = s.get(..1) {
            s = format!("{}{}", first.to_uppercase(), s.get(1..).unwrap_or(""));
        }
        s
    }
}
