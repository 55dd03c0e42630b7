//! `kiln did-web --key KEY.json --domain DOMAIN [--path issuers:1] [-o did.json] [--key-out KEY2.json]`
//!
//! Writes the DID document an issuer publishes to bind its key to its
//! domain: `did:web:DOMAIN[:PATH]`, served at
//! `https://DOMAIN/.well-known/did.json` (or `https://DOMAIN/PATH/did.json`).
//! The key is listed as `<did>#key-1`, a Multikey under `assertionMethod`.
//!
//! `--key-out` writes a copy of the key file whose id and controller are the
//! did:web: `kiln sign --key` with that file issues badges as the did:web.

use std::path::PathBuf;
use std::process::ExitCode;

use kiln_core::key::didweb;
use serde_json::Value;

/// Options of `kiln did-web`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The issuer's key file.
    #[arg(long, value_name = "KEY.json")]
    key: PathBuf,
    /// The domain the document is served from (a port allowed: localhost:8080).
    #[arg(long)]
    domain: String,
    /// A path below the domain, as in did:web:example.edu:issuers:1 (issuers:1 or issuers/1).
    #[arg(long)]
    path: Option<String>,
    /// Write the DID document here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "did.json")]
    output: Option<PathBuf>,
    /// Also write the key file with its id and controller set to the did:web (mode 0600).
    #[arg(long, value_name = "KEY.json")]
    key_out: Option<PathBuf>,
}

/// Runs `kiln did-web`.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let key = super::keyfile::read_key(&args.key)?;
    let did = didweb::did_for(&args.domain, args.path.as_deref())
        .map_err(|e| format!("--domain {}: {e}", args.domain))?;
    let url = didweb::document_url(&did, false).map_err(|e| e.to_string())?;
    let doc = didweb::document(&did, &key.public).map_err(|e| e.to_string())?;
    let mut out = serde_json::to_string_pretty(&doc).map_err(|e| e.to_string())?;
    out.push('\n');
    if let Some(path) = &args.key_out {
        let mut v: Value = serde_json::from_str(&zeroize::Zeroizing::new(key.to_json()))
            .map_err(|e| e.to_string())?;
        v["id"] = Value::String(format!("{did}#key-1"));
        v["controller"] = Value::String(did.clone());
        let mut key_text =
            zeroize::Zeroizing::new(serde_json::to_string_pretty(&v).map_err(|e| e.to_string())?);
        key_text.push('\n');
        write_private(path, key_text.as_bytes()).map_err(|e| format!("{}: {e}", path.display()))?;
        if let Some(Value::String(mut secret)) = v
            .as_object_mut()
            .and_then(|m| m.remove("secretKeyMultibase"))
        {
            zeroize::Zeroize::zeroize(&mut secret);
        }
    }
    match &args.output {
        None => out!("{out}"),
        Some(path) => super::write_atomic(path, out.as_bytes())
            .map_err(|e| format!("{}: {e}", path.display()))?,
    }
    errln!("kiln: publish the DID document at {url}; the issuer id is {did}");
    errln!("{}", super::check_publish::header_advice(&url));
    Ok(ExitCode::SUCCESS)
}

/// Writes a new secret file readable only by its owner (refuses to overwrite).
fn write_private(path: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    use std::io::Write as _;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(|e| super::io_reason(&e))?;
    f.write_all(bytes).map_err(|e| super::io_reason(&e))
}
