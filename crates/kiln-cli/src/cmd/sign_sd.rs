//! `kiln sign --cryptosuite ecdsa-sd-2023 [--mandatory POINTER]... --key P256.json`:
//! a base proof for selective disclosure.
//!
//! The key file holds a P-256 secret key: Multikey JSON
//! (`secretKeyMultibase` `z42...`, `publicKeyMultibase` `zDn...`) or a JWK
//! (`"kty": "EC"`, `"crv": "P-256"`, `d`). The issuer becomes the key's
//! `did:key`, as with Ed25519 keys. Without `--mandatory`, the pointers are
//! Kiln's Open Badges 3.0 default (everything OB 3.0 requires).

use kiln_core::Limits;
use kiln_core::credential;
use kiln_core::issue::{IssuerChange, bind_issuer, validity_member};
use kiln_core::proof::ProofEnv;
use kiln_core::proof::ecdsa_sd::{self, BaseOptions};
use serde_json::Value;
use std::process::ExitCode;

use super::sign::{Args, now_unix, read_text};

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let limits = Limits::default();
    let key_name = args.key.display().to_string();
    let cred_name = args.credential.display().to_string();
    if args.format != "json" {
        return Err("ecdsa-sd-2023 proofs are embedded in JSON (--format json)".into());
    }
    if args.status_list.is_some() {
        return Err("--status-list is not offered with ecdsa-sd-2023 yet".into());
    }
    let key_text = super::keyfile::read_key_text(&args.key)?;
    let (secret, public) =
        ecdsa_sd::p256_key_from_json(&key_text).map_err(|e| format!("{key_name}: {e}"))?;
    let controller = format!("did:key:{public}");

    let text = read_text(&args.credential, limits.max_payload_bytes)?;
    let mut value =
        credential::parse_json(&text, &limits).map_err(|e| format!("{cred_name}: {e}"))?;
    credential::parse(&text, &limits).map_err(|e| format!("{cred_name}: {e}"))?;
    let Value::Object(doc) = &mut value else {
        return Err(format!("{cred_name}: a credential must be a JSON object"));
    };
    if doc.contains_key("proof") {
        return Err(format!(
            "{cred_name}: already has a proof; an ecdsa-sd-2023 base proof signs a credential without one"
        ));
    }
    let change =
        bind_issuer(doc, &controller, args.keep_issuer).map_err(|e| format!("{cred_name}: {e}"))?;
    let now = kiln_core::format_rfc3339(now_unix()?);
    if let Some(member) = validity_member(doc) {
        if !doc.contains_key(member) {
            doc.insert(member.into(), now.clone().into());
        }
    }
    let mandatory_pointers = if args.mandatory.is_empty() {
        ecdsa_sd::default_mandatory_pointers(&value)
    } else {
        args.mandatory.clone()
    };
    let opts = BaseOptions {
        verification_method: format!("{controller}#{public}"),
        created: now,
        proof_purpose: "assertionMethod".into(),
        mandatory_pointers,
    };
    let signed = ecdsa_sd::create_base_proof_random(&value, &secret, &opts, &ProofEnv::default())
        .map_err(|e| format!("{cred_name}: cannot sign with ecdsa-sd-2023: {e}"))?;
    if let IssuerChange::Replaced(old) = &change {
        errln!("kiln: {cred_name}: issuer id {old} replaced by the key's controller {controller}");
    }
    let mut out = serde_json::to_string_pretty(&signed).map_err(|e| e.to_string())?;
    out.push('\n');
    match &args.output {
        None => out!("{out}"),
        Some(path) => std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))?,
    }
    Ok(ExitCode::SUCCESS)
}
