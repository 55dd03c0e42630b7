//! JSON pointers to statements: what an issuer makes mandatory and a holder
//! reveals (VC Data Integrity, "Selective Disclosure Functions").
//!
//! - [`parse_pointer`]: RFC 6901 JSON pointers (`/credentialSubject/name`).
//! - [`skolemize`]: every node object without an id gets `urn:bnid:bN`, so
//!   that the statements of a selection can be matched with the full
//!   document's; [`deskolemize`] turns those ids back into blank nodes
//!   (`_:bN`) in the RDF.
//! - [`select`] (`selectJsonLd`): the part of a document the pointers name,
//!   with the `@context`, and the `id` and `type` of every object on the way.

use oxrdf::{BlankNode, GraphName, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value};

use crate::{
    error::{Error, Result},
    limits::Limits,
};

/// The IRI prefix of skolem ids.
const SKOLEM: &str = "urn:bnid:";

fn bad_pointer(pointer: &str, why: impl std::fmt::Display) -> Error {
    Error::misuse(
        crate::code::Code::EcdsaSdPointer,
        format!("the JSON pointer {pointer:?}: {why}"),
    )
}

/// The reference tokens of an RFC 6901 pointer, unescaped (`~1` is `/`,
/// `~0` is `~`). The whole document (`""`) cannot be selected by a pointer.
pub fn parse_pointer(pointer: &str) -> Result<Vec<String>> {
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(bad_pointer(pointer, "it must start with '/'"));
    };
    rest.split('/')
        .map(|t| {
            let mut out = String::with_capacity(t.len());
            let mut chars = t.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return Err(bad_pointer(pointer, "'~' must be followed by 0 or 1")),
                    }
                } else {
                    out.push(c);
                }
            }
            Ok(out)
        })
        .collect()
}

/// The node objects of `doc` given ids: every JSON object outside
/// `@context` with neither `id`/`@id` nor `@value` gets
/// `"id": "urn:bnid:b<N>"`, numbered in document order.
pub fn skolemize(doc: &Value) -> Value {
    fn walk(v: &mut Value, counter: &mut usize, depth: usize) {
        if depth > Limits::MAX_WALK_DEPTH {
            return;
        }
        match v {
            Value::Object(map) => {
                let is_node = !map.contains_key("id")
                    && !map.contains_key("@id")
                    && !map.contains_key("@value");
                if is_node && depth > 0 {
                    map.insert("id".into(), format!("{SKOLEM}b{counter}").into());
                    *counter = counter.saturating_add(1);
                }
                for (k, child) in map.iter_mut() {
                    if k != "@context" {
                        walk(child, counter, depth.saturating_add(1));
                    }
                }
            }
            Value::Array(items) => {
                for child in items {
                    walk(child, counter, depth.saturating_add(1));
                }
            }
            _ => {}
        }
    }
    let mut out = doc.clone();
    let mut counter = 0;
    // The top-level credential is a node too: it gets an id unless it has one.
    if let Value::Object(map) = &mut out {
        if !map.contains_key("id") && !map.contains_key("@id") {
            map.insert("id".into(), format!("{SKOLEM}root").into());
        }
    }
    walk(&mut out, &mut counter, 0);
    out
}

/// `quads` with every `urn:bnid:X` IRI turned into the blank node `_:X`.
pub fn deskolemize(quads: &[Quad]) -> Vec<Quad> {
    let blank = |iri: &str| -> Option<BlankNode> {
        iri.strip_prefix(SKOLEM)
            .and_then(|label| BlankNode::new(label).ok())
    };
    quads
        .iter()
        .map(|q| {
            let subject = match &q.subject {
                NamedOrBlankNode::NamedNode(n) => match blank(n.as_str()) {
                    Some(b) => NamedOrBlankNode::BlankNode(b),
                    None => q.subject.clone(),
                },
                other => other.clone(),
            };
            let object = match &q.object {
                Term::NamedNode(n) => match blank(n.as_str()) {
                    Some(b) => Term::BlankNode(b),
                    None => q.object.clone(),
                },
                other => other.clone(),
            };
            let graph_name = match &q.graph_name {
                GraphName::NamedNode(n) => match blank(n.as_str()) {
                    Some(b) => GraphName::BlankNode(b),
                    None => q.graph_name.clone(),
                },
                other => other.clone(),
            };
            Quad::new(subject, q.predicate.clone(), object, graph_name)
        })
        .collect()
}

/// What a selection starts an object with: its `id` (unless a blank node
/// id) and its `type`.
fn initial_selection(source: &Value) -> Value {
    let mut sel = Map::new();
    if let Value::Object(m) = source {
        for key in ["id", "@id"] {
            if let Some(id) = m.get(key) {
                if !id.as_str().is_some_and(|s| s.starts_with("_:")) {
                    sel.insert(key.into(), id.clone());
                }
            }
        }
        for key in ["type", "@type"] {
            if let Some(t) = m.get(key) {
                sel.insert(key.into(), t.clone());
            }
        }
    }
    Value::Object(sel)
}

fn placeholder(child: &Value) -> Value {
    match child {
        Value::Array(_) => Value::Array(Vec::new()),
        Value::Object(_) => initial_selection(child),
        _ => Value::Null,
    }
}

fn select_one(doc: &Value, pointer: &str, selection: &mut Value) -> Result<()> {
    let tokens = parse_pointer(pointer)?;
    let mut value = doc;
    let mut sel = selection;
    let last = tokens.len().saturating_sub(1);
    for (i, tok) in tokens.iter().enumerate() {
        let child = match value {
            Value::Object(m) => m.get(tok),
            Value::Array(a) => tok.parse::<usize>().ok().and_then(|n| a.get(n)),
            _ => None,
        }
        .ok_or_else(|| bad_pointer(pointer, "the document has nothing there"))?;
        let slot = match sel {
            Value::Object(m) => m.entry(tok.clone()).or_insert_with(|| placeholder(child)),
            Value::Array(a) => {
                let n = tok
                    .parse::<usize>()
                    .map_err(|_| bad_pointer(pointer, "an array index must be a number"))?;
                if a.len() <= n {
                    a.resize(n.saturating_add(1), Value::Null);
                }
                let s = a
                    .get_mut(n)
                    .ok_or_else(|| bad_pointer(pointer, "the array index is out of range"))?;
                if s.is_null() {
                    *s = placeholder(child);
                }
                s
            }
            _ => return Err(bad_pointer(pointer, "it goes through a value")),
        };
        if i == last {
            match (child, &mut *slot) {
                (Value::Object(full), Value::Object(partial)) => {
                    for (k, v) in full {
                        partial.insert(k.clone(), v.clone());
                    }
                }
                _ => *slot = child.clone(),
            }
        }
        sel = slot;
        value = child;
    }
    Ok(())
}

fn drop_holes(v: &mut Value) {
    match v {
        Value::Array(items) => {
            items.retain(|i| !i.is_null());
            items.iter_mut().for_each(drop_holes);
        }
        Value::Object(m) => {
            for (k, child) in m.iter_mut() {
                if k != "@context" {
                    drop_holes(child);
                }
            }
        }
        _ => {}
    }
}

/// `selectJsonLd`: the part of `doc` the pointers name, with the document's
/// `@context`, `id` and `type`. `None` for no pointers.
pub fn select(doc: &Value, pointers: &[String]) -> Result<Option<Value>> {
    if pointers.is_empty() {
        return Ok(None);
    }
    // `@context` first, as people write credentials.
    let mut sel = Map::new();
    if let Some(ctx) = doc.get("@context") {
        sel.insert("@context".into(), ctx.clone());
    }
    if let Value::Object(first) = initial_selection(doc) {
        sel.extend(first);
    }
    let mut selection = Value::Object(sel);
    for p in pointers {
        select_one(doc, p, &mut selection)?;
    }
    drop_holes(&mut selection);
    Ok(Some(selection))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pointers() {
        assert_eq!(parse_pointer("/a/b~1c/~0d").unwrap(), ["a", "b/c", "~d"]);
        assert_eq!(parse_pointer("a").unwrap_err().code(), "ecdsa-sd-pointer");
        assert_eq!(
            parse_pointer("/a~2").unwrap_err().code(),
            "ecdsa-sd-pointer"
        );
    }

    #[test]
    fn selection_keeps_ids_types_and_the_path() {
        let doc = json!({
            "@context": ["c"],
            "type": ["T"],
            "issuer": {"id": "did:x", "name": "N"},
            "credentialSubject": {"type": "S", "a": {"type": "A", "name": "x", "other": 1}, "list": [{"k": 1}, {"k": 2}]}
        });
        let got = select(
            &doc,
            &[
                "/credentialSubject/a/name".into(),
                "/credentialSubject/list/1".into(),
            ],
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            got,
            json!({
                "@context": ["c"],
                "type": ["T"],
                "credentialSubject": {"type": "S", "a": {"type": "A", "name": "x"}, "list": [{"k": 2}]}
            })
        );
        let e = select(&doc, &["/nothing".into()]).unwrap_err();
        assert!(e.to_string().contains("/nothing"), "{e}");
        assert_eq!(select(&doc, &[]).unwrap(), None);
    }
}
