//! A work-around for nodes with several type-scoped contexts.
//!
//! JSON-LD 1.1 (Expansion Algorithm, step 11) applies the type-scoped
//! context of *every* type of a node, in code point order of the type terms.
//! oxjsonld 0.2.7 applies only the last one (each is processed on top of the
//! context before the types, not on top of the previous one), so a node such
//! as `{"type": ["Person", "EmployablePerson"], ...}` (the vc-di-eddsa
//! `employ` vector) or a `StatusList2021Credential` loses the terms of all
//! but one of its types, and its canonical form differs from every other
//! processor's.
//!
//! The work-around rewrites such a node before expansion: the type-scoped
//! contexts of all but the last of its scoped types go into an embedded
//! `@context` with `"@propagate": false`. An embedded context is processed
//! before the types (step 9, then step 11 looks terms up in that context),
//! and a non-propagated context reverts in nested nodes just as a type-scoped
//! one does, so the node ends up with every scoped context applied in order.
//! Cases the rewrite cannot express exactly (a type term defined with
//! different scoped contexts in different places, a node that already has an
//! embedded context, a scoped context that is a list) are refused with
//! `jsonld-multiple-scoped-types` rather than canonicalized wrongly.
//!
//! The compact processor (`compact/`) applies every type-scoped context
//! itself, as the algorithm says; this rewrite serves the documents it leaves
//! to oxjsonld (builds with `jsonld-full` only).

use super::ContextStore;
use crate::error::Error;
use crate::error::Result;
use crate::limits::Limits;
use serde_json::Map;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// What is known of a type term's scoped context across every context the
/// document uses.
#[derive(Debug, Default)]
struct Scoped {
    defs: BTreeMap<String, Value>,
    ambiguous: BTreeSet<String>,
}

impl Scoped {
    fn collect(
        &mut self,
        ctx: &Value,
        store: &ContextStore,
        seen: &mut BTreeSet<String>,
        depth: usize,
    ) -> Result<()> {
        if depth > Limits::SCOPED_CONTEXT_DEPTH {
            return Ok(());
        }
        match ctx {
            Value::String(url) if seen.insert(url.clone()) => {
                let inner = store
                    .get(url)
                    .and_then(|text| serde_json::from_str::<Value>(text).ok())
                    .and_then(|mut doc| doc.get_mut("@context").map(Value::take));
                if let Some(inner) = inner {
                    self.collect(&inner, store, seen, depth.saturating_add(1))?;
                }
            }
            Value::Array(list) => {
                for c in list {
                    self.collect(c, store, seen, depth.saturating_add(1))?;
                }
            }
            Value::Object(defs) => {
                for (term, def) in defs {
                    if term == "@import" {
                        self.collect(def, store, seen, depth.saturating_add(1))?;
                    }
                    let Some(scoped) = def.get("@context") else {
                        continue;
                    };
                    match self.defs.get(term) {
                        Some(existing) if existing != scoped => {
                            self.ambiguous.insert(term.clone());
                        }
                        Some(_) => {}
                        None => {
                            self.defs.insert(term.clone(), scoped.clone());
                        }
                    }
                    self.collect(scoped, store, seen, depth.saturating_add(1))?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn all_contexts<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > crate::limits::Limits::MAX_WALK_DEPTH {
        return;
    }
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == "@context" {
                    out.push(x);
                } else {
                    all_contexts(x, out, depth.saturating_add(1));
                }
            }
        }
        Value::Array(a) => a
            .iter()
            .for_each(|x| all_contexts(x, out, depth.saturating_add(1))),
        _ => {}
    }
}

/// The scoped context of `term` as an object (a URL is loaded from the store).
fn as_object(
    term: &str,
    ctx: &Value,
    store: &ContextStore,
    path: &str,
) -> Result<Map<String, Value>> {
    let refuse = |why: &str| {
        Error::unsupported(
            crate::code::Code::JsonldMultipleScopedTypes,
            format!(
                "the node at {path} has several types with type-scoped contexts, and the one of \"{term}\" {why}; Kiln cannot expand it exactly"
            ),
        )
    };
    match ctx {
        Value::Object(o) => Ok(o.clone()),
        Value::String(url) => {
            let text = store
                .get(url)
                .ok_or_else(|| refuse("is an unknown context URL"))?;
            let doc: Value = serde_json::from_str(text).map_err(|_| refuse("is not JSON"))?;
            match doc.get("@context") {
                Some(Value::Object(o)) => Ok(o.clone()),
                _ => Err(refuse("is not a single context object")),
            }
        }
        Value::Array(list) => {
            let mut merged = Map::new();
            for item in list {
                merged.extend(as_object(term, item, store, path)?);
            }
            Ok(merged)
        }
        _ => Err(refuse("is not a context object")),
    }
}

fn rewrite(
    v: &mut Value,
    scoped: &Scoped,
    store: &ContextStore,
    path: &str,
    changed: &mut bool,
    depth: usize,
) -> Result<()> {
    if depth > crate::limits::Limits::MAX_WALK_DEPTH {
        return Ok(());
    }
    match v {
        Value::Array(a) => {
            for (i, x) in a.iter_mut().enumerate() {
                rewrite(
                    x,
                    scoped,
                    store,
                    &format!("{path}[{i}]"),
                    changed,
                    depth.saturating_add(1),
                )?;
            }
        }
        Value::Object(o) => {
            for (k, x) in o.iter_mut() {
                if k != "@context" {
                    let p = format!("{path}.{k}");
                    rewrite(x, scoped, store, &p, changed, depth.saturating_add(1))?;
                }
            }
            let mut types: Vec<String> = Vec::new();
            for key in ["type", "@type"] {
                match o.get(key) {
                    Some(Value::String(s)) => types.push(s.clone()),
                    Some(Value::Array(a)) => {
                        types.extend(a.iter().filter_map(|x| x.as_str().map(str::to_owned)))
                    }
                    _ => {}
                }
            }
            types.sort_unstable();
            types.dedup();
            let with_scope: Vec<&String> = types
                .iter()
                .filter(|t| scoped.defs.contains_key(*t))
                .collect();
            if with_scope.len() >= 2 {
                if let Some(t) = with_scope.iter().find(|t| scoped.ambiguous.contains(**t)) {
                    return Err(Error::unsupported(
                        crate::code::Code::JsonldMultipleScopedTypes,
                        format!(
                            "the node at {path} has several types with type-scoped contexts, and \"{t}\" has different scoped contexts in different places; Kiln cannot expand it exactly"
                        ),
                    ));
                }
                let root_wrap =
                    o.contains_key("@context") && depth == 0 && !o.contains_key("@graph");
                if o.contains_key("@context") && !root_wrap {
                    return Err(Error::unsupported(
                        crate::code::Code::JsonldMultipleScopedTypes,
                        format!(
                            "the node at {path} has several types with type-scoped contexts and an embedded @context; Kiln cannot expand it exactly"
                        ),
                    ));
                }
                let mut merged = Map::new();
                merged.insert("@propagate".into(), Value::Bool(false));
                for t in with_scope.iter().take(with_scope.len().saturating_sub(1)) {
                    let ctx = scoped.defs.get(*t).cloned().unwrap_or(Value::Null);
                    for (k, x) in as_object(t, &ctx, store, path)? {
                        if k != "@propagate" {
                            merged.insert(k, x);
                        }
                    }
                }
                let mut node = std::mem::take(o);
                let outer_context = node.remove("@context");
                let mut rebuilt = Map::with_capacity(node.len().saturating_add(1));
                rebuilt.insert("@context".into(), Value::Object(merged));
                rebuilt.extend(node);
                match outer_context {
                    // The root's own context stays where it is, and the node moves into a
                    // top-level @graph (same default-graph triples), so that the
                    // non-propagated context is the node's embedded one.
                    Some(outer) => {
                        o.insert("@context".into(), outer);
                        o.insert("@graph".into(), Value::Array(vec![Value::Object(rebuilt)]));
                    }
                    None => *o = rebuilt,
                }
                *changed = true;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The document rewritten so that oxjsonld applies every type-scoped
/// context of each node, or `None` when no node needs it.
pub(crate) fn apply_all_type_scopes(doc: &Value, store: &ContextStore) -> Result<Option<Value>> {
    let mut contexts = Vec::new();
    all_contexts(doc, &mut contexts, 0);
    if contexts.is_empty() {
        return Ok(None);
    }
    let mut scoped = Scoped::default();
    let mut seen = BTreeSet::new();
    for c in contexts {
        scoped.collect(c, store, &mut seen, 0)?;
    }
    let mut out = doc.clone();
    let mut changed = false;
    rewrite(&mut out, &scoped, store, "$", &mut changed, 0)?;
    Ok(changed.then_some(out))
}
