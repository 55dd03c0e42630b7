//! The options each call accepts, read from JSON text with serde. Unknown
//! members and wrong types are errors that name the option.

use kiln_core::Error;
use serde::Deserialize;
#[cfg(feature = "issuer")]
use serde::de::DeserializeOwned;

/// Options of `verifyReport` (`VerifyOptions` in TypeScript, after the
/// wrapper turned a `Date` into milliseconds and a fetch function into `true`).
///
/// Read by hand ([`VerifierOptions::parse`]) rather than with serde's derive:
/// the verifier module then links none of serde's typed deserialization
/// (its error texts format floats, about 5 KB gzipped in all).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct VerifierOptions {
    /// Milliseconds since the Unix epoch; `None` means the caller's clock.
    pub now: Option<f64>,
    /// Whether the caller offers a fetcher for online checks.
    pub fetch: Option<bool>,
    /// The issuers the caller trusts: a trust list as `kiln verify --trust`
    /// reads it (`{"name", "issuers": [{"id", "name"?}]}`) or an array of
    /// issuer ids. It sets the report's `identity`, never the verdict.
    pub trust: Option<serde_json::Value>,
    /// Allow plain `http:` to 127.0.0.1 / localhost for online checks (local
    /// previews and tests); everything else must be https.
    pub allow_http_localhost: Option<bool>,
    /// Documents to use instead of fetching them: an object from URL or DID
    /// to document (JSON-LD contexts, DID documents, issuer profiles,
    /// revocation lists), as `kiln verify --documents` reads them. The
    /// report says which were read from it.
    pub documents: Option<serde_json::Value>,
}

impl VerifierOptions {
    /// Reads the options of `call` from JSON text, as [`parse`] does:
    /// empty text, `null` and `undefined` mean all defaults; an unknown
    /// member or a wrong type is a `bad-options` error naming it.
    pub fn parse(call: &str, json: &str) -> Result<VerifierOptions, Error> {
        let mut options = VerifierOptions::default();
        let Some(value) = read(call, json)? else {
            return Ok(options);
        };
        let serde_json::Value::Object(members) = value else {
            return Err(bad(call, "expected an object"));
        };
        for (name, value) in members {
            let wrong = |expected: &str| bad(call, &format!("`{name}` must be {expected}"));
            match name.as_str() {
                "now" => options.now = Some(value.as_f64().ok_or_else(|| wrong("a number"))?),
                "fetch" => {
                    options.fetch = Some(value.as_bool().ok_or_else(|| wrong("true or false"))?)
                }
                "allowHttpLocalhost" => {
                    options.allow_http_localhost =
                        Some(value.as_bool().ok_or_else(|| wrong("true or false"))?);
                }
                "trust" => options.trust = Some(value),
                "documents" if value.is_object() => options.documents = Some(value),
                "documents" => return Err(wrong("an object from URL or DID to document")),
                _ => {
                    return Err(bad(
                        call,
                        &format!(
                            "unknown option `{name}`, expected one of `now`, `fetch`, `trust`, `allowHttpLocalhost`, `documents`"
                        ),
                    ));
                }
            }
        }
        Ok(options)
    }
}

/// A cryptosuite name accepted by `signCredential`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub enum SuiteName {
    /// `eddsa-rdfc-2022`, the suite Open Badges 3.0 names (default).
    #[default]
    #[serde(rename = "eddsa-rdfc-2022")]
    EddsaRdfc2022,
    /// `eddsa-jcs-2022`: lighter, not named by Open Badges 3.0.
    #[serde(rename = "eddsa-jcs-2022")]
    EddsaJcs2022,
    /// `ecdsa-rdfc-2019`, with a P-256 or P-384 key.
    #[serde(rename = "ecdsa-rdfc-2019")]
    EcdsaRdfc2019,
    /// `ecdsa-jcs-2019`, with a P-256 or P-384 key.
    #[serde(rename = "ecdsa-jcs-2019")]
    EcdsaJcs2019,
    /// `ecdsa-sd-2023`, with a P-256 key: a base proof for the holder, who
    /// derives the proof verifiers check (`deriveCredential`).
    #[serde(rename = "ecdsa-sd-2023")]
    EcdsaSd2023,
}

/// Options of `signCredential`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct SignOptions {
    /// The cryptosuite; default `eddsa-rdfc-2022`.
    pub suite: Option<SuiteName>,
    /// The proof's verification method; default the key's id.
    pub verification_method: Option<String>,
    /// The proof's `created` date-time (RFC 3339).
    pub created: Option<String>,
    /// The proof purpose; default `assertionMethod`.
    pub proof_purpose: Option<String>,
    /// `ecdsa-sd-2023` only: the JSON pointers every derived proof must
    /// disclose; default Kiln's Open Badges 3.0 set
    /// (`kiln_core::proof::ecdsa_sd::default_mandatory_pointers`).
    pub mandatory_pointers: Option<Vec<String>>,
}

/// Options of `generateKey`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct KeyOptions {
    /// The key type: `ed25519` (default, for the eddsa suites), `p256` or
    /// `p384` (for the ecdsa suites; ecdsa-sd-2023 takes `p256` only).
    #[serde(rename = "type")]
    pub key_type: Option<String>,
}

/// Options of `deriveCredential`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct DeriveOptions {
    /// JSON pointers to the claims disclosed beside the mandatory ones.
    pub reveal: Option<Vec<String>>,
}

/// Options of `bakeBadge`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct BakeOptions {
    /// Bake as an Open Badges 2.0 assertion.
    pub ob2: Option<bool>,
}

/// Options of `buildClr`: a CLR 2.0 learner record bundling signed
/// credentials for one learner, issued by the page's key.
#[cfg(feature = "issuer")]
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[non_exhaustive]
pub struct ClrOptions {
    /// The learner: the `credentialSubject.id` every credential names.
    pub learner: String,
    /// The record's name ("Learner record" when empty).
    pub name: Option<String>,
    /// The record issuer's id: the signing key's controller.
    pub issuer_id: String,
    /// The issuer's name shown to people.
    pub issuer_name: Option<String>,
    /// The signed credentials: JSON objects or VC-JWT strings.
    pub credentials: Vec<serde_json::Value>,
    /// Associations between their achievements:
    /// `{"source", "relation", "target"}` (achievement ids).
    pub associations: Vec<serde_json::Value>,
    /// The issuance time in milliseconds since the Unix epoch.
    pub now: Option<f64>,
    /// The record's id instead of a new `urn:uuid`.
    pub id: Option<String>,
}

/// Options of `buildCredential`: the issuer page's form (or a class's
/// shared fields), one recipient, and the clock. A field left out is
/// empty, and kiln-core names the required ones that are.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
#[non_exhaustive]
pub struct CredentialOptions {
    /// The issuer id: the key's controller.
    pub issuer_id: String,
    /// The issuer's display name.
    pub issuer_name: String,
    /// The issuer's web site.
    pub issuer_url: Option<String>,
    /// The achievement's id; a new `urn:uuid` when missing (give the same
    /// one to every badge of a class).
    pub achievement_id: Option<String>,
    /// The achievement's name.
    pub achievement_name: String,
    /// What the achievement is.
    pub achievement_description: String,
    /// What earning it takes.
    pub criteria: String,
    /// Who receives the badge; none for a badge to no one in particular.
    pub recipient: Option<RecipientOptions>,
    /// The issuance time in milliseconds since the Unix epoch.
    pub now: Option<f64>,
    /// The validity start (RFC 3339) instead of `now`.
    pub valid_from: Option<String>,
    /// The end of validity (RFC 3339).
    pub valid_until: Option<String>,
    /// The credential id instead of a new `urn:uuid`.
    pub id: Option<String>,
    /// The salt of the hashed email instead of a random one.
    pub salt: Option<String>,
    /// The template's placeholders: `values` holds only these.
    pub placeholders: Option<Vec<String>>,
}

/// One recipient of `buildCredential`: a row of `parseRecipients` or the
/// single-badge form.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct RecipientOptions {
    /// The row number (ignored; rows carry it).
    pub number: Option<usize>,
    /// The recipient's name.
    pub name: Option<String>,
    /// The email address (checked, lower-cased, stored only hashed).
    pub email: Option<String>,
    /// `custom.<column>` values.
    pub custom: Option<std::collections::BTreeMap<String, String>>,
    /// The file name stem (ignored; rows carry it).
    pub slug: Option<String>,
}

/// Reads the options of `call` from JSON text; empty text, `null` and
/// `undefined` mean all defaults.
#[cfg(feature = "issuer")]
pub fn parse<T: DeserializeOwned + Default>(call: &str, json: &str) -> Result<T, Error> {
    let Some(value) = read(call, json)? else {
        return Ok(T::default());
    };
    serde_json::from_value(value).map_err(|e| bad(call, &e.to_string()))
}

/// The options' JSON value, `None` for empty text, `null` and `undefined`.
fn read(call: &str, json: &str) -> Result<Option<serde_json::Value>, Error> {
    let trimmed = json.trim();
    if trimmed.is_empty() || trimmed == "null" || trimmed == "undefined" {
        return Ok(None);
    }
    kiln_core::credential::read_json(
        trimmed,
        &kiln_core::Limits::default(),
        &format!("the options of {call}"),
    )
    .map(Some)
}

fn bad(call: &str, what: &str) -> Error {
    Error::misuse(
        kiln_core::Code::BadOptions,
        format!("options of {call}: {what}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_options_are_defaults() {
        for text in ["", "{}", "null", " undefined "] {
            assert_eq!(
                VerifierOptions::parse("verifyBadge", text).unwrap(),
                VerifierOptions::default()
            );
        }
    }

    #[test]
    fn known_options_are_read() {
        let o = VerifierOptions::parse(
            "verifyBadge",
            r#"{"now": 1700000000000, "trust": ["did:key:z6Mk"], "fetch": true, "allowHttpLocalhost": false}"#,
        )
        .unwrap();
        assert_eq!(o.now, Some(1_700_000_000_000.0));
        assert_eq!(o.trust, Some(serde_json::json!(["did:key:z6Mk"])));
        assert_eq!(o.fetch, Some(true));
        assert_eq!(o.allow_http_localhost, Some(false));
    }

    #[test]
    fn unknown_options_are_errors_naming_them() {
        let e = VerifierOptions::parse("verifyBadge", r#"{"nwo": 1}"#).unwrap_err();
        assert_eq!(e.code(), "bad-options");
        assert!(e.to_string().contains("nwo"), "{e}");
    }

    #[test]
    fn ill_typed_options_are_errors_naming_them() {
        for (text, name) in [
            (r#"{"now": "yesterday"}"#, "now"),
            (r#"{"fetch": 1}"#, "fetch"),
            (r#"{"allowHttpLocalhost": "yes"}"#, "allowHttpLocalhost"),
            (r#"{"documents": ["https://x"]}"#, "documents"),
        ] {
            let e = VerifierOptions::parse("verifyBadge", text).unwrap_err();
            assert_eq!(e.code(), "bad-options");
            assert!(e.to_string().contains(name), "{e}");
        }
        assert!(VerifierOptions::parse("verifyBadge", "[]").is_err());
        assert!(VerifierOptions::parse("verifyBadge", "{").is_err());
    }

    #[cfg(feature = "issuer")]
    #[test]
    fn issuer_options_are_read_with_serde() {
        assert_eq!(
            parse::<BakeOptions>("bakeBadge", "null").unwrap(),
            BakeOptions::default()
        );
        let s: SignOptions = parse(
            "signCredential",
            r#"{"suite": "eddsa-jcs-2022", "verificationMethod": "did:key:z#z", "created": "2024-01-01T00:00:00Z", "proofPurpose": "assertionMethod"}"#,
        )
        .unwrap();
        assert_eq!(s.suite, Some(SuiteName::EddsaJcs2022));
        assert_eq!(s.verification_method.as_deref(), Some("did:key:z#z"));
        let e = parse::<BakeOptions>("bakeBadge", r#"{"ob3": true}"#).unwrap_err();
        assert!(e.to_string().contains("ob3"), "{e}");
        let e = parse::<SignOptions>("signCredential", r#"{"suite": "rsa"}"#).unwrap_err();
        assert!(e.to_string().contains("rsa"), "{e}");
    }
}
