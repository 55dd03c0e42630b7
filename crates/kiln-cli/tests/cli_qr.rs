//! `kiln qr` end to end: the verification link of a JSON credential and of
//! the same credential baked into a PNG, SVG and PNG output, the fallback to
//! the credential's own https id when the link is too long, and one-line
//! errors with exit status 2.

use crate::common;
use common::{kiln, repo, scratch};
use std::path::{Path, PathBuf};

/// An unsigned credential with `id` whose description has `filler` letters that do not compress.
fn unsigned(id: &str, filler: usize) -> String {
    let mut x: u32 = 0x9e37_79b9;
    let description: String = (0..filler)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            char::from(b'a' + u8::try_from(x % 26).unwrap())
        })
        .collect();
    serde_json::json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Kiln Glaze Chemistry",
        "issuer": { "id": "https://example.org/", "type": ["Profile"], "name": "Kiln Demo Academy" },
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "name": "Ada Potter",
            "achievement": {
                "id": "https://example.org/achievements/glaze", "type": ["Achievement"], "name": "Kiln Glaze Chemistry",
                "description": format!("Mixed glazes. {description}"), "criteria": { "narrative": "Fire three tiles." },
            },
        },
    })
    .to_string()
}

/// Signs the credential with a new key in `dir`; returns the signed file.
fn signed(dir: &Path, name: &str, id: &str, filler: usize) -> PathBuf {
    let key = dir.join("key.json");
    if !key.exists() {
        assert!(
            kiln(&["keygen", "-o", key.to_str().unwrap()])
                .status
                .success()
        );
    }
    let input = dir.join(format!("{name}.unsigned.json"));
    std::fs::write(&input, unsigned(id, filler)).unwrap();
    let out = dir.join(format!("{name}.json"));
    let o = kiln(&[
        "sign",
        "--key",
        key.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        input.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    out
}

fn qr(badge: &Path, out: &Path) -> (bool, String, String) {
    let o = kiln(&[
        "qr",
        badge.to_str().unwrap(),
        "--base",
        "https://kiln.example/verify/",
        "-o",
        out.to_str().unwrap(),
    ]);
    (
        o.status.success(),
        String::from_utf8(o.stdout).unwrap(),
        String::from_utf8(o.stderr).unwrap(),
    )
}

#[test]
fn the_code_holds_the_verification_link_of_the_json_and_of_the_baked_badge() {
    let dir = scratch("qr-link");
    let json = signed(
        &dir,
        "small",
        "urn:uuid:2b0c7a52-6f0e-4d55-9d8e-31a4e5b0c001",
        0,
    );
    let (ok, link, err) = qr(&json, &dir.join("small.svg"));
    assert!(ok, "{err}");
    let link = link.trim_end();
    // The link holds the credential: the share codec reads back the signed JSON (written compactly).
    let fragment = link
        .strip_prefix("https://kiln.example/verify/#")
        .expect("a link at the base");
    let payload = kiln_core::share::read_fragment(fragment, &kiln_core::Limits::default()).unwrap();
    let signed_doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&payload).unwrap(),
        signed_doc
    );
    assert_eq!(
        link,
        kiln_core::share::link(
            &std::fs::read(&json).unwrap(),
            "https://kiln.example/verify/"
        )
        .unwrap()
    );
    let svg = std::fs::read_to_string(dir.join("small.svg")).unwrap();
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(err.contains("QR version"), "{err}");

    // The same credential baked into a PNG gives the same link; a PNG code is drawn too.
    let art = dir.join("plain.png");
    std::fs::copy(repo("tests/fixtures/web/plain.png"), &art).unwrap();
    let baked = dir.join("badge.png");
    let o = kiln(&[
        "bake",
        "--credential",
        json.to_str().unwrap(),
        art.to_str().unwrap(),
        "-o",
        baked.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let (ok, from_png, err) = qr(&baked, &dir.join("code.png"));
    assert!(ok, "{err}");
    assert_eq!(from_png.trim_end(), link);
    let png = std::fs::read(dir.join("code.png")).unwrap();
    let reader = png::Decoder::new(png.as_slice()).read_info().unwrap();
    let version: usize = err
        .split("QR version ")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(reader.info().width as usize, (17 + 4 * version + 8) * 8);
}

#[test]
fn a_link_too_long_for_a_printable_code_falls_back_to_the_https_id_and_says_so() {
    let dir = scratch("qr-id");
    let json = signed(&dir, "large", "https://example.org/credentials/42", 2500);
    let (ok, text, err) = qr(&json, &dir.join("large.svg"));
    assert!(ok, "{err}");
    assert_eq!(text.trim_end(), "https://example.org/credentials/42");
    assert!(
        err.contains("warning:") && err.contains("the QR code holds the credential's own address"),
        "{err}"
    );
}

#[test]
fn a_link_too_long_without_an_https_id_is_refused_with_the_reason() {
    let dir = scratch("qr-refused");
    let json = signed(
        &dir,
        "large",
        "urn:uuid:2b0c7a52-6f0e-4d55-9d8e-31a4e5b0c002",
        2500,
    );
    let out = dir.join("large.svg");
    let (ok, _, err) = qr(&json, &out);
    assert!(!ok);
    assert!(
        err.starts_with("kiln: ") && err.contains("no https id"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(!out.exists());
}

#[test]
fn bad_output_names_and_inputs_are_one_line_errors() {
    let dir = scratch("qr-bad");
    let json = signed(
        &dir,
        "small",
        "urn:uuid:2b0c7a52-6f0e-4d55-9d8e-31a4e5b0c003",
        0,
    );
    let (ok, _, err) = qr(&json, &dir.join("code.txt"));
    assert!(!ok);
    assert!(err.contains(".svg or .png"), "{err}");
    let junk = dir.join("junk.json");
    std::fs::write(&junk, "not a credential").unwrap();
    let (ok, _, err) = qr(&junk, &dir.join("junk.svg"));
    assert!(!ok);
    assert!(
        err.starts_with(&format!("kiln: {}", junk.display())),
        "{err}"
    );
}
