//! `kiln canonize INPUT.jsonld|INPUT.nq`: print RDFC-1.0 canonical N-Quads.
//!
//! A `.nq`/`.nquads` input is read as N-Quads; anything else as a JSON-LD
//! document whose contexts come only from Kiln's bundled set. `-` reads
//! JSON-LD from standard input. Exit 0 on success; 2 with one line
//! `kiln: <file>: <what>` on standard error when the input cannot be read
//! or canonicalized.

use kiln_core::{Limits, jsonld};
use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `kiln canonize`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A JSON-LD document (.jsonld, .json) or N-Quads (.nq), or - for JSON-LD on stdin.
    pub input: PathBuf,
}

fn fail(file: &str, what: impl std::fmt::Display) -> ExitCode {
    let what = what.to_string().replace('\n', " ");
    errln!("kiln: {file}: {what}");
    ExitCode::from(2)
}

/// Runs the subcommand.
pub fn run(args: &Args) -> ExitCode {
    let name = args.input.display().to_string();
    let limits = Limits::default();
    let text = if name == "-" {
        let mut s = String::new();
        match std::io::stdin()
            .take(limits.max_input_bytes as u64 + 1)
            .read_to_string(&mut s)
        {
            Ok(_) => s,
            Err(e) => return fail(&name, e),
        }
    } else {
        match std::fs::read(&args.input) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => return fail(&name, format!("not UTF-8 text ({e})")),
            },
            Err(e) => return fail(&name, e),
        }
    };
    let is_nquads = args
        .input
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("nq") || e.eq_ignore_ascii_case("nquads"));
    let result = if is_nquads {
        jsonld::canonicalize_nquads(&text, &limits)
    } else {
        match kiln_core::credential::read_json(&text, &limits, "the document") {
            Ok(doc) => jsonld::canonicalize(&doc, &jsonld::ContextStore::bundled(), &limits),
            Err(e) => return fail(&name, e),
        }
    };
    match result {
        Ok(nquads) => {
            crate::output::stdout(&nquads);
            ExitCode::SUCCESS
        }
        Err(e) => fail(&name, e),
    }
}
