//! A fast path from JSON-LD to RDF for the documents Kiln sees every day:
//! credentials whose `@context` lists only bundled context URLs and whose
//! every key and type is a term those contexts define.
//!
//! It follows the JSON-LD 1.1 Expansion and Deserialize-JSON-LD-to-RDF
//! algorithms for that subset, and keeps the processed contexts: each
//! bundled context is parsed once per process, and each "context applied on
//! top of an active context" is computed once and kept in a bounded cache
//! (the same bundled contexts come up in every credential, and oxjsonld
//! spends most of its time re-processing them).
//!
//! Anything outside the subset makes it give up (`None`), and the caller
//! uses the full oxjsonld path, which also produces every error message.
//! Giving up is never wrong, only slower. The subset: every `@context` is
//! a bundled URL, an inline context object (term definitions, `@protected`,
//! `@version`, `@vocab`, `@language`), or a list of them; keys are
//! `id`/`type` aliases (or `@id`/`@type`), terms with an IRI mapping, or
//! (without a colon) made IRIs by `@vocab`; at most one type of a node with
//! a type-scoped context (see `scoped.rs`); values are strings, booleans,
//! integers (plain, or under a coerced datatype other than `xsd:double`),
//! node objects and arrays of them; containers `@set`, `@graph` and
//! `@list`. Outside it: relative or blank-node ids, value objects, language
//! maps, reverse or nested properties, default languages, other numbers.

use super::contexts::BUNDLED;
use super::scoped;
use crate::Limits;
use oxrdf::vocab::{rdf, xsd};
use oxrdf::{BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, OnceLock};

/// Most processed contexts the cache keeps (a few dozen cover every
/// bundled context and its scoped contexts in practice; past it, contexts
/// are processed on each use).
const MAX_CACHED: usize = 512;
/// Nesting of context URLs inside contexts.
const MAX_CONTEXT_DEPTH: usize = 8;
/// Most distinct inline contexts kept (see [`intern`]), and the largest one,
/// as compact JSON: at most 2 MiB kept for the life of the process.
const MAX_INLINE: usize = 128;
const MAX_INLINE_BYTES: usize = 16 * 1024;

/// An inline context object, kept for the life of the process so that the
/// cache of processed contexts can key on it as on a bundled one (issuers
/// add the same one or two terms to every credential they sign). Distinct
/// inline contexts are counted by their JSON text; past [`MAX_INLINE`] of
/// them, or for one larger than [`MAX_INLINE_BYTES`], the fast path gives up.
fn intern(v: &Value) -> Option<&'static Value> {
    static INLINE: OnceLock<Mutex<HashMap<String, &'static Value>>> = OnceLock::new();
    let key = serde_json::to_string(v).ok()?;
    if key.len() > MAX_INLINE_BYTES {
        return None;
    }
    let mut kept = INLINE.get_or_init(Mutex::default).lock().ok()?;
    if let Some(v) = kept.get(&key) {
        return Some(v);
    }
    if kept.len() >= MAX_INLINE {
        return None;
    }
    let leaked: &'static Value = Box::leak(Box::new(v.clone()));
    kept.insert(key, leaked);
    Some(leaked)
}

/// The bundled contexts, each parsed once: URL -> its `@context` value.
fn bundled() -> &'static HashMap<&'static str, Value> {
    static PARSED: OnceLock<HashMap<&'static str, Value>> = OnceLock::new();
    PARSED.get_or_init(|| {
        BUNDLED
            .iter()
            .filter_map(|(url, text)| {
                let mut doc: Value = serde_json::from_str(text).ok()?;
                let ctx = doc.get_mut("@context").map(Value::take)?;
                Some((*url, ctx))
            })
            .collect()
    })
}

#[derive(Debug, Clone, PartialEq)]
enum Mapping {
    Null,
    Keyword(String),
    Iri(NamedNode),
}

#[derive(Debug, Clone, PartialEq)]
struct TermDef {
    mapping: Mapping,
    prefix: bool,
    protected: bool,
    /// Expanded `@type`: `@id`, `@vocab`, `@json`, `@none` or a datatype IRI.
    type_mapping: Option<String>,
    container: Vec<String>,
    /// The term's scoped context (a value inside a bundled context).
    scoped: Option<&'static Value>,
    /// `@reverse`, `@language`, `@direction`, `@index` or `@nest`: the
    /// fast path gives up when the term is used.
    unsupported: bool,
}

impl TermDef {
    /// The definition a key made by `@vocab` behaves as: an IRI, nothing else.
    fn plain(iri: NamedNode) -> TermDef {
        TermDef {
            mapping: Mapping::Iri(iri),
            prefix: false,
            protected: false,
            type_mapping: None,
            container: Vec::new(),
            scoped: None,
            unsupported: false,
        }
    }

    fn same_except_protected(&self, other: &TermDef) -> bool {
        self.mapping == other.mapping
            && self.prefix == other.prefix
            && self.type_mapping == other.type_mapping
            && self.container == other.container
            && self.scoped == other.scoped
            && self.unsupported == other.unsupported
    }

    fn iri(&self) -> Option<&NamedNode> {
        match &self.mapping {
            Mapping::Iri(n) => Some(n),
            _ => None,
        }
    }
}

/// An active context.
#[derive(Debug, Clone, Default)]
struct Ctx {
    id: u64,
    terms: HashMap<String, Arc<TermDef>>,
    vocab: Option<String>,
    /// A default language or direction is set.
    language: bool,
    previous: Option<Arc<Ctx>>,
}

#[derive(Default)]
struct Cache {
    next_id: u64,
    root: Option<Arc<Ctx>>,
    /// (active context id, address of the local context value, override
    /// protected, propagate) -> result, or `None` when the fast path cannot
    /// process it.
    applied: HashMap<(u64, usize, bool, bool), Option<Arc<Ctx>>>,
}

impl Cache {
    fn fresh_id(&mut self) -> u64 {
        self.next_id = self.next_id.wrapping_add(1);
        self.next_id
    }
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Cache::default()))
}

fn root_ctx() -> Option<Arc<Ctx>> {
    let mut c = cache().lock().ok()?;
    if let Some(r) = &c.root {
        return Some(Arc::clone(r));
    }
    let id = c.fresh_id();
    let root = Arc::new(Ctx {
        id,
        ..Ctx::default()
    });
    c.root = Some(Arc::clone(&root));
    Some(root)
}

/// `local` (a value inside a bundled context) applied on `active`, cached.
fn apply(
    active: &Arc<Ctx>,
    local: &'static Value,
    override_protected: bool,
    propagate: bool,
) -> Option<Arc<Ctx>> {
    let key = (
        active.id,
        std::ptr::from_ref(local) as usize,
        override_protected,
        propagate,
    );
    if let Some(hit) = cache().lock().ok()?.applied.get(&key) {
        return hit.clone();
    }
    let computed = process(active, local, override_protected, propagate);
    let mut c = cache().lock().ok()?;
    let computed = computed.map(|mut ctx| {
        ctx.id = c.fresh_id();
        Arc::new(ctx)
    });
    if c.applied.len() < MAX_CACHED {
        c.applied.insert(key, computed.clone());
    }
    computed
}

/// The Context Processing algorithm (JSON-LD 1.1 API section 4.1) for
/// bundled contexts; `None` when the context is outside the subset or
/// in error (the full path then reports the error).
fn process(
    active: &Arc<Ctx>,
    local: &'static Value,
    override_protected: bool,
    mut propagate: bool,
) -> Option<Ctx> {
    let mut result = (**active).clone();
    if let Value::Object(o) = local {
        if let Some(p) = o.get("@propagate") {
            propagate = p.as_bool()?;
        }
    }
    if !propagate && result.previous.is_none() {
        result.previous = Some(Arc::clone(active));
    }
    process_into(&mut result, local, override_protected, true, 0)?;
    Some(result)
}

/// `validate_scoped`: whether term definitions' scoped contexts are
/// processed (on a copy) to find their errors, as JSON-LD 1.1 asks (Create
/// Term Definition, step 21); they are not when validating one.
fn process_into(
    result: &mut Ctx,
    local: &'static Value,
    override_protected: bool,
    validate_scoped: bool,
    depth: usize,
) -> Option<()> {
    if depth > MAX_CONTEXT_DEPTH {
        return None;
    }
    for ctx in items(local) {
        match ctx {
            Value::String(url) => {
                let inner = bundled().get(url.as_str())?;
                if inner.get("@propagate").is_some() {
                    return None;
                }
                process_into(
                    result,
                    inner,
                    false,
                    validate_scoped,
                    depth.saturating_add(1),
                )?;
            }
            Value::Object(o) => define_all(result, o, override_protected, validate_scoped, depth)?,
            _ => return None,
        }
    }
    Some(())
}

fn define_all(
    result: &mut Ctx,
    o: &'static Map<String, Value>,
    override_protected: bool,
    validate_scoped: bool,
    depth: usize,
) -> Option<()> {
    for key in o.keys() {
        match key.as_str() {
            "@version" | "@propagate" | "@protected" => {}
            "@vocab" => {}
            "@language" | "@direction" => result.language = true,
            k if k.starts_with('@') => return None,
            _ => {}
        }
    }
    if let Some(v) = o.get("@vocab") {
        match v {
            Value::Null => result.vocab = None,
            Value::String(s) => {
                let (prefix, _) = s.split_once(':')?;
                if prefix == "_" || result.terms.get(prefix).is_some_and(|d| d.prefix) {
                    return None;
                }
                result.vocab = Some(s.clone());
            }
            _ => return None,
        }
    }
    let protected = match o.get("@protected") {
        None => false,
        Some(p) => p.as_bool()?,
    };
    let mut defined: HashMap<&'static str, bool> = HashMap::new();
    let mut env = Definer {
        result,
        local: o,
        defined: &mut defined,
        protected,
        override_protected,
        validate_scoped,
        depth,
    };
    for term in o.keys() {
        if !term.starts_with('@') {
            env.define(term)?;
        }
    }
    Some(())
}

struct Definer<'a> {
    result: &'a mut Ctx,
    local: &'static Map<String, Value>,
    defined: &'a mut HashMap<&'static str, bool>,
    protected: bool,
    override_protected: bool,
    validate_scoped: bool,
    depth: usize,
}

const GEN_DELIMS: &[char] = &[':', '/', '?', '#', '[', ']', '@'];

impl Definer<'_> {
    /// Create Term Definition (JSON-LD 1.1 API section 4.2).
    fn define(&mut self, term: &'static str) -> Option<()> {
        match self.defined.get(term) {
            Some(true) => return Some(()),
            Some(false) => return None,
            None => {}
        }
        self.defined.insert(term, false);
        let value = self.local.get(term)?;
        let previous = self.result.terms.remove(term);
        let empty: &'static Map<String, Value> = empty_map();
        let (m, simple) = match value {
            Value::Null => (empty, false),
            Value::String(_) => (empty, true),
            Value::Object(m) => (m, false),
            _ => return None,
        };
        let mut def = TermDef {
            mapping: Mapping::Null,
            prefix: false,
            protected: match m.get("@protected") {
                None => self.protected,
                Some(p) => p.as_bool()?,
            },
            type_mapping: None,
            container: Vec::new(),
            scoped: None,
            unsupported: false,
        };
        for k in m.keys() {
            match k.as_str() {
                "@id" | "@type" | "@container" | "@context" | "@prefix" | "@protected" => {}
                "@reverse" | "@language" | "@direction" | "@index" | "@nest" => {
                    def.unsupported = true
                }
                _ => return None,
            }
        }
        if let Some(t) = m.get("@type") {
            let t = self.expand(t.as_str()?, true)?;
            if !matches!(t.as_str(), "@id" | "@vocab" | "@json" | "@none") {
                NamedNode::new(t.as_str()).ok()?;
            }
            def.type_mapping = Some(t);
        }
        let id = match value {
            Value::String(s) => Some(Some(s.as_str())),
            Value::Null => Some(None),
            _ => match m.get("@id") {
                None => None,
                Some(Value::Null) => Some(None),
                Some(Value::String(s)) => Some(Some(s.as_str())),
                Some(_) => return None,
            },
        };
        match id {
            Some(None) => def.mapping = Mapping::Null,
            Some(Some(s)) if s != term => {
                if s.starts_with('@') {
                    if s == "@context" {
                        return None;
                    }
                    def.mapping = Mapping::Keyword(s.to_owned());
                } else {
                    let iri = self.expand(s, true)?;
                    if iri.starts_with("_:") || !iri.contains(':') {
                        return None;
                    }
                    if !term.contains(':')
                        && !term.contains('/')
                        && simple
                        && iri.ends_with(GEN_DELIMS)
                    {
                        def.prefix = true;
                    }
                    def.mapping = Mapping::Iri(NamedNode::new(iri).ok()?);
                }
            }
            _ => {
                // No @id (or @id equal to the term).
                let iri = if let Some((prefix, suffix)) = term.split_once(':') {
                    if self.local.contains_key(prefix) {
                        self.define(self.local.get_key_value(prefix)?.0)?;
                    }
                    match self.result.terms.get(prefix).and_then(|d| d.iri()) {
                        Some(p) if !suffix.starts_with("//") => format!("{}{suffix}", p.as_str()),
                        _ => term.to_owned(),
                    }
                } else if term.contains('/') {
                    return None;
                } else {
                    format!("{}{term}", self.result.vocab.as_deref()?)
                };
                def.mapping = Mapping::Iri(NamedNode::new(iri).ok()?);
            }
        }
        if let Some(c) = m.get("@container") {
            let mut list: Vec<String> = match c {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map(str::to_owned))
                    .collect::<Option<_>>()?,
                _ => return None,
            };
            list.sort();
            def.container = list;
        }
        if let Some(c) = m.get("@context") {
            if self.validate_scoped {
                let mut trial = self.result.clone();
                process_into(&mut trial, c, true, false, self.depth.saturating_add(1))?;
            }
            def.scoped = Some(c);
        }
        if let Some(p) = m.get("@prefix") {
            def.prefix = p.as_bool()?;
        }
        if !self.override_protected {
            if let Some(prev) = previous {
                if prev.protected {
                    if !prev.same_except_protected(&def) {
                        // Protected term redefinition: the full path reports it.
                        return None;
                    }
                    self.result.terms.insert(term.to_owned(), prev);
                    self.defined.insert(term, true);
                    return Some(());
                }
            }
        }
        self.result.terms.insert(term.to_owned(), Arc::new(def));
        self.defined.insert(term, true);
        Some(())
    }

    /// IRI Expansion (section 5.2) inside context processing.
    fn expand(&mut self, value: &str, vocab: bool) -> Option<String> {
        if value.starts_with('@') {
            return Some(value.to_owned());
        }
        if let Some((k, _)) = self.local.get_key_value(value) {
            if self.defined.get(k.as_str()) != Some(&true) {
                self.define(k)?;
            }
        }
        if vocab {
            if let Some(d) = self.result.terms.get(value) {
                return match &d.mapping {
                    Mapping::Iri(n) => Some(n.as_str().to_owned()),
                    Mapping::Keyword(k) => Some(k.clone()),
                    Mapping::Null => None,
                };
            }
        }
        if let Some((prefix, suffix)) = value.split_once(':') {
            if prefix.is_empty() {
                return None;
            }
            if prefix == "_" || suffix.starts_with("//") {
                return Some(value.to_owned());
            }
            if let Some((k, _)) = self.local.get_key_value(prefix) {
                if self.defined.get(k.as_str()) != Some(&true) {
                    self.define(k)?;
                }
            }
            if let Some(d) = self.result.terms.get(prefix) {
                if let (Mapping::Iri(p), true) = (&d.mapping, d.prefix) {
                    return Some(format!("{}{suffix}", p.as_str()));
                }
            }
            return Some(value.to_owned());
        }
        if vocab {
            return self.result.vocab.as_ref().map(|v| format!("{v}{value}"));
        }
        None
    }
}

/// A JSON-LD value as its items: an array's elements, or the value alone.
fn items(v: &Value) -> &[Value] {
    match v {
        Value::Array(a) => a,
        other => std::slice::from_ref(other),
    }
}

fn empty_map() -> &'static Map<String, Value> {
    static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

/// The contexts an `@context` value names: bundled URLs and inline objects.
fn url_contexts(v: &Value) -> Option<Vec<&'static Value>> {
    let one = |item: &Value| {
        let local = match item {
            Value::String(url) => bundled().get(url.as_str())?,
            Value::Object(_) => intern(item)?,
            _ => return None,
        };
        if local.get("@propagate").is_some() {
            return None;
        }
        Some(local)
    };
    items(v).iter().map(one).collect()
}

/// For each bundled context URL, the type terms with a scoped context in it
/// or the contexts it loads, as `scoped.rs` collects them.
fn scoped_types_by_url() -> &'static HashMap<&'static str, BTreeSet<String>> {
    static SETS: OnceLock<HashMap<&'static str, BTreeSet<String>>> = OnceLock::new();
    SETS.get_or_init(|| {
        let store = super::ContextStore::bundled();
        BUNDLED
            .iter()
            .filter_map(|(url, _)| {
                let set =
                    scoped::scoped_type_terms(&Value::String((*url).to_owned()), &store).ok()?;
                Some((*url, set))
            })
            .collect()
    })
}

/// The scoped-type sets of every context anywhere in the document.
fn doc_scoped_types(
    v: &Value,
    out: &mut Vec<Cow<'static, BTreeSet<String>>>,
    depth: usize,
) -> Option<()> {
    if depth > crate::Limits::MAX_WALK_DEPTH {
        return None;
    }
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                if k == "@context" {
                    for item in items(x) {
                        match item {
                            Value::String(url) => {
                                let set = scoped_types_by_url().get(url.as_str())?;
                                if !out
                                    .iter()
                                    .any(|s| matches!(s, Cow::Borrowed(b) if std::ptr::eq(*b, set)))
                                {
                                    out.push(Cow::Borrowed(set));
                                }
                            }
                            Value::Object(_) => {
                                let store = super::ContextStore::bundled();
                                let set = scoped::scoped_type_terms(item, &store).ok()?;
                                if !set.is_empty() {
                                    out.push(Cow::Owned(set));
                                }
                            }
                            _ => return None,
                        }
                    }
                } else {
                    doc_scoped_types(x, out, depth.saturating_add(1))?;
                }
            }
        }
        Value::Array(a) => {
            for x in a {
                doc_scoped_types(x, out, depth.saturating_add(1))?;
            }
        }
        _ => {}
    }
    Some(())
}

struct Emitter<'l> {
    quads: Vec<Quad>,
    next_blank: u128,
    limits: &'l Limits,
    scoped_types: Vec<Cow<'static, BTreeSet<String>>>,
    fallback_vocab: Option<&'static str>,
}

enum Key<'d> {
    Id,
    Type,
    Prop(&'d Arc<TermDef>),
    /// A key no term defines, made an IRI by the context's `@vocab`.
    Vocab(NamedNode),
}

fn classify<'c>(ctx: &'c Ctx, key: &str, fallback: Option<&str>) -> Option<Key<'c>> {
    match key {
        "@id" => return Some(Key::Id),
        "@type" => return Some(Key::Type),
        k if k.starts_with('@') => return None,
        _ => {}
    }
    let Some(d) = ctx.terms.get(key) else {
        return vocab_iri(ctx, key, fallback).map(Key::Vocab);
    };
    match &d.mapping {
        Mapping::Keyword(k) if k == "@id" => Some(Key::Id),
        Mapping::Keyword(k) if k == "@type" => Some(Key::Type),
        Mapping::Iri(_) => Some(Key::Prop(d)),
        _ => None,
    }
}

/// Whether `key` is a keyword other than `@id`, `@type` and `@context`, or
/// a term aliasing one.
fn other_keyword(ctx: &Ctx, key: &str) -> bool {
    if key.starts_with('@') {
        return !matches!(key, "@id" | "@type" | "@context");
    }
    matches!(ctx.terms.get(key).map(|d| &d.mapping), Some(Mapping::Keyword(k)) if k != "@id" && k != "@type")
}

/// An `@id` value: IRI expansion with `document relative` and no vocab.
fn expand_id(ctx: &Ctx, s: &str) -> Option<NamedNode> {
    let (prefix, suffix) = s.split_once(':')?;
    if prefix.is_empty() || prefix == "_" || s.starts_with('@') {
        return None;
    }
    if !suffix.starts_with("//") {
        if let Some(d) = ctx.terms.get(prefix) {
            if let (Mapping::Iri(p), true) = (&d.mapping, d.prefix) {
                return NamedNode::new(format!("{}{suffix}", p.as_str())).ok();
            }
        }
    }
    NamedNode::new(s).ok()
}

/// A type or `@vocab` value: only terms with an IRI mapping.
fn expand_vocab(ctx: &Ctx, s: &str, fallback: Option<&str>) -> Option<NamedNode> {
    match ctx.terms.get(s) {
        Some(d) => d.iri().cloned(),
        // An absolute or compact IRI: IRI Expansion, steps 6 and 7 (the same
        // as for an `@id` value once no term matched).
        None if s.contains(':') => expand_id(ctx, s),
        None => vocab_iri(ctx, s, fallback),
    }
}

/// A key or type value no term defines, as the context's `@vocab` makes it
/// an IRI (IRI Expansion, step 8), or else `fallback` (the vocabulary of a
/// context put before the document's own: safe mode's sentinel); values
/// with a colon are outside the subset.
fn vocab_iri(ctx: &Ctx, s: &str, fallback: Option<&str>) -> Option<NamedNode> {
    if s.is_empty() || s.contains(':') {
        return None;
    }
    NamedNode::new(format!("{}{s}", ctx.vocab.as_deref().or(fallback)?)).ok()
}

impl Emitter<'_> {
    fn blank(&mut self) -> BlankNode {
        self.next_blank = self.next_blank.wrapping_add(1);
        BlankNode::new_from_unique_id(self.next_blank)
    }

    fn emit(&mut self, s: &NamedOrBlankNode, p: &NamedNode, o: Term, g: &GraphName) -> Option<()> {
        if self.quads.len() >= self.limits.max_quads {
            return None;
        }
        self.quads
            .push(Quad::new(s.clone(), p.clone(), o, g.clone()));
        Some(())
    }

    /// Whether JSON-LD expansion drops `key` (no term defines it, or one maps
    /// it to null, and no `@vocab` makes it an IRI: Expansion, step 13.3) with
    /// a value of scalars only. With node objects under it the fast path
    /// gives up: oxjsonld 0.2.7 still emits their triples, the algorithm
    /// drops them, and the full path is the one to say so.
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

    /// Expands a node object and emits its triples; returns its subject.
    fn node(
        &mut self,
        active: &Arc<Ctx>,
        property_scoped: Option<&'static Value>,
        m: &Map<String, Value>,
        graph: &GraphName,
        depth: usize,
    ) -> Option<NamedOrBlankNode> {
        if depth > self.limits.max_json_depth {
            return None;
        }
        let mut ctx = Arc::clone(active);
        // A key that is (or aliases) a keyword other than @id and @type, such
        // as @value, @list or @set: a value object or the like, outside the
        // subset. Checked before a type-scoped context reverts (Expansion,
        // step 7, looks for @value in the context before reverting).
        if m.keys().any(|k| other_keyword(&ctx, k)) {
            return None;
        }
        if let Some(prev) = &ctx.previous {
            let only_id = m.len() == 1
                && m.keys().next().is_some_and(|k| {
                    matches!(classify(&ctx, k, self.fallback_vocab), Some(Key::Id))
                });
            if !only_id {
                ctx = Arc::clone(prev);
            }
        }
        if let Some(local) = property_scoped {
            ctx = apply(&ctx, local, true, true)?;
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
                match v {
                    Value::String(s) => types.push(s),
                    Value::Array(a) => {
                        for x in a {
                            types.push(x.as_str()?);
                        }
                    }
                    _ => return None,
                }
            }
        }
        types.sort_unstable();
        types.dedup();
        if types
            .iter()
            .filter(|t| self.scoped_types.iter().any(|s| s.contains(**t)))
            .count()
            >= 2
        {
            return None;
        }
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
                return None;
            };
            match key {
                Key::Type if was_type => {}
                Key::Id if !was_type => {
                    if id.is_some() {
                        return None;
                    }
                    id = Some(v.as_str()?);
                }
                Key::Prop(d) if !was_type => props.push((k, Arc::clone(d), v)),
                Key::Vocab(iri) if !was_type => props.push((k, Arc::new(TermDef::plain(iri)), v)),
                _ => return None,
            }
        }
        let subject: NamedOrBlankNode = match id {
            Some(s) => expand_id(&ctx, s)?.into(),
            None => self.blank().into(),
        };
        let type_pred = rdf::TYPE.into_owned();
        for t in &types {
            let iri = expand_vocab(&type_ctx, t, self.fallback_vocab)?;
            self.emit(&subject, &type_pred, iri.into(), graph)?;
        }
        for (k, def, v) in props {
            self.property(&ctx, k, &def, v, &subject, graph, depth)?;
        }
        Some(subject)
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
    ) -> Option<()> {
        if def.unsupported {
            return None;
        }
        let predicate = def.iri()?;
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
            _ => return None,
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
                _ if in_graph => return None,
                _ => {
                    if let Some(object) = self.object(ctx, key, def, item, graph, depth)? {
                        self.emit(subject, predicate, object, graph)?;
                    }
                }
            }
        }
        Some(())
    }

    /// The RDF object of one item of a property's value: a node object's
    /// subject (its triples emitted) or a scalar's term; `Some(None)` for
    /// null, which is dropped; `None` (give up) for an array in an array.
    fn object(
        &mut self,
        ctx: &Arc<Ctx>,
        key: &str,
        def: &TermDef,
        item: &Value,
        graph: &GraphName,
        depth: usize,
    ) -> Option<Option<Term>> {
        Some(Some(match item {
            Value::Null => return Some(None),
            Value::Array(_) => return None,
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
    ) -> Option<()> {
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
                .get(i + 1)
                .map_or_else(|| nil.clone(), |b| b.clone().into());
            self.emit(&cell, &rest, next, graph)?;
        }
        self.emit(subject, predicate, head, graph)
    }

    fn scalar(&mut self, ctx: &Arc<Ctx>, key: &str, def: &TermDef, v: &Value) -> Option<Term> {
        // A property-scoped context applies to the value too.
        let scoped_ctx;
        let scoped_def;
        let (vctx, vdef): (&Ctx, &TermDef) = match def.scoped {
            Some(local) => {
                scoped_ctx = apply(ctx, local, true, true)?;
                scoped_def = scoped_ctx.terms.get(key).cloned()?;
                (&scoped_ctx, &scoped_def)
            }
            None => (ctx, def),
        };
        if vdef.unsupported {
            return None;
        }
        match (vdef.type_mapping.as_deref(), v) {
            (Some("@id"), Value::String(s)) => Some(expand_id(vctx, s)?.into()),
            (Some("@vocab"), Value::String(s)) => {
                Some(expand_vocab(vctx, s, self.fallback_vocab)?.into())
            }
            (Some(t), Value::String(s)) if !t.starts_with('@') => {
                Some(Literal::new_typed_literal(s.as_str(), NamedNode::new_unchecked(t)).into())
            }
            // JSON-LD 1.1 object-to-RDF: a native boolean keeps its canonical
            // lexical form and takes the coerced datatype (OB's `hashed`).
            (Some(t), Value::Bool(b)) if !t.starts_with('@') => Some(
                Literal::new_typed_literal(
                    if *b { "true" } else { "false" },
                    NamedNode::new_unchecked(t),
                )
                .into(),
            ),
            // An integer under a coerced datatype other than xsd:double (OB's
            // `creditsEarned` is xsd:float): the canonical integer form, with
            // that datatype (JSON-LD 1.1 object-to-RDF, step 10).
            (Some(t), Value::Number(n))
                if !t.starts_with('@')
                    && t != xsd::DOUBLE.as_str()
                    && (n.is_i64() || n.is_u64()) =>
            {
                Some(Literal::new_typed_literal(n.to_string(), NamedNode::new_unchecked(t)).into())
            }
            (Some(_), _) => None,
            (None, _) if vctx.language => None,
            (None, Value::String(s)) => Some(Literal::new_simple_literal(s.as_str()).into()),
            (None, Value::Bool(b)) => Some(
                Literal::new_typed_literal(if *b { "true" } else { "false" }, xsd::BOOLEAN).into(),
            ),
            (None, Value::Number(n)) if n.is_i64() || n.is_u64() => {
                Some(Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into())
            }
            _ => None,
        }
    }
}

/// The quads of `doc` (no base IRI) by the fast path, or `None` when the
/// document is outside its subset. The caller has checked the size and
/// depth limits.
pub(crate) fn to_quads(doc: &Value, limits: &Limits) -> Option<Vec<Quad>> {
    to_quads_with(doc, limits, None)
}

/// [`to_quads`] as if a context `{"@vocab": fallback_vocab}` came before the
/// document's own: a key or type no context defines becomes an IRI under it
/// (safe mode's sentinel expansion, `safe.rs`).
pub(crate) fn to_quads_with(
    doc: &Value,
    limits: &Limits,
    fallback_vocab: Option<&'static str>,
) -> Option<Vec<Quad>> {
    let Value::Object(top) = doc else {
        return None;
    };
    if top.contains_key("@graph") || top.contains_key("@included") {
        return None;
    }
    let mut scoped_types = Vec::new();
    doc_scoped_types(doc, &mut scoped_types, 0)?;
    let mut e = Emitter {
        quads: Vec::new(),
        next_blank: 0,
        limits,
        scoped_types,
        fallback_vocab,
    };
    e.node(&root_ctx()?, None, top, &GraphName::DefaultGraph, 0)?;
    Some(e.quads)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jsonld::{ContextStore, HashAlgorithm, canon};
    use serde_json::json;

    fn same_as_full(doc: &Value) -> bool {
        let limits = Limits::default();
        let Some(fast) = to_quads(doc, &limits) else {
            return false;
        };
        let full = super::super::to_rdf_full(doc, None, &ContextStore::bundled(), &limits).unwrap();
        let a = canon::canonicalize_quads(&fast, HashAlgorithm::Sha256, &limits)
            .unwrap()
            .nquads;
        let b = full.canonicalize(HashAlgorithm::Sha256, &limits).unwrap();
        assert_eq!(a, b);
        true
    }

    #[test]
    fn typical_credential_takes_the_fast_path_and_agrees() {
        let doc: Value =
            serde_json::from_str(include_str!("../../benches/data/ob30-typical-rdfc.json"))
                .unwrap();
        assert!(same_as_full(&doc));
        let mut unsecured = doc.clone();
        unsecured.as_object_mut().unwrap().remove("proof");
        assert!(same_as_full(&unsecured));
    }

    #[test]
    fn gives_up_outside_the_subset() {
        let limits = Limits::default();
        let v2 = "https://www.w3.org/ns/credentials/v2";
        for doc in [
            json!({"@context": [v2, {"@base": "https://example.org/"}], "name": "x"}),
            json!({"@context": [v2, null], "name": "x"}),
            json!({"@context": v2, "type": "VerifiableCredential", "undefinedTerm": {"name": "x"}}),
            json!({"@context": v2, "id": "relative/id"}),
            json!({"@context": v2, "id": "_:b0", "name": "x"}),
            json!({"@context": v2, "name": {"@value": "x", "@language": "en"}}),
            json!({"@context": v2, "name": 1.5}),
            json!({"@context": "https://example.org/unknown", "name": "x"}),
            json!({"@context": v2, "type": "NotATerm"}),
            json!({"@context": v2, "type": ["VerifiableCredential", "VerifiablePresentation"]}),
            json!({"@context": v2, "credentialSubject": {"@context": {"@import": v2}, "name": "x"}}),
        ] {
            assert!(to_quads(&doc, &limits).is_none(), "{doc}");
        }
    }

    #[test]
    fn inline_contexts_take_the_fast_path_and_agree() {
        let v2 = "https://www.w3.org/ns/credentials/v2";
        let ob = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
        for doc in [
            json!({"@context": [v2, {"foo": "https://example.org/foo"}], "foo": "x"}),
            json!({"@context": [v2, ob, {"issuanceDate": "https://www.w3.org/2018/credentials/v1#issuanceDate"}],
                   "type": ["VerifiableCredential", "OpenBadgeCredential"], "issuanceDate": "2010-01-01T00:00:00Z",
                   "credentialSubject": {"type": ["AchievementSubject"], "name": "Sam"}}),
            json!({"@context": [v2, {"ex": "https://example.org/", "size": {"@id": "ex:size", "@type": "ex:Size"},
                                     "Thing": {"@id": "ex:Thing", "@context": {"weight": "ex:weight"}}}],
                   "type": "VerifiableCredential",
                   "credentialSubject": {"id": "ex:a", "type": "Thing", "size": "L", "weight": "3"}}),
            json!({"@context": v2, "type": "VerifiableCredential",
                   "credentialSubject": {"@context": {"a": "urn:a"}, "a": "x"}}),
            // Keys no context defines are dropped, as JSON-LD drops them.
            json!({"@context": v2, "type": "VerifiableCredential", "undefinedTerm": "x",
                   "credentialSubject": {"id": "did:example:1", "alsoUndefined": ["a", 1, true, null]}}),
            json!({"@context": [v2, {"ex": "https://example.org/", "steps": {"@id": "ex:steps", "@container": "@list"},
                                     "n": {"@id": "ex:n", "@type": "http://www.w3.org/2001/XMLSchema#float"}}],
                   "type": "VerifiableCredential",
                   "credentialSubject": {"steps": ["a", null, {"id": "ex:b", "n": 3}, "c"], "n": 42},
                   "evidence": {"id": "ex:e", "steps": []}}),
        ] {
            assert!(same_as_full(&doc), "{doc}");
        }
    }

    #[test]
    fn quad_limit_makes_it_give_up() {
        let doc: Value =
            serde_json::from_str(include_str!("../../benches/data/ob30-typical-rdfc.json"))
                .unwrap();
        let limits = Limits {
            max_quads: 3,
            ..Limits::default()
        };
        assert!(to_quads(&doc, &limits).is_none());
    }
}
