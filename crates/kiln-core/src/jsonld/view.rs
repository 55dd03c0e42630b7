//! The signed view: what Kiln reads from a credential's JSON must be what its
//! RDF dataset says.
//!
//! An RDF proof (`eddsa-rdfc-2022`, `Ed25519Signature2020`) covers the
//! dataset a document expands to, and many JSON documents give the same
//! dataset: a member written as its absolute IRI instead of its term, a
//! compact IRI, a `@set` or `@graph` wrapper, a node whose `id` is not an IRI
//! (JSON-LD drops it, so a fake node can sit where the signed one is read).
//! Kiln's checks and its report read members by their JSON names, so before
//! any of them is believed, this module proves that reading faithful:
//!
//! 1. **Plain compacted form** ([`check_faithful`] refuses the rest):
//!    no JSON-LD keyword as a member name except `@context` (and the members
//!    of a value object), every `id` an absolute IRI or a blank node
//!    identifier, no embedded context that redefines a member Kiln reads.
//! 2. **The same statements.** The document is expanded with every node
//!    named (blank nodes get stable names, so nodes can be matched). For
//!    every node Kiln reads and every predicate a member it reads means
//!    there under the document's own contexts (present or not), the
//!    document's statements must be exactly the ones its read members make:
//!    a value hidden under another spelling, a second value, or a dropped
//!    one is a mismatch naming the member. Within the compact processor
//!    (`compact/`) this takes one expansion, which records the node object
//!    and member each statement came from, and the context each node's keys
//!    expand in (for the members that are absent). Beyond it (with
//!    `jsonld-full`) it takes three: the document, a *view* holding only the
//!    members Kiln reads, and a *probe* with a marker in every member Kiln
//!    reads, which tells which predicate each of them means.
//!    `tests/jsonld_fast_path.rs` checks that both ways give the same
//!    verdict on every credential of the test data and on its rewritings.
//!
//! The members Kiln reads are listed once, in [`CREDENTIAL`]; a check or a
//! report field that reads another member must add it there.

use std::collections::{BTreeMap, BTreeSet};

use oxrdf::{NamedNode, NamedOrBlankNode, Quad, Term};
use serde_json::{Map, Value};

use super::ContextStore;
use super::safe::Path;
#[cfg(feature = "jsonld-full")]
use super::to_rdf;
use crate::{
    error::{Error, Result},
    limits::Limits,
};

/// How Kiln reads a member.
#[derive(Debug)]
enum Read {
    /// Shown or checked as it is: a string, number or boolean, a list of
    /// them, or an object read whole (every member it has).
    Value,
    /// A node (or an IRI naming one) whose listed members are read, beside
    /// its `id` and `type`.
    Node(&'static [(&'static str, Read)]),
}

const IMAGE: &[(&str, Read)] = &[("caption", Read::Value)];
const PROFILE: &[(&str, Read)] = &[
    ("name", Read::Value),
    ("url", Read::Value),
    ("email", Read::Value),
    ("description", Read::Value),
    ("image", Read::Node(IMAGE)),
];
const CRITERIA: &[(&str, Read)] = &[("narrative", Read::Value)];
const ACHIEVEMENT: &[(&str, Read)] = &[
    ("name", Read::Value),
    ("description", Read::Value),
    ("criteria", Read::Node(CRITERIA)),
    ("image", Read::Node(IMAGE)),
    ("achievementType", Read::Value),
];
const IDENTITY: &[(&str, Read)] = &[
    ("identityHash", Read::Value),
    ("identityType", Read::Value),
    ("hashed", Read::Value),
    ("salt", Read::Value),
];
const SUBJECT: &[(&str, Read)] = &[
    ("name", Read::Value),
    ("identifier", Read::Node(IDENTITY)),
    ("result", Read::Value),
    ("achievement", Read::Node(ACHIEVEMENT)),
];
const STATUS: &[(&str, Read)] = &[
    ("statusPurpose", Read::Value),
    ("statusListIndex", Read::Value),
    ("statusListCredential", Read::Value),
    ("statusSize", Read::Value),
];
const SCHEMA: &[(&str, Read)] = &[];

/// Every member of a credential that a check or the report reads.
const CREDENTIAL: &[(&str, Read)] = &[
    ("name", Read::Value),
    ("description", Read::Value),
    ("issuer", Read::Node(PROFILE)),
    ("validFrom", Read::Value),
    ("validUntil", Read::Value),
    ("issuanceDate", Read::Value),
    ("expirationDate", Read::Value),
    ("credentialSubject", Read::Node(SUBJECT)),
    ("credentialStatus", Read::Node(STATUS)),
    ("credentialSchema", Read::Node(SCHEMA)),
];

/// Keywords a value object may hold.
const VALUE_OBJECT_KEYS: &[&str] = &["@value", "@language", "@direction", "@type", "@index"];
const NODE_PREFIX: &str = "urn:kiln:node:";
const BNODE_PREFIX: &str = "urn:kiln:bnode:";
#[cfg(feature = "jsonld-full")]
const PROBE_PREFIX: &str = "urn:kiln:probe:";

/// Checks that the members Kiln reads from `doc` (a credential without its
/// `proof`) say what its RDF dataset says (see the module docs).
///
/// Errors ([`Error::Malformed`], each naming the JSON path):
/// - `jsonld-not-compacted`: a JSON-LD keyword as a member name (`@set`,
///   `@graph`, `@included`, `@nest`, `@reverse`, `@id`, `@type`, ...);
/// - `jsonld-invalid-id`: an `id` that is not an absolute IRI or blank node
///   identifier (JSON-LD drops the node it names);
/// - `jsonld-redefined-term`: an embedded context defines a member Kiln reads;
/// - `jsonld-view-mismatch`: a member Kiln reads does not hold what the
///   signed dataset holds for it.
///
/// Expansion errors pass through ([`Error::Unsupported`] when a compact-only
/// build cannot expand the document).
pub fn check_faithful(doc: &Value, store: &ContextStore, limits: &Limits) -> Result<()> {
    faithful(doc, CREDENTIAL, store, limits)
}

/// [`check_faithful`] for a proof's options (the proof without
/// `proofValue`, with the document's `@context`), as an RDF suite hashes
/// them: the members Kiln reads from a proof (its dates, purpose and key)
/// must be the ones it signs.
pub fn check_proof_faithful(config: &Value, store: &ContextStore, limits: &Limits) -> Result<()> {
    faithful(config, PROOF, store, limits)
}

/// The members of a proof Kiln reads.
const PROOF: &[(&str, Read)] = &[
    ("cryptosuite", Read::Value),
    ("created", Read::Value),
    ("expires", Read::Value),
    ("verificationMethod", Read::Value),
    ("proofPurpose", Read::Value),
    ("challenge", Read::Value),
    ("domain", Read::Value),
    ("nonce", Read::Value),
    ("previousProof", Read::Value),
];

internal_fn! {
/// [`check_faithful`] (or, `proof` true, [`check_proof_faithful`]) by three
/// expansions whatever the document, the way it checks documents beyond the
/// compact processor: what the test that the one-expansion check agrees
/// with it compares against. Test hook (feature `internals`).
#[cfg(feature = "jsonld-full")]
fn check_faithful_by_three_expansions(
    doc: &Value,
    proof: bool,
    store: &ContextStore,
    limits: &Limits,
) -> Result<()> {
    let named = named(doc, limits)?;
    three_expansions(&named, if proof { PROOF } else { CREDENTIAL }, store, limits)
}
}

fn faithful(
    doc: &Value,
    reads: &'static [(&'static str, Read)],
    store: &ContextStore,
    limits: &Limits,
) -> Result<()> {
    let named = named(doc, limits)?;
    match super::to_rdf_traced(&named, limits)? {
        Ok(traced) => match traced_check(&named, reads, &traced, false)? {
            Ok(()) => Ok(()),
            Err(why) => beyond_compact(&named, reads, why, store, limits),
        },
        Err(why) => beyond_compact(&named, reads, why, store, limits),
    }
}

/// [`check_faithful`] on the compact processor's traced expansion of the
/// secured document itself (its `proof` member included; the nodes Kiln
/// reads are not in the proof), made for the safe-mode check: no second
/// expansion of a named copy. Blank nodes are each node's own, so objects
/// compare exactly. `Ok(false)` when this way cannot tell (a member whose
/// predicate the compact processor cannot name): then [`check_faithful`].
pub(super) fn faithful_traced(
    doc: &Value,
    traced: &super::compact::Traced,
    limits: &Limits,
) -> Result<bool> {
    faithful_traced_as(doc, CREDENTIAL, traced, limits)
}

internal_fn! {
/// [`check_proof_faithful`] and the dataset of the proof's options, by one
/// expansion when the compact processor covers them (as for a credential,
/// [`faithful_traced`]): the canonicalization of the options needs no
/// expansion of its own. `None` when the check took its own way. Test hook
/// (feature `internals`): the tests compare it with the check.
fn proof_faithful_expanded(
    config: &Value,
    store: &ContextStore,
    limits: &Limits,
) -> Result<Option<super::RdfDataset>> {
    // Beyond the compact processor or its limits, the check's own way
    // gives the check's own answer.
    if let Ok(Ok(traced)) = super::to_rdf_traced(config, limits)
        && faithful_traced_as(config, PROOF, &traced, limits)?
    {
        return Ok(Some(super::RdfDataset {
            quads: traced.quads,
        }));
    }
    check_proof_faithful(config, store, limits).map(|()| None)
}
}

fn faithful_traced_as(
    doc: &Value,
    reads: &'static [(&'static str, Read)],
    traced: &super::compact::Traced,
    limits: &Limits,
) -> Result<bool> {
    let Value::Object(top) = doc else {
        return Ok(false);
    };
    if top.contains_key("@value") {
        return Ok(false);
    }
    // The form check of `named`, on every member but the proof, in the
    // order `named` leaves them (the last member takes the proof's place),
    // so that the first problem named is the same.
    let mut members: Vec<(&String, &Value)> = top.iter().collect();
    if let Some(p) = members.iter().position(|(k, _)| *k == "proof") {
        members.swap_remove(p);
    }
    strict_members(
        &mut members.into_iter(),
        Path::Root,
        0,
        limits.max_json_depth,
    )?;
    Ok(traced_check(doc, reads, traced, true)?.is_ok())
}

/// `doc` without its proof, refused unless in plain compacted form, with
/// every node named (blank node identifiers renamed to IRIs, an id for each
/// node without one), so that nodes can be matched across expansions.
fn named(doc: &Value, limits: &Limits) -> Result<Value> {
    let Value::Object(top) = doc else {
        return Err(Error::malformed(
            crate::code::Code::JsonldNotObject,
            "a credential must be a JSON object at $",
        ));
    };
    let mut top = top.clone();
    top.remove("proof");
    let doc = Value::Object(top);
    strict(&doc, Path::Root, 0, limits.max_json_depth)?;

    let mut named = doc;
    let mut counter = 0usize;
    let renames = blank_ids(&named);
    name_nodes(&mut named, &renames, &mut counter, 0, limits.max_json_depth);
    Ok(named)
}

/// A document the compact processor does not cover: with `jsonld-full`, the
/// check by three expansions; without it, the error saying so.
fn beyond_compact(
    named: &Value,
    reads: &'static [(&'static str, Read)],
    why: super::compact::GiveUp,
    store: &ContextStore,
    limits: &Limits,
) -> Result<()> {
    #[cfg(feature = "jsonld-full")]
    {
        let _ = why;
        three_expansions(named, reads, store, limits)
    }
    #[cfg(not(feature = "jsonld-full"))]
    {
        let _ = (named, reads);
        Err(super::full_processor_needed(&why, store, limits))
    }
}

/// A node object Kiln reads: its address (see `compact::node_address`),
/// its JSON path and the keys it reads.
struct ReadNode<'a> {
    node: usize,
    map: &'a Map<String, Value>,
    path: String,
    keys: Keys,
}

enum Keys {
    /// The listed members, present or not.
    Listed(&'static [(&'static str, Read)]),
    /// An object read whole: every member it has.
    All,
}

impl ReadNode<'_> {
    /// Whether Kiln reads the member at `position` among the node's
    /// members, or, `None`, its types.
    fn reads(&self, position: Option<usize>) -> bool {
        let Some(i) = position else {
            return true;
        };
        match &self.keys {
            Keys::Listed(reads) => self
                .map
                .keys()
                .nth(i)
                .is_some_and(|key| reads.iter().any(|(k, _)| k == key)),
            Keys::All => i < self.map.len(),
        }
    }
}

/// The node objects of `v` Kiln reads, as [`build`] walks them.
fn read_nodes<'a>(
    v: &'a Value,
    reads: &'static [(&'static str, Read)],
    path: &str,
    out: &mut Vec<ReadNode<'a>>,
) {
    let Value::Object(node) = v else {
        return;
    };
    out.push(ReadNode {
        node: super::compact::node_address(node),
        map: node,
        path: path.to_owned(),
        keys: Keys::Listed(reads),
    });
    for (key, read) in reads {
        if let Some(x) = node.get(*key) {
            read_items(x, read, &format!("{path}.{key}"), out);
        }
    }
}

fn read_items<'a>(x: &'a Value, read: &'static Read, path: &str, out: &mut Vec<ReadNode<'a>>) {
    match x {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                read_items(item, read, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(o) if o.contains_key("@value") => {}
        Value::Object(o) => match read {
            Read::Node(reads) => read_nodes(x, reads, path, out),
            Read::Value => {
                out.push(ReadNode {
                    node: super::compact::node_address(o),
                    map: o,
                    path: path.to_owned(),
                    keys: Keys::All,
                });
                for (k, v) in o {
                    if !(k.starts_with('@') || k == "id" || k == "type") {
                        read_items(v, &Read::Value, &format!("{path}.{k}"), out);
                    }
                }
            }
        },
        _ => {}
    }
}

/// The check on one expansion of the named document: for every node Kiln
/// reads and every predicate a member it reads means there (present or
/// not), the statements the document makes must be exactly those its read
/// members make. `Ok(Err(why))` when the compact processor cannot tell a
/// member's predicate (the caller then checks by three expansions).
///
/// `exact`: objects compare as terms, blank nodes included, which is right
/// for an expansion whose nodes are not named (each node object without an
/// id is its own blank node); a named document's blank nodes are list cells
/// and graph names only, compared by kind.
fn traced_check(
    named: &Value,
    reads: &'static [(&'static str, Read)],
    traced: &super::compact::Traced,
    exact: bool,
) -> Result<std::result::Result<(), super::compact::GiveUp>> {
    let mut nodes = Vec::new();
    read_nodes(named, reads, "$", &mut nodes);
    // What to ask, in the order of the walk: each read node's subject and
    // the predicate of each member it reads (its types need no asking: the
    // types Kiln reads are statements of this same expansion).
    let mut asked: Vec<(&NamedOrBlankNode, NamedNode, String)> = Vec::new();
    for n in &nodes {
        let Some(subject) = traced.subject(n.node) else {
            return Ok(Err(super::compact::GiveUp::Internal));
        };
        let mut ask = |key: &str| -> std::result::Result<(), super::compact::GiveUp> {
            if let Some(p) = traced.predicate(n.node, key)? {
                asked.push((subject, p, format!("{}.{key}", n.path)));
            }
            Ok(())
        };
        let outcome = match &n.keys {
            Keys::Listed(reads) => reads.iter().try_for_each(|(key, _)| ask(key)),
            Keys::All => n
                .map
                .keys()
                .filter(|k| !(k.starts_with('@') || *k == "id" || *k == "type"))
                .try_for_each(|k| ask(k)),
        };
        if let Err(why) = outcome {
            return Ok(Err(why));
        }
    }
    // The quads in (subject, predicate) order, to find each pair's run.
    let quads = &traced.quads;
    let mut order: Vec<usize> = (0..quads.len()).collect();
    crate::sort_indices(&mut order, &|a, b| {
        quads.get(a).map(pair).cmp(&quads.get(b).map(pair))
    });
    // Whether a read member made each quad, found once per quad through the
    // read nodes in address order (a document may give many nodes one id).
    let mut by_address: Vec<usize> = (0..nodes.len()).collect();
    crate::sort_indices(&mut by_address, &|a, b| {
        nodes
            .get(a)
            .map(|n| n.node)
            .cmp(&nodes.get(b).map(|n| n.node))
    });
    let read: Vec<bool> = (0..quads.len())
        .map(|i| {
            traced.made_by(i).is_some_and(|(node, member)| {
                by_address
                    .binary_search_by(|&k| nodes.get(k).map(|n| n.node).cmp(&Some(node)))
                    .ok()
                    .and_then(|k| by_address.get(k))
                    .and_then(|&k| nodes.get(k))
                    .is_some_and(|n| n.reads(member))
            })
        })
        .collect();
    // Each asked pair once, in (subject, predicate) order, naming the first
    // member the walk found for it.
    let mut asks: Vec<usize> = (0..asked.len()).collect();
    let key = |i: usize| asked.get(i).map(|(s, p, _)| (subject_str(s), p.as_str()));
    crate::sort_indices(&mut asks, &|a, b| key(a).cmp(&key(b)).then(a.cmp(&b)));
    let mut last = None;
    for i in asks {
        let Some((subject, predicate, member)) = asked.get(i) else {
            continue;
        };
        let want = (subject_str(subject), predicate.as_str());
        if last == Some(want) {
            continue;
        }
        last = Some(want);
        let from = order.partition_point(|i| quads.get(*i).map(pair) < Some(want));
        let run = order
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|i| quads.get(**i).map(pair) == Some(want));
        let (mut signed, mut made_by_read): (Vec<&Term>, Vec<&Term>) = (Vec::new(), Vec::new());
        for &i in run {
            let Some(q) = quads.get(i) else { continue };
            signed.push(&q.object);
            if read.get(i).copied().unwrap_or(false) {
                made_by_read.push(&q.object);
            }
        }
        // Every statement read is signed (the same expansion); every one
        // signed must be read, or be the same as one read.
        if signed
            .iter()
            .any(|o| !made_by_read.iter().any(|r| same_object(o, r, exact)))
        {
            return Err(mismatch(
                member,
                &objects_of(&made_by_read),
                &objects_of(&signed),
            ));
        }
    }
    Ok(Ok(()))
}

/// A quad's subject and predicate, for ordering.
fn pair(q: &Quad) -> ((bool, &str), &str) {
    (subject_str(&q.subject), q.predicate.as_str())
}

/// A subject as its kind and text, for ordering.
fn subject_str(s: &NamedOrBlankNode) -> (bool, &str) {
    match s {
        NamedOrBlankNode::NamedNode(n) => (false, n.as_str()),
        NamedOrBlankNode::BlankNode(b) => (true, b.as_str()),
    }
}

/// Objects compare as terms, blank nodes (list cells, after naming) by kind.
fn same_object(a: &Term, b: &Term, exact: bool) -> bool {
    (!exact && matches!((a, b), (Term::BlankNode(_), Term::BlankNode(_)))) || a == b
}

/// The objects as the error shows them. Filled by `insert`: `collect` would
/// bring a sort of its own into the wasm module.
fn objects_of(terms: &[&Term]) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for t in terms {
        out.insert(match t {
            Term::BlankNode(_) => "_:".to_owned(),
            other => other.to_string(),
        });
    }
    out
}

fn mismatch(member: &str, read: &BTreeSet<String>, signed: &BTreeSet<String>) -> Error {
    Error::malformed(
        crate::code::Code::JsonldViewMismatch,
        format!(
            "{member} does not hold what the signed data holds for it: the JSON reads {}, \
             the signature covers {} (the same data written another way, so Kiln would \
             show or check something other than what was signed)",
            describe(read),
            describe(signed)
        ),
    )
}

/// The check by three expansions (the named document, the view and the
/// probe), for documents beyond the compact processor.
#[cfg(feature = "jsonld-full")]
fn three_expansions(
    named: &Value,
    reads: &'static [(&'static str, Read)],
    store: &ContextStore,
    limits: &Limits,
) -> Result<()> {
    let mut paths = Paths::default();
    let view = build(named, reads, "$", false, &mut paths);
    let probe = build(named, reads, "$", true, &mut paths);

    let all = Statements::of(&to_rdf(named, store, limits)?.quads);
    let seen = Statements::of(&to_rdf(&view, store, limits)?.quads);
    let probed = to_rdf(&probe, store, limits)?;

    // Keyed by `statement_key(subject, predicate)`: one map type for the
    // whole module (each key type costs the wasm module its own copy of the
    // B-tree code), in the order of (subject, predicate).
    let mut asked: BTreeMap<String, String> = BTreeMap::new();
    let rdf_type = oxrdf::vocab::rdf::TYPE.as_str();
    for quad in &probed.quads {
        let subject = quad.subject.to_string();
        let Some(node_path) = paths.nodes.get(&subject) else {
            continue;
        };
        let predicate = quad.predicate.as_str().to_owned();
        let member = match &quad.object {
            Term::NamedNode(n) => paths
                .members
                .get(n.as_str())
                .or_else(|| paths.nodes.get(&quad.object.to_string()))
                .cloned(),
            Term::Literal(l) => paths.members.get(l.value()).cloned(),
            _ => None,
        }
        .unwrap_or_else(|| format!("{node_path} (a member)"));
        asked
            .entry(statement_key(&subject, &predicate))
            .or_insert(member);
        asked
            .entry(statement_key(&subject, rdf_type))
            .or_insert_with(|| format!("{node_path}.type"));
    }

    compare(&asked, &all, &seen)
}

#[cfg(feature = "jsonld-full")]
/// Every asked (subject, predicate): the statements read must be the ones
/// signed (for types: among them).
fn compare(asked: &BTreeMap<String, String>, all: &Statements, seen: &Statements) -> Result<()> {
    let rdf_type = oxrdf::vocab::rdf::TYPE.as_str();
    for (key, member) in asked {
        let predicate = key.split_once('\0').map_or("", |(_, p)| p);
        let signed = all.objects(key);
        let read = seen.objects(key);
        // Types are the one statement other objects with the same id add in
        // plain sight (1EdTech's samples give `refreshService` the
        // credential's own id and type): every type Kiln reads must be
        // signed, and more may be. Every other member must match exactly.
        let faithful = if predicate == rdf_type {
            read.is_subset(&signed)
        } else {
            signed == read
        };
        if !faithful {
            return Err(mismatch(member, &read, &signed));
        }
    }
    Ok(())
}

#[cfg(feature = "jsonld-full")]
/// A (subject, predicate) pair as one map key: the two joined by a NUL,
/// which no IRI or blank node label holds, so that the keys sort as the
/// pairs would.
fn statement_key(subject: &str, predicate: &str) -> String {
    format!("{subject}\0{predicate}")
}

#[cfg(feature = "jsonld-full")]
/// The statements of a dataset, each as `statement_key(subject, predicate)`,
/// a NUL and the object: one set of strings rather than a map of sets (a map
/// type of its own in the wasm module). Subjects and predicates hold no NUL,
/// so the statements of one pair are the run of entries after its key and a
/// NUL, in the order of their objects.
#[derive(Debug, Default)]
struct Statements(BTreeSet<String>);

#[cfg(feature = "jsonld-full")]
impl Statements {
    #[cfg(feature = "jsonld-full")]
    fn of(quads: &[Quad]) -> Self {
        let mut set = BTreeSet::new();
        for q in quads {
            let object = match &q.object {
                // Blank nodes left after naming are list cells: compare their kind only.
                Term::BlankNode(_) => "_:".to_owned(),
                other => other.to_string(),
            };
            let key = statement_key(&q.subject.to_string(), q.predicate.as_str());
            set.insert(format!("{key}\0{object}"));
        }
        Statements(set)
    }

    fn objects(&self, key: &str) -> BTreeSet<String> {
        let prefix = format!("{key}\0");
        let mut out = BTreeSet::new();
        for object in self
            .0
            .range(prefix.clone()..)
            .map_while(|s| s.strip_prefix(prefix.as_str()))
        {
            out.insert(object.to_owned());
        }
        out
    }
}

fn describe(objects: &BTreeSet<String>) -> String {
    if objects.is_empty() {
        return "nothing".into();
    }
    let shown: Vec<String> = objects
        .iter()
        .map(|o| {
            if o.starts_with(&format!("<{NODE_PREFIX}"))
                || o.starts_with(&format!("<{BNODE_PREFIX}"))
            {
                "a node".to_owned()
            } else {
                o.clone()
            }
        })
        .collect();
    shown.join(", ")
}

#[cfg(feature = "jsonld-full")]
/// Where the view's nodes and probe markers came from, by IRI.
#[derive(Debug, Default)]
struct Paths {
    /// Subject (as N-Triples term) to JSON path.
    nodes: BTreeMap<String, String>,
    /// Probe marker IRI to the JSON path of its member.
    members: BTreeMap<String, String>,
}

#[cfg(feature = "jsonld-full")]
/// The view (`probe` false: the members Kiln reads, as written) or the probe
/// (`probe` true: a marker in each member Kiln reads, present or not) of the
/// node `v`, already named by [`name_nodes`].
fn build(
    v: &Value,
    reads: &'static [(&'static str, Read)],
    path: &str,
    probe: bool,
    paths: &mut Paths,
) -> Value {
    let Value::Object(node) = v else {
        return if probe {
            marker(path, paths)
        } else {
            v.clone()
        };
    };
    let mut out = Map::new();
    for key in ["@context", "@id", "id", "type"] {
        if let Some(x) = node.get(key) {
            out.insert(key.to_owned(), x.clone());
        }
    }
    if let Some(id) = node
        .get("@id")
        .or_else(|| node.get("id"))
        .and_then(Value::as_str)
    {
        paths.nodes.insert(format!("<{id}>"), path.to_owned());
    }
    for (key, read) in reads {
        let member = format!("{path}.{key}");
        let value = match node.get(*key) {
            Some(x) => read_value(x, read, &member, probe, paths),
            None if probe => marker(&member, paths),
            None => continue,
        };
        out.insert((*key).to_owned(), value);
    }
    Value::Object(out)
}

#[cfg(feature = "jsonld-full")]
fn read_value(x: &Value, read: &'static Read, path: &str, probe: bool, paths: &mut Paths) -> Value {
    match x {
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, item)| read_value(item, read, &format!("{path}[{i}]"), probe, paths))
                .collect(),
        ),
        Value::Object(o) if o.contains_key("@value") => {
            if probe {
                marker(path, paths)
            } else {
                x.clone()
            }
        }
        Value::Object(o) => match read {
            Read::Node(reads) => build(x, reads, path, probe, paths),
            Read::Value => whole(o, path, probe, paths),
        },
        _ if probe => marker(path, paths),
        _ => x.clone(),
    }
}

#[cfg(feature = "jsonld-full")]
/// An object read whole: every member it has.
fn whole(o: &Map<String, Value>, path: &str, probe: bool, paths: &mut Paths) -> Value {
    if let Some(id) = o.get("@id").or_else(|| o.get("id")).and_then(Value::as_str) {
        paths.nodes.insert(format!("<{id}>"), path.to_owned());
    }
    let mut out = Map::new();
    for (k, v) in o {
        let keep = k.starts_with('@') || k == "id" || k == "type";
        let value = if keep {
            v.clone()
        } else {
            read_value(v, &Read::Value, &format!("{path}.{k}"), probe, paths)
        };
        out.insert(k.clone(), value);
    }
    Value::Object(out)
}

#[cfg(feature = "jsonld-full")]
fn marker(path: &str, paths: &mut Paths) -> Value {
    let iri = format!("{PROBE_PREFIX}{}", paths.members.len());
    paths.members.insert(iri.clone(), path.to_owned());
    Value::String(iri)
}

/// Refuses what makes a JSON reading differ from the dataset (see
/// [`check_faithful`]).
fn strict(v: &Value, path: Path<'_>, depth: usize, max_depth: usize) -> Result<()> {
    if depth > max_depth {
        return Err(Error::limit(
            crate::code::Code::JsonTooDeep,
            format!("the credential is nested deeper than {max_depth} levels at {path}"),
        ));
    }
    match v {
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                strict(
                    item,
                    Path::Index(&path, i),
                    depth.saturating_add(1),
                    max_depth,
                )?;
            }
            Ok(())
        }
        Value::Object(o) if o.contains_key("@value") => {
            match o.keys().find(|k| !VALUE_OBJECT_KEYS.contains(&k.as_str())) {
                Some(k) => Err(not_compacted(&path.to_string(), k)),
                None => Ok(()),
            }
        }
        Value::Object(o) => strict_members(o.iter(), path, depth, max_depth),
        _ => Ok(()),
    }
}

/// [`strict`] on the members of a node object at `path`.
fn strict_members<'v>(
    members: impl Iterator<Item = (&'v String, &'v Value)>,
    path: Path<'_>,
    depth: usize,
    max_depth: usize,
) -> Result<()> {
    for (k, x) in members {
        let at = Path::Key(&path, k);
        if k == "@context" {
            redefinitions(x, &at.to_string())?;
            continue;
        }
        if k.starts_with('@') {
            return Err(not_compacted(&path.to_string(), k));
        }
        if k == "id" {
            check_id(x, at)?;
        }
        strict(x, at, depth.saturating_add(1), max_depth)?;
    }
    Ok(())
}

fn not_compacted(path: &str, key: &str) -> Error {
    Error::malformed(
        crate::code::Code::JsonldNotCompacted,
        format!(
            "{path} uses the JSON-LD keyword {key}; a credential must be written in plain compacted \
             form (its terms and `id`/`type`), since other forms let the JSON say something other \
             than what is signed"
        ),
    )
}

fn check_id(x: &Value, at: Path<'_>) -> Result<()> {
    let Value::String(id) = x else {
        return Err(Error::malformed(
            crate::code::Code::JsonldInvalidId,
            format!("{at} is not a string, so JSON-LD drops the node it names"),
        ));
    };
    if id.starts_with("_:") || NamedNode::new(id.as_str()).is_ok() {
        return Ok(());
    }
    Err(Error::malformed(
        crate::code::Code::JsonldInvalidId,
        format!(
            "{at} is {id:?}, which is not an absolute IRI: JSON-LD drops the node it names, so \
             what the JSON shows there is not signed"
        ),
    ))
}

/// Whether Kiln reads a member of this name, at any level.
fn is_read_name(name: &str) -> bool {
    fn walk(reads: &[(&str, Read)], name: &str) -> bool {
        reads
            .iter()
            .any(|(k, r)| *k == name || matches!(r, Read::Node(inner) if walk(inner, name)))
    }
    name == "id" || name == "type" || walk(CREDENTIAL, name)
}

/// Refuses an embedded context that defines a member Kiln reads: the
/// document would then give a name Kiln knows a meaning of its own choosing.
fn redefinitions(ctx: &Value, at: &str) -> Result<()> {
    match ctx {
        Value::Array(items) => items.iter().try_for_each(|c| redefinitions(c, at)),
        Value::Object(defs) => match defs.keys().find(|k| is_read_name(k)) {
            Some(k) => Err(Error::malformed(
                crate::code::Code::JsonldRedefinedTerm,
                format!(
                    "the context embedded at {at} defines \"{k}\", a member whose meaning Kiln \
                         relies on; a credential may not redefine it"
                ),
            )),
            None => Ok(()),
        },
        _ => Ok(()),
    }
}

/// Blank node identifiers used as `id`s, each with the IRI it is renamed to.
fn blank_ids(v: &Value) -> BTreeMap<String, String> {
    fn walk(v: &Value, out: &mut BTreeMap<String, String>) {
        match v {
            Value::Array(items) => items.iter().for_each(|x| walk(x, out)),
            Value::Object(o) => {
                for (k, x) in o {
                    if k == "@context" {
                        continue;
                    }
                    if let (true, Value::String(s)) = (k == "id" || k == "@id", x)
                        && let Some(label) = s.strip_prefix("_:")
                    {
                        let encoded: String = label
                            .bytes()
                            .map(|b| {
                                if b.is_ascii_alphanumeric() {
                                    char::from(b).to_string()
                                } else {
                                    format!("%{b:02X}")
                                }
                            })
                            .collect();
                        out.insert(s.clone(), format!("{BNODE_PREFIX}{encoded}"));
                    }
                    walk(x, out);
                }
            }
            _ => {}
        }
    }
    let mut out = BTreeMap::new();
    walk(v, &mut out);
    out
}

/// Names every node object: an `@id` for those without one, blank node
/// identifiers renamed (everywhere they occur) to IRIs, so that nodes can be
/// matched between datasets expanded apart. The dataset keeps its shape.
fn name_nodes(
    v: &mut Value,
    renames: &BTreeMap<String, String>,
    counter: &mut usize,
    depth: usize,
    max_depth: usize,
) {
    if depth > max_depth {
        return;
    }
    match v {
        Value::String(s) => {
            if let Some(iri) = renames.get(s.as_str()) {
                *s = iri.clone();
            }
        }
        Value::Array(items) => {
            for item in items {
                name_nodes(item, renames, counter, depth.saturating_add(1), max_depth);
            }
        }
        Value::Object(o) if o.contains_key("@value") => {}
        Value::Object(o) => {
            if !o.contains_key("id") && !o.contains_key("@id") {
                // `id` is the alias every credential context (VC 1.1, VC 2.0) gives `@id`.
                o.insert(
                    "id".into(),
                    Value::String(format!("{NODE_PREFIX}{counter}")),
                );
                *counter = counter.saturating_add(1);
            }
            for (k, x) in o.iter_mut() {
                if k != "@context" {
                    name_nodes(x, renames, counter, depth.saturating_add(1), max_depth);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(doc: &Value) -> String {
        check_faithful(doc, &ContextStore::bundled(), &Limits::default())
            .unwrap_err()
            .to_string()
    }

    /// The form check names the place of what it refuses: through arrays
    /// and members whose names need quoting.
    #[test]
    fn form_errors_name_their_path() {
        let doc = |subject: Value| {
            json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential"],
                "issuer": "did:example:issuer",
                "credentialSubject": subject,
            })
        };
        let e = check(&doc(json!({"odd key": [{"a": 1}, {"@set": [1]}]})));
        assert!(
            e.contains("$.credentialSubject[\"odd key\"][1] uses the JSON-LD keyword @set"),
            "{e}"
        );
        let e = check(&doc(json!({"items": [{"id": 5}]})));
        assert!(
            e.contains("$.credentialSubject.items[0].id is not a string"),
            "{e}"
        );
        let e = check(&doc(json!({"items": [{"id": "not an iri"}]})));
        assert!(
            e.contains(
                "$.credentialSubject.items[0].id is \"not an iri\", which is not an absolute IRI"
            ),
            "{e}"
        );
    }
}
