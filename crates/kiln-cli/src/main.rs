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

/// One subcommand per module under `cmd/`.
#[derive(Debug, Subcommand)]
enum Command {
    /// Fill a badge template and render it to PNG.
    Render(cmd::render::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Render(args) => cmd::render::run(args),
    }
}
