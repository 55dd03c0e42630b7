//! Quad emission for the compact processor: walking the document's node
//! objects in their active contexts (JSON-LD 1.1 Expansion for the subset)
//! and emitting their quads directly (Deserialize JSON-LD to RDF).

use super::context::{
    Ctx, Key, Mapping, TermDef, apply, classify, expand_id, expand_vocab, other_keyword,
    url_contexts,
};
use super::{GiveUp, items};
use crate::limits::Limits;
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value};
use std::sync::Arc;

pub(super) struct Emitter<'l> {
    pub(super) quads: Vec<Quad>,
    pub(super) next_blank: u128,
    pub(super) limits: &'l Limits,
    pub(super) fallback_vocab: Option<&'static str>,
    /// What the signed-view check needs to know, when it asks.
    pub(super) trace: Option<Trace>,
    /// Where the quads the top node's `proof` member made are in `quads`,
    /// and whether that member is an alias of `@id` or `@type` instead (see
    /// [`super::Traced::into_unsecured`]).
    pub(super) proof: ProofSpan,
}

/// Where a document's top-level `proof` member's quads are.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct ProofSpan {
    /// The range of the quads it made (none when it made none).
    pub(super) range: Option<(usize, usize)>,
    /// It is an alias of `@id` or `@type`: part of the node's own quads.
    pub(super) mixed: bool,
}

/// Where each quad came from, for the signed-view check (`jsonld::view`):
/// node objects are named by their address in the document, which the
/// check walks too, so it can tell the members it reads from the others.
#[derive(Debug, Default)]
pub(super) struct Trace {
    /// For each quad, in order: its node object and the position of the key
    /// whose value made it among the object's members ([`TYPES`] for the
    /// node's types).
    pub(super) made_by: Vec<(usize, usize)>,
    /// Each node object, its subject and the context its keys expand in
    /// (a list: a credential has a few dozen nodes).
    pub(super) nodes: Vec<(usize, NamedOrBlankNode, Arc<Ctx>)>,
    current: (usize, usize),
}

/// The key position [`Trace::made_by`] gives a node's types.
pub(super) const TYPES: usize = usize::MAX;

/// A node object's name in a [`Trace`]: its address.
pub(super) fn address(m: &Map<String, Value>) -> usize {
    std::ptr::from_ref(m) as usize
}

/// The type strings of a `type` value (a string or an array of strings).
fn type_strings<'v>(k: &str, v: &'v Value, out: &mut Vec<&'v str>) -> Result<(), GiveUp> {
    let beyond = || GiveUp::Value {
        key: k.to_owned(),
        what: "a type that is not a string",
    };
    match v {
        Value::String(s) => out.push(s),
        Value::Array(a) => {
            for x in a {
                out.push(x.as_str().ok_or_else(beyond)?);
            }
        }
        _ => return Err(beyond()),
    }
    Ok(())
}

impl Emitter<'_> {
    pub(super) fn blank(&mut self) -> BlankNode {
        self.next_blank = self.next_blank.wrapping_add(1);
        BlankNode::new_from_unique_id(self.next_blank)
    }

    fn emit(
        &mut self,
        s: &NamedOrBlankNode,
        p: &NamedNode,
        o: Term,
        g: &GraphName,
    ) -> Result<(), GiveUp> {
        if self.quads.len() >= self.limits.max_quads {
            return Err(GiveUp::TooManyQuads);
        }
        if let Some(t) = &mut self.trace {
            t.made_by.push(t.current);
        }
        self.quads
            .push(Quad::new(s.clone(), p.clone(), o, g.clone()));
        Ok(())
    }

    /// Whether JSON-LD expansion drops `key` (no term defines it, or one maps
    /// it to null, and no `@vocab` makes it an IRI: Expansion, step 13.3) with
    /// a value of scalars only. With node objects under it the processor
    /// gives up: oxjsonld 0.2.7 still emits their triples, the algorithm
    /// drops them, and the full processor is the one to say so.
    fn dropped(&self, ctx: &Ctx, key: &str, v: &Value) -> bool {
        let scalar = |x: &Value| !matches!(x, Value::Object(_) | Value::Array(_));
        !key.is_empty()
            && !key.starts_with('@')
            && !key.contains(':')
            && ctx.vocab.is_none()
            && self.fallback_vocab.is_none()
            && ctx
                .terms
                .get(key)
                .is_none_or(|d| matches!(d.mapping, Mapping::Null))
            && items(v).iter().all(scalar)
    }

    /// Why a key that is neither `@id`, `@type` nor a property is beyond the
    /// processor.
    fn key_beyond(&self, ctx: &Ctx, key: &str) -> GiveUp {
        if let Some(k) = other_keyword(ctx, key) {
            return GiveUp::Keyword(k.to_owned());
        }
        if key.contains(':') && !ctx.terms.contains_key(key) {
            return GiveUp::IriKey(key.to_owned());
        }
        GiveUp::UndefinedKey(key.to_owned())
    }

    /// Expands a node object and emits its triples; returns its subject.
    pub(super) fn node(
        &mut self,
        active: &Arc<Ctx>,
        property_scoped: Option<&'static Value>,
        m: &Map<String, Value>,
        graph: &GraphName,
        depth: usize,
    ) -> Result<NamedOrBlankNode, GiveUp> {
        if depth > self.limits.max_json_depth {
            return Err(GiveUp::TooDeep);
        }
        let mut ctx = Arc::clone(active);
        // A key that is (or aliases) a keyword other than @id and @type, such
        // as @value, @list or @set: a value object or the like, outside the
        // subset. Checked before a type-scoped context reverts (Expansion,
        // step 7, looks for @value in the context before reverting).
        if let Some(k) = m.keys().find_map(|k| other_keyword(&ctx, k)) {
            return Err(GiveUp::Keyword(k.to_owned()));
        }
        // Traced, the context a key of this node would expand in: for a
        // node with only an id, the one it would have with more keys.
        let mut keys_ctx: Option<Arc<Ctx>> = None;
        if let Some(prev) = &ctx.previous {
            let only_id = m.len() == 1
                && m.keys().next().is_some_and(|k| {
                    matches!(classify(&ctx, k, self.fallback_vocab), Some(Key::Id))
                });
            if !only_id {
                ctx = Arc::clone(prev);
            } else if self.trace.is_some() {
                keys_ctx = Some(Arc::clone(prev));
            }
        }
        if let Some(local) = property_scoped {
            ctx = apply(&ctx, local, true, true)?;
            if let Some(k) = keys_ctx {
                keys_ctx = Some(apply(&k, local, true, true)?);
            }
        }
        if let Some(embedded) = m.get("@context") {
            for local in url_contexts(embedded)? {
                ctx = apply(&ctx, local, false, true)?;
            }
        }
        // Type-scoped contexts, looked up in the context before them.
        let type_ctx = Arc::clone(&ctx);
        let mut types: Vec<&str> = Vec::new();
        for (k, v) in m {
            if k == "@context" {
                continue;
            }
            if let Some(Key::Type) = classify(&type_ctx, k, self.fallback_vocab) {
                type_strings(k, v, &mut types)?;
            }
        }
        // Every type's scoped context, in code point order of the type terms,
        // each on top of the one before and none propagated (JSON-LD 1.1
        // Expansion, step 11): a node with several scoped types, such as a
        // `ClrCredential` (its own and `VerifiableCredential`'s), gets them all.
        crate::sort_few(&mut types);
        types.dedup();
        for t in &types {
            if let Some(local) = type_ctx.terms.get(*t).and_then(|d| d.scoped) {
                ctx = apply(&ctx, local, false, false)?;
            }
        }
        // Every other key expands in the final context.
        let mut id: Option<&str> = None;
        let mut props: Vec<(&str, Arc<TermDef>, &Value)> = Vec::with_capacity(m.len());
        for (k, v) in m {
            if k == "@context" {
                continue;
            }
            let was_type = matches!(classify(&type_ctx, k, self.fallback_vocab), Some(Key::Type));
            let Some(key) = classify(&ctx, k, self.fallback_vocab) else {
                if self.dropped(&ctx, k, v) {
                    continue;
                }
                return Err(self.key_beyond(&ctx, k));
            };
            if depth == 0 && k == "proof" && matches!(key, Key::Id | Key::Type) {
                self.proof.mixed = true;
            }
            match key {
                Key::Type if was_type => {}
                Key::Id if !was_type => {
                    if id.is_some() {
                        return Err(GiveUp::Value {
                            key: k.clone(),
                            what: "a second id",
                        });
                    }
                    id = Some(v.as_str().ok_or_else(|| GiveUp::Value {
                        key: k.clone(),
                        what: "an id that is not a string",
                    })?);
                }
                Key::Prop(d) if !was_type => props.push((k, Arc::clone(d), v)),
                Key::Vocab(iri) if !was_type => props.push((k, Arc::new(TermDef::plain(iri)), v)),
                _ => {
                    return Err(GiveUp::Value {
                        key: k.clone(),
                        what: "a key whose meaning a type-scoped context changes",
                    });
                }
            }
        }
        let subject: NamedOrBlankNode = match id {
            Some(s) => expand_id(&ctx, s)?.into(),
            None => self.blank().into(),
        };
        let here = address(m);
        let caller = self.trace.as_mut().map(|t| {
            let keys_ctx = keys_ctx.unwrap_or_else(|| Arc::clone(&ctx));
            t.nodes.push((here, subject.clone(), keys_ctx));
            std::mem::replace(&mut t.current, (here, TYPES))
        });
        let type_pred = rdf::TYPE.into_owned();
        for t in &types {
            let iri = expand_vocab(&type_ctx, t, self.fallback_vocab)?;
            self.emit(&subject, &type_pred, iri.into(), graph)?;
        }
        for (k, def, v) in props {
            if let Some(t) = &mut self.trace {
                t.current = (here, m.keys().position(|x| x == k).unwrap_or(TYPES));
            }
            let start = self.quads.len();
            self.property(&ctx, k, &def, v, &subject, graph, depth)?;
            if depth == 0 && k == "proof" {
                self.proof.range = Some((start, self.quads.len()));
            }
        }
        if let (Some(t), Some(caller)) = (&mut self.trace, caller) {
            t.current = caller;
        }
        Ok(subject)
    }

    #[allow(clippy::too_many_arguments)]
    fn property(
        &mut self,
        ctx: &Arc<Ctx>,
        key: &str,
        def: &TermDef,
        v: &Value,
        subject: &NamedOrBlankNode,
        graph: &GraphName,
        depth: usize,
    ) -> Result<(), GiveUp> {
        if let Some(feature) = def.unsupported {
            return Err(GiveUp::TermFeature {
                term: key.to_owned(),
                feature,
            });
        }
        let predicate = def
            .iri()
            .ok_or_else(|| GiveUp::UndefinedKey(key.to_owned()))?;
        let in_graph = match def
            .container
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice()
        {
            [] | ["@set"] => false,
            ["@graph"] | ["@graph", "@set"] => true,
            ["@list"] => return self.list(ctx, key, def, v, subject, predicate, graph, depth),
            _ => {
                return Err(GiveUp::TermFeature {
                    term: key.to_owned(),
                    feature: "a container other than @set, @list and @graph",
                });
            }
        };
        for item in items(v) {
            match item {
                Value::Object(o) if in_graph => {
                    let g = self.blank();
                    let gname = GraphName::BlankNode(g.clone());
                    self.node(ctx, def.scoped, o, &gname, depth.saturating_add(1))?;
                    self.emit(subject, predicate, g.into(), graph)?;
                }
                Value::Null => {}
                _ if in_graph => {
                    return Err(GiveUp::Value {
                        key: key.to_owned(),
                        what: "a graph container holding something other than objects",
                    });
                }
                _ => {
                    if let Some(object) = self.object(ctx, key, def, item, graph, depth)? {
                        self.emit(subject, predicate, object, graph)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The RDF object of one item of a property's value: a node object's
    /// subject (its triples emitted) or a scalar's term; `None` for null,
    /// which is dropped; an error (give up) for an array in an array.
    fn object(
        &mut self,
        ctx: &Arc<Ctx>,
        key: &str,
        def: &TermDef,
        item: &Value,
        graph: &GraphName,
        depth: usize,
    ) -> Result<Option<Term>, GiveUp> {
        Ok(Some(match item {
            Value::Null => return Ok(None),
            Value::Array(_) => {
                return Err(GiveUp::Value {
                    key: key.to_owned(),
                    what: "an array inside an array",
                });
            }
            Value::Object(o) => self
                .node(ctx, def.scoped, o, graph, depth.saturating_add(1))?
                .into(),
            scalar => self.scalar(ctx, key, def, scalar)?,
        }))
    }

    /// A property with `"@container": "@list"`: the items (nulls dropped) as
    /// an RDF collection, `rdf:first` / `rdf:rest` down to `rdf:nil` (JSON-LD
    /// 1.1 List Conversion). A list inside a list is outside the subset.
    #[allow(clippy::too_many_arguments)]
    fn list(
        &mut self,
        ctx: &Arc<Ctx>,
        key: &str,
        def: &TermDef,
        v: &Value,
        subject: &NamedOrBlankNode,
        predicate: &NamedNode,
        graph: &GraphName,
        depth: usize,
    ) -> Result<(), GiveUp> {
        let mut objects: Vec<Term> = Vec::new();
        for item in items(v) {
            objects.extend(self.object(ctx, key, def, item, graph, depth)?);
        }
        let nil: Term = rdf::NIL.into_owned().into();
        let (first, rest) = (rdf::FIRST.into_owned(), rdf::REST.into_owned());
        let cells: Vec<BlankNode> = objects.iter().map(|_| self.blank()).collect();
        let head: Term = cells
            .first()
            .map_or_else(|| nil.clone(), |b| b.clone().into());
        for (i, (cell, object)) in cells.iter().zip(objects).enumerate() {
            let cell: NamedOrBlankNode = cell.clone().into();
            self.emit(&cell, &first, object, graph)?;
            let next = cells
                .get(i.saturating_add(1))
                .map_or_else(|| nil.clone(), |b| b.clone().into());
            self.emit(&cell, &rest, next, graph)?;
        }
        self.emit(subject, predicate, head, graph)
    }

    fn scalar(
        &mut self,
        ctx: &Arc<Ctx>,
        key: &str,
        def: &TermDef,
        v: &Value,
    ) -> Result<Term, GiveUp> {
        // A property-scoped context applies to the value too.
        let scoped_ctx;
        let scoped_def;
        let (vctx, vdef): (&Ctx, &TermDef) = match def.scoped {
            Some(local) => {
                scoped_ctx = apply(ctx, local, true, true)?;
                scoped_def = scoped_ctx
                    .terms
                    .get(key)
                    .cloned()
                    .ok_or_else(|| GiveUp::Definition(key.to_owned()))?;
                (&scoped_ctx, &scoped_def)
            }
            None => (ctx, def),
        };
        if let Some(feature) = vdef.unsupported {
            return Err(GiveUp::TermFeature {
                term: key.to_owned(),
                feature,
            });
        }
        let beyond = |what: &'static str| GiveUp::Value {
            key: key.to_owned(),
            what,
        };
        match (vdef.type_mapping.as_deref(), v) {
            (Some("@id"), Value::String(s)) => Ok(expand_id(vctx, s)?.into()),
            (Some("@vocab"), Value::String(s)) => {
                Ok(expand_vocab(vctx, s, self.fallback_vocab)?.into())
            }
            (Some(t), Value::String(s)) if !t.starts_with('@') => {
                Ok(Literal::new_typed_literal(s.as_str(), NamedNode::new_unchecked(t)).into())
            }
            // JSON-LD 1.1 object-to-RDF: a native boolean keeps its canonical
            // lexical form and takes the coerced datatype (OB's `hashed`).
            (Some(t), Value::Bool(b)) if !t.starts_with('@') => Ok(Literal::new_typed_literal(
                if *b { "true" } else { "false" },
                NamedNode::new_unchecked(t),
            )
            .into()),
            // An integer under a coerced datatype other than xsd:double (OB's
            // `creditsEarned` is xsd:float): the canonical integer form, with
            // that datatype (JSON-LD 1.1 object-to-RDF, step 10).
            (Some(t), Value::Number(n))
                if !t.starts_with('@')
                    && t != xsd::DOUBLE.as_str()
                    && (n.is_i64() || n.is_u64()) =>
            {
                Ok(Literal::new_typed_literal(
                    crate::credential::number_text(n),
                    NamedNode::new_unchecked(t),
                )
                .into())
            }
            (Some(_), _) => Err(beyond("a value its type coercion does not cover")),
            (None, _) if vctx.language => Err(GiveUp::DefaultLanguage),
            (None, Value::String(s)) => Ok(Literal::new_simple_literal(s.as_str()).into()),
            (None, Value::Bool(b)) => Ok(Literal::new_typed_literal(
                if *b { "true" } else { "false" },
                xsd::BOOLEAN,
            )
            .into()),
            (None, Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(Literal::new_typed_literal(
                crate::credential::number_text(n),
                xsd::INTEGER,
            )
            .into()),
            (None, Value::Number(_)) => Err(beyond("a number that is not an integer")),
            _ => Err(beyond("a value it does not cover")),
        }
    }
}
