//! The OB 3.0 model on published credentials (tests/vectors/ob3-model, see
//! its README): each parses, and re-serializing loses nothing.
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use kiln_core::Limits;
use kiln_core::credential::ob3::{self, OneOrMany, ProfileRef};
use serde_json::Value;
use std::path::PathBuf;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/vectors/ob3-model")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn every_sample_round_trips() {
    let mut n = 0;
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let c = ob3::parse(&text, &Limits::default())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let original: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            serde_json::to_value(&c).unwrap(),
            original,
            "{}",
            path.display()
        );
        n += 1;
    }
    assert_eq!(n, 5);
}

#[test]
fn complete_sample_fields() {
    let c = ob3::parse(&read("complete.json"), &Limits::default()).unwrap();
    assert!(c.has_type("OpenBadgeCredential"));
    assert_eq!(
        c.issuer.as_ref().and_then(ProfileRef::id),
        Some("https://1edtech.edu/issuers/565049")
    );
    let subject = c.subject().unwrap();
    assert_eq!(
        subject.identifier.as_ref().map(|i| i.iter().count()),
        Some(2)
    );
    let achievement = subject.achievement.as_ref().unwrap();
    assert_eq!(achievement.achievement_type.as_deref(), Some("Degree"));
    assert_eq!(
        achievement.creator.as_ref().and_then(ProfileRef::name),
        Some("1EdTech University")
    );
    assert!(c.endorsement.is_some());
    assert!(!c.is_vc11());
}

#[test]
fn vc11_and_single_identifier() {
    let c = ob3::parse(&read("simple_v1.json"), &Limits::default()).unwrap();
    assert!(c.is_vc11());
    assert!(c.issuance_date.is_some());
    let c = ob3::parse(
        &read("dcc-identity-object-not-array.json"),
        &Limits::default(),
    )
    .unwrap();
    let id = c.subject().unwrap().identifier.as_ref().unwrap();
    assert!(matches!(id, OneOrMany::One(_)));
    assert_eq!(id.first().unwrap().identity_type.as_deref(), Some("name"));
}

#[test]
fn proof_set_sample() {
    let c = ob3::parse(&read("simple-multiple-proofs.json"), &Limits::default()).unwrap();
    let types: Vec<_> = c
        .proof
        .as_ref()
        .unwrap()
        .iter()
        .filter_map(|p| p.types.as_ref()?.first().cloned())
        .collect();
    assert_eq!(types, ["SomeProofType", "DataIntegrityProof"]);
}
