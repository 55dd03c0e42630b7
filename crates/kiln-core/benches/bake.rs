//! Baking speed: unbake of a 10 MB PNG (the walk checks every CRC), and bake
//! and unbake of small PNG and SVG badges.
//!
//! `cargo bench -p kiln-core --bench bake -- --warm-up-time 1 --measurement-time 3`
#![allow(clippy::unwrap_used, clippy::expect_used)] // benchmark setup

use criterion::{Criterion, Throughput, black_box, criterion_group, criterion_main};
use kiln_core::Limits;
use kiln_core::container::{self, BakeOptions};
use std::path::PathBuf;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/baking")
            .join(name),
    )
    .unwrap()
}

/// A valid RGBA PNG of about 10 MB: noise pixels (which do not compress),
/// written by the `png` crate in 1 MiB IDAT chunks, with text chunks around.
fn big_png() -> Vec<u8> {
    let (w, h) = (1600u32, 1600u32);
    let mut x: u32 = 0x9e37_79b9;
    let pixels: Vec<u8> = (0..w * h * 4)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect();
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Rgba);
        enc.set_compression(png::Compression::Fast);
        enc.add_text_chunk("Software".into(), "kiln bench".into())
            .unwrap();
        let mut writer = enc.write_header().unwrap();
        let mut stream = writer.stream_writer_with_size(1 << 20).unwrap();
        std::io::Write::write_all(&mut stream, &pixels).unwrap();
        stream.finish().unwrap();
    }
    out
}

fn benches(c: &mut Criterion) {
    let limits = Limits::default();
    let credential = String::from_utf8(fixture("ob3-1edtech-simple.json")).unwrap();
    let options = BakeOptions::default();

    let big = container::bake(&big_png(), &credential, &options, &limits).unwrap();
    let mut group = c.benchmark_group("png-10MB");
    group.throughput(Throughput::Bytes(big.len() as u64));
    group.bench_function(format!("unbake {} bytes", big.len()), |b| {
        b.iter(|| container::unbake(black_box(&big), &limits).unwrap())
    });
    group.bench_function("bake (replace)", |b| {
        b.iter(|| container::bake(black_box(&big), &credential, &options, &limits).unwrap())
    });
    group.finish();

    let small_png = fixture("plain-1edtech-robotics-badge.png");
    let small_svg = fixture("x-mozilla-unbaked.svg");
    let mut group = c.benchmark_group("small-badge");
    group.bench_function("bake png", |b| {
        b.iter(|| container::bake(black_box(&small_png), &credential, &options, &limits).unwrap())
    });
    group.bench_function("bake svg", |b| {
        b.iter(|| container::bake(black_box(&small_svg), &credential, &options, &limits).unwrap())
    });
    let baked_svg = fixture("ob3-1edtech-simple-json.svg");
    group.bench_function("unbake svg", |b| {
        b.iter(|| container::unbake(black_box(&baked_svg), &limits).unwrap())
    });
    group.finish();
}

criterion_group!(bake, benches);
criterion_main!(bake);
