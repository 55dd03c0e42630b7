//! `kiln issue --template T.svg --key KEY.json --achievement A.json
//! --recipients R.csv --out DIR [--format png|svg] [--suite ...] [--resume]`
//!
//! Bulk issuance: for each CSV row, fill the template, render it (PNG),
//! build the credential from the pattern and the row, sign, bake and write
//! `DIR/<row>-<slug>.<ext>`; then `DIR/manifest.csv`. Rows are spread over
//! every core; a bad row is reported and skipped while the rest go on.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use kiln_core::container::{self, BakeOptions};
use kiln_core::credential;
use kiln_core::issue::{self, Fresh, Pattern, Recipient, RecipientRow};
use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::{Limits, format_rfc3339};
use kiln_render::{Renderer, Template};
use serde_json::{Map, Value};

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
    pattern: &'a Pattern,
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
    let pattern = Pattern::from_json(
        &pattern_text,
        &key.controller,
        args.issuer_name.as_deref(),
        &limits,
    )
    .map_err(|e| format!("{}: {e}", name(&args.achievement)))?;
    let csv_text = text(&args.recipients, limits.max_input_bytes)?;
    let rows = issue::read_recipients(&csv_text, &limits)
        .map_err(|e| format!("{}: {e}", name(&args.recipients)))?
        .rows;
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
                    let outcome = match row {
                        RecipientRow::Ready(row) => job.issue(row),
                        RecipientRow::Unusable { reason, .. } => Err(reason.clone()),
                    };
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
        manifest.push_str(&issue::csv::line(&[
            number.to_string().as_str(),
            file,
            id,
            &status,
        ]));
        manifest.push('\n');
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

fn elapsed_ns(t: Instant) -> usize {
    usize::try_from(t.elapsed().as_nanos()).unwrap_or(usize::MAX)
}

impl Job<'_> {
    /// The unsigned credential for one row (the core's rules, plus the
    /// status entry of `--status-list`), its id and the proof's `created`.
    fn credential_for(
        &self,
        row: &Recipient,
    ) -> Result<(Map<String, Value>, String, String), String> {
        let fresh = Fresh::random().map_err(|e| e.to_string())?;
        let mut doc = self
            .pattern
            .credential(row, &fresh.id, &fresh.salt, self.now)
            .map_err(|e| e.to_string())?;
        if let Some((url, first)) = self.status {
            let index = first
                .checked_add(row.number.saturating_sub(1))
                .ok_or("the status index is out of range")?;
            issue::add_status(&mut doc, url, index, "revocation")
                .map_err(|e| format!("--status-list: {e}"))?;
        }
        Ok((doc, fresh.id, format_rfc3339(self.now)))
    }

    /// Signs once, with the JSON-LD safe-mode check, a credential of each
    /// shape the rows can produce (with and without an email), so that an
    /// undefined term in the pattern stops the run before any badge is
    /// written; the rows are then signed without repeating the check.
    fn check_shapes(&self) -> Result<(), String> {
        for email in [Some("shape@example.org".to_owned()), None] {
            let row = Recipient {
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

    fn issue(&self, row: &Recipient) -> Result<Outcome, String> {
        let ext = if self.png { "png" } else { "svg" };
        let file = format!("{}.{ext}", issue::slug(row.number, &row.name));
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
        let values =
            issue::template_values(&doc, row, Some(self.template.placeholders()), self.now);

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
