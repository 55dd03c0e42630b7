//! `kiln issue --template T.svg --key KEY.json --achievement A.json
//! --recipients R.csv --out DIR [--format png|svg] [--suite ...] [--resume]
//! [--rows A-B] [--status-list URL --status-index N]`
//!
//! Bulk issuance: for each CSV row, fill the template, render it (PNG),
//! build the credential from the pattern and the row, sign, bake and write
//! `DIR/<row>-<slug>.<ext>`. Rows are spread over every core; a bad row is
//! reported and skipped while the rest go on.
//!
//! Streaming: the CSV is read twice, a line at a time (once to check its
//! syntax and header and count the rows, so that a broken file stops the
//! run before any badge is written; once to issue), and the rows in flight
//! are bounded, so memory does not grow with the number of rows. What is
//! kept per row is one bit (whether an earlier run issued it).
//!
//! `DIR/manifest.csv` (`row,file,credential_id,status`) is the run's journal:
//! a line is appended, in row order, as each row is done, and the file is
//! synced to disk every [`SYNC_EVERY`] lines. Each badge is written to a
//! temporary file beside it and renamed, so a killed run leaves whole
//! badges or none. `--resume` continues: rows whose badge the manifest lists
//! and whose file is there are not issued again; a badge file the manifest
//! does not list yet (the run was killed between the rename and the sync)
//! is read back and listed; a row that failed is tried again, its new line
//! after the old one (the last line of a row is the one that counts);
//! temporary files left by the killed run are removed. Without `--resume`,
//! a folder that is not empty is refused.
//!
//! `DIR/run.json` says which run the folder holds: SHA-256 digests of the
//! recipients CSV, the template, the achievement and each `--font` file,
//! the key's id, and the options that shape a badge (format, suite, issuer
//! name, width, status list and first index, `--qr` and its link base).
//! `--resume` refuses a folder whose run differs, naming what differs, so
//! that a resumed run never mixes two classes' badges, keys or status
//! indexes in one folder. `--rows` and `--jobs` are not part of it: ranges
//! of one run may be issued into one folder one after the other.
//!
//! Row ranges and status indexes: `--rows A-B` issues data rows A to B only
//! (numbered from 1 after the header, blank lines not counted, as in the
//! file names). A range that begins after the CSV's last row is an error;
//! one that ends after it issues the rows there are, with a warning naming
//! how many the CSV has. A row's file name and its status-list index depend only on
//! its number (`--status-index N` gives row R the index N + R - 1), so runs
//! over disjoint ranges, on one machine or many, make the same badges as one
//! run, with disjoint indexes.

use std::collections::{BTreeMap, HashMap};
use std::fs::File;
use std::io::{BufRead as _, BufReader, IsTerminal as _, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, mpsc};
use std::time::Instant;

use kiln_core::container::{self, BakeOptions};
use kiln_core::credential;
use kiln_core::issue::{self, Fresh, Pattern, Recipient, RecipientReader, RecipientRow};
use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::{Limits, format_rfc3339};
use kiln_render::{Batch, Renderer, Template};
use serde_json::{Map, Value};

/// The file that says which run a folder holds.
const RUN_FILE: &str = "run.json";
/// The manifest's header line.
const MANIFEST_HEADER: &str = "row,file,credential_id,status";
/// Manifest lines between two syncs to disk: what a crash may make a
/// resumed run check again (by the badge files present), not lose.
pub const SYNC_EVERY: usize = 1000;
/// Failed rows named on standard error; the manifest lists them all.
const SHOWN_FAILURES: usize = 20;
/// Distinct render warnings kept for the summary.
const KEPT_WARNINGS: usize = 32;
/// Most data rows `kiln issue` reads from one CSV: memory does not grow
/// with them (one bit each), so the bound is far above the core's default
/// for a whole text held in memory.
const MAX_ROWS: usize = 100_000_000;
/// Longest line of the recipients CSV read at once (a record is bounded
/// by the core's reader too).
const MAX_LINE_BYTES: u64 = 4 * 1024 * 1024;

/// Issue a badge to every row of a CSV file.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The badge template (SVG with {{placeholders}}).
    #[arg(long, value_name = "T.svg")]
    template: PathBuf,
    /// The issuer's key file (the JSON of `kiln keygen`, or its passphrase-protected form).
    #[arg(long, value_name = "KEY.json")]
    key: PathBuf,
    /// An OB 3.0 Achievement, or a whole unsigned credential used as the pattern for every row.
    #[arg(long, value_name = "A.json")]
    achievement: PathBuf,
    /// The recipients: a CSV with a `name` column, an optional `email` column,
    /// and any others for `{{custom.<column>}}` placeholders.
    #[arg(long, value_name = "R.csv")]
    recipients: PathBuf,
    /// The folder to write the badges and manifest.csv into (created if
    /// missing; it must be empty unless --resume is given).
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
    /// Continue an interrupted run into the same folder: rows already
    /// issued (listed in its manifest.csv, or whose badge file is there)
    /// are not issued again.
    #[arg(long)]
    resume: bool,
    /// Issue only data rows A to B (1-based, after the header; `A-` to the
    /// end). File names and status indexes follow the row numbers, so
    /// disjoint ranges issued apart make the same badges as one run.
    #[arg(long, value_name = "A-B", value_parser = parse_rows)]
    rows: Option<RowRange>,
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
    /// Also write, for each badge, a QR code of its verification link into
    /// OUT/qr/ (same name, .svg), for a printed certificate; a link too long
    /// for a legible code uses the credential's https id, or is skipped with
    /// a warning.
    #[arg(long)]
    qr: bool,
    /// The verify page the links of --qr open.
    #[arg(long, value_name = "URL", default_value = kiln_core::share::DEFAULT_BASE, requires = "qr")]
    link_base: String,
}

/// The data rows `--rows` selects: `first..=last`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRange {
    first: usize,
    last: usize,
}

impl RowRange {
    fn contains(&self, row: usize) -> bool {
        (self.first..=self.last).contains(&row)
    }

    /// `A-B`, or `A-` for a range to the end.
    fn describe(&self) -> String {
        if self.last == usize::MAX {
            format!("{}-", self.first)
        } else {
            format!("{}-{}", self.first, self.last)
        }
    }
}

/// `A-B`, `A-` or `A`, with 1 <= A <= B.
fn parse_rows(text: &str) -> Result<RowRange, String> {
    let number = |s: &str| -> Result<usize, String> {
        s.trim()
            .parse::<usize>()
            .ok()
            .filter(|n| *n >= 1)
            .ok_or_else(|| format!("{s:?} is not a row number (rows are numbered from 1)"))
    };
    let (first, last) = match text.split_once('-') {
        Some((a, b)) if b.trim().is_empty() => (number(a)?, usize::MAX),
        Some((a, b)) => (number(a)?, number(b)?),
        None => (number(text)?, number(text)?),
    };
    if last < first {
        return Err(format!("the range {text} ends before it begins"));
    }
    Ok(RowRange { first, last })
}

/// Refuses a `--rows` range that begins after the CSV's last data row
/// (`last_row`, which the first pass reached whenever the range is not
/// wholly inside the file); warns when it ends after it.
fn check_range(rows: RowRange, last_row: usize, recipients: &str) -> Result<(), String> {
    let has = match last_row {
        1 => "1 data row".to_owned(),
        n => format!("{n} data rows"),
    };
    if rows.first > last_row {
        return Err(format!(
            "--rows {}: {recipients} has {has}, so the range holds none of them",
            rows.describe()
        ));
    }
    if rows.last != usize::MAX && rows.last > last_row {
        errln!(
            "kiln: warning: --rows {}: {recipients} has {has}; rows {} to {last_row} are issued",
            rows.describe(),
            rows.first
        );
    }
    Ok(())
}

/// What a run is made of, as `run.json` records it: each entry a name and
/// a value (a SHA-256 digest for files, the text of an option).
fn fingerprint(
    args: &Args,
    template: &str,
    pattern: &str,
    key: &KeyPair,
) -> Result<Vec<(&'static str, String)>, String> {
    use sha2::Digest as _;
    let digest = |bytes: &[u8]| hex(&sha2::Sha256::digest(bytes));
    let file_digest = |path: &Path| -> Result<String, String> {
        let name = path.display();
        let mut file = File::open(path).map_err(|e| format!("{name}: {}", super::io_reason(&e)))?;
        let mut hasher = sha2::Sha256::new();
        let mut buf = vec![0u8; 256 * 1024];
        loop {
            let n = file
                .read(&mut buf)
                .map_err(|e| format!("{name}: {}", super::io_reason(&e)))?;
            if n == 0 {
                break;
            }
            hasher.update(buf.get(..n).unwrap_or(&[]));
        }
        Ok(hex(&hasher.finalize()))
    };
    let fonts = args
        .fonts
        .iter()
        .map(|f| file_digest(f))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(vec![
        ("recipients", file_digest(&args.recipients)?),
        ("template", digest(template.as_bytes())),
        ("achievement", digest(pattern.as_bytes())),
        ("key", key.id.clone()),
        ("format", args.format.clone()),
        ("suite", args.suite.clone()),
        ("issuer-name", args.issuer_name.clone().unwrap_or_default()),
        ("width", args.width.to_string()),
        ("status-list", args.status_list.clone().unwrap_or_default()),
        (
            "status-index",
            args.status_index.map(|n| n.to_string()).unwrap_or_default(),
        ),
        (
            "qr",
            if args.qr {
                args.link_base.clone()
            } else {
                String::new()
            },
        ),
        ("fonts", fonts.join(" ")),
    ])
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What each fingerprint entry is, for the message that names a difference.
fn describe_entry(name: &str) -> &'static str {
    match name {
        "recipients" => "the recipients CSV (--recipients)",
        "template" => "the template (--template)",
        "achievement" => "the achievement (--achievement)",
        "key" => "the key (--key)",
        "format" => "--format",
        "suite" => "--suite",
        "issuer-name" => "--issuer-name",
        "width" => "--width",
        "status-list" => "--status-list",
        "status-index" => "--status-index",
        "qr" => "--qr / --link-base",
        "fonts" => "the fonts (--font)",
        _ => "an input",
    }
}

/// Writes `run.json` for a fresh run; on `--resume`, refuses a folder whose
/// `run.json` is another run's, naming what differs (a folder an older
/// Kiln wrote, without one, gets one).
fn check_run(dir: &Path, fingerprint: &[(&str, String)], resume: bool) -> Result<(), String> {
    let path = dir.join(RUN_FILE);
    let name = path.display().to_string();
    let io = |e: std::io::Error| format!("{name}: {}", super::io_reason(&e));
    if resume && path.exists() {
        let text = super::read_limited(&path, 64 * 1024).map_err(|e| format!("{name}: {e}"))?;
        let recorded: Map<String, Value> = serde_json::from_slice(&text)
            .map_err(|e| format!("{name}: not the run file of a kiln issue run ({e})"))?;
        let differs: Vec<&str> = fingerprint
            .iter()
            .filter(|(key, value)| recorded.get(*key).and_then(Value::as_str) != Some(value))
            .map(|(key, _)| describe_entry(key))
            .collect();
        if !differs.is_empty() {
            return Err(format!(
                "{}: --resume: the folder holds another run: {} differ from the run that wrote it; give the same inputs and options to resume it, or choose an empty folder",
                dir.display(),
                differs.join(", ")
            ));
        }
        return Ok(());
    }
    let object: Map<String, Value> = fingerprint
        .iter()
        .map(|(k, v)| ((*k).to_owned(), Value::String(v.clone())))
        .collect();
    let mut text = serde_json::to_string_pretty(&object).map_err(|e| format!("{name}: {e}"))?;
    text.push('\n');
    super::bake::write_atomically_with(&path, text.as_bytes(), false).map_err(io)
}

/// What became of one row.
#[derive(Debug, Clone)]
enum Outcome {
    /// Issued by this run.
    Written {
        file: String,
        id: String,
        warnings: Vec<String>,
    },
    /// Issued by an earlier run that did not list it in the manifest: listed now.
    Recovered { file: String, id: String },
    /// Issued by an earlier run and listed: nothing to do.
    Done,
    /// Not issued, and why.
    Failed { reason: String },
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
    /// For PNG output: the template's fixed artwork, drawn once.
    batch: Option<&'a Batch<'a>>,
    key: &'a KeyPair,
    pattern: &'a Pattern,
    suite: Suite,
    png: bool,
    out: &'a Path,
    resume: bool,
    now: i64,
    limits: Limits,
    artwork_name: String,
    stages: &'a Stages,
    status: Option<(&'a str, usize)>,
    /// `--qr`: the verify page's address the links open.
    qr_base: Option<&'a str>,
}

/// The rows an earlier run listed as issued: one bit per row number.
#[derive(Debug, Default)]
struct DoneRows(Vec<u64>);

impl DoneRows {
    fn insert(&mut self, row: usize) {
        let (word, bit) = (row / 64, row % 64);
        if self.0.len() <= word {
            self.0.resize(word.saturating_add(1), 0);
        }
        if let Some(w) = self.0.get_mut(word) {
            *w |= 1 << bit;
        }
    }

    fn contains(&self, row: usize) -> bool {
        self.0
            .get(row / 64)
            .is_some_and(|w| w & (1 << (row % 64)) != 0)
    }
}

/// The limits of the streaming CSV reader: the core's, with [`MAX_ROWS`].
fn csv_limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_csv_records = MAX_ROWS.saturating_add(1);
    limits
}

/// Feeds the recipients CSV at `path` to a [`RecipientReader`] a line at a
/// time, handing each row to `each` (which returns `false` to stop).
fn read_rows(path: &Path, mut each: impl FnMut(RecipientRow) -> bool) -> Result<(), String> {
    let name = path.display();
    let file = File::open(path).map_err(|e| format!("{name}: {}", super::io_reason(&e)))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(format!("{name}: is a directory"));
    }
    let mut input = BufReader::with_capacity(256 * 1024, file);
    let mut reader = RecipientReader::new(&csv_limits());
    let mut line = Vec::new();
    loop {
        line.clear();
        let read = (&mut input)
            .take(MAX_LINE_BYTES)
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("{name}: {}", super::io_reason(&e)))?;
        if read == 0 {
            break;
        }
        if u64::try_from(read).unwrap_or(u64::MAX) >= MAX_LINE_BYTES && !line.ends_with(b"\n") {
            return Err(format!(
                "{name}: line {}: longer than {MAX_LINE_BYTES} bytes",
                reader.line()
            ));
        }
        let text = std::str::from_utf8(&line)
            .map_err(|_| format!("{name}: line {}: not UTF-8 text", reader.line()))?;
        reader.feed(text).map_err(|e| format!("{name}: {e}"))?;
        while let Some(row) = reader.next_row().map_err(|e| format!("{name}: {e}"))? {
            if !each(row) {
                return Ok(());
            }
        }
    }
    reader.finish().map_err(|e| format!("{name}: {e}"))?;
    while let Some(row) = reader.next_row().map_err(|e| format!("{name}: {e}"))? {
        if !each(row) {
            return Ok(());
        }
    }
    Ok(())
}

/// The manifest, appended to as rows are done and synced every
/// [`SYNC_EVERY`] lines.
struct Manifest {
    path: PathBuf,
    file: std::io::BufWriter<File>,
    unsynced: usize,
}

impl Manifest {
    /// A new manifest (a fresh run), or the existing one made ready to
    /// append to (`--resume`), with the rows it lists as issued.
    fn open(dir: &Path, resume: bool) -> Result<(Manifest, DoneRows), String> {
        let path = dir.join("manifest.csv");
        let name = path.display().to_string();
        let io = |e: std::io::Error| format!("{name}: {}", super::io_reason(&e));
        let mut done = DoneRows::default();
        let exists = path.exists();
        let file = if resume && exists {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .append(true)
                .open(&path)
                .map_err(io)?;
            let whole = Self::read_done(&file, &name, &mut done)?;
            // A line cut short by a crash is dropped: its row is checked
            // again by its badge file.
            file.set_len(whole).map_err(io)?;
            file
        } else {
            let mut file = File::create(&path).map_err(io)?;
            file.write_all(format!("{MANIFEST_HEADER}\n").as_bytes())
                .map_err(io)?;
            file
        };
        Ok((
            Manifest {
                path,
                file: std::io::BufWriter::new(file),
                unsynced: 0,
            },
            done,
        ))
    }

    /// Reads an existing manifest's rows listed as issued into `done`;
    /// returns the length of its whole lines.
    fn read_done(file: &File, name: &str, done: &mut DoneRows) -> Result<u64, String> {
        let mut input = BufReader::new(file);
        let mut line = String::new();
        let mut whole = 0u64;
        let mut number = 0usize;
        loop {
            line.clear();
            let read = (&mut input)
                .take(MAX_LINE_BYTES)
                .read_line(&mut line)
                .map_err(|e| format!("{name}: {}", super::io_reason(&e)))?;
            if read == 0 || !line.ends_with('\n') {
                break;
            }
            number = number.saturating_add(1);
            whole = whole.saturating_add(u64::try_from(read).unwrap_or(u64::MAX));
            if number == 1 {
                if line.trim_end() != MANIFEST_HEADER {
                    return Err(format!(
                        "{name}: not the manifest of a kiln issue run (its first line is not {MANIFEST_HEADER})"
                    ));
                }
                continue;
            }
            let fields = issue::csv::parse(&line, &Limits::default())
                .map_err(|e| format!("{name}: line {number}: {e}"))?;
            if let Some([row, _, _, status]) = fields.first().map(Vec::as_slice) {
                if status == "issued" {
                    if let Ok(row) = row.parse::<usize>() {
                        if row <= MAX_ROWS {
                            done.insert(row);
                        }
                    }
                }
            }
        }
        if number == 0 {
            return Err(format!(
                "{name}: empty; it is not the manifest of a kiln issue run"
            ));
        }
        Ok(whole)
    }

    fn append(&mut self, fields: &[&str]) -> Result<(), String> {
        let mut line = issue::csv::line(fields);
        line.push('\n');
        self.file
            .write_all(line.as_bytes())
            .map_err(|e| format!("{}: {}", self.path.display(), super::io_reason(&e)))?;
        self.unsynced = self.unsynced.saturating_add(1);
        if self.unsynced >= SYNC_EVERY {
            self.sync()?;
        }
        Ok(())
    }

    /// Writes out what is buffered and syncs the manifest and its folder
    /// (which makes the renames of the badges before it durable too).
    fn sync(&mut self) -> Result<(), String> {
        let name = self.path.display().to_string();
        self.file
            .flush()
            .and_then(|()| self.file.get_ref().sync_data())
            .map_err(|e| format!("{name}: {}", super::io_reason(&e)))?;
        if let Some(dir) = self.path.parent() {
            // Not every platform can sync a folder; the files are synced.
            let _ = File::open(dir).and_then(|d| d.sync_all());
        }
        self.unsynced = 0;
        Ok(())
    }
}

/// Refuses a folder that is not empty (a fresh run), or removes the
/// temporary files a killed run left there (`--resume`).
fn prepare_out(dir: &Path, resume: bool) -> Result<(), String> {
    let name = dir.display();
    std::fs::create_dir_all(dir).map_err(|e| format!("{name}: {}", super::io_reason(&e)))?;
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("{name}: {}", super::io_reason(&e)))?;
    if !resume {
        let mut entries = entries.flatten();
        if let Some(first) = entries.next() {
            let more = entries.count();
            return Err(format!(
                "{name}: the folder is not empty (it holds {}{}); give --resume to continue the run that wrote it, or choose an empty folder",
                first.file_name().to_string_lossy(),
                if more > 0 {
                    format!(" and {more} other entries")
                } else {
                    String::new()
                }
            ));
        }
        return Ok(());
    }
    for entry in entries.flatten() {
        let file = entry.file_name();
        let file = file.to_string_lossy();
        if file.starts_with('.') && file.contains(".kiln-") && file.ends_with(".tmp") {
            std::fs::remove_file(entry.path())
                .map_err(|e| format!("{name}/{file}: {}", super::io_reason(&e)))?;
        }
    }
    Ok(())
}

/// The summary of a run: counts, and a bounded sample of what went wrong.
#[derive(Debug, Default)]
struct Tally {
    written: usize,
    already: usize,
    failed: usize,
    /// Distinct render warnings: how many badges had each, and the first row.
    warnings: HashMap<String, (usize, usize)>,
    /// Warnings not kept (past [`KEPT_WARNINGS`] distinct ones).
    warnings_dropped: usize,
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
    let key = super::keyfile::read_key(&args.key)?;
    let suite = Suite::from_name(&args.suite).map_err(|e| e.to_string())?;
    let pattern_text = text(&args.achievement, limits.max_payload_bytes)?;
    let pattern = Pattern::from_json(
        &pattern_text,
        &key.controller,
        args.issuer_name.as_deref(),
        &limits,
    )
    .map_err(|e| format!("{}: {e}", name(&args.achievement)))?;

    // First pass: the CSV's syntax and header, and the rows to issue.
    let range = args.rows.unwrap_or(RowRange {
        first: 1,
        last: usize::MAX,
    });
    let mut selected = 0usize;
    let mut last_row = 0usize;
    read_rows(&args.recipients, |row| {
        last_row = row.number();
        if range.contains(row.number()) {
            selected = selected.saturating_add(1);
        }
        row.number() < range.last
    })?;
    if let Some(rows) = args.rows {
        check_range(rows, last_row, &name(&args.recipients))?;
    }

    let mut renderer = Renderer::new();
    for font in &args.fonts {
        let data = super::read_limited(font, kiln_render::MAX_FONT_BYTES)
            .map_err(|e| format!("{}: {e}", name(font)))?;
        renderer = renderer
            .with_font(data)
            .map_err(|e| format!("{}: {e}", name(font)))?;
    }
    let png = args.format == "png";
    let batch = if png {
        Some(
            renderer
                .batch(&template, args.width)
                .map_err(|e| format!("--width: {e}"))?,
        )
    } else {
        None
    };
    let stages = Stages::default();
    let job = Job {
        template: &template,
        batch: batch.as_ref(),
        key: &key,
        pattern: &pattern,
        suite,
        png,
        out: &args.out,
        resume: args.resume,
        now: super::now(),
        limits,
        artwork_name: name(&args.template),
        stages: &stages,
        status: args.status_list.as_deref().zip(args.status_index),
        qr_base: args.qr.then_some(args.link_base.as_str()),
    };
    job.check_shapes()
        .map_err(|e| format!("{}: {e}", name(&args.achievement)))?;

    prepare_out(&args.out, args.resume)?;
    let fingerprint = fingerprint(&args, &template_text, &pattern_text, &key)?;
    check_run(&args.out, &fingerprint, args.resume)?;
    let (mut manifest, done) = Manifest::open(&args.out, args.resume)?;

    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let progress = progress_bar(selected);
    let in_flight = jobs.saturating_mul(16);
    let (work_tx, work_rx) = mpsc::sync_channel::<(usize, RecipientRow, bool)>(in_flight);
    let (done_tx, done_rx) = mpsc::sync_channel::<(usize, usize, Outcome)>(in_flight);
    let work_rx = Mutex::new(work_rx);
    let read_error: Mutex<Option<String>> = Mutex::new(None);
    // Set when the manifest cannot be written: no more rows are sent.
    let stop = AtomicBool::new(false);
    let mut tally = Tally::default();
    let mut write_error: Option<String> = None;
    let recipients_name = name(&args.recipients);

    std::thread::scope(|scope| {
        // The reader: the second pass, the rows in range, in order.
        let read_error = &read_error;
        let done = &done;
        let recipients = &args.recipients;
        let stop = &stop;
        scope.spawn(move || {
            let mut seq = 0usize;
            let result = read_rows(recipients, |row| {
                let number = row.number();
                if stop.load(Ordering::Relaxed) {
                    return false;
                }
                if !range.contains(number) {
                    return number < range.last;
                }
                let recorded = done.contains(number);
                let sent = work_tx.send((seq, row, recorded)).is_ok();
                seq = seq.saturating_add(1);
                sent && number < range.last
            });
            if let (Err(e), Ok(mut slot)) = (result, read_error.lock()) {
                *slot = Some(e);
            }
        });
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let work_rx = &work_rx;
            let job = &job;
            scope.spawn(move || {
                loop {
                    let next = match work_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((seq, row, recorded)) = next else {
                        break;
                    };
                    let number = row.number();
                    let outcome = match &row {
                        RecipientRow::Ready(row) => job.issue(row, recorded),
                        RecipientRow::Unusable { reason, .. } => Err(reason.clone()),
                    }
                    .unwrap_or_else(|reason| Outcome::Failed { reason });
                    if done_tx.send((seq, number, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);

        // This thread: the outcomes, put back in row order, into the
        // manifest and the tally.
        let mut pending: BTreeMap<usize, (usize, Outcome)> = BTreeMap::new();
        let mut next_seq = 0usize;
        for (seq, number, outcome) in done_rx.iter() {
            pending.insert(seq, (number, outcome));
            while let Some((number, outcome)) = pending.remove(&next_seq) {
                next_seq = next_seq.saturating_add(1);
                if let Some(p) = &progress {
                    p.inc(1);
                }
                if write_error.is_some() {
                    continue;
                }
                if let Err(e) = record(&mut manifest, &mut tally, number, outcome, &recipients_name)
                {
                    write_error = Some(e);
                    stop.store(true, Ordering::Relaxed);
                }
            }
        }
    });
    if let Some(p) = &progress {
        p.finish_and_clear();
    }
    let synced = manifest.sync();

    // Render warnings: one that every badge has is about the template,
    // said once; the others name their first row.
    let mut warnings: Vec<(&String, &(usize, usize))> = tally.warnings.iter().collect();
    warnings.sort_by_key(|(_, (_, row))| *row);
    for (w, (count, row)) in warnings {
        if *count == tally.written && tally.written >= 2 {
            errln!("kiln: warning: {}: {w}", name(&args.template));
        } else if *count > 1 {
            errln!(
                "kiln: warning: {recipients_name}: row {row}: {w} (and {} other rows)",
                count - 1
            );
        } else {
            errln!("kiln: warning: {recipients_name}: row {row}: {w}");
        }
    }
    if tally.warnings_dropped > 0 {
        errln!(
            "kiln: warning: {} more warnings not shown",
            tally.warnings_dropped
        );
    }
    if tally.failed > SHOWN_FAILURES {
        errln!(
            "kiln: {recipients_name}: {} more rows failed (manifest.csv gives each reason)",
            tally.failed - SHOWN_FAILURES
        );
    }
    if let Some(e) = write_error {
        return Err(e);
    }
    synced?;
    if let Ok(Some(e)) = read_error.into_inner() {
        return Err(format!(
            "{e} (the rows before it were issued; --resume continues)"
        ));
    }

    let secs = started.elapsed().as_secs_f64();
    let ms = |a: &AtomicUsize| a.load(Ordering::Relaxed) as f64 / 1e6;
    let Tally {
        written,
        already,
        failed,
        ..
    } = tally;
    errln!(
        "kiln: issued {written}, skipped {already} (issued before), failed {failed} of {selected} in {secs:.2} s ({:.0} badges/s; cpu time render {:.0} ms, sign {:.0} ms, bake {:.0} ms, write {:.0} ms)",
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

/// One row's outcome into the manifest and the tally.
fn record(
    manifest: &mut Manifest,
    tally: &mut Tally,
    number: usize,
    outcome: Outcome,
    recipients: &str,
) -> Result<(), String> {
    let row = number.to_string();
    match outcome {
        Outcome::Written { file, id, warnings } => {
            tally.written = tally.written.saturating_add(1);
            for w in warnings {
                let kept = tally.warnings.len();
                match tally.warnings.get_mut(&w) {
                    Some((count, _)) => *count = count.saturating_add(1),
                    None if kept < KEPT_WARNINGS => {
                        tally.warnings.insert(w, (1, number));
                    }
                    None => tally.warnings_dropped = tally.warnings_dropped.saturating_add(1),
                }
            }
            manifest.append(&[&row, &file, &id, "issued"])
        }
        Outcome::Recovered { file, id } => {
            tally.already = tally.already.saturating_add(1);
            manifest.append(&[&row, &file, &id, "issued"])
        }
        Outcome::Done => {
            tally.already = tally.already.saturating_add(1);
            Ok(())
        }
        Outcome::Failed { reason } => {
            tally.failed = tally.failed.saturating_add(1);
            // One line per row in the manifest, whatever the reason says.
            let reason = reason.replace(['\r', '\n'], " ");
            if tally.failed <= SHOWN_FAILURES {
                errln!("kiln: {recipients}: row {number}: {reason}");
            }
            manifest.append(&[&row, "", "", &format!("failed: {reason}")])
        }
    }
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

    /// `--qr`: the QR code of the badge's verification link, written to
    /// `qr/<badge name>.svg`. A link too long for a legible code is replaced
    /// by the credential's https id, or the code is left out: the warning
    /// says which. Only a failed write is an error.
    fn write_qr(&self, file: &str, payload: &str, base: &str) -> Result<Option<String>, String> {
        let made = match kiln_core::qr::verification_qr(payload.as_bytes(), base) {
            Ok(made) => made,
            Err(e) => return Ok(Some(format!("no QR code: {e}"))),
        };
        let dir = self.out.join("qr");
        std::fs::create_dir_all(&dir).map_err(|e| format!("qr/: {}", super::io_reason(&e)))?;
        let name = Path::new(file).with_extension("svg");
        super::bake::write_atomically_with(&dir.join(&name), made.qr.svg.as_bytes(), false)
            .map_err(|e| format!("qr/{}: {}", name.display(), super::io_reason(&e)))?;
        Ok(made.warning)
    }

    /// Issues one row; with `--resume`, a row whose badge file is there is
    /// left alone (`recorded`: the manifest lists it already).
    fn issue(&self, row: &Recipient, recorded: bool) -> Result<Outcome, String> {
        let ext = if self.png { "png" } else { "svg" };
        let file = format!("{}.{ext}", issue::slug(row.number, &row.name));
        let path = self.out.join(&file);
        // An empty file is what a crash can leave of a badge whose rename
        // reached the disk before its bytes: it is issued again.
        if self.resume && std::fs::metadata(&path).is_ok_and(|m| m.len() > 0) {
            if recorded {
                return Ok(Outcome::Done);
            }
            let bytes = std::fs::read(&path).map_err(|e| super::io_reason(&e))?;
            let id = container::unbake(&bytes, &self.limits)
                .ok()
                .and_then(|u| credential::parse_json(&u.payload, &self.limits).ok())
                .and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_owned))
                .ok_or_else(|| {
                    format!("{file}: the badge an earlier run wrote has no readable credential; remove it to issue the row again")
                })?;
            return Ok(Outcome::Recovered { file, id });
        }

        let (doc, id, now) = self.credential_for(row)?;
        let values =
            issue::template_values(&doc, row, Some(self.template.placeholders()), self.now);

        let t = Instant::now();
        let (image, warnings) = match self.batch {
            Some(batch) => {
                let rendered = batch
                    .render(&values)
                    .map_err(|e| format!("{}: {e}", self.artwork_name))?;
                (rendered.png, rendered.warnings)
            }
            None => {
                let svg = self
                    .template
                    .fill(&values)
                    .map_err(|e| format!("{}: {e}", self.artwork_name))?;
                (svg.into_bytes(), Vec::new())
            }
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

        let mut warnings = warnings;
        if let Some(base) = self.qr_base {
            // Before the badge: a row whose badge is on disk is done, QR code included.
            if let Some(w) = self.write_qr(&file, &payload, base)? {
                warnings.push(w);
            }
        }

        let t = Instant::now();
        super::bake::write_atomically_with(&path, &baked, false)
            .map_err(|e| format!("{file}: {}", super::io_reason(&e)))?;
        self.stages
            .write_ns
            .fetch_add(elapsed_ns(t), Ordering::Relaxed);
        Ok(Outcome::Written { file, id, warnings })
    }
}
