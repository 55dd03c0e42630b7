//! `kiln issue --template T.svg --key KEY.json --achievement A.json
//! --recipients R.csv --out DIR [--format png|svg] [--suite ...] [--resume]`
//!
//! Bulk issuance: for each CSV row, fill the template, render it (PNG),
//! build the credential from the pattern and the row, sign, bake and write
//! `DIR/<row>-<slug>.<ext>`; then `DIR/manifest.csv`. Rows are spread over
//! every core; a bad row is reported and skipped while the rest go on.

use std::collections::BTreeMap;
use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use kiln_core::container::{self, BakeOptions};
use kiln_core::credential::{self, identity_hash};
use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::{Limits, time};
use kiln_render::{Renderer, Template, Values};
use serde_json::{Map, Value, json};

use super::sign::{add_status, bind_issuer, validity_member};

const VC_2_0: &str = "https://www.w3.org/ns/credentials/v2";
const OB_3_0_3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

/// Issue a badge to every row of a CSV file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The badge template (SVG with {{placeholders}}).
    #[arg(long, value_name = "T.svg")]
    template: PathBuf,
    /// The issuer's key file.
    #[arg(long, value_name = "KEY.json")]
    key: PathBuf,
    /// An OB 3.0 Achievement, or a whole unsigned credential used as the pattern for every row.
    #[arg(long, value_name = "A.json")]
    achievement: PathBuf,
    /// The recipients: a CSV with a `name` column, an optional `email` column,
    /// and any others for `{{custom.<column>}}` placeholders.
    #[arg(long, value_name = "R.csv")]
    recipients: PathBuf,
    /// The folder to write the badges and manifest.csv into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Badge image format.
    #[arg(long, default_value = "png", value_parser = ["png", "svg"])]
    format: String,
    /// The cryptosuite.
    #[arg(long, default_value = "eddsa-rdfc-2022", value_parser = ["eddsa-rdfc-2022", "eddsa-jcs-2022"])]
    suite: String,
    /// The issuer's display name, when the pattern does not give one.
    #[arg(long)]
    issuer_name: Option<String>,
    /// PNG width in pixels.
    #[arg(long, default_value_t = 512)]
    width: u32,
    /// Skip rows whose badge file already exists.
    #[arg(long)]
    resume: bool,
    /// Give every badge an entry in this revocation list (a BitstringStatusList
    /// made with `kiln status new`): data row R gets index N + R - 1.
    #[arg(long, value_name = "URL", requires = "status_index")]
    status_list: Option<String>,
    /// The list index of the first data row.
    #[arg(long, value_name = "N", requires = "status_list")]
    status_index: Option<usize>,
    /// Worker threads (default: one per core).
    #[arg(long)]
    jobs: Option<usize>,
    /// A font file (TTF, OTF or TTC) for the families the template names (repeatable).
    #[arg(long = "font", value_name = "FILE")]
    fonts: Vec<PathBuf>,
}

/// One recipient row.
#[derive(Debug, Clone)]
struct Row {
    /// 1-based data row number (the header is row 0).
    number: usize,
    name: String,
    email: Option<String>,
    custom: Vec<(String, String)>,
}

/// What became of one row.
#[derive(Debug, Clone)]
enum Outcome {
    Written {
        file: String,
        id: String,
        warnings: Vec<String>,
    },
    Skipped {
        file: String,
        id: String,
    },
    Failed {
        reason: String,
    },
}

/// Time spent per stage, summed over rows (for `--timings`-style reporting on stderr).
#[derive(Debug, Default)]
struct Stages {
    render_ns: AtomicUsize,
    sign_ns: AtomicUsize,
    bake_ns: AtomicUsize,
    write_ns: AtomicUsize,
}

struct Job<'a> {
    template: &'a Template,
    renderer: &'a Renderer,
    key: &'a KeyPair,
    pattern: &'a Map<String, Value>,
    suite: Suite,
    png: bool,
    width: u32,
    out: &'a Path,
    resume: bool,
    now: i64,
    limits: Limits,
    artwork_name: String,
    stages: &'a Stages,
    status: Option<(&'a str, usize)>,
}

/// Runs `kiln issue`.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let started = Instant::now();
    let limits = Limits::default();
    let name = |p: &Path| p.display().to_string();
    let text = |p: &Path, max: usize| -> Result<String, String> {
        let bytes = super::read_limited(p, max).map_err(|e| format!("{}: {e}", name(p)))?;
        String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", name(p)))
    };
    let template_text = text(&args.template, limits.max_input_bytes)?;
    let template =
        Template::parse(&template_text).map_err(|e| format!("{}: {e}", name(&args.template)))?;
    let key_text = zeroize::Zeroizing::new(text(&args.key, 64 * 1024)?);
    let key = KeyPair::from_json(&key_text).map_err(|e| format!("{}: {e}", name(&args.key)))?;
    let suite = Suite::from_name(&args.suite).map_err(|e| e.to_string())?;
    let pattern_text = text(&args.achievement, limits.max_payload_bytes)?;
    let pattern = pattern_from(&pattern_text, &key, args.issuer_name.as_deref(), &limits)
        .map_err(|e| format!("{}: {e}", name(&args.achievement)))?;
    let csv_text = text(&args.recipients, limits.max_input_bytes)?;
    let rows = read_rows(&csv_text).map_err(|e| format!("{}: {e}", name(&args.recipients)))?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("{}: {}", name(&args.out), super::io_reason(&e)))?;

    let mut renderer = Renderer::new();
    for font in &args.fonts {
        let data = super::read_limited(font, kiln_render::MAX_FONT_BYTES)
            .map_err(|e| format!("{}: {e}", name(font)))?;
        renderer = renderer
            .with_font(data)
            .map_err(|e| format!("{}: {e}", name(font)))?;
    }
    let stages = Stages::default();
    let job = Job {
        template: &template,
        renderer: &renderer,
        key: &key,
        pattern: &pattern,
        suite,
        png: args.format == "png",
        width: args.width,
        out: &args.out,
        resume: args.resume,
        now: super::now(),
        limits,
        artwork_name: name(&args.template),
        stages: &stages,
        status: args.status_list.as_deref().zip(args.status_index),
    };

    job.check_shapes()
        .map_err(|e| format!("{}: {e}", name(&args.achievement)))?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let progress = progress_bar(rows.len());
    let results: Vec<Mutex<Option<Result<Outcome, String>>>> =
        rows.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let (Some(row), Some(slot)) = (rows.get(i), results.get(i)) else {
                        break;
                    };
                    let outcome = row
                        .as_ref()
                        .map_err(Clone::clone)
                        .and_then(|row| job.issue(row));
                    if let Ok(mut slot) = slot.lock() {
                        *slot = Some(outcome);
                    }
                    if let Some(p) = &progress {
                        p.inc(1);
                    }
                }
            });
        }
    });
    if let Some(p) = &progress {
        p.finish_and_clear();
    }

    let outcomes: Vec<Outcome> = results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| Err("not processed".into()))
                .unwrap_or_else(|reason| Outcome::Failed { reason })
        })
        .collect();
    // A warning every badge has (a font the template names that is not
    // available) is about the template: said once, not once per row.
    let shared = shared_warnings(&outcomes);
    for w in &shared {
        errln!("kiln: warning: {}: {w}", name(&args.template));
    }
    let mut manifest = String::from("row,file,credential_id,status\n");
    let (mut written, mut skipped, mut failed) = (0usize, 0usize, 0usize);
    for (i, outcome) in outcomes.iter().enumerate() {
        let number = i + 1;
        let (file, id, status) = match outcome {
            Outcome::Written { file, id, warnings } => {
                written += 1;
                for w in warnings.iter().filter(|w| !shared.contains(w)) {
                    errln!(
                        "kiln: warning: {}: row {number}: {w}",
                        name(&args.recipients)
                    );
                }
                (file.as_str(), id.as_str(), "issued".to_owned())
            }
            Outcome::Skipped { file, id } => {
                skipped += 1;
                (
                    file.as_str(),
                    id.as_str(),
                    "skipped (already written)".to_owned(),
                )
            }
            Outcome::Failed { reason } => {
                failed += 1;
                errln!("kiln: {}: row {number}: {reason}", name(&args.recipients));
                ("", "", format!("failed: {reason}"))
            }
        };
        manifest.push_str(&format!(
            "{number},{},{},{}\n",
            csv_field(file),
            csv_field(id),
            csv_field(&status)
        ));
    }
    let manifest_path = args.out.join("manifest.csv");
    super::bake::write_atomically(&manifest_path, manifest.as_bytes())
        .map_err(|e| format!("{}: {}", name(&manifest_path), super::io_reason(&e)))?;

    let secs = started.elapsed().as_secs_f64();
    let ms = |a: &AtomicUsize| a.load(Ordering::Relaxed) as f64 / 1e6;
    errln!(
        "kiln: issued {written}, skipped {skipped}, failed {failed} of {} in {secs:.2} s ({:.0} badges/s; cpu time render {:.0} ms, sign {:.0} ms, bake {:.0} ms, write {:.0} ms)",
        rows.len(),
        if secs > 0.0 {
            written as f64 / secs
        } else {
            0.0
        },
        ms(&stages.render_ns),
        ms(&stages.sign_ns),
        ms(&stages.bake_ns),
        ms(&stages.write_ns),
    );
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The render warnings that every written badge has, in the order of the
/// first one's; none when fewer than two badges were written.
fn shared_warnings(outcomes: &[Outcome]) -> Vec<String> {
    let mut written = outcomes.iter().filter_map(|o| match o {
        Outcome::Written { warnings, .. } => Some(warnings),
        _ => None,
    });
    let Some(first) = written.next() else {
        return Vec::new();
    };
    let mut shared = first.clone();
    let mut others = 0usize;
    for warnings in written {
        shared.retain(|w| warnings.contains(w));
        others += 1;
    }
    if others == 0 { Vec::new() } else { shared }
}

fn progress_bar(len: usize) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} badges  {per_sec}  eta {eta}")
    {
        bar.set_style(style);
    }
    Some(bar)
}

/// A CSV field, quoted when it must be.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// The pattern credential every row starts from: a whole unsigned credential,
/// or one made around an Achievement.
fn pattern_from(
    text: &str,
    key: &KeyPair,
    issuer_name: Option<&str>,
    limits: &Limits,
) -> Result<Map<String, Value>, String> {
    let value = credential::parse_json(text, limits).map_err(|e| e.to_string())?;
    let Value::Object(obj) = value else {
        return Err("must be a JSON object".into());
    };
    let is_credential = obj.contains_key("credentialSubject") || obj.contains_key("@context");
    let mut doc = if is_credential {
        if obj.contains_key("proof") {
            return Err(
                "the pattern credential is already signed; give it without \"proof\"".into(),
            );
        }
        obj
    } else {
        let types = obj.get("type").map(|t| t.to_string()).unwrap_or_default();
        if !types.contains("Achievement") {
            return Err(
                "neither a credential nor an Achievement (its \"type\" must include Achievement)"
                    .into(),
            );
        }
        let mut doc = Map::new();
        doc.insert("@context".into(), json!([VC_2_0, OB_3_0_3]));
        doc.insert(
            "type".into(),
            json!(["VerifiableCredential", "OpenBadgeCredential"]),
        );
        if let Some(n) = obj.get("name") {
            doc.insert("name".into(), n.clone());
        }
        doc.insert("issuer".into(), json!({ "type": ["Profile"] }));
        doc.insert(
            "credentialSubject".into(),
            json!({ "type": ["AchievementSubject"], "achievement": obj }),
        );
        doc
    };
    bind_issuer(&mut doc, &key.controller, false)?;
    if let (Some(name), Some(Value::Object(profile))) = (issuer_name, doc.get_mut("issuer")) {
        profile.insert("name".into(), name.into());
    }
    if !doc.get("credentialSubject").is_some_and(Value::is_object) {
        return Err("the pattern's credentialSubject must be an object".into());
    }
    Ok(doc)
}

/// Reads the recipients: a header with `name` (and optionally `email`), then
/// one row each. A row that cannot be used is an `Err` naming the problem,
/// so the others still go ahead.
fn read_rows(text: &str) -> Result<Vec<Result<Row, String>>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("cannot read the header row: {e}"))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let Some(name_col) = headers.iter().position(|h| h == "name") else {
        return Err(format!(
            "the header row has no \"name\" column (it has: {})",
            headers.join(", ")
        ));
    };
    let email_col = headers.iter().position(|h| h == "email");
    let mut custom_cols = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        if Some(i) == email_col || i == name_col {
            continue;
        }
        let key: String = h
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        custom_cols.push((i, format!("custom.{key}")));
    }
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let number = i + 1;
        let row = record
            .map_err(|e| format!("unreadable: {e}"))
            .and_then(|r| {
                if r.len() != headers.len() {
                    return Err(format!(
                        "has {} fields; the header has {}",
                        r.len(),
                        headers.len()
                    ));
                }
                let name = r.get(name_col).unwrap_or("").to_owned();
                if name.is_empty() {
                    return Err("has no name".into());
                }
                let email = match email_col.and_then(|c| r.get(c)).filter(|e| !e.is_empty()) {
                    Some(e) if valid_email(e) => Some(e.to_lowercase()),
                    Some(e) => {
                        return Err(format!("has an email address that is not valid: {e:?}"));
                    }
                    None => None,
                };
                let custom = custom_cols
                    .iter()
                    .map(|(c, k)| (k.clone(), r.get(*c).unwrap_or("").to_owned()))
                    .collect();
                Ok(Row {
                    number,
                    name,
                    email,
                    custom,
                })
            });
        rows.push(row);
    }
    Ok(rows)
}

/// A plain check: one `@`, something before it, a dotted domain after it, no spaces.
fn valid_email(e: &str) -> bool {
    let Some((local, domain)) = e.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// `0042-zoe-angstrom`: the row number keeps names unique and sorted.
fn slug(row: &Row) -> String {
    let mut s = String::new();
    for c in row.name.chars().flat_map(fold) {
        if c.is_ascii_alphanumeric() {
            s.push(c.to_ascii_lowercase());
        } else if !s.ends_with('-') && !s.is_empty() {
            s.push('-');
        }
        if s.len() >= 48 {
            break;
        }
    }
    let s = s.trim_end_matches('-');
    if s.is_empty() {
        format!("{:04}", row.number)
    } else {
        format!("{:04}-{s}", row.number)
    }
}

/// Folds common accented Latin letters to ASCII for file names; others become separators.
fn fold(c: char) -> Vec<char> {
    let mapped = match c {
        'à'..='å' | 'À'..='Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è'..='ë' | 'È'..='Ë' => "e",
        'ì'..='ï' | 'Ì'..='Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò'..='ö' | 'ø' | 'Ò'..='Ö' | 'Ø' => "o",
        'ù'..='ü' | 'Ù'..='Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        _ => return vec![c],
    };
    mapped.chars().collect()
}

/// A random version-4 UUID URN.
fn uuid_urn() -> Result<String, String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| format!("no randomness available: {e}"))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

fn elapsed_ns(t: Instant) -> usize {
    usize::try_from(t.elapsed().as_nanos()).unwrap_or(usize::MAX)
}

impl Job<'_> {
    /// The unsigned credential for one row: the pattern, a new id, the
    /// validity start, the recipient's name and hashed email.
    fn credential_for(&self, row: &Row) -> Result<(Map<String, Value>, String, String), String> {
        let mut doc = self.pattern.clone();
        let id = uuid_urn()?;
        doc.insert("id".into(), id.clone().into());
        let now = time::format_rfc3339(self.now);
        if let Some(member) = validity_member(&doc) {
            doc.entry(member).or_insert_with(|| now.clone().into());
        }
        let mut subject = match doc.get("credentialSubject") {
            Some(Value::Object(s)) => s.clone(),
            _ => Map::new(),
        };
        subject.insert("name".into(), row.name.clone().into());
        if let Some(email) = &row.email {
            let mut salt = [0u8; 16];
            getrandom::fill(&mut salt).map_err(|e| format!("no randomness available: {e}"))?;
            let salt: String = salt.iter().map(|x| format!("{x:02x}")).collect();
            subject.insert(
                "identifier".into(),
                json!([{
                    "type": "IdentityObject",
                    "identityHash": identity_hash(email, &salt),
                    "identityType": "emailAddress",
                    "hashed": true,
                    "salt": salt,
                }]),
            );
        }
        doc.insert("credentialSubject".into(), Value::Object(subject));
        if let Some((url, first)) = self.status {
            let index = first
                .checked_add(row.number.saturating_sub(1))
                .ok_or("the status index is out of range")?;
            add_status(&mut doc, url, index, "revocation")?;
        }
        Ok((doc, id, now))
    }

    /// Signs once, with the JSON-LD safe-mode check, a credential of each
    /// shape the rows can produce (with and without an email), so that an
    /// undefined term in the pattern stops the run before any badge is
    /// written; the rows are then signed without repeating the check.
    fn check_shapes(&self) -> Result<(), String> {
        for email in [Some("shape@example.org".to_owned()), None] {
            let row = Row {
                number: 0,
                name: "Shape".into(),
                email,
                custom: Vec::new(),
            };
            let (doc, _, now) = self.credential_for(&row)?;
            let options = self.proof_options(now);
            proof::create_proof(
                &Value::Object(doc),
                self.key,
                &options,
                &ProofEnv::default(),
            )
            .map_err(|e| format!("cannot sign credentials of this pattern: {e}"))?;
        }
        Ok(())
    }

    fn proof_options(&self, created: String) -> ProofOptions {
        ProofOptions {
            suite: self.suite,
            verification_method: self.key.id.clone(),
            created,
            proof_purpose: "assertionMethod".into(),
        }
    }

    fn issue(&self, row: &Row) -> Result<Outcome, String> {
        let ext = if self.png { "png" } else { "svg" };
        let file = format!("{}.{ext}", slug(row));
        let path = self.out.join(&file);
        if self.resume && path.exists() {
            let bytes = std::fs::read(&path).map_err(|e| super::io_reason(&e))?;
            let id = container::unbake(&bytes, &self.limits)
                .ok()
                .and_then(|u| credential::parse_json(&u.payload, &self.limits).ok())
                .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or_default();
            return Ok(Outcome::Skipped { file, id });
        }

        let (doc, id, now) = self.credential_for(row)?;
        let achievement = doc
            .get("credentialSubject")
            .and_then(|s| s.get("achievement"))
            .cloned()
            .unwrap_or(Value::Null);
        let mut values = Values::new();
        values.insert("recipient.name".into(), row.name.clone());
        values.insert(
            "recipient.email".into(),
            row.email.clone().unwrap_or_default(),
        );
        let text = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_owned();
        values.insert("achievement.name".into(), text(&achievement, "name"));
        values.insert(
            "achievement.description".into(),
            text(&achievement, "description"),
        );
        values.insert(
            "issuer.name".into(),
            doc.get("issuer")
                .map(|i| text(i, "name"))
                .unwrap_or_default(),
        );
        let start = validity_member(&doc)
            .and_then(|m| doc.get(m))
            .and_then(Value::as_str)
            .and_then(|s| time::parse_datetime(s).ok())
            .unwrap_or(self.now);
        values.insert("date".into(), time::human_date(start));
        for (k, v) in &row.custom {
            values.insert(k.clone(), v.clone());
        }
        let values: BTreeMap<_, _> = values
            .into_iter()
            .filter(|(k, _)| self.template.placeholders().iter().any(|p| p == k))
            .collect();

        let t = Instant::now();
        let svg = self
            .template
            .fill(&values)
            .map_err(|e| format!("{}: {e}", self.artwork_name))?;
        let (image, warnings) = if self.png {
            let rendered = self
                .renderer
                .render_png(&svg, self.width)
                .map_err(|e| format!("{}: {e}", self.artwork_name))?;
            (rendered.png, rendered.warnings)
        } else {
            (svg.into_bytes(), Vec::new())
        };
        self.stages
            .render_ns
            .fetch_add(elapsed_ns(t), Ordering::Relaxed);

        let t = Instant::now();
        let options = self.proof_options(now);
        let signed = proof::create_proof_prechecked(
            &Value::Object(doc),
            self.key,
            &options,
            &ProofEnv::default(),
        )
        .map_err(|e| format!("cannot sign: {e}"))?;
        let payload = serde_json::to_string(&signed).map_err(|e| e.to_string())?;
        self.stages
            .sign_ns
            .fetch_add(elapsed_ns(t), Ordering::Relaxed);

        let t = Instant::now();
        let baked = container::bake(&image, &payload, &BakeOptions::default(), &self.limits)
            .map_err(|e| format!("cannot bake: {e}"))?;
        self.stages
            .bake_ns
            .fetch_add(elapsed_ns(t), Ordering::Relaxed);

        let t = Instant::now();
        super::bake::write_atomically_with(&path, &baked, false)
            .map_err(|e| format!("{file}: {}", super::io_reason(&e)))?;
        self.stages
            .write_ns
            .fetch_add(elapsed_ns(t), Ordering::Relaxed);
        Ok(Outcome::Written { file, id, warnings })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_with_bom_crlf_quotes_and_bad_rows() {
        let csv = "\u{feff}name,email,Cohort\r\n\"Doe, Jane\",JANE@example.org,2026\r\n,x@y.z,1\r\nBob,not-an-email,2\r\nAnn,ann@example.org\r\n\"Zoë \"\"Z\"\" Ångström\",,3\r\n";
        let rows = read_rows(csv).unwrap();
        assert_eq!(rows.len(), 5);
        let first = rows[0].as_ref().unwrap();
        assert_eq!(first.name, "Doe, Jane");
        assert_eq!(first.email.as_deref(), Some("jane@example.org"));
        assert_eq!(
            first.custom,
            vec![("custom.cohort".to_owned(), "2026".to_owned())]
        );
        assert!(rows[1].as_ref().unwrap_err().contains("no name"));
        assert!(rows[2].as_ref().unwrap_err().contains("not valid"));
        assert!(rows[3].as_ref().unwrap_err().contains("2 fields"));
        let last = rows[4].as_ref().unwrap();
        assert_eq!(last.name, "Zoë \"Z\" Ångström");
        assert_eq!(last.email, None);
        assert_eq!(slug(last), "0005-zoe-z-angstrom");
    }

    #[test]
    fn a_header_without_name_is_refused() {
        assert!(
            read_rows("email\nx@y.z\n")
                .unwrap_err()
                .contains("no \"name\" column")
        );
    }

    #[test]
    fn uuids_are_version_4() {
        let a = uuid_urn().unwrap();
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a[23..24], "4");
        assert_ne!(a, uuid_urn().unwrap());
    }

    #[test]
    fn slugs_fold_accents_and_fall_back_to_the_row_number() {
        let row = |name: &str| Row {
            number: 7,
            name: name.into(),
            email: None,
            custom: vec![],
        };
        assert_eq!(slug(&row("Ørjan Æsir")), "0007-orjan-aesir");
        assert_eq!(slug(&row("山田 太郎")), "0007");
        assert_eq!(slug(&row("../../etc/passwd")), "0007-etc-passwd");
    }
}
