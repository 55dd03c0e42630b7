//! Batch renders draw a template's fixed artwork once and each row over a
//! copy of it: the PNG must be the very bytes of a whole render, on every
//! shipped template and on the design-tool exports, for rows of every kind.

// Test code: a failed expectation is a failed test.
#![allow(clippy::expect_used, clippy::panic)]

use kiln_render::{Compression, Renderer, Template, Values, templates};

use crate::common::{exported, font};

/// Recipients: short, long (shrunk and wrapped), right to left, with
/// characters no font has, and one with markup characters.
const NAMES: &[&str] = &[
    "Ada Lovelace",
    "Maximiliana Theodora Konstantinopoulou-Wolfeschlegelsteinhausen",
    "דוד כהן",
    "محمد عبد الله",
    "Zoë Ἀθηνᾶ Жукова 佐藤",
    "<Tom & \"Jerry\">",
    "X",
];

fn values(name: &str, n: usize) -> Values {
    let mut v = Values::new();
    v.insert("recipient.name".into(), name.into());
    v.insert("recipient.email".into(), format!("r{n}@example.org"));
    v.insert(
        "achievement.name".into(),
        [
            "Rust Fundamentals",
            "A",
            "Advanced Distributed Systems Engineering Practice",
        ][n % 3]
            .into(),
    );
    v.insert("achievement.description".into(), "Did the work.".into());
    v.insert("issuer.name".into(), "KILN ACADEMY".into());
    v.insert("date".into(), format!("{} November 2026", n + 1));
    v
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Every row of `template` through a batch and through a whole render:
/// the same PNG bytes (or the same error). Returns whether the batch drew
/// the fixed artwork once.
fn same_as_whole(what: &str, renderer: &Renderer, svg: &str, width: u32) -> bool {
    let template = Template::parse(svg).unwrap_or_else(|e| panic!("{what}: {e}"));
    let batch = renderer.batch(&template, width).expect("batch");
    for (n, name) in NAMES.iter().enumerate() {
        let values = values(name, n);
        let whole = renderer.render_template(&template, &values, width);
        let cached = batch.render(&values);
        match (whole, cached) {
            (Ok(whole), Ok(cached)) => {
                assert!(
                    whole.png == cached.png,
                    "{what}, {name:?} at {width} px: the batch render differs from the whole render"
                );
                assert_eq!(
                    sorted(whole.warnings),
                    sorted(cached.warnings),
                    "{what}, {name:?}: warnings"
                );
            }
            (Err(whole), Err(cached)) => {
                assert_eq!(whole.to_string(), cached.to_string(), "{what}, {name:?}")
            }
            (whole, cached) => panic!(
                "{what}, {name:?}: whole render {:?}, batch {:?}",
                whole.map(|_| "ok"),
                cached.map(|_| "ok")
            ),
        }
    }
    batch.reuses_artwork()
}

#[test]
fn shipped_templates_draw_the_same_bytes_and_reuse_their_artwork() {
    let plain = Renderer::new();
    let with_fonts = Renderer::new()
        .with_font(font("KilnTestArabic.ttf"))
        .and_then(|r| r.with_font(font("KilnTestHebrew.ttf")))
        .expect("fonts");
    let small = Renderer::new().with_compression(Compression::Small);
    for (stem, svg) in templates::ALL {
        for (renderer, width) in [
            (&plain, 512),
            (&with_fonts, 512),
            (&plain, 300),
            (&small, 256),
        ] {
            assert!(
                same_as_whole(stem, renderer, svg, width),
                "{stem}: its fixed artwork is not drawn once"
            );
        }
    }
}

#[test]
fn design_tool_exports_draw_the_same_bytes() {
    let renderer = Renderer::new();
    for stem in ["inkscape", "figma", "illustrator", "canva"] {
        same_as_whole(stem, &renderer, &exported(stem), 400);
    }
}

/// Templates written to exercise the head's edges: references across it,
/// styles, a group with effects after the head, a static template, and
/// roots that must be drawn whole.
#[test]
fn edge_templates_draw_the_same_bytes_and_fall_back_when_they_must() {
    let renderer = Renderer::new();
    let open = r##"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="120" viewBox="0 0 100 60""##;
    let cases: &[(&str, &str, bool)] = &[
        (
            "use of a head element after the head, a gradient in defs, opacity group",
            r##"><defs><linearGradient id="g"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="blue"/></linearGradient></defs><rect id="bg" width="100" height="60" fill="url(#g)"/><circle cx="20" cy="20" r="15" fill="#0f0" opacity="0.5"/><g opacity="0.7"><text x="50" y="40" font-size="12" text-anchor="middle">{{recipient.name}}</text></g><use xlink:href="#bg" transform="translate(80 40) scale(0.1)"/><rect x="0" y="50" width="100" height="10" fill="url(#g)" style="mix-blend-mode:multiply"/></svg>"##,
            true,
        ),
        (
            "class styles from a style element after the head",
            r##"><rect class="a" width="100" height="60"/><text class="t" x="10" y="30">{{recipient.name}}</text><style>.a{fill:#123456}.t{fill:#fff;font-size:9px}</style></svg>"##,
            true,
        ),
        (
            "a template without placeholders",
            r##"><rect width="100" height="60" fill="navy"/><text x="10" y="30" fill="white">Fixed</text></svg>"##,
            true,
        ),
        (
            "the head refers to a gradient after it",
            r##"><rect width="100" height="60" fill="url(#late)"/><text x="10" y="30">{{recipient.name}}</text><linearGradient id="late"><stop offset="0" stop-color="red"/><stop offset="1" stop-color="green"/></linearGradient></svg>"##,
            false,
        ),
        (
            "a root with opacity",
            r##" opacity="0.5"><rect width="100" height="60"/><text x="10" y="30" fill="red">{{recipient.name}}</text></svg>"##,
            false,
        ),
        (
            "the first drawn element varies",
            r##"><text x="10" y="30">{{recipient.name}}</text><rect width="10" height="6"/></svg>"##,
            false,
        ),
    ];
    for (what, rest, reuses) in cases {
        let svg = format!("{open}{rest}");
        assert_eq!(
            same_as_whole(what, &renderer, &svg, 200),
            *reuses,
            "{what}: whether the fixed artwork is drawn once"
        );
    }
}
