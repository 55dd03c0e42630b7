//! Templates and SVGs with a DOCTYPE internal subset are refused before any
//! entity is expanded: an entity-expansion bomb and an external entity, both
//! built here from readable parts, through `Template::parse` and
//! `Renderer::render_png`. A plain DOCTYPE (as design tools write it) is
//! still accepted.

// Test code: a failed expectation is a failed test.
#![allow(clippy::expect_used)]

use std::time::{Duration, Instant};

use kiln_render::{Renderer, Template, Values};

/// The SVG 1.1 DOCTYPE design tools export, with no internal subset.
const PLAIN_DOCTYPE: &str = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">";

/// "Billion laughs": `levels` entities, each ten of the one before, so the
/// last one expands to 10^levels copies of "ha".
fn entity_bomb(levels: usize) -> String {
    let mut decls = String::from("  <!ENTITY lol0 \"ha\">\n");
    for i in 1..levels {
        let refs = format!("&lol{};", i - 1).repeat(10);
        decls.push_str(&format!("  <!ENTITY lol{i} \"{refs}\">\n"));
    }
    badge(
        &format!("<!DOCTYPE svg [\n{decls}]>"),
        &format!("&lol{};", levels - 1),
    )
}

/// An entity whose text is a file of the machine that renders.
fn external_entity() -> String {
    badge(
        "<!DOCTYPE svg [\n  <!ENTITY secret SYSTEM \"file:///etc/passwd\">\n]>",
        "&secret;",
    )
}

/// A small badge with `doctype` before its root and `text` in a `<text>`.
fn badge(doctype: &str, text: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{doctype}\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\">\n  <text x=\"10\" y=\"50\" font-size=\"10\">{text}</text>\n</svg>\n"
    )
}

/// Fails the test if `f` takes longer than a (generous) second.
fn quickly<T>(f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "took {took:?}");
    out
}

#[test]
fn an_entity_bomb_template_is_refused_quickly() {
    let svg = entity_bomb(10); // 10^9 "ha"s if expanded
    let e = quickly(|| Template::parse(&svg)).expect_err("the bomb must be refused");
    assert_eq!(e.code(), "template-dtd-subset");
    assert!(matches!(e, kiln_render::Error::Unsupported(_)));
    assert!(e.to_string().contains("internal subset"), "{e}");
    assert!(e.to_string().contains("line 2"), "{e}");
}

#[test]
fn an_entity_bomb_svg_is_refused_by_the_renderer_quickly() {
    let svg = entity_bomb(10);
    let e = quickly(|| Renderer::new().render_png(&svg, 64)).expect_err("the bomb must be refused");
    assert_eq!(e.code(), "svg-dtd-subset");
    assert!(matches!(e, kiln_render::Error::Unsupported(_)));
}

#[test]
fn an_external_entity_is_refused_not_read() {
    let svg = external_entity();
    assert_eq!(
        Template::parse(&svg).expect_err("refused").code(),
        "template-dtd-subset"
    );
    assert_eq!(
        Renderer::new()
            .render_png(&svg, 64)
            .expect_err("refused")
            .code(),
        "svg-dtd-subset"
    );
}

#[test]
fn an_empty_internal_subset_is_refused_too() {
    // Refused for what it is, whatever it holds.
    let svg = badge("<!DOCTYPE svg []>", "{{date}}");
    assert_eq!(
        Template::parse(&svg).expect_err("refused").code(),
        "template-dtd-subset"
    );
}

#[test]
fn undeclared_entities_stay_errors() {
    // Without a DTD only XML's five entities exist.
    let svg = badge(PLAIN_DOCTYPE, "&nbsp;");
    assert_eq!(
        Template::parse(&svg).expect_err("refused").code(),
        "template-xml"
    );
}

#[test]
fn a_plain_doctype_is_filled_and_rendered() {
    let template = Template::parse(&badge(PLAIN_DOCTYPE, "{{date}} &amp; co")).expect("parse");
    let mut values = Values::new();
    values.insert("date".into(), "2026-12-01".into());
    let svg = template.fill(&values).expect("fill");
    assert!(
        svg.contains(PLAIN_DOCTYPE),
        "the DOCTYPE is kept as written"
    );
    let rendered = Renderer::new().render_png(&svg, 64).expect("render");
    assert!(rendered.png.starts_with(b"\x89PNG"));
}
