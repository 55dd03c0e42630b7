//! Font fallback: templates written the way design tools export them name
//! fonts Kiln does not have (`Arial`, `'Open Sans'`, `sans-serif`); their
//! text is drawn with the embedded fonts, the replaced families are named in
//! a warning, and a text that would still draw nothing is an error.
//!
//! The templates in `tests/exported/` are compared with reference images in
//! `tests/reference/exported-*.png`; regenerate them with `KILN_MAKE_REF=1
//! cargo test -p kiln-render --test all fonts::` and look at every changed image.

// Test code: a failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use std::path::PathBuf;

use kiln_render::{Compression, Renderer, Template, Values};

use crate::common;
use common::{Decoded, assert_close, decode, exported, reference_dir};

/// The exported templates, each with the families it names that Kiln does
/// not have (in the order the warnings name them).
const EXPORTED: &[(&str, &[&str])] = &[
    ("inkscape", &["Arial", "Liberation Sans"]),
    ("figma", &["Inter", "Roboto Mono"]),
    (
        "illustrator",
        &["MyriadPro-Regular", "MyriadPro-Bold", "TimesNewRomanPSMT"],
    ),
    ("canva", &["Montserrat", "Open Sans", "Playfair Display"]),
];

fn values() -> Values {
    let mut v = Values::new();
    v.insert("recipient.name".into(), "Ada Lovelace".into());
    v.insert("achievement.name".into(), "Rust Fundamentals".into());
    v.insert("issuer.name".into(), "KILN ACADEMY".into());
    v.insert("date".into(), "28 November 2026".into());
    v
}

/// Sorted, so the check does not depend on the order of the tree walk.
fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn render(renderer: &Renderer, svg: &str, width: u32) -> (Decoded, Vec<String>) {
    let rendered = renderer
        .render_png(svg, width)
        .unwrap_or_else(|e| panic!("{e}"));
    (decode(&rendered.png), rendered.warnings)
}

/// How many pixels differ between two renders of the same size.
fn differing(a: &Decoded, b: &Decoded) -> usize {
    assert_eq!((a.width, a.height), (b.width, b.height));
    a.rgba
        .chunks_exact(4)
        .zip(b.rgba.chunks_exact(4))
        .filter(|(p, q)| p.iter().zip(q.iter()).any(|(x, y)| x.abs_diff(*y) > 32))
        .count()
}

#[test]
fn exported_templates_match_their_reference_renders() {
    let renderer = Renderer::new().with_compression(Compression::Small);
    let make = std::env::var_os("KILN_MAKE_REF").is_some();
    for (stem, replaced) in EXPORTED {
        let template = Template::parse(&exported(stem)).expect("template parses");
        let svg = template.fill(&values()).expect("fills");
        let rendered = renderer
            .render_png(&svg, 512)
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        let mut want: Vec<String> = replaced
            .iter()
            .map(|f| {
                let used = if f.contains("Times") || f.contains("Playfair") {
                    "DejaVu Serif"
                } else {
                    "DejaVu Sans"
                };
                format!("{f} is not available: {used} used")
            })
            .collect();
        want.sort();
        assert_eq!(sorted(rendered.warnings.clone()), want, "{stem}");

        let name = format!("exported-{stem}.png");
        let path = reference_dir().join(&name);
        if make {
            std::fs::write(&path, &rendered.png).expect("write reference");
            continue;
        }
        let reference = std::fs::read(&path).unwrap_or_else(|e| {
            panic!("{}: {e}; generate it with KILN_MAKE_REF=1", path.display())
        });
        assert_close(&name, &decode(&rendered.png), &decode(&reference));
    }
}

#[test]
fn exported_templates_draw_every_placeholder() {
    // Each placeholder's text is drawn: emptying that one value changes
    // pixels, as many as a line of text covers.
    let renderer = Renderer::new();
    for (stem, _) in EXPORTED {
        let template = Template::parse(&exported(stem)).expect("template parses");
        let (full, _) = render(&renderer, &template.fill(&values()).expect("fills"), 256);
        for placeholder in template.placeholders() {
            let mut without = values();
            without.insert(placeholder.clone(), String::new());
            let (blank, _) = render(&renderer, &template.fill(&without).expect("fills"), 256);
            let changed = differing(&full, &blank);
            assert!(
                changed > 60,
                "{stem}: {{{{{placeholder}}}}} changes only {changed} pixels: its text is not drawn"
            );
        }
    }
}

/// A 200x100 black card with white `Hello` in the given font attributes.
fn hello(font: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100"/><text x="10" y="60" font-size="40" fill="#fff" {font}>Hello</text></svg>"##
    )
}

/// White pixels: the text drawn over the black card.
fn text_pixels(d: &Decoded) -> usize {
    d.rgba.chunks_exact(4).filter(|p| p[0] > 128).count()
}

#[test]
fn generic_families_draw_with_the_embedded_fonts_without_a_warning() {
    let renderer = Renderer::new();
    let (sans, _) = render(&renderer, &hello(r#"font-family="DejaVu Sans""#), 200);
    let (serif, _) = render(&renderer, &hello(r#"font-family="DejaVu Serif""#), 200);
    assert!(text_pixels(&sans) > 300, "the reference text is drawn");
    for (family, like) in [
        ("sans-serif", &sans),
        ("serif", &serif),
        ("monospace", &sans),
        ("cursive", &sans),
        ("fantasy", &sans),
        ("system-ui", &sans),
        ("ui-sans-serif", &sans),
    ] {
        let (got, warnings) = render(&renderer, &hello(&format!("font-family={family:?}")), 200);
        assert!(warnings.is_empty(), "{family}: {warnings:?}");
        assert_eq!(differing(&got, like), 0, "{family}");
    }
}

#[test]
fn a_family_kiln_lacks_draws_like_the_embedded_one_and_is_named_once() {
    let renderer = Renderer::new();
    for (font, like, warning) in [
        (
            r#"font-family="Arial""#,
            r#"font-family="DejaVu Sans""#,
            "Arial is not available: DejaVu Sans used",
        ),
        (
            r#"font-family="Helvetica, sans-serif" font-weight="700""#,
            r#"font-family="DejaVu Sans" font-weight="bold""#,
            "Helvetica is not available: DejaVu Sans used",
        ),
        (
            r#"style="font-family:'Open Sans';font-weight:700""#,
            r#"font-family="DejaVu Sans" font-weight="bold""#,
            "Open Sans is not available: DejaVu Sans used",
        ),
        (
            r#"font-family="'Times New Roman'""#,
            r#"font-family="DejaVu Serif""#,
            "Times New Roman is not available: DejaVu Serif used",
        ),
        (
            r#"font-family="Georgia, serif" font-weight="normal""#,
            r#"font-family="DejaVu Serif""#,
            "Georgia is not available: DejaVu Serif used",
        ),
        (
            // Family names are compared without regard to case, as in CSS.
            r#"font-family="dejavu sans" font-weight="600""#,
            r#"font-family="DejaVu Sans" font-weight="bold""#,
            "",
        ),
    ] {
        let (got, warnings) = render(&renderer, &hello(font), 200);
        let (want, _) = render(&renderer, &hello(like), 200);
        assert_eq!(differing(&got, &want), 0, "{font} draws like {like}");
        let expected: Vec<&str> = Some(warning)
            .filter(|w| !w.is_empty())
            .into_iter()
            .collect();
        assert_eq!(warnings, expected, "{font}");
    }
    // Regular and bold are told apart.
    let (regular, _) = render(&renderer, &hello(r#"font-family="Arial""#), 200);
    let (bold, _) = render(
        &renderer,
        &hello(r#"font-family="Arial" font-weight="bold""#),
        200,
    );
    assert!(text_pixels(&bold) > text_pixels(&regular) + 50);

    // Three texts in Arial, one warning.
    let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" font-family="Arial"><text x="5" y="30">One</text><text x="5" y="60" font-weight="bold">Two</text><text x="5" y="90" font-family="arial">Three</text></svg>"#;
    let (_, warnings) = render(&renderer, svg, 200);
    assert_eq!(warnings, ["Arial is not available: DejaVu Sans used"]);
}

#[test]
fn the_reproduction_from_the_report_has_text() {
    // `font-family="sans-serif"`, rendered by the CLI's renderer too.
    let svg = hello(r#"font-family="sans-serif""#);
    for renderer in [Renderer::new(), system_renderer()] {
        let (got, warnings) = render(&renderer, &svg, 200);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert!(text_pixels(&got) > 300, "no text drawn");
    }
}

#[cfg(feature = "system-fonts")]
fn system_renderer() -> Renderer {
    Renderer::with_system_fonts()
}

#[cfg(not(feature = "system-fonts"))]
fn system_renderer() -> Renderer {
    Renderer::new()
}

#[test]
fn text_that_would_draw_nothing_is_an_error_naming_it() {
    let renderer = Renderer::new();
    // A textPath whose path does not exist: usvg lays out nothing.
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100">
<rect width="200" height="100"/>
<text id="recipient" font-size="20" fill="#fff"><textPath xlink:href="#nowhere">Ada Lovelace</textPath></text>
</svg>"##;
    let e = renderer.render_png(svg, 200).expect_err("nothing drawn");
    assert_eq!(e.code(), "text-not-drawn");
    assert!(e.message().contains("id \"recipient\""), "{e}");
    assert!(e.message().contains("line 3"), "{e}");
    assert!(e.message().contains("Ada Lovelace"), "{e}");

    // Without an id, the line and the first characters name it.
    let svg = svg.replace(r#" id="recipient""#, "");
    let e = renderer.render_png(&svg, 200).expect_err("nothing drawn");
    assert_eq!(e.code(), "text-not-drawn");
    assert!(e.message().contains("<text> at line 3"), "{e}");
    assert!(e.message().contains("\"Ada Lovelace\""), "{e}");
}

#[test]
fn text_meant_to_be_invisible_is_not_an_error() {
    let renderer = Renderer::new();
    for hidden in [
        r#"<text display="none">Hidden</text>"#,
        r#"<text style="visibility:hidden">Hidden</text>"#,
        r#"<g opacity="0"><text>Hidden</text></g>"#,
        r#"<text font-size="0">Hidden</text>"#,
        r#"<defs><text id="t">Hidden</text></defs>"#,
        r#"<style>.off { display: none }</style><text class="big off">Hidden</text>"#,
        r#"<text>  </text>"#,
    ] {
        let svg = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">{hidden}<text x="5" y="30">Shown</text></svg>"#
        );
        let rendered = renderer
            .render_png(&svg, 100)
            .unwrap_or_else(|e| panic!("{hidden}: {e}"));
        assert!(
            rendered.warnings.is_empty(),
            "{hidden}: {:?}",
            rendered.warnings
        );
    }
}

fn test_font() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fonts")
        .join("KilnTestMono.ttf");
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_font_file_added_to_the_renderer_is_found_by_its_family() {
    let svg = hello(r#"font-family="'kiln test mono', sans-serif""#);
    let plain = Renderer::new();
    assert!(!plain.font_families().iter().any(|f| f == "Kiln Test Mono"));
    let (fallback, warnings) = render(&plain, &svg, 200);
    assert_eq!(
        warnings,
        ["kiln test mono is not available: DejaVu Sans used"]
    );

    let renderer = Renderer::new().with_font(test_font()).expect("loads");
    assert!(
        renderer
            .font_families()
            .iter()
            .any(|f| f == "Kiln Test Mono")
    );
    let (got, warnings) = render(&renderer, &svg, 200);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert!(text_pixels(&got) > 300, "text drawn");
    assert!(differing(&got, &fallback) > 100, "drawn in the added font");
    // Characters the added font lacks come from the embedded ones.
    let (_, warnings) = render(
        &renderer,
        &hello(r#"font-family="Kiln Test Mono""#).replace("Hello", "Zoë"),
        200,
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn a_file_that_is_not_a_font_is_an_error() {
    let font = test_font();
    for (what, data) in [
        ("text", b"not a font at all".to_vec()),
        ("empty", Vec::new()),
        ("truncated", font.get(..64).expect("64 bytes").to_vec()),
    ] {
        let e = Renderer::new().with_font(data).expect_err(what);
        assert_eq!(e.code(), "font-unreadable", "{what}");
    }
}
