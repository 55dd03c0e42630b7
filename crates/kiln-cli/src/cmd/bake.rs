//! `kiln bake --credential FILE IMAGE -o OUT [--ob2]`: bake a credential into a badge.

use super::{fail, io_reason, read_limited};
use kiln_core::Limits;
use kiln_core::container::BakeOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Bake a signed credential (JSON or compact JWS) into a PNG or SVG badge.
///
/// The input image is never modified; the result is written to OUT
/// atomically. Baking an already baked badge replaces its credential.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The credential: a signed JSON credential or a compact JWS (with --ob2:
    /// an OB 2.0 assertion, signed assertion or hosted assertion URL).
    #[arg(long, value_name = "FILE")]
    credential: PathBuf,
    /// The badge image (.png or .svg).
    image: PathBuf,
    /// Where to write the baked badge (must differ from IMAGE).
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: PathBuf,
    /// Bake the Open Badges 2.0 way (keyword `openbadges`, `<openbadges:assertion>`).
    #[arg(long)]
    ob2: bool,
}

/// The canonical form of a path that may not exist yet (its parent must).
fn canonical(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = path.canonicalize() {
        return Some(p);
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Some(parent.canonicalize().ok()?.join(path.file_name()?))
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, bytes, true)
}

/// [`write_atomically`], with the fsync before the rename only when `durable`
/// (bulk issuance writes thousands of files and syncs none: a crash leaves
/// whole files or none, and `--resume` redoes what is missing).
pub(crate) fn write_atomically_with(
    path: &Path,
    bytes: &[u8],
    durable: bool,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.kiln-{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temp)?;
        file.write_all(bytes)?;
        if durable {
            file.sync_all()?;
        }
        drop(file);
        std::fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Runs `kiln bake`.
pub fn run(args: Args) -> ExitCode {
    let limits = Limits::default();
    let out = canonical(&args.output);
    for input in [&args.image, &args.credential] {
        if out.is_some() && canonical(input) == out {
            return fail(
                &args.output,
                format!(
                    "the output would overwrite the input {}; choose another -o",
                    input.display()
                ),
            );
        }
    }
    let credential = match read_limited(&args.credential, limits.max_payload_bytes) {
        Ok(b) => b,
        Err(e) => return fail(&args.credential, e),
    };
    let credential = match String::from_utf8(credential) {
        Ok(s) => s,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            return fail(
                &args.credential,
                format!("the credential is not UTF-8 text (bad byte at offset {at})"),
            );
        }
    };
    // A byte-order mark some editors write is not part of the credential.
    let credential = credential.strip_prefix('\u{feff}').unwrap_or(&credential);
    if let Err(e) = kiln_core::payload::classify(credential) {
        return fail(&args.credential, e);
    }
    let image = match read_limited(&args.image, limits.max_input_bytes) {
        Ok(b) => b,
        Err(e) => return fail(&args.image, e),
    };
    let options = BakeOptions { ob2: args.ob2 };
    let baked = match kiln_core::container::bake(&image, credential, &options, &limits) {
        Ok(b) => b,
        Err(e)
            if e.code() == kiln_core::Code::BakeKind
                || e.code() == kiln_core::Code::PayloadTooLarge =>
        {
            return fail(&args.credential, e);
        }
        Err(e) => return fail(&args.image, e),
    };
    match write_atomically(&args.output, &baked) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&args.output, io_reason(&e)),
    }
}
