//! SVG baking: round trips, replacement, what real bakers write, and refusals.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use crate::bake_common;

use bake_common::*;
use kiln_core::Limits;
use kiln_core::container::{self, BakeOptions, ContainerKind, svg as ksvg};
use kiln_core::payload::PayloadKind;

const NS3: &str = "https://purl.imsglobal.org/ob/v3p0";
const SVG_NS: &str = "http://www.w3.org/2000/svg";

fn ob3() -> BakeOptions {
    BakeOptions::default()
}

/// An unbaked SVG with a DOCTYPE, a `>` inside a quoted attribute, and artwork.
fn plain_svg() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"{SVG_NS}\" data-note=\"a > b\" viewBox=\"0 0 10 10\">\n  <title>Badge</title>\n  <circle cx=\"5\" cy=\"5\" r=\"4\"/>\n</svg>\n"
    )
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn bake_then_unbake_json_and_jws() {
    let l = Limits::default();
    let base = plain_svg();
    for (payload, kind) in [
        (sample_ob3_json(), PayloadKind::Ob3Credential),
        (sample_vc_jwt(), PayloadKind::VcJwt),
    ] {
        let baked = container::bake(base.as_bytes(), &payload, &ob3(), &l).unwrap();
        let u = container::unbake(&baked, &l).unwrap();
        assert_eq!(
            (u.payload.as_str(), u.kind, u.container),
            (payload.as_str(), kind, ContainerKind::Svg)
        );
        let text = String::from_utf8(baked).unwrap();
        // Directly after the root start tag (which ends at the '>' after `viewBox`).
        let tag_end = text.find("viewBox=\"0 0 10 10\"").unwrap() + "viewBox=\"0 0 10 10\"".len();
        let declared = format!(" xmlns:openbadges=\"{NS3}\">");
        assert_eq!(&text[tag_end..tag_end + declared.len()], declared);
        assert!(text[tag_end + declared.len()..].starts_with("<openbadges:credential"));
        // Removing the two insertions gives back the original bytes.
        let element_end =
            text.find("</openbadges:credential>").unwrap() + "</openbadges:credential>".len();
        let restored = format!("{}>{}", &text[..tag_end], &text[element_end..]);
        assert_eq!(restored, base);
        match kind {
            PayloadKind::VcJwt => assert!(text.contains(&format!(
                "<openbadges:credential verify=\"{payload}\"></openbadges:credential>"
            ))),
            // The sample JSON has CRLF line ends: each CR travels as a character reference.
            _ => {
                assert!(payload.contains('\r'));
                let body = payload.replace('\r', "]]>&#13;<![CDATA[");
                assert!(text.contains(&format!(
                    "<openbadges:credential><![CDATA[{body}]]></openbadges:credential>"
                )));
            }
        }
    }
}

#[test]
fn second_bake_replaces() {
    let l = Limits::default();
    let first = container::bake(plain_svg().as_bytes(), &sample_ob3_json(), &ob3(), &l).unwrap();
    let second = container::bake(&first, &sample_vc_jwt(), &ob3(), &l).unwrap();
    let text = String::from_utf8(second.clone()).unwrap();
    assert_eq!(count(&text, "<openbadges:credential"), 1);
    assert_eq!(count(&text, "xmlns:openbadges="), 1);
    assert_eq!(
        container::unbake(&second, &l).unwrap().payload,
        sample_vc_jwt()
    );
    let back = container::bake(&second, &sample_ob3_json(), &ob3(), &l).unwrap();
    assert_eq!(back, first, "baking A, B, A gives the bytes of baking A");

    // Over 1EdTech's sample: the element's byte range is replaced, the rest kept.
    let sample = fixture_text("ob3-1edtech-simple-json.svg");
    let rebaked = String::from_utf8(
        container::bake(sample.as_bytes(), &sample_vc_jwt(), &ob3(), &l).unwrap(),
    )
    .unwrap();
    let (start, end) = (
        sample.find("<openbadges:credential>").unwrap(),
        sample.find("</openbadges:credential>").unwrap() + 24,
    );
    let new_end = rebaked.find("</openbadges:credential>").unwrap() + 24;
    assert_eq!(&rebaked[..start], &sample[..start]);
    assert_eq!(&rebaked[new_end..], &sample[end..]);
    assert_eq!(count(&rebaked, "<openbadges:credential"), 1);
}

#[test]
fn ob2_bake() {
    let l = Limits::default();
    let ob2 = BakeOptions { ob2: true };
    let jws = fixture_text("ob2-1edtech-simple.jwt").trim().to_owned();
    let baked = String::from_utf8(container::bake(plain_svg().as_bytes(), &jws, &ob2, &l).unwrap())
        .unwrap();
    assert!(baked.contains("xmlns:openbadges=\"http://openbadges.org\""));
    assert!(baked.contains(&format!(
        "<openbadges:assertion verify=\"{jws}\"></openbadges:assertion>"
    )));
    assert_eq!(
        container::unbake(baked.as_bytes(), &l).unwrap().kind,
        PayloadKind::Ob2Jws
    );

    let json = fixture_text("ob2-1edtech-basic-assertion.json")
        .trim()
        .to_owned();
    let baked =
        String::from_utf8(container::bake(plain_svg().as_bytes(), &json, &ob2, &l).unwrap())
            .unwrap();
    // The hosted assertion's id is its verify URL; the JSON goes in CDATA.
    assert!(baked.contains(
        "<openbadges:assertion verify=\"https://example.org/beths-robotics-badge.json\"><![CDATA[{"
    ));
    let u = container::unbake(baked.as_bytes(), &l).unwrap();
    assert_eq!(
        (u.payload.as_str(), u.kind),
        (json.as_str(), PayloadKind::Ob2Assertion)
    );
}

#[test]
fn real_samples_unbake() {
    let l = Limits::default();
    // The JSON in the SVG is the same credential the PNG sample carries (read by the png crate).
    let svg = container::unbake(&fixture("ob3-1edtech-simple-json.svg"), &l).unwrap();
    let png_text = png_crate_itxt(
        &fixture("ob3-1edtech-simple-json.png"),
        "openbadgecredential",
    );
    let as_json = |s: &str| serde_json::from_str::<serde_json::Value>(s).unwrap();
    assert_eq!(as_json(&svg.payload), as_json(&png_text));
    assert_eq!(svg.kind, PayloadKind::Ob3Credential);
    assert!(
        !svg.payload.starts_with(char::is_whitespace)
            && !svg.payload.ends_with(char::is_whitespace)
    );

    // The VC 1.1 JWT SVG carries the same token as its PNG twin.
    let jwt_v1 = container::unbake(&fixture("ob3-1edtech-simple-jwt_v1.svg"), &l).unwrap();
    assert_eq!(
        jwt_v1.payload,
        png_crate_itxt(
            &fixture("ob3-1edtech-simple-jwt_v1.png"),
            "openbadgecredential"
        )
    );
    assert_eq!(jwt_v1.kind, PayloadKind::VcJwt);

    // The VC-JWT SVG: the verify attribute, as a plain text search finds it.
    let text = fixture_text("ob3-1edtech-simple-jwt.svg");
    let at = text.find("verify=\"").unwrap() + 8;
    let token = &text[at..at + text[at..].find('"').unwrap()];
    let jwt = ksvg::unbake(text.as_bytes(), &l).unwrap();
    assert_eq!(
        (jwt.payload.as_str(), jwt.kind),
        (token, PayloadKind::VcJwt)
    );

    // Mozilla's bakery: both verify and JSON => the JSON; empty CDATA => the verify URL.
    let text = fixture_text("ob2-mozilla-baked.svg");
    let cdata = text[text.find("<![CDATA[").unwrap() + 9..text.find("]]>").unwrap()].trim();
    let baked = container::unbake(text.as_bytes(), &l).unwrap();
    assert_eq!(
        (baked.payload.as_str(), baked.kind),
        (cdata, PayloadKind::Ob2Assertion)
    );
    let no_json = container::unbake(&fixture("ob2-mozilla-no-json.svg"), &l).unwrap();
    assert_eq!(
        (no_json.payload.as_str(), no_json.kind),
        ("http://example.org", PayloadKind::HostedUrl)
    );

    assert_eq!(
        container::unbake(&fixture("x-ob2-mozilla-bad-json.svg"), &l)
            .unwrap_err()
            .code(),
        "payload-json"
    );
    let e = container::unbake(&fixture("x-mozilla-unbaked.svg"), &l).unwrap_err();
    assert_eq!(
        (e.code().as_str(), e.to_string().as_str()),
        ("no-badge", "no credential is baked into this SVG")
    );
}

/// What other bakers write, built in code.
#[test]
fn variants_of_real_bakers() {
    let l = Limits::default();
    // Line ends as XML parsers deliver them (a literal CR LF reads as LF).
    let json = sample_ob3_json().replace("\r\n", "\n");
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('"', "&quot;")
    };
    let escaped = escape(&json);
    let jws = sample_vc_jwt();
    let cases = [
        // openbadgeslib: the namespace on the element, at the end, entity-escaped JSON.
        (
            format!(
                "<svg xmlns=\"{SVG_NS}\"><rect/><openbadges:credential xmlns:openbadges=\"{NS3}\">{escaped}</openbadges:credential></svg>"
            ),
            json.clone(),
        ),
        // CDATA split in the middle of the JSON, with whitespace around.
        (
            format!(
                "<svg xmlns=\"{SVG_NS}\" xmlns:openbadges=\"{NS3}\">\n  <openbadges:credential>\n   <![CDATA[{}]]><![CDATA[{}]]>\n  </openbadges:credential></svg>",
                &json[..40],
                &json[40..]
            ),
            json.clone(),
        ),
        // Text and CDATA mixed, plus a comment inside.
        (
            format!(
                "<svg xmlns:ob=\"{NS3}\"><ob:credential> {}<!-- c --><![CDATA[{}]]> </ob:credential></svg>",
                escape(&json[..20]),
                &json[20..]
            ),
            json.clone(),
        ),
        // The Python bakery: the JWS both in verify and in CDATA.
        (
            format!(
                "<svg xmlns:openbadges=\"{NS3}\"><openbadges:credential verify=\"{jws}\"><![CDATA[{jws}]]></openbadges:credential></svg>"
            ),
            jws.clone(),
        ),
        // A JWS as the element's text, no verify attribute, with a BOM and a comment before the root.
        (
            format!(
                "\u{feff}<!-- made by hand -->\n<svg xmlns:openbadges=\"{NS3}\"><openbadges:credential>\n{jws}\n</openbadges:credential></svg>"
            ),
            jws.clone(),
        ),
        // The element nested in a group.
        (
            format!(
                "<svg xmlns=\"{SVG_NS}\"><g><openbadges:credential xmlns:openbadges=\"{NS3}\" verify=\"{jws}\"/></g></svg>"
            ),
            jws.clone(),
        ),
    ];
    for (i, (svg, expected)) in cases.iter().enumerate() {
        let u = container::unbake(svg.as_bytes(), &l).unwrap_or_else(|e| panic!("case {i}: {e}"));
        assert_eq!(&u.payload, expected, "case {i}");
        // Re-baking any of them leaves exactly one element that reads back.
        let rebaked = container::bake(svg.as_bytes(), &jws, &ob3(), &l)
            .unwrap_or_else(|e| panic!("case {i}: {e}"));
        let text = String::from_utf8(rebaked.clone()).unwrap();
        assert_eq!(count(&text, "credential verify="), 1, "case {i}: {text}");
        assert_eq!(
            container::unbake(&rebaked, &l).unwrap().payload,
            jws,
            "case {i}"
        );
    }
}

#[test]
fn cdata_end_in_payload_is_split() {
    let l = Limits::default();
    let payload = r#"{"type":["VerifiableCredential"],"name":"a]]>b]]>]]>c"}"#;
    let baked = container::bake(plain_svg().as_bytes(), payload, &ob3(), &l).unwrap();
    let text = String::from_utf8(baked.clone()).unwrap();
    assert_eq!(count(&text, "<![CDATA["), 4);
    assert_eq!(container::unbake(&baked, &l).unwrap().payload, payload);
}

#[test]
fn refusals() {
    let l = Limits::default();
    let cred = |ns: &str| {
        format!(
            "<openbadges:credential xmlns:openbadges=\"{ns}\">https://example.org/x</openbadges:credential>"
        )
    };
    let two = format!("<svg>{}{}</svg>", cred(NS3), cred(NS3));
    let e = container::unbake(two.as_bytes(), &l).unwrap_err();
    assert_eq!(e.code(), "ambiguous-badge");
    assert_eq!(
        container::bake(two.as_bytes(), &sample_vc_jwt(), &ob3(), &l)
            .unwrap_err()
            .code(),
        "ambiguous-badge"
    );

    let entity = "<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]><svg>&xxe;</svg>";
    assert_eq!(
        container::unbake(entity.as_bytes(), &l).unwrap_err().code(),
        "svg-dtd-subset"
    );
    let param = "<!DOCTYPE svg [ <!-- x --> <!ENTITY % p \"\"> ]><svg/>";
    assert_eq!(
        container::unbake(param.as_bytes(), &l).unwrap_err().code(),
        "svg-dtd-subset"
    );

    assert_eq!(
        container::unbake(b"<?xml version=\"1.0\"?><note/>", &l)
            .unwrap_err()
            .code(),
        "image-not-svg"
    );
    assert_eq!(
        container::unbake(b"<!DOCTYPE html><html><body><svg/></body></html>", &l)
            .unwrap_err()
            .code(),
        "image-not-svg"
    );
    assert_eq!(
        container::unbake(b"<svg><g></svg>", &l).unwrap_err().code(),
        "svg-xml"
    );
    assert_eq!(
        container::unbake(
            b"<svg xmlns:openbadges=\"http://openbadges.org\">\xff</svg>",
            &l
        )
        .unwrap_err()
        .code(),
        "svg-utf8"
    );

    let mut few = Limits::default();
    few.max_svg_nodes = 10;
    let many = format!("<svg>{}</svg>", "<g/>".repeat(50));
    assert_eq!(
        container::unbake(many.as_bytes(), &few).unwrap_err().code(),
        "svg-too-many-nodes"
    );

    let mut small = Limits::default();
    small.max_payload_bytes = 50;
    let big = format!(
        "<svg xmlns:openbadges=\"{NS3}\"><openbadges:credential>{}</openbadges:credential></svg>",
        sample_ob3_json()
    );
    assert_eq!(
        container::unbake(big.as_bytes(), &small)
            .unwrap_err()
            .code(),
        "payload-too-large"
    );
}

#[test]
fn sniff_finds_svgs_behind_prologs() {
    assert_eq!(
        container::sniff(plain_svg().as_bytes()),
        Some(ContainerKind::Svg)
    );
    assert_eq!(
        container::sniff(&fixture("ob3-1edtech-simple-json.svg")),
        Some(ContainerKind::Svg)
    );
    assert_eq!(
        container::sniff(&fixture("ob3-1edtech-simple-json.png")),
        Some(ContainerKind::Png)
    );
    assert_eq!(container::sniff(b"<?xml version=\"1.0\"?>\n<html/>"), None);
}

/// Every SVG of the repository that is artwork (the shipped templates, the demo's, the
/// editors' exports the renderer is tested on, the web fixtures) bakes, keeps its bytes
/// around the insertion, and unbakes to the payload.
#[test]
fn artwork_from_editors_and_templates_bakes() {
    let l = Limits::default();
    let root = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in [
        "crates/kiln-render/templates",
        "crates/kiln-render/tests/exported",
        "web/demo",
        "tests/fixtures/web",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "svg") {
                files.push(path);
            }
        }
    }
    assert!(files.len() >= 9, "{files:?}");
    let jws = sample_vc_jwt();
    for path in files {
        let svg = std::fs::read(&path).unwrap();
        assert_eq!(
            container::unbake(&svg, &l).unwrap_err().code(),
            "no-badge",
            "{}",
            path.display()
        );
        let baked = container::bake(&svg, &jws, &ob3(), &l)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert_eq!(
            container::unbake(&baked, &l).unwrap().payload,
            jws,
            "{}",
            path.display()
        );
        let element = format!("<openbadges:credential verify=\"{jws}\"></openbadges:credential>");
        let text = String::from_utf8(baked).unwrap();
        let at = text.find(&element).unwrap();
        assert_eq!(text.as_bytes()[at - 1], b'>', "{}", path.display());
        assert!(
            svg.ends_with(&text.as_bytes()[at + element.len()..]),
            "{}",
            path.display()
        );
    }
}
