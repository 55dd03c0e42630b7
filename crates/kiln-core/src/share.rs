//! Verification links: a whole credential in a URL fragment, so that a link
//! verifies with no server holding the badge.
//!
//! # The format (version 1)
//! A link is `BASE#c=1` followed by the unpadded base64url (RFC 4648 §5) of
//! the raw DEFLATE stream (RFC 1951: no zlib or gzip header) of the UTF-8
//! payload. The `1` right after `c=` is the format version, one character; a
//! link with any other version is refused ([`Code::LinkVersion`]) with a
//! sentence saying a newer Kiln made it.
//!
//! The payload is what a badge carries: a JSON credential, written compactly
//! (the whitespace between tokens removed, every member, key order and number
//! text kept as they are), or a compact JWS (a VC-JWT or an OB 2.0 signed
//! assertion) as it is. Data Integrity proofs sign the data, never its
//! whitespace, so the verdict on a link is the verdict on the file.
//!
//! A second fragment form, `#url=https://...` (URL-encoded), names a baked
//! image or a credential for the page to fetch; it is read by the verify
//! page, which does the fetching, and [`read_fragment`] refuses it.
//!
//! # Privacy
//! Browsers never send the fragment to the server: the page that opens the
//! link reads the credential from its own address, and the server that
//! serves the page sees only the page's path.
//!
//! # Limits
//! [`read_fragment`] inflates at most [`Limits::max_payload_bytes`], the
//! bound on any baked payload; a longer result is
//! [`Error::LimitExceeded`] ([`Code::LinkTooLarge`]), found without
//! allocating more than the bound. The web page's `web/lib/link.js` reads the
//! same format with the same bound, which it takes from the wasm module's
//! `limits()`.
//!
//! ```
//! use kiln_core::{Limits, share};
//! let jwt = b"eyJhbGciOiJFZERTQSJ9.eyJ2YyI6e319.c2ln";
//! let link = share::link(jwt, "http://127.0.0.1:8080/")?;
//! assert!(link.starts_with("http://127.0.0.1:8080/#c=1"));
//! let fragment = &link[link.find('#').unwrap_or(0)..];
//! assert_eq!(share::read_fragment(fragment, &Limits::default())?, jwt);
//! # Ok::<(), kiln_core::Error>(())
//! ```

use crate::{Code, Error, Limits, Result, base64url};
use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

/// The format version this Kiln writes and reads.
pub const VERSION: char = '1';

/// The fragment's key for an embedded credential: `#c=`.
pub const CREDENTIAL_KEY: &str = "c=";

/// The fragment's key for a badge to fetch: `#url=`.
pub const URL_KEY: &str = "url=";

/// Where `kiln link` points by default: the verify page as `npm start`
/// serves it.
pub const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

/// Links longer than this many characters are too long to share well, and
/// the CLI and the pages say so and offer the file instead.
///
/// Why 2,000: it is about the longest URL that browsers, chat apps, mail
/// clients and link previews all carry whole (several cut or refuse longer
/// ones, and 2,000 is the figure commonly given as safe everywhere); and a
/// QR code of 2,000 bytes needs version 30 or more even at the lowest error
/// correction (over 137 modules a side), far past what prints legibly on a
/// certificate. A longer link still verifies; it is just not a good way to
/// share the badge, and the file is.
pub const SHAREABLE_LINK_CHARS: usize = 2000;

/// The verification link of `payload` (a credential's JSON or a compact
/// JWS, as found in a badge) at `base`: `base#c=1...`.
///
/// JSON is written compactly (whitespace between tokens removed; members,
/// order and numbers untouched); a JWS is taken as it is, without the
/// whitespace around it. A payload that is not a credential Kiln reads
/// (empty, not UTF-8, JSON that does not parse, anything else) is refused
/// with the reason; `base` must not hold a fragment already.
pub fn link(payload: &[u8], base: &str) -> Result<String> {
    if base.contains('#') {
        return Err(Error::misuse(
            Code::LinkMalformed,
            format!(
                "the link's base {base} already has a fragment (#); give the page's address without one"
            ),
        ));
    }
    let text = std::str::from_utf8(payload).map_err(|e| {
        Error::malformed(
            Code::PayloadUnknown,
            format!(
                "the payload is not UTF-8 text (byte {}), so it is not a credential",
                e.valid_up_to()
            ),
        )
    })?;
    // Classify: refuses empty text, JSON that does not parse (with its
    // position) and text that is neither JSON nor a compact JWS.
    crate::payload::classify(text)?;
    let text = text.trim();
    let compact = if text.starts_with('{') {
        crate::json_compact::compact_json(text)
    } else {
        text.to_owned()
    };
    let deflated = miniz_oxide::deflate::compress_to_vec(compact.as_bytes(), 9);
    let mut out = String::with_capacity(
        base.len()
            .saturating_add(4)
            .saturating_add(deflated.len().saturating_mul(4) / 3 + 4),
    );
    out.push_str(base);
    out.push('#');
    out.push_str(CREDENTIAL_KEY);
    out.push(VERSION);
    out.push_str(&base64url::encode(&deflated));
    Ok(out)
}

/// The payload a verification link's fragment carries (`#c=1...`, with or
/// without the leading `#`), inflated within
/// [`Limits::max_payload_bytes`].
///
/// Errors: [`Code::LinkVersion`] for a version other than 1 (a newer Kiln
/// made the link); [`Code::LinkTooLarge`] when the payload inflates past the
/// limit; [`Code::LinkMalformed`] for anything else (not a `c=` fragment, a
/// `url=` fragment, characters outside base64url, a DEFLATE stream that is
/// broken, cut short or followed by more data, a payload that is empty or
/// not UTF-8). Whether the payload is a credential is the verifier's to say.
pub fn read_fragment(fragment: &str, limits: &Limits) -> Result<Vec<u8>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    if fragment.starts_with(URL_KEY) {
        return Err(Error::malformed(
            Code::LinkMalformed,
            "the link names a badge to fetch (#url=...), not a credential carried in the link (#c=...)",
        ));
    }
    let Some(rest) = fragment.strip_prefix(CREDENTIAL_KEY) else {
        return Err(Error::malformed(
            Code::LinkMalformed,
            "the link's fragment does not start with c= (a credential) or url= (a badge to fetch), so it is not a Kiln verification link",
        ));
    };
    let mut chars = rest.chars();
    match chars.next() {
        Some(VERSION) => {}
        Some(v) if v.is_ascii_digit() => {
            return Err(Error::unsupported(
                Code::LinkVersion,
                format!(
                    "the verification link is in format version {v}, which this Kiln does not read (it reads version {VERSION}): it was made by a newer Kiln"
                ),
            ));
        }
        _ => {
            return Err(Error::malformed(
                Code::LinkMalformed,
                "the link's fragment has no format version after c=",
            ));
        }
    }
    let encoded = chars.as_str();
    if encoded.is_empty() {
        return Err(Error::malformed(
            Code::LinkMalformed,
            "the link's fragment carries no credential after c=1",
        ));
    }
    let deflated = base64url::decode(encoded).ok_or_else(|| {
        let at = encoded
            .bytes()
            .position(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
        Error::malformed(
            Code::LinkMalformed,
            match at {
                Some(i) => format!(
                    "the link's credential is not base64url: character {} after c=1 is not in its alphabet (was the link cut or changed?)",
                    i.saturating_add(1)
                ),
                None => "the link's credential is not base64url: its length or last character cannot end base64url (was the link cut?)".to_owned(),
            },
        )
    })?;
    let payload = inflate_raw(&deflated, limits.max_payload_bytes)?;
    if payload.is_empty() {
        return Err(Error::malformed(
            Code::LinkMalformed,
            "the link's credential is empty",
        ));
    }
    if let Err(e) = std::str::from_utf8(&payload) {
        return Err(Error::malformed(
            Code::LinkMalformed,
            format!(
                "the link's credential is not UTF-8 text (byte {})",
                e.valid_up_to()
            ),
        ));
    }
    Ok(payload)
}

/// Inflates one raw DEFLATE stream to at most `max` bytes, refusing data
/// after its end.
fn inflate_raw(input: &[u8], max: usize) -> Result<Vec<u8>> {
    let too_large = || {
        Error::limit(
            Code::LinkTooLarge,
            format!("the link's credential inflates to more than {max} bytes (max_payload_bytes)"),
        )
    };
    let broken = |status: TINFLStatus| {
        Error::malformed(
            Code::LinkMalformed,
            format!(
                "the link's credential is not a DEFLATE stream that can be read ({status:?}); was the link cut or changed?"
            ),
        )
    };
    // The output grows by doubling from a small start, never past `max`
    // (one byte more, to tell "exactly max" from "more").
    let cap = max.saturating_add(1);
    let mut out = vec![0; input.len().saturating_mul(4).clamp(1, cap)];
    let mut decomp = DecompressorOxide::default();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut in_pos = 0usize;
    let mut out_pos = 0usize;
    loop {
        let rest = input
            .get(in_pos..)
            .ok_or_else(|| broken(TINFLStatus::Failed))?;
        let (status, used, written) = decompress(&mut decomp, rest, &mut out, out_pos, flags);
        in_pos = in_pos
            .checked_add(used)
            .ok_or_else(|| broken(TINFLStatus::Failed))?;
        out_pos = out_pos.checked_add(written).ok_or_else(too_large)?;
        if out_pos > max {
            return Err(too_large());
        }
        match status {
            TINFLStatus::Done => {
                if in_pos != input.len() {
                    return Err(Error::malformed(
                        Code::LinkMalformed,
                        format!(
                            "the link's credential has {} bytes after the end of its DEFLATE stream",
                            input.len().saturating_sub(in_pos)
                        ),
                    ));
                }
                out.truncate(out_pos);
                return Ok(out);
            }
            TINFLStatus::HasMoreOutput => {
                if out.len() >= cap {
                    return Err(too_large());
                }
                let grown = out.len().saturating_mul(2).min(cap);
                out.resize(grown, 0);
            }
            other => return Err(broken(other)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fragment_of(link: &str) -> &str {
        link.find('#').and_then(|i| link.get(i..)).unwrap_or("")
    }

    /// A credential-shaped JSON document with whitespace, escapes and a
    /// number whose text a re-serialiser would change.
    const PRETTY: &str = "{\n  \"@context\": [\"https://www.w3.org/ns/credentials/v2\"],\n  \"type\": [\"VerifiableCredential\", \"OpenBadgeCredential\"],\n  \"name\": \"Caf\\u00e9 \\\"quoted\\\" \\\\ and  two  spaces\",\n  \"z\": 1.0e2,\n  \"a\": {\"b\" : [ 1 , 2 ]}\n}\n";

    #[test]
    fn json_round_trips_compactly_with_order_and_numbers_kept() {
        let link = link(PRETTY.as_bytes(), DEFAULT_BASE).unwrap();
        assert!(link.starts_with("http://127.0.0.1:8080/#c=1"));
        let back = read_fragment(fragment_of(&link), &Limits::default()).unwrap();
        let back = String::from_utf8(back).unwrap();
        assert!(!back.contains('\n'));
        assert!(back.contains("\"Caf\\u00e9 \\\"quoted\\\" \\\\ and  two  spaces\""));
        assert!(back.contains("\"z\":1.0e2"));
        assert!(back.find("\"z\"").unwrap() < back.find("\"a\"").unwrap());
        let a: serde_json::Value = serde_json::from_str(PRETTY).unwrap();
        let b: serde_json::Value = serde_json::from_str(&back).unwrap();
        assert_eq!(a, b);
        // Without the leading '#' too.
        let bare = fragment_of(&link).trim_start_matches('#');
        assert_eq!(
            read_fragment(bare, &Limits::default()).unwrap(),
            back.as_bytes()
        );
    }

    #[test]
    fn a_jws_round_trips_as_it_is() {
        let header = base64url::encode(br#"{"alg":"EdDSA"}"#);
        let claims = base64url::encode(br#"{"vc":{"type":["VerifiableCredential"]}}"#);
        let jws = format!("{header}.{claims}.{}", base64url::encode(&[7; 64]));
        let link = link(format!("  {jws}\n").as_bytes(), "https://example.org/v/").unwrap();
        assert!(link.starts_with("https://example.org/v/#c=1"));
        let back = read_fragment(fragment_of(&link), &Limits::default()).unwrap();
        assert_eq!(back, jws.as_bytes());
    }

    #[test]
    fn what_is_not_a_credential_gets_no_link() {
        for bad in [&b""[..], b"   ", b"{\"a\":", b"hello world", b"\xff\xfe{}"] {
            assert!(link(bad, DEFAULT_BASE).is_err(), "{bad:?}");
        }
        let e = link(b"{}", "http://x/#already").unwrap_err();
        assert_eq!(e.code(), Code::LinkMalformed);
    }

    /// A fragment as web/lib/link.js makes it: Chromium's and Node's
    /// `CompressionStream("deflate-raw")` (zlib, its default level) gives a
    /// different stream from miniz_oxide's, and both must read the same.
    /// Made with, in Node 20:
    /// `import("./web/lib/link.js").then(m => m.makeLink('{"a":"b b","n":1.50}', "x/"))`.
    const JS_LINK: &str = "x/#c=1q1ZKVLJSSlJIUtJRylOyMtQzNagFAA";

    #[test]
    fn a_fragment_made_by_the_page_reads_the_same_as_ours() {
        let ours = link(br#"{ "a": "b b", "n": 1.50 }"#, "x/").unwrap();
        let from_js = read_fragment(fragment_of(JS_LINK), &Limits::default()).unwrap();
        let from_rust = read_fragment(fragment_of(&ours), &Limits::default()).unwrap();
        assert_eq!(from_js, from_rust);
        assert_eq!(from_rust, br#"{"a":"b b","n":1.50}"#);
    }

    fn code_of(fragment: &str, limits: &Limits) -> Code {
        read_fragment(fragment, limits).unwrap_err().code()
    }

    #[test]
    fn bad_fragments_are_refused_with_their_reason() {
        let limits = Limits::default();
        let good = link(br#"{"a":1}"#, "").unwrap();
        let encoded = good.trim_start_matches("#c=1");
        // Not base64url: a '+' and a '=' in the middle, a cut that leaves one
        // character in the last group.
        assert_eq!(
            code_of(&format!("#c=1+{encoded}"), &limits),
            Code::LinkMalformed
        );
        assert_eq!(
            code_of(&format!("#c=1{encoded}="), &limits),
            Code::LinkMalformed
        );
        assert_eq!(
            code_of(&format!("#c=1{}", &encoded[..5]), &limits),
            Code::LinkMalformed
        );
        // Base64url, but not DEFLATE: a block type of 3 (reserved).
        let bad_deflate = base64url::encode(&[0xff, 0xff, 0xff, 0xff]);
        assert_eq!(
            code_of(&format!("c=1{bad_deflate}"), &limits),
            Code::LinkMalformed
        );
        // A stream cut short, and one with data after its end.
        let deflated = miniz_oxide::deflate::compress_to_vec(br#"{"a":"a long enough text"}"#, 9);
        let cut = base64url::encode(&deflated[..deflated.len() / 2]);
        assert_eq!(code_of(&format!("c=1{cut}"), &limits), Code::LinkMalformed);
        let mut trailing = deflated.clone();
        trailing.extend_from_slice(b"more");
        let trailing = base64url::encode(&trailing);
        assert_eq!(
            code_of(&format!("c=1{trailing}"), &limits),
            Code::LinkMalformed
        );
        // Version 2, and no version at all.
        let e = read_fragment(&format!("#c=2{encoded}"), &limits).unwrap_err();
        assert_eq!(e.code(), Code::LinkVersion);
        assert!(e.message().contains("newer Kiln"), "{e}");
        assert_eq!(code_of("#c=", &limits), Code::LinkMalformed);
        assert_eq!(code_of("#c=1", &limits), Code::LinkMalformed);
        // Other fragments.
        assert_eq!(
            code_of("#url=https%3A%2F%2Fexample.org%2Fb.png", &limits),
            Code::LinkMalformed
        );
        assert_eq!(code_of("#section-2", &limits), Code::LinkMalformed);
        assert_eq!(code_of("", &limits), Code::LinkMalformed);
        // Not UTF-8 inside.
        let latin1 = base64url::encode(&miniz_oxide::deflate::compress_to_vec(
            b"{\"a\":\"\xe9\"}",
            9,
        ));
        assert_eq!(
            code_of(&format!("c=1{latin1}"), &limits),
            Code::LinkMalformed
        );
    }

    #[test]
    fn a_bomb_stops_at_the_payload_limit() {
        let limits = Limits {
            max_payload_bytes: 10_000,
            ..Limits::default()
        };
        // Exactly at the limit reads; one byte more does not.
        let at = vec![b' '; 10_000];
        let over = vec![b' '; 10_001];
        let frag = |data: &[u8]| {
            format!(
                "c=1{}",
                base64url::encode(&miniz_oxide::deflate::compress_to_vec(data, 9))
            )
        };
        assert_eq!(read_fragment(&frag(&at), &limits).unwrap().len(), 10_000);
        let e = read_fragment(&frag(&over), &limits).unwrap_err();
        assert_eq!(e.code(), Code::LinkTooLarge);
        assert!(matches!(e, Error::LimitExceeded(_)));
        // A real bomb: 64 MiB of zeros, a few kilobytes of link, against the
        // default 4 MiB.
        let bomb = vec![0u8; 64 << 20];
        let e = read_fragment(&frag(&bomb), &Limits::default()).unwrap_err();
        assert_eq!(e.code(), Code::LinkTooLarge);
    }
}
