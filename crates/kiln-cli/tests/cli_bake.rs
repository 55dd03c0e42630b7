//! `kiln bake` and `kiln unbake` end to end: round trips, and bad input that
//! must exit 2 with exactly one line on stderr and leave the input untouched.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use crate::common;
use common::{kiln, scratch};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const KILN: &str = env!("CARGO_BIN_EXE_kiln");

fn fixture_path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/baking")
        .join(name)
}

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(fixture_path(name)).unwrap()
}

fn p(s: &str) -> &Path {
    Path::new(s)
}

fn crc(bytes: &[u8]) -> u32 {
    let mut c = 0xffff_ffffu32;
    for &b in bytes {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0xedb8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut out = (data.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut covered = kind.to_vec();
    covered.extend_from_slice(data);
    out.extend_from_slice(&crc(&covered).to_be_bytes());
    out
}

fn png_of(chunks: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for c in chunks {
        out.extend_from_slice(c);
    }
    out
}

fn ihdr() -> Vec<u8> {
    chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0])
}

fn idat() -> Vec<u8> {
    // zlib of one scanline: filter 0, one grey pixel 0.
    chunk(
        b"IDAT",
        &[0x78, 0x9c, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
    )
}

fn badge(keyword: &str, text: &str) -> Vec<u8> {
    let mut d = keyword.as_bytes().to_vec();
    d.extend_from_slice(&[0, 0, 0, 0, 0]);
    d.extend_from_slice(text.as_bytes());
    chunk(b"iTXt", &d)
}

fn assert_one_line_failure(out: &Output, file: &Path, what: &str) {
    let stderr = String::from_utf8(out.stderr.clone()).unwrap();
    assert_eq!(
        out.status.code(),
        Some(2),
        "{what}: exit status; stderr: {stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        1,
        "{what}: exactly one line: {stderr:?}"
    );
    assert!(stderr.ends_with('\n'));
    let prefix = format!("kiln: {}: ", file.display());
    assert!(
        stderr.starts_with(&prefix),
        "{what}: {stderr:?} should start with {prefix:?}"
    );
    assert!(
        stderr.len() > prefix.len() + 10,
        "{what}: says what is wrong: {stderr:?}"
    );
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(out.stdout.is_empty(), "{what}: nothing on stdout");
    if std::env::var_os("KILN_SHOW").is_some() {
        eprint!("{what}: {stderr}");
    }
}

#[test]
fn bake_then_unbake_round_trips() {
    let dir = scratch("roundtrip");
    let jws_file = dir.join("cred.jws");
    let jws = String::from_utf8(fixture("ob3-1edtech-simple-jwt_v1.svg")).unwrap();
    let at = jws.find("verify=\"").unwrap() + 8;
    let jws = jws[at..at + jws[at..].find('"').unwrap()].to_owned();
    std::fs::write(&jws_file, format!("{jws}\n")).unwrap();
    let json_file = fixture_path("ob3-1edtech-simple.json");
    let json = String::from_utf8(fixture("ob3-1edtech-simple.json"))
        .unwrap()
        .trim()
        .to_owned();
    for image in ["plain-1edtech-robotics-badge.png", "x-mozilla-unbaked.svg"] {
        for (cred, expected, kind) in [(&json_file, &json, "ob3-json"), (&jws_file, &jws, "vc-jwt")]
        {
            let out_path = dir.join(format!("out-{kind}-{image}"));
            let input = fixture_path(image);
            let before = std::fs::read(&input).unwrap();
            let out = kiln(&[
                p("bake"),
                p("--credential"),
                cred,
                &input,
                p("-o"),
                &out_path,
            ]);
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(out.stderr.is_empty() && out.stdout.is_empty());
            assert_eq!(std::fs::read(&input).unwrap(), before, "input unchanged");
            let out = kiln(&[p("unbake"), &out_path]);
            assert!(out.status.success());
            assert_eq!(
                &String::from_utf8(out.stdout).unwrap(),
                expected,
                "{image} {kind}"
            );
            let out = kiln(&[p("unbake"), p("--json"), &out_path]);
            let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
            assert_eq!(v, serde_json::json!({ "kind": kind, "payload": expected }));
            // Baking again over the output replaces the payload.
            let again = dir.join(format!("again-{kind}-{image}"));
            let other = if kind == "vc-jwt" {
                &json_file
            } else {
                &jws_file
            };
            assert!(
                kiln(&[
                    p("bake"),
                    p("--credential"),
                    other,
                    &out_path,
                    p("-o"),
                    &again
                ])
                .status
                .success()
            );
            let out = kiln(&[p("unbake"), &again]);
            assert_ne!(&String::from_utf8(out.stdout).unwrap(), expected);
        }
    }
    // OB 2.0 with --ob2.
    let out_path = dir.join("ob2.png");
    let cred = fixture_path("ob2-1edtech-simple.jwt");
    let out = kiln(&[
        p("bake"),
        p("--ob2"),
        p("--credential"),
        &cred,
        &fixture_path("plain-1edtech-robotics-badge.png"),
        p("-o"),
        &out_path,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = kiln(&[p("unbake"), p("--json"), &out_path]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kind"], "ob2-jws");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn real_badges_unbake() {
    for (name, kind) in [
        ("ob3-1edtech-simple-json.png", "ob3-json"),
        ("ob3-1edtech-simple-json.svg", "ob3-json"),
        ("ob3-1edtech-simple-jwt.png", "vc-jwt"),
        ("ob3-1edtech-simple-jwt.svg", "vc-jwt"),
        ("ob2-1edtech-simple-badge.png", "ob2-json"),
        ("ob2-mozilla-baked.svg", "ob2-json"),
        ("ob2-mozilla-no-json.svg", "hosted-url"),
    ] {
        let out = kiln(&[p("unbake"), p("--json"), &fixture_path(name)]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["kind"], kind, "{name}");
    }
}

#[test]
fn output_equal_to_input_is_refused() {
    let dir = scratch("same");
    let image = dir.join("badge.png");
    std::fs::write(&image, fixture("plain-1edtech-robotics-badge.png")).unwrap();
    let before = std::fs::read(&image).unwrap();
    let cred = fixture_path("ob3-1edtech-simple.json");
    let same = dir.join(".").join("badge.png");
    let out = kiln(&[p("bake"), p("--credential"), &cred, &image, p("-o"), &same]);
    assert_one_line_failure(&out, &same, "-o equal to the input");
    #[cfg(unix)]
    {
        let link = dir.join("link.png");
        std::os::unix::fs::symlink(&image, &link).unwrap();
        let out = kiln(&[p("bake"), p("--credential"), &cred, &image, p("-o"), &link]);
        assert_one_line_failure(&out, &link, "-o a symlink to the input");
    }
    assert_eq!(std::fs::read(&image).unwrap(), before);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2() {
    let out = Command::new(KILN).args(["bake"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new(KILN)
        .args(["unbake", "a.png", "--frobnicate"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// Each kind of bad input: exit 2, one line naming the file, input untouched, no output written.
#[test]
fn bad_inputs_exit_2_with_one_line() {
    let dir = scratch("bad");
    let json = String::from_utf8(fixture("ob3-1edtech-simple.json")).unwrap();
    let plain = fixture("plain-1edtech-robotics-badge.png");
    let baked_png = fixture("ob3-1edtech-simple-jwt.png");
    let mut random = Vec::new();
    let mut x: u32 = 0x1234_5678;
    for _ in 0..4096 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push(x as u8);
    }
    let mut bad_crc = baked_png.clone();
    let n = bad_crc.len();
    bad_crc[n - 20] ^= 0x01; // inside the badge chunk's text
    let mut huge_length = png_of(&[
        ihdr(),
        chunk(b"tEXt", b"Comment\0x"),
        idat(),
        chunk(b"IEND", b""),
    ]);
    huge_length[33..37].copy_from_slice(&0xffff_fff0u32.to_be_bytes());
    let dup = png_of(&[
        ihdr(),
        badge("openbadgecredential", "https://a.example/1"),
        idat(),
        badge("openbadges", "https://a.example/2"),
        chunk(b"IEND", b""),
    ]);
    let no_iend = png_of(&[ihdr(), idat(), badge("openbadges", "https://a.example/1")]);
    // A compressed iTXt whose text inflates far beyond the payload limit (zlib stored blocks would
    // be too big to commit; this is 8 MiB of zeros deflated, built by a fixed-Huffman run).
    let bomb = {
        let zeros = vec![b' '; 8 * 1024 * 1024];
        let z = miniz_oxide::deflate::compress_to_vec_zlib(&zeros, 9);
        let mut d = b"openbadges\0\x01\x00\0\0".to_vec();
        d.extend_from_slice(&z);
        png_of(&[ihdr(), chunk(b"iTXt", &d), idat(), chunk(b"IEND", b"")])
    };
    let lol = {
        let mut s =
            String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n <!ENTITY lol \"lol\">\n");
        for i in 1..10 {
            s.push_str(&format!(
                " <!ENTITY lol{i} \"{}\">\n",
                format!(
                    "&lol{};",
                    if i == 1 {
                        String::new()
                    } else {
                        (i - 1).to_string()
                    }
                )
                .repeat(10)
            ));
        }
        s.push_str("]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&lol9;</text></svg>\n");
        s.into_bytes()
    };
    let xxe = b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>&xxe;</text></svg>\n".to_vec();
    let el = "<openbadges:credential>https://a.example/1</openbadges:credential>";
    let two_elements = format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">{el}<g/>{el}</svg>").into_bytes();
    let many_nodes = format!("<svg>{}</svg>", "<g/>".repeat(250_000)).into_bytes();
    let big_payload = {
        let filler = "x".repeat(5 * 1024 * 1024);
        format!("<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential><![CDATA[{{\"type\":[\"VerifiableCredential\"],\"f\":\"{filler}\"}}]]></openbadges:credential></svg>").into_bytes()
    };

    let images: Vec<(&str, Vec<u8>)> = vec![
        ("empty.png", Vec::new()),
        ("random.png", random),
        ("truncated.png", baked_png[..baked_png.len() / 2].to_vec()),
        ("bad-crc.png", bad_crc),
        ("huge-length.png", huge_length),
        ("duplicate-badges.png", dup),
        ("no-iend.png", no_iend),
        ("inflate-bomb.png", bomb),
        ("unbaked.png", fixture("x-mozilla-unbaked.png")),
        (
            "note.svg",
            b"<?xml version=\"1.0\"?>\n<note><to>x</to></note>\n".to_vec(),
        ),
        (
            "page.svg",
            b"<!DOCTYPE html>\n<html><body><svg></svg></body></html>\n".to_vec(),
        ),
        ("lol.svg", lol),
        ("xxe.svg", xxe),
        ("two-elements.svg", two_elements),
        (
            "broken.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>".to_vec(),
        ),
        ("many-nodes.svg", many_nodes),
        ("big-payload.svg", big_payload),
        ("bad-json.svg", fixture("x-ob2-mozilla-bad-json.svg")),
        ("unbaked.svg", fixture("x-mozilla-unbaked.svg")),
    ];
    assert!(images.len() >= 12);
    let cred = dir.join("cred.json");
    std::fs::write(&cred, &json).unwrap();
    for (name, bytes) in &images {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let out = kiln(&[p("unbake"), &path]);
        assert_one_line_failure(&out, &path, &format!("unbake {name}"));
        assert_eq!(&std::fs::read(&path).unwrap(), bytes, "{name} unchanged");
        // Baking into it fails too (except where the image is fine and only its old payload was bad:
        // baking replaces that payload without reading it).
        if ![
            "unbaked.png",
            "unbaked.svg",
            "bad-json.svg",
            "big-payload.svg",
            "inflate-bomb.png",
        ]
        .contains(name)
        {
            let target = dir.join(format!("out-{name}"));
            let out = kiln(&[p("bake"), p("--credential"), &cred, &path, p("-o"), &target]);
            assert_one_line_failure(&out, &path, &format!("bake into {name}"));
            assert!(!target.exists(), "no output for {name}");
            assert_eq!(&std::fs::read(&path).unwrap(), bytes, "{name} unchanged");
        }
    }

    // Bad credentials: not a credential, not UTF-8, too large, the wrong OB version, missing.
    let image = dir.join("plain.png");
    std::fs::write(&image, &plain).unwrap();
    let creds: Vec<(&str, Vec<u8>, &[&str])> = vec![
        ("words.txt", b"hello world\n".to_vec(), &[]),
        ("latin1.json", b"{\"name\":\"Zo\xeb\"}".to_vec(), &[]),
        (
            "huge.json",
            format!(
                "{{\"type\":[\"VerifiableCredential\"],\"f\":\"{}\"}}",
                "x".repeat(5 * 1024 * 1024)
            )
            .into_bytes(),
            &[],
        ),
        ("ob3.json", json.clone().into_bytes(), &["--ob2"]),
        ("url.txt", b"https://example.org/assertion/1".to_vec(), &[]),
        (
            "bad.json",
            b"{\"type\": [\"VerifiableCredential\"".to_vec(),
            &[],
        ),
    ];
    for (name, bytes, extra) in &creds {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        let target = dir.join(format!("out-{name}.png"));
        let mut args: Vec<&Path> = vec![p("bake")];
        args.extend(extra.iter().map(|a| p(a)));
        args.extend([p("--credential"), &path, &image, p("-o"), &target]);
        let out = kiln(&args);
        assert_one_line_failure(&out, &path, &format!("bake --credential {name}"));
        assert!(!target.exists());
        assert_eq!(std::fs::read(&image).unwrap(), plain);
    }
    let missing = dir.join("missing.png");
    assert_one_line_failure(&kiln(&[p("unbake"), &missing]), &missing, "missing file");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn credential_file_with_bom_and_newline_bakes_without_them() {
    let dir = scratch("bom");
    let json = String::from_utf8(fixture("ob3-1edtech-simple.json")).unwrap();
    let cred = dir.join("bom.json");
    std::fs::write(&cred, format!("\u{feff}{json}\n")).unwrap();
    let out_path = dir.join("out.svg");
    let out = kiln(&[
        p("bake"),
        p("--credential"),
        &cred,
        &fixture_path("x-mozilla-unbaked.svg"),
        p("-o"),
        &out_path,
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = kiln(&[p("unbake"), &out_path]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), json.trim());
    let _ = std::fs::remove_dir_all(&dir);
}
