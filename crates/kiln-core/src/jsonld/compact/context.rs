//! Context processing for the compact processor: the bundled contexts
//! parsed once, inline contexts kept, term definitions (JSON-LD 1.1 API,
//! sections 4.1 and 4.2) for the subset the module docs describe, the cache
//! of processed contexts, and the lookups the emitter makes in an active
//! context (what a key is, how an `@id` or a type expands).

use super::{GiveUp, items};
use crate::jsonld::contexts::BUNDLED;
use crate::limits::Limits;
use oxrdf::NamedNode;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// An inline context object, kept for the life of the process so that the
/// cache of processed contexts can key on it as on a bundled one (issuers
/// add the same one or two terms to every credential they sign). Distinct
/// inline contexts are counted by their JSON text; past [`Limits::COMPACT_INLINE_CONTEXTS`] of
/// them, or for one larger than [`Limits::COMPACT_INLINE_CONTEXT_BYTES`], the processor gives up.
fn intern(v: &Value) -> Result<&'static Value, GiveUp> {
    static INLINE: OnceLock<Mutex<HashMap<String, &'static Value>>> = OnceLock::new();
    let too_many =
        || GiveUp::Context("more distinct or larger inline contexts than it keeps".into());
    let key = crate::credential::to_json_string(v).map_err(|_| too_many())?;
    if key.len() > Limits::COMPACT_INLINE_CONTEXT_BYTES {
        return Err(too_many());
    }
    let mut kept = INLINE
        .get_or_init(Mutex::default)
        .lock()
        .map_err(|_| GiveUp::Internal)?;
    if let Some(v) = kept.get(&key) {
        return Ok(v);
    }
    if kept.len() >= Limits::COMPACT_INLINE_CONTEXTS {
        return Err(too_many());
    }
    let leaked: &'static Value = Box::leak(Box::new(v.clone()));
    kept.insert(key, leaked);
    Ok(leaked)
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

/// A bundled context by URL, or the reason to give up.
fn bundled_context(url: &str) -> Result<&'static Value, GiveUp> {
    bundled()
        .get(url)
        .ok_or_else(|| GiveUp::Unbundled(url.to_owned()))
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Mapping {
    Null,
    Keyword(String),
    Iri(NamedNode),
}

#[derive(Debug, Clone, PartialEq)]
pub(super) struct TermDef {
    pub(super) mapping: Mapping,
    pub(super) prefix: bool,
    pub(super) protected: bool,
    /// Expanded `@type`: `@id`, `@vocab`, `@json`, `@none` or a datatype IRI.
    pub(super) type_mapping: Option<String>,
    pub(super) container: Vec<String>,
    /// The term's scoped context (a value inside a bundled context).
    pub(super) scoped: Option<&'static Value>,
    /// `@reverse`, `@language`, `@direction`, `@index` or `@nest`: the
    /// processor gives up when the term is used, naming it.
    pub(super) unsupported: Option<&'static str>,
}

impl TermDef {
    /// The definition a key made by `@vocab` behaves as: an IRI, nothing else.
    pub(super) fn plain(iri: NamedNode) -> TermDef {
        TermDef {
            mapping: Mapping::Iri(iri),
            prefix: false,
            protected: false,
            type_mapping: None,
            container: Vec::new(),
            scoped: None,
            unsupported: None,
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

    pub(super) fn iri(&self) -> Option<&NamedNode> {
        match &self.mapping {
            Mapping::Iri(n) => Some(n),
            _ => None,
        }
    }
}

/// An active context.
#[derive(Debug, Clone, Default)]
pub(super) struct Ctx {
    id: u64,
    pub(super) terms: HashMap<String, Arc<TermDef>, TermHash>,
    pub(super) vocab: Option<String>,
    /// A default language or direction is set.
    pub(super) language: bool,
    pub(super) previous: Option<Arc<Ctx>>,
}

/// The term maps' hasher: a multiply-rotate over the key's bytes, eight at a
/// time, seeded once per process from the standard library's random hasher
/// (SipHash of every key the emitter classifies was a measurable part of a
/// verification). Keys an attacker chooses come only from inline contexts,
/// which the processor bounds ([`Limits::COMPACT_INLINE_CONTEXTS`] of at most
/// [`Limits::COMPACT_INLINE_CONTEXT_BYTES`]), and they cannot see the seed.
#[derive(Clone, Copy)]
pub(super) struct TermHash(u64);

impl Default for TermHash {
    fn default() -> Self {
        static SEED: OnceLock<u64> = OnceLock::new();
        TermHash(*SEED.get_or_init(|| {
            use std::hash::BuildHasher;
            std::collections::hash_map::RandomState::new().hash_one(0x6b696c6e_u64)
        }))
    }
}

impl std::hash::BuildHasher for TermHash {
    type Hasher = TermHasher;
    fn build_hasher(&self) -> TermHasher {
        TermHasher(self.0)
    }
}

pub(super) struct TermHasher(u64);

impl std::hash::Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut h = self.0;
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            if let Some(w) = word.get_mut(..chunk.len()) {
                w.copy_from_slice(chunk);
            }
            h = (h.rotate_left(5) ^ u64::from_le_bytes(word))
                .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
        }
        self.0 = h;
    }
    fn finish(&self) -> u64 {
        let h = self.0;
        (h ^ (h >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (h >> 32)
    }
}

/// What the cache keys a processed context by: (active context id, address
/// of the local context value, override protected, propagate).
type Applied = (u64, usize, bool, bool);

#[derive(Default)]
struct Cache {
    next_id: u64,
    root: Option<Arc<Ctx>>,
    /// The result of each, or why the processor cannot use it.
    applied: HashMap<Applied, Result<Arc<Ctx>, GiveUp>>,
}

impl Cache {
    fn fresh_id(&mut self) -> u64 {
        self.next_id = self.next_id.wrapping_add(1);
        self.next_id
    }
}

fn cache() -> Result<std::sync::MutexGuard<'static, Cache>, GiveUp> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE
        .get_or_init(|| Mutex::new(Cache::default()))
        .lock()
        .map_err(|_| GiveUp::Internal)
}

/// The empty active context every document starts from.
pub(super) fn root_ctx() -> Result<Arc<Ctx>, GiveUp> {
    let mut c = cache()?;
    if let Some(r) = &c.root {
        return Ok(Arc::clone(r));
    }
    let id = c.fresh_id();
    let root = Arc::new(Ctx {
        id,
        ..Ctx::default()
    });
    c.root = Some(Arc::clone(&root));
    Ok(root)
}

/// `local` (a value inside a bundled context, or an interned inline one)
/// applied on `active`, cached.
pub(super) fn apply(
    active: &Arc<Ctx>,
    local: &'static Value,
    override_protected: bool,
    propagate: bool,
) -> Result<Arc<Ctx>, GiveUp> {
    let key = (
        active.id,
        std::ptr::from_ref(local) as usize,
        override_protected,
        propagate,
    );
    if let Some(hit) = cache()?.applied.get(&key) {
        return hit.clone();
    }
    let computed = process(active, local, override_protected, propagate);
    let mut c = cache()?;
    let computed = computed.map(|mut ctx| {
        ctx.id = c.fresh_id();
        Arc::new(ctx)
    });
    if c.applied.len() < Limits::COMPACT_CACHED_CONTEXTS {
        c.applied.insert(key, computed.clone());
    }
    computed
}

/// The Context Processing algorithm (JSON-LD 1.1 API section 4.1) for
/// the subset; an error when the context is outside it or in error (the
/// full processor then reports the error).
fn process(
    active: &Arc<Ctx>,
    local: &'static Value,
    override_protected: bool,
    mut propagate: bool,
) -> Result<Ctx, GiveUp> {
    let mut result = (**active).clone();
    if let Value::Object(o) = local {
        if let Some(p) = o.get("@propagate") {
            propagate = p
                .as_bool()
                .ok_or_else(|| GiveUp::Context("an \"@propagate\" that is not a boolean".into()))?;
        }
    }
    if !propagate && result.previous.is_none() {
        result.previous = Some(Arc::clone(active));
    }
    process_into(&mut result, local, override_protected, true, 0)?;
    Ok(result)
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
) -> Result<(), GiveUp> {
    if depth > Limits::COMPACT_CONTEXT_DEPTH {
        return Err(GiveUp::Context(format!(
            "contexts loading contexts more than {} deep",
            Limits::COMPACT_CONTEXT_DEPTH
        )));
    }
    for ctx in items(local) {
        match ctx {
            Value::String(url) => {
                let inner = bundled_context(url)?;
                if inner.get("@propagate").is_some() {
                    return Err(GiveUp::Context(format!("\"@propagate\" in {url}")));
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
            Value::Null => return Err(GiveUp::Context("a null context".into())),
            _ => {
                return Err(GiveUp::Context(
                    "a context that is neither a URL nor an object".into(),
                ));
            }
        }
    }
    Ok(())
}

fn define_all(
    result: &mut Ctx,
    o: &'static Map<String, Value>,
    override_protected: bool,
    validate_scoped: bool,
    depth: usize,
) -> Result<(), GiveUp> {
    for key in o.keys() {
        match key.as_str() {
            "@version" | "@propagate" | "@protected" => {}
            "@vocab" => {}
            "@language" | "@direction" => result.language = true,
            k if k.starts_with('@') => {
                return Err(GiveUp::Context(format!("\"{k}\" in a context")));
            }
            _ => {}
        }
    }
    if let Some(v) = o.get("@vocab") {
        let beyond = || GiveUp::Context("an \"@vocab\" that is not an absolute IRI".into());
        match v {
            Value::Null => result.vocab = None,
            Value::String(s) => {
                let (prefix, _) = s.split_once(':').ok_or_else(beyond)?;
                if prefix == "_" || result.terms.get(prefix).is_some_and(|d| d.prefix) {
                    return Err(beyond());
                }
                result.vocab = Some(s.clone());
            }
            _ => return Err(beyond()),
        }
    }
    let protected = match o.get("@protected") {
        None => false,
        Some(p) => p
            .as_bool()
            .ok_or_else(|| GiveUp::Context("an \"@protected\" that is not a boolean".into()))?,
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
    Ok(())
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

fn empty_map() -> &'static Map<String, Value> {
    static EMPTY: OnceLock<Map<String, Value>> = OnceLock::new();
    EMPTY.get_or_init(Map::new)
}

impl Definer<'_> {
    /// Create Term Definition (JSON-LD 1.1 API section 4.2).
    fn define(&mut self, term: &'static str) -> Result<(), GiveUp> {
        let beyond = || GiveUp::Definition(term.to_owned());
        match self.defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => return Err(beyond()), // a cycle
            None => {}
        }
        self.defined.insert(term, false);
        let value = self.local.get(term).ok_or_else(beyond)?;
        let previous = self.result.terms.remove(term);
        let empty: &'static Map<String, Value> = empty_map();
        let (m, simple) = match value {
            Value::Null => (empty, false),
            Value::String(_) => (empty, true),
            Value::Object(m) => (m, false),
            _ => return Err(beyond()),
        };
        let mut def = TermDef {
            mapping: Mapping::Null,
            prefix: false,
            protected: match m.get("@protected") {
                None => self.protected,
                Some(p) => p.as_bool().ok_or_else(beyond)?,
            },
            type_mapping: None,
            container: Vec::new(),
            scoped: None,
            unsupported: None,
        };
        for k in m.keys() {
            match k.as_str() {
                "@id" | "@type" | "@container" | "@context" | "@prefix" | "@protected" => {}
                "@reverse" => def.unsupported = Some("@reverse"),
                "@language" => def.unsupported = Some("@language"),
                "@direction" => def.unsupported = Some("@direction"),
                "@index" => def.unsupported = Some("@index"),
                "@nest" => def.unsupported = Some("@nest"),
                _ => return Err(beyond()),
            }
        }
        if let Some(t) = m.get("@type") {
            let t = self.expand(t.as_str().ok_or_else(beyond)?, true, term)?;
            if !matches!(t.as_str(), "@id" | "@vocab" | "@json" | "@none") {
                NamedNode::new(t.as_str()).map_err(|_| beyond())?;
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
                Some(_) => return Err(beyond()),
            },
        };
        match id {
            Some(None) => def.mapping = Mapping::Null,
            Some(Some(s)) if s != term => {
                if s.starts_with('@') {
                    if s == "@context" {
                        return Err(beyond());
                    }
                    def.mapping = Mapping::Keyword(s.to_owned());
                } else {
                    let iri = self.expand(s, true, term)?;
                    if iri.starts_with("_:") || !iri.contains(':') {
                        return Err(beyond());
                    }
                    if !term.contains(':')
                        && !term.contains('/')
                        && simple
                        && iri.ends_with(GEN_DELIMS)
                    {
                        def.prefix = true;
                    }
                    def.mapping = Mapping::Iri(NamedNode::new(iri).map_err(|_| beyond())?);
                }
            }
            _ => {
                // No @id (or @id equal to the term).
                let iri = if let Some((prefix, suffix)) = term.split_once(':') {
                    if let Some((k, _)) = self.local.get_key_value(prefix) {
                        self.define(k)?;
                    }
                    match self.result.terms.get(prefix).and_then(|d| d.iri()) {
                        Some(p) if !suffix.starts_with("//") => format!("{}{suffix}", p.as_str()),
                        _ => term.to_owned(),
                    }
                } else if term.contains('/') {
                    return Err(beyond());
                } else {
                    format!("{}{term}", self.result.vocab.as_deref().ok_or_else(beyond)?)
                };
                def.mapping = Mapping::Iri(NamedNode::new(iri).map_err(|_| beyond())?);
            }
        }
        if let Some(c) = m.get("@container") {
            let mut list: Vec<String> = match c {
                Value::String(s) => vec![s.clone()],
                Value::Array(a) => a
                    .iter()
                    .map(|x| x.as_str().map(str::to_owned))
                    .collect::<Option<_>>()
                    .ok_or_else(beyond)?,
                _ => return Err(beyond()),
            };
            list.sort_unstable();
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
            def.prefix = p.as_bool().ok_or_else(beyond)?;
        }
        if !self.override_protected {
            if let Some(prev) = previous {
                if prev.protected {
                    if !prev.same_except_protected(&def) {
                        // Protected term redefinition: the full processor
                        // reports it as the error it is.
                        return Err(GiveUp::ProtectedRedefinition(term.to_owned()));
                    }
                    self.result.terms.insert(term.to_owned(), prev);
                    self.defined.insert(term, true);
                    return Ok(());
                }
            }
        }
        self.result.terms.insert(term.to_owned(), Arc::new(def));
        self.defined.insert(term, true);
        Ok(())
    }

    /// IRI Expansion (section 5.2) inside context processing, for the
    /// definition of `term`.
    fn expand(&mut self, value: &str, vocab: bool, term: &str) -> Result<String, GiveUp> {
        let beyond = || GiveUp::Definition(term.to_owned());
        if value.starts_with('@') {
            return Ok(value.to_owned());
        }
        if let Some((k, _)) = self.local.get_key_value(value) {
            if self.defined.get(k.as_str()) != Some(&true) {
                self.define(k)?;
            }
        }
        if vocab {
            if let Some(d) = self.result.terms.get(value) {
                return match &d.mapping {
                    Mapping::Iri(n) => Ok(n.as_str().to_owned()),
                    Mapping::Keyword(k) => Ok(k.clone()),
                    Mapping::Null => Err(beyond()),
                };
            }
        }
        if let Some((prefix, suffix)) = value.split_once(':') {
            if prefix.is_empty() {
                return Err(beyond());
            }
            if prefix == "_" || suffix.starts_with("//") {
                return Ok(value.to_owned());
            }
            if let Some((k, _)) = self.local.get_key_value(prefix) {
                if self.defined.get(k.as_str()) != Some(&true) {
                    self.define(k)?;
                }
            }
            if let Some(d) = self.result.terms.get(prefix) {
                if let (Mapping::Iri(p), true) = (&d.mapping, d.prefix) {
                    return Ok(format!("{}{suffix}", p.as_str()));
                }
            }
            return Ok(value.to_owned());
        }
        if vocab {
            if let Some(v) = &self.result.vocab {
                return Ok(format!("{v}{value}"));
            }
        }
        Err(beyond())
    }
}

/// The contexts an `@context` value names: bundled URLs and inline objects.
pub(super) fn url_contexts(v: &Value) -> Result<Vec<&'static Value>, GiveUp> {
    let one = |item: &Value| {
        let local = match item {
            Value::String(url) => bundled_context(url)?,
            Value::Object(_) => intern(item)?,
            Value::Null => return Err(GiveUp::Context("a null context".into())),
            _ => {
                return Err(GiveUp::Context(
                    "a context that is neither a URL nor an object".into(),
                ));
            }
        };
        if local.get("@propagate").is_some() {
            return Err(GiveUp::Context("\"@propagate\" in a context".into()));
        }
        Ok(local)
    };
    items(v).iter().map(one).collect()
}

/// What a node object's key is in an active context.
pub(super) enum Key<'d> {
    Id,
    Type,
    Prop(&'d Arc<TermDef>),
    /// A key no term defines, made an IRI by the context's `@vocab`.
    Vocab(NamedNode),
}

/// What `key` is in `ctx`, or `None` when it is none of [`Key`]'s kinds (a
/// keyword other than `@id` and `@type`, a term aliasing one or mapped to
/// null, or a key no term defines and no `@vocab` makes an IRI).
pub(super) fn classify<'c>(ctx: &'c Ctx, key: &str, fallback: Option<&str>) -> Option<Key<'c>> {
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

/// The keyword other than `@id`, `@type` and `@context` that `key` is, or
/// that the term `key` aliases.
pub(super) fn other_keyword<'k>(ctx: &'k Ctx, key: &'k str) -> Option<&'k str> {
    if key.starts_with('@') {
        return (!matches!(key, "@id" | "@type" | "@context")).then_some(key);
    }
    match ctx.terms.get(key).map(|d| &d.mapping) {
        Some(Mapping::Keyword(k)) if k != "@id" && k != "@type" => Some(k),
        _ => None,
    }
}

/// An `@id` value: IRI expansion with `document relative` and no vocab.
pub(super) fn expand_id(ctx: &Ctx, s: &str) -> Result<NamedNode, GiveUp> {
    let beyond = || GiveUp::Id(s.to_owned());
    let (prefix, suffix) = s.split_once(':').ok_or_else(beyond)?;
    if prefix.is_empty() || prefix == "_" || s.starts_with('@') {
        return Err(beyond());
    }
    if !suffix.starts_with("//") {
        if let Some(d) = ctx.terms.get(prefix) {
            if let (Mapping::Iri(p), true) = (&d.mapping, d.prefix) {
                return iri(format!("{}{suffix}", p.as_str())).ok_or_else(beyond);
            }
        }
    }
    iri(s.to_owned()).ok_or_else(beyond)
}

/// A type or `@vocab` value: only terms with an IRI mapping.
pub(super) fn expand_vocab(
    ctx: &Ctx,
    s: &str,
    fallback: Option<&str>,
) -> Result<NamedNode, GiveUp> {
    match ctx.terms.get(s) {
        Some(d) => d.iri().cloned().ok_or_else(|| GiveUp::Type(s.to_owned())),
        // An absolute or compact IRI: IRI Expansion, steps 6 and 7 (the same
        // as for an `@id` value once no term matched).
        None if s.contains(':') => expand_id(ctx, s),
        None => vocab_iri(ctx, s, fallback).ok_or_else(|| GiveUp::Type(s.to_owned())),
    }
}

/// A key or type value no term defines, as the context's `@vocab` makes it
/// an IRI (IRI Expansion, step 8), or else `fallback` (the vocabulary of a
/// context put before the document's own: safe mode's sentinel); values
/// with a colon are outside the subset.
pub(super) fn vocab_iri(ctx: &Ctx, s: &str, fallback: Option<&str>) -> Option<NamedNode> {
    if s.is_empty() || s.contains(':') {
        return None;
    }
    iri(format!("{}{s}", ctx.vocab.as_deref().or(fallback)?))
}

/// `s` as an IRI, or `None` when it is not an absolute IRI. Most IRIs in a
/// credential are plain ASCII ([`plain_absolute_iri`] says yes at a glance);
/// the rest are parsed by oxiri.
pub(super) fn iri(s: String) -> Option<NamedNode> {
    if plain_absolute_iri(&s) {
        Some(NamedNode::new_unchecked(s))
    } else {
        NamedNode::new(s).ok()
    }
}

/// Whether `s` is an absolute IRI by a narrow rule that implies RFC 3987's
/// (a test checks it never says yes to what oxiri refuses): a scheme, then
/// either `//` and a host of unreserved characters (no user, no port) or a
/// path not starting with `//`, then path, query and fragment characters
/// only: unreserved, sub-delimiters, `:`, `@`, `/`, `?`, `%` with two hex
/// digits, and at most one `#`. Anything else (non-ASCII, brackets, a port)
/// is left to the full parser.
fn plain_absolute_iri(s: &str) -> bool {
    let b = s.as_bytes();
    let Some(colon) = b.iter().position(|&c| c == b':') else {
        return false;
    };
    let (scheme, rest) = b.split_at(colon);
    let rest = rest.get(1..).unwrap_or(&[]);
    let scheme_ok = scheme.first().is_some_and(u8::is_ascii_alphabetic)
        && scheme
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return false;
    }
    let unreserved = |c: u8| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'.' | b'_' | b'~');
    let tail = match rest.strip_prefix(b"//") {
        Some(after) => {
            let end = after
                .iter()
                .position(|&c| matches!(c, b'/' | b'?' | b'#'))
                .unwrap_or(after.len());
            let (host, tail) = after.split_at(end);
            if host.is_empty() || !host.iter().all(|&c| unreserved(c)) {
                return false;
            }
            tail
        }
        None => rest,
    };
    let mut fragment = false;
    let mut i = 0;
    while let Some(&c) = tail.get(i) {
        match c {
            b'#' if !fragment => fragment = true,
            b'%' => {
                let hex = |j: usize| tail.get(j).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(i.saturating_add(1)) && hex(i.saturating_add(2))) {
                    return false;
                }
                i = i.saturating_add(2);
            }
            b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' => {}
            b':' | b'@' | b'/' | b'?' => {}
            c if unreserved(c) => {}
            _ => return false,
        }
        i = i.saturating_add(1);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The narrow rule never says yes to what oxiri refuses: random strings
    /// over the characters that matter (delimiters, percent signs, brackets,
    /// spaces, non-ASCII) after the schemes credentials use; and it does say
    /// yes to the IRIs credentials are made of.
    #[test]
    fn plain_iri_rule_implies_oxiri() {
        const PIECES: &[&str] = &[
            "a", "Z", "0", "9", "-", ".", "_", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",",
            ";", "=", ":", "@", "/", "//", "?", "#", "%", "%2F", "%2", "%zz", "[", "]", " ", "\\",
            "|", "^", "`", "{", "}", "<", ">", "\"", "é", "\u{202e}", "\u{0}", "\n",
        ];
        const STARTS: &[&str] = &[
            "",
            "http://",
            "https://",
            "https:",
            "did:",
            "did:key:",
            "urn:",
            "urn:uuid:",
            "a:",
            "a+b.c-d:",
            "1a:",
            ":",
            "a b:",
            "http://a",
            "https://example.org",
            "x://",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            usize::try_from(state % n as u64).unwrap()
        };
        let mut fast = 0;
        for _ in 0..200_000 {
            let mut s = STARTS[next(STARTS.len())].to_owned();
            for _ in 0..next(8) {
                s.push_str(PIECES[next(PIECES.len())]);
            }
            if plain_absolute_iri(&s) {
                fast += 1;
                assert!(NamedNode::new(s.as_str()).is_ok(), "{s:?}");
            }
        }
        assert!(fast > 10_000, "{fast}");
        for s in [
            "https://www.w3.org/ns/credentials/v2",
            "https://purl.imsglobal.org/spec/vc/ob/vocab.html#OpenBadgeCredential",
            "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "urn:uuid:9e8c7a2e-1b5a-4c3d-8e9f-0a1b2c3d4e5f",
            "https://example.edu/credentials/3732?x=1&y=%20#frag",
            "did:web:example.com%3A8443:issuers:1",
        ] {
            assert!(plain_absolute_iri(s), "{s}");
        }
        for s in [
            "http://localhost:8080/x",
            "https://[::1]/",
            "https://é.example/",
            "relative/x",
        ] {
            assert!(!plain_absolute_iri(s), "{s}");
        }
    }
}
