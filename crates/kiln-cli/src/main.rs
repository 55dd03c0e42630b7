//! The `kiln` command.
#![forbid(unsafe_code)]

use clap::Parser;

/// Bake, unbake, sign and verify Open Badges.
#[derive(Debug, Parser)]
#[command(name = "kiln", version)]
struct Cli {}

fn main() {
    let _ = Cli::parse();
}
