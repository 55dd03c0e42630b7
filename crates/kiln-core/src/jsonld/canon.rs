//! RDF Dataset Canonicalization (RDFC-1.0, <https://www.w3.org/TR/rdf-canon/>)
//! with a work budget.
//!
//! oxrdf 0.3 implements RDFC-1.0 too, but its N-degree hashing has no bound
//! and cannot be interrupted: a "poison" dataset (the suite's 10-node clique)
//! keeps it busy for hours. This implementation follows the specification's
//! steps on oxrdf's terms and counts every Hash N-Degree Quads call and every
//! permutation it tries against [`Limits::max_canon_work`]; past it, the
//! result is [`Error::LimitExceeded`] with code `rdfc-work-limit`.

use crate::{
    error::{Error, Result},
    limits::Limits,
};
use oxrdf::{GraphNameRef, LiteralRef, NamedOrBlankNodeRef, Quad, TermRef};
use sha2::Digest;
use std::collections::{BTreeMap, HashMap};

/// The hash function RDFC-1.0 runs with. SHA-256 is the default and the one
/// the Data Integrity suites use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum HashAlgorithm {
    /// SHA-256.
    #[default]
    Sha256,
    /// SHA-384.
    Sha384,
}

impl HashAlgorithm {
    fn hex(self, data: &str) -> String {
        match self {
            HashAlgorithm::Sha256 => hex(&sha2::Sha256::digest(data.as_bytes())),
            HashAlgorithm::Sha384 => hex(&sha2::Sha384::digest(data.as_bytes())),
        }
    }
}

/// Lower-case hexadecimal of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

/// The result of canonicalization: canonical N-Quads and the blank node map
/// (input label to canonical label, both without `_:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Canonical {
    /// Canonical N-Quads: sorted lines, each ending in `" .\n"`.
    pub nquads: String,
    /// Input blank node label to canonical label (`c14n0`, ...).
    pub issued: BTreeMap<String, String>,
}

/// A quad component: a fixed term (already serialized) or a blank node index.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Node {
    Fixed(String),
    Blank(usize),
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct CQuad {
    s: Node,
    p: String,
    o: Node,
    g: Option<Node>,
}

impl CQuad {
    fn nodes(&self) -> impl Iterator<Item = &Node> {
        [Some(&self.s), Some(&self.o), self.g.as_ref()]
            .into_iter()
            .flatten()
    }

    /// The N-Quads line of this quad, blank node `b` written `_:label(b)`.
    fn serialize<'l>(&self, label: &dyn Fn(usize) -> &'l str) -> String {
        let len = |n: &Node| match n {
            Node::Fixed(s) => s.len(),
            Node::Blank(b) => label(*b).len().saturating_add(2),
        };
        let capacity = len(&self.s)
            .saturating_add(self.p.len())
            .saturating_add(len(&self.o))
            .saturating_add(self.g.as_ref().map_or(0, len))
            .saturating_add(6);
        let mut line = String::with_capacity(capacity);
        let node = |line: &mut String, n: &Node| match n {
            Node::Fixed(s) => line.push_str(s),
            Node::Blank(b) => {
                line.push_str("_:");
                line.push_str(label(*b));
            }
        };
        node(&mut line, &self.s);
        line.push(' ');
        line.push_str(&self.p);
        line.push(' ');
        node(&mut line, &self.o);
        if let Some(g) = &self.g {
            line.push(' ');
            node(&mut line, g);
        }
        line.push_str(" .\n");
        line
    }
}

#[derive(Debug, Clone)]
struct Issuer {
    prefix: &'static str,
    counter: usize,
    map: HashMap<usize, String>,
    order: Vec<usize>,
}

impl Issuer {
    fn new(prefix: &'static str) -> Self {
        Issuer {
            prefix,
            counter: 0,
            map: HashMap::new(),
            order: Vec::new(),
        }
    }

    fn issue(&mut self, b: usize) -> String {
        if let Some(id) = self.map.get(&b) {
            return id.clone();
        }
        let id = format!("{}{}", self.prefix, self.counter);
        self.counter = self.counter.saturating_add(1);
        self.map.insert(b, id.clone());
        self.order.push(b);
        id
    }
}

struct State<'a> {
    quads: &'a [CQuad],
    /// Blank node index to the indices of the quads that mention it.
    quads_of: Vec<Vec<usize>>,
    first_degree: Vec<String>,
    canonical: Issuer,
    hash: HashAlgorithm,
    work_left: usize,
    work_limit: usize,
}

impl State<'_> {
    fn spend(&mut self) -> Result<()> {
        match self.work_left.checked_sub(1) {
            Some(left) => {
                self.work_left = left;
                Ok(())
            }
            None => Err(Error::limit(
                crate::code::Code::RdfcWorkLimit,
                format!(
                    "RDFC-1.0 canonicalization gave up after {} steps of N-degree hashing (limit max_canon_work): \
                     the dataset's blank nodes are too symmetric to label in bounded time (a poison graph?)",
                    self.work_limit
                ),
            )),
        }
    }

    fn hash_first_degree(&self, n: usize) -> String {
        let mut lines: Vec<String> = self
            .quad_list(n)
            .iter()
            .filter_map(|&qi| self.quads.get(qi))
            .map(|q| q.serialize(&|b| if b == n { "a" } else { "z" }))
            .collect();
        lines.sort_unstable();
        self.hash.hex(&lines.concat())
    }

    fn quad_list(&self, n: usize) -> &[usize] {
        self.quads_of.get(n).map(Vec::as_slice).unwrap_or(&[])
    }

    fn hash_related(
        &self,
        related: usize,
        quad: &CQuad,
        issuer: &Issuer,
        position: char,
    ) -> String {
        let mut input = String::new();
        input.push(position);
        if position != 'g' {
            input.push_str(&quad.p);
        }
        if let Some(id) = self
            .canonical
            .map
            .get(&related)
            .or_else(|| issuer.map.get(&related))
        {
            input.push_str("_:");
            input.push_str(id);
        } else {
            input.push_str(
                self.first_degree
                    .get(related)
                    .map(String::as_str)
                    .unwrap_or(""),
            );
        }
        self.hash.hex(&input)
    }

    fn hash_n_degree(&mut self, identifier: usize, issuer: &Issuer) -> Result<(Issuer, String)> {
        self.spend()?;
        let mut issuer = issuer.clone();
        // 1-3: related hash -> related blank nodes.
        let mut h_n: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &qi in self.quad_list(identifier) {
            let Some(quad) = self.quads.get(qi) else {
                continue;
            };
            let positions = [
                (Some(&quad.s), 's'),
                (Some(&quad.o), 'o'),
                (quad.g.as_ref(), 'g'),
            ];
            for (node, position) in positions {
                if let Some(Node::Blank(component)) = node {
                    if *component != identifier {
                        let hash = self.hash_related(*component, quad, &issuer, position);
                        // A list, not a set (RDFC-1.0 4.8.3 step 3.1.2): a blank node
                        // related through several quads with the same hash (such as a
                        // graph name) appears once per quad, and each appearance adds to
                        // the path, as rdf-canonize (jsonld.js) does.
                        h_n.entry(hash).or_default().push(*component);
                    }
                }
            }
        }
        // 4-5
        let mut data_to_hash = String::new();
        for (related_hash, mut blank_nodes) in h_n {
            data_to_hash.push_str(&related_hash);
            let mut chosen_path = String::new();
            let mut chosen_issuer: Option<Issuer> = None;
            crate::sort_indices(&mut blank_nodes, &|a, b| a.cmp(&b));
            let mut perm = blank_nodes;
            loop {
                self.spend()?;
                if let Some((path, issuer_copy)) =
                    self.try_permutation(&perm, &issuer, &chosen_path)?
                {
                    if chosen_path.is_empty() || path < chosen_path {
                        chosen_path = path;
                        chosen_issuer = Some(issuer_copy);
                    }
                }
                if !next_permutation(&mut perm) {
                    break;
                }
            }
            data_to_hash.push_str(&chosen_path);
            if let Some(chosen) = chosen_issuer {
                issuer = chosen;
            }
        }
        let hash = self.hash.hex(&data_to_hash);
        Ok((issuer, hash))
    }

    /// Steps 5.4.1 to 5.4.5 for one permutation; `None` when the path is
    /// already worse than the chosen one.
    fn try_permutation(
        &mut self,
        perm: &[usize],
        issuer: &Issuer,
        chosen_path: &str,
    ) -> Result<Option<(String, Issuer)>> {
        let worse = |path: &str| {
            !chosen_path.is_empty() && path.len() >= chosen_path.len() && path > chosen_path
        };
        let mut issuer_copy = issuer.clone();
        let mut path = String::new();
        let mut recursion_list = Vec::new();
        for &related in perm {
            if let Some(id) = self.canonical.map.get(&related) {
                path.push_str("_:");
                path.push_str(id);
            } else {
                if !issuer_copy.map.contains_key(&related) {
                    recursion_list.push(related);
                }
                let id = issuer_copy.issue(related);
                path.push_str("_:");
                path.push_str(&id);
            }
            if worse(&path) {
                return Ok(None);
            }
        }
        for related in recursion_list {
            let (result_issuer, result_hash) = self.hash_n_degree(related, &issuer_copy)?;
            let id = issuer_copy.issue(related);
            path.push_str("_:");
            path.push_str(&id);
            path.push('<');
            path.push_str(&result_hash);
            path.push('>');
            issuer_copy = result_issuer;
            if worse(&path) {
                return Ok(None);
            }
        }
        Ok(Some((path, issuer_copy)))
    }
}

/// Next lexicographic permutation in place; false after the last one.
fn next_permutation(v: &mut [usize]) -> bool {
    let n = v.len();
    if n < 2 {
        return false;
    }
    let mut i = n - 1;
    while i > 0 && v.get(i - 1) >= v.get(i) {
        i -= 1;
    }
    if i == 0 {
        return false;
    }
    let mut j = n - 1;
    while v.get(j) <= v.get(i - 1) {
        j -= 1;
    }
    v.swap(i - 1, j);
    if let Some(tail) = v.get_mut(i..) {
        tail.reverse();
    }
    true
}

/// Canonicalizes a set of quads (duplicates are ignored, as in any RDF dataset).
pub fn canonicalize_quads(
    quads: &[Quad],
    hash: HashAlgorithm,
    limits: &Limits,
) -> Result<Canonical> {
    if quads.len() > limits.max_quads {
        return Err(Error::limit(
            crate::code::Code::RdfcTooManyQuads,
            format!(
                "the dataset has {} quads, more than the limit max_quads = {}",
                quads.len(),
                limits.max_quads
            ),
        ));
    }
    let mut labels: Vec<String> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut cquads = Vec::with_capacity(quads.len());
    for quad in quads {
        let mut blank = |label: &str| -> Result<Node> {
            if let Some(&i) = index.get(label) {
                return Ok(Node::Blank(i));
            }
            let i = labels.len();
            if i >= limits.max_blank_nodes {
                return Err(Error::limit(
                    crate::code::Code::RdfcTooManyBlankNodes,
                    format!(
                        "the dataset has more than max_blank_nodes = {} blank nodes",
                        limits.max_blank_nodes
                    ),
                ));
            }
            labels.push(label.to_owned());
            index.insert(label.to_owned(), i);
            Ok(Node::Blank(i))
        };
        let s = match quad.subject.as_ref() {
            NamedOrBlankNodeRef::BlankNode(b) => blank(b.as_str())?,
            NamedOrBlankNodeRef::NamedNode(n) => Node::Fixed(iri_text(n.as_str())),
        };
        let o = match quad.object.as_ref() {
            TermRef::BlankNode(b) => blank(b.as_str())?,
            TermRef::NamedNode(n) => Node::Fixed(iri_text(n.as_str())),
            TermRef::Literal(l) => Node::Fixed(literal_text(l)),
            #[allow(unreachable_patterns)] // quoted triples, with oxrdf's `rdf-12`
            other => Node::Fixed(other.to_string()),
        };
        let g = match quad.graph_name.as_ref() {
            GraphNameRef::DefaultGraph => None,
            GraphNameRef::BlankNode(b) => Some(blank(b.as_str())?),
            GraphNameRef::NamedNode(n) => Some(Node::Fixed(iri_text(n.as_str()))),
        };
        cquads.push(CQuad {
            s,
            p: iri_text(quad.predicate.as_str()),
            o,
            g,
        });
    }
    // The same statement twice counts once, as in any RDF dataset: the later
    // copies go (found by sorting, without hashing every term).
    let mut order: Vec<usize> = (0..cquads.len()).collect();
    crate::sort_indices(&mut order, &|a, b| {
        cquads.get(a).cmp(&cquads.get(b)).then(a.cmp(&b))
    });
    let mut repeated = vec![false; cquads.len()];
    for pair in order.windows(2) {
        if let [a, b] = *pair {
            if cquads.get(a) == cquads.get(b) {
                if let Some(r) = repeated.get_mut(b) {
                    *r = true;
                }
            }
        }
    }
    let cquads: Vec<CQuad> = cquads
        .into_iter()
        .zip(repeated)
        .filter_map(|(q, r)| (!r).then_some(q))
        .collect();

    // Step 2: blank node to quads.
    let mut quads_of: Vec<Vec<usize>> = vec![Vec::new(); labels.len()];
    for (qi, q) in cquads.iter().enumerate() {
        for node in q.nodes() {
            if let Node::Blank(b) = node {
                if let Some(list) = quads_of.get_mut(*b) {
                    if list.last() != Some(&qi) {
                        list.push(qi);
                    }
                }
            }
        }
    }
    let mut state = State {
        quads: &cquads,
        quads_of,
        first_degree: Vec::new(),
        canonical: Issuer::new("c14n"),
        hash,
        work_left: limits.max_canon_work,
        work_limit: limits.max_canon_work,
    };
    // Step 3: first-degree hashes.
    let first_degree: Vec<String> = (0..labels.len())
        .map(|n| state.hash_first_degree(n))
        .collect();
    // String keys, as `h_n`'s: one B-tree type fewer in the wasm module.
    let mut hash_to_nodes: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (n, h) in first_degree.iter().enumerate() {
        hash_to_nodes.entry(h.clone()).or_default().push(n);
    }
    // Step 4: unique hashes get canonical identifiers in hash order.
    let mut shared = Vec::new();
    for nodes in hash_to_nodes.values() {
        match nodes.as_slice() {
            [one] => {
                state.canonical.issue(*one);
            }
            _ => shared.push(nodes.clone()),
        }
    }
    state.first_degree = first_degree.clone();
    // Step 5: N-degree hashing for shared hashes.
    for nodes in shared {
        let mut hash_path_list = Vec::new();
        for n in nodes {
            if state.canonical.map.contains_key(&n) {
                continue;
            }
            let mut temporary = Issuer::new("b");
            temporary.issue(n);
            let (issuer, hash) = state.hash_n_degree(n, &temporary)?;
            hash_path_list.push((issuer, hash));
        }
        // By hash; equal hashes keep the order they were found in (the
        // position breaks ties, so an unstable sort gives a stable order).
        let hash = |i: usize| hash_path_list.get(i).map(|p| &p.1);
        let mut order: Vec<usize> = (0..hash_path_list.len()).collect();
        crate::sort_indices(&mut order, &|a, b| hash(a).cmp(&hash(b)).then(a.cmp(&b)));
        for (issuer, _) in order.iter().filter_map(|&i| hash_path_list.get(i)) {
            for &n in &issuer.order {
                state.canonical.issue(n);
            }
        }
    }
    // Step 6-7: relabel and sort.
    let canonical = &state.canonical;
    let label = |b: usize| canonical.map.get(&b).map_or("", String::as_str);
    let mut lines: Vec<String> = cquads.iter().map(|q| q.serialize(&label)).collect();
    lines.sort_unstable();
    lines.dedup();
    let mut issued = BTreeMap::new();
    for (i, l) in labels.iter().enumerate() {
        issued.insert(l.clone(), label(i).to_owned());
    }
    Ok(Canonical {
        nquads: lines.concat(),
        issued,
    })
}

/// An IRI as N-Quads writes it: `<iri>`.
fn iri_text(iri: &str) -> String {
    let mut out = String::with_capacity(iri.len().saturating_add(2));
    out.push('<');
    out.push_str(iri);
    out.push('>');
    out
}

/// A literal as canonical N-Quads writes it (RDFC-1.0 section 4.2 and RDF
/// 1.2 N-Quads' canonical form): the value quoted with `\b \t \n \f \r
/// \" \\` escaped, the other control characters, DEL, U+FFFE and U+FFFF as
/// `\uXXXX`, then `^^<datatype>` unless it is `xsd:string`. A language-tagged
/// literal (which may carry a direction) is written by oxrdf.
fn literal_text(l: LiteralRef<'_>) -> String {
    if l.language().is_some() {
        return l.to_string();
    }
    let value = l.value();
    let mut out = String::with_capacity(value.len().saturating_add(2));
    out.push('"');
    let mut plain = 0;
    for (i, c) in value.char_indices() {
        let short = match c {
            '\u{8}' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\u{c}' => "\\f",
            '\r' => "\\r",
            '"' => "\\\"",
            '\\' => "\\\\",
            '\0'..='\u{1f}' | '\u{7f}' | '\u{fffe}' | '\u{ffff}' => "",
            _ => continue,
        };
        out.push_str(value.get(plain..i).unwrap_or(""));
        plain = i.saturating_add(c.len_utf8());
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.push_str("\\u");
            let code = u32::from(c);
            for shift in [12u32, 8, 4, 0] {
                let digit = (code >> shift) & 0xf;
                out.push(char::from(HEX.get(digit as usize).copied().unwrap_or(b'0')));
            }
        } else {
            out.push_str(short);
        }
    }
    out.push_str(value.get(plain..).unwrap_or(""));
    out.push('"');
    let datatype = l.datatype();
    if datatype != oxrdf::vocab::xsd::STRING {
        out.push_str("^^");
        out.push_str(&iri_text(datatype.as_str()));
    }
    out
}

/// Parses N-Quads (one statement a line; `#` comments and blank lines are
/// skipped). Errors name the line.
pub fn parse_nquads(text: &str, limits: &Limits) -> Result<Vec<Quad>> {
    if text.len() > limits.max_input_bytes {
        return Err(Error::limit(
            crate::code::Code::NquadsTooLarge,
            format!(
                "the N-Quads input has {} bytes, more than max_input_bytes = {}",
                text.len(),
                limits.max_input_bytes
            ),
        ));
    }
    let mut quads = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if quads.len() >= limits.max_quads {
            return Err(Error::limit(
                crate::code::Code::RdfcTooManyQuads,
                format!(
                    "the N-Quads input has more than max_quads = {} statements",
                    limits.max_quads
                ),
            ));
        }
        let quad: Quad = trimmed.parse().map_err(|e| {
            Error::malformed(
                crate::code::Code::NquadsSyntax,
                format!("N-Quads line {}: {e}", i.saturating_add(1)),
            )
        })?;
        quads.push(quad);
    }
    Ok(quads)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Kiln's term writer writes what oxrdf's does: every escape, every kind
    /// of literal, IRIs.
    #[test]
    fn terms_are_written_as_oxrdf_writes_them() {
        use oxrdf::{Literal, NamedNode};
        let mut values: Vec<String> = (0u32..0x80)
            .chain([
                0x85, 0xa0, 0xe9, 0x200e, 0x2028, 0xfffd, 0xfffe, 0xffff, 0x1f600,
            ])
            .filter_map(char::from_u32)
            .map(|c| format!("a{c}b{c}"))
            .collect();
        values.extend([
            "".into(),
            "\\\"\\".into(),
            "plain text".into(),
            "\u{7f}".into(),
        ]);
        let dt = NamedNode::new("https://example.org/dt").unwrap();
        for v in &values {
            for l in [
                Literal::new_simple_literal(v),
                Literal::new_typed_literal(v, oxrdf::vocab::xsd::STRING),
                Literal::new_typed_literal(v, oxrdf::vocab::xsd::DATE_TIME),
                Literal::new_typed_literal(v, dt.clone()),
                Literal::new_language_tagged_literal_unchecked(v, "fr"),
            ] {
                assert_eq!(literal_text(l.as_ref()), l.to_string(), "{v:?}");
            }
        }
        assert_eq!(iri_text(dt.as_str()), dt.to_string());
    }

    /// A repeated statement changes no hash: the labels of a dataset with
    /// repeats are those of the dataset without (each case has two blank
    /// nodes whose order a counted repeat would be likely to flip).
    #[test]
    fn repeated_statements_count_once() {
        let limits = Limits::default();
        let canon = |text: &str| {
            canonicalize_quads(
                &parse_nquads(text, &limits).unwrap(),
                HashAlgorithm::Sha256,
                &limits,
            )
            .unwrap()
        };
        for i in 0..8 {
            let a = format!("_:a <http://ex/p> \"x{i}\" .\n");
            let b = format!("_:b <http://ex/p> \"y{i}\" .\n");
            let once = canon(&format!("{a}{b}"));
            assert_eq!(canon(&format!("{a}{a}{b}")), once, "case {i}");
            assert_eq!(canon(&format!("{a}{b}{b}{b}")), once, "case {i}");
            assert_eq!(once.nquads.lines().count(), 2);
        }
    }

    #[test]
    fn permutations_are_all_visited() {
        let mut v = vec![0, 1, 2, 3];
        let mut n = 1;
        while next_permutation(&mut v) {
            n += 1;
        }
        assert_eq!(n, 24);
        assert_eq!(v, vec![3, 2, 1, 0]);
    }

    #[test]
    fn spec_example_without_blank_nodes_is_sorted() {
        let input = "<http://ex/b> <http://ex/p> \"x\" .\n<http://ex/a> <http://ex/p> \"y\" .\n";
        let quads = parse_nquads(input, &Limits::default()).unwrap();
        let c = canonicalize_quads(&quads, HashAlgorithm::Sha256, &Limits::default()).unwrap();
        assert_eq!(
            c.nquads,
            "<http://ex/a> <http://ex/p> \"y\" .\n<http://ex/b> <http://ex/p> \"x\" .\n"
        );
    }

    /// A ring of `n` blank nodes, all alike: every node needs N-degree hashing.
    fn ring(n: usize) -> Vec<Quad> {
        let text: String = (0..n)
            .map(|i| format!("_:n{i} <http://ex/next> _:n{} .\n", (i + 1) % n))
            .collect();
        parse_nquads(&text, &Limits::default()).unwrap()
    }

    #[test]
    fn work_budget_is_enforced() {
        let quads = ring(6);
        let ok = canonicalize_quads(&quads, HashAlgorithm::Sha256, &Limits::default()).unwrap();
        assert_eq!(ok.issued.len(), 6);
        let tight = Limits {
            max_canon_work: 3,
            ..Limits::default()
        };
        let err = canonicalize_quads(&quads, HashAlgorithm::Sha256, &tight).unwrap_err();
        assert_eq!(err.code(), "rdfc-work-limit");
    }

    #[test]
    fn blank_node_and_quad_limits_are_enforced() {
        let quads = ring(6);
        let few_nodes = Limits {
            max_blank_nodes: 5,
            ..Limits::default()
        };
        let err = canonicalize_quads(&quads, HashAlgorithm::Sha256, &few_nodes).unwrap_err();
        assert_eq!(err.code(), "rdfc-too-many-blank-nodes");
        let few_quads = Limits {
            max_quads: 5,
            ..Limits::default()
        };
        let err = canonicalize_quads(&quads, HashAlgorithm::Sha256, &few_quads).unwrap_err();
        assert_eq!(err.code(), "rdfc-too-many-quads");
        let text = "<http://ex/a> <http://ex/p> \"x\" .\n".repeat(6);
        assert_eq!(
            parse_nquads(&text, &few_quads).unwrap_err().code(),
            "rdfc-too-many-quads"
        );
    }

    #[test]
    fn duplicate_quads_count_once() {
        let text = "_:a <http://ex/p> \"x\" .\n_:a <http://ex/p> \"x\" .\n";
        let quads = parse_nquads(text, &Limits::default()).unwrap();
        let c = canonicalize_quads(&quads, HashAlgorithm::Sha256, &Limits::default()).unwrap();
        assert_eq!(c.nquads, "_:c14n0 <http://ex/p> \"x\" .\n");
    }

    #[test]
    fn bad_line_is_named() {
        let err = parse_nquads("<http://ex/a> <http://ex/p> .\n", &Limits::default()).unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }
}
