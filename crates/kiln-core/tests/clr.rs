//! CLR 2.0 learner records and embedded endorsements: a record of four
//! credentials by two issuers in two suites, signed by a third key, and its
//! variants (a nested credential changed, expired or of another learner, the
//! outer proof or an association changed), baked too; nesting bounds;
//! 1EdTech's CLR test vector; a badge with two endorsements, one changed.
#![cfg(all(feature = "sign", feature = "nested"))]
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use kiln_core::container::BakeOptions;
use kiln_core::key::KeyPair;
use kiln_core::proof::{self, ProofEnv, ProofOptions, Suite};
use kiln_core::verify::{self, Fetched, Outcome, Report, Verdict, VerifyOptions};
use kiln_core::{Limits, bake};
use serde_json::{Map, Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const LEARNER: &str = "did:example:learner-7";
const CLR_CONTEXT: &str = "https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json";
const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";

fn sign(doc: &Value, key: &KeyPair, suite: Suite) -> Value {
    let options = ProofOptions {
        suite,
        verification_method: key.id.clone(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    proof::create_proof(doc, key, &options, &ProofEnv::default()).expect("signing works")
}

fn achievement_id(n: usize) -> String {
    format!("https://example.edu/achievements/course-{n}")
}

fn achievement(n: usize) -> Value {
    json!({
        "id": achievement_id(n),
        "type": ["Achievement"],
        "name": format!("Course {n}"),
        "description": format!("Passed course {n}."),
        // The record lists the achievements its credentials hold: with the
        // same id they are one node of the signed data, so every part of
        // them must be the same node too (a criteria with its own id).
        "criteria": {
            "id": format!("{}/criteria", achievement_id(n)),
            "narrative": "Pass the final exam."
        }
    })
}

/// An unsigned AchievementCredential for course `n`, issued to `learner`.
fn course(issuer: &KeyPair, issuer_name: &str, n: usize, learner: &str) -> Value {
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": format!("urn:uuid:00000000-0000-4000-8000-00000000000{n}"),
        "type": ["VerifiableCredential", "AchievementCredential"],
        "name": format!("Course {n} certificate"),
        "issuer": { "id": issuer.controller, "type": ["Profile"], "name": issuer_name },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": learner,
            "type": ["AchievementSubject"],
            "achievement": achievement(n)
        }
    })
}

fn association(source: usize, relation: &str, target: usize) -> Value {
    json!({
        "type": "Association",
        "associationType": relation,
        "sourceId": achievement_id(source),
        "targetId": achievement_id(target)
    })
}

/// An unsigned ClrCredential holding `nested`, about courses 1..=4.
fn record(issuer: &KeyPair, nested: Vec<Value>) -> Value {
    json!({
        "@context": [VC_CONTEXT, CLR_CONTEXT, OB_CONTEXT],
        "id": "urn:uuid:0000000c-0000-4000-8000-000000000001",
        "type": ["VerifiableCredential", "ClrCredential"],
        "name": "Transcript of the learner",
        "issuer": { "id": issuer.controller, "type": ["Profile"], "name": "Registrar" },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": LEARNER,
            "type": "ClrSubject",
            "verifiableCredential": nested,
            "achievement": [achievement(1), achievement(2), achievement(3), achievement(4)],
            "association": [
                association(1, "precedes", 2),
                association(3, "isChildOf", 4),
            ]
        }
    })
}

struct Keys {
    a: KeyPair,
    b: KeyPair,
    registrar: KeyPair,
}

fn keys() -> Keys {
    Keys {
        a: KeyPair::generate().unwrap(),
        b: KeyPair::generate().unwrap(),
        registrar: KeyPair::generate().unwrap(),
    }
}

/// The four nested credentials, unsigned: two by each issuer.
fn unsigned_courses(k: &Keys) -> Vec<Value> {
    vec![
        course(&k.a, "College A", 1, LEARNER),
        course(&k.a, "College A", 2, LEARNER),
        course(&k.b, "College B", 3, LEARNER),
        course(&k.b, "College B", 4, LEARNER),
    ]
}

/// Signs the nested credentials: issuer A in rdfc then jcs, issuer B too.
fn sign_courses(k: &Keys, courses: &[Value]) -> Vec<Value> {
    let suites = [
        Suite::EddsaRdfc2022,
        Suite::EddsaJcs2022,
        Suite::EddsaRdfc2022,
        Suite::EddsaJcs2022,
    ];
    courses
        .iter()
        .zip(suites)
        .enumerate()
        .map(|(i, (c, suite))| sign(c, if i < 2 { &k.a } else { &k.b }, suite))
        .collect()
}

fn signed_record(k: &Keys, nested: Vec<Value>) -> Value {
    sign(
        &record(&k.registrar, nested),
        &k.registrar,
        Suite::EddsaRdfc2022,
    )
}

fn check(doc: &Value) -> Report {
    check_with(doc, &VerifyOptions::at(NOW))
}

fn check_with(doc: &Value, options: &VerifyOptions) -> Report {
    let bytes = serde_json::to_vec(doc).unwrap();
    verify::verify(&bytes, options).expect("a JSON credential is readable")
}

fn outcome<'a>(report: &'a Report, name: &str) -> (Outcome, &'a str) {
    let c = report
        .check(name)
        .unwrap_or_else(|| panic!("no {name} check in {:#?}", report.checks));
    (c.outcome, c.detail.as_str())
}

/// Whether `detail` names `what`, whatever the case of its first letter.
fn mentions(detail: &str, what: &str) -> bool {
    detail.to_lowercase().contains(what)
}

fn verdicts(report: &Report) -> Vec<Verdict> {
    report.credentials.iter().map(|r| r.verdict).collect()
}

#[test]
fn a_record_of_four_credentials_by_two_issuers_in_two_suites_is_verified() {
    let k = keys();
    let clr = signed_record(&k, sign_courses(&k, &unsigned_courses(&k)));
    let report = check(&clr);
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(outcome(&report, "structure").0, Outcome::Passed);
    let (o, d) = outcome(&report, "clr");
    assert_eq!(o, Outcome::Passed);
    assert!(d.contains("All 4 credentials"), "{d}");
    assert_eq!(verdicts(&report), vec![Verdict::Verified; 4]);
    for (i, nested) in report.credentials.iter().enumerate() {
        assert_eq!(outcome(nested, "learner").0, Outcome::Passed, "{i}");
        assert_eq!(outcome(nested, "issuer").0, Outcome::Passed, "{i}");
    }
    let suites: Vec<String> = report
        .credentials
        .iter()
        .map(|r| {
            r.credential.as_ref().unwrap()["proofType"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert!(suites[0].contains("eddsa-rdfc-2022") && suites[1].contains("eddsa-jcs-2022"));
    let pathway = report.pathway.as_ref().expect("a CLR has a pathway");
    assert_eq!(pathway.achievements.len(), 4);
    assert_eq!(pathway.associations.len(), 2);
    assert_eq!(pathway.associations[1].relation, "isChildOf");
    assert_eq!(pathway.associations[1].relation_words(), "is a child of");
    assert_eq!(pathway.associations[1].source, achievement_id(3));
    // The JSON report is a tree.
    let json = report.to_json();
    assert_eq!(json["credentials"].as_array().unwrap().len(), 4);
    assert_eq!(json["credentials"][2]["verdict"], "verified");
    assert_eq!(json["pathway"]["associations"][0]["relation"], "precedes");
}

#[test]
fn a_nested_credential_changed_and_the_record_signed_again_is_invalid_and_named() {
    let k = keys();
    let mut nested = sign_courses(&k, &unsigned_courses(&k));
    nested[2]["name"] = json!("Course 3 certificate with honours");
    let clr = signed_record(&k, nested);
    let report = check(&clr);
    // The outer proof is fine: the registrar signed what it holds.
    assert_eq!(outcome(&report, "proof").0, Outcome::Passed);
    assert_eq!(report.verdict, Verdict::Invalid);
    let (o, d) = outcome(&report, "clr");
    assert_eq!(o, Outcome::Failed);
    assert!(mentions(d, "credential 3"), "{d}");
    assert!(
        d.contains("urn:uuid:00000000-0000-4000-8000-000000000003"),
        "{d}"
    );
    assert!(d.contains("does not match"), "{d}");
    assert_eq!(
        verdicts(&report),
        vec![
            Verdict::Verified,
            Verdict::Verified,
            Verdict::Invalid,
            Verdict::Verified
        ]
    );
    assert_eq!(outcome(&report.credentials[2], "proof").0, Outcome::Failed);
}

#[test]
fn an_expired_nested_credential_makes_the_record_invalid() {
    let k = keys();
    let mut courses = unsigned_courses(&k);
    courses[1]["validUntil"] = json!("2025-06-30T00:00:00Z");
    let clr = signed_record(&k, sign_courses(&k, &courses));
    let report = check(&clr);
    assert_eq!(report.verdict, Verdict::Invalid);
    let (o, d) = outcome(&report, "clr");
    assert_eq!(o, Outcome::Failed);
    assert!(mentions(d, "credential 2") && d.contains("expired"), "{d}");
    assert_eq!(
        outcome(&report.credentials[1], "validity").0,
        Outcome::Failed
    );
    assert_eq!(report.credentials[1].verdict, Verdict::Invalid);
}

#[test]
fn the_outer_proof_changed_is_invalid_and_the_nested_reports_remain() {
    let k = keys();
    let mut clr = signed_record(&k, sign_courses(&k, &unsigned_courses(&k)));
    clr["name"] = json!("Transcript of someone else");
    let report = check(&clr);
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(outcome(&report, "proof").0, Outcome::Failed);
    assert_eq!(verdicts(&report), vec![Verdict::Verified; 4]);
}

#[test]
fn an_association_changed_after_signing_breaks_the_outer_proof() {
    let k = keys();
    let mut clr = signed_record(&k, sign_courses(&k, &unsigned_courses(&k)));
    clr["credentialSubject"]["association"][1]["associationType"] = json!("isParentOf");
    let report = check(&clr);
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(outcome(&report, "proof").0, Outcome::Failed);
    // Swapping source and target too.
    let mut clr = signed_record(&k, sign_courses(&k, &unsigned_courses(&k)));
    let a = &mut clr["credentialSubject"]["association"][0];
    let source = a["sourceId"].clone();
    a["sourceId"] = a["targetId"].clone();
    a["targetId"] = source;
    let report = check(&clr);
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(outcome(&report, "proof").0, Outcome::Failed);
}

#[test]
fn a_nested_credential_of_another_learner_is_named_with_whose_it_is() {
    let k = keys();
    let mut courses = unsigned_courses(&k);
    let other = "did:example:someone-else";
    courses[3] = course(&k.b, "College B", 4, other);
    let clr = signed_record(&k, sign_courses(&k, &courses));
    let report = check(&clr);
    assert_eq!(report.verdict, Verdict::Invalid);
    let (o, d) = outcome(&report.credentials[3], "learner");
    assert_eq!(o, Outcome::Failed);
    assert!(d.contains(other) && d.contains(LEARNER), "{d}");
    // Its own proof is fine: it is genuine, but not this learner's.
    assert_eq!(outcome(&report.credentials[3], "proof").0, Outcome::Passed);
    let (o, d) = outcome(&report, "clr");
    assert_eq!(o, Outcome::Failed);
    assert!(mentions(d, "credential 4") && d.contains(other), "{d}");
}

#[test]
fn a_nested_credential_matched_by_identifier_is_the_learners() {
    let k = keys();
    let identifier = json!([{
        "type": "IdentityObject",
        "identityHash": "sha256$0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "identityType": "emailAddress",
        "hashed": true,
        "salt": "pepper"
    }]);
    let mut courses = unsigned_courses(&k);
    let subject = courses[0]["credentialSubject"].as_object_mut().unwrap();
    subject.remove("id");
    subject.insert("identifier".into(), identifier.clone());
    let mut clr = record(&k.registrar, sign_courses(&k, &courses));
    clr["credentialSubject"]["identifier"] = identifier;
    let clr = sign(&clr, &k.registrar, Suite::EddsaRdfc2022);
    let report = check(&clr);
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(
        outcome(&report.credentials[0], "learner").0,
        Outcome::Passed
    );
}

#[test]
fn a_record_baked_into_png_and_svg_verifies_the_same() {
    let k = keys();
    let clr = signed_record(&k, sign_courses(&k, &unsigned_courses(&k)));
    let text = serde_json::to_string(&clr).unwrap();
    let png = include_bytes!("../../../tests/fixtures/baking/plain-1edtech-robotics-badge.png");
    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>"#;
    for image in [&png[..], &svg[..]] {
        let baked = bake(image, &text, &BakeOptions::default(), &Limits::default()).unwrap();
        let report = verify::verify(&baked, &VerifyOptions::at(NOW)).unwrap();
        assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
        assert_eq!(verdicts(&report), vec![Verdict::Verified; 4]);
    }
    // A changed nested credential baked: still named.
    let mut nested = sign_courses(&k, &unsigned_courses(&k));
    nested[0]["validFrom"] = json!("2024-01-01T00:00:00Z");
    let text = serde_json::to_string(&signed_record(&k, nested)).unwrap();
    let baked = bake(&png[..], &text, &BakeOptions::default(), &Limits::default()).unwrap();
    let report = verify::verify(&baked, &VerifyOptions::at(NOW)).unwrap();
    assert_eq!(report.verdict, Verdict::Invalid);
    assert!(mentions(outcome(&report, "clr").1, "credential 1"));
}

/// A VC-JWT of `doc`, signed with `key` (EdDSA).
fn jwt(doc: &Value, key: &KeyPair) -> String {
    let mut claims: Map<String, Value> = doc.as_object().unwrap().clone();
    claims.insert("iss".into(), json!(key.controller));
    claims.insert("jti".into(), doc["id"].clone());
    claims.insert("sub".into(), doc["credentialSubject"]["id"].clone());
    claims.insert("nbf".into(), json!(1_735_689_600));
    let mut header = Map::new();
    header.insert("typ".into(), "JWT".into());
    header.insert("kid".into(), key.id.clone().into());
    kiln_core::jose::sign_eddsa(header, &claims, key).unwrap()
}

#[test]
fn nested_vc_jwts_are_verified_too() {
    let k = keys();
    let courses = unsigned_courses(&k);
    let mut nested = sign_courses(&k, &courses);
    nested[3] = Value::String(jwt(&courses[3], &k.b));
    let report = check(&signed_record(&k, nested.clone()));
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert!(
        report.credentials[3].credential.as_ref().unwrap()["proofType"]
            .as_str()
            .unwrap()
            .contains("VC-JWT")
    );
    // The token's signature changed.
    let token = nested[3].as_str().unwrap().to_owned();
    let (rest, sig) = token.rsplit_once('.').unwrap();
    let flipped = if sig.starts_with('A') { "B" } else { "A" };
    nested[3] = Value::String(format!("{rest}.{flipped}{}", &sig[1..]));
    let report = check(&signed_record(&k, nested));
    assert_eq!(report.verdict, Verdict::Invalid);
    assert!(mentions(outcome(&report, "clr").1, "credential 4"));
}

/// Signs with eddsa-jcs-2022 without the JSON-LD term check: a record
/// inside a record has an embedded context on a node with several
/// type-scoped types, which Kiln's JSON-LD check refuses to expand (its
/// `jsonld-safe` check is then skipped with the reason, never passed).
fn sign_unchecked(doc: &Value, key: &KeyPair) -> Value {
    let options = ProofOptions {
        suite: Suite::EddsaJcs2022,
        verification_method: key.id.clone(),
        created: "2025-01-01T00:00:00Z".into(),
        proof_purpose: "assertionMethod".into(),
    };
    proof::create_proof_prechecked(doc, key, &options, &ProofEnv::default()).unwrap()
}

#[test]
fn records_nest_two_deep_and_no_deeper() {
    let k = keys();
    let inner = signed_record(&k, sign_courses(&k, &unsigned_courses(&k)));
    // A record holding a record: level 2, checked.
    let mut middle = record(&k.registrar, vec![inner.clone()]);
    middle["id"] = json!("urn:uuid:0000000c-0000-4000-8000-000000000002");
    let middle = sign_unchecked(&middle, &k.registrar);
    let report = check(&middle);
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(report.credentials[0].credentials.len(), 4);
    // One more level: the innermost credentials are not checked, so the
    // whole record could not be checked, never "verified".
    let mut outer = record(&k.registrar, vec![middle]);
    outer["id"] = json!("urn:uuid:0000000c-0000-4000-8000-000000000003");
    let outer = sign_unchecked(&outer, &k.registrar);
    let report = check(&outer);
    assert_eq!(report.verdict, Verdict::Error, "{:#?}", report.checks);
    assert_eq!(outcome(&report, "clr").0, Outcome::Skipped);
    let innermost = &report.credentials[0].credentials[0];
    assert_eq!(innermost.verdict, Verdict::Error);
    assert!(outcome(innermost, "clr").1.contains("max_nesting_depth"));
    assert!(innermost.credentials.is_empty());
}

#[test]
fn more_nested_credentials_than_the_limit_is_could_not_check() {
    let k = keys();
    let clr = signed_record(&k, sign_courses(&k, &unsigned_courses(&k)));
    let mut options = VerifyOptions::at(NOW);
    options.limits.max_nested_credentials = 3;
    let report = check_with(&clr, &options);
    assert_eq!(report.verdict, Verdict::Error);
    assert_eq!(
        report.error.as_ref().unwrap().code.as_str(),
        "nested-not-checked"
    );
    assert!(
        outcome(&report, "clr")
            .1
            .contains("max_nested_credentials = 3")
    );
    assert!(report.credentials.is_empty());
}

#[test]
fn a_nested_credential_that_cannot_be_checked_makes_the_record_could_not_check() {
    let k = keys();
    let mut nested = sign_courses(&k, &unsigned_courses(&k));
    nested[1]["proof"]["cryptosuite"] = json!("eddsa-future-2031");
    let report = check(&signed_record(&k, nested));
    assert_eq!(report.verdict, Verdict::Error, "{:#?}", report.checks);
    let (o, d) = outcome(&report, "clr");
    assert_eq!(o, Outcome::Skipped);
    assert!(mentions(d, "credential 2"), "{d}");
    assert_eq!(report.credentials[1].verdict, Verdict::Error);
}

#[test]
fn a_nested_credential_needing_the_network_shares_the_outer_round() {
    // A nested credential whose key is in a URL fragment needs its
    // controller document: the request comes out of the outer verification.
    let vector = std::fs::read(wild("1edtech-ldp-clr-vector.json")).unwrap();
    let mut options = VerifyOptions::at(NOW);
    options.online = true;
    let (_, needs) = verify::verify_round(&vector, &options, false).unwrap();
    assert_eq!(needs, vec!["https://example.edu/issuers/565049".to_owned()]);
}

fn wild(name: &str) -> String {
    format!(
        "{}/../../tests/fixtures/wild/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn the_1edtech_clr_vector_verifies_with_its_issuers_document() {
    let vector = std::fs::read(wild("1edtech-ldp-clr-vector.json")).unwrap();
    let docs: Value = serde_json::from_slice(
        &std::fs::read(wild("1edtech-ldp-clr-vector.documents.json")).unwrap(),
    )
    .unwrap();
    let docs: BTreeMap<String, String> = docs["documents"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(url, d)| (url.clone(), d["document"].to_string()))
        .collect();
    let mut options = VerifyOptions::at(NOW);
    options.online = true;
    let mut asked = Vec::new();
    let report = verify::verify_online(&vector, &options, &mut |url| {
        asked.push(url.to_owned());
        match docs.get(url) {
            Some(body) => Fetched::ok(body.clone()),
            None => Fetched::Failed(format!("{url} is not in the test documents")),
        }
    })
    .unwrap();
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(outcome(&report, "clr").0, Outcome::Passed);
    assert_eq!(verdicts(&report), vec![Verdict::Verified]);
    assert_eq!(
        outcome(&report.credentials[0], "learner").0,
        Outcome::Passed
    );
    let pathway = report.pathway.as_ref().unwrap();
    assert_eq!(pathway.associations[0].relation, "isParentOf");
    assert_eq!(asked, vec!["https://example.edu/issuers/565049".to_owned()]);
    // Offline, the key in the URL fragment proves nothing: could not check.
    let report = verify::verify(&vector, &VerifyOptions::at(NOW)).unwrap();
    assert_eq!(report.verdict, Verdict::Error);
    // The record's own reason comes first; its nested credential's is in the clr check.
    assert_eq!(
        report.error.as_ref().unwrap().code.as_str(),
        "issuer-key-not-checked"
    );
    assert_eq!(outcome(&report, "clr").0, Outcome::Skipped);
}

// --- Embedded endorsements ---

fn endorsement(endorser: &KeyPair, name: &str, n: usize, comment: &str) -> Value {
    let unsigned = json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": format!("urn:uuid:0000000e-0000-4000-8000-00000000000{n}"),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": format!("Endorsement {n}"),
        "issuer": { "id": endorser.controller, "type": ["Profile"], "name": name },
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {
            "id": achievement_id(1),
            "type": ["EndorsementSubject"],
            "endorsementComment": comment
        }
    });
    sign(&unsigned, endorser, Suite::EddsaJcs2022)
}

fn endorsed_badge(k: &Keys, endorsements: Vec<Value>) -> Value {
    let mut badge = course(&k.a, "College A", 1, LEARNER);
    badge["credentialSubject"]["achievement"]["endorsement"] = Value::Array(endorsements);
    sign(&badge, &k.a, Suite::EddsaRdfc2022)
}

#[test]
fn two_endorsements_both_genuine() {
    let k = keys();
    let e1 = endorsement(&k.b, "Guild of Bakers", 1, "Well taught.");
    let e2 = endorsement(&k.registrar, "Board of Ovens", 2, "Rigorous.");
    let report = check(&endorsed_badge(&k, vec![e1, e2]));
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(outcome(&report, "endorsement").0, Outcome::Passed);
    assert_eq!(report.endorsements.len(), 2);
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
}

#[test]
fn a_changed_endorsement_fails_its_check_naming_the_endorser_but_the_badge_stays_verified() {
    let k = keys();
    let e1 = endorsement(&k.b, "Guild of Bakers", 1, "Well taught.");
    let mut e2 = endorsement(&k.registrar, "Board of Ovens", 2, "Rigorous.");
    e2["credentialSubject"]["endorsementComment"] = json!("The best course there is.");
    let report = check(&endorsed_badge(&k, vec![e1, e2]));
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    let (o, d) = outcome(&report, "endorsement");
    assert_eq!(o, Outcome::Failed);
    assert!(d.contains("Endorsement 2 by Board of Ovens"), "{d}");
    assert!(!d.contains("Guild of Bakers"), "{d}");
    assert!(
        report.warnings.iter().any(|w| w.contains("Board of Ovens")),
        "{:?}",
        report.warnings
    );
    assert_eq!(report.endorsements[0].verdict, Verdict::Verified);
    assert_eq!(report.endorsements[1].verdict, Verdict::Invalid);
    assert_eq!(
        report.endorsements[1].credential.as_ref().unwrap()["issuer"]["name"],
        "Board of Ovens"
    );
}

#[test]
fn endorsements_on_the_issuer_profile_and_as_jwts_are_checked() {
    let k = keys();
    let e1 = endorsement(&k.b, "Guild of Bakers", 1, "Well taught.");
    let mut unsigned_e2 = endorsement(&k.registrar, "Board of Ovens", 2, "Rigorous.");
    unsigned_e2.as_object_mut().unwrap().remove("proof");
    let token = jwt(&unsigned_e2, &k.registrar);
    let mut badge = course(&k.a, "College A", 1, LEARNER);
    // The OB 3.0.3 context does not define endorsementJwt: a badge using it
    // defines it itself, or the term would be outside its signature.
    badge["@context"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "endorsementJwt": "https://purl.imsglobal.org/spec/vc/ob/vocab.html#endorsementJwt" }));
    badge["issuer"]["endorsement"] = json!([e1]);
    badge["credentialSubject"]["achievement"]["endorsementJwt"] = json!([token]);
    let report = check(&sign(&badge, &k.a, Suite::EddsaRdfc2022));
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(outcome(&report, "endorsement").0, Outcome::Passed);
    assert_eq!(report.endorsements.len(), 2);
}

#[test]
fn nested_credentials_ask_for_their_documents_in_the_outer_round_within_its_budget() {
    // Three colleges whose keys are written after their web addresses: each
    // nested credential needs its college's controller document.
    let registrar = KeyPair::generate().unwrap();
    let colleges: Vec<(KeyPair, String)> = (1..=3)
        .map(|n| {
            (
                KeyPair::generate().unwrap(),
                format!("https://college{n}.example/issuer"),
            )
        })
        .collect();
    let nested: Vec<Value> = colleges
        .iter()
        .enumerate()
        .map(|(i, (key, url))| {
            let n = i + 1;
            let mut c = course(key, &format!("College {n}"), n, LEARNER);
            c["issuer"]["id"] = json!(url);
            let options = ProofOptions {
                suite: Suite::EddsaJcs2022,
                verification_method: format!("{url}#{}", key.public.to_multibase()),
                created: "2025-01-01T00:00:00Z".into(),
                proof_purpose: "assertionMethod".into(),
            };
            proof::create_proof(&c, key, &options, &ProofEnv::default()).unwrap()
        })
        .collect();
    let mut clr = record(&registrar, nested);
    clr["credentialSubject"]["achievement"] =
        json!([achievement(1), achievement(2), achievement(3)]);
    clr["credentialSubject"]["association"] = json!([association(1, "precedes", 2)]);
    let clr = sign(&clr, &registrar, Suite::EddsaRdfc2022);
    let bytes = serde_json::to_vec(&clr).unwrap();

    let mut options = VerifyOptions::at(NOW);
    options.online = true;
    let (report, needs) = verify::verify_round(&bytes, &options, false).unwrap();
    let urls: Vec<String> = colleges.iter().map(|(_, u)| u.clone()).collect();
    assert_eq!(needs, urls, "one round asks for all three");
    assert_eq!(report.verdict, Verdict::Error);

    // A budget of two documents: the third college's key is not fetched,
    // so its credential, and the record, could not be checked.
    options.limits.max_documents = 2;
    let (report, needs) = verify::verify_round(&bytes, &options, false).unwrap();
    assert_eq!(needs, urls[..2].to_vec());
    let third = &report.credentials[2];
    assert_eq!(third.verdict, Verdict::Error);
    let why = &third.error.as_ref().unwrap().message;
    assert!(why.contains("more than 2 documents"), "{why}");

    // With the documents served, one batch brings all three and the record verifies.
    let docs: BTreeMap<String, String> = colleges
        .iter()
        .map(|(key, url)| {
            let vm = format!("{url}#{}", key.public.to_multibase());
            let doc = json!({
                "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
                "id": url,
                "assertionMethod": [{
                    "id": vm, "type": "Multikey", "controller": url,
                    "publicKeyMultibase": key.public.to_multibase()
                }]
            });
            (url.clone(), doc.to_string())
        })
        .collect();
    let mut options = VerifyOptions::at(NOW);
    options.online = true;
    let mut batches: Vec<Vec<String>> = Vec::new();
    let report = verify::verify_online_batched(&bytes, &options, &mut |urls: &[String]| {
        batches.push(urls.to_vec());
        urls.iter()
            .map(|u| Fetched::ok(docs.get(u).cloned().unwrap_or_default()))
            .collect()
    })
    .unwrap();
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(batches, vec![urls]);
}

#[test]
fn a_nested_credential_signed_by_someone_other_than_its_issuer_is_named() {
    let k = keys();
    let mut courses = unsigned_courses(&k);
    // Course 2 claims College B as its issuer but is signed with College A's key.
    courses[1]["issuer"]["id"] = json!(k.b.controller);
    let clr = signed_record(&k, sign_courses(&k, &courses));
    let report = check(&clr);
    assert_eq!(report.verdict, Verdict::Invalid);
    assert_eq!(outcome(&report.credentials[1], "issuer").0, Outcome::Failed);
    let (o, d) = outcome(&report, "clr");
    assert_eq!(o, Outcome::Failed);
    assert!(mentions(d, "credential 2") && d.contains("(issuer)"), "{d}");
}

#[test]
fn an_entry_that_is_no_credential_is_not_verified() {
    let k = keys();
    let mut nested = sign_courses(&k, &unsigned_courses(&k));
    nested.push(json!("not a token"));
    let report = check(&signed_record(&k, nested));
    assert_ne!(report.verdict, Verdict::Verified);
    assert_ne!(report.credentials[4].verdict, Verdict::Verified);
    assert!(mentions(outcome(&report, "clr").1, "credential 5"));
}

#[test]
fn a_relation_clr_does_not_name_is_a_warning_not_a_failure() {
    let k = keys();
    let mut clr = record(&k.registrar, sign_courses(&k, &unsigned_courses(&k)));
    clr["credentialSubject"]["association"][0]["associationType"] = json!("isTranslationOf");
    let report = check(&sign(&clr, &k.registrar, Suite::EddsaRdfc2022));
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("isTranslationOf")),
        "{:?}",
        report.warnings
    );
    assert_eq!(
        report.pathway.as_ref().unwrap().associations[0].relation_words(),
        "isTranslationOf"
    );
}

#[test]
fn a_record_of_a_hundred_credentials_verifies_within_the_default_limits() {
    let k = keys();
    let nested: Vec<Value> = (0..100)
        .map(|i| {
            let n = i % 4 + 1;
            let (key, name) = if n <= 2 {
                (&k.a, "College A")
            } else {
                (&k.b, "College B")
            };
            let mut c = course(key, name, n, LEARNER);
            c["id"] = json!(format!("urn:uuid:00000000-0000-4000-8000-{i:012}"));
            let suite = if i % 2 == 0 {
                Suite::EddsaRdfc2022
            } else {
                Suite::EddsaJcs2022
            };
            sign(&c, key, suite)
        })
        .collect();
    let clr = signed_record(&k, nested);
    let started = std::time::Instant::now();
    let report = check(&clr);
    let took = started.elapsed();
    assert_eq!(report.verdict, Verdict::Verified, "{:#?}", report.checks);
    assert_eq!(report.credentials.len(), 100);
    eprintln!("a record of 100 credentials verified in {took:?} (this build)");
}

/// Credentials whose criteria has no id (a narrative alone, as the issuer
/// page writes it): `issue::clr_credential` does not list their achievements
/// in the record (a blank node written twice in one graph is two criteria,
/// which the signed view refuses), so the record signs and verifies, and
/// the pathway still names the achievements, from the credentials.
#[test]
fn a_record_of_credentials_whose_criteria_have_no_id_signs_and_verifies() {
    use kiln_core::issue::{ClrFields, clr_credential};
    let k = keys();
    let mut courses = unsigned_courses(&k);
    for c in &mut courses {
        let criteria = c["credentialSubject"]["achievement"]["criteria"]
            .as_object_mut()
            .unwrap();
        criteria.remove("id");
    }
    let nested = sign_courses(&k, &courses);
    let fields = ClrFields {
        id: "urn:uuid:0000000c-0000-4000-8000-000000000009".into(),
        issuer_id: k.registrar.controller.clone(),
        issuer_name: "Registrar".into(),
        learner: LEARNER.into(),
        name: "Transcript".into(),
        valid_from: "2025-01-01T00:00:00Z".into(),
    };
    let unsigned = clr_credential(&fields, &nested, &[association(1, "precedes", 2)]).unwrap();
    assert!(
        unsigned["credentialSubject"].get("achievement").is_none(),
        "{unsigned:#}"
    );
    let report = check(&sign(&unsigned, &k.registrar, Suite::EddsaRdfc2022));
    assert_eq!(report.verdict, Verdict::Verified, "{report:#?}");
    assert_eq!(verdicts(&report), vec![Verdict::Verified; 4]);
    let pathway = report.pathway.as_ref().expect("a CLR has a pathway");
    let names: Vec<_> = pathway
        .achievements
        .iter()
        .map(|a| a.name.as_deref())
        .collect();
    assert_eq!(
        names,
        [
            Some("Course 1"),
            Some("Course 2"),
            Some("Course 3"),
            Some("Course 4")
        ]
    );
}
