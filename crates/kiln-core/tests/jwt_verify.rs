//! VC-JWT verification: 1EdTech's baked JWT samples, and tokens made here
//! with EdDSA, ES256 and RS256 (signed with the `ed25519-dalek`, `p256` and
//! `rsa` crates' signing side), each with the ways a token can be forged.
#![cfg(all(feature = "sign", feature = "rsa", feature = "es256"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::path::PathBuf;

use kiln_core::base64url::encode as b64;
use kiln_core::key::{KeyPair, SecretKey};
use kiln_core::verify::{self, Fetched, Outcome, Report, Verdict, VerifyOptions};
use serde_json::{Value, json};

const NOW: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z

fn fixture(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/jwt")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn offline(input: &[u8]) -> Report {
    verify::verify(input, &VerifyOptions::at(NOW)).unwrap()
}

fn online(input: &[u8], docs: &BTreeMap<String, Vec<u8>>) -> Report {
    let mut o = VerifyOptions::at(NOW);
    o.online = true;
    verify::verify_online(input, &o, &mut |url| match docs.get(url) {
        Some(b) => Fetched::ok(b.clone()),
        None => Fetched::Response {
            status: 404,
            content_type: None,
            body: Vec::new(),
        },
    })
    .unwrap()
}

fn outcome(r: &Report, check: &str) -> Outcome {
    r.check(check)
        .unwrap_or_else(|| panic!("no {check} check in {:#?}", r.checks))
        .outcome
}

fn header_of(token: &str) -> Value {
    let h = token.split('.').next().unwrap();
    let bytes = kiln_core::jose::CompactJws::parse(token).unwrap().header;
    assert!(!h.is_empty());
    Value::Object(bytes)
}

fn credential(issuer: &str) -> Value {
    json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
        ],
        "id": "urn:uuid:6a1f2c47-0d59-4b5e-9f0a-3c2e1b7d8e90",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example College"},
        "validFrom": "2025-06-01T00:00:00Z",
        "name": "Pottery",
        "credentialSubject": {
            "id": "did:example:learner",
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "https://example.edu/achievements/pottery",
                "type": ["Achievement"],
                "name": "Pottery",
                "description": "Throws a pot.",
                "criteria": {"narrative": "Throw a pot."}
            }
        }
    })
}

/// The credential's members plus the JWT claims OB 3.0 asks for.
fn claims(cred: &Value) -> Value {
    let mut c = cred.clone();
    let iss = cred["issuer"]["id"].clone();
    c["iss"] = iss;
    c["jti"] = cred["id"].clone();
    c["sub"] = cred["credentialSubject"]["id"].clone();
    c["nbf"] = json!(1_748_736_000); // 2025-06-01T00:00:00Z
    c
}

fn token(header: &Value, payload: &Value, sign: impl Fn(&[u8]) -> Vec<u8>) -> String {
    let input = format!(
        "{}.{}",
        b64(header.to_string().as_bytes()),
        b64(payload.to_string().as_bytes())
    );
    let sig = sign(input.as_bytes());
    format!("{input}.{}", b64(&sig))
}

fn ed_key(seed: u8) -> KeyPair {
    KeyPair::from_secret(SecretKey::from_bytes(&[seed; 32]))
}

fn eddsa_token(key: &KeyPair, header: Value, payload: &Value) -> String {
    token(&header, payload, |m| key.sign(m).to_vec())
}

fn p256_key() -> p256::ecdsa::SigningKey {
    p256::ecdsa::SigningKey::from_slice(&[7u8; 32]).unwrap()
}

fn p256_jwk(k: &p256::ecdsa::SigningKey) -> Value {
    let point = k.verifying_key().to_encoded_point(false);
    json!({"kty":"EC","crv":"P-256","x":b64(point.x().unwrap()),"y":b64(point.y().unwrap())})
}

fn es256_token(k: &p256::ecdsa::SigningKey, header: Value, payload: &Value) -> String {
    use p256::ecdsa::signature::Signer as _;
    token(&header, payload, |m| {
        let s: p256::ecdsa::Signature = k.sign(m);
        s.to_bytes().to_vec()
    })
}

fn rsa_key() -> rsa::RsaPrivateKey {
    use rsa::pkcs8::DecodePrivateKey as _;
    let pem = String::from_utf8(fixture("rsa-test-key.pem")).unwrap();
    rsa::RsaPrivateKey::from_pkcs8_pem(&pem).unwrap()
}

fn rsa_jwk(k: &rsa::RsaPrivateKey) -> Value {
    use rsa::traits::PublicKeyParts as _;
    json!({"kty":"RSA","n":b64(&k.n().to_bytes_be()),"e":b64(&k.e().to_bytes_be())})
}

fn rs256_token(k: &rsa::RsaPrivateKey, header: Value, payload: &Value) -> String {
    use sha2::Digest as _;
    token(&header, payload, |m| {
        let digest = sha2::Sha256::digest(m);
        k.sign(rsa::Pkcs1v15Sign::new::<sha2::Sha256>(), &digest)
            .unwrap()
    })
}

const ISSUER: &str = "https://issuer.example/profile";
const JWKS: &str = "https://issuer.example/.well-known/jwks.json";

fn jwks(keys: &[Value]) -> BTreeMap<String, Vec<u8>> {
    BTreeMap::from([(
        JWKS.to_owned(),
        json!({ "keys": keys }).to_string().into_bytes(),
    )])
}

#[test]
fn onedtech_baked_jwts_offline_signature_matches_but_key_owner_unchecked() {
    for name in [
        "simple-jwt.png",
        "simple-jwt.svg",
        "simple-jwt_v1.png",
        "simple-jwt_v1.svg",
    ] {
        let r = offline(&fixture(name));
        assert_eq!(
            outcome(&r, "proof"),
            Outcome::Passed,
            "{name}: {:#?}",
            r.checks
        );
        assert_eq!(outcome(&r, "jwt-claims"), Outcome::Passed, "{name}");
        assert_eq!(outcome(&r, "structure"), Outcome::Passed, "{name}");
        assert_eq!(outcome(&r, "issuer"), Outcome::Skipped, "{name}");
        assert_eq!(r.verdict, Verdict::Error, "{name}");
        assert_eq!(r.error.as_ref().unwrap().code, "issuer-key-not-checked");
        assert_eq!(
            r.credential.as_ref().unwrap()["proofType"],
            "VC-JWT (RS256)"
        );
    }
}

#[test]
fn onedtech_baked_jwt_online_against_published_keys() {
    let input = fixture("simple-jwt.png");
    let (payload, _) = verify::extract(&input, &kiln_core::Limits::default()).unwrap();
    let jwk = header_of(&payload)["jwk"].clone();
    let url = "https://1edtech.edu/.well-known/jwks.json".to_owned();
    let served = BTreeMap::from([(url.clone(), json!({"keys":[jwk]}).to_string().into_bytes())]);
    let r = online(&input, &served);
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    assert_eq!(outcome(&r, "issuer"), Outcome::Passed);
    // The issuer publishes another key only: someone else signed.
    let other = BTreeMap::from([(
        url,
        json!({"keys":[rsa_jwk(&rsa_key())]})
            .to_string()
            .into_bytes(),
    )]);
    let r = online(&input, &other);
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "issuer"), Outcome::Failed);
    // Nothing published (404): could not check.
    let r = online(&input, &BTreeMap::new());
    assert_eq!(r.verdict, Verdict::Error);
}

#[test]
fn onedtech_tokens_without_a_usable_key_are_not_verified() {
    // simple.jwt names no key at all; velocity.jwt a did:velocity kid.
    for name in ["simple.jwt", "velocity.jwt"] {
        let r = offline(&fixture(name));
        assert_eq!(outcome(&r, "proof"), Outcome::Skipped, "{name}");
        assert_ne!(r.verdict, Verdict::Verified, "{name}");
    }
    // velocity.jwt's nbf is its issuanceDate (VC 1.1 names).
    let r = offline(&fixture("velocity.jwt"));
    assert_eq!(
        outcome(&r, "jwt-claims"),
        Outcome::Passed,
        "{:#?}",
        r.checks
    );
}

#[test]
fn eddsa_did_key_by_kid_verifies() {
    let k = ed_key(1);
    let cred = credential(&k.controller);
    let t = eddsa_token(
        &k,
        json!({"alg":"EdDSA","typ":"JWT","kid":k.id}),
        &claims(&cred),
    );
    let r = offline(t.as_bytes());
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    assert_eq!(outcome(&r, "issuer"), Outcome::Passed);
    assert_eq!(
        r.credential.as_ref().unwrap()["proofType"],
        "VC-JWT (EdDSA)"
    );
    // The same key in the header as a JWK is the did:key's own key.
    let t = eddsa_token(
        &k,
        json!({"alg":"EdDSA","jwk":k.public.to_jwk()}),
        &claims(&cred),
    );
    assert_eq!(offline(t.as_bytes()).verdict, Verdict::Verified);
}

#[test]
fn es256_and_rs256_with_published_keys_verify() {
    let cred = credential(ISSUER);
    let ec = p256_key();
    let t = es256_token(
        &ec,
        json!({"alg":"ES256","jwk":p256_jwk(&ec)}),
        &claims(&cred),
    );
    let r = online(t.as_bytes(), &jwks(&[p256_jwk(&ec)]));
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    let rk = rsa_key();
    let t = rs256_token(
        &rk,
        json!({"alg":"RS256","typ":"JWT","jwk":rsa_jwk(&rk)}),
        &claims(&cred),
    );
    let r = online(t.as_bytes(), &jwks(&[p256_jwk(&ec), rsa_jwk(&rk)]));
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    // Offline, the key's owner is not known.
    assert_eq!(offline(t.as_bytes()).verdict, Verdict::Error);
    // A kid in the issuer's profile, which lists the key for assertionMethod
    // with the profile as controller.
    let kid = format!("{ISSUER}#key-1");
    let t = es256_token(&ec, json!({"alg":"ES256","kid":kid}), &claims(&cred));
    let profile = json!({
        "id": ISSUER,
        "verificationMethod": [{"id": "#key-1", "type": "JsonWebKey", "controller": ISSUER, "publicKeyJwk": p256_jwk(&ec)}],
        "assertionMethod": ["#key-1"],
    });
    let served = BTreeMap::from([(ISSUER.to_owned(), profile.to_string().into_bytes())]);
    let r = online(t.as_bytes(), &served);
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    assert_eq!(outcome(&r, "issuer"), Outcome::Passed);
    // A bare JWK at a key URL on the issuer's site names no controller: it
    // does not show whose key it is.
    let kid = "https://issuer.example/keys/1";
    let t = es256_token(&ec, json!({"alg":"ES256","kid":kid}), &claims(&cred));
    let served = BTreeMap::from([(kid.to_owned(), p256_jwk(&ec).to_string().into_bytes())]);
    let r = online(t.as_bytes(), &served);
    assert_eq!(r.verdict, Verdict::Invalid, "{:#?}", r.checks);
}

#[test]
fn forgeries_fail() {
    let k = ed_key(1);
    let cred = credential(&k.controller);
    let good = eddsa_token(&k, json!({"alg":"EdDSA","kid":k.id}), &claims(&cred));
    let parts: Vec<&str> = good.split('.').collect();

    // alg none, with an empty signature.
    let none = format!("{}.{}.", b64(br#"{"alg":"none"}"#), parts[1]);
    let r = offline(none.as_bytes());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "proof"), Outcome::Failed);

    // HS256 with a "secret" anyone can pick.
    let hs = format!("{}.{}.{}", b64(br#"{"alg":"HS256"}"#), parts[1], parts[2]);
    assert_eq!(offline(hs.as_bytes()).verdict, Verdict::Invalid);

    // A flipped signature bit.
    let raw = {
        let mut s: Vec<u8> = parts[2].bytes().collect();
        s[3] = if s[3] == b'A' { b'B' } else { b'A' };
        String::from_utf8(s).unwrap()
    };
    let flipped = format!("{}.{}.{raw}", parts[0], parts[1]);
    let r = offline(flipped.as_bytes());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "proof"), Outcome::Failed);

    // A tampered payload under the original signature.
    let mut changed = claims(&cred);
    changed["name"] = "Advanced Pottery".into();
    let tampered = format!(
        "{}.{}.{}",
        parts[0],
        b64(changed.to_string().as_bytes()),
        parts[2]
    );
    let r = offline(tampered.as_bytes());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "proof"), Outcome::Failed);

    // Another key claiming the issuer: by kid, and by header jwk.
    let mallory = ed_key(9);
    let t = eddsa_token(
        &mallory,
        json!({"alg":"EdDSA","kid":mallory.id}),
        &claims(&cred),
    );
    let r = offline(t.as_bytes());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "proof"), Outcome::Passed);
    assert_eq!(outcome(&r, "issuer"), Outcome::Failed);
    let t = eddsa_token(
        &mallory,
        json!({"alg":"EdDSA","jwk":mallory.public.to_jwk()}),
        &claims(&cred),
    );
    let r = offline(t.as_bytes());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "issuer"), Outcome::Failed);
    // A key in the kid's fragment on the issuer's site, but not the issuer's id.
    let web_cred = credential(ISSUER);
    let kid = format!(
        "https://issuer.example/other#{}",
        mallory.public.to_multibase()
    );
    let t = eddsa_token(
        &mallory,
        json!({"alg":"EdDSA","kid":kid}),
        &claims(&web_cred),
    );
    let r = offline(t.as_bytes());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "issuer"), Outcome::Failed);
    // An https issuer whose published keys do not include the signer's.
    let web_cred = credential(ISSUER);
    let rk = rsa_key();
    let t = rs256_token(
        &rk,
        json!({"alg":"RS256","jwk":rsa_jwk(&rk)}),
        &claims(&web_cred),
    );
    let r = online(t.as_bytes(), &jwks(&[p256_jwk(&p256_key())]));
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "issuer"), Outcome::Failed);
}

#[test]
fn header_and_claim_problems() {
    let k = ed_key(1);
    let cred = credential(&k.controller);
    // A private key in the header.
    let mut jwk = k.public.to_jwk();
    jwk["d"] = b64(&[1u8; 32]).into();
    let t = eddsa_token(&k, json!({"alg":"EdDSA","jwk":jwk}), &claims(&cred));
    let r = offline(t.as_bytes());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "proof"), Outcome::Failed);
    // typ other than JWT.
    let t = eddsa_token(
        &k,
        json!({"alg":"EdDSA","typ":"JOSE+JSON","kid":k.id}),
        &claims(&cred),
    );
    assert_eq!(offline(t.as_bytes()).verdict, Verdict::Invalid);
    // A critical header extension (RFC 7515 section 4.1.11).
    let t = eddsa_token(
        &k,
        json!({"alg":"EdDSA","kid":k.id,"crit":["b64"],"b64":false}),
        &claims(&cred),
    );
    assert_eq!(offline(t.as_bytes()).verdict, Verdict::Invalid);
    // An algorithm Kiln does not check: could not check, not invalid.
    let t = eddsa_token(&k, json!({"alg":"PS256","kid":k.id}), &claims(&cred));
    let r = offline(t.as_bytes());
    assert_eq!(r.verdict, Verdict::Error);
    assert_eq!(r.error.as_ref().unwrap().code, "alg-unsupported");
    // Claims that disagree with the credential.
    for (claim, value) in [
        ("iss", json!("did:key:z6MkSomeoneElse")),
        ("jti", json!("urn:uuid:other")),
        ("sub", json!("did:example:other")),
        ("nbf", json!(1_700_000_000)),
    ] {
        let mut c = claims(&cred);
        c[claim] = value;
        let t = eddsa_token(&k, json!({"alg":"EdDSA","kid":k.id}), &c);
        let r = offline(t.as_bytes());
        assert_eq!(r.verdict, Verdict::Invalid, "{claim}");
        assert_eq!(outcome(&r, "jwt-claims"), Outcome::Failed, "{claim}");
    }
    // A VC 1.1-era token with a vc claim.
    let mut vc = credential(&k.controller);
    vc["@context"][0] = "https://www.w3.org/2018/credentials/v1".into();
    let obj = vc.as_object_mut().unwrap();
    obj.remove("validFrom");
    obj.insert("issuanceDate".into(), "2025-06-01T00:00:00Z".into());
    let jti = vc["id"].clone();
    let payload = json!({"vc": vc, "iss": k.controller, "nbf": 1_748_736_000, "jti": jti});
    let t = eddsa_token(&k, json!({"alg":"EdDSA","kid":k.id}), &payload);
    let r = offline(t.as_bytes());
    assert_eq!(r.verdict, Verdict::Verified, "{:#?}", r.checks);
    // An expired credential inside a good token.
    let mut c = claims(&cred);
    c["validUntil"] = "2025-12-01T00:00:00Z".into();
    c["exp"] = json!(1_764_547_200);
    let t = eddsa_token(&k, json!({"alg":"EdDSA","kid":k.id}), &c);
    let r = offline(t.as_bytes());
    assert_eq!(r.verdict, Verdict::Invalid);
    assert_eq!(outcome(&r, "validity"), Outcome::Failed);
    assert_eq!(
        outcome(&r, "jwt-claims"),
        Outcome::Passed,
        "{:#?}",
        r.checks
    );
}
