//! `kiln qr BADGE [--base URL] -o OUT.svg|OUT.png`: a QR code of a badge's
//! verification link, for a printed certificate.
//!
//! The code holds the link `kiln_core::share::link` makes (the whole
//! credential in the URL fragment) when it fits a QR code that prints
//! legibly at 5 cm (version 27, see `kiln_core::qr`); otherwise the
//! credential's own https `id`, with a warning; otherwise the command fails
//! with the reason. SVG is written as made; PNG is drawn from it by
//! kiln-render, 8 pixels a module.

use super::{fail, read_limited};
use kiln_core::Limits;
use std::path::PathBuf;
use std::process::ExitCode;

/// Pixels a module in a PNG: 0.4 mm at 300 dpi is 4.7 px; 8 leaves room to scale.
const PNG_PIXELS_PER_MODULE: usize = 8;

/// Make a QR code of a badge's verification link.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The badge: a baked .png or .svg, a .json credential or a .jws.
    badge: PathBuf,
    /// The verify page the link opens.
    #[arg(long, value_name = "URL", default_value = kiln_core::share::DEFAULT_BASE)]
    base: String,
    /// Where to write the QR code: .svg or .png.
    #[arg(short, long, value_name = "OUT.svg|OUT.png")]
    output: PathBuf,
}

/// The badge's payload: what is baked into an image, or the file's text.
fn payload_of(path: &std::path::Path, limits: &Limits) -> Result<Vec<u8>, String> {
    let bytes = read_limited(path, limits.max_input_bytes)?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("png" | "svg") => kiln_core::container::unbake(&bytes, limits)
            .map(|u| u.payload.into_bytes())
            .map_err(|e| e.to_string()),
        _ => Ok(bytes),
    }
}

/// Runs `kiln qr`.
pub fn run(args: Args) -> ExitCode {
    let limits = Limits::default();
    let png = match args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => false,
        Some("png") => true,
        _ => {
            return fail(
                &args.output,
                "the QR code is written as .svg or .png: name the output file so",
            );
        }
    };
    let payload = match payload_of(&args.badge, &limits) {
        Ok(p) => p,
        Err(e) => return fail(&args.badge, e),
    };
    let made = match kiln_core::qr::verification_qr(&payload, &args.base) {
        Ok(m) => m,
        Err(e) => return fail(&args.badge, e),
    };
    if let Some(warning) = &made.warning {
        errln!("kiln: warning: {}: {warning}", args.badge.display());
    }
    let bytes = if png {
        let width =
            (made.qr.modules + 2 * kiln_core::qr::QUIET_ZONE).saturating_mul(PNG_PIXELS_PER_MODULE);
        let width = u32::try_from(width).unwrap_or(u32::MAX);
        match kiln_render::Renderer::new().render_png(&made.qr.svg, width) {
            Ok(r) => r.png,
            Err(e) => return fail(&args.output, e),
        }
    } else {
        made.qr.svg.into_bytes()
    };
    if let Err(e) = std::fs::write(&args.output, bytes) {
        return fail(&args.output, super::io_reason(&e));
    }
    // What the code holds, for scripts and for the person to check.
    outln!("{}", made.text);
    errln!(
        "kiln: {}: QR version {}, {} modules: print it {} mm wide (0.4 mm a module), with a white margin of 4 modules",
        args.output.display(),
        made.qr.version,
        made.qr.modules,
        kiln_core::qr::print_mm(made.qr.modules)
    );
    ExitCode::SUCCESS
}
