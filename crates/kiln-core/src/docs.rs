//! Design notes: why kiln-core works the way it does. Checked with the code
//! by rustdoc; read them before changing the parts they explain.
//!
//! # Splice, never re-encode
//! Baking a PNG inserts one `iTXt` chunk before `IEND` (or replaces the
//! baked chunk where it stands) and copies every other chunk byte for byte;
//! no pixel is decoded. Baking an SVG inserts one element right after the
//! root start tag at a byte position found by a real XML parser
//! (roxmltree), leaving the artwork's bytes as they were. A badge is the
//! issuer's artwork: a baker has no business changing it, and a verifier
//! must not depend on an image decoder's behaviour.
//!
//! # DOCTYPEs and entities
//! 1EdTech's own baked SVG samples begin with the SVG 1.1 `<!DOCTYPE ...>`,
//! so a DOCTYPE is accepted. The prolog is read by its grammar (XML
//! declaration, comments, processing instructions, then the DOCTYPE's name
//! and external identifier), and a DOCTYPE with an internal subset (`[...]`)
//! is refused (`svg-dtd-subset`) whatever it holds: only an attack needs
//! entity declarations in a badge, and a text search for `<!ENTITY` can be
//! hidden from. The XML parser then never sees a DTD: it runs with DTDs
//! disallowed on the text with the DOCTYPE overwritten by spaces (offsets
//! and lines unchanged), so no entity is declared, expanded or fetched, and
//! a DOCTYPE the prolog reader missed is an error rather than a risk.
//!
//! # One JSON reader
//! Every untrusted JSON text (credentials, key files, status lists, trust
//! lists, JWS segments, fetched documents) is read by
//! [`credential::read_json`](crate::credential::read_json) in one pass:
//! duplicate member names are refused (I-JSON, RFC 7493), since serde_json
//! keeps the last one and the raw text could show another; nesting depth
//! and the number of values are bounded while parsing, so a credential of a
//! million tiny values costs `max_json_nodes` of them, not JSON-LD work.
//!
//! # Proof formats
//! `eddsa-rdfc-2022` (the suite Open Badges 3.0 names; also under its
//! deprecated name `eddsa-2022`), `eddsa-jcs-2022` (lighter and faster, not
//! named by OB 3.0) and `Ed25519Signature2020` (verification only, for the
//! credentials already in wallets). A proof set passes when one proof by the
//! issuer's key verifies; the others are reported as warnings. A proof Kiln
//! cannot check is "could not check" (`error`), never `verified`.
//!
//! # Safe mode
//! A JSON-LD processor silently drops terms its contexts do not define, and
//! `eddsa-rdfc-2022` signs only what survives: a verifier that then shows
//! the JSON would show unsigned text as if it were signed. Kiln refuses any
//! credential with an undefined term (naming the term and its JSON path),
//! when verifying and when signing. Terms that expand only through the VC
//! 2.0 catch-all `@vocab` count as undefined.
//!
//! # RDFC-1.0
//! Canonicalization is Kiln's own implementation over oxrdf's types
//! ([`jsonld::canon`](crate::jsonld)), not oxrdf's `rdfc-10`: that one has
//! no work bound (a poison graph would freeze a browser tab) and gave a
//! different canonical form from the reference implementation on a real
//! 1EdTech credential with endorsements. Every RDFC-1.0 test of the W3C
//! suite passes, and the work budget is [`Limits::max_canon_work`](crate::Limits).
//!
//! # Online checks without I/O
//! The core has no HTTP client, no clock and no async runtime. Checks that
//! need the issuer's web ask for documents by URL; the caller fetches them
//! (`fetch()` in the browser, an HTTP client in the CLI, a map in tests) and
//! verification runs again with what was fetched, until nothing new is
//! asked for ([`verify::verify_online`](crate::verify::verify_online)). A
//! document that could not be had makes its check "skipped" with the reason:
//! never passed.
