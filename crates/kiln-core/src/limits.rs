//! Bounds on the work any one input may cause. Nothing is unlimited by default.

/// Limits applied while reading, baking and verifying badges.
///
/// The defaults accept every real badge seen so far with a wide margin and
/// refuse what only an attack needs. Exceeding one gives
/// [`Error::LimitExceeded`](crate::Error::LimitExceeded), never a hang or an
/// allocation of what a length field claims.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Largest image or credential file accepted, in bytes.
    pub max_input_bytes: usize,
    /// Largest single PNG chunk, in bytes.
    pub max_chunk_bytes: usize,
    /// Largest baked payload (credential text), in bytes; also the largest
    /// result of decompressing a compressed iTXt chunk.
    pub max_payload_bytes: usize,
    /// Most XML nodes in an SVG.
    pub max_svg_nodes: u32,
    /// Deepest nesting of JSON arrays and objects accepted in any JSON
    /// document read (credential, key file, status list, fetched document).
    pub max_json_depth: usize,
    /// Most JSON values (objects, arrays, strings, numbers, booleans, nulls)
    /// in one JSON document: a credential, key file, status list or fetched
    /// document. Checked while parsing, before any JSON-LD work.
    ///
    /// The default, 50,000, leaves a wide margin: the largest real credential
    /// in Kiln's test suites (1EdTech's OB 3.0 `complete.json`, every optional
    /// field filled) has about 550 values, and the JSON-LD test manifest, the
    /// largest JSON document of any kind there, under 5,000; a badge with
    /// many endorsements or results stays in the thousands. A payload near
    /// the 4 MB limit made of tiny values has hundreds of thousands, and only
    /// an attack needs that many.
    pub max_json_nodes: usize,
    /// Most RDF quads a credential may expand to.
    pub max_quads: usize,
    /// Most blank nodes in a dataset being canonicalized.
    pub max_blank_nodes: usize,
    /// Upper bound on RDFC-1.0 hash computations (N-degree work) per dataset.
    pub max_canon_work: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_input_bytes: 64 * 1024 * 1024,
            max_chunk_bytes: 32 * 1024 * 1024,
            max_payload_bytes: 4 * 1024 * 1024,
            max_svg_nodes: 200_000,
            max_json_depth: 64,
            max_json_nodes: 50_000,
            max_quads: 20_000,
            max_blank_nodes: 1_000,
            max_canon_work: 100_000,
        }
    }
}
