//! `kiln clr --key KEY.json --learner ID [--name NAME] [--associations FILE]
//! [--suite eddsa-rdfc-2022|eddsa-jcs-2022] [-o OUT] CREDENTIAL...`
//!
//! Bundles signed credentials (JSON files with an embedded proof, or VC-JWT
//! files) into a CLR 2.0 learner record, a `ClrCredential` signed with the
//! key: the record lists each credential's achievement once, and the
//! associations between them from FILE, a JSON array of
//! `{"source": ACHIEVEMENT_ID, "relation": "isChildOf", "target": ACHIEVEMENT_ID}`
//! (CLR's own `sourceId` / `associationType` / `targetId` are read too).
//! The issuer is the key's controller; `validFrom` and the proof's
//! `created` are the current time.

use std::path::PathBuf;
use std::process::ExitCode;

use kiln_core::Limits;
use kiln_core::issue::{ClrFields, Fresh, clr_credential};
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use serde_json::Value;

/// Options of `kiln clr`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The record issuer's key file (Multikey JSON with secretKeyMultibase, or a JWK with d).
    #[arg(long, value_name = "KEY.json")]
    pub key: PathBuf,
    /// The learner: the credentialSubject.id every credential names.
    #[arg(long, value_name = "ID")]
    pub learner: String,
    /// The record's name.
    #[arg(long, default_value = "Learner record")]
    pub name: String,
    /// The issuer's name shown to people.
    #[arg(long, value_name = "NAME", default_value = "Learner record issuer")]
    pub issuer_name: String,
    /// Associations between the achievements (JSON array of {"source", "relation", "target"}).
    #[arg(long, value_name = "FILE")]
    pub associations: Option<PathBuf>,
    /// The cryptosuite of the record's proof.
    #[arg(long, default_value = "eddsa-rdfc-2022", value_parser = ["eddsa-rdfc-2022", "eddsa-jcs-2022"])]
    pub suite: String,
    /// Write the signed record here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The signed credentials: JSON with an embedded proof, or a VC-JWT.
    #[arg(value_name = "CREDENTIAL", required = true)]
    pub credentials: Vec<PathBuf>,
}

fn read_text(path: &std::path::Path, max: usize) -> Result<String, String> {
    let bytes = super::read_limited(path, max).map_err(|e| format!("{}: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))
}

/// Runs `kiln clr`.
pub fn run(args: Args) -> Result<ExitCode, String> {
    let limits = Limits::default();
    let key = super::keyfile::read_key(&args.key)?;
    let suite = Suite::from_name(&args.suite).map_err(|e| e.to_string())?;
    if args.credentials.len() > limits.max_nested_credentials {
        return Err(format!(
            "{} credentials, more than the limit max_nested_credentials = {}",
            args.credentials.len(),
            limits.max_nested_credentials
        ));
    }
    let mut credentials = Vec::new();
    for path in &args.credentials {
        let text = read_text(path, limits.max_payload_bytes)?;
        let text = text.trim();
        let item = if text.starts_with('{') {
            kiln_core::credential::parse_json(text, &limits)
                .map_err(|e| format!("{}: {e}", path.display()))?
        } else {
            Value::String(text.to_owned())
        };
        credentials.push(item);
    }
    let associations = match &args.associations {
        None => Vec::new(),
        Some(path) => {
            let text = read_text(path, limits.max_payload_bytes)?;
            match kiln_core::credential::parse_json(&text, &limits)
                .map_err(|e| format!("{}: {e}", path.display()))?
            {
                Value::Array(a) => a,
                _ => {
                    return Err(format!(
                        "{}: not a JSON array of associations",
                        path.display()
                    ));
                }
            }
        }
    };
    let fresh = Fresh::random().map_err(|e| e.to_string())?;
    let now = kiln_core::format_rfc3339(super::now());
    let fields = ClrFields {
        id: fresh.id,
        issuer_id: key.controller.clone(),
        issuer_name: args.issuer_name.clone(),
        learner: args.learner.clone(),
        name: args.name.clone(),
        valid_from: now.clone(),
    };
    let unsigned =
        clr_credential(&fields, &credentials, &associations).map_err(|e| e.to_string())?;
    let options = ProofOptions {
        suite,
        verification_method: key.id.clone(),
        created: now,
        proof_purpose: "assertionMethod".into(),
    };
    let signed = proof::create_proof(&unsigned, &key, &options, &ProofEnv::default())
        .map_err(|e| e.to_string())?;
    let out = serde_json::to_string_pretty(&signed).map_err(|e| e.to_string())?;
    match &args.output {
        Some(path) => std::fs::write(path, format!("{out}\n"))
            .map_err(|e| format!("{}: {e}", path.display()))?,
        None => outln!("{out}"),
    }
    Ok(ExitCode::SUCCESS)
}
