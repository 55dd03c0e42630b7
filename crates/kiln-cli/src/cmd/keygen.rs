//! `kiln keygen [--type ed25519|p256|p384] [-o KEY.json] [--force]`: a fresh
//! key pair (Ed25519 by default) as Multikey JSON (id
//! `did:key:z6Mk...#z6Mk...`, controller `did:key:z6Mk...`; `zDn...` for
//! P-256, `z82...` for P-384), publicKeyMultibase, secretKeyMultibase.
//! With `--encrypt`, that JSON protected by a passphrase (see `keyfile`).

use kiln_core::key::{KeyPair, KeyType};
use std::fs::OpenOptions;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Options of `kiln keygen`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The key type: ed25519 (for the eddsa suites), p256 or p384 (for the ecdsa suites).
    #[arg(long = "type", default_value = "ed25519", value_parser = ["ed25519", "p256", "p384"])]
    pub key_type: String,
    /// Write the key to this file (mode 0600) instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "KEY.json")]
    pub output: Option<PathBuf>,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    /// Protect the key with a passphrase (from KILN_KEY_PASSPHRASE, or asked
    /// for twice on the terminal): the file is a JWE (PBES2-HS256+A128KW,
    /// A256GCM, 600,000 iterations) that every command taking --key reads.
    #[arg(long)]
    pub encrypt: bool,
}

/// Runs `kiln keygen`.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let ty = KeyType::from_name(&args.key_type).map_err(|e| format!("keygen: {e}"))?;
    let key = KeyPair::generate_type(ty).map_err(|e| format!("keygen: {e}"))?;
    let mut text = zeroize::Zeroizing::new(key.to_json());
    text.push('\n');
    if args.encrypt {
        let passphrase = super::keyfile::new_passphrase()?;
        let mut jwe = super::keyfile::encrypt(
            text.as_bytes(),
            passphrase.as_bytes(),
            super::keyfile::P2C_WRITTEN,
        )?;
        jwe.push('\n');
        text = zeroize::Zeroizing::new(jwe);
    }
    match &args.output {
        None => {
            out!("{}", *text);
        }
        Some(path) => {
            write_secret(path, text.as_bytes(), args.force)?;
            errln!(
                "kiln: wrote the secret key to {}; issuer id {}",
                path.display(),
                key.controller
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file only its owner can read; refuses to replace one unless `force`.
fn write_secret(path: &Path, bytes: &[u8], force: bool) -> Result<(), String> {
    let mut options = OpenOptions::new();
    options.write(true);
    if force {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{}: already exists; use --force to replace it",
                path.display()
            )
        } else {
            format!("{}: {e}", path.display())
        }
    })?;
    // A replaced file keeps its old mode: tighten it.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    file.write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("{}: {e}", path.display()))
}
