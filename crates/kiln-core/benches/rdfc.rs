//! Time to canonicalize and hash a typical Open Badges 3.0 credential, as an
//! eddsa-rdfc-2022 verifier does (document without its proof).

use criterion::{Criterion, criterion_group, criterion_main};
use kiln_core::Limits;
use kiln_core::jsonld::{ContextStore, canonicalize, check_safe};
use sha2::{Digest, Sha256};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let text = include_str!("data/ob30-simple.json");
    let mut doc: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
    if let Some(o) = doc.as_object_mut() {
        o.remove("proof");
    }
    let store = ContextStore::bundled();
    let limits = Limits::default();
    c.bench_function("ob30 simple: canonicalize + sha256", |b| {
        b.iter(|| {
            let nquads = canonicalize(black_box(&doc), &store, &limits).unwrap_or_default();
            Sha256::digest(nquads.as_bytes())
        })
    });
    c.bench_function("ob30 simple: safe-mode check", |b| {
        b.iter(|| check_safe(black_box(&doc), &store, &limits).is_ok())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
