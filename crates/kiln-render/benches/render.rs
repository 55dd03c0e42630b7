//! Time per badge render: `cargo bench -p kiln-render --bench render`.
//!
//! Each iteration fills the template with a new recipient name and renders a
//! 512 px PNG: drawn whole (`fill+render`), and over the fixed artwork drawn
//! once (`batch`, as `kiln issue` does).
// Test code: a failed expectation is a failed test.
#![allow(clippy::expect_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use kiln_render::{Renderer, Template, Values};

fn values(i: u64) -> Values {
    let mut v = Values::new();
    v.insert("recipient.name".into(), format!("Recipient Number {i}"));
    v.insert("achievement.name".into(), "Rust Fundamentals".into());
    v.insert("issuer.name".into(), "Kiln Academy".into());
    v.insert("date".into(), "28 November 2026".into());
    v
}

fn bench(c: &mut Criterion) {
    let renderer = Renderer::new();
    for (stem, svg) in kiln_render::templates::ALL {
        let template = Template::parse(svg).expect("template parses");
        let mut i = 0u64;
        c.bench_function(&format!("fill {stem}"), |b| {
            b.iter(|| {
                i += 1;
                template.fill(&values(i)).expect("fills")
            })
        });
        c.bench_function(&format!("fill+render {stem} 512px"), |b| {
            b.iter(|| {
                i += 1;
                let svg = template.fill(&values(i)).expect("fills");
                renderer.render_png(&svg, 512).expect("renders")
            })
        });
        let batch = renderer.batch(&template, 512).expect("batch");
        c.bench_function(&format!("batch {stem} 512px"), |b| {
            b.iter(|| {
                i += 1;
                batch.render(&values(i)).expect("renders")
            })
        });
    }
    c.bench_function("Renderer::new", |b| b.iter(Renderer::new));
    c.bench_function("Template::parse hexagon", |b| {
        b.iter(|| Template::parse(kiln_render::templates::HEXAGON).expect("parses"))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
