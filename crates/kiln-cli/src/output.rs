//! Every write of the `kiln` command to standard output and standard error.
//!
//! A closed pipe (`kiln verify --json badge.png | head -1`) is not the
//! command's failure: the rest of the output is dropped quietly and the
//! command ends with the exit status it would have had (Rust's `print!`
//! would panic instead). Any other write failure, such as a full disk, is
//! reported once on standard error and makes the command exit with status 2.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

static FAILED: AtomicBool = AtomicBool::new(false);

/// Writes `text` to standard output (see the module docs for failures).
pub fn stdout(text: &str) {
    stdout_bytes(text.as_bytes());
}

/// Writes `bytes` to standard output, exactly.
pub fn stdout_bytes(bytes: &[u8]) {
    write(&mut io::stdout().lock(), bytes, "standard output");
}

/// Writes `text` to standard error.
pub fn stderr(text: &str) {
    write(&mut io::stderr().lock(), text.as_bytes(), "standard error");
}

fn write(w: &mut impl Write, bytes: &[u8], name: &str) {
    match w.write_all(bytes).and_then(|()| w.flush()) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            if !FAILED.swap(true, Ordering::Relaxed) {
                let reason = crate::cmd::io_reason(&e);
                let _ = writeln!(io::stderr(), "kiln: cannot write to {name}: {reason}");
            }
        }
    }
}

/// Whether a write failed for another reason than a closed pipe.
pub fn failed() -> bool {
    FAILED.load(Ordering::Relaxed)
}

/// `print!` that tolerates a closed pipe.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::stdout(&format!($($arg)*))
    };
}

/// `println!` that tolerates a closed pipe.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::stdout(&format!("{}\n", format_args!($($arg)*)))
    };
}

/// `eprintln!` that tolerates a closed pipe.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::stderr(&format!("{}\n", format_args!($($arg)*)))
    };
}
