//! Bounds on the work any one input may cause. Nothing is unlimited by default.
//!
//! Every bound of kiln-core is here: the fields of [`Limits`], which a caller
//! may tighten (or loosen, knowing the cost), and the associated constants,
//! which guard the stack, a key format or a fallback and are not the
//! caller's to raise: [`Limits::MAX_WALK_DEPTH`], [`Limits::MAX_JCS_DEPTH`],
//! [`Limits::MAX_MULTIBASE_CHARS`], [`Limits::MAX_ONLINE_BUDGET_SECS`],
//! [`Limits::MAX_JWS_HEADER_BYTES`], [`Limits::MAX_CBOR_DEPTH`],
//! [`Limits::MAX_CBOR_ITEMS`], [`Limits::SCOPED_CONTEXT_DEPTH`], and the
//! compact JSON-LD processor's hand-over points `COMPACT_*`. The browser
//! reads the ones its JavaScript needs from the wasm module (`limits()`),
//! never from a copy.
//!
//! What stays with its format is a fact of that format, not a choice, each
//! named where it is checked:
//! - a PNG chunk's length, at most 2^31 - 1 (`container/png.rs`, the PNG
//!   specification);
//! - a date's year, four digits, 0000 to 9999 (`time.rs`, RFC 3339 as
//!   xsd:dateTime writes it);
//! - a status list, at least 131,072 entries
//!   ([`status_list::MIN_LIST_BITS`](crate::status_list::MIN_LIST_BITS), the
//!   Bitstring Status List specification's floor for herd privacy);
//! - a host name, at most 253 characters in labels of at most 63, and a
//!   port, at most five digits (`url.rs`, RFC 1035 and RFC 3986);
//! - an Ed25519 `publicKeyBase58`, at most 44 characters, the most that 32
//!   bytes take (`key/controller.rs`);
//! - an RSA key, at least 2,048 bits (`jose.rs`: a floor of security, not a
//!   bound on work).
//!
//! The other crates keep their own: kiln-render's `Limits` (templates and
//! fonts), and in kiln-cli the fetcher's time budget (`fetch.rs`) and the
//! directory walk of `kiln verify --recursive` (`cmd/verify.rs`).

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
    /// Most fetch-and-verify rounds of an online verification
    /// ([`verify_online`](crate::verify::verify_online)). The default, 5:
    /// the longest chain seen needs four (a status list, its issuer's DID
    /// document, an OB 2.0 BadgeClass and Issuer); what is still missing
    /// after the last round is "could not check".
    pub max_rounds: usize,
    /// Most distinct documents one verification asks for from the web. The
    /// default, 16: a badge, its issuer's keys and up to eight status lists
    /// fit; a badge naming a thousand status lists or keys must not make the
    /// caller fetch a thousand URLs.
    pub max_documents: usize,
    /// Most `credentialStatus` entries checked (each may need a fetch). The
    /// default, 8: real badges carry one or two (revocation, suspension); a
    /// badge with more is reported as "could not check", never passed.
    pub max_status_entries: usize,
    /// Largest decompressed status list, in bytes. The default, 16 MiB
    /// (134 million entries), is far above any issuer's list (the W3C
    /// minimum is 16 KiB) and bounds what a small gzip bomb inflates to.
    pub max_status_list_bytes: usize,
    /// Most fields in one record of a recipients CSV. The default, 1,000:
    /// a recipients sheet has a handful of columns.
    pub max_csv_columns: usize,
    /// Most records (the header included) in a recipients CSV. The default,
    /// 1,000,000: bulk issuance of a million badges.
    pub max_csv_records: usize,
    /// Most HTTP redirects followed for one online document. The default,
    /// 3: a hosted file moved once or twice; each hop must stay on the same
    /// host and on https.
    pub max_redirects: usize,
    /// Deepest nesting of credentials verified inside a credential: a CLR's
    /// nested credentials and embedded endorsements are at level 1, a CLR
    /// inside a CLR puts its own at level 2. The default, 2; deeper ones are
    /// not verified, and a record holding them is "could not check".
    pub max_nesting_depth: usize,
    /// Most credentials in one CLR's `verifiableCredential` list, and most
    /// embedded endorsements of one credential. The default, 1,000: a
    /// transcript lists tens to hundreds of achievements. Every nested
    /// credential is part of the one input, so it is also held to
    /// `max_payload_bytes` and `max_json_nodes` as a whole.
    pub max_nested_credentials: usize,
    /// Most documents in a pinned set ([`Documents`](crate::verify::Documents):
    /// `kiln verify --documents`, the JS API's `documents`). The default, 256:
    /// an archive pins a few contexts and DID documents per issuer.
    pub max_pinned_documents: usize,
    /// Largest pinned set, in bytes of JSON text. The default, 16 MiB.
    pub max_pinned_bytes: usize,
}

impl Limits {
    /// Deepest nesting followed by the walks over JSON values already read
    /// (JSON-LD safe mode's path finders, scoped-context collection): 256.
    /// Those values passed [`max_json_depth`](Limits::max_json_depth) when
    /// read, or are expansions of them (JSON-LD expansion nests a value about
    /// twice as deep as its input), so this is a stack guard for whatever
    /// the caller set, not a policy: a constant, not a field.
    pub const MAX_WALK_DEPTH: usize = 256;
    /// Deepest nesting JCS (RFC 8785) canonicalization recurses into: 128.
    /// Its input passed [`max_json_depth`](Limits::max_json_depth) when read
    /// or was built by Kiln; like [`MAX_WALK_DEPTH`](Limits::MAX_WALK_DEPTH)
    /// it guards the stack, and deeper input is an error, never a crash.
    pub const MAX_JCS_DEPTH: usize = 128;
    /// Longest multibase string decoded (a key or signature), in characters:
    /// 1,024. An Ed25519 key is 48 characters, a signature 88, an RSA-4096
    /// key under 800; only an attack needs more, and base58 decoding costs
    /// the square of the length.
    pub const MAX_MULTIBASE_CHARS: usize = 1024;
    /// Longest time budget a caller may give all the online work of one
    /// verification, in seconds: 600. A budget is a wait, not a bound on
    /// memory, but a typo such as `--online-timeout 1e9` must not hang a
    /// batch for years.
    pub const MAX_ONLINE_BUDGET_SECS: u64 = 600;
    /// Largest JWS header read from an `Ed25519Signature2018` proof's
    /// detached `jws`, in base64url characters: 512. The real header is 48.
    pub const MAX_JWS_HEADER_BYTES: usize = 512;
    /// Deepest nesting of arrays and maps in an `ecdsa-sd-2023` proof value's
    /// CBOR: 4. The proof values nest two deep.
    pub const MAX_CBOR_DEPTH: usize = 4;
    /// Most items (every integer, byte string, array and map entry) in one
    /// `ecdsa-sd-2023` proof value's CBOR: 100,000. A derived proof with this
    /// many statements is far beyond any credential.
    pub const MAX_CBOR_ITEMS: usize = 100_000;
    /// Deepest chain of bundled contexts loading contexts followed when
    /// collecting scoped contexts for the JSON-LD safe-mode check: 32. Each
    /// context is visited once, so the chain ends anyway; this guards the
    /// stack.
    pub const SCOPED_CONTEXT_DEPTH: usize = 32;
    /// Most resolved contexts the compact JSON-LD processor keeps per
    /// document: 512. Past it, contexts are resolved again, never refused.
    pub const COMPACT_CACHED_CONTEXTS: usize = 512;
    /// Deepest chain of contexts loading contexts the compact JSON-LD
    /// processor follows: 8. Deeper, it hands the document to the full
    /// processor (or, in a compact-only build, says the full one is needed).
    pub const COMPACT_CONTEXT_DEPTH: usize = 8;
    /// Most distinct inline contexts the compact JSON-LD processor keeps
    /// per document: 128; past it, it hands the document on as above.
    pub const COMPACT_INLINE_CONTEXTS: usize = 128;
    /// Largest inline context the compact JSON-LD processor reads, in bytes
    /// of its JSON text: 16 KiB; larger, it hands the document on as above.
    pub const COMPACT_INLINE_CONTEXT_BYTES: usize = 16 * 1024;
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
            max_rounds: 5,
            max_documents: 16,
            max_status_entries: 8,
            max_status_list_bytes: 16 * 1024 * 1024,
            max_csv_columns: 1_000,
            max_csv_records: 1_000_000,
            max_redirects: 3,
            max_nesting_depth: 2,
            max_nested_credentials: 1_000,
            max_pinned_documents: 256,
            max_pinned_bytes: 16 * 1024 * 1024,
        }
    }
}
