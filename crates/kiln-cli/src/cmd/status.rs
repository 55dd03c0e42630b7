//! `kiln status new --key KEY.json --url URL -o LIST.json [--length N] [--purpose revocation|suspension] [--suite S]`
//! `kiln status revoke LIST.json INDEX --key KEY.json [--clear] [--suite S]`
//!
//! An issuer's revocation list: a signed BitstringStatusListCredential (VC
//! 2.0) published at URL (its id), issued by the key's controller. `revoke`
//! sets bit INDEX (`--clear` unsets it, to lift a suspension), signs the list
//! again and replaces the file atomically. Badges point at their bit with
//! `kiln sign --status-list URL --status-index N`.
//!
//! Lists are signed with eddsa-jcs-2022 by default: a list is re-signed at
//! every revocation, and JCS needs no JSON-LD processing.

use std::path::PathBuf;
use std::process::ExitCode;

use kiln_core::key::KeyPair;
use kiln_core::proof::Suite;
use kiln_core::status_list::{self, Purpose};
use kiln_core::{Limits, format_rfc3339};

/// `kiln status` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Make a new, empty signed status list.
    New(NewArgs),
    /// Mark the badge at INDEX as revoked (or suspended) and sign the list again.
    Revoke(RevokeArgs),
}

/// Options of `kiln status new`.
#[derive(Debug, clap::Args)]
pub struct NewArgs {
    /// The issuer's key file (its controller becomes the list's issuer).
    #[arg(long, value_name = "KEY.json")]
    key: PathBuf,
    /// Where the list will be published (https); it becomes the list's id.
    #[arg(long, value_name = "URL")]
    url: String,
    /// Write the list here.
    #[arg(short = 'o', long = "output", value_name = "LIST.json")]
    output: PathBuf,
    /// Number of entries (a multiple of 8; the specification's minimum, 131072, hides who is revoked).
    #[arg(long, default_value_t = status_list::MIN_LIST_BITS)]
    length: usize,
    /// What a set bit means.
    #[arg(long, default_value = "revocation", value_parser = ["revocation", "suspension"])]
    purpose: String,
    /// The cryptosuite of the list's proof.
    #[arg(long, default_value = "eddsa-jcs-2022", value_parser = ["eddsa-jcs-2022", "eddsa-rdfc-2022"])]
    suite: String,
    /// Replace the output file if it exists.
    #[arg(long)]
    force: bool,
}

/// Options of `kiln status revoke`.
#[derive(Debug, clap::Args)]
pub struct RevokeArgs {
    /// The status list file, replaced in place.
    #[arg(value_name = "LIST.json")]
    list: PathBuf,
    /// The badge's statusListIndex.
    #[arg(value_name = "INDEX")]
    index: usize,
    /// The issuer's key file.
    #[arg(long, value_name = "KEY.json")]
    key: PathBuf,
    /// Clear the bit instead (lift a suspension).
    #[arg(long)]
    clear: bool,
    /// The cryptosuite of the list's new proof.
    #[arg(long, default_value = "eddsa-jcs-2022", value_parser = ["eddsa-jcs-2022", "eddsa-rdfc-2022"])]
    suite: String,
}

fn read_key(path: &std::path::Path) -> Result<KeyPair, String> {
    super::keyfile::read_key(path)
}

fn now() -> String {
    format_rfc3339(super::now())
}

/// Runs `kiln status`.
pub fn run(command: Command) -> Result<ExitCode, String> {
    match command {
        Command::New(args) => new(args),
        Command::Revoke(args) => revoke(args),
    }
}

fn new(args: NewArgs) -> Result<ExitCode, String> {
    let key = read_key(&args.key)?;
    let purpose = Purpose::from_name(&args.purpose).map_err(|e| e.to_string())?;
    let suite = Suite::from_name(&args.suite).map_err(|e| e.to_string())?;
    if args.output.exists() && !args.force {
        return Err(format!(
            "{}: already exists (use --force to replace it)",
            args.output.display()
        ));
    }
    let list = status_list::new_list(&args.url, args.length, purpose, &key, &now(), suite)
        .map_err(|e| format!("--url {}: {e}", args.url))?;
    let mut text = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
    text.push('\n');
    super::write_atomic(&args.output, text.as_bytes())
        .map_err(|e| format!("{}: {e}", args.output.display()))?;
    errln!(
        "kiln: {}: a {} list of {} entries, to publish at {}",
        args.output.display(),
        purpose.as_str(),
        args.length,
        args.url
    );
    errln!("{}", super::check_publish::header_advice(&args.url));
    Ok(ExitCode::SUCCESS)
}

fn revoke(args: RevokeArgs) -> Result<ExitCode, String> {
    let name = args.list.display().to_string();
    let key = read_key(&args.key)?;
    let suite = Suite::from_name(&args.suite).map_err(|e| e.to_string())?;
    let bytes = super::read_limited(&args.list, Limits::default().max_payload_bytes)
        .map_err(|e| format!("{name}: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| format!("{name}: not UTF-8 text"))?;
    let list = kiln_core::credential::parse_json(&text, &Limits::default())
        .map_err(|e| format!("{name}: {e}"))?;
    let (updated, unchanged) =
        status_list::set_bit(&list, args.index, !args.clear, &key, &now(), suite)
            .map_err(|e| format!("{name}: {e}"))?;
    let mut out = serde_json::to_string_pretty(&updated).map_err(|e| e.to_string())?;
    out.push('\n');
    super::write_atomic(&args.list, out.as_bytes()).map_err(|e| format!("{name}: {e}"))?;
    let what = if args.clear { "cleared" } else { "set" };
    if unchanged {
        errln!(
            "kiln: {name}: entry {} was already {what}; the list was signed again",
            args.index
        );
    } else {
        errln!(
            "kiln: {name}: entry {} {what}; publish the new list",
            args.index
        );
    }
    Ok(ExitCode::SUCCESS)
}
