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
use crate::{
    error::{Error, Result},
    limits::Limits,
};

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
    relabel_canonical_with_ids(quads, limits, make_map).map(|(lines, map, _)| (lines, map))
}

/// [`relabel_canonical`], also returning the canonical issuer's map (input
/// blank node label to canonical label).
pub fn relabel_canonical_with_ids(
    quads: &[Quad],
    limits: &Limits,
    make_map: &mut dyn FnMut(&[&str]) -> Result<LabelMap>,
) -> Result<(Vec<String>, LabelMap, BTreeMap<String, String>)> {
    let canonical = canon::canonicalize_quads(quads, HashAlgorithm::Sha256, limits)?;
    let labels: Vec<&str> = canonical.issued.values().map(String::as_str).collect();
    let map = make_map(&labels)?;
    let mut lines = serialize_with(quads, &|input| {
        canonical
            .issued
            .get(input)
            .and_then(|c14n| map.get(c14n))
            .cloned()
    })
    .map_err(|input| {
        let c14n = canonical.issued.get(&input).map_or("?", String::as_str);
        Error::malformed(
            crate::code::Code::EcdsaSdProofValue,
            format!(
                "the proof's label map has no label for the blank node {c14n}: \
                 it was made for another document"
            ),
        )
    })?;
    lines.sort_unstable();
    lines.dedup();
    Ok((lines, map, canonical.issued))
}

/// Each quad as an N-Quads line, blank node `b` written `_:` + `label(b)`.
/// `Err` holds a blank node label `label` has no answer for.
pub fn serialize_with(
    quads: &[Quad],
    label: &dyn Fn(&str) -> Option<String>,
) -> std::result::Result<Vec<String>, String> {
    let mut lines = Vec::with_capacity(quads.len());
    for quad in quads {
        let blank = |input: &str| -> std::result::Result<String, String> {
            label(input)
                .map(|l| format!("_:{l}"))
                .ok_or_else(|| input.to_owned())
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
    Ok(lines)
}

/// The issuer's label map: each canonical label to `u` + base64url of
/// HMAC-SHA-256(`key`, label).
pub fn hmac_label_map(key: &[u8; 32], labels: &[&str]) -> Result<LabelMap> {
    let mut map = LabelMap::new();
    for label in labels {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).map_err(|_| {
            Error::misuse(
                crate::code::Code::EcdsaSdKey,
                "the HMAC key must be 32 bytes",
            )
        })?;
        mac.update(label.as_bytes());
        let digest = mac.finalize().into_bytes();
        map.insert(
            (*label).to_owned(),
            format!("u{}", crate::base64url::encode(&digest)),
        );
    }
    Ok(map)
}
