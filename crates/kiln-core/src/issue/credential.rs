//! The credential each recipient gets: a pattern (the achievement and the
//! issuer, the same for a whole class), then per recipient a new id, the
//! validity start, the name and the hashed email.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::issuer::bind_issuer;
use super::recipients::{Recipient, normalize_email};
use crate::credential::identity_hash;
use crate::{
    error::{Error, Result},
    limits::Limits,
    time,
};

/// The Verifiable Credentials 2.0 context.
pub const VC_2_0: &str = "https://www.w3.org/ns/credentials/v2";
/// The Verifiable Credentials 1.1 context.
pub const VC_1_1: &str = "https://www.w3.org/2018/credentials/v1";
/// The Open Badges 3.0 context Kiln writes.
pub const OB_3_0_3: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

fn pattern_error(message: impl Into<String>) -> Error {
    Error::malformed(crate::code::Code::IssuePatternMalformed, message)
}

/// What the issuer page's form says about a badge: the achievement and the
/// issuer's name.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BadgeFields {
    /// The issuer's display name.
    pub issuer_name: String,
    /// The issuer's web site, if given.
    pub issuer_url: Option<String>,
    /// The achievement's id (the same for every badge of a class).
    pub achievement_id: String,
    /// The achievement's name, also the credential's name.
    pub achievement_name: String,
    /// What the achievement is.
    pub achievement_description: String,
    /// What earning it takes (the criteria's narrative).
    pub criteria: String,
}

/// The unsigned credential every recipient's starts from.
#[derive(Debug, Clone, PartialEq)]
pub struct Pattern {
    doc: Map<String, Value>,
}

impl Pattern {
    /// Reads a pattern from JSON text: a whole unsigned credential, or an
    /// Open Badges 3.0 Achievement that an OpenBadgeCredential is made
    /// around. The issuer id becomes `issuer_id` (the key's controller);
    /// `issuer_name`, when given, becomes the issuer's name.
    pub fn from_json(
        text: &str,
        issuer_id: &str,
        issuer_name: Option<&str>,
        limits: &Limits,
    ) -> Result<Pattern> {
        let value = crate::credential::parse_json(text, limits)?;
        Pattern::from_value(value, issuer_id, issuer_name)
    }

    /// [`Pattern::from_json`] for a value already read.
    pub fn from_value(value: Value, issuer_id: &str, issuer_name: Option<&str>) -> Result<Pattern> {
        let Value::Object(obj) = value else {
            return Err(pattern_error("must be a JSON object"));
        };
        let is_credential = obj.contains_key("credentialSubject") || obj.contains_key("@context");
        let mut doc = if is_credential {
            if obj.contains_key("proof") {
                return Err(pattern_error(
                    "the pattern credential is already signed; give it without \"proof\"",
                ));
            }
            obj
        } else {
            let achievement = match obj.get("type") {
                Some(Value::String(t)) => t == "Achievement",
                Some(Value::Array(types)) => types.iter().any(|t| t == "Achievement"),
                _ => false,
            };
            if !achievement {
                return Err(pattern_error(
                    "neither a credential nor an Achievement (its \"type\" must include Achievement)",
                ));
            }
            let mut doc = Map::new();
            doc.insert("@context".into(), json!([VC_2_0, OB_3_0_3]));
            doc.insert(
                "type".into(),
                json!(["VerifiableCredential", "OpenBadgeCredential"]),
            );
            if let Some(n) = obj.get("name") {
                doc.insert("name".into(), n.clone());
            }
            doc.insert("issuer".into(), json!({ "type": ["Profile"] }));
            doc.insert(
                "credentialSubject".into(),
                json!({ "type": ["AchievementSubject"], "achievement": obj }),
            );
            doc
        };
        bind_issuer(&mut doc, issuer_id, false)?;
        if let (Some(name), Some(Value::Object(profile))) = (issuer_name, doc.get_mut("issuer")) {
            profile.insert("name".into(), name.into());
        }
        if !doc.get("credentialSubject").is_some_and(Value::is_object) {
            return Err(pattern_error(
                "the pattern's credentialSubject must be an object",
            ));
        }
        Ok(Pattern { doc })
    }

    /// The pattern of the issuer page's form: an Achievement with the
    /// form's name, description and criteria, issued by `issuer_id` under
    /// the form's issuer name (and web site). Every field but the web site
    /// is required.
    pub fn from_fields(fields: &BadgeFields, issuer_id: &str) -> Result<Pattern> {
        for (name, value) in [
            ("issuerId", issuer_id),
            ("issuerName", &fields.issuer_name),
            ("achievementId", &fields.achievement_id),
            ("achievementName", &fields.achievement_name),
            ("achievementDescription", &fields.achievement_description),
            ("criteria", &fields.criteria),
        ] {
            if value.trim().is_empty() {
                return Err(Error::misuse(
                    crate::code::Code::IssueFieldMissing,
                    format!("{name} is required"),
                ));
            }
        }
        let achievement = json!({
            "id": fields.achievement_id,
            "type": ["Achievement"],
            "name": fields.achievement_name,
            "description": fields.achievement_description,
            "criteria": { "narrative": fields.criteria },
        });
        let mut pattern = Pattern::from_value(achievement, issuer_id, Some(&fields.issuer_name))?;
        if let (Some(url), Some(Value::Object(profile))) = (
            fields
                .issuer_url
                .as_deref()
                .filter(|u| !u.trim().is_empty()),
            pattern.doc.get_mut("issuer"),
        ) {
            profile.insert("url".into(), url.into());
        }
        Ok(pattern)
    }

    /// Sets the validity period (RFC 3339 text, checked) instead of the
    /// issuance time for the start; only for VC 2.0 patterns.
    pub fn set_validity(&mut self, from: Option<&str>, until: Option<&str>) -> Result<()> {
        for (member, value) in [("validFrom", from), ("validUntil", until)] {
            let Some(value) = value else { continue };
            time::parse_datetime(value)?;
            if validity_member(&self.doc) != Some("validFrom") {
                return Err(Error::misuse(
                    crate::code::Code::IssueValidityUnsupported,
                    format!("{member} is for VC 2.0 credentials (first @context {VC_2_0})"),
                ));
            }
            self.doc.insert(member.into(), value.into());
        }
        Ok(())
    }

    /// The pattern as JSON.
    pub fn as_map(&self) -> &Map<String, Value> {
        &self.doc
    }

    /// The unsigned credential for one recipient: the pattern with `id`,
    /// the validity start (the pattern's own, or `now` in Unix seconds), the
    /// subject's `name` (when the recipient has one) and, when there is an
    /// email address, an `IdentityObject` holding only its salted SHA-256.
    pub fn credential(
        &self,
        recipient: &Recipient,
        id: &str,
        salt: &str,
        now: i64,
    ) -> Result<Map<String, Value>> {
        let mut doc = self.doc.clone();
        doc.insert("id".into(), id.into());
        if let Some(member) = validity_member(&doc) {
            doc.entry(member)
                .or_insert_with(|| time::format_rfc3339(now).into());
        }
        let mut subject = match doc.get("credentialSubject") {
            Some(Value::Object(s)) => s.clone(),
            _ => Map::new(),
        };
        if !recipient.name.is_empty() {
            subject.insert("name".into(), recipient.name.clone().into());
        }
        if let Some(email) = &recipient.email {
            let email = normalize_email(email).ok_or_else(|| {
                Error::misuse(
                    crate::code::Code::IssueEmailInvalid,
                    format!("the email address is not valid: {email:?}"),
                )
            })?;
            subject.insert(
                "identifier".into(),
                json!([{
                    "type": "IdentityObject",
                    "identityHash": identity_hash(&email, salt),
                    "identityType": "emailAddress",
                    "hashed": true,
                    "salt": salt,
                }]),
            );
        }
        doc.insert("credentialSubject".into(), Value::Object(subject));
        Ok(doc)
    }
}

/// The validity member a credential's data model version uses: `validFrom`
/// for VC 2.0, `issuanceDate` for VC 1.1 (by the first `@context`).
pub fn validity_member(doc: &Map<String, Value>) -> Option<&'static str> {
    let first = match doc.get("@context") {
        Some(Value::String(s)) => Some(s.as_str()),
        Some(Value::Array(items)) => items.first().and_then(Value::as_str),
        _ => None,
    };
    match first {
        Some(VC_2_0) => Some("validFrom"),
        Some(VC_1_1) => Some("issuanceDate"),
        _ => None,
    }
}

/// The start of the credential's validity in Unix seconds, when it has a
/// readable one.
pub fn validity_start(doc: &Map<String, Value>) -> Option<i64> {
    validity_member(doc)
        .and_then(|m| doc.get(m))
        .and_then(Value::as_str)
        .and_then(|s| time::parse_datetime(s).ok())
}

/// Adds a `BitstringStatusListEntry` for entry `index` of the status list
/// published at `url` (VC 2.0 credentials only, and only one status).
pub fn add_status(
    doc: &mut Map<String, Value>,
    url: &str,
    index: usize,
    purpose: &str,
) -> Result<()> {
    let purpose = crate::status_list::Purpose::from_name(purpose)?;
    crate::url::url_allowed(url, true).map_err(|e| {
        Error::misuse(
            crate::code::Code::StatusListUrl,
            format!("the status list URL cannot be used: {e}"),
        )
    })?;
    if validity_member(doc) != Some("validFrom") {
        return Err(Error::misuse(
            crate::code::Code::StatusNeedsVc2,
            format!(
                "a status entry needs a VC 2.0 credential (first @context {VC_2_0}), whose vocabulary defines BitstringStatusListEntry"
            ),
        ));
    }
    if doc.contains_key("credentialStatus") {
        return Err(Error::misuse(
            crate::code::Code::StatusPresent,
            "already has a credentialStatus; remove it to point the badge at another list",
        ));
    }
    doc.insert(
        "credentialStatus".into(),
        crate::status_list::entry(url, index, purpose),
    );
    Ok(())
}

/// The values of a template's placeholders for one recipient's credential:
/// `recipient.name`, `recipient.email`, `achievement.name`,
/// `achievement.description`, `issuer.name`, `date` (the validity start as
/// people write it, `3 March 2025`; `now` when the credential has none) and
/// the recipient's `custom.<column>` values. Only the `placeholders` given
/// are returned (a column the template does not use is no error); `None`
/// returns them all.
pub fn template_values(
    credential: &Map<String, Value>,
    recipient: &Recipient,
    placeholders: Option<&[String]>,
    now: i64,
) -> BTreeMap<String, String> {
    let text = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned()
    };
    let achievement = credential
        .get("credentialSubject")
        .and_then(|s| s.get("achievement"));
    let mut all = BTreeMap::new();
    all.insert("recipient.name".to_owned(), recipient.name.clone());
    all.insert(
        "recipient.email".to_owned(),
        recipient.email.clone().unwrap_or_default(),
    );
    all.insert("achievement.name".to_owned(), text(achievement, "name"));
    all.insert(
        "achievement.description".to_owned(),
        text(achievement, "description"),
    );
    all.insert(
        "issuer.name".to_owned(),
        text(credential.get("issuer"), "name"),
    );
    all.insert(
        "date".to_owned(),
        time::human_date(validity_start(credential).unwrap_or(now)),
    );
    for (k, v) in &recipient.custom {
        all.insert(k.clone(), v.clone());
    }
    match placeholders {
        None => all,
        Some(wanted) => all
            .into_iter()
            .filter(|(k, _)| wanted.iter().any(|p| p == k))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "did:key:z6MkExample";

    fn fields() -> BadgeFields {
        BadgeFields {
            issuer_name: "Kiln Academy".into(),
            issuer_url: None,
            achievement_id: "urn:uuid:a".into(),
            achievement_name: "Glaze Chemistry".into(),
            achievement_description: "Mixed three glazes.".into(),
            criteria: "Three tiles.".into(),
        }
    }

    fn ada() -> Recipient {
        Recipient {
            number: 1,
            name: "Ada".into(),
            email: Some("ada@example.org".into()),
            custom: vec![("custom.cohort".into(), "2026".into())],
        }
    }

    #[test]
    fn the_form_and_an_achievement_file_give_the_same_pattern() {
        let from_form = Pattern::from_fields(&fields(), KEY).unwrap();
        let achievement = r#"{"id": "urn:uuid:a", "type": ["Achievement"], "name": "Glaze Chemistry",
            "description": "Mixed three glazes.", "criteria": {"narrative": "Three tiles."}}"#;
        let from_file =
            Pattern::from_json(achievement, KEY, Some("Kiln Academy"), &Limits::default()).unwrap();
        assert_eq!(from_form, from_file);
        let doc = from_form.as_map();
        assert_eq!(doc["@context"], json!([VC_2_0, OB_3_0_3]));
        assert_eq!(
            doc["issuer"],
            json!({"id": KEY, "type": ["Profile"], "name": "Kiln Academy"})
        );
        assert_eq!(doc["name"], "Glaze Chemistry");
    }

    #[test]
    fn a_row_credential() {
        let pattern = Pattern::from_fields(&fields(), KEY).unwrap();
        let c = pattern
            .credential(&ada(), "urn:uuid:1", "0a0b", 1_740_996_000)
            .unwrap();
        assert_eq!(c["id"], "urn:uuid:1");
        assert_eq!(c["validFrom"], "2025-03-03T10:00:00Z");
        let subject = &c["credentialSubject"];
        assert_eq!(subject["name"], "Ada");
        assert_eq!(
            subject["identifier"],
            json!([{"type": "IdentityObject", "identityHash": identity_hash("ada@example.org", "0a0b"),
                "identityType": "emailAddress", "hashed": true, "salt": "0a0b"}])
        );
        assert_eq!(
            subject["achievement"]["criteria"]["narrative"],
            "Three tiles."
        );
        assert!(!serde_json::to_string(&c).unwrap().contains("ada@"));
        // No email, no identifier; no name (a form left empty), no name member.
        let nobody = Recipient::default();
        let c = pattern.credential(&nobody, "urn:uuid:2", "s", 0).unwrap();
        assert!(c["credentialSubject"].get("identifier").is_none());
        assert!(c["credentialSubject"].get("name").is_none());
        let bad = Recipient {
            email: Some("not an address".into()),
            ..Recipient::default()
        };
        assert_eq!(
            pattern.credential(&bad, "i", "s", 0).unwrap_err().code(),
            "issue-email-invalid"
        );
    }

    #[test]
    fn patterns_that_cannot_be_used() {
        let l = Limits::default();
        let code = |t: &str| Pattern::from_json(t, KEY, None, &l).unwrap_err().code();
        assert_eq!(code("[1]"), "issue-pattern-malformed");
        assert_eq!(
            code(r#"{"type": "NotAnAchievement"}"#),
            "issue-pattern-malformed"
        );
        assert_eq!(
            code(r#"{"@context": [], "proof": {}, "credentialSubject": {}}"#),
            "issue-pattern-malformed"
        );
        assert_eq!(
            code(r#"{"@context": [], "credentialSubject": []}"#),
            "issue-pattern-malformed"
        );
        assert_eq!(code(r#"{"@context": [], "issuer": 3}"#), "issuer-malformed");
        assert_eq!(code("{"), "credential-json-malformed");
        let mut f = fields();
        f.criteria = "  ".into();
        let e = Pattern::from_fields(&f, KEY).unwrap_err();
        assert!(e.to_string().contains("criteria is required"), "{e}");
        // A whole credential keeps its own validity start.
        let p = Pattern::from_json(
            r#"{"@context": ["https://www.w3.org/ns/credentials/v2"], "validFrom": "2020-01-01T00:00:00Z", "credentialSubject": {}}"#,
            KEY, None, &l,
        )
        .unwrap();
        let c = p.credential(&ada(), "i", "s", 1_740_996_000).unwrap();
        assert_eq!(c["validFrom"], "2020-01-01T00:00:00Z");
        assert_eq!(c["issuer"], KEY);
    }

    #[test]
    fn validity_from_the_form() {
        let mut p = Pattern::from_fields(&fields(), KEY).unwrap();
        p.set_validity(Some("2020-01-01T00:00:00Z"), Some("2021-01-01T00:00:00Z"))
            .unwrap();
        let c = p.credential(&ada(), "i", "s", 1_740_996_000).unwrap();
        assert_eq!(c["validFrom"], "2020-01-01T00:00:00Z");
        assert_eq!(c["validUntil"], "2021-01-01T00:00:00Z");
        assert_eq!(
            p.set_validity(None, Some("next year")).unwrap_err().code(),
            "datetime-malformed"
        );
    }

    #[test]
    fn validity_by_version() {
        let m = |v: Value| match v {
            Value::Object(m) => validity_member(&m),
            _ => None,
        };
        assert_eq!(m(json!({"@context": [VC_2_0, "x"]})), Some("validFrom"));
        assert_eq!(m(json!({"@context": [VC_1_1]})), Some("issuanceDate"));
        assert_eq!(m(json!({"@context": VC_2_0})), Some("validFrom"));
        assert_eq!(m(json!({"@context": ["x"]})), None);
    }

    #[test]
    fn status_entries() {
        let p = Pattern::from_fields(&fields(), KEY).unwrap();
        let mut c = p.credential(&ada(), "i", "s", 0).unwrap();
        add_status(&mut c, "https://example.org/status/1", 7, "revocation").unwrap();
        assert_eq!(c["credentialStatus"]["statusListIndex"], "7");
        let code = |c: &mut Map<String, Value>, url: &str, p: &str| {
            add_status(c, url, 1, p).unwrap_err().code()
        };
        assert_eq!(
            code(&mut c.clone(), "https://example.org/s", "revocation"),
            "status-present"
        );
        let mut fresh = p.credential(&ada(), "i", "s", 0).unwrap();
        assert_eq!(
            code(&mut fresh, "ftp://example.org/s", "revocation"),
            "status-list-url"
        );
        let mut v1 = Map::new();
        v1.insert("@context".into(), json!([VC_1_1]));
        assert_eq!(
            code(&mut v1, "https://example.org/s", "revocation"),
            "status-needs-vc2"
        );
    }

    #[test]
    fn template_values_for_a_row() {
        let p = Pattern::from_fields(&fields(), KEY).unwrap();
        let c = p.credential(&ada(), "i", "s", 1_740_996_000).unwrap();
        let all = template_values(&c, &ada(), None, 0);
        assert_eq!(all["date"], "3 March 2025");
        assert_eq!(all["issuer.name"], "Kiln Academy");
        assert_eq!(all["achievement.description"], "Mixed three glazes.");
        assert_eq!(all["recipient.email"], "ada@example.org");
        assert_eq!(all["custom.cohort"], "2026");
        let wanted = ["recipient.name".to_owned(), "custom.other".to_owned()];
        let some = template_values(&c, &ada(), Some(&wanted), 0);
        assert_eq!(
            some.into_iter().collect::<Vec<_>>(),
            [("recipient.name".to_owned(), "Ada".to_owned())]
        );
    }
}
