//! `kiln unbake IMAGE [--json]`: print the payload baked into a badge.

use super::{fail, read_limited};
use kiln_core::Limits;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Print the credential baked into a PNG or SVG badge, exactly as baked.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The badge image (.png or .svg).
    image: PathBuf,
    /// Print `{"kind": ..., "payload": ...}` instead of the bare payload.
    #[arg(long)]
    json: bool,
}

/// Runs `kiln unbake`.
pub fn run(args: Args) -> ExitCode {
    let limits = Limits::default();
    let bytes = match read_limited(&args.image, limits.max_input_bytes) {
        Ok(b) => b,
        Err(e) => return fail(&args.image, e),
    };
    let unbaked = match kiln_core::container::unbake(&bytes, &limits) {
        Ok(u) => u,
        Err(e) => return fail(&args.image, e),
    };
    if args.json {
        let json = serde_json::json!({ "kind": unbaked.kind.as_str(), "payload": unbaked.payload });
        outln!("{json}");
    } else if std::io::stdout().is_terminal() {
        outln!("{}", unbaked.payload);
    } else {
        // Exactly the baked bytes when piped or redirected.
        crate::output::stdout(&unbaked.payload);
    }
    ExitCode::SUCCESS
}
