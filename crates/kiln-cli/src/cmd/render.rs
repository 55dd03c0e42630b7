//! `kiln render TEMPLATE.svg [--set key=value]... -o OUT.png [--width N]
//! [--font FILE]...`:
//! fill a badge template and render it to PNG.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::io_reason;
use kiln_render::{Compression, Limits, Renderer, Template, Values};

/// Fill a badge template's placeholders and render it to PNG.
///
/// Placeholders: recipient.name, recipient.email, achievement.name,
/// achievement.description, issuer.name, date, custom.NAME.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The SVG template.
    template: PathBuf,
    /// A placeholder value, such as `--set recipient.name="Ada Lovelace"` (repeatable).
    #[arg(long = "set", value_name = "KEY=VALUE")]
    set: Vec<String>,
    /// Where to write the PNG.
    #[arg(short = 'o', long = "output", value_name = "OUT.png")]
    output: PathBuf,
    /// Width of the PNG in pixels; the height follows the design.
    #[arg(long, value_name = "N", default_value_t = kiln_render::DEFAULT_WIDTH)]
    width: u32,
    /// A font file (TTF, OTF or TTC) for the families the template names (repeatable).
    #[arg(long = "font", value_name = "FILE")]
    fonts: Vec<PathBuf>,
}

/// Exit status for bad input or bad usage.
const EXIT_BAD_INPUT: u8 = 2;

/// Prints `kiln: <file>: <what is wrong>` on one line; exit status 2.
fn fail(file: &Path, message: impl std::fmt::Display) -> ExitCode {
    let message = message.to_string();
    let message = message.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    errln!("kiln: {}: {message}", file.display());
    ExitCode::from(EXIT_BAD_INPUT)
}

fn read_template(path: &Path, max: usize) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| io_reason(&e))?;
    if meta.is_dir() {
        return Err("is a directory".into());
    }
    if meta.len() > u64::try_from(max).unwrap_or(u64::MAX) {
        return Err(format!(
            "the file is {} bytes, more than the limit of {max} bytes",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| io_reason(&e))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the SVG is not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Runs `kiln render`.
pub fn run(args: Args) -> ExitCode {
    let mut values = Values::new();
    for pair in &args.set {
        let Some((key, value)) = pair.split_once('=') else {
            return fail(Path::new("--set"), format!("{pair:?} is not KEY=VALUE"));
        };
        values.insert(key.trim().to_owned(), value.to_owned());
    }
    let limits = Limits::default();
    let svg = match read_template(&args.template, limits.max_svg_bytes) {
        Ok(s) => s,
        Err(e) => return fail(&args.template, e),
    };
    let template = match Template::parse(&svg) {
        Ok(t) => t,
        Err(e) => return fail(&args.template, e),
    };
    let filled = match template.fill(&values) {
        Ok(f) => f,
        Err(e) => return fail(&args.template, e),
    };
    // One badge: spend the time on a smaller file. System fonts cover the
    // scripts the embedded subset lacks.
    let mut renderer = Renderer::with_system_fonts().with_compression(Compression::Small);
    for font in &args.fonts {
        let loaded = super::read_limited(font, kiln_render::MAX_FONT_BYTES)
            .and_then(|data| renderer.with_font(data).map_err(|e| e.to_string()));
        renderer = match loaded {
            Ok(r) => r,
            Err(e) => return fail(font, e),
        };
    }
    let rendered = match renderer.render_png(&filled, args.width) {
        Ok(r) => r,
        Err(e) => return fail(&args.template, e),
    };
    for warning in &rendered.warnings {
        errln!("kiln: warning: {}: {warning}", args.template.display());
    }
    if let Err(e) = std::fs::write(&args.output, &rendered.png) {
        return fail(
            &args.output,
            format!("cannot write the PNG: {}", io_reason(&e)),
        );
    }
    ExitCode::SUCCESS
}
