//! `kiln derive [--reveal POINTER]... [-o OUT] BASE.json`: the holder's
//! step of ecdsa-sd-2023. From a credential with a base proof, writes a
//! credential that discloses only the issuer's mandatory claims and the
//! claims named by `--reveal` (JSON pointers such as
//! `/credentialSubject/achievement/name`), with a derived proof verifiers
//! check. The base proof (which holds the key to the hidden labels) is for
//! the holder only: give verifiers the derived credential.
//!
//! Kiln's default mandatory pointers for an Open Badges 3.0 credential
//! (`kiln sign --cryptosuite ecdsa-sd-2023` without `--mandatory`) keep
//! `/id`, `/type`, `/name`, `/issuer`, `/validFrom`, `/validUntil` (VC 1.1:
//! `/issuanceDate`, `/expirationDate`), `/credentialStatus`,
//! `/credentialSchema`, `/credentialSubject/id`, `/credentialSubject/type`,
//! `/credentialSubject/identifier` and `/credentialSubject/achievement`:
//! every derived badge is a complete one.

use kiln_core::Limits;
use kiln_core::credential;
use kiln_core::proof::ProofEnv;
use kiln_core::proof::ecdsa_sd;
use std::path::PathBuf;
use std::process::ExitCode;

use super::sign::read_text;

/// Options of `kiln derive`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A JSON pointer to a claim to disclose beside the mandatory ones (repeat it).
    #[arg(long, value_name = "POINTER")]
    pub reveal: Vec<String>,
    /// Write the derived credential here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The credential with its ecdsa-sd-2023 base proof; `-` reads standard input.
    #[arg(value_name = "BASE.json")]
    pub credential: PathBuf,
}

/// Runs `kiln derive`.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let limits = Limits::default();
    let name = args.credential.display().to_string();
    let text = read_text(&args.credential, limits.max_payload_bytes)?;
    let value = credential::parse_json(&text, &limits).map_err(|e| format!("{name}: {e}"))?;
    let derived = ecdsa_sd::derive(&value, &args.reveal, &ProofEnv::default())
        .map_err(|e| format!("{name}: {e}"))?;
    let mut out = serde_json::to_string_pretty(&derived).map_err(|e| e.to_string())?;
    out.push('\n');
    match &args.output {
        None => out!("{out}"),
        Some(path) => std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))?,
    }
    Ok(ExitCode::SUCCESS)
}
