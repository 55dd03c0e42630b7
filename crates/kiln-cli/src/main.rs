//! The `kiln` command.
#![forbid(unsafe_code)]

mod cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// Bake, unbake, sign and verify Open Badges.
#[derive(Debug, Parser)]
#[command(name = "kiln", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the RDFC-1.0 canonical N-Quads of a JSON-LD document or N-Quads file (to debug signatures).
    Canonize(cmd::canonize::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Canonize(args) => cmd::canonize::run(&args),
    }
}
