//! The Open Badges 3.0 credential model: what a verifier shows and checks.
//!
//! Every field is optional here; the structure check of the verifier says
//! which ones OB 3.0 requires. Every struct keeps the members it does not
//! name in `extra`, so re-serializing a parsed credential loses nothing
//! (explicit `null` values of named fields excepted: they read as absent).
//! Numbers keep their JSON form ([`serde_json::Number`]).

use crate::{
    error::{Error, Result},
    limits::Limits,
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Number, Value};

/// A value that JSON-LD lets be written alone or in an array.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged, expecting = "expected a single value or an array")]
pub enum OneOrMany<T> {
    /// A single value.
    One(T),
    /// An array.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t).iter(),
            OneOrMany::Many(v) => v.iter(),
        }
    }

    /// The first value, if any.
    pub fn first(&self) -> Option<&T> {
        self.iter().next()
    }
}

impl OneOrMany<String> {
    /// Whether one of the strings is `s`.
    pub fn contains(&self, s: &str) -> bool {
        self.iter().any(|t| t == s)
    }
}

/// A Verifiable Credential carrying an Open Badge (`OpenBadgeCredential`,
/// its alias `AchievementCredential`, or an `EndorsementCredential`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Credential {
    /// `@context`: URLs and inline contexts.
    #[serde(rename = "@context", skip_serializing_if = "Option::is_none")]
    pub context: Option<Value>,
    /// The credential's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `VerifiableCredential`, `OpenBadgeCredential`, ...
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Who issued it: a Profile or its id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuer: Option<ProfileRef>,
    /// VC 2.0 start of validity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// VC 2.0 end of validity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// VC 1.1 issuance date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issuance_date: Option<String>,
    /// VC 1.1 expiration date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiration_date: Option<String>,
    /// The credential's name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// An image of the badge.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageRef>,
    /// The recipient and what they achieved (OB 3.0 has one subject).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_subject: Option<OneOrMany<AchievementSubject>>,
    /// Revocation / status entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_status: Option<OneOrMany<CredentialStatus>>,
    /// JSON Schemas the credential claims to follow.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credential_schema: Option<OneOrMany<CredentialSchema>>,
    /// Evidence of the achievement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<OneOrMany<Evidence>>,
    /// Endorsements (each an `EndorsementCredential`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub endorsement: Option<OneOrMany<Box<Credential>>>,
    /// Embedded proofs (a proof set when several).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof: Option<OneOrMany<Proof>>,
    /// Every other member, kept as read.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A profile given by id only or in full.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    untagged,
    expecting = "expected a profile id (a string) or a Profile object"
)]
pub enum ProfileRef {
    /// Just the id.
    Id(String),
    /// The whole profile.
    Profile(Box<Profile>),
}

impl ProfileRef {
    /// The profile's id, if it has one.
    pub fn id(&self) -> Option<&str> {
        match self {
            ProfileRef::Id(s) => Some(s),
            ProfileRef::Profile(p) => p.id.as_deref(),
        }
    }

    /// The name, when given in full.
    pub fn name(&self) -> Option<&str> {
        match self {
            ProfileRef::Id(_) => None,
            ProfileRef::Profile(p) => p.name.as_deref(),
        }
    }
}

/// An issuer or other organisation / person (`Profile`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    /// Its id (a URL or DID).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Profile`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Home page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Contact e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Phone number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// Logo.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageRef>,
    /// Description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An image given by URL (often a `data:` URL) or as an `Image` object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    untagged,
    expecting = "expected an image URL (a string) or an Image object"
)]
pub enum ImageRef {
    /// The image's URL.
    Url(String),
    /// An `Image` object.
    Image(Image),
}

impl ImageRef {
    /// The image's URL.
    pub fn url(&self) -> Option<&str> {
        match self {
            ImageRef::Url(s) => Some(s),
            ImageRef::Image(i) => i.id.as_deref(),
        }
    }
}

/// An `Image` object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Image {
    /// The image's URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Image`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Text alternative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The recipient (`AchievementSubject`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AchievementSubject {
    /// The recipient's id, when known by one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `AchievementSubject`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// The recipient's identifiers (often a hashed e-mail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identifier: Option<OneOrMany<IdentityObject>>,
    /// What was achieved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achievement: Option<Achievement>,
    /// Results (grades, levels).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<OneOrMany<AchievementResult>>,
    /// Credits earned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credits_earned: Option<Number>,
    /// Start of the activity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_start_date: Option<String>,
    /// End of the activity.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activity_end_date: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One identifier of the recipient (`IdentityObject`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IdentityObject {
    /// `IdentityObject`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// The identity, or `sha256$<hex>` of it with the salt.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_hash: Option<String>,
    /// What kind of identity: `emailAddress`, `url`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub identity_type: Option<String>,
    /// Whether `identity_hash` is hashed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hashed: Option<bool>,
    /// The salt of the hash.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salt: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What the badge certifies (`Achievement`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Achievement {
    /// The achievement's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Achievement`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// How it is earned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criteria: Option<Criteria>,
    /// The badge image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<ImageRef>,
    /// `Badge`, `Certificate`, `Degree`, ... or an `ext:` value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achievement_type: Option<String>,
    /// Who defined the achievement.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub creator: Option<ProfileRef>,
    /// Keywords.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<OneOrMany<String>>,
    /// Human-readable code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub human_code: Option<String>,
    /// Field of study.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field_of_study: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// How an achievement is earned (`Criteria`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Criteria {
    /// A page describing the criteria.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The criteria in Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A result of the recipient (`Result`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AchievementResult {
    /// `Result`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// The value (a grade, a score).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// `Completed`, `Enrolled`, ...
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The id of the rubric level achieved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub achieved_level: Option<String>,
    /// The id of the `ResultDescription` this result answers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result_description: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A status entry (`BitstringStatusListEntry`, `StatusList2021Entry`, `1EdTechRevocationList`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialStatus {
    /// The entry's id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Its type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// `revocation` or `suspension`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_purpose: Option<String>,
    /// The index in the list: a string in the spec, a number in some samples.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_list_index: Option<Value>,
    /// The URL of the status list credential.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_list_credential: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A schema reference (`1EdTechJsonSchemaValidator2019`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialSchema {
    /// The schema URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The validator type.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Evidence of the achievement.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    /// A URL of the evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `Evidence`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// Its name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its description.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A narrative in Markdown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub narrative: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An embedded proof as shown to people; checking it uses the raw JSON
/// (see [`crate::proof`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Proof {
    /// `DataIntegrityProof`, `Ed25519Signature2020`, ...
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub types: Option<OneOrMany<String>>,
    /// The cryptosuite of a `DataIntegrityProof`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cryptosuite: Option<String>,
    /// When the proof was made.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<String>,
    /// The key that made it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_method: Option<String>,
    /// Normally `assertionMethod`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof_purpose: Option<String>,
    /// The signature.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proof_value: Option<String>,
    /// Every other member.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Credential {
    /// Whether `type` names `t`.
    pub fn has_type(&self, t: &str) -> bool {
        self.types.as_ref().is_some_and(|ts| ts.contains(t))
    }

    /// The (first) credential subject.
    pub fn subject(&self) -> Option<&AchievementSubject> {
        self.credential_subject.as_ref().and_then(OneOrMany::first)
    }

    /// The URLs of `@context`, in order (inline contexts skipped).
    pub fn context_urls(&self) -> Vec<&str> {
        match &self.context {
            Some(Value::String(s)) => vec![s.as_str()],
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Whether the first context is the VC 1.1 one (validity in
    /// `issuanceDate`/`expirationDate`).
    pub fn is_vc11(&self) -> bool {
        self.context_urls().first() == Some(&"https://www.w3.org/2018/credentials/v1")
    }
}

/// Reads an OB 3.0 credential from JSON text.
///
/// The text is refused before parsing when larger than
/// `limits.max_payload_bytes` or nested deeper than `limits.max_json_depth`.
/// A member of the wrong JSON type is an error naming its path, such as
/// `$.credentialSubject.achievement.name`.
pub fn parse(text: &str, limits: &Limits) -> Result<Credential> {
    from_value(super::parse_json(text, limits)?)
}

/// Reads an OB 3.0 credential from a parsed JSON value (see [`parse`]).
pub fn from_value(value: Value) -> Result<Credential> {
    if !value.is_object() {
        return Err(Error::malformed(
            crate::code::Code::CredentialNotObject,
            "a credential must be a JSON object",
        ));
    }
    match Credential::deserialize(&value) {
        Ok(c) => Ok(c),
        Err(e) => {
            let (path, detail) = locate_error::<Credential>(&value)
                .unwrap_or_else(|| ("$".to_owned(), e.to_string()));
            Err(Error::malformed(
                crate::code::Code::CredentialBadMember,
                format!("the credential's {path}: {detail}"),
            ))
        }
    }
}

/// A step of a JSON path.
enum Step<'a> {
    Key(&'a str),
    Index(usize),
}

/// `value` reduced to the single path `steps` ending in `leaf`.
fn pruned(steps: &[Step<'_>], leaf: &Value) -> Value {
    steps
        .iter()
        .rev()
        .fold(leaf.clone(), |inner, step| match step {
            Step::Key(k) => {
                let mut m = Map::new();
                m.insert((*k).to_owned(), inner);
                Value::Object(m)
            }
            Step::Index(_) => Value::Array(vec![inner]),
        })
}

/// Finds the deepest member whose value alone still fails to deserialize as
/// part of a `T`, by pruning the document to one path at a time. Every
/// named field of the model is optional, so a pruned document fails only
/// because of the member on its path. Returns the path and serde's message.
fn locate_error<T: serde::de::DeserializeOwned>(root: &Value) -> Option<(String, String)> {
    let mut steps: Vec<Step<'_>> = Vec::new();
    let mut node = root;
    let mut found: Option<String> = None;
    'descend: loop {
        // When the node fails even with no members, the node itself is wrong.
        let empty = match node {
            Value::Object(_) => Value::Object(Map::new()),
            Value::Array(_) => Value::Array(Vec::new()),
            _ => break,
        };
        if found.is_some() && T::deserialize(&pruned(&steps, &empty)).is_err() {
            break;
        }
        let children: Vec<(Step<'_>, &Value)> = match node {
            Value::Object(m) => m.iter().map(|(k, v)| (Step::Key(k.as_str()), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (Step::Index(i), v))
                .collect(),
            _ => break,
        };
        for (step, child) in children {
            steps.push(step);
            if let Err(e) = T::deserialize(&pruned(&steps, child)) {
                found = Some(e.to_string());
                node = child;
                continue 'descend;
            }
            steps.pop();
        }
        break;
    }
    let detail = found?;
    let mut path = String::from("$");
    for step in &steps {
        match step {
            Step::Key(k) => {
                path.push('.');
                path.push_str(k);
            }
            Step::Index(i) => path.push_str(&format!("[{i}]")),
        }
    }
    Some((path, detail))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
            "id": "urn:uuid:1",
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            "issuer": {"id": "https://example.edu/issuers/1", "type": ["Profile"], "name": "Example U", "custom": {"a": [1, 2.5]}},
            "validFrom": "2025-03-03T00:00:00Z",
            "name": "Badge",
            "credentialSubject": {
                "type": ["AchievementSubject"],
                "identifier": [{"type": "IdentityObject", "identityHash": "sha256$abc", "identityType": "emailAddress", "hashed": true, "salt": "s"}],
                "creditsEarned": 42,
                "achievement": {
                    "id": "https://example.edu/a/1", "type": ["Achievement"], "name": "Welding", "description": "d",
                    "criteria": {"narrative": "Do it"}, "image": {"id": "https://example.edu/i.png", "type": "Image", "caption": "c"},
                    "achievementType": "Certificate", "alignment": [{"targetName": "x"}]
                },
                "result": [{"type": ["Result"], "value": "A", "extraNumber": 1.0}]
            },
            "credentialStatus": {"type": "BitstringStatusListEntry", "statusListIndex": 94567, "statusPurpose": "revocation"},
            "proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "proofValue": "z1"}, {"type": "SomeProofType"}],
            "unknownTop": null
        })
    }

    #[test]
    fn reads_the_fields() {
        let c = from_value(sample()).unwrap();
        assert!(c.has_type("OpenBadgeCredential"));
        assert_eq!(
            c.issuer.as_ref().and_then(ProfileRef::id),
            Some("https://example.edu/issuers/1")
        );
        assert_eq!(
            c.issuer.as_ref().and_then(ProfileRef::name),
            Some("Example U")
        );
        let s = c.subject().unwrap();
        assert_eq!(
            s.identifier
                .as_ref()
                .and_then(OneOrMany::first)
                .unwrap()
                .hashed,
            Some(true)
        );
        let a = s.achievement.as_ref().unwrap();
        assert_eq!(a.name.as_deref(), Some("Welding"));
        assert_eq!(
            a.criteria.as_ref().unwrap().narrative.as_deref(),
            Some("Do it")
        );
        assert_eq!(
            a.image.as_ref().and_then(ImageRef::url),
            Some("https://example.edu/i.png")
        );
        assert!(a.extra.contains_key("alignment"));
        assert_eq!(c.proof.as_ref().unwrap().iter().count(), 2);
        assert!(!c.is_vc11());
        assert!(c.extra.contains_key("unknownTop"));
    }

    #[test]
    fn round_trip_loses_nothing() {
        let v = sample();
        let c = from_value(v.clone()).unwrap();
        assert_eq!(serde_json::to_value(&c).unwrap(), v);
    }

    #[test]
    fn string_forms() {
        let c = from_value(json!({"type": "VerifiableCredential", "issuer": "did:key:z6Mk", "image": "data:image/png;base64,AA"})).unwrap();
        assert!(c.has_type("VerifiableCredential"));
        assert_eq!(
            c.issuer.as_ref().and_then(ProfileRef::id),
            Some("did:key:z6Mk")
        );
        assert_eq!(c.issuer.as_ref().and_then(ProfileRef::name), None);
        assert_eq!(
            c.image.as_ref().and_then(ImageRef::url),
            Some("data:image/png;base64,AA")
        );
    }

    #[test]
    fn type_errors_name_their_path() {
        let mut v = sample();
        v["credentialSubject"]["achievement"]["name"] = json!(5);
        let e = from_value(v).unwrap_err();
        assert_eq!(e.code(), "credential-bad-member");
        assert!(
            e.to_string()
                .contains("$.credentialSubject.achievement.name"),
            "{e}"
        );

        let mut v = sample();
        v["credentialSubject"]["identifier"][0]["hashed"] = json!("yes");
        let e = from_value(v).unwrap_err();
        assert!(
            e.to_string()
                .contains("$.credentialSubject.identifier[0].hashed"),
            "{e}"
        );

        let mut v = sample();
        v["issuer"] = json!(7);
        let e = from_value(v).unwrap_err();
        assert!(e.to_string().contains("$.issuer:"), "{e}");
        assert!(
            e.to_string()
                .contains("expected a profile id (a string) or a Profile object"),
            "{e}"
        );

        let mut v = sample();
        v["credentialSubject"]["achievement"]["criteria"] = json!([{"narrative": "x"}]);
        let e = from_value(v).unwrap_err();
        assert!(
            e.to_string()
                .contains("$.credentialSubject.achievement.criteria:"),
            "{e}"
        );

        let mut v = sample();
        v["proof"][1]["created"] = json!(["2025"]);
        let e = from_value(v).unwrap_err();
        assert!(e.to_string().contains("$.proof[1].created"), "{e}");
    }

    #[test]
    fn parse_checks_limits_first() {
        let limits = Limits::default();
        let deep = format!("{{\"a\":{}1{}}}", "[".repeat(100), "]".repeat(100));
        assert_eq!(parse(&deep, &limits).unwrap_err().code(), "json-too-deep");
        let small = Limits {
            max_payload_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            parse(r#"{"name":"a long name"}"#, &small)
                .unwrap_err()
                .code(),
            "credential-too-large"
        );
        assert_eq!(
            parse("{", &limits).unwrap_err().code(),
            "credential-json-malformed"
        );
        assert_eq!(
            parse("[]", &limits).unwrap_err().code(),
            "credential-not-object"
        );
        assert!(parse(&sample().to_string(), &limits).is_ok());
    }
}
