//! PNG baking, checked against the `png` crate as an independent decoder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use crate::bake_common;

use bake_common::*;
use kiln_core::Limits;
use kiln_core::container::{self, BakeOptions, ContainerKind, png as kpng};
use kiln_core::payload::PayloadKind;

fn ob3() -> BakeOptions {
    BakeOptions::default()
}

fn ob2() -> BakeOptions {
    BakeOptions { ob2: true }
}

/// Every chunk of `before` except baked ones, in order, equals those of `after`.
fn assert_other_chunks_identical(before: &[u8], after: &[u8]) {
    let keep = |png: &[u8]| -> Vec<Vec<u8>> {
        chunks(png)
            .into_iter()
            .filter(|(k, whole)| !is_baked(k, whole))
            .map(|(_, whole)| whole)
            .collect()
    };
    assert_eq!(
        keep(before),
        keep(after),
        "non-badge chunks must be byte-identical"
    );
}

fn baked_count(png: &[u8]) -> usize {
    chunks(png)
        .iter()
        .filter(|(k, whole)| is_baked(k, whole))
        .count()
}

fn check_bake(
    base: &[u8],
    payload: &str,
    options: &BakeOptions,
    keyword: &str,
    kind: PayloadKind,
) -> Vec<u8> {
    let l = Limits::default();
    let baked = container::bake(base, payload, options, &l).unwrap();
    // Round trip, byte for byte.
    let u = container::unbake(&baked, &l).unwrap();
    assert_eq!(u.payload, payload);
    assert_eq!(u.kind, kind);
    assert_eq!(u.container, ContainerKind::Png);
    // The png crate (checking every CRC) reads the same text from a plain uncompressed iTXt.
    let decoded = decode(&baked);
    let found: Vec<_> = decoded.itxt.iter().filter(|t| t.0 == keyword).collect();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, payload);
    assert!(!found[0].2, "not compressed");
    assert_eq!((found[0].3.as_str(), found[0].4.as_str()), ("", ""));
    // Same pixels, same other chunks, exactly one baked chunk.
    assert_eq!(decoded.pixels, decode(base).pixels);
    assert_other_chunks_identical(base, &baked);
    assert_eq!(baked_count(&baked), 1);
    baked
}

#[test]
fn bake_then_unbake_json_and_jws() {
    let base = fixture("plain-1edtech-robotics-badge.png");
    for (payload, kind) in [
        (sample_ob3_json(), PayloadKind::Ob3Credential),
        (sample_vc_jwt(), PayloadKind::VcJwt),
    ] {
        let baked = check_bake(&base, &payload, &ob3(), "openbadgecredential", kind);
        // A fresh bake goes just before IEND.
        let list = chunks(&baked);
        assert_eq!(&list[list.len() - 1].0, b"IEND");
        assert!(is_baked(&list[list.len() - 2].0, &list[list.len() - 2].1));
        assert_eq!(
            baked.len(),
            base.len() + 12 + "openbadgecredential".len() + 5 + payload.len()
        );
    }
}

#[test]
fn bake_ob2_payloads() {
    let base = encoded_png(
        &[(b"tEXt", b"Software\0test")],
        &[(b"tEXt", b"Comment\0after")],
    );
    let jws = fixture_text("ob2-1edtech-simple.jwt").trim().to_owned();
    check_bake(&base, &jws, &ob2(), "openbadges", PayloadKind::Ob2Jws);
    let json = fixture_text("ob2-1edtech-basic-assertion.json")
        .trim()
        .to_owned();
    check_bake(
        &base,
        &json,
        &ob2(),
        "openbadges",
        PayloadKind::Ob2Assertion,
    );
    check_bake(
        &base,
        "https://example.org/assertions/1",
        &ob2(),
        "openbadges",
        PayloadKind::HostedUrl,
    );
}

#[test]
fn non_ascii_payload_is_utf8() {
    let base = encoded_png(&[], &[]);
    let payload = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"name":"Zoë 🎓 Ærø"}"#;
    check_bake(
        &base,
        payload,
        &ob3(),
        "openbadgecredential",
        PayloadKind::Ob3Credential,
    );
}

#[test]
fn second_bake_replaces() {
    let l = Limits::default();
    let base = fixture("plain-1edtech-robotics-badge.png");
    let first = container::bake(&base, &sample_ob3_json(), &ob3(), &l).unwrap();
    let second = container::bake(&first, &sample_vc_jwt(), &ob3(), &l).unwrap();
    assert_eq!(baked_count(&second), 1);
    assert_eq!(
        container::unbake(&second, &l).unwrap().payload,
        sample_vc_jwt()
    );
    assert_eq!(
        png_crate_itxt(&second, "openbadgecredential"),
        sample_vc_jwt()
    );
    assert_other_chunks_identical(&base, &second);
    assert_eq!(decode(&second).pixels, decode(&base).pixels);

    // Over 1EdTech's baked sample: replaced in place, everything else kept.
    let sample = fixture("ob3-1edtech-simple-json.png");
    let rebaked = check_bake(
        &sample,
        &sample_vc_jwt(),
        &ob3(),
        "openbadgecredential",
        PayloadKind::VcJwt,
    );
    assert_eq!(chunks(&rebaked).len(), chunks(&sample).len());

    // An OB 2.0 chunk right after IHDR is replaced where it stands.
    let ob2_sample = fixture("ob2-1edtech-simple-badge.png");
    let rebaked = check_bake(
        &ob2_sample,
        "https://example.org/new",
        &ob2(),
        "openbadges",
        PayloadKind::HostedUrl,
    );
    assert!(is_baked(&chunks(&rebaked)[1].0, &chunks(&rebaked)[1].1));
}

#[test]
fn real_samples_unbake_as_the_png_crate_reads_them() {
    let l = Limits::default();
    for (name, keyword, kind) in [
        (
            "ob3-1edtech-simple-json.png",
            "openbadgecredential",
            PayloadKind::Ob3Credential,
        ),
        (
            "ob3-1edtech-simple-jwt.png",
            "openbadgecredential",
            PayloadKind::VcJwt,
        ),
        (
            "ob3-1edtech-simple-jwt_v1.png",
            "openbadgecredential",
            PayloadKind::VcJwt,
        ),
        (
            "ob2-1edtech-simple-badge.png",
            "openbadges",
            PayloadKind::Ob2Assertion,
        ),
    ] {
        let bytes = fixture(name);
        let u = container::unbake(&bytes, &l).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(u.payload, png_crate_itxt(&bytes, keyword), "{name}");
        assert_eq!(u.kind, kind, "{name}");
        assert_eq!(kpng::unbake(&bytes, &l).unwrap(), u);
    }
    let e = container::unbake(&fixture("x-mozilla-unbaked.png"), &l).unwrap_err();
    assert_eq!(e.code(), "no-badge");
    assert_eq!(e.to_string(), "no credential is baked into this PNG");
}

#[test]
fn legacy_text_chunk() {
    // Written by the png crate's own tEXt encoder.
    let mut bytes = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut bytes, 1, 1);
        enc.add_text_chunk(
            "openbadges".into(),
            "https://example.org/assertion/7".into(),
        )
        .unwrap();
        let mut w = enc.write_header().unwrap();
        w.write_image_data(&[0]).unwrap();
    }
    let u = container::unbake(&bytes, &Limits::default()).unwrap();
    assert_eq!(u.payload, "https://example.org/assertion/7");
    assert_eq!(u.kind, PayloadKind::HostedUrl);
    // Baking over it replaces the legacy chunk.
    let baked = container::bake(
        &bytes,
        "https://example.org/assertion/8",
        &ob2(),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(baked_count(&baked), 1);
    assert!(decode(&baked).text.is_empty());
}

#[test]
fn compressed_itxt() {
    // Compressed by the png crate's encoder.
    let mut chunk = png::text_metadata::ITXtChunk::new("openbadgecredential", sample_vc_jwt());
    chunk.compressed = true;
    chunk.compress_text().unwrap();
    let mut bytes = Vec::new();
    {
        let mut w = png::Encoder::new(&mut bytes, 1, 1).write_header().unwrap();
        w.write_image_data(&[0]).unwrap();
        w.write_text_chunk(&chunk).unwrap();
    }
    assert!(decode(&bytes).itxt[0].2, "the fixture is compressed");
    let u = container::unbake(&bytes, &Limits::default()).unwrap();
    assert_eq!(u.payload, sample_vc_jwt());

    // Inflating is capped at max_payload_bytes.
    let mut small = Limits::default();
    small.max_payload_bytes = 100;
    assert_eq!(
        container::unbake(&bytes, &small).unwrap_err().code(),
        "payload-too-large"
    );
}

#[test]
fn chunk_right_after_ihdr() {
    let ihdr = chunks(&encoded_png(&[], &[]))[0].1.clone();
    let idat = chunks(&encoded_png(&[], &[]))[1].1.clone();
    let text = "https://example.org/hosted";
    let bytes = png_of(&[
        ihdr,
        chunk(b"iTXt", &itxt_data("openbadges", false, text.as_bytes())),
        idat,
        chunk(b"IEND", b""),
    ]);
    assert_eq!(png_crate_itxt(&bytes, "openbadges"), text);
    assert_eq!(
        container::unbake(&bytes, &Limits::default())
            .unwrap()
            .payload,
        text
    );
}

#[test]
fn malformed_pngs_are_refused_with_a_reason() {
    let l = Limits::default();
    let base = encoded_png(&[], &[]);
    let parts = chunks(&base);
    let (ihdr, idat, iend) = (parts[0].1.clone(), parts[1].1.clone(), parts[2].1.clone());
    let badge = chunk(
        b"iTXt",
        &itxt_data("openbadgecredential", false, sample_vc_jwt().as_bytes()),
    );
    let ob2_badge = chunk(
        b"iTXt",
        &itxt_data("openbadges", false, b"https://example.org/a"),
    );

    let two = png_of(&[
        ihdr.clone(),
        badge.clone(),
        idat.clone(),
        ob2_badge,
        iend.clone(),
    ]);
    let e = container::unbake(&two, &l).unwrap_err();
    assert_eq!(e.code(), "ambiguous-badge");
    assert!(e.to_string().contains("2 baked badge chunks"), "{e}");
    assert_eq!(
        container::bake(&two, &sample_vc_jwt(), &ob3(), &l)
            .unwrap_err()
            .code(),
        "ambiguous-badge"
    );

    let no_iend = png_of(&[ihdr.clone(), idat.clone(), badge.clone()]);
    assert_eq!(
        container::unbake(&no_iend, &l).unwrap_err().code(),
        "png-no-iend"
    );

    let mut bad_crc = png_of(&[ihdr.clone(), idat.clone(), badge.clone(), iend.clone()]);
    let n = bad_crc.len();
    bad_crc[n - 13] ^= 0xff; // the last byte of the badge chunk's CRC
    let e = container::unbake(&bad_crc, &l).unwrap_err();
    assert_eq!(e.code(), "png-bad-crc");
    assert!(e.to_string().contains("iTXt"), "{e}");

    let mut huge = chunk(b"tEXt", b"x");
    huge[..4].copy_from_slice(&0x7fff_fff0u32.to_be_bytes());
    let huge = png_of(&[ihdr.clone(), huge, iend.clone()]);
    assert_eq!(
        container::unbake(&huge, &l).unwrap_err().code(),
        "png-chunk-too-large"
    );

    let no_ihdr = png_of(&[idat.clone(), iend.clone()]);
    assert_eq!(
        container::unbake(&no_ihdr, &l).unwrap_err().code(),
        "png-no-ihdr"
    );

    let truncated = &base[..base.len() - 6];
    assert_eq!(
        container::unbake(truncated, &l).unwrap_err().code(),
        "png-truncated"
    );

    let bomb_text = miniz_deflate(&vec![b' '; 8 * 1024 * 1024]);
    let bomb = png_of(&[
        ihdr.clone(),
        chunk(b"iTXt", &itxt_data("openbadges", true, &bomb_text)),
        idat.clone(),
        iend.clone(),
    ]);
    assert_eq!(
        container::unbake(&bomb, &l).unwrap_err().code(),
        "payload-too-large"
    );

    let bad_zlib = png_of(&[
        ihdr.clone(),
        chunk(b"iTXt", &itxt_data("openbadges", true, b"not zlib")),
        iend.clone(),
    ]);
    assert_eq!(
        container::unbake(&bad_zlib, &l).unwrap_err().code(),
        "png-itxt-zlib"
    );

    let latin1 = png_of(&[
        ihdr,
        chunk(
            b"iTXt",
            &itxt_data("openbadges", false, b"https://ex\xe9.org"),
        ),
        iend,
    ]);
    assert_eq!(
        container::unbake(&latin1, &l).unwrap_err().code(),
        "png-itxt-utf8"
    );
}

#[test]
fn payload_kind_must_fit_the_options() {
    let l = Limits::default();
    let base = encoded_png(&[], &[]);
    assert_eq!(
        container::bake(&base, "https://example.org/a", &ob3(), &l)
            .unwrap_err()
            .code(),
        "bake-kind"
    );
    assert_eq!(
        container::bake(&base, &sample_vc_jwt(), &ob2(), &l)
            .unwrap_err()
            .code(),
        "bake-kind"
    );
    assert_eq!(
        container::bake(&base, "not a credential", &ob3(), &l)
            .unwrap_err()
            .code(),
        "payload-unknown"
    );
    let mut small = Limits::default();
    small.max_payload_bytes = 10;
    assert_eq!(
        container::bake(&base, &sample_vc_jwt(), &ob3(), &small)
            .unwrap_err()
            .code(),
        "payload-too-large"
    );
}

/// zlib-compresses with the png crate's encoder (an independent deflate), by
/// taking the text of a compressed iTXt chunk it writes.
fn miniz_deflate(data: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(data.to_vec()).unwrap();
    let mut chunk = png::text_metadata::ITXtChunk::new("k", text);
    chunk.compressed = true;
    chunk.compress_text().unwrap();
    let mut bytes = Vec::new();
    {
        let mut w = png::Encoder::new(&mut bytes, 1, 1).write_header().unwrap();
        w.write_text_chunk(&chunk).unwrap();
        w.write_image_data(&[0]).unwrap();
    }
    let itxt = chunks(&bytes)
        .into_iter()
        .find(|(k, _)| k == b"iTXt")
        .unwrap()
        .1;
    itxt[8 + "k".len() + 5..itxt.len() - 4].to_vec()
}
