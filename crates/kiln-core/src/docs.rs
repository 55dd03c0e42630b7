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
//! so a DOCTYPE is accepted. No external DTD is ever fetched, and an
//! internal subset that declares entities is refused before parsing: only
//! an attack needs entity expansion in a badge.
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
//!
//! # Key provenance
//! A valid signature shows only that the credential is unchanged since the
//! holder of some key signed it. It is the issuer's badge when that key is
//! the issuer's, and that is known only from a document the verifier
//! resolved itself, never from what the credential says about its key:
//!
//! - `did:key`: the key is the identifier, so its controller is that DID.
//! - `did:web`: the DID document fetched from the DID's domain.
//! - an `http(s)` verification method (or VC-JWT `kid`): the controller
//!   document fetched from the URL without its fragment, read by the
//!   "retrieve verification method" algorithm of W3C Controlled
//!   Identifiers 1.0 that VC Data Integrity uses
//!   ([`key::controller`](crate::key::controller)): the document's `id` is
//!   that URL; it states the method under its full id (under
//!   `verificationMethod`, or embedded under `assertionMethod`), with the
//!   document as `controller`; and lists it under `assertionMethod`.
//!
//! The controller found so must then be the credential's `issuer` id.
//!
//! A key written in a URL's fragment (`<issuer URL>#z6Mk...`, as 1EdTech's
//! samples do) is a claim anyone can make about any URL. Offline, or when
//! the document cannot be fetched, the signature is checked with the
//! claimed key but the `issuer` check is skipped with the reason and the
//! verdict is "could not check" (`error`), never `verified`; nor does a
//! trust list mark such an issuer as trusted. A document that was fetched
//! and does not vouch for the key (another key under that id, another
//! controller, another `id`, a key for `authentication` only) fails the
//! `issuer` check. A key document that names a controller other than
//! itself is not followed to that controller's document: such a key is not
//! the issuer's to Kiln.
