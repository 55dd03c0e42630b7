//! Entity bombs and external entities in SVG badges: every DOCTYPE with an
//! internal subset is refused before the XML parser runs, however the subset
//! is dressed; a DOCTYPE without one (as in 1EdTech's samples) still unbakes
//! and bakes. Each bomb is built here from readable parts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::bake_common;

use bake_common::*;
use kiln_core::container::{self, BakeOptions};
use kiln_core::verify::{self, VerifyOptions};
use kiln_core::{Error, Limits};
use std::time::{Duration, Instant};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const OB3_NS: &str = "https://purl.imsglobal.org/ob/v3p0";

/// A billion-laughs subset: `e0` is ten `x`s, each `e{i}` ten `e{i-1}`s, up to `e{levels}`.
fn laughs(levels: usize) -> String {
    let mut subset = String::from("<!ENTITY e0 \"xxxxxxxxxx\">\n");
    for i in 1..=levels {
        let refs = format!("&e{};", i - 1).repeat(10);
        subset.push_str(&format!("<!ENTITY e{i} \"{refs}\">\n"));
    }
    subset
}

/// A badge whose baked element's text uses the entity `use_ref`, after `prolog`.
fn badge(prolog: &str, use_ref: &str) -> String {
    format!(
        "{prolog}<svg xmlns=\"{SVG_NS}\" xmlns:openbadges=\"{OB3_NS}\"><openbadges:credential verify=\"{use_ref}\">{use_ref}</openbadges:credential></svg>"
    )
}

/// Every variant: (name, the whole SVG).
fn bombs() -> Vec<(&'static str, String)> {
    let decl = "<?xml version=\"1.0\"?>\n";
    let subset = laughs(9);
    vec![
        (
            "billion laughs in a plain subset",
            badge(&format!("{decl}<!DOCTYPE svg [\n{subset}]>\n"), "&e9;"),
        ),
        (
            "behind a processing instruction",
            badge(
                &format!("{decl}<?note <!DOCTYPE svg> ?>\n<!DOCTYPE svg [\n{subset}]>\n"),
                "&e9;",
            ),
        ),
        (
            "behind a comment",
            badge(
                &format!("{decl}<!-- <!DOCTYPE svg> -->\n<!DOCTYPE svg [\n{subset}]>\n"),
                "&e9;",
            ),
        ),
        (
            "a fake DOCTYPE inside a comment before the real one",
            badge(
                &format!(
                    "{decl}<!-- <!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"x.dtd\"> -->\n<!DOCTYPE svg [\n{subset}]>\n"
                ),
                "&e9;",
            ),
        ),
        (
            "declarations behind a comment and a PI inside the subset",
            badge(
                &format!("{decl}<!DOCTYPE svg [\n<!-- ]> -->\n<?pi ]> ?>\n{subset}]>\n"),
                "&e9;",
            ),
        ),
        (
            "a quoted ]> inside the subset",
            badge(
                &format!("{decl}<!DOCTYPE svg [\n<!ENTITY q \"]>\">\n{subset}]>\n"),
                "&e9;",
            ),
        ),
        (
            "an external identifier with [ in it, then a subset",
            badge(
                &format!("{decl}<!DOCTYPE svg SYSTEM \"a[b\" [\n{subset}]>\n"),
                "&e9;",
            ),
        ),
        (
            "after a byte order mark",
            badge(&format!("\u{feff}<!DOCTYPE svg [{subset}]>"), "&e9;"),
        ),
        (
            "parameter entities",
            badge(
                "<!DOCTYPE svg [\n<!ENTITY % p \"<!ENTITY e0 'xxxxxxxxxx'>\">\n%p;\n<!ENTITY % q \"<!ENTITY e1 '&#38;e0;&#38;e0;&#38;e0;&#38;e0;'>\">\n%q;\n]>\n",
                "&e1;",
            ),
        ),
        (
            "an external entity (SYSTEM file:///etc/passwd)",
            badge(
                "<!DOCTYPE svg [\n<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n",
                "&xxe;",
            ),
        ),
        (
            "an external parameter entity",
            badge(
                "<!DOCTYPE svg [\n<!ENTITY % ext SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n%ext;\n]>\n",
                "x",
            ),
        ),
        (
            "quadratic blowup: one big entity used many times",
            badge(
                &format!("<!DOCTYPE svg [<!ENTITY big \"{}\">]>", "x".repeat(50_000)),
                &"&big;".repeat(2_000),
            ),
        ),
        (
            "an empty subset",
            badge("<!DOCTYPE svg []>", "https://example.org/a"),
        ),
    ]
}

fn refused_quickly(name: &str, what: &str, run: impl FnOnce() -> Result<(), Error>) {
    let start = Instant::now();
    let e = match run() {
        Ok(()) => panic!("{name}: {what} accepted it"),
        Err(e) => e,
    };
    let took = start.elapsed();
    assert_eq!(e.code(), "svg-dtd-subset", "{name}: {what}: {e}");
    assert!(matches!(e, Error::Unsupported(_)), "{name}: {e:?}");
    assert!(e.to_string().contains("internal subset"), "{name}: {e}");
    assert!(
        took < Duration::from_secs(2),
        "{name}: {what} took {took:?}"
    );
}

#[test]
fn every_bomb_is_refused_quickly_with_the_typed_error() {
    let l = Limits::default();
    let options = VerifyOptions::at(1_767_225_600);
    for (name, svg) in bombs() {
        let bytes = svg.as_bytes();
        assert_eq!(
            container::sniff(bytes),
            Some(container::ContainerKind::Svg),
            "{name}"
        );
        refused_quickly(name, "unbake", || container::unbake(bytes, &l).map(|_| ()));
        refused_quickly(name, "verify", || {
            verify::verify(bytes, &options).map(|_| ())
        });
        refused_quickly(name, "bake", || {
            container::bake(bytes, &sample_vc_jwt(), &BakeOptions::default(), &l).map(|_| ())
        });
    }
}

#[test]
fn the_error_names_where_the_subset_is() {
    let svg = badge("<!-- c --><!DOCTYPE svg [<!ENTITY a \"b\">]>", "&a;");
    let e = container::unbake(svg.as_bytes(), &Limits::default()).unwrap_err();
    // The DOCTYPE starts after the 10-byte comment; its "[" is 14 bytes further.
    assert!(e.to_string().contains("DOCTYPE at byte 10"), "{e}");
    assert!(e.to_string().contains("byte 24"), "{e}");
}

/// Broken DOCTYPEs are malformed XML, not a way around the refusal.
#[test]
fn broken_doctypes_are_malformed() {
    let l = Limits::default();
    for prolog in [
        "<!DOCTYPE svg [<!ENTITY a \"b\">",
        "<!DOCTYPE svg [<!ENTITY a \"b\">]",
        "<!DOCTYPEsvg>",
        "<!DOCTYPE svg PUBLIC \"a\">",
        "<!DOCTYPE svg SYSTEM>",
        "<!DOCTYPE svg PUBLIC \"a\" \"b\" junk>",
        "<!DOCTYPE svg><!DOCTYPE svg>",
    ] {
        let svg = badge(prolog, "https://example.org/a");
        let e = container::unbake(svg.as_bytes(), &l).unwrap_err();
        assert!(
            matches!(e.code().as_str(), "svg-xml" | "svg-dtd-subset"),
            "{prolog}: {e}"
        );
    }
    // A lower-case doctype is not XML at all; the parser refuses it.
    let svg = badge("<!doctype svg [<!ENTITY a \"b\">]>", "&a;");
    assert!(container::unbake(svg.as_bytes(), &l).is_err());
}

/// DOCTYPEs without a subset, as real SVG editors write them, still work.
#[test]
fn plain_doctypes_unbake_and_bake() {
    let l = Limits::default();
    let payload = sample_vc_jwt();
    for doctype in [
        "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">",
        "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd' >",
        "<!DOCTYPE svg SYSTEM \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">",
        "<!DOCTYPE svg>",
        "<!DOCTYPE\n  svg\n  PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n  \"svg11[1].dtd\"\n>",
    ] {
        let svg = format!(
            "<?xml version=\"1.0\"?>\n<!-- made by hand -->\n{doctype}\n<svg xmlns=\"{SVG_NS}\"><circle r=\"1\"/></svg>\n"
        );
        let baked = container::bake(svg.as_bytes(), &payload, &BakeOptions::default(), &l)
            .unwrap_or_else(|e| panic!("{doctype}: {e}"));
        let text = String::from_utf8(baked.clone()).unwrap();
        assert!(text.contains(doctype), "the DOCTYPE is kept byte for byte");
        assert_eq!(container::unbake(&baked, &l).unwrap().payload, payload);
    }
    // 1EdTech's sample, with the SVG 1.1 DOCTYPE, unbakes and rebakes.
    let sample = fixture("ob3-1edtech-simple-json.svg");
    let first = container::unbake(&sample, &l).unwrap();
    let rebaked = container::bake(&sample, &first.payload, &BakeOptions::default(), &l).unwrap();
    assert_eq!(
        container::unbake(&rebaked, &l).unwrap().payload,
        first.payload
    );
}

/// The XML parser's node limit holds with a plain DOCTYPE too.
#[test]
fn node_limit_applies() {
    let mut l = Limits::default();
    l.max_svg_nodes = 100;
    let svg = format!(
        "<!DOCTYPE svg>\n<svg xmlns=\"{SVG_NS}\">{}</svg>",
        "<g/>".repeat(200)
    );
    assert_eq!(
        container::unbake(svg.as_bytes(), &l).unwrap_err().code(),
        "svg-too-many-nodes"
    );
}
