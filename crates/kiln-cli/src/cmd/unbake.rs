//! `kiln unbake IMAGE [--json]`: print the payload baked into a badge.

use super::{fail, read_limited};
use kiln_core::Limits;
use std::io::{IsTerminal, Write};
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
    let mut stdout = std::io::stdout().lock();
    let written = if args.json {
        let json = serde_json::json!({ "kind": unbaked.kind.as_str(), "payload": unbaked.payload });
        writeln!(stdout, "{json}")
    } else if stdout.is_terminal() {
        writeln!(stdout, "{}", unbaked.payload)
    } else {
        // Exactly the baked bytes when piped or redirected.
        stdout.write_all(unbaked.payload.as_bytes())
    };
    match written.and_then(|()| stdout.flush()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(std::path::Path::new("<stdout>"), super::io_reason(&e)),
    }
}
