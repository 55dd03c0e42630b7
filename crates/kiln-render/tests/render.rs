//! Whole-crate tests: every shipped template filled and rendered, compared
//! with the reference PNGs in `tests/reference/` (see its README).
//!
//! Regenerate the references with `KILN_MAKE_REF=1 cargo test -p kiln-render
//! --test all render::`, then look at every changed image before committing it.

// Test code: a failed expectation is a failed test.
#![allow(clippy::expect_used)]

use kiln_render::{Compression, Renderer, Template, Values, templates};

use crate::common;
use common::{assert_close, decode, reference_dir};

/// (case, recipient, achievement, issuer)
const CASES: &[(&str, &str, &str, &str)] = &[
    ("short", "Ada Lovelace", "Rust Fundamentals", "Kiln Academy"),
    (
        "long",
        "María Guadalupe Fernández de la Concepción Łukasiewicz-Ñúñez",
        "Advanced Distributed Systems Engineering and Site Reliability Operations",
        "Université Côte d’Azur — Faculté des Sciences et Ingénierie",
    ),
    (
        "greek",
        "Αικατερίνη Παπαδοπούλου",
        "Ασφάλεια Δικτύων",
        "Εθνικό Μετσόβιο Πολυτεχνείο",
    ),
    (
        "cyrillic",
        "Ёлена Жукова-Щербакова",
        "Основы криптографии",
        "Московский университет",
    ),
    (
        "xml",
        "O'Brien & <Sons> \"Ltd\"",
        "R&D <Lead> 'Q&A' & More",
        "AT&T <Labs>",
    ),
];

/// Which cases each template is checked with (every template with `short`
/// and `long`; the scripts and XML characters spread over the three).
fn cases_for(stem: &str) -> &'static [&'static str] {
    match stem {
        "hexagon" => &["short", "long", "greek", "xml"],
        "seal" => &["short", "long", "cyrillic"],
        _ => &["short", "long", "xml", "cyrillic"],
    }
}

fn values(recipient: &str, achievement: &str, issuer: &str) -> Values {
    let mut v = Values::new();
    v.insert("recipient.name".into(), recipient.into());
    v.insert("achievement.name".into(), achievement.into());
    v.insert("issuer.name".into(), issuer.into());
    v.insert("date".into(), "28 November 2026".into());
    v
}

#[test]
fn templates_match_their_reference_renders() {
    let renderer = Renderer::new().with_compression(Compression::Small);
    let make = std::env::var_os("KILN_MAKE_REF").is_some();
    let mut checked = 0;
    for (stem, svg) in templates::ALL {
        let template = Template::parse(svg).expect("shipped template parses");
        for case in cases_for(stem) {
            let (_, recipient, achievement, issuer) =
                CASES.iter().find(|c| c.0 == *case).expect("case exists");
            let filled = template
                .fill(&values(recipient, achievement, issuer))
                .expect("fills");
            let rendered = renderer.render_png(&filled, 512).expect("renders");
            assert!(
                rendered.warnings.is_empty(),
                "{stem}-{case}: {:?}",
                rendered.warnings
            );
            let name = format!("{stem}-{case}.png");
            let path = reference_dir().join(&name);
            if make {
                std::fs::write(&path, &rendered.png).expect("write reference");
                continue;
            }
            let want = std::fs::read(&path).unwrap_or_else(|e| {
                panic!("{}: {e}; generate it with KILN_MAKE_REF=1", path.display())
            });
            let got = decode(&rendered.png);
            assert_eq!((got.width, got.height), (512, 512), "{name}");
            assert_close(&name, &got, &decode(&want));
            checked += 1;
        }
    }
    assert!(make || checked == 11, "checked {checked} references");
}

#[test]
fn every_template_uses_the_four_core_placeholders() {
    for (stem, svg) in templates::ALL {
        let template = Template::parse(svg).expect("parses");
        let mut names = template.placeholders().to_vec();
        names.sort();
        assert_eq!(
            names,
            ["achievement.name", "date", "issuer.name", "recipient.name"],
            "{stem}"
        );
    }
}

#[test]
fn width_scales_the_png() {
    let renderer = Renderer::new();
    let template = Template::parse(templates::SEAL).expect("parses");
    let svg = template
        .fill(&values("Ada", "Rust", "Kiln"))
        .expect("fills");
    for width in [64, 300, 1024] {
        let png = renderer.render_png(&svg, width).expect("renders").png;
        let d = decode(&png);
        assert_eq!((d.width, d.height), (width, width));
    }
    // A 2:1 design keeps its aspect ratio.
    let wide = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100"><rect width="200" height="100" fill="red"/></svg>"#;
    let d = decode(&renderer.render_png(wide, 300).expect("renders").png);
    assert_eq!((d.width, d.height), (300, 150));
    assert_eq!(&d.rgba[..4], &[255, 0, 0, 255]);
}

#[test]
fn output_is_deterministic() {
    let template = Template::parse(templates::HEXAGON).expect("parses");
    let svg = template
        .fill(&values("Zoë Ἀθηνᾶ Жукова", "R&D <Lead>", "Kiln"))
        .expect("fills");
    let a = Renderer::new().render_png(&svg, 512).expect("renders");
    let b = Renderer::new().render_png(&svg, 512).expect("renders");
    let renderer = Renderer::new();
    let c = renderer
        .render_template(
            &template,
            &values("Zoë Ἀθηνᾶ Жукова", "R&D <Lead>", "Kiln"),
            512,
        )
        .expect("renders");
    let d = renderer.render_png(&svg, 512).expect("renders");
    assert_eq!(a, b);
    assert_eq!(a, c);
    assert_eq!(c, d);
    let small = Renderer::new().with_compression(Compression::Small);
    assert_eq!(
        small.render_png(&svg, 512).expect("renders").png,
        small.render_png(&svg, 512).expect("renders").png
    );
}

#[test]
fn missing_glyphs_are_named_in_a_warning() {
    let template = Template::parse(templates::RIBBON).expect("parses");
    let svg = template
        .fill(&values("김한글 Kim", "Rust", "Kiln"))
        .expect("fills");
    let rendered = Renderer::new().render_png(&svg, 256).expect("renders");
    assert_eq!(
        rendered.warnings,
        ["no font has the glyphs for: 김, 한, 글 (add a font that has them: --font FILE)"]
    );
    // A text made only of missing characters is still reported, and drawn
    // as boxes rather than left blank.
    let hexagon = Template::parse(templates::HEXAGON).expect("parses");
    let renderer = Renderer::new();
    let render = |name: &str| {
        let svg = hexagon.fill(&values(name, "Rust", "Kiln")).expect("fills");
        renderer.render_png(&svg, 256).expect("renders")
    };
    let korean = render("김한글");
    assert_eq!(
        korean.warnings,
        ["no font has the glyphs for: 김, 한, 글 (add a font that has them: --font FILE)"]
    );
    assert_ne!(decode(&korean.png).rgba, decode(&render("").png).rgba);
    // Everything the embedded fonts cover renders without a warning.
    let svg = template
        .fill(&values(
            "Đặng Thị Ngọc Hân",
            "Ǆemal Ǉubović",
            "Ἡρόδοτος Ѓорѓи",
        ))
        .expect("fills");
    let rendered = Renderer::new().render_png(&svg, 256).expect("renders");
    assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
}

#[test]
fn names_change_the_pixels() {
    // The name is really drawn: two names give two images, and a name differs
    // from an empty one.
    let renderer = Renderer::new();
    let template = Template::parse(templates::HEXAGON).expect("parses");
    let render = |name: &str| {
        decode(
            &renderer
                .render_png(
                    &template.fill(&values(name, "Rust", "Kiln")).expect("fills"),
                    256,
                )
                .expect("renders")
                .png,
        )
        .rgba
    };
    let (a, b, empty) = (render("Αθηνά"), render("Жанна"), render(""));
    assert_ne!(a, b);
    assert_ne!(a, empty);
}

#[test]
fn bad_svg_and_bad_width_are_errors() {
    let renderer = Renderer::new();
    let e = renderer.render_png("<svg", 512).unwrap_err();
    assert_eq!(e.code(), "svg-parse");
    let ok = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>"#;
    assert_eq!(
        renderer.render_png(ok, 0).unwrap_err().code(),
        "render-width"
    );
    assert_eq!(
        renderer.render_png(ok, 100_000).unwrap_err().code(),
        "render-width"
    );
}

#[test]
fn external_images_are_not_read() {
    // usvg would read this file by default; the renderer must not.
    let dir = std::env::temp_dir().join(format!("kiln-render-ext-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let red = dir.join("red.svg");
    std::fs::write(
        &red,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10" fill="red"/></svg>"#,
    )
    .expect("write");
    let svg = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><image width="10" height="10" xlink:href="{}"/></svg>"#,
        red.display()
    );
    let d = decode(&Renderer::new().render_png(&svg, 10).expect("renders").png);
    assert!(
        d.rgba.chunks_exact(4).all(|p| p[3] == 0),
        "the external image was drawn"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
