//! The `kiln` command.
#![forbid(unsafe_code)]

#[macro_use]
mod output;

mod cmd;
mod fetch;

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
    /// Make an Ed25519 key pair (Multikey JSON, published as did:key).
    Keygen(cmd::keygen::Args),
    /// Sign a credential with a Data Integrity proof.
    Sign(cmd::sign::Args),
    /// Derive an ecdsa-sd-2023 proof that discloses only chosen claims (the holder's step).
    Derive(cmd::derive::Args),
    /// Bake a credential into a PNG or SVG badge.
    Bake(cmd::bake::Args),
    /// Print the credential baked into a PNG or SVG badge.
    Unbake(cmd::unbake::Args),
    /// Verify a badge or credential and say why it is or is not genuine.
    Verify(cmd::verify::Args),
    /// Print a verification link that carries the credential (verified offline by the verify page).
    Link(cmd::link::Args),
    /// Print the RDFC-1.0 canonical N-Quads of a JSON-LD document or N-Quads file (to debug signatures).
    Canonize(cmd::canonize::Args),
    /// Make a QR code (SVG or PNG) of a badge's verification link, for a printed certificate.
    Qr(cmd::qr::Args),
    /// Render a badge template (SVG with placeholders) to PNG.
    Render(cmd::render::Args),
    /// Issue a signed, baked badge to every recipient of a CSV file.
    Issue(cmd::issue::Args),
    /// Bundle signed credentials into a signed CLR 2.0 learner record.
    Clr(cmd::clr::Args),
    /// Make and update a signed revocation (status) list.
    #[command(subcommand)]
    Status(cmd::status::Command),
    /// Write the did:web DID document an issuer publishes for a key.
    DidWeb(cmd::did_web::Args),
    /// Check that published documents (did.json, status lists, hosted assertions) can be read by web pages.
    CheckPublish(cmd::check_publish::Args),
}

fn main() -> ExitCode {
    let code = match Cli::parse().command {
        Command::Keygen(args) => cmd::report(cmd::keygen::run(args)),
        Command::Sign(args) if cmd::sign::is_selective(&args) => {
            cmd::report(cmd::sign_sd::run(&args))
        }
        Command::Sign(args) => cmd::report(cmd::sign::run(args)),
        Command::Derive(args) => cmd::report(cmd::derive::run(args)),
        Command::Bake(args) => cmd::bake::run(args),
        Command::Unbake(args) => cmd::unbake::run(args),
        Command::Verify(args) => cmd::verify::run(args),
        Command::Link(args) => cmd::link::run(args),
        Command::Canonize(args) => cmd::canonize::run(&args),
        Command::Qr(args) => cmd::qr::run(args),
        Command::Render(args) => cmd::render::run(args),
        Command::Issue(args) => cmd::report(cmd::issue::run(args)),
        Command::Clr(args) => cmd::report(cmd::clr::run(args)),
        Command::Status(c) => cmd::report(cmd::status::run(c)),
        Command::DidWeb(args) => cmd::report(cmd::did_web::run(args)),
        Command::CheckPublish(args) => cmd::report(cmd::check_publish::run(args)),
    };
    if output::failed() {
        ExitCode::from(cmd::EXIT_BAD_INPUT)
    } else {
        code
    }
}
