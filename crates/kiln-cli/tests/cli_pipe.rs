//! A closed pipe on standard output or standard error (`kiln verify --json
//! badge.png | head -1`) ends the output quietly: no panic message, and the
//! exit status the command would have had.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common;
use common::{kiln, repo, scratch};
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};

const AT: &str = "2026-06-01T00:00:00Z";

/// A pipe whose read end is already closed: every write to it fails with EPIPE.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Stdio::from(writer)
}

struct Run {
    status: ExitStatus,
    stderr: String,
}

/// Runs kiln with standard output (and, when `close_stderr`, standard error)
/// going into a closed pipe.
fn run_closed(args: &[&str], close_stderr: bool) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiln"));
    cmd.args(args).stdin(Stdio::null()).stdout(closed_pipe());
    cmd.stderr(if close_stderr {
        closed_pipe()
    } else {
        Stdio::piped()
    });
    let out = cmd.output().expect("kiln runs");
    Run {
        status: out.status,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn assert_quiet(args: &[&str], run: &Run, expected: Option<i32>) {
    assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
    assert_eq!(run.status.signal(), None, "{args:?} was killed by a signal");
    assert_ne!(run.status.code(), Some(101), "{args:?}: {}", run.stderr);
    assert_eq!(run.status.code(), expected, "{args:?}: {}", run.stderr);
}

#[test]
fn closed_stdout_is_not_a_panic() {
    let valid = repo("tests/fixtures/verify/dcc-v2-rdfc-didkey-basic.json");
    let valid = valid.to_str().unwrap();
    let badge = repo("tests/fixtures/baking/ob3-1edtech-simple-json.svg");
    let badge = badge.to_str().unwrap();
    let expired = repo("tests/fixtures/verify/x-dcc-v1-ed25519-expired.json");
    let expired = expired.to_str().unwrap();
    let cases: &[(&[&str], i32)] = &[
        (&["verify", "--json", "--offline", "--at", AT, valid], 0),
        (&["verify", "--offline", "--at", AT, valid], 0),
        (&["verify", "--json", "--offline", "--at", AT, expired], 1),
        (&["verify", "--offline", "--at", AT, expired], 1),
        (&["unbake", badge], 0),
        (&["unbake", "--json", badge], 0),
        (&["canonize", valid], 0),
        (&["keygen"], 0),
        (&["--help"], 0),
    ];
    for (args, code) in cases {
        // With the normal exit status when stdout is open.
        let open = kiln(args);
        assert_eq!(open.status.code(), Some(*code), "{args:?}");
        assert!(!open.stdout.is_empty(), "{args:?} prints something");
        let run = run_closed(args, false);
        assert_quiet(args, &run, Some(*code));
        assert!(run.stderr.is_empty(), "{args:?}: {}", run.stderr);
    }
}

#[test]
fn closed_stderr_is_not_a_panic() {
    let missing = scratch("pipe").join("missing.png");
    let missing = missing.to_str().unwrap();
    let bad = scratch("pipe").join("bad.json");
    std::fs::write(&bad, "{\"a\":1,\"a\":2}").unwrap();
    let bad = bad.to_str().unwrap();
    for args in [
        vec!["verify", "--offline", missing],
        vec!["verify", "--offline", bad],
        vec!["unbake", missing],
        vec!["canonize", bad],
    ] {
        let run = run_closed(&args, true);
        assert_quiet(&args, &run, Some(2));
    }
}

/// The shell's `| head -1`: read the first line, then close the pipe while
/// kiln may still be writing (the human report is longer than one line).
#[test]
fn reader_that_stops_after_one_line() {
    let valid = repo("tests/fixtures/verify/dcc-v2-rdfc-didkey-basic.json");
    let args = [
        "verify",
        "--json",
        "--offline",
        "--at",
        AT,
        valid.to_str().unwrap(),
    ];
    let mut child = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim(), "{");
    let out = child.wait_with_output().unwrap();
    let run = Run {
        status: out.status,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    };
    assert_quiet(&args, &run, Some(0));
}

/// A failure other than a closed pipe (a full disk) is still reported.
#[test]
fn full_disk_is_reported() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // no /dev/full on this system
    };
    let valid = repo("tests/fixtures/verify/dcc-v2-rdfc-didkey-basic.json");
    let out = Command::new(env!("CARGO_BIN_EXE_kiln"))
        .args(["verify", "--offline", "--at", AT, valid.to_str().unwrap()])
        .stdout(Stdio::from(full))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("kiln: cannot write to standard output"),
        "{stderr}"
    );
}
