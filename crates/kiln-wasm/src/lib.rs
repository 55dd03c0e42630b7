//! Kiln in the browser: the bindings behind the WebAssembly modules.
//!
//! - **verifier** (feature `verifier`): `verifyReport`, `verifyRound` and
//!   `extractCredential`. No signing and no key generation, JSON-LD through
//!   Kiln's compact processor only, EdDSA only: the small module every page
//!   loads. A report whose `needs` is present names what it left out.
//! - **verifier-full** (feature `verifier-full`): the same exports with the
//!   complete JSON-LD 1.1 processor (oxjsonld) and RS256 / ES256, which the
//!   JavaScript wrapper loads only for a credential that needs them.
//! - **issuer** (feature `issuer`): `generateKey`, `importKey`,
//!   `signCredential` and `bakeBadge`, the issuance rules of kiln-core's
//!   `issue` module (`parseRecipients`, `buildCredential`), loaded only on
//!   the issuer page.
//! - **qr** (feature `qr`): `qrSvg`, `qrVersion` and `maxPrintVersion`, QR
//!   codes of verification links for the verify page's print view, which
//!   loads it only when it prints (the verifier module does not carry it).
//!
//! Each is built with `--no-default-features --features <name>`
//! (see `web/build.mjs`); the default enables them all so workspace builds check
//! every line. The small JavaScript wrappers in `web/lib/` give the public
//! API (`verifyBadge(bytes | string, options?) -> Promise<Report>` and the
//! issuer calls): this crate passes reports and keys as JSON text, which the
//! wrappers parse.
//!
//! Options arrive as JSON text and are read with serde (`camelCase`,
//! `deny_unknown_fields`): an unknown or ill-typed option is an error, never
//! ignored. Errors reach JavaScript as `Error` objects with a `code` property.
//!
//! The logic lives in plain functions (`verifier::verify_json`, ...) that
//! are unit-tested on the host; the `#[wasm_bindgen]` exports only convert.
//!
//! # No panics
//! Nothing here unwraps or indexes unchecked; bad input gives an error.
#![forbid(unsafe_code)]

#[cfg(any(feature = "verifier", feature = "issuer"))]
mod core_calls;
#[cfg(feature = "issuer")]
pub mod issuer;
mod js;
#[cfg(any(feature = "verifier", feature = "issuer"))]
mod options;
#[cfg(feature = "qr")]
pub mod qr;
#[cfg(feature = "verifier")]
pub mod verifier;

#[cfg(any(feature = "verifier", feature = "issuer"))]
pub use options::{
    BakeOptions, CredentialOptions, DeriveOptions, KeyOptions, RecipientOptions, SignOptions,
    SuiteName, VerifierOptions,
};

use wasm_bindgen::prelude::wasm_bindgen;

/// The bounds kiln-core works within ([`kiln_core::Limits`], its defaults),
/// as JSON with camelCase names: `maxInputBytes`, `maxPayloadBytes`,
/// `maxRounds`, `maxDocuments`, ... The page's JavaScript reads the ones it
/// needs (the rounds of an online verification, the largest document it
/// fetches) from here instead of keeping copies. In every module.
#[wasm_bindgen(js_name = limits)]
pub fn limits() -> String {
    limits_json(&kiln_core::Limits::default())
}

/// [`limits`] for any `Limits`.
fn limits_json(l: &kiln_core::Limits) -> String {
    // serde_json::to_string rather than the value's Display, which would bring its
    // own copies of serde_json's writer into the module.
    let limits = serde_json::json!({
        "maxInputBytes": l.max_input_bytes,
        "maxChunkBytes": l.max_chunk_bytes,
        "maxPayloadBytes": l.max_payload_bytes,
        "maxSvgNodes": l.max_svg_nodes,
        "maxJsonDepth": l.max_json_depth,
        "maxJsonNodes": l.max_json_nodes,
        "maxQuads": l.max_quads,
        "maxBlankNodes": l.max_blank_nodes,
        "maxCanonWork": l.max_canon_work,
        "maxRounds": l.max_rounds,
        "maxDocuments": l.max_documents,
        "maxStatusEntries": l.max_status_entries,
        "maxStatusListBytes": l.max_status_list_bytes,
        "maxCsvColumns": l.max_csv_columns,
        "maxCsvRecords": l.max_csv_records,
        "maxRedirects": l.max_redirects,
        "maxNestingDepth": l.max_nesting_depth,
        "maxNestedCredentials": l.max_nested_credentials,
    });
    kiln_core::credential::to_json_string(&limits).unwrap_or_default()
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/**
 * One sentence of a report as a stable id and its parameters, for the catalogs
 * web/lib/i18n/messages.LANG.json (`{ "<id>": "sentence with {param} placeholders" }`).
 * A parameter named `date` or ending in `Date` holds an RFC 3339 timestamp.
 */
export interface Message {
  id: string;
  params: Record<string, string>;
}

/** One check of a verification: what was checked and how it went. */
export interface Check {
  check: string;
  outcome: "passed" | "failed" | "skipped";
  /** The English sentence: messages.en.json rendered with `message`. */
  detail: string;
  message: Message;
}

/** The report of one verification (the Report contract, docs/report.md). */
export interface Report {
  verdict: "verified" | "invalid" | "error";
  checks: Check[];
  warnings: string[];
  /** The warnings as messages, in the same order. */
  warningMessages: Message[];
  credential?: {
    format: "ob3" | "ob2";
    name?: string;
    issuer?: { id?: string; name?: string; url?: string };
    subject?: Record<string, unknown>;
    achievement?: {
      name?: string;
      description?: string;
      criteria?: { id?: string; narrative?: string };
      image?: unknown;
    };
    validFrom?: string;
    validUntil?: string;
    proofType?: string;
  };
  /** Who vouches for the issuer, beside the verdict (which it never changes). */
  identity?: { status: "domain" | "trust-list" | "not-confirmed"; detail: string; message: Message };
  payload?: string;
  /** Why the badge could not be checked; its sentence in the catalogs is `error.<code>`, with `params` (`detail`: the English message). */
  error?: { code: string; message: string; params: Record<string, string> };
  /** What this module left out that a check needed; the verifier-full module has it. Absent when nothing. */
  needs?: ("json-ld-compact" | "json-ld-full" | "rs256" | "es256" | "es256k" | "ecdsa" | "nested" | "legacy" | "jws" | "exact-numbers")[];
  /** A CLR's nested credentials, one report each, in the record's order. Absent when none. */
  credentials?: Report[];
  /** Embedded EndorsementCredentials, one report each; the endorser is each one's credential.issuer. Absent when none. */
  endorsements?: Report[];
  /** A CLR's achievements and the associations between them. */
  pathway?: {
    achievements: { id: string; name?: string }[];
    associations: { source: string; target: string; relation: string }[];
  };
  /** What the validity and status checks found: expired, not yet valid, revoked, suspended. Absent when none. */
  standing?: ("expired" | "not-yet-valid" | "revoked" | "suspended")[];
}

/** Issuers a verifier trusts: the same JSON as `kiln verify --trust FILE`. */
export interface TrustList {
  name: string;
  issuers: { id: string; name?: string }[];
}

/** Options of verifyBadge. Unknown members are an error. */
export interface VerifyOptions {
  /** The clock for validity checks: a Date or milliseconds since the epoch. Default: Date.now(). */
  now?: Date | number;
  /** A fetcher for online checks (did:web keys, status lists, hosted OB 2.0 assertions); https only. Without it, those checks are skipped. */
  fetch?: typeof globalThis.fetch;
  /** Issuers the caller trusts: a trust list, or issuer ids (a list named "trusted issuers"). Sets `identity`, never the verdict. */
  trust?: TrustList | string[];
  /** Allow plain http to 127.0.0.1 / localhost for online checks (local previews and tests). */
  allowHttpLocalhost?: boolean;
  /** Documents to use instead of fetching them, by URL or DID (JSON-LD contexts, DID documents, issuer profiles, revocation lists): for offline and archived checks. The report's warnings say which were read from here. */
  documents?: Record<string, unknown>;
}

/** A key file: Multikey JSON with a did:key controller. Keep it secret. */
export interface KeyFile {
  id: string;
  controller: string;
  publicKeyMultibase: string;
  secretKeyMultibase?: string;
  [member: string]: unknown;
}

/** Options of signCredential. Unknown members are an error. */
export interface SignOptions {
  suite?: "eddsa-rdfc-2022" | "eddsa-jcs-2022" | "ecdsa-rdfc-2019" | "ecdsa-jcs-2019" | "ecdsa-sd-2023";
  verificationMethod?: string;
  created?: Date | string;
  proofPurpose?: string;
  /** ecdsa-sd-2023 only: JSON pointers every derived proof must disclose (default: Kiln's Open Badges 3.0 set). */
  mandatoryPointers?: string[];
}

/** Options of generateKey. Unknown members are an error. */
export interface KeyOptions {
  /** ed25519 (default; eddsa suites), p256 (ecdsa suites, ecdsa-sd-2023 too) or p384 (ecdsa-rdfc-2019, ecdsa-jcs-2019). */
  type?: "ed25519" | "p256" | "p384";
}

/** Options of deriveCredential. Unknown members are an error. */
export interface DeriveOptions {
  /** JSON pointers to the claims disclosed beside the issuer's mandatory ones. */
  reveal?: string[];
}

/** Options of bakeBadge. Unknown members are an error. */
export interface BakeOptions {
  /** Bake as an Open Badges 2.0 assertion instead of 3.0. */
  ob2?: boolean;
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_the_cores() {
        let core = kiln_core::Limits::default();
        let js: serde_json::Value = serde_json::from_str(&limits()).unwrap();
        assert_eq!(js["maxRounds"], core.max_rounds);
        assert_eq!(js["maxDocuments"], core.max_documents);
        assert_eq!(js["maxPayloadBytes"], core.max_payload_bytes);
        assert_eq!(js["maxInputBytes"], core.max_input_bytes);
        let mut small = kiln_core::Limits::default();
        small.max_rounds = 2;
        let js: serde_json::Value = serde_json::from_str(&limits_json(&small)).unwrap();
        assert_eq!(js["maxRounds"], 2);
    }
}
