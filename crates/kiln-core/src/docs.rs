//! Design notes: why kiln-core works the way it does. Checked with the code
//! by rustdoc; read them before changing the parts they explain.
//!
//! # Splice, never re-encode
//! Baking a PNG inserts one `iTXt` chunk before `IEND` (or replaces the
//! baked chunk where it stands) and copies every other chunk byte for byte;
//! no pixel is decoded. Baking an SVG inserts one element right after the
//! root start tag at a byte position found by Kiln's XML reader
//! (which reads the whole document as XML), leaving the artwork's bytes as
//! they were. A badge is the
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
//! hidden from. The XML reader then never reads a DTD: it steps over the
//! DOCTYPE the prolog reader found, reads only XML's five predefined
//! entities and character references (any other entity reference is an
//! error), and refuses a document whose root element is not where the
//! prolog reader found it, so no entity is declared, expanded or fetched,
//! and a DOCTYPE the prolog reader missed is an error rather than a risk.
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
//! named by OB 3.0), `Ed25519Signature2020` (verification only, for the
//! credentials already in wallets) and `Ed25519Signature2018` (verification
//! only: a detached JWS with `b64: false` over the same URDNA2015 hashes, as
//! the JFF plugfests, Diwala and MATTR issued them; its header must be
//! exactly `alg`, `b64`, `crit`, in any order). A proof set passes when one proof by the
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
//! # One source of truth: what is shown is what is signed
//! Every check and every field the report shows must come from what the
//! proof covers. For `eddsa-jcs-2022` and VC-JWT that is the signed JSON
//! itself. For the RDF suites (`eddsa-rdfc-2022`, `Ed25519Signature2020`)
//! it is the dataset the JSON expands to, and many JSON documents give the
//! same dataset: a member written as its absolute IRI or a compact IRI, a
//! `@set`, `@graph`, `@included`, `@nest` or `@reverse` wrapper, `@type` for
//! `type`, a node whose `id` is not an IRI (JSON-LD drops it, so a fake node
//! can sit where the signed one is read).
//!
//! Of the two designs that work (build the report from the dataset by
//! predicate, or prove the JSON reading faithful and keep reading JSON),
//! Kiln takes the second, in
//! [`jsonld::check_faithful`](crate::jsonld::check_faithful), run before any
//! other check believes the JSON and again before signing:
//! 1. the document must be in plain compacted form: no JSON-LD keyword as a
//!    member name but `@context` (and a value object's), every `id` an
//!    absolute IRI or a blank node identifier, no embedded context that
//!    redefines a member Kiln reads;
//! 2. the members Kiln reads (listed once, in `jsonld/view.rs`) must hold
//!    exactly the statements the whole document's dataset holds for them:
//!    the document is expanded with every node named; for every node read
//!    and every predicate a member it reads means there under the
//!    document's own contexts (present or not), the statements the document
//!    makes must be exactly those its read members make. Within the compact
//!    JSON-LD processor one expansion does it, recording the node object and
//!    member each statement came from; beyond it, two more expansions (a
//!    view with only the members Kiln reads, and a probe with a marker in
//!    each that tells which predicate it means), and a test holds both ways
//!    to the same verdict on the test data. A value hidden under another
//!    spelling, a second
//!    value, or a dropped one fails the `jsonld-safe` check with a sentence
//!    naming the member's JSON path, so the verdict is `invalid`.
//!
//! The proof's own options are held to the same rule (its `expires`,
//! `created`, purpose and key), since an RDF suite signs them as a dataset
//! too.
//!
//! A credential whose every proof is a JCS proof (eddsa-jcs-2022,
//! ecdsa-jcs-2019) over the document's own `@context` skips step 2 and the
//! rest of the view check: such a proof signs the JSON as Kiln reads it, so
//! no other spelling can carry the signature. A JCS proof signs its own
//! `@context` in place of the document's, so a document with contexts
//! appended after signing (which could change what a member means) gets the
//! full check, as does one where any proof is an RDF proof.
//!
//! Why this design: the checks, the report and the pages stay one JSON
//! model (the contract every caller reads), and the rule is enforced in one
//! place that is independent of the processor: it holds for the compact
//! JSON-LD processor and for oxjsonld alike, because both the view and the
//! document go through the same one. A new field shown or checked is added
//! to the list of members read, or it is not trusted.
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
//! A caller may pin documents instead
//! ([`verify::Documents`](crate::verify::Documents), `kiln verify
//! --documents`, the JS API's `documents`): a map from URL or DID to
//! document, for air-gapped checks and archives. A pinned document takes
//! the place of a fetch, online or offline, and is held to the same rules
//! as a fetched one (a DID document must still list the key); the report's
//! warnings name the pinned documents the checks read. A pinned JSON-LD
//! context joins the extra contexts, except where Kiln bundles that URL:
//! the bundled context always wins, since a context decides what a
//! signature means.
//!
//! # The verification path
//! One verification reads top-down, each module using only those below it
//! (no module of `verify/` imports one above it, and no format module
//! imports another):
//!
//! ```text
//! bytes                      verify::extract            (verify/mod.rs)
//!   -> container             container::{png, svg}      unbake: the baked text
//!   -> payload               payload::classify_within   OB 3.0 JSON, VC-JWT, OB 2.0
//!   -> credential model      verify/{ob3, jwt, ob2}.rs  one module per format
//!   -> proofs and keys       verify/proofs/             try_proof, keys::resolve, kid
//!   -> checks                verify/checks/             validity, status, structure,
//!                                                       schema, recipient, issuer
//!   -> report                verify/report.rs           Builder -> Report
//!
//! beside them, below all:   verify/options.rs (VerifyOptions),
//!                           verify/fetched.rs (Fetched),
//!                           verify/online.rs  (Web: get / get_json),
//!                           verify/members.rs (issuer id, types, date members)
//! ```
//!
//! The crate root, `lib.rs`, stands above all of it: it only declares the
//! modules and re-exports the public API. Inside the crate every module
//! takes [`Error`](crate::Error), [`Code`](crate::Code) and
//! [`Limits`](crate::Limits) from the files that define them
//! (`crate::error::Error`, `crate::code::Code`, `crate::limits::Limits`),
//! never through the root, so no file reaches up to `lib.rs` and `lib.rs`
//! reaches down only.
//!
//! `ob3` (embedded Data Integrity proofs) and `jwt` (VC-JWT) each check
//! their proof their own way, then hand the credential to
//! `checks::shared`, the checks every Open Badges 3.0 credential gets; `ob2`
//! has the Open Badges 2.0 rules of its own. The status check tries the
//! status list credential's proof with the same `proofs::try_proof` as the
//! badge's. Every document from the web (DID and controller documents, JWK
//! sets, status and revocation lists, OB 2.0 documents) comes through
//! `Web::get_json`, with one rule set: HTTP 200, at most
//! `max_payload_bytes`, a JSON object read by
//! [`credential::read_json`](crate::credential::read_json).
//! [`verify::verify_online`](crate::verify::verify_online) and
//! `verify_online_batched`, which run the rounds, live in `verify/mod.rs`
//! with the other entry points.
//!
//! # Moved: the verification path
//! For whoever knew `verify/` before it read top-down:
//!
//! | What | Was | Is |
//! |---|---|---|
//! | `Tried`, `try_proof` | `verify/ob3.rs` | `verify/proofs/mod.rs` |
//! | `KeyFacts` | `verify/ob3.rs` | `verify/proofs/keys.rs` |
//! | `resolve`, `Doubt`, `Resolved` (Data Integrity keys) | `verify/keys.rs` | `verify/proofs/keys.rs` (errors as `Unresolved`, not `Tried`) |
//! | `resolve_kid`, `KidLookup`, `KidOwner`, `read_key`, `key_in_document` | `verify/jwt.rs` | `verify/proofs/kid.rs` |
//! | `check_issuer` (Data Integrity) | `verify/keys.rs` | `verify/checks/mod.rs` |
//! | `check_jsonld`, `check_validity`, `check_structure`, `structure_problems` | `verify/ob3.rs` | `verify/checks/mod.rs` |
//! | validity, status, structure, schema, recipient in order | `ob3.rs` and `jwt.rs`, each | `checks::shared` |
//! | `status.rs`, `schema.rs`, `recipient.rs` | `verify/` | `verify/checks/` |
//! | `types`, `first_context` | `verify/ob3.rs` | `verify/members.rs` |
//! | `issuer_id` | `verify/summary.rs` | `verify/members.rs` |
//! | VC 1.1 / 2.0 date member names (four copies) | `ob3.rs`, `jwt.rs`, `status.rs`, `summary.rs` | `members::date_names` |
//! | `get_json` (keys.rs), `fetch_json` (status.rs, ob2.rs), `body_json` (jwt.rs) | four rule sets | `online::Web::get_json`, one |
//! | `VerifyOptions` | `verify/mod.rs` | `verify/options.rs` (still `verify::VerifyOptions`) |
//! | `Fetched` | `verify/online.rs` | `verify/options.rs` (still `verify::Fetched` and `verify::online::Fetched`) |
//! | `verify_online`, `verify_online_batched` | `verify/online.rs` | `verify/mod.rs`: `verify::verify_online_batched` (the path `verify::online::verify_online_batched` is gone) |
//!
//! # Moved: bounds
//! Every bound is in [`Limits`](crate::Limits) (`limits.rs`): fields the
//! caller may set, and associated constants for the stack guards.
//!
//! | Was | Is |
//! |---|---|
//! | `verify::online::MAX_ROUNDS`, `MAX_DOCUMENTS` | `Limits::max_rounds`, `Limits::max_documents` |
//! | `MAX_ENTRIES` in the status check | `Limits::max_status_entries` |
//! | `status_list::MAX_LIST_BYTES` | `Limits::max_status_list_bytes` |
//! | `jcs::MAX_DEPTH` | `Limits::MAX_JCS_DEPTH` |
//! | the literal `256` in five JSON-LD walkers | `Limits::MAX_WALK_DEPTH` |
//! | `MAX_ENCODED_LEN` in `multibase.rs` | `Limits::MAX_MULTIBASE_CHARS` |
//! | `MAX_ROUNDS`, `MAX_FETCHED_BYTES` in `web/lib/verifier.js` | the wasm modules' `limits()` (`maxRounds`, `maxPayloadBytes`), read from the first online step |
//! | `issue::csv::MAX_COLUMNS`, `MAX_RECORDS` | `Limits::max_csv_columns`, `Limits::max_csv_records` (`issue::csv::parse` takes `&Limits`) |
//! | `MAX_CACHED`, `MAX_CONTEXT_DEPTH`, `MAX_INLINE`, `MAX_INLINE_BYTES` in `jsonld/compact/context.rs` | `Limits::COMPACT_CACHED_CONTEXTS`, `COMPACT_CONTEXT_DEPTH`, `COMPACT_INLINE_CONTEXTS`, `COMPACT_INLINE_CONTEXT_BYTES` (hand-over points to the full processor, not refusals) |
//! | `proof::ecdsa_sd::cbor::MAX_DEPTH`, `MAX_ITEMS` | `Limits::MAX_CBOR_DEPTH`, `Limits::MAX_CBOR_ITEMS` |
//! | `MAX_HEADER_BYTES` in `proof/ed25519_2018.rs` | `Limits::MAX_JWS_HEADER_BYTES` |
//! | the literal `32` in `jsonld/scoped.rs` (scoped-context chains) | `Limits::SCOPED_CONTEXT_DEPTH` |
//! | format facts (PNG chunk length, RFC 3339 years, the status list floor, DNS name lengths, base58 key length, RSA key floor) | where they were, each named in `limits.rs`'s list |
//! | `default_value = "10"` of `kiln check-publish --timeout` | `fetch::DEFAULT_BUDGET`, with the fetcher's other bounds at the top of `kiln-cli` `fetch.rs` |
//! | `MAX_REDIRECTS`, `MAX_BUDGET` in `kiln-cli` `fetch.rs` | `Limits::max_redirects`, `Limits::MAX_ONLINE_BUDGET_SECS` |
//! | `MAX_PICTURE_BYTES` in `web/lib/report-view.js` and `web/widget/kiln-badge.js` | `web/lib/sniff.js`, once |
//!
//! # Moved: JSON-LD builds, issuance, errors, rendering
//!
//! | What | Was | Is |
//! |---|---|---|
//! | features `rdfc`, `rdfc-lite`, `jsonld-fast` | three overlapping features | `jsonld-compact` (Kiln's compact processor) and `jsonld-full` (adds oxjsonld, tried when the compact one gives up) |
//! | `jsonld/fast.rs` | one file, `None` when it gave up | `jsonld/compact/{context.rs, emit.rs, mod.rs}`, returning `GiveUp` (what it met), quoted in `jsonld-needs-full-processor` |
//! | "this needs the bigger module" | a thread-local flag (`fuller.rs`, `take_fuller_build_needed`, wasm `needsVerifierFull()`) | the report's `needs` list of [`Capability`](crate::Capability) (Report contract, `docs/report.md`); the browser reads it |
//! | recipients CSV reading, column rules, email check, slugs, credential from a row or the form, issuer binding, date text | `kiln-cli` `cmd/issue.rs`, `cmd/sign.rs`, and again in `web/lib/csv.js`, `credential.js`, `issue/class.js` | [`issue`](crate::issue) (sans-IO), exported by the issuer module as `parseCsv`, `parseRecipients`, `buildCredential` |
//! | error codes | 150-odd `&'static str` literals; two error types (kiln-core, kiln-render) translated in kiln-wasm | one [`Code`](crate::Code) enum (`code.rs`, with `as_str()`; the strings are unchanged); kiln-render's error is kiln-core's [`Error`](crate::Error) |
//! | `Template` (placeholders and shrink-to-fit in one file) | `kiln-render/src/template.rs` | `kiln-render/src/template/{mod.rs, fill.rs, fit.rs}`; DOCTYPEs with internal subsets refused in `xml.rs` |
//! | two base64url decoders | `base64url.rs` and `key/jwk.rs` | `base64url::decode` (private), the stricter (non-zero leftover bits refused) |
//! | the web's `el()`, picture sniffers, loopback tests | two copies each | `web/lib/dom.js`, `sniff.js`, `loopback.js` |
//! | codecs `base64url`, `multibase`, `jcs`, `time`, `container::png`, `container::svg` | public modules | private; public only with the `internals` feature (Kiln's own tests, fuzz targets, benchmarks), which kiln-core's tests turn on through a dev-dependency on itself; [`parse_datetime`](crate::parse_datetime) and [`format_rfc3339`](crate::format_rfc3339) re-exported at the root |
//! | test hooks `to_rdf_with_base`, `to_rdf_full`, `takes_fast_path`, `check_safe_with` | `#[doc(hidden)] pub` | public only with `internals` (`internal_fn!` in `lib.rs`) |
//! | `jose::base64url_encode` | a public re-export of the codec | private |
//! | `url_allowed`, `check_url`, `WebUrl`, `Host`, `address_range`, `is_loopback` | `verify/online.rs`, `verify/online/url.rs` (reached up into by `status_list` and `issue`) | [`url`](crate::url): below `verify`, `status_list` and `issue`, no upward arrow |
//! | `ReportError::code` | `String` | [`Code`](crate::Code) (the same text in the report); the report-level codes (`key-pending`, `issuer-key-not-checked`, `proof-not-checked`, ...) joined the enum |
//! | `container::png::crc32` for status lists' gzip | reached from `status_list.rs` | `container::crc32` (crate-private re-export) |
//! | verifying a credential inside another (CLR nested credentials, embedded endorsements) | `verify/nested.rs`, imported by the checks it calls back into | `verify_embedded` in `verify/mod.rs`, the pipeline's top, handed down through `online::Web` (`Web::verify_embedded`): the checks never import the pipeline, so the recursion is no import circle |
//! | `Error`, `Result`, `Capability`, `Code`, `Limits`, `parse_datetime`, `format_rfc3339` inside kiln-core | `crate::Error` and so on, through the crate root: every module imported `lib.rs`, which imported `container` and `verify` back (four arrows running up) | from their own files (`crate::error::Error`, `crate::code::Code`, `crate::limits::Limits`, `crate::time::...`); `lib.rs` only re-exports, above everything it names |
//! | `proof::ecdsa_sd::cbor` | a public module | private; public only with `internals` (the fuzz target reads it) |
//! | `credential::check_json_depth` | public, called by no code (the JSON reader bounds depth as it reads) | gone |
//! | `Signer`, `Tried` | `verify/proofs/mod.rs` (imported back by `proofs/ecdsa_sd.rs`) | `verify/proofs/tried.rs` |
//! | `Fetched` | `verify/options.rs` (imported back by `pinned.rs`) | `verify/fetched.rs` (still `verify::Fetched`) |
//! | options and fetched-document parsing in the verifier module | serde's derive | read by hand (`kiln-wasm` `options.rs`, `verifier.rs`): no typed deserialization in the module, 14 KB gzipped less |
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
//!
//! # Genuine but imperfect is not forged: the verdict rule
//!
//! A report's checks are of two kinds. **Authenticity**: the proof, the
//! issuer binding, the proof purpose, the validity window, the status, the
//! JSON-LD safe-mode check (what the JSON shows is what is signed) and,
//! when the caller names one, the recipient. **Conformance**: `structure`
//! (the fields Open Badges 3.0 requires) and `schema` (the JSON Schema a
//! credential names). The rule, applied in one place
//! (`verify/report.rs`, `Builder::finish`):
//!
//! - `invalid` when an authenticity check failed, or the document is not a
//!   badge at all (not an `OpenBadgeCredential`, no `credentialSubject`, no
//!   `achievement`): a changed signed value fails the proof, so it is
//!   always `invalid`;
//! - otherwise `error` ("could not check") when the proof or the issuer's
//!   key could not be checked, whatever the shape: a badge is never "not
//!   valid" for its shape alone;
//! - otherwise `verified`. A failed conformance check stays in the list of
//!   checks, failed, with its JSON paths, and the first warning says
//!   "Verified; does not fully follow Open Badges 3.0: ..." (a `null` for an
//!   optional field that fails the schema, a pre-final OB 3.0 shape with no
//!   `id`). A missing required part is named as missing ("lacks parts Open
//!   Badges 3.0 requires: $.id is missing").
//!
//! Real issuers need this: genuine Credly exports carry
//! `"targetDescription": null` in alignments, which fails the OB 3.0 JSON
//! Schema, and the JFF plugfest badges use shapes from before the final
//! standard. Their signatures, issuers, dates and status are what a
//! verifier vouches for; their shape is the issuer's to fix, and the report
//! says so without calling them forged.
