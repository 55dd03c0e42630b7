//! The subcommands, one module each, and what they share.

pub mod bake;
pub mod canonize;
pub mod check_publish;
pub mod clr;
pub mod derive;
pub mod did_web;
pub mod issue;
pub mod keyfile;
pub mod keygen;
pub mod lang;
pub mod link;
pub mod qr;
pub mod render;
pub mod sign;
pub mod sign_sd;
pub mod status;
pub mod unbake;
pub mod verify;
mod verify_stack;

use std::fmt::Display;
use std::path::Path;
use std::process::ExitCode;

/// Exit status for bad input, bad usage, or input that could not be checked.
pub const EXIT_BAD_INPUT: u8 = 2;

/// Prints the one-line error `kiln: <file>: <what is wrong>` and returns exit status 2.
pub fn fail(file: &Path, message: impl Display) -> ExitCode {
    let message = message.to_string();
    let message = message.lines().map(str::trim).collect::<Vec<_>>().join(" ");
    errln!("kiln: {}: {message}", file.display());
    ExitCode::from(EXIT_BAD_INPUT)
}

/// Reads a whole file, refusing one larger than `max` bytes before reading it.
pub fn read_limited(path: &Path, max: usize) -> Result<Vec<u8>, String> {
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
    std::fs::read(path).map_err(|e| io_reason(&e))
}

/// A short reason for an I/O error, without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let text = e.to_string();
            text.split(" (os error").next().unwrap_or(&text).to_owned()
        }
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same
/// directory, then a rename over the target.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), String> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.kiln-{}.tmp", std::process::id()));
    std::fs::write(&tmp, contents).map_err(|e| io_reason(&e))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io_reason(&e)
    })
}

/// The current time in seconds since the Unix epoch (0 if the clock is before 1970).
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Turns a command's `Err(message)` into the one-line error and exit status 2.
pub fn report(result: Result<ExitCode, String>) -> ExitCode {
    result.unwrap_or_else(|message| {
        let message = message.lines().map(str::trim).collect::<Vec<_>>().join(" ");
        errln!("kiln: {message}");
        ExitCode::from(EXIT_BAD_INPUT)
    })
}
