//! `kiln render` end to end: every shipped template to a PNG of the
//! requested size, and one-line errors with exit status 2 on bad input.

// Test code: a failed expectation is a failed test.
#![allow(clippy::expect_used)]

mod common;
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
