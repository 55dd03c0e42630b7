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
    /// Make an Ed25519 key pair (Multikey JSON, published as did:key).
    Keygen(cmd::keygen::Args),
    /// Sign a credential with a Data Integrity proof.
    Sign(cmd::sign::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Keygen(args) => cmd::keygen::run(args),
        Command::Sign(args) => cmd::sign::run(args),
    };
    result.unwrap_or_else(|message| {
        eprintln!("kiln: {message}");
        ExitCode::from(2)
    })
}
