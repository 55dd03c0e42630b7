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
    /// Bake a credential into a PNG or SVG badge.
    Bake(cmd::bake::Args),
    /// Print the credential baked into a PNG or SVG badge.
    Unbake(cmd::unbake::Args),
    /// Verify a badge or credential and say why it is or is not genuine.
    Verify(cmd::verify::Args),
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Bake(args) => cmd::bake::run(args),
        Command::Unbake(args) => cmd::unbake::run(args),
        Command::Verify(args) => cmd::verify::run(args),
    }
}
