//! Shared by the online tests: keys, credentials, and a map fetcher.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;

use kiln_core::key::{KeyPair, SecretKey};
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{self, Fetched, Outcome, Report, VerifyOptions};
use serde_json::{Value, json};

pub const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
pub const LIST_URL: &str = "https://example.edu/status/1";

pub fn key(seed: u8) -> KeyPair {
    KeyPair::from_secret(SecretKey::from_bytes(&[seed; 32]))
}

/// A key published under a did:web id `<did>#key-1`.
pub fn did_web_key(seed: u8, did: &str) -> KeyPair {
    let mut v: Value = serde_json::from_str(&key(seed).to_json()).unwrap();
    v["id"] = json!(format!("{did}#key-1"));
    v["controller"] = json!(did);
    KeyPair::from_json(&v.to_string()).unwrap()
}

pub fn unsigned(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:2f1a4b52-8f0e-4a43-9c1c-7c3e3b5d9a01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Barista",
        "issuer": { "id": issuer, "type": ["Profile"], "name": "Example College" },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "emailAddress",
                "hashed": true,
                "salt": "NaCl42",
                // printf 'jane@example.eduNaCl42' | sha256sum
                "identityHash": "sha256$45754e5bb5be6ecd54b9f2e00c88b0980e50b356d6a53209b4dc8925f4e6d24b"
            }],
            "achievement": {
                "id": "https://example.edu/achievements/barista",
                "type": ["Achievement"],
                "name": "Barista",
                "description": "Makes a latte.",
                "criteria": { "narrative": "Pass the practical exam." }
            }
        }
    })
}

pub fn sign(doc: &Value, key: &KeyPair) -> Value {
    let options = ProofOptions {
        suite: Suite::EddsaJcs2022,
        verification_method: key.id.clone(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    proof::create_proof(doc, key, &options, &ProofEnv::default()).unwrap()
}

/// Online options at NOW.
pub fn online() -> VerifyOptions {
    let mut o = VerifyOptions::at(NOW);
    o.online = true;
    o
}

/// Verifies with a fetcher that serves `docs` (URL -> response) and fails
/// every other URL; returns the report and the URLs asked for.
pub fn verify_with(
    cred: &Value,
    options: &VerifyOptions,
    docs: &BTreeMap<String, Fetched>,
) -> (Report, Vec<String>) {
    let bytes = serde_json::to_vec(cred).unwrap();
    let mut asked = Vec::new();
    let mut fetch = |url: &str| {
        asked.push(url.to_owned());
        docs.get(url)
            .cloned()
            .unwrap_or_else(|| Fetched::Failed(format!("{url}: connection refused")))
    };
    let report = verify::verify_online(&bytes, options, &mut fetch).unwrap();
    (report, asked)
}

pub fn serve(pairs: &[(&str, &Value)]) -> BTreeMap<String, Fetched> {
    pairs
        .iter()
        .map(|(u, v)| ((*u).to_owned(), Fetched::ok(serde_json::to_vec(v).unwrap())))
        .collect()
}

pub fn outcome(report: &Report, check: &str) -> (Outcome, String) {
    let c = report
        .check(check)
        .unwrap_or_else(|| panic!("no {check} check in {:#?}", report.checks));
    (c.outcome, c.detail.clone())
}
