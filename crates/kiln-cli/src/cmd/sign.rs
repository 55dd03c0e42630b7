//! `kiln sign --key KEY.json [--cryptosuite eddsa-rdfc-2022|eddsa-jcs-2022|ecdsa-rdfc-2019|ecdsa-jcs-2019|ecdsa-sd-2023]
//! [--format json|jwt] [--keep-issuer] [--status-list URL --status-index N [--status-purpose P]]
//! [-o OUT] CREDENTIAL.json`
//!
//! `--suite` is another name for `--cryptosuite`; `--cryptosuite ecdsa-sd-2023
//! [--mandatory POINTER]...` signs a base proof for selective disclosure with
//! a P-256 key file (see `sign_sd.rs`).
//!
//! `--status-list` adds a `BitstringStatusListEntry` pointing at entry N of
//! the list made by `kiln status new` (VC 2.0 credentials only).
//!
//! `--format jwt` writes an Open Badges 3.0 VC-JWT instead of an embedded
//! proof: a compact JWS signed with EdDSA, header `kid` = the key's
//! verification method id, payload = the credential's members plus `iss`
//! (issuer id), `jti` (credential id), `sub` (credentialSubject.id), `nbf`
//! (validFrom / issuanceDate) and `exp` (validUntil / expirationDate).
//!
//! The issuer id becomes the key's controller (said on stderr when another id
//! is replaced; `--keep-issuer` refuses instead). A VC 2.0 credential without
//! `validFrom` gets the current time (a VC 1.1 one, `issuanceDate`); the
//! proof's `created` is the current time.
//!
//! Without `--cryptosuite` (alias `--suite`), an Ed25519 key signs with
//! eddsa-rdfc-2022 and a P-256 or P-384 key with ecdsa-rdfc-2019.

use kiln_core::Limits;
use kiln_core::credential;
use kiln_core::issue::{IssuerChange, add_status, bind_issuer, validity_member};
use kiln_core::key::{KeyPair, KeyType};
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use serde_json::{Map, Value};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

/// Options of `kiln sign`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The key file (Multikey JSON with secretKeyMultibase, or a JWK with d).
    #[arg(long, value_name = "KEY.json")]
    pub key: PathBuf,
    /// The cryptosuite (default: eddsa-rdfc-2022 for an Ed25519 key, ecdsa-rdfc-2019 for a
    /// P-256 or P-384 key). ecdsa-sd-2023 (selective disclosure) needs a P-256 key.
    #[arg(long = "cryptosuite", alias = "suite", value_parser = ["eddsa-rdfc-2022", "eddsa-jcs-2022", "ecdsa-rdfc-2019", "ecdsa-jcs-2019", "ecdsa-sd-2023"])]
    pub suite: Option<String>,
    /// ecdsa-sd-2023: a JSON pointer every derived proof must disclose (repeat it;
    /// default: what Open Badges 3.0 requires, see `kiln derive --help`).
    #[arg(long, value_name = "POINTER")]
    pub mandatory: Vec<String>,
    /// The output: a credential with an embedded proof (json), or a VC-JWT (jwt).
    #[arg(long, default_value = "json", value_parser = ["json", "jwt"])]
    pub format: String,
    /// Refuse to sign when the credential's issuer id is not the key's controller, instead of replacing it.
    #[arg(long)]
    pub keep_issuer: bool,
    /// Add a BitstringStatusListEntry for the status list published at this URL (see `kiln status new`).
    #[arg(long, value_name = "URL", requires = "status_index")]
    pub status_list: Option<String>,
    /// The badge's entry in the status list (its statusListIndex).
    #[arg(long, value_name = "N", requires = "status_list")]
    pub status_index: Option<usize>,
    /// The status list's purpose.
    #[arg(long, default_value = "revocation", value_parser = ["revocation", "suspension"])]
    pub status_purpose: String,
    /// Write the signed credential here instead of standard output.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    pub output: Option<PathBuf>,
    /// The unsigned credential (JSON); `-` reads standard input.
    #[arg(value_name = "CREDENTIAL.json")]
    pub credential: PathBuf,
}

pub(super) fn read_text(path: &Path, limit: usize) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = if path == Path::new("-") {
        std::io::stdin()
            .take(limit as u64 + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit as u64 + 1).read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("{}: {e}", path.display()))?;
    if bytes.len() > limit {
        return Err(format!("{}: larger than {limit} bytes", path.display()));
    }
    String::from_utf8(bytes).map_err(|_| format!("{}: not UTF-8 text", path.display()))
}

pub(super) fn now_unix() -> Result<i64, String> {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_owned())?;
    i64::try_from(d.as_secs()).map_err(|_| "the system clock is out of range".to_owned())
}

/// Whether `kiln sign` makes an ecdsa-sd-2023 base proof (`sign_sd.rs`).
pub fn is_selective(args: &Args) -> bool {
    args.suite.as_deref() == Some("ecdsa-sd-2023")
}

/// Runs `kiln sign` (for every suite but ecdsa-sd-2023, see [`is_selective`]).
pub fn run(args: Args) -> Result<ExitCode, String> {
    let limits = Limits::default();
    let cred_name = args.credential.display().to_string();

    if !args.mandatory.is_empty() {
        return Err("--mandatory is for --cryptosuite ecdsa-sd-2023 only".into());
    }
    let key = super::keyfile::read_key(&args.key)?;
    let suite = match &args.suite {
        Some(name) => Suite::from_name(name).map_err(|e| e.to_string())?,
        None if key.key_type() == KeyType::Ed25519 => Suite::EddsaRdfc2022,
        None => Suite::EcdsaRdfc2019,
    };

    let text = read_text(&args.credential, limits.max_payload_bytes)?;
    let mut value =
        credential::parse_json(&text, &limits).map_err(|e| format!("{cred_name}: {e}"))?;
    // The model check reports members of the wrong type by path; the
    // document signed is the JSON as written.
    credential::parse(&text, &limits).map_err(|e| format!("{cred_name}: {e}"))?;
    let Value::Object(doc) = &mut value else {
        return Err(format!("{cred_name}: a credential must be a JSON object"));
    };

    let change = bind_issuer(doc, &key.controller, args.keep_issuer).map_err(|e| {
        if e.code() == kiln_core::Code::IssuerNotKeyController {
            format!("{cred_name}: {e}, and --keep-issuer forbids replacing it")
        } else {
            format!("{cred_name}: {e}")
        }
    })?;
    let now = kiln_core::format_rfc3339(now_unix()?);
    let mut added = None;
    if let Some(member) = validity_member(doc) {
        if !doc.contains_key(member) {
            doc.insert(member.into(), now.clone().into());
            added = Some(member);
        }
    }
    let mut status_added = false;
    if let (Some(url), Some(index)) = (&args.status_list, args.status_index) {
        add_status(doc, url, index, &args.status_purpose)
            .map_err(|e| format!("{cred_name}: --status-list: {e}"))?;
        status_added = true;
    }
    let had_proof = doc.contains_key("proof");
    if had_proof && status_added {
        return Err(format!(
            "{cred_name}: already has a proof, which adding a status entry would break; remove \"proof\" to sign it anew"
        ));
    }
    if had_proof {
        // A proof already there covers the document as it was: changing the
        // document for the new proof would silently break it.
        let what = match (&change, added) {
            (IssuerChange::Unchanged, None) => None,
            (IssuerChange::Unchanged, Some(member)) => Some(format!("adding {member}")),
            (_, _) => Some("changing the issuer".to_owned()),
        };
        if let Some(what) = what {
            return Err(format!(
                "{cred_name}: already has a proof, which {what} would break; remove \"proof\" to sign it anew"
            ));
        }
    }

    if args.format == "jwt" {
        if had_proof {
            return Err(format!(
                "{cred_name}: already has an embedded proof; a VC-JWT carries none: remove \"proof\" first"
            ));
        }
        let token = vc_jwt(doc, &key).map_err(|e| format!("{cred_name}: {e}"))?;
        if let IssuerChange::Replaced(old) = &change {
            errln!(
                "kiln: {cred_name}: issuer id {old} replaced by the key's controller {}",
                key.controller
            );
        }
        let out = format!("{token}\n");
        match &args.output {
            None => out!("{out}"),
            Some(path) => {
                std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))?
            }
        }
        return Ok(ExitCode::SUCCESS);
    }

    let options = ProofOptions {
        suite,
        verification_method: key.id.clone(),
        created: now,
        proof_purpose: "assertionMethod".into(),
    };
    let signed = proof::create_proof(&value, &key, &options, &ProofEnv::default())
        .map_err(|e| format!("{cred_name}: cannot sign with {}: {e}", suite.name()))?;
    if let IssuerChange::Replaced(old) = &change {
        errln!(
            "kiln: {cred_name}: issuer id {old} replaced by the key's controller {}",
            key.controller
        );
    }
    if had_proof {
        errln!("kiln: {cred_name}: already had a proof; the new proof joins it in a proof set");
    }
    let mut out = serde_json::to_string_pretty(&signed).map_err(|e| e.to_string())?;
    out.push('\n');
    match &args.output {
        None => out!("{out}"),
        Some(path) => std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))?,
    }
    Ok(ExitCode::SUCCESS)
}

/// The VC-JWT of a credential: its members plus the JWT claims OB 3.0 names.
fn vc_jwt(doc: &Map<String, Value>, key: &KeyPair) -> Result<String, String> {
    let mut claims = doc.clone();
    let issuer = match doc.get("issuer") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Object(p)) => p.get("id").and_then(Value::as_str).map(str::to_owned),
        _ => None,
    };
    if let Some(iss) = issuer {
        claims.insert("iss".into(), iss.into());
    }
    if let Some(id) = doc.get("id").and_then(Value::as_str) {
        claims.insert("jti".into(), id.into());
    }
    let subject = match doc.get("credentialSubject") {
        Some(Value::Array(a)) => a.first(),
        s => s,
    };
    if let Some(sub) = subject.and_then(|s| s.get("id")).and_then(Value::as_str) {
        claims.insert("sub".into(), sub.into());
    }
    let v1 = validity_member(doc) == Some("issuanceDate");
    let (from, until) = if v1 {
        ("issuanceDate", "expirationDate")
    } else {
        ("validFrom", "validUntil")
    };
    for (claim, member) in [("nbf", from), ("exp", until)] {
        if let Some(v) = doc.get(member) {
            let text = v
                .as_str()
                .ok_or(format!("\"{member}\" is not a date string"))?;
            let secs = kiln_core::parse_datetime(text).map_err(|e| format!("\"{member}\": {e}"))?;
            claims.insert(claim.into(), secs.into());
        }
    }
    let mut header = Map::new();
    header.insert("typ".into(), "JWT".into());
    header.insert("kid".into(), key.id.clone().into());
    kiln_core::jose::sign_eddsa(header, &claims, key).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        match v {
            Value::Object(m) => m,
            _ => Map::new(),
        }
    }

    #[test]
    fn vc_jwt_verifies_with_claims() {
        let key = KeyPair::from_secret(kiln_core::key::SecretKey::from_bytes(&[3u8; 32]));
        let doc = obj(json!({
            "@context": [kiln_core::issue::VC_2_0, kiln_core::issue::OB_3_0_3],
            "id": "urn:uuid:1", "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": key.controller, "type": ["Profile"], "name": "X"},
            "validFrom": "2025-06-01T00:00:00Z", "validUntil": "2030-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:s", "type": ["AchievementSubject"],
                "achievement": {"id": "https://e/a", "type": ["Achievement"], "name": "A",
                    "description": "d", "criteria": {"narrative": "n"}}}
        }));
        let token = vc_jwt(&doc, &key).unwrap();
        let jws = kiln_core::jose::CompactJws::parse(&token).unwrap();
        assert_eq!(jws.header["kid"], json!(key.id));
        assert_eq!(jws.header["alg"], "EdDSA");
        let claims = jws.payload_json().unwrap();
        assert_eq!(claims["iss"], json!(key.controller));
        assert_eq!(claims["jti"], "urn:uuid:1");
        assert_eq!(claims["sub"], "did:example:s");
        assert_eq!(claims["nbf"], 1_748_736_000);
        assert_eq!(claims["exp"], 1_893_456_000);
        let report = kiln_core::verify::verify(
            token.as_bytes(),
            &kiln_core::verify::VerifyOptions::at(1_767_225_600),
        )
        .unwrap();
        assert_eq!(
            report.verdict,
            kiln_core::verify::Verdict::Verified,
            "{:#?}",
            report.checks
        );
    }
}
