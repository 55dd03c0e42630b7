//! Time to verify a typical signed Open Badges 3.0 credential with
//! `verify::verify` (eddsa-rdfc-2022 and eddsa-jcs-2022; with feature
//! `ecdsa` also ecdsa-rdfc-2019, ecdsa-jcs-2019 and a derived ecdsa-sd-2023
//! proof, all of the same credential with a P-256 key), and the parts of
//! the eddsa-rdfc-2022 path: the JSON-LD safe-mode check and
//! canonicalize + SHA-256 of the document. `bench/verify.sh` compares the
//! whole-verify figures with digitalbazaar's JavaScript verifier.

use criterion::{Criterion, criterion_group, criterion_main};
use kiln_core::Limits;
use kiln_core::jsonld::{ContextStore, canonicalize, check_safe};
use kiln_core::verify::{Verdict, VerifyOptions, verify};
use sha2::{Digest, Sha256};
use std::hint::black_box;

const RDFC: &[u8] = include_bytes!("data/ob30-typical-rdfc.json");
const JCS: &[u8] = include_bytes!("data/ob30-typical-jcs.json");
#[cfg(feature = "ecdsa")]
const ECDSA: [(&str, &[u8]); 3] = [
    (
        "ecdsa-rdfc-2019",
        include_bytes!("data/ob30-typical-ecdsa-rdfc.json"),
    ),
    (
        "ecdsa-jcs-2019",
        include_bytes!("data/ob30-typical-ecdsa-jcs.json"),
    ),
    (
        "ecdsa-sd-2023-derived",
        include_bytes!("data/ob30-typical-ecdsa-sd-derived.json"),
    ),
];
/// 2025-01-01T00:00:00Z: inside both credentials' validity window.
const NOW: i64 = 1_735_689_600;

/// The ECDSA credentials, in builds that verify them.
fn ecdsa_suites() -> Vec<(&'static str, &'static [u8])> {
    #[cfg(feature = "ecdsa")]
    return ECDSA.to_vec();
    #[cfg(not(feature = "ecdsa"))]
    return Vec::new();
}

fn bench(c: &mut Criterion) {
    let options = VerifyOptions::at(NOW);
    let eddsa = [("eddsa-rdfc-2022", RDFC), ("eddsa-jcs-2022", JCS)];
    for (name, bytes) in eddsa.into_iter().chain(ecdsa_suites()) {
        // A benchmark of a failing verification would measure the wrong thing.
        let verdict = verify(bytes, &options).map(|r| r.verdict);
        assert!(
            matches!(verdict, Ok(Verdict::Verified)),
            "{name}: {verdict:?}"
        );
        c.bench_function(&format!("verify ob30 typical {name}"), |b| {
            b.iter(|| verify(black_box(bytes), &options).map(|r| r.verdict))
        });
    }

    let mut doc: serde_json::Value = serde_json::from_slice(RDFC).unwrap_or_default();
    if let Some(o) = doc.as_object_mut() {
        o.remove("proof");
    }
    let store = ContextStore::bundled();
    let limits = Limits::default();
    c.bench_function("ob30 typical: safe-mode check", |b| {
        b.iter(|| check_safe(black_box(&doc), &store, &limits).is_ok())
    });
    c.bench_function("ob30 typical: canonicalize + sha256", |b| {
        b.iter(|| {
            let nquads = canonicalize(black_box(&doc), &store, &limits).unwrap_or_default();
            Sha256::digest(nquads.as_bytes())
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
