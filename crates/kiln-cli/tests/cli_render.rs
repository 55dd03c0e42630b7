//! `kiln render` end to end: every shipped template to a PNG of the
//! requested size, and one-line errors with exit status 2 on bad input.

// Test code: a failed expectation is a failed test.
#![allow(clippy::expect_used)]

use crate::common;
use common::{kiln, scratch};
use std::path::{Path, PathBuf};

fn templates_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kiln-render/templates")
}

fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("read PNG");
    let decoder = png::Decoder::new(bytes.as_slice());
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    (info.width, info.height)
}

const SETS: &[&str] = &[
    "--set",
    "recipient.name=Zoë O'Brien & <Ἀθηνᾶ> Жукова",
    "--set",
    "achievement.name=Rust Fundamentals",
    "--set",
    "issuer.name=Kiln Academy",
    "--set",
    "date=2026-11-28",
];

#[test]
fn every_shipped_template_renders_at_the_requested_width() {
    let dir = scratch("ok");
    for stem in ["hexagon", "seal", "ribbon"] {
        let template = templates_dir().join(format!("{stem}.svg"));
        for (width, expected) in [(None, 512), (Some("300"), 300)] {
            let out = dir.join(format!("{stem}-{expected}.png"));
            let mut args = vec!["render", template.to_str().expect("utf-8 path")];
            args.extend_from_slice(SETS);
            args.extend(["-o", out.to_str().expect("utf-8 path")]);
            if let Some(w) = width {
                args.extend(["--width", w]);
            }
            let output = kiln(&args);
            assert!(
                output.status.success(),
                "{stem}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert!(
                output.stderr.is_empty(),
                "{}",
                String::from_utf8_lossy(&output.stderr)
            );
            assert_eq!(png_size(&out), (expected, expected), "{stem}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs a render expected to fail; returns its single stderr line.
fn failing(args: &[&str]) -> String {
    let output = kiln(args);
    assert_eq!(output.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_owned()
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let dir = scratch("bad");
    let out = dir.join("out.png");
    let out = out.to_str().expect("utf-8 path");

    let unknown = dir.join("unknown.svg");
    std::fs::write(
        &unknown,
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{{recipient.nmae}}</text></svg>",
    )
    .expect("write");
    let unknown = unknown.to_str().expect("utf-8 path");
    let line = failing(&["render", unknown, "-o", out]);
    assert!(line.starts_with(&format!("kiln: {unknown}: ")), "{line}");
    assert!(line.contains("{{recipient.nmae}}"), "{line}");

    let template = templates_dir().join("seal.svg");
    let template = template.to_str().expect("utf-8 path");
    let line = failing(&["render", template, "--set", "recipient.name=Ada", "-o", out]);
    assert!(
        line.starts_with(&format!(
            "kiln: {template}: no value for the placeholder {{{{"
        )),
        "{line}"
    );

    let line = failing(&["render", template, "--set", "recipient.name", "-o", out]);
    assert!(line.starts_with("kiln: --set: "), "{line}");

    let missing = dir.join("missing.svg");
    let missing = missing.to_str().expect("utf-8 path");
    let line = failing(&["render", missing, "-o", out]);
    assert_eq!(line, format!("kiln: {missing}: no such file"));

    let broken = dir.join("broken.svg");
    std::fs::write(&broken, "<svg><text>").expect("write");
    let broken = broken.to_str().expect("utf-8 path");
    let line = failing(&["render", broken, "-o", out]);
    assert!(line.contains("not well-formed XML"), "{line}");

    assert!(!Path::new(out).exists(), "no PNG is written on failure");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn missing_glyphs_warn_on_stderr() {
    let dir = scratch("warn");
    let out = dir.join("out.png");
    let template = templates_dir().join("ribbon.svg");
    // U+E000 is in the Private Use Area: no ordinary font has it.
    let output = kiln(&[
        "render",
        template.to_str().expect("utf-8 path"),
        "--set",
        "recipient.name=Ada \u{E000}",
        "--set",
        "achievement.name=Rust",
        "--set",
        "issuer.name=Kiln",
        "--set",
        "date=2026",
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
    assert!(stderr.starts_with("kiln: warning: "), "{stderr}");
    assert!(
        stderr.contains("no font has the glyphs for: \u{E000}"),
        "{stderr}"
    );
    assert_eq!(png_size(&out), (512, 512));
    let _ = std::fs::remove_dir_all(&dir);
}

/// The white pixels of a PNG: text drawn in white over a dark card.
fn white_pixels(path: &Path) -> usize {
    let bytes = std::fs::read(path).expect("read PNG");
    let decoder = png::Decoder::new(bytes.as_slice());
    let mut reader = decoder.read_info().expect("PNG header");
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Rgba);
    buf.truncate(info.buffer_size());
    buf.chunks_exact(4)
        .filter(|p| p[0] > 200 && p[1] > 200 && p[2] > 200)
        .count()
}

/// A black card with one white line of text in the given font attributes.
fn card(font: &str, text: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100"/><text x="10" y="60" font-size="40" fill="#fff" {font}>{text}</text></svg>"##
    )
}

#[test]
fn text_in_a_family_kiln_lacks_is_drawn_and_the_family_named() {
    let dir = scratch("fallback");
    for (font, warning) in [
        (r#"font-family="sans-serif""#, None),
        (r#"font-family="serif""#, None),
        (
            r#"font-family="Arial""#,
            Some("Arial is not available: DejaVu Sans used"),
        ),
        (
            r#"style="font-family:'Helvetica Neue', Helvetica, sans-serif""#,
            Some("Helvetica Neue is not available: DejaVu Sans used"),
        ),
    ] {
        let svg = dir.join("h.svg");
        std::fs::write(&svg, card(font, "Hello")).expect("write");
        let out = dir.join("h.png");
        let _ = std::fs::remove_file(&out);
        let output = kiln(&[
            "render",
            svg.to_str().expect("utf-8 path"),
            "-o",
            out.to_str().expect("utf-8 path"),
            "--width",
            "200",
        ]);
        let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
        assert!(output.status.success(), "{font}: {stderr}");
        assert!(white_pixels(&out) > 300, "{font}: no text in the PNG");
        match warning {
            None => assert!(stderr.is_empty(), "{font}: {stderr}"),
            Some(w) => {
                let line = format!("kiln: warning: {}: {w}", svg.display());
                assert!(stderr.lines().any(|l| l == line), "{font}: {stderr}");
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn text_that_would_draw_nothing_fails_naming_the_element() {
    let dir = scratch("not-drawn");
    let svg = dir.join("t.svg");
    std::fs::write(
        &svg,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" width=\"200\" height=\"100\">\n<text id=\"name\"><textPath xlink:href=\"#missing\">{{recipient.name}}</textPath></text>\n</svg>",
    )
    .expect("write");
    let out = dir.join("t.png");
    let svg = svg.to_str().expect("utf-8 path");
    let line = failing(&[
        "render",
        svg,
        "--set",
        "recipient.name=Ada",
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    assert!(line.starts_with(&format!("kiln: {svg}: ")), "{line}");
    assert!(line.contains("id \"name\" at line 2"), "{line}");
    assert!(!out.exists());
    let _ = std::fs::remove_dir_all(&dir);
}

/// An Inkscape-style template: a layer with a transform, text styled with
/// `font-family:Arial` in `style`, the name in a `<tspan>`.
const INKSCAPE_ARIAL: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<svg width="400" height="200" viewBox="0 0 105.83333 52.916667" version="1.1" id="svg5"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg">
  <sodipodi:namedview id="namedview7" pagecolor="#ffffff" inkscape:document-units="mm" />
  <defs id="defs2" />
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1" transform="translate(-10,-20)">
    <rect style="fill:#000000;stroke:none" id="rect1" width="105.83333" height="52.916667" x="10" y="20" />
    <text xml:space="preserve" style="font-size:11.2889px;line-height:1.25;font-family:Arial;-inkscape-font-specification:Arial;text-anchor:middle;fill:#ffffff;stroke:none" x="62.916668" y="50.5" id="text1"><tspan sodipodi:role="line" id="tspan1" style="font-weight:bold;-inkscape-font-specification:'Arial Bold'" x="62.916668" y="50.5">{{recipient.name}}</tspan></text>
  </g>
</svg>
"##;

/// Runs `kiln issue` for three recipients with `template`; returns its
/// stderr and the badge PNGs, sorted.
fn issue_three(tag: &str, template: &str, extra: &[&str]) -> (String, Vec<PathBuf>, PathBuf) {
    let dir = scratch(tag);
    let path = |name: &str| dir.join(name).to_str().expect("utf-8 path").to_owned();
    assert!(kiln(&["keygen", "-o", &path("key.json")]).status.success());
    std::fs::write(
        dir.join("achievement.json"),
        r#"{"id": "https://example.edu/a/1", "type": ["Achievement"], "name": "Robotics",
            "criteria": {"narrative": "Pass."}}"#,
    )
    .expect("write");
    std::fs::write(dir.join("t.svg"), template).expect("write");
    std::fs::write(
        dir.join("r.csv"),
        "name\nAda Lovelace\nGrace Hopper\nÉmilie du Châtelet\n",
    )
    .expect("write");
    let mut args = vec![
        "issue".to_owned(),
        "--template".to_owned(),
        path("t.svg"),
        "--key".to_owned(),
        path("key.json"),
        "--achievement".to_owned(),
        path("achievement.json"),
        "--recipients".to_owned(),
        path("r.csv"),
        "--out".to_owned(),
        path("out"),
        "--issuer-name".to_owned(),
        "Kiln Academy".to_owned(),
        "--width".to_owned(),
        "400".to_owned(),
    ];
    args.extend(extra.iter().map(|a| (*a).to_owned()));
    let output = kiln(&args);
    let stderr = String::from_utf8(output.stderr).expect("utf-8 stderr");
    assert!(output.status.success(), "{stderr}");
    let mut badges: Vec<PathBuf> = std::fs::read_dir(dir.join("out"))
        .expect("out dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "png"))
        .collect();
    badges.sort();
    assert_eq!(badges.len(), 3, "{badges:?}");
    (stderr, badges, dir)
}

#[test]
fn issue_with_an_inkscape_template_in_arial_draws_every_name() {
    let (stderr, badges, dir) = issue_three("issue-arial", INKSCAPE_ARIAL, &[]);
    // The replaced family is named once, against the template.
    let warning = format!(
        "kiln: warning: {}: Arial is not available: DejaVu Sans used",
        dir.join("t.svg").display()
    );
    assert_eq!(
        stderr
            .lines()
            .filter(|l| l.contains("Arial"))
            .collect::<Vec<_>>(),
        [warning.as_str()],
        "{stderr}"
    );
    let counts: Vec<usize> = badges.iter().map(|b| white_pixels(b)).collect();
    for (badge, count) in badges.iter().zip(&counts) {
        assert!(*count > 500, "{}: the name is not drawn", badge.display());
    }
    // Different names, different pixels.
    assert_ne!(counts[0], counts[1]);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The test font of kiln-render: DejaVu Sans Mono cut to ASCII and renamed
/// Kiln Test Mono, a family no installed font has.
fn test_font() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../kiln-render/tests/fonts/KilnTestMono.ttf")
}

#[test]
fn font_files_give_templates_their_families() {
    let dir = scratch("font");
    let svg = dir.join("mono.svg");
    std::fs::write(&svg, card(r#"font-family="Kiln Test Mono""#, "Hello")).expect("write");
    let svg = svg.to_str().expect("utf-8 path");
    let font = test_font();
    let font = font.to_str().expect("utf-8 path");
    let render = |out: &str, extra: &[&str]| {
        let out = dir.join(out);
        let mut args = vec![
            "render",
            svg,
            "-o",
            out.to_str().expect("utf-8 path"),
            "--width",
            "200",
        ];
        args.extend_from_slice(extra);
        let output = kiln(&args);
        assert!(output.status.success());
        (
            String::from_utf8(output.stderr).expect("utf-8 stderr"),
            std::fs::read(&out).expect("PNG"),
        )
    };
    let (stderr, without) = render("without.png", &[]);
    assert!(
        stderr.contains("Kiln Test Mono is not available: DejaVu Sans used"),
        "{stderr}"
    );
    let (stderr, with) = render("with.png", &["--font", font]);
    assert!(stderr.is_empty(), "{stderr}");
    assert!(white_pixels(&dir.join("with.png")) > 300);
    assert_ne!(with, without, "the font file draws the text");

    // Not a font: one line, exit 2, naming the file.
    let line = failing(&["render", svg, "-o", "/dev/null", "--font", svg]);
    assert!(line.starts_with(&format!("kiln: {svg}: ")), "{line}");
    assert!(line.contains("no TrueType or OpenType font"), "{line}");

    // kiln issue takes the same option.
    let template = INKSCAPE_ARIAL.replace("font-family:Arial", "font-family:'Kiln Test Mono'");
    let (stderr, badges, issued) = issue_three("issue-font", &template, &["--font", font]);
    assert!(!stderr.contains("not available"), "{stderr}");
    for badge in &badges {
        assert!(
            white_pixels(badge) > 500,
            "{}: the name is not drawn",
            badge.display()
        );
    }
    let _ = std::fs::remove_dir_all(&issued);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_japanese_name_warns_naming_font_option_and_draws_with_a_font() {
    let dir = scratch("japanese");
    let template = templates_dir().join("hexagon.svg");
    let template = template.to_str().expect("utf-8 path");
    let font = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../kiln-render/tests/fonts/KilnTestJapanese.otf");
    let render = |out: &str, extra: &[&str]| {
        let out = dir.join(out);
        let mut args = vec![
            "render",
            template,
            "--set",
            "recipient.name=佐藤さくら",
            "--set",
            "achievement.name=Rust",
            "--set",
            "issuer.name=Kiln",
            "--set",
            "date=2026",
            "-o",
            out.to_str().expect("utf-8 path"),
        ];
        args.extend_from_slice(extra);
        let output = kiln(&args);
        assert!(output.status.success());
        (
            String::from_utf8(output.stderr).expect("utf-8 stderr"),
            std::fs::read(&out).expect("PNG"),
        )
    };
    // The embedded fonts have no Japanese, nor do the fonts this project's
    // machines install (DejaVu, Liberation).
    let (stderr, without) = render("without.png", &[]);
    assert!(
        stderr.contains(
            "no font has the glyphs for: 佐, 藤, さ, く, ら (add a font that has them: --font FILE)"
        ),
        "{stderr}"
    );
    let (stderr, with) = render("with.png", &["--font", font.to_str().expect("utf-8 path")]);
    assert!(stderr.is_empty(), "{stderr}");
    assert_ne!(with, without, "the font draws the name");
    let _ = std::fs::remove_dir_all(&dir);
}

/// "Billion laughs" built from readable parts: ten entities, each ten of the
/// one before (10^9 copies of "ha" if expanded).
fn entity_bomb() -> String {
    let mut decls = String::from("  <!ENTITY lol0 \"ha\">\n");
    for i in 1..10 {
        let refs = format!("&lol{};", i - 1).repeat(10);
        decls.push_str(&format!("  <!ENTITY lol{i} \"{refs}\">\n"));
    }
    format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n{decls}]>\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 100 100\"><text x=\"10\" y=\"50\">&lol9;</text></svg>\n"
    )
}

#[test]
fn an_entity_bomb_template_is_refused_quickly_with_exit_2() {
    let dir = scratch("bomb");
    let template = dir.join("bomb.svg");
    std::fs::write(&template, entity_bomb()).expect("write template");
    let out = dir.join("bomb.png");
    let started = std::time::Instant::now();
    let line = failing(&[
        "render",
        template.to_str().expect("utf-8 path"),
        "-o",
        out.to_str().expect("utf-8 path"),
    ]);
    let took = started.elapsed();
    // Process start-up included; an expanded bomb takes minutes or memory.
    assert!(took < std::time::Duration::from_secs(5), "took {took:?}");
    assert!(line.contains("bomb.svg"), "{line}");
    assert!(line.contains("internal subset"), "{line}");
    assert!(!out.exists(), "no PNG is written");
}
