//! Blank node labels for `ecdsa-sd-2023`: the canonical N-Quads of a
//! dataset with each canonical label (`c14n0`, ...) replaced through a label
//! map, then sorted (the specification's `labelReplacementCanonicalizeNQuads`),
//! and the HMAC label map an issuer makes (`createHmacIdLabelMapFunction`).

use std::collections::BTreeMap;

use hmac::{Hmac, Mac};
use oxrdf::{GraphNameRef, NamedOrBlankNodeRef, Quad, TermRef};
use sha2::Sha256;

use crate::jsonld::HashAlgorithm;
use crate::jsonld::canon;
use crate::{Error, Limits, Result};

/// Canonical label (`c14n0`) to the label written instead (`u...`).
pub type LabelMap = BTreeMap<String, String>;

/// RDFC-1.0 on `quads`, then each blank node written with the label that
/// `label_map` gives its canonical label; the lines sorted and without
/// duplicates. The canonical labels are passed to `make_map`, which returns
/// the label map to use (the verifier's given map, or the issuer's HMAC).
pub fn relabel_canonical(
    quads: &[Quad],
    limits: &Limits,
    make_map: &mut dyn FnMut(&[&str]) -> Result<LabelMap>,
) -> Result<(Vec<String>, LabelMap)> {
    let canonical = canon::canonicalize_quads(quads, HashAlgorithm::Sha256, limits)?;
    let labels: Vec<&str> = canonical.issued.values().map(String::as_str).collect();
    let map = make_map(&labels)?;
    let mut lines = Vec::with_capacity(quads.len());
    for quad in quads {
        let blank = |input: &str| -> Result<String> {
            let c14n = canonical.issued.get(input).ok_or_else(|| {
                Error::malformed(
                    crate::Code::EcdsaSdProofValue,
                    "a blank node has no canonical label",
                )
            })?;
            let label = map.get(c14n).ok_or_else(|| {
                Error::malformed(
                    crate::Code::EcdsaSdProofValue,
                    format!(
                        "the proof's label map has no label for the blank node {c14n}: \
                         it was made for another document"
                    ),
                )
            })?;
            Ok(format!("_:{label}"))
        };
        let s = match quad.subject.as_ref() {
            NamedOrBlankNodeRef::BlankNode(b) => blank(b.as_str())?,
            other => other.to_string(),
        };
        let o = match quad.object.as_ref() {
            TermRef::BlankNode(b) => blank(b.as_str())?,
            other => other.to_string(),
        };
        let g = match quad.graph_name.as_ref() {
            GraphNameRef::DefaultGraph => None,
            GraphNameRef::BlankNode(b) => Some(blank(b.as_str())?),
            other => Some(other.to_string()),
        };
        let mut line = format!("{s} {} {o}", quad.predicate);
        if let Some(g) = g {
            line.push(' ');
            line.push_str(&g);
        }
        line.push_str(" .\n");
        lines.push(line);
    }
    lines.sort_unstable();
    lines.dedup();
    Ok((lines, map))
}

/// The issuer's label map: each canonical label to `u` + base64url of
/// HMAC-SHA-256(`key`, label).
pub fn hmac_label_map(key: &[u8; 32], labels: &[&str]) -> Result<LabelMap> {
    let mut map = LabelMap::new();
    for label in labels {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key)
            .map_err(|_| Error::misuse(crate::Code::EcdsaSdKey, "the HMAC key must be 32 bytes"))?;
        mac.update(label.as_bytes());
        let digest = mac.finalize().into_bytes();
        map.insert(
            (*label).to_owned(),
            format!("u{}", crate::base64url::encode(&digest)),
        );
    }
    Ok(map)
}
