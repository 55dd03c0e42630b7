//! `kiln link BADGE [--base URL]`: print the badge's verification link.

use super::{fail, read_limited};
use kiln_core::{Limits, share};
use std::path::PathBuf;
use std::process::ExitCode;

/// Print a verification link that carries the whole credential in its
/// fragment (`BASE#c=1...`): the verify page reads it from its own address
/// and verifies it offline; browsers never send the fragment to the server.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The badge: a baked PNG or SVG, or a credential's JSON or VC-JWT.
    badge: PathBuf,
    /// The verify page's address the link opens (http or https, no fragment).
    #[arg(long, value_name = "URL", default_value = share::DEFAULT_BASE)]
    base: String,
}

/// Runs `kiln link`.
pub fn run(args: Args) -> ExitCode {
    let limits = Limits::default();
    if !(args.base.starts_with("https://") || args.base.starts_with("http://")) {
        return super::report(Err(format!(
            "--base {}: the verify page's address must start with https:// (or http://)",
            args.base
        )));
    }
    let bytes = match read_limited(&args.badge, limits.max_input_bytes) {
        Ok(b) => b,
        Err(e) => return fail(&args.badge, e),
    };
    let (payload, _kind) = match kiln_core::verify::extract(&bytes, &limits) {
        Ok(p) => p,
        Err(e) => return fail(&args.badge, e),
    };
    let link = match share::link(payload.as_bytes(), &args.base) {
        Ok(l) => l,
        Err(e) => return fail(&args.badge, e),
    };
    outln!("{link}");
    let chars = link.chars().count();
    if chars > share::SHAREABLE_LINK_CHARS {
        errln!(
            "kiln: warning: {}: the link is {chars} characters, more than {}: too long for many chat apps and mail clients and for a QR code that prints legibly; share the badge file instead",
            args.badge.display(),
            share::SHAREABLE_LINK_CHARS
        );
    }
    ExitCode::SUCCESS
}
