//! A property test of the one-source-of-truth rule: for generated Open
//! Badges 3.0 credentials (random shapes from the model, signed with
//! eddsa-rdfc-2022) and random rewritings of them,
//! - the original verifies, and every field the report shows is a statement
//!   of the signed dataset;
//! - a rewriting that keeps both the dataset and what Kiln reads (member
//!   order, a one-element `type` list as a string) still verifies and shows
//!   the same;
//! - a rewriting that keeps the dataset but changes what the JSON shows
//!   (`attack_cases`) never verifies;
//! - a rewriting that changes the dataset (a changed value) fails the proof.
//!
//! A fixed seed in `cargo test`; `KILN_PROPERTY_CASES` and
//! `KILN_PROPERTY_SEED` run it longer or elsewhere.
#![cfg(all(feature = "sign", feature = "rdfc"))]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod attack_cases;

use kiln_core::Limits;
use kiln_core::jsonld::{self, ContextStore};
use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{self, Outcome, Verdict, VerifyOptions};
use serde_json::{Map, Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

/// xorshift64*: small, deterministic, good enough to pick shapes.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn coin(&mut self) -> bool {
        self.below(2) == 0
    }
    fn text(&mut self) -> String {
        const PIECES: &[&str] = &[
            "Barista",
            "École",
            "咖啡",
            "Ωmega",
            "Кофе",
            " ",
            "<&\"'>",
            "☕",
            "naïve",
            "42",
            "\u{200f}مرحبا",
            "שלום",
            "Data",
            "Science",
            "\\n",
            "",
        ];
        let n = 1 + self.below(4);
        (0..n)
            .map(|_| PIECES[self.below(PIECES.len() as u64) as usize])
            .collect::<Vec<_>>()
            .join(" ")
            .trim()
            .to_owned()
            + "x"
    }
    fn iri(&mut self, base: &str) -> String {
        format!("{base}{}", self.next() % 1_000_000)
    }
}

fn generate(rng: &mut Rng, issuer: &str) -> Value {
    let mut achievement = Map::new();
    if rng.coin() {
        achievement.insert(
            "id".into(),
            json!(rng.iri("https://example.edu/achievements/")),
        );
    } else {
        achievement.insert("id".into(), json!(rng.iri("urn:uuid:a-")));
    }
    achievement.insert("type".into(), json!(["Achievement"]));
    achievement.insert("name".into(), json!(rng.text()));
    achievement.insert("description".into(), json!(rng.text()));
    let mut criteria = Map::new();
    if rng.coin() {
        criteria.insert("narrative".into(), json!(rng.text()));
    }
    if rng.coin() || criteria.is_empty() {
        criteria.insert("id".into(), json!(rng.iri("https://example.edu/criteria/")));
    }
    achievement.insert("criteria".into(), Value::Object(criteria));
    if rng.coin() {
        achievement.insert("achievementType".into(), json!("Badge"));
    }
    if rng.coin() {
        achievement.insert(
            "image".into(),
            json!({"id": rng.iri("https://example.edu/img/"), "type": "Image"}),
        );
    }
    let mut subject = Map::new();
    if rng.coin() {
        subject.insert("id".into(), json!(rng.iri("did:example:learner")));
    }
    subject.insert("type".into(), json!(["AchievementSubject"]));
    if rng.coin() || !subject.contains_key("id") {
        subject.insert(
            "identifier".into(),
            json!([{
                "type": "IdentityObject",
                "identityHash": format!("{}@example.com", rng.below(1000)),
                "identityType": "emailAddress",
                "hashed": false
            }]),
        );
    }
    subject.insert("achievement".into(), Value::Object(achievement));

    let mut doc = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": rng.iri("urn:uuid:c-"),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": rng.text(),
        "issuer": if rng.coin() {
            json!({"id": issuer, "type": ["Profile"], "name": rng.text()})
        } else {
            json!({"id": issuer, "type": ["Profile"], "name": rng.text(), "url": "https://example.edu/"})
        },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": Value::Object(subject),
    });
    if rng.coin() {
        doc["description"] = json!(rng.text());
    }
    if rng.coin() {
        doc["validUntil"] = json!(if rng.coin() {
            "2030-01-01T00:00:00Z"
        } else {
            "2025-06-01T00:00:00Z"
        });
    }
    if rng.coin() {
        let i = rng.below(100_000);
        doc["credentialStatus"] = json!({
            "id": format!("https://example.edu/status/1#{i}"),
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": i.to_string(),
            "statusListCredential": "https://example.edu/status/1"
        });
    }
    doc
}

fn sign(doc: &Value, key: &KeyPair) -> Value {
    let options = ProofOptions {
        suite: Suite::EddsaRdfc2022,
        verification_method: key.id.clone(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    proof::create_proof(doc, key, &options, &ProofEnv::default()).expect("signing works")
}

fn check(doc: &Value) -> verify::Report {
    verify::verify_to_report(&serde_json::to_vec(doc).unwrap(), &VerifyOptions::at(NOW))
}

fn nquads(doc: &Value) -> Option<String> {
    let mut d = doc.clone();
    d.as_object_mut()?.remove("proof");
    jsonld::canonicalize(&d, &ContextStore::bundled(), &Limits::default()).ok()
}

/// N-Quads string literal escaping, enough for the generated texts.
fn literal(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Every text the report's `credential` view shows is a literal of the
/// signed dataset, and its dates are the dataset's.
fn view_is_in_dataset(report: &verify::Report, dataset: &str, case: &str) {
    let view = report.credential.as_ref().expect("a credential view");
    let mut texts: Vec<&str> = Vec::new();
    for pointer in [
        "/name",
        "/issuer/name",
        "/achievement/name",
        "/achievement/description",
        "/achievement/criteria/narrative",
    ] {
        if let Some(Value::String(s)) = view.pointer(pointer) {
            texts.push(s);
        }
    }
    for t in texts {
        assert!(dataset.contains(&literal(t)), "{case}: {t:?} is not signed");
    }
    for (pointer, predicate) in [
        ("/validFrom", "credentials#validFrom"),
        ("/validUntil", "credentials#validUntil"),
    ] {
        let shown = view.pointer(pointer).and_then(Value::as_str);
        let signed = dataset
            .lines()
            .find(|l| l.contains(predicate))
            .and_then(|l| l.split('"').nth(1));
        assert_eq!(shown, signed, "{case}: {pointer}");
    }
    for (pointer, iri) in [("/issuer/id", "credentials#issuer> <"), ("/id", "")] {
        if let Some(id) = view.pointer(pointer).and_then(Value::as_str) {
            assert!(
                dataset.contains(&format!("{iri}{id}>")) || dataset.contains(&format!("<{id}>")),
                "{case}: {pointer}"
            );
        }
    }
}

/// Rewritings that keep the dataset and what Kiln reads.
fn benign(rng: &mut Rng, doc: &Value) -> Value {
    fn shuffle(rng: &mut Rng, v: &Value) -> Value {
        match v {
            Value::Object(o) => {
                let mut entries: Vec<(&String, &Value)> = o.iter().collect();
                for i in (1..entries.len()).rev() {
                    let j = rng.below(i as u64 + 1) as usize;
                    entries.swap(i, j);
                }
                Value::Object(
                    entries
                        .into_iter()
                        .map(|(k, x)| {
                            let x = match (k.as_str(), x) {
                                ("type", Value::Array(a)) if a.len() == 1 && rng.coin() => {
                                    a[0].clone()
                                }
                                ("@context" | "proof", _) => x.clone(),
                                _ => shuffle(rng, x),
                            };
                            (k.clone(), x)
                        })
                        .collect(),
                )
            }
            Value::Array(a) => Value::Array(a.iter().map(|x| shuffle(rng, x)).collect()),
            other => other.clone(),
        }
    }
    shuffle(rng, doc)
}

/// Changes one text value somewhere (the dataset changes).
fn change_value(rng: &mut Rng, doc: &Value) -> Option<Value> {
    let pointers = [
        "/name",
        "/issuer/name",
        "/credentialSubject/achievement/name",
        "/credentialSubject/achievement/description",
        "/validFrom",
    ];
    let p = pointers[rng.below(pointers.len() as u64) as usize];
    let mut out = doc.clone();
    let v = out.pointer_mut(p)?;
    *v = match v {
        Value::String(s) if p == "/validFrom" => json!(s.replace("2025", "2024")),
        Value::String(s) => json!(format!("{s}!")),
        _ => return None,
    };
    Some(out)
}

#[test]
fn the_view_is_the_dataset_for_generated_credentials() {
    let cases: usize = std::env::var("KILN_PROPERTY_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("KILN_PROPERTY_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6b69_6c6e_0011);
    let mut rng = Rng(seed);
    let key = KeyPair::generate().unwrap();
    let mut attacks = 0;
    for case in 0..cases {
        let doc = sign(&generate(&mut rng, &key.controller), &key);
        let name = format!("seed {seed:#x} case {case}");
        let report = check(&doc);
        let expired = doc.get("validUntil").and_then(Value::as_str) == Some("2025-06-01T00:00:00Z");
        let want = if expired {
            Verdict::Invalid
        } else {
            Verdict::Verified
        };
        assert_eq!(report.verdict, want, "{name}: {:#?}", report.checks);
        let dataset = nquads(&doc).unwrap();
        view_is_in_dataset(&report, &dataset, &name);

        let same = benign(&mut rng, &doc);
        let again = check(&same);
        assert_eq!(again.verdict, report.verdict, "{name} (benign rewriting)");
        assert_eq!(
            again.credential, report.credential,
            "{name} (benign rewriting)"
        );

        for (attack, rewritten) in attack_cases::rewrites(&doc) {
            attacks += 1;
            let r = check(&rewritten);
            assert_ne!(r.verdict, Verdict::Verified, "{name}: {attack}");
        }

        if let Some(changed) = change_value(&mut rng, &doc) {
            let r = check(&changed);
            assert_eq!(r.verdict, Verdict::Invalid, "{name}: a changed value");
            assert_eq!(
                r.check("proof").map(|c| c.outcome),
                Some(Outcome::Failed),
                "{name}: a changed value must fail the proof"
            );
        }
    }
    assert!(attacks > cases * 10);
}
