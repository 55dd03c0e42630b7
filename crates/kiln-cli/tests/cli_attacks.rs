//! `kiln verify` on the attacks of kiln-core's `attacks.rs`: a published
//! credential rewritten so that its signed dataset stays the same while what
//! its JSON shows changes never exits 0, and the reason is on its output.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../../kiln-core/tests/attack_cases/mod.rs"]
mod attack_cases;
use crate::common;

use common::{kiln, repo, scratch};

#[test]
fn rewritten_credentials_never_verify() {
    let dir = scratch("attacks");
    let mut tried = 0;
    for file in [
        "dcc-v2-rdfc-didkey-basic.json",
        "dcc-v2-ed25519-didkey.json",
    ] {
        let text = std::fs::read_to_string(repo(&format!("tests/fixtures/verify/{file}"))).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let original = kiln(&[
            "verify",
            "--offline",
            "--at",
            "2026-06-01T00:00:00Z",
            &repo(&format!("tests/fixtures/verify/{file}")).to_string_lossy(),
        ]);
        assert_eq!(original.status.code(), Some(0), "{file}");
        for (i, (name, attack)) in attack_cases::rewrites(&doc).into_iter().enumerate() {
            tried += 1;
            let path = dir.join(format!("{i}.json"));
            std::fs::write(&path, serde_json::to_vec(&attack).unwrap()).unwrap();
            let out = kiln(&[
                "verify",
                "--offline",
                "--json",
                "--at",
                "2026-06-01T00:00:00Z",
                &path.to_string_lossy(),
            ]);
            assert_ne!(out.status.code(), Some(0), "{file} / {name} verified");
            let report: serde_json::Value = serde_json::from_slice(&out.stdout)
                .unwrap_or_else(|_| serde_json::json!({"verdict": "error"}));
            assert_ne!(report["verdict"], "verified", "{file} / {name}");
        }
    }
    assert!(tried >= 20);
}
