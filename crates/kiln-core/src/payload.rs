//! What a baked badge carries: the kinds of payload and how to tell them apart.
//!
//! A badge image holds text: an Open Badges 3.0 credential as JSON or as a
//! VC-JWT (compact JWS), or an Open Badges 2.0 assertion as JSON, as a signed
//! compact JWS, or as the URL of a hosted assertion. [`classify`] looks at the
//! text alone (no signature is checked, nothing is fetched) and names its kind.

use crate::credential::read_json_as;
use crate::{
    error::{Error, Result},
    limits::Limits,
};
use serde_json::Value;

/// The Open Badges 2.0 JSON-LD context.
const OB2_CONTEXT: &str = "https://w3id.org/openbadges/v2";
/// The `type` values that make JSON a credential rather than an OB 2.0 assertion.
const VC_TYPES: [&str; 4] = [
    "VerifiableCredential",
    "OpenBadgeCredential",
    "AchievementCredential",
    "EndorsementCredential",
];
/// The VC data model contexts (1.1 and 2.0).
const VC_CONTEXTS: [&str; 2] = [
    "https://www.w3.org/2018/credentials/v1",
    "https://www.w3.org/ns/credentials/v2",
];

/// The kind of text baked into a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PayloadKind {
    /// An Open Badges 3.0 credential as JSON (with an embedded proof, or none).
    Ob3Credential,
    /// An Open Badges 3.0 credential as a VC-JWT (compact JWS).
    VcJwt,
    /// An Open Badges 2.0 assertion as JSON.
    Ob2Assertion,
    /// An Open Badges 2.0 signed assertion (compact JWS).
    Ob2Jws,
    /// The URL of an Open Badges 2.0 hosted assertion.
    HostedUrl,
}

impl PayloadKind {
    /// A short stable name: `ob3-json`, `vc-jwt`, `ob2-json`, `ob2-jws` or `hosted-url`.
    pub fn as_str(self) -> &'static str {
        match self {
            PayloadKind::Ob3Credential => "ob3-json",
            PayloadKind::VcJwt => "vc-jwt",
            PayloadKind::Ob2Assertion => "ob2-json",
            PayloadKind::Ob2Jws => "ob2-jws",
            PayloadKind::HostedUrl => "hosted-url",
        }
    }

    /// A phrase for people, such as "Open Badges 3.0 JSON credential".
    pub fn describe(self) -> &'static str {
        match self {
            PayloadKind::Ob3Credential => "Open Badges 3.0 JSON credential",
            PayloadKind::VcJwt => "Open Badges 3.0 VC-JWT credential (compact JWS)",
            PayloadKind::Ob2Assertion => "Open Badges 2.0 JSON assertion",
            PayloadKind::Ob2Jws => "Open Badges 2.0 signed assertion (compact JWS)",
            PayloadKind::HostedUrl => "Open Badges 2.0 hosted assertion URL",
        }
    }

    /// Whether this kind belongs to Open Badges 2.0 (baked with the `openbadges` keyword).
    pub fn is_ob2(self) -> bool {
        matches!(
            self,
            PayloadKind::Ob2Assertion | PayloadKind::Ob2Jws | PayloadKind::HostedUrl
        )
    }
}

/// Names the kind of a badge payload from its text.
///
/// Surrounding whitespace is ignored. JSON is Open Badges 2.0 when its
/// `@context` is the OB 2.0 context or when its `type` names no credential
/// type (`VerifiableCredential`, `OpenBadgeCredential`,
/// `AchievementCredential`, `EndorsementCredential`); otherwise it is an
/// OB 3.0 credential. A compact
/// JWS is a VC-JWT when its decoded payload has a `vc` claim, a VC `@context`
/// or the `VerifiableCredential` type; otherwise it is an OB 2.0 signed
/// assertion. An `http(s)` URL is a hosted assertion. Anything else is
/// [`Error::Malformed`].
///
/// JSON is read by [`credential::read_json`](crate::credential::read_json)
/// within the default [`Limits`]; [`classify_within`] takes the caller's.
pub fn classify(text: &str) -> Result<PayloadKind> {
    classify_within(text, &Limits::default())
}

/// [`classify`] within `limits` (JSON depth, values, duplicate members).
pub fn classify_within(text: &str, limits: &Limits) -> Result<PayloadKind> {
    classify_read(text, limits).map(|(kind, _)| kind)
}

/// [`classify_within`], with the JSON value read when the payload is JSON
/// (an OB 3.0 credential or an OB 2.0 assertion), so that verifying it
/// reads it once.
pub(crate) fn classify_read(text: &str, limits: &Limits) -> Result<(PayloadKind, Option<Value>)> {
    let text = text.trim();
    if text.is_empty() {
        return Err(Error::malformed(
            crate::code::Code::PayloadEmpty,
            "the badge payload is empty",
        ));
    }
    if text.starts_with('{') {
        let value = read_json_as(
            text,
            limits,
            "the credential",
            crate::code::Code::PayloadJson,
        )?;
        let kind = if has_vc_type(&value) && !is_ob2_json(&value) {
            PayloadKind::Ob3Credential
        } else {
            PayloadKind::Ob2Assertion
        };
        return Ok((kind, Some(value)));
    }
    if is_http_url(text) {
        return Ok((PayloadKind::HostedUrl, None));
    }
    if let Some(claims) = compact_jws_payload(text, limits)? {
        let is_vc_jwt = claims.get("vc").is_some_and(Value::is_object)
            || ((has_vc_type(&claims) || has_vc_context(&claims)) && !is_ob2_json(&claims));
        let kind = if is_vc_jwt {
            PayloadKind::VcJwt
        } else {
            PayloadKind::Ob2Jws
        };
        return Ok((kind, None));
    }
    Err(Error::malformed(
        crate::code::Code::PayloadUnknown,
        "the payload is neither JSON, a compact JWS nor an http(s) URL",
    ))
}

/// Whether `@context` is (or contains) the OB 2.0 context.
fn is_ob2_json(value: &Value) -> bool {
    strings_of(value.get("@context")).any(|c| c.trim_end_matches('/') == OB2_CONTEXT)
}

/// Whether `type` names a credential type.
fn has_vc_type(value: &Value) -> bool {
    strings_of(value.get("type")).any(|t| VC_TYPES.contains(&t))
}

/// Whether `@context` includes a VC data model context.
fn has_vc_context(value: &Value) -> bool {
    strings_of(value.get("@context")).any(|c| VC_CONTEXTS.contains(&c))
}

/// The strings of a value that is a string or an array (other members are skipped).
fn strings_of(value: Option<&Value>) -> impl Iterator<Item = &str> {
    let (single, many) = match value {
        Some(Value::String(s)) => (Some(s.as_str()), None),
        Some(Value::Array(a)) => (None, Some(a.iter().filter_map(Value::as_str))),
        _ => (None, None),
    };
    single.into_iter().chain(many.into_iter().flatten())
}

fn is_http_url(text: &str) -> bool {
    let lower = text
        .get(..8)
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && text.len() > 8
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

/// When `text` has the shape of a compact JWS (three base64url segments),
/// its decoded payload as JSON; `Ok(None)` when the shape does not match.
fn compact_jws_payload(text: &str, limits: &Limits) -> Result<Option<Value>> {
    let mut parts = text.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Ok(None);
    };
    let is_b64 = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if header.is_empty()
        || payload.is_empty()
        || !is_b64(header)
        || !is_b64(payload)
        || !is_b64(signature)
    {
        return Ok(None);
    }
    let decoded = crate::base64url::decode(payload).ok_or_else(|| {
        Error::malformed(
            crate::code::Code::PayloadJws,
            "the compact JWS payload segment is not valid base64url",
        )
    })?;
    // Read as text like every other parse: a second reader type would
    // instantiate serde_json's whole deserializer again.
    let text = std::str::from_utf8(&decoded).map_err(|e| {
        Error::malformed(
            crate::code::Code::PayloadJws,
            format!(
                "the compact JWS payload is not JSON: invalid UTF-8 at byte {}",
                e.valid_up_to()
            ),
        )
    })?;
    let claims = read_json_as(
        text,
        limits,
        "the compact JWS payload",
        crate::code::Code::PayloadJws,
    )?;
    if !claims.is_object() {
        return Err(Error::malformed(
            crate::code::Code::PayloadJws,
            "the compact JWS payload is not a JSON object",
        ));
    }
    Ok(Some(claims))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for c in s.as_bytes().chunks(3) {
            let n = c.iter().fold(0u32, |a, &b| (a << 8) | u32::from(b)) << (8 * (3 - c.len()));
            for i in 0..=c.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    #[test]
    fn kinds_of_json() {
        let ob3 = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","OpenBadgeCredential"]}"#;
        assert_eq!(classify(ob3).unwrap(), PayloadKind::Ob3Credential);
        let ob2 = r#"{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}"#;
        assert_eq!(classify(ob2).unwrap(), PayloadKind::Ob2Assertion);
        assert_eq!(
            classify(r#"{"verify":{"url":"http://example.org"}}"#).unwrap(),
            PayloadKind::Ob2Assertion
        );
        assert_eq!(
            classify("  \n{\"type\":\"VerifiableCredential\"}\n ").unwrap(),
            PayloadKind::Ob3Credential
        );
        assert_eq!(
            classify(r#"{verify:1}"#).unwrap_err().code(),
            "payload-json"
        );
    }

    #[test]
    fn kinds_of_jws_and_url() {
        let header = b64(r#"{"alg":"RS256"}"#);
        let vc = format!(
            "{header}.{}.c2ln",
            b64(r#"{"vc":{"type":["VerifiableCredential"]},"iss":"x"}"#)
        );
        assert_eq!(classify(&vc).unwrap(), PayloadKind::VcJwt);
        let vc2 = format!(
            "{header}.{}.c2ln",
            b64(r#"{"@context":["https://www.w3.org/ns/credentials/v2"]}"#)
        );
        assert_eq!(classify(&vc2).unwrap(), PayloadKind::VcJwt);
        let ob2 = format!(
            "{header}.{}.c2ln",
            b64(r#"{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}"#)
        );
        assert_eq!(classify(&ob2).unwrap(), PayloadKind::Ob2Jws);
        assert_eq!(
            classify("https://example.org/a/1").unwrap(),
            PayloadKind::HostedUrl
        );
        assert_eq!(
            classify("HTTP://example.org").unwrap(),
            PayloadKind::HostedUrl
        );
        assert_eq!(
            classify("hello world").unwrap_err().code(),
            "payload-unknown"
        );
        assert_eq!(
            classify("a.b.c").unwrap_err().code(),
            crate::code::Code::PayloadJws
        );
        assert_eq!(classify("").unwrap_err().code(), "payload-empty");
    }

    #[test]
    fn names() {
        assert_eq!(PayloadKind::VcJwt.as_str(), "vc-jwt");
        assert!(PayloadKind::HostedUrl.is_ob2());
        assert!(!PayloadKind::Ob3Credential.is_ob2());
    }
}
