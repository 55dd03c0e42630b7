//! Every error code of Kiln, in one place.
//!
//! A [`Code`] names what went wrong in a stable, machine-readable way; the
//! text users, tests and the Report contract see is [`Code::as_str`] (for
//! example `png-bad-crc`), and it never changes for a variant. Each variant's
//! documentation quotes the message Kiln gives with it (placeholders as `…`).
//! kiln-render's errors use the same codes and the same [`Error`](crate::Error).

use std::fmt;

/// What went wrong, as a stable code (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Code {
    /// `alg-unsupported`: “the token's signature algorithm is not one this build verifies (report error)”.
    AlgUnsupported,
    /// `ambiguous-badge`: “the PNG holds … baked badge chunks (…); which one counts is ambiguous”.
    AmbiguousBadge,
    /// `bad-fetched`: “fetched documents of verifyBadge: entry …: …”.
    BadFetched,
    /// `bad-options`: “options of signCredential: created is missing”.
    BadOptions,
    /// `bad-values`: “the template values must be an object of strings: …”.
    BadValues,
    /// `bake-kind`: “the payload is an …; …”.
    BakeKind,
    /// `clr-not-built`: “a CLR 2.0 record in a build without the feature clr”.
    ClrNotBuilt,
    /// `controller-doc-malformed`: “the document at … is not a JSON object”.
    ControllerDocMalformed,
    /// `controller-doc-wrong-id`: “the document at … says it is …, not …”.
    ControllerDocWrongId,
    /// `could-not-check`: “an OB 2.0 hosted document could not be fetched or compared (report error)”.
    CouldNotCheck,
    /// `credential-bad-member`: “the credential's …: …”.
    CredentialBadMember,
    /// `credential-json-malformed`: “the credential is not valid JSON: …”.
    CredentialJsonMalformed,
    /// `credential-not-object`: “the credential must be a JSON object”.
    CredentialNotObject,
    /// `credential-too-large`: “the credential is … bytes; at most … are accepted”.
    CredentialTooLarge,
    /// `credential-unwritable`: “the signed credential could not be written: …”.
    CredentialUnwritable,
    /// `csv-duplicate-column`: “the header row has two "…" columns”.
    CsvDuplicateColumn,
    /// `csv-empty`: “the CSV is empty: it needs a header row with a "name" column”.
    CsvEmpty,
    /// `csv-malformed`: “line …: …”.
    CsvMalformed,
    /// `csv-no-name`: “the header row has no "name" column (it has: …)”.
    CsvNoName,
    /// `csv-too-large`: “the CSV text is … bytes; at most … are accepted”.
    CsvTooLarge,
    /// `csv-too-many-columns`: “line …: a record has more than … fields”.
    CsvTooManyColumns,
    /// `csv-too-many-records`: “line …: more than … records”.
    CsvTooManyRecords,
    /// `datetime-malformed`: “… is not an xsd:dateTime (…)”.
    DatetimeMalformed,
    /// `did-doc-malformed`: “the DID document of … is not a JSON object”.
    DidDocMalformed,
    /// `did-doc-wrong-id`: “the DID document published for … says it is …”.
    DidDocWrongId,
    /// `did-jwk-malformed`: “verification method …: the did:jwk does not hold unpadded base64url”.
    DidJwkMalformed,
    /// `did-key-fragment-mismatch`: “verification method …: a did:key fragment must repeat the key …”.
    DidKeyFragmentMismatch,
    /// `did-web-malformed`: “…: …”.
    DidWebMalformed,
    /// `ecdsa-sd-base-proof`: “this is an ecdsa-sd-2023 base proof, meant for the holder only: …”.
    EcdsaSdBaseProof,
    /// `ecdsa-sd-cbor`: “the derived proof value's CBOR at byte …: …”.
    EcdsaSdCbor,
    /// `ecdsa-sd-key`: “the key … is not a P-256 Multikey: …”.
    EcdsaSdKey,
    /// `ecdsa-sd-pointer`: “the JSON pointer … : …”.
    EcdsaSdPointer,
    /// `ecdsa-sd-proof-value`: “the ecdsa-sd-2023 proofValue …”.
    EcdsaSdProofValue,
    /// `ecdsa-sd-too-large`: “the derived proof value's CBOR at byte …: more than … items”.
    EcdsaSdTooLarge,
    /// `empty-input`: “the input is empty”.
    EmptyInput,
    /// `fill-bad-character`: “the value for {{{{…}}}} holds U+…, which XML does not allow”.
    FillBadCharacter,
    /// `fill-missing-value`: “no value for the placeholder {{{{…}}}}”.
    FillMissingValue,
    /// `fill-unknown-key`: “unknown placeholder {{{{…}}}} in the values (allowed: …, custom.NAME)”.
    FillUnknownKey,
    /// `fill-value-too-long`: “the value for {{{{…}}}} has … characters, more than the limit of …”.
    FillValueTooLong,
    /// `font-too-large`: “the font file is … bytes, more than the limit of …”.
    FontTooLarge,
    /// `font-unreadable`: “the file holds no TrueType or OpenType font that can be read”.
    FontUnreadable,
    /// `image-empty`: “the image is empty (0 bytes)”.
    ImageEmpty,
    /// `image-not-svg`: “the image is XML but its root element is not `<svg>`”.
    ImageNotSvg,
    /// `image-unknown`: “the image is neither a PNG nor an SVG”.
    ImageUnknown,
    /// `input-too-large`: “the input is … bytes; the limit is … bytes”.
    InputTooLarge,
    /// `io`: “cannot read it: …”.
    Io,
    /// `issue-email-invalid`: “the email address is not valid: …”.
    IssueEmailInvalid,
    /// `issue-field-missing`: “… is required”.
    IssueFieldMissing,
    /// `issue-pattern-malformed`.
    IssuePatternMalformed,
    /// `issue-validity-unsupported`: “… is for VC 2.0 credentials (first @context …)”.
    IssueValidityUnsupported,
    /// `issuer-key-not-checked`: “the signing key could not be tied to the issuer (report error)”.
    IssuerKeyNotChecked,
    /// `issuer-malformed`: “the issuer's "id" is not a string”.
    IssuerMalformed,
    /// `issuer-not-key-controller`: “the issuer id … is not the key's controller …”.
    IssuerNotKeyController,
    /// `jcs-bad-number`: “the number … at … is not an IEEE 754 double”.
    JcsBadNumber,
    /// `jcs-non-finite`: “the number at … is not finite”.
    JcsNonFinite,
    /// `jcs-too-deep`: “JSON nesting at … is deeper than … levels”.
    JcsTooDeep,
    /// `json-duplicate-member`: “… has the member … twice in the object at … (…); member names must be unique (I-JSON, RFC 7493)”.
    JsonDuplicateMember,
    /// `json-malformed`: “… is not valid JSON: …”.
    JsonMalformed,
    /// `json-number-not-exact`: “… holds the number …, which this build of Kiln cannot read exactly; …”.
    JsonNumberNotExact,
    /// `json-too-deep`: “the credential is nested deeper than … levels at …”.
    JsonTooDeep,
    /// `json-too-large`: “… is … bytes of JSON; the limit is … bytes”.
    JsonTooLarge,
    /// `json-too-many-nodes`: “… has more than … JSON values; the limit is … (max_json_nodes)”.
    JsonTooManyNodes,
    /// `json-unwritable`: “… could not be written: …”.
    JsonUnwritable,
    /// `jsonld-bad-base`: “the base IRI … is not an IRI: …”.
    JsonldBadBase,
    /// `jsonld-bad-extra-context`: “the extra context for … is not usable JSON: …”.
    JsonldBadExtraContext,
    /// `jsonld-invalid`: “the JSON-LD document cannot be serialized: …”.
    JsonldInvalid,
    /// `jsonld-invalid-id`: “… is not a string, so JSON-LD drops the node it names”.
    JsonldInvalidId,
    /// `jsonld-multiple-scoped-types`: “the node at … has several types with type-scoped contexts, and the one of "…" …; Kiln cannot expand it exactly”.
    JsonldMultipleScopedTypes,
    /// `jsonld-needs-full-processor`: “the credential uses JSON-LD beyond this build's compact processor (…); a build with the …”.
    JsonldNeedsFullProcessor,
    /// `jsonld-not-compacted`: “… uses the JSON-LD keyword …; a credential must be written in plain compacted form (its …”.
    JsonldNotCompacted,
    /// `jsonld-not-object`: “a credential must be a JSON object at $”.
    JsonldNotObject,
    /// `jsonld-null-definition`: “… at … maps to null, which would hide terms from the safe-mode check”.
    JsonldNullDefinition,
    /// `jsonld-protected-term-redefinition`: “the document redefines a protected term: …”.
    JsonldProtectedTermRedefinition,
    /// `jsonld-redefined-term`: “the context embedded at … defines "…", a member whose meaning Kiln relies on; a …”.
    JsonldRedefinedTerm,
    /// `jsonld-relative-iri`: “"…" at … is a relative IRI reference, not an absolute IRI; a credential's ids must be absolute”.
    JsonldRelativeIri,
    /// `jsonld-too-deep`: “the document is nested deeper than max_json_depth = … at …”.
    JsonldTooDeep,
    /// `jsonld-too-large`: “the JSON-LD document has … bytes, more than max_input_bytes = …”.
    JsonldTooLarge,
    /// `jsonld-too-many-quads`: “the JSON-LD document expands to more than max_quads = … quads”.
    JsonldTooManyQuads,
    /// `jsonld-undefined-term`: “undefined term "…" at …: it has the form of a JSON-LD keyword but is none, so a JSON-LD processor drops it …”.
    JsonldUndefinedTerm,
    /// `jsonld-unknown-context`: “the JSON-LD context … is not bundled with Kiln and Kiln never fetches contexts; a caller …”.
    JsonldUnknownContext,
    /// `jsonld-view-mismatch`: “… does not hold what the signed data holds for it: the JSON reads …, the signature …”.
    JsonldViewMismatch,
    /// `jwk-bad-base64url`: “JWK member "…" is not base64url”.
    JwkBadBase64url,
    /// `jwk-bad-length`: “a P-256 JWK's x and y are 32 bytes each”.
    JwkBadLength,
    /// `jwk-has-secret`: “the JWK carries a private part ("…") where a public key was expected”.
    JwkHasSecret,
    /// `jwk-malformed`: “the JWK has no string member "…"”.
    JwkMalformed,
    /// `jws-bad-base64url`: “the compact JWS … is not valid base64url”.
    JwsBadBase64url,
    /// `jws-encode`: “cannot encode the header: …”.
    JwsEncode,
    /// `jws-header`: “the compact JWS header is not a JSON object”.
    JwsHeader,
    /// `jws-key-alg-mismatch`: “the token says … but the key is …”.
    JwsKeyAlgMismatch,
    /// `jws-not-built`: “a VC-JWT or OB 2.0 signed assertion in a build without the feature jws”.
    JwsNotBuilt,
    /// `jws-payload`: “the compact JWS payload is not a JSON object”.
    JwsPayload,
    /// `jws-shape`: “a compact JWS has exactly three dot-separated parts”.
    JwsShape,
    /// `jws-signature-der`: “the token's ES256 signature is DER-encoded (an ASN.1 SEQUENCE of … bytes); JOSE requires the raw r || s form of 64 bytes”.
    JwsSignatureDer,
    /// `key-bad-length`: “… holds a …-byte key, expected 32”.
    KeyBadLength,
    /// `key-json-malformed`: “…: "…" must be a string”.
    KeyJsonMalformed,
    /// `key-mismatch`: “…: the public key … does not belong to the secret key (whose public key is …)”.
    KeyMismatch,
    /// `key-needs-network`: “verification method … can only be resolved by fetching its controller document”.
    KeyNeedsNetwork,
    /// `key-no-secret`: “the JWK has no private part "d": signing needs the secret key”.
    KeyNoSecret,
    /// `key-not-found`: “the signing key named by the token could not be found (report error)”.
    KeyNotFound,
    /// `key-not-named`: “the token names no key, so its signature cannot be checked (report error)”.
    KeyNotNamed,
    /// `key-not-on-curve`: “… is not a P-256 public key”.
    KeyNotOnCurve,
    /// `key-pending`: “the issuer's key is being fetched (report error of a round that is not the last)”.
    KeyPending,
    /// `key-suite-mismatch`: “ecdsa-rdfc-2019 signs with P-256 or P-384 keys, not with this Ed25519 key”.
    KeySuiteMismatch,
    /// `key-type-unsupported`: “JWK curve … is not supported (P-256, P-384 and secp256k1 are)”.
    KeyTypeUnsupported,
    /// `key-unreachable`: “the issuer's DID document could not be fetched: …”.
    KeyUnreachable,
    /// `link-malformed`: “the verification link's fragment …: …”.
    LinkMalformed,
    /// `link-too-large`: “the verification link's credential inflates to more than … bytes”.
    LinkTooLarge,
    /// `link-version`: “the verification link is in format version …, which this Kiln does not read: it was made by a newer Kiln”.
    LinkVersion,
    /// `multibase-bad-base58`: “… is not valid base58btc: …”.
    MultibaseBadBase58,
    /// `multibase-not-base58btc`: “… must be base58btc multibase starting with 'z', found …”.
    MultibaseNotBase58btc,
    /// `multibase-too-long`: “… is … characters long; at most … are accepted”.
    MultibaseTooLong,
    /// `nested-not-checked`: “credential … of this record could not be checked: … (report error)”.
    NestedNotChecked,
    /// `no-badge`: “no credential is baked into this PNG”.
    NoBadge,
    /// `not-a-badge`: “this is neither a PNG or SVG badge nor credential text (invalid UTF-8 at byte …)”.
    NotABadge,
    /// `not-did-web`: “… is not a did:web DID”.
    NotDidWeb,
    /// `not-http-method`: “… is not an http(s) verification method”.
    NotHttpMethod,
    /// `nquads-syntax`: “N-Quads line …: …”.
    NquadsSyntax,
    /// `nquads-too-large`: “the N-Quads input has … bytes, more than max_input_bytes = …”.
    NquadsTooLarge,
    /// `payload-empty`: “the badge payload is empty”.
    PayloadEmpty,
    /// `payload-json`: “the credential is not valid JSON”.
    PayloadJson,
    /// `payload-jws`: “the compact JWS payload segment is not valid base64url”.
    PayloadJws,
    /// `payload-too-large`: “the credential is … bytes; the limit is … bytes”.
    PayloadTooLarge,
    /// `payload-unknown`: “the payload is neither JSON, a compact JWS nor an http(s) URL”.
    PayloadUnknown,
    /// `pem-malformed`: “the PEM public key is not valid base64”.
    PemMalformed,
    /// `png-bad-crc`: “chunk … at byte … has a bad CRC (stored …, computed …)”.
    PngBadCrc,
    /// `png-chunk-length`: “chunk … at byte … claims … bytes, more than PNG allows (2^31-1)”.
    PngChunkLength,
    /// `png-chunk-too-large`: “chunk … at byte … claims … bytes, more than the limit of … bytes”.
    PngChunkTooLarge,
    /// `png-chunk-type`: “the chunk at byte … has an invalid type …”.
    PngChunkType,
    /// `png-itxt`: “… ends before its compression flag”.
    PngItxt,
    /// `png-itxt-utf8`: “… is not UTF-8 text (bad byte at text offset …)”.
    PngItxtUtf8,
    /// `png-itxt-zlib`: “… has broken compressed text (…)”.
    PngItxtZlib,
    /// `png-no-iend`: “the PNG ends at byte … without an IEND chunk (truncated?)”.
    PngNoIend,
    /// `png-no-ihdr`: “the first chunk is …, not IHDR”.
    PngNoIhdr,
    /// `png-signature`: “the file does not start with the PNG signature”.
    PngSignature,
    /// `png-truncated`: “the PNG ends at byte … inside a chunk header, before its IEND chunk”.
    PngTruncated,
    /// `proof-bad-created`: “the proof's created time is not an xsd:dateTime: …”.
    ProofBadCreated,
    /// `proof-malformed`: “the proof's "type" must be a string”.
    ProofMalformed,
    /// `proof-not-checked`: “the signature could not be checked (report error)”.
    ProofNotChecked,
    /// `proof-not-object`: “only a JSON object can be signed”.
    ProofNotObject,
    /// `proof-suite-unknown`: “unknown suite …: use eddsa-rdfc-2022 or eddsa-jcs-2022”.
    ProofSuiteUnknown,
    /// `proof-suite-unsupported`: “the cryptosuite … is not supported (eddsa-rdfc-2022, eddsa-jcs-2022 are)”.
    ProofSuiteUnsupported,
    /// `proof-suite-verify-only`: “Ed25519Signature2020 proofs can be verified but not created; use eddsa-rdfc-2022”.
    ProofSuiteVerifyOnly,
    /// `proof-type-unsupported`: “the proof type … is not supported (DataIntegrityProof and Ed25519Signature2020 are)”.
    ProofTypeUnsupported,
    /// `proof-wrong-key`: “the verification method … names the key …, not the signing key …”.
    ProofWrongKey,
    /// `qr-too-long`: “the text is … bytes; a QR code of version … holds at most … (…)”.
    QrTooLong,
    /// `random-unavailable`: “no random source to generate a key: …”.
    RandomUnavailable,
    /// `rdfc-too-many-blank-nodes`: “the dataset has more than max_blank_nodes = … blank nodes”.
    RdfcTooManyBlankNodes,
    /// `rdfc-too-many-quads`: “the dataset has … quads, more than the limit max_quads = …”.
    RdfcTooManyQuads,
    /// `rdfc-work-limit`: “RDFC-1.0 canonicalization gave up after … steps of N-degree hashing (limit max_canon_work): …”.
    RdfcWorkLimit,
    /// `render-encode`: “cannot encode the PNG: …”.
    RenderEncode,
    /// `render-size`: “the SVG's size …x… gives no usable height at width …”.
    RenderSize,
    /// `render-width`: “the width must be at least 1 pixel”.
    RenderWidth,
    /// `report-unwritable`: “the report could not be written as JSON: …”.
    ReportUnwritable,
    /// `rsa-key-invalid`: “the RSA public key is not usable: …”.
    RsaKeyInvalid,
    /// `rsa-key-too-short`: “the RSA key has … bits; at least 2048 are required”.
    RsaKeyTooShort,
    /// `status-index-out-of-range`: “index … is past the end of the list (… entries)”.
    StatusIndexOutOfRange,
    /// `status-list-length`: “a status list length must be a positive multiple of 8 bits, not …”.
    StatusListLength,
    /// `status-list-malformed`.
    StatusListMalformed,
    /// `status-list-too-large`: “the status list inflates to more than … bytes”.
    StatusListTooLarge,
    /// `status-list-url`: “the status list URL …”.
    StatusListUrl,
    /// `status-list-wrong-key`: “the status list was issued by …, not by the key's controller …”.
    StatusListWrongKey,
    /// `status-needs-vc2`: “a status entry needs a VC 2.0 credential (first @context …), whose vocabulary defines BitstringStatusListEntry”.
    StatusNeedsVc2,
    /// `status-present`: “already has a credentialStatus; remove it to point the badge at another list”.
    StatusPresent,
    /// `status-purpose-unknown`: “unknown status purpose …: use revocation or suspension”.
    StatusPurposeUnknown,
    /// `suite-not-built`: “… needs JSON-LD and RDF canonicalization, which this build leaves out (feature …”.
    SuiteNotBuilt,
    /// `svg-bake-check`: “the payload does not survive being stored in SVG text”.
    SvgBakeCheck,
    /// `svg-dtd-subset`: “the DOCTYPE at byte … has an internal subset (the "[" at byte …); Kiln refuses DOCTYPE internal subsets, …”.
    SvgDtdSubset,
    /// `svg-empty-badge`: “the `<…>` element on line … holds no credential”.
    SvgEmptyBadge,
    /// `svg-parse`: “the SVG cannot be rendered: …”.
    SvgParse,
    /// `svg-too-large`: “the SVG is … bytes, more than the limit of …”.
    SvgTooLarge,
    /// `svg-too-many-nodes`: “the SVG has more than the limit of … XML nodes”.
    SvgTooManyNodes,
    /// `svg-utf8`: “the SVG is not UTF-8 (bad byte at offset …)”.
    SvgUtf8,
    /// `svg-xml`: “the `<svg>` start tag at byte … never ends”.
    SvgXml,
    /// `template-dtd-subset`: “… has a DOCTYPE with an internal subset”.
    TemplateDtdSubset,
    /// `template-fit`: “`<…>` at line … of the template: …”.
    TemplateFit,
    /// `template-not-svg`: “the template's root element is `<…>`, not `<svg>`”.
    TemplateNotSvg,
    /// `template-too-large`: “the template is … bytes, more than the limit of …”.
    TemplateTooLarge,
    /// `template-too-many-nodes`: “… has more than the limit of … XML nodes”.
    TemplateTooManyNodes,
    /// `template-unclosed-placeholder`: “a placeholder that never closes”.
    TemplateUnclosedPlaceholder,
    /// `template-unknown-placeholder`: “an unknown placeholder”.
    TemplateUnknownPlaceholder,
    /// `template-xml`: “… is not well-formed XML: …”.
    TemplateXml,
    /// `text-not-drawn`: “… (…) would not be drawn: none of its glyphs could be laid out (no usable font, characters without …”.
    TextNotDrawn,
    /// `trust-list-malformed`.
    TrustListMalformed,
    /// `vm-bad-key`: “verification method …: the key in its fragment is not usable: …”.
    VmBadKey,
    /// `vm-key-mismatch`: “the key … names … in its fragment, but its controller document gives …”.
    VmKeyMismatch,
    /// `vm-not-found`: “the DID document of … does not contain the key …”.
    VmNotFound,
    /// `vm-type-unsupported`: “verification method … has type …; Kiln reads Multikey, Ed25519VerificationKey2020 and JsonWebKey”.
    VmTypeUnsupported,
    /// `vm-wrong-controller`: “the key … in the DID document of … is controlled by …”.
    VmWrongController,
}

impl Code {
    /// The code as users, tests and the Report contract see it, such as `png-bad-crc`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::AlgUnsupported => "alg-unsupported",
            Code::AmbiguousBadge => "ambiguous-badge",
            Code::BadFetched => "bad-fetched",
            Code::BadOptions => "bad-options",
            Code::BadValues => "bad-values",
            Code::BakeKind => "bake-kind",
            Code::ClrNotBuilt => "clr-not-built",
            Code::ControllerDocMalformed => "controller-doc-malformed",
            Code::ControllerDocWrongId => "controller-doc-wrong-id",
            Code::CouldNotCheck => "could-not-check",
            Code::CredentialBadMember => "credential-bad-member",
            Code::CredentialJsonMalformed => "credential-json-malformed",
            Code::CredentialNotObject => "credential-not-object",
            Code::CredentialTooLarge => "credential-too-large",
            Code::CredentialUnwritable => "credential-unwritable",
            Code::CsvDuplicateColumn => "csv-duplicate-column",
            Code::CsvEmpty => "csv-empty",
            Code::CsvMalformed => "csv-malformed",
            Code::CsvNoName => "csv-no-name",
            Code::CsvTooLarge => "csv-too-large",
            Code::CsvTooManyColumns => "csv-too-many-columns",
            Code::CsvTooManyRecords => "csv-too-many-records",
            Code::DatetimeMalformed => "datetime-malformed",
            Code::DidDocMalformed => "did-doc-malformed",
            Code::DidDocWrongId => "did-doc-wrong-id",
            Code::DidJwkMalformed => "did-jwk-malformed",
            Code::DidKeyFragmentMismatch => "did-key-fragment-mismatch",
            Code::DidWebMalformed => "did-web-malformed",
            Code::EcdsaSdBaseProof => "ecdsa-sd-base-proof",
            Code::EcdsaSdCbor => "ecdsa-sd-cbor",
            Code::EcdsaSdKey => "ecdsa-sd-key",
            Code::EcdsaSdPointer => "ecdsa-sd-pointer",
            Code::EcdsaSdProofValue => "ecdsa-sd-proof-value",
            Code::EcdsaSdTooLarge => "ecdsa-sd-too-large",
            Code::EmptyInput => "empty-input",
            Code::FillBadCharacter => "fill-bad-character",
            Code::FillMissingValue => "fill-missing-value",
            Code::FillUnknownKey => "fill-unknown-key",
            Code::FillValueTooLong => "fill-value-too-long",
            Code::FontTooLarge => "font-too-large",
            Code::FontUnreadable => "font-unreadable",
            Code::ImageEmpty => "image-empty",
            Code::ImageNotSvg => "image-not-svg",
            Code::ImageUnknown => "image-unknown",
            Code::InputTooLarge => "input-too-large",
            Code::Io => "io",
            Code::IssueEmailInvalid => "issue-email-invalid",
            Code::IssueFieldMissing => "issue-field-missing",
            Code::IssuePatternMalformed => "issue-pattern-malformed",
            Code::IssueValidityUnsupported => "issue-validity-unsupported",
            Code::IssuerKeyNotChecked => "issuer-key-not-checked",
            Code::IssuerMalformed => "issuer-malformed",
            Code::IssuerNotKeyController => "issuer-not-key-controller",
            Code::JcsBadNumber => "jcs-bad-number",
            Code::JcsNonFinite => "jcs-non-finite",
            Code::JcsTooDeep => "jcs-too-deep",
            Code::JsonDuplicateMember => "json-duplicate-member",
            Code::JsonMalformed => "json-malformed",
            Code::JsonNumberNotExact => "json-number-not-exact",
            Code::JsonTooDeep => "json-too-deep",
            Code::JsonTooLarge => "json-too-large",
            Code::JsonTooManyNodes => "json-too-many-nodes",
            Code::JsonUnwritable => "json-unwritable",
            Code::JsonldBadBase => "jsonld-bad-base",
            Code::JsonldBadExtraContext => "jsonld-bad-extra-context",
            Code::JsonldInvalid => "jsonld-invalid",
            Code::JsonldInvalidId => "jsonld-invalid-id",
            Code::JsonldMultipleScopedTypes => "jsonld-multiple-scoped-types",
            Code::JsonldNeedsFullProcessor => "jsonld-needs-full-processor",
            Code::JsonldNotCompacted => "jsonld-not-compacted",
            Code::JsonldNotObject => "jsonld-not-object",
            Code::JsonldNullDefinition => "jsonld-null-definition",
            Code::JsonldProtectedTermRedefinition => "jsonld-protected-term-redefinition",
            Code::JsonldRedefinedTerm => "jsonld-redefined-term",
            Code::JsonldRelativeIri => "jsonld-relative-iri",
            Code::JsonldTooDeep => "jsonld-too-deep",
            Code::JsonldTooLarge => "jsonld-too-large",
            Code::JsonldTooManyQuads => "jsonld-too-many-quads",
            Code::JsonldUndefinedTerm => "jsonld-undefined-term",
            Code::JsonldUnknownContext => "jsonld-unknown-context",
            Code::JsonldViewMismatch => "jsonld-view-mismatch",
            Code::JwkBadBase64url => "jwk-bad-base64url",
            Code::JwkBadLength => "jwk-bad-length",
            Code::JwkHasSecret => "jwk-has-secret",
            Code::JwkMalformed => "jwk-malformed",
            Code::JwsBadBase64url => "jws-bad-base64url",
            Code::JwsEncode => "jws-encode",
            Code::JwsHeader => "jws-header",
            Code::JwsKeyAlgMismatch => "jws-key-alg-mismatch",
            Code::JwsNotBuilt => "jws-not-built",
            Code::JwsPayload => "jws-payload",
            Code::JwsShape => "jws-shape",
            Code::JwsSignatureDer => "jws-signature-der",
            Code::KeyBadLength => "key-bad-length",
            Code::KeyJsonMalformed => "key-json-malformed",
            Code::KeyMismatch => "key-mismatch",
            Code::KeyNeedsNetwork => "key-needs-network",
            Code::KeyNoSecret => "key-no-secret",
            Code::KeyNotFound => "key-not-found",
            Code::KeyNotNamed => "key-not-named",
            Code::KeyNotOnCurve => "key-not-on-curve",
            Code::KeyPending => "key-pending",
            Code::KeySuiteMismatch => "key-suite-mismatch",
            Code::KeyTypeUnsupported => "key-type-unsupported",
            Code::KeyUnreachable => "key-unreachable",
            Code::LinkMalformed => "link-malformed",
            Code::LinkTooLarge => "link-too-large",
            Code::LinkVersion => "link-version",
            Code::MultibaseBadBase58 => "multibase-bad-base58",
            Code::MultibaseNotBase58btc => "multibase-not-base58btc",
            Code::MultibaseTooLong => "multibase-too-long",
            Code::NestedNotChecked => "nested-not-checked",
            Code::NoBadge => "no-badge",
            Code::NotABadge => "not-a-badge",
            Code::NotDidWeb => "not-did-web",
            Code::NotHttpMethod => "not-http-method",
            Code::NquadsSyntax => "nquads-syntax",
            Code::NquadsTooLarge => "nquads-too-large",
            Code::PayloadEmpty => "payload-empty",
            Code::PayloadJson => "payload-json",
            Code::PayloadJws => "payload-jws",
            Code::PayloadTooLarge => "payload-too-large",
            Code::PayloadUnknown => "payload-unknown",
            Code::PemMalformed => "pem-malformed",
            Code::PngBadCrc => "png-bad-crc",
            Code::PngChunkLength => "png-chunk-length",
            Code::PngChunkTooLarge => "png-chunk-too-large",
            Code::PngChunkType => "png-chunk-type",
            Code::PngItxt => "png-itxt",
            Code::PngItxtUtf8 => "png-itxt-utf8",
            Code::PngItxtZlib => "png-itxt-zlib",
            Code::PngNoIend => "png-no-iend",
            Code::PngNoIhdr => "png-no-ihdr",
            Code::PngSignature => "png-signature",
            Code::PngTruncated => "png-truncated",
            Code::ProofBadCreated => "proof-bad-created",
            Code::ProofMalformed => "proof-malformed",
            Code::ProofNotChecked => "proof-not-checked",
            Code::ProofNotObject => "proof-not-object",
            Code::ProofSuiteUnknown => "proof-suite-unknown",
            Code::ProofSuiteUnsupported => "proof-suite-unsupported",
            Code::ProofSuiteVerifyOnly => "proof-suite-verify-only",
            Code::ProofTypeUnsupported => "proof-type-unsupported",
            Code::ProofWrongKey => "proof-wrong-key",
            Code::QrTooLong => "qr-too-long",
            Code::RandomUnavailable => "random-unavailable",
            Code::RdfcTooManyBlankNodes => "rdfc-too-many-blank-nodes",
            Code::RdfcTooManyQuads => "rdfc-too-many-quads",
            Code::RdfcWorkLimit => "rdfc-work-limit",
            Code::RenderEncode => "render-encode",
            Code::RenderSize => "render-size",
            Code::RenderWidth => "render-width",
            Code::ReportUnwritable => "report-unwritable",
            Code::RsaKeyInvalid => "rsa-key-invalid",
            Code::RsaKeyTooShort => "rsa-key-too-short",
            Code::StatusIndexOutOfRange => "status-index-out-of-range",
            Code::StatusListLength => "status-list-length",
            Code::StatusListMalformed => "status-list-malformed",
            Code::StatusListTooLarge => "status-list-too-large",
            Code::StatusListUrl => "status-list-url",
            Code::StatusListWrongKey => "status-list-wrong-key",
            Code::StatusNeedsVc2 => "status-needs-vc2",
            Code::StatusPresent => "status-present",
            Code::StatusPurposeUnknown => "status-purpose-unknown",
            Code::SuiteNotBuilt => "suite-not-built",
            Code::SvgBakeCheck => "svg-bake-check",
            Code::SvgDtdSubset => "svg-dtd-subset",
            Code::SvgEmptyBadge => "svg-empty-badge",
            Code::SvgParse => "svg-parse",
            Code::SvgTooLarge => "svg-too-large",
            Code::SvgTooManyNodes => "svg-too-many-nodes",
            Code::SvgUtf8 => "svg-utf8",
            Code::SvgXml => "svg-xml",
            Code::TemplateDtdSubset => "template-dtd-subset",
            Code::TemplateFit => "template-fit",
            Code::TemplateNotSvg => "template-not-svg",
            Code::TemplateTooLarge => "template-too-large",
            Code::TemplateTooManyNodes => "template-too-many-nodes",
            Code::TemplateUnclosedPlaceholder => "template-unclosed-placeholder",
            Code::TemplateUnknownPlaceholder => "template-unknown-placeholder",
            Code::TemplateXml => "template-xml",
            Code::TextNotDrawn => "text-not-drawn",
            Code::TrustListMalformed => "trust-list-malformed",
            Code::VmBadKey => "vm-bad-key",
            Code::VmKeyMismatch => "vm-key-mismatch",
            Code::VmNotFound => "vm-not-found",
            Code::VmTypeUnsupported => "vm-type-unsupported",
            Code::VmWrongController => "vm-wrong-controller",
        }
    }

    /// Every code, in the order of their text.
    pub const ALL: &'static [Code] = &[
        Code::AlgUnsupported,
        Code::AmbiguousBadge,
        Code::BadFetched,
        Code::BadOptions,
        Code::BadValues,
        Code::BakeKind,
        Code::ClrNotBuilt,
        Code::ControllerDocMalformed,
        Code::ControllerDocWrongId,
        Code::CouldNotCheck,
        Code::CredentialBadMember,
        Code::CredentialJsonMalformed,
        Code::CredentialNotObject,
        Code::CredentialTooLarge,
        Code::CredentialUnwritable,
        Code::CsvDuplicateColumn,
        Code::CsvEmpty,
        Code::CsvMalformed,
        Code::CsvNoName,
        Code::CsvTooLarge,
        Code::CsvTooManyColumns,
        Code::CsvTooManyRecords,
        Code::DatetimeMalformed,
        Code::DidDocMalformed,
        Code::DidDocWrongId,
        Code::DidJwkMalformed,
        Code::DidKeyFragmentMismatch,
        Code::DidWebMalformed,
        Code::EcdsaSdBaseProof,
        Code::EcdsaSdCbor,
        Code::EcdsaSdKey,
        Code::EcdsaSdPointer,
        Code::EcdsaSdProofValue,
        Code::EcdsaSdTooLarge,
        Code::EmptyInput,
        Code::FillBadCharacter,
        Code::FillMissingValue,
        Code::FillUnknownKey,
        Code::FillValueTooLong,
        Code::FontTooLarge,
        Code::FontUnreadable,
        Code::ImageEmpty,
        Code::ImageNotSvg,
        Code::ImageUnknown,
        Code::InputTooLarge,
        Code::Io,
        Code::IssueEmailInvalid,
        Code::IssueFieldMissing,
        Code::IssuePatternMalformed,
        Code::IssueValidityUnsupported,
        Code::IssuerKeyNotChecked,
        Code::IssuerMalformed,
        Code::IssuerNotKeyController,
        Code::JcsBadNumber,
        Code::JcsNonFinite,
        Code::JcsTooDeep,
        Code::JsonDuplicateMember,
        Code::JsonMalformed,
        Code::JsonNumberNotExact,
        Code::JsonTooDeep,
        Code::JsonTooLarge,
        Code::JsonTooManyNodes,
        Code::JsonUnwritable,
        Code::JsonldBadBase,
        Code::JsonldBadExtraContext,
        Code::JsonldInvalid,
        Code::JsonldInvalidId,
        Code::JsonldMultipleScopedTypes,
        Code::JsonldNeedsFullProcessor,
        Code::JsonldNotCompacted,
        Code::JsonldNotObject,
        Code::JsonldNullDefinition,
        Code::JsonldProtectedTermRedefinition,
        Code::JsonldRedefinedTerm,
        Code::JsonldRelativeIri,
        Code::JsonldTooDeep,
        Code::JsonldTooLarge,
        Code::JsonldTooManyQuads,
        Code::JsonldUndefinedTerm,
        Code::JsonldUnknownContext,
        Code::JsonldViewMismatch,
        Code::JwkBadBase64url,
        Code::JwkBadLength,
        Code::JwkHasSecret,
        Code::JwkMalformed,
        Code::JwsBadBase64url,
        Code::JwsEncode,
        Code::JwsHeader,
        Code::JwsKeyAlgMismatch,
        Code::JwsNotBuilt,
        Code::JwsPayload,
        Code::JwsShape,
        Code::JwsSignatureDer,
        Code::KeyBadLength,
        Code::KeyJsonMalformed,
        Code::KeyMismatch,
        Code::KeyNeedsNetwork,
        Code::KeyNoSecret,
        Code::KeyNotFound,
        Code::KeyNotNamed,
        Code::KeyNotOnCurve,
        Code::KeyPending,
        Code::KeySuiteMismatch,
        Code::KeyTypeUnsupported,
        Code::KeyUnreachable,
        Code::LinkMalformed,
        Code::LinkTooLarge,
        Code::LinkVersion,
        Code::MultibaseBadBase58,
        Code::MultibaseNotBase58btc,
        Code::MultibaseTooLong,
        Code::NestedNotChecked,
        Code::NoBadge,
        Code::NotABadge,
        Code::NotDidWeb,
        Code::NotHttpMethod,
        Code::NquadsSyntax,
        Code::NquadsTooLarge,
        Code::PayloadEmpty,
        Code::PayloadJson,
        Code::PayloadJws,
        Code::PayloadTooLarge,
        Code::PayloadUnknown,
        Code::PemMalformed,
        Code::PngBadCrc,
        Code::PngChunkLength,
        Code::PngChunkTooLarge,
        Code::PngChunkType,
        Code::PngItxt,
        Code::PngItxtUtf8,
        Code::PngItxtZlib,
        Code::PngNoIend,
        Code::PngNoIhdr,
        Code::PngSignature,
        Code::PngTruncated,
        Code::ProofBadCreated,
        Code::ProofMalformed,
        Code::ProofNotChecked,
        Code::ProofNotObject,
        Code::ProofSuiteUnknown,
        Code::ProofSuiteUnsupported,
        Code::ProofSuiteVerifyOnly,
        Code::ProofTypeUnsupported,
        Code::ProofWrongKey,
        Code::QrTooLong,
        Code::RandomUnavailable,
        Code::RdfcTooManyBlankNodes,
        Code::RdfcTooManyQuads,
        Code::RdfcWorkLimit,
        Code::RenderEncode,
        Code::RenderSize,
        Code::RenderWidth,
        Code::ReportUnwritable,
        Code::RsaKeyInvalid,
        Code::RsaKeyTooShort,
        Code::StatusIndexOutOfRange,
        Code::StatusListLength,
        Code::StatusListMalformed,
        Code::StatusListTooLarge,
        Code::StatusListUrl,
        Code::StatusListWrongKey,
        Code::StatusNeedsVc2,
        Code::StatusPresent,
        Code::StatusPurposeUnknown,
        Code::SuiteNotBuilt,
        Code::SvgBakeCheck,
        Code::SvgDtdSubset,
        Code::SvgEmptyBadge,
        Code::SvgParse,
        Code::SvgTooLarge,
        Code::SvgTooManyNodes,
        Code::SvgUtf8,
        Code::SvgXml,
        Code::TemplateDtdSubset,
        Code::TemplateFit,
        Code::TemplateNotSvg,
        Code::TemplateTooLarge,
        Code::TemplateTooManyNodes,
        Code::TemplateUnclosedPlaceholder,
        Code::TemplateUnknownPlaceholder,
        Code::TemplateXml,
        Code::TextNotDrawn,
        Code::TrustListMalformed,
        Code::VmBadKey,
        Code::VmKeyMismatch,
        Code::VmNotFound,
        Code::VmTypeUnsupported,
        Code::VmWrongController,
    ];
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn codes_are_kebab_case_unique_and_sorted() {
        let texts: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for t in &texts {
            assert!(
                !t.is_empty()
                    && t.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                    && !t.starts_with('-')
                    && !t.ends_with('-'),
                "{t}"
            );
        }
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted, texts, "Code::ALL is sorted by text, each once");
    }

    #[test]
    fn codes_compare_with_their_text() {
        assert_eq!(Code::PngBadCrc, "png-bad-crc");
        assert_eq!(Code::PngBadCrc.to_string(), "png-bad-crc");
    }
}
