//! Every sentence of the report as a stable id and its parameters.
//!
//! A check, a warning and the identity each carry a [`Message`]: a dotted
//! lowercase id (`proof.valid`, `validity.expired`) and named string
//! parameters. Their English sentence (the report's `detail`, `warnings`,
//! `identity.detail`) is rendered from the template of [`TEMPLATES`] with
//! those parameters, so the two never drift; catalogs in other languages
//! (web/lib/i18n/messages.LANG.json) hold the same ids with the same
//! `{param}` names. A parameter named `date` or ending in `Date` holds an
//! RFC 3339 timestamp, shown as a date in the reader's language.
//!
//! A report's `error` is rendered from the id `error.CODE` (see
//! [`error_template`]) with its `params`.

use serde::Serialize;
use serde::ser::SerializeMap;

use crate::code::Code;

/// Builds a [`Message`]: `msg!("proof.valid", label = label)`.
macro_rules! msg {
    ($id:literal $(, $k:ident = $v:expr)* $(,)?) => {
        $crate::verify::Message::new($id, vec![$((stringify!($k), ($v).to_string())),*])
    };
}

/// Named string parameters of a [`Message`], serialised as a JSON object in their order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Params(pub Vec<(&'static str, String)>);

impl Params {
    /// The value of the parameter `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Serialize for Params {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

/// One sentence of the report as a stable id and parameters (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// Stable dotted id, a key of [`TEMPLATES`] and of every catalog.
    pub id: &'static str,
    /// The sentence's parameters: names, URLs, suites, counts, dates.
    pub params: Params,
}

impl Message {
    /// A message of that id and those parameters.
    pub fn new(id: &'static str, params: Vec<(&'static str, String)>) -> Message {
        Message {
            id,
            params: Params(params),
        }
    }

    /// The English sentence, from [`TEMPLATES`].
    pub fn english(&self) -> String {
        match template(self.id) {
            Some(t) => render(t, &self.params, &english_date),
            None => self.id.to_owned(),
        }
    }
}

/// Whether a parameter holds an RFC 3339 timestamp to be shown as a date.
pub fn is_date_param(name: &str) -> bool {
    name == "date" || name.ends_with("Date")
}

/// An RFC 3339 timestamp as an English date (`3 March 2025`, UTC); any other text as it is.
pub fn english_date(value: &str) -> String {
    match crate::time::parse_datetime(value) {
        Ok(t) => crate::time::human_date(t),
        Err(_) => value.to_owned(),
    }
}

/// Fills `{name}` placeholders of `template` from `params`; date parameters
/// (see [`is_date_param`]) go through `date`. A placeholder without a
/// parameter stays as written.
pub fn render(template: &str, params: &Params, date: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        let name_end = after.find('}');
        let name = name_end.and_then(|e| after.get(..e));
        match (name, name.and_then(|n| params.get(n))) {
            (Some(n), Some(v)) => {
                if is_date_param(n) {
                    out.push_str(&date(v));
                } else {
                    out.push_str(v);
                }
                rest = after.get(n.len() + 1..).unwrap_or_default();
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The `{param}` names of a template, in order, each once.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = rest.get(open + 1..).unwrap_or_default();
        let Some(end) = after.find('}') else { break };
        let name = after.get(..end).unwrap_or_default();
        if !name.is_empty()
            && name.chars().all(|c| c.is_ascii_alphanumeric())
            && !names.contains(&name)
        {
            names.push(name);
        }
        rest = after.get(end + 1..).unwrap_or_default();
    }
    names
}

/// The English template of a message id.
#[cfg(feature = "english")]
pub fn template(id: &str) -> Option<&'static str> {
    TEMPLATES.iter().find(|(i, _)| *i == id).map(|(_, t)| *t)
}

/// The English template of a message id, from the catalog given to
/// [`load_english`] (none before).
#[cfg(not(feature = "english"))]
pub fn template(id: &str) -> Option<&'static str> {
    LOADED.get()?.get(id).map(String::as_str)
}

/// The English catalog of a build without the table (see [`load_english`]).
#[cfg(not(feature = "english"))]
static LOADED: std::sync::OnceLock<std::collections::BTreeMap<String, String>> =
    std::sync::OnceLock::new();

/// Gives a build without the English table (feature `english`, which the
/// browser's verifier modules leave out) its sentences: `catalog` is the
/// English catalog, `web/lib/i18n/messages.en.json` (a JSON object of id to
/// template, the same text as [`TEMPLATES`]), which the pages load for their
/// own sentences anyway. Until it is given, a report's English sentences
/// are the message ids. The first catalog given stays; a build with the
/// table keeps the table.
///
/// Errors: the text is not a JSON object of strings ([`Error::Malformed`]).
///
/// [`Error::Malformed`]: crate::error::Error::Malformed
pub fn load_english(catalog: &str) -> crate::error::Result<()> {
    let bad = || {
        crate::error::Error::malformed(
            Code::JsonMalformed,
            "the English catalog is not a JSON object of strings",
        )
    };
    let serde_json::Value::Object(entries) =
        serde_json::from_str::<serde_json::Value>(catalog).map_err(|_| bad())?
    else {
        return Err(bad());
    };
    let mut table = std::collections::BTreeMap::new();
    for (id, template) in entries {
        let serde_json::Value::String(template) = template else {
            return Err(bad());
        };
        table.insert(id, template);
    }
    #[cfg(not(feature = "english"))]
    let _ = LOADED.set(table);
    #[cfg(feature = "english")]
    let _ = table;
    Ok(())
}

/// The id of the sentence for an error code: `error.CODE`.
pub fn error_id(code: Code) -> String {
    format!("error.{}", code.as_str())
}

/// The English sentence for an error code (catalog id `error.CODE`): what
/// went wrong in general; the report's `error.message` (the `detail`
/// parameter) says it in detail.
#[cfg(feature = "english")]
pub fn error_template(code: Code) -> &'static str {
    let text = code.as_str();
    ERROR_TEMPLATES
        .iter()
        .find(|(c, _)| *c == text)
        .map_or("The badge could not be checked.", |(_, t)| *t)
}

/// Every message id of the report with its English template.
#[cfg(feature = "english")]
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "proof.broken",
        "The signature ({label}) is not usable: {reason}",
    ),
    (
        "proof.expired",
        "The signature ({label}) matches, but it expired on {date}: the issuer limited how long it may be relied on.",
    ),
    ("proof.jwt-broken", "The signature is not usable: {reason}."),
    (
        "proof.jwt-crit",
        "The token's header marks extensions as critical (\"crit\"), which Kiln does not understand, so it must not accept the token.",
    ),
    (
        "proof.jwt-key-broken",
        "The key in the token is not usable: {reason}.",
    ),
    (
        "proof.jwt-kid-broken",
        "The signing key {key} is not usable: {reason}.",
    ),
    (
        "proof.jwt-kid-missing",
        "The signing key {key} could not be found: {reason}.",
    ),
    (
        "proof.jwt-mismatch",
        "The signature ({label}) does not match: the token was changed after it was signed, or it was signed with another key.",
    ),
    (
        "proof.jwt-no-key",
        "The token names no key (neither \"jwk\" nor \"kid\" in its header), so its signature cannot be checked.",
    ),
    (
        "proof.jwt-not-checked",
        "The signature could not be checked: {reason}.",
    ),
    (
        "proof.jwt-refused",
        "The token cannot be trusted: {reason}.",
    ),
    (
        "proof.jwt-type",
        "The token's type is {typ}; an Open Badges 3.0 VC-JWT has type \"JWT\".",
    ),
    ("proof.key-pending", "The issuer's key is being fetched."),
    (
        "proof.mismatch",
        "The signature ({label}) does not match: the credential was changed after it was signed, or it was signed with another key.",
    ),
    (
        "proof.none",
        "This badge carries no signature, so nothing shows who issued it or that it is unchanged.",
    ),
    (
        "proof.not-checked",
        "The signature ({label}) could not be checked: {reason}.",
    ),
    (
        "proof.ob2-alg",
        "Open Badges 2.0 signed assertions use RS256, not {alg}.",
    ),
    (
        "proof.ob2-hosted-differs",
        "The assertion baked in the badge does not match the one the issuer's site serves.",
    ),
    (
        "proof.ob2-hosted-no-url",
        "This hosted badge names no URL (neither an id nor verify.url), so the issuer's copy cannot be found.",
    ),
    (
        "proof.ob2-hosted-other",
        "The issuer's site serves an assertion with id {id} at {url}: it is not this badge.",
    ),
    (
        "proof.ob2-hosted-unfetched",
        "This hosted badge could not be checked: the issuer's copy was not fetched ({reason}).",
    ),
    (
        "proof.ob2-hosted-valid",
        "The issuer's site serves this assertion at {url} (hosted verification).",
    ),
    (
        "proof.ob2-jws-broken",
        "The signed assertion is not usable: {reason}.",
    ),
    (
        "proof.ob2-jws-not-object",
        "The signed assertion's payload is not a JSON object.",
    ),
    (
        "proof.ob2-key-broken",
        "The signing key {key} is not usable: {reason}.",
    ),
    (
        "proof.ob2-key-gone",
        "The issuer withdrew the signing key {key} (HTTP 410).",
    ),
    (
        "proof.ob2-key-no-pem",
        "The key document {key} has no publicKeyPem.",
    ),
    (
        "proof.ob2-key-unfetched",
        "The signing key could not be fetched: {reason}.",
    ),
    (
        "proof.ob2-key-unsupported",
        "The signing key could not be used: {reason}.",
    ),
    (
        "proof.ob2-mismatch",
        "The signature (RS256) does not match: the assertion was changed after it was signed, or it was signed with another key.",
    ),
    (
        "proof.ob2-no-creator",
        "The signed assertion does not say where its key is (verification.creator).",
    ),
    (
        "proof.ob2-refused",
        "The assertion cannot be trusted: {reason}.",
    ),
    (
        "proof.ob2-unsigned",
        "This Open Badges 2.0 assertion is plain JSON without the signature that signed badges carry, and it is not a hosted badge, so nothing shows who issued it.",
    ),
    (
        "proof.ob2-valid",
        "The signature (RS256) matches the issuer's key {key}: the assertion has not changed since it was signed.",
    ),
    (
        "proof.valid",
        "The signature ({label}) matches: the credential has not changed since it was signed.",
    ),
    (
        "proof-purpose.missing",
        "The signature does not say what it was made for (no proofPurpose).",
    ),
    (
        "proof-purpose.not-listed",
        "The issuer's DID document does not list the signing key under assertionMethod: the key is not allowed to issue credentials.",
    ),
    (
        "proof-purpose.other",
        "The signature was made for \"{purpose}\", not for issuing credentials (assertionMethod).",
    ),
    (
        "proof-purpose.valid",
        "The signature was made for issuing credentials (assertionMethod).",
    ),
    (
        "disclosure.selective",
        "The holder chose what to show (selective disclosure, ecdsa-sd-2023): the signature covers what is shown ({pointers}); anything else the issuer signed was withheld by the holder.",
    ),
    (
        "issuer.jwt-did-unreadable",
        "The issuer's did:key could not be read, so the key in the token could not be tied to it: {reason}.",
    ),
    (
        "issuer.jwt-not-checked",
        "The token carries its own key; whether it is the issuer's was not checked ({reason}), so anyone could have signed it.",
    ),
    (
        "issuer.jwt-not-own-key",
        "The key in the token is not the issuer's key ({issuer}): someone other than the issuer signed it.",
    ),
    (
        "issuer.jwt-not-published",
        "The key in the token is not among the keys the issuer publishes at {url}: someone other than the issuer may have signed it.",
    ),
    (
        "issuer.jwt-own-key",
        "The key in the token is the issuer's own key ({issuer}).",
    ),
    (
        "issuer.jwt-published",
        "The key in the token is one the issuer publishes at {url}.",
    ),
    (
        "issuer.jwt-refuted",
        "The signing key is not shown to be the issuer's ({issuer}): {reason}. Someone other than the issuer may have signed it.",
    ),
    (
        "issuer.jwt-unknown-owner",
        "The token carries its own key, and Kiln cannot tell whether an issuer like {issuer} owns it.",
    ),
    (
        "issuer.jwt-unreachable",
        "The signing key is written into the token's key URL, which anyone can do; only the document at that URL can show it is the issuer's ({issuer}), and it could not be fetched ({reason}).",
    ),
    (
        "issuer.no-id",
        "The badge names no issuer id, so the signing key cannot be tied to an issuer.",
    ),
    (
        "issuer.ob2-hosted-elsewhere",
        "The assertion {assertion} is not hosted where the issuer ({issuer}) allows: someone other than the issuer may be serving it.",
    ),
    (
        "issuer.ob2-hosted-valid",
        "The assertion is hosted where the issuer ({issuer}) allows.",
    ),
    ("issuer.ob2-no-id", "The assertion has no id."),
    ("issuer.ob2-no-owner", "The signing key names no owner."),
    (
        "issuer.ob2-not-checked",
        "The signature was not checked, so its key was not tied to the issuer.",
    ),
    (
        "issuer.ob2-other-owner",
        "The signing key belongs to {owner}, not to the issuer {issuer}: someone other than the issuer signed it.",
    ),
    (
        "issuer.ob2-unreadable",
        "The issuer could not be read, so the badge could not be tied to it: {reason}.",
    ),
    (
        "issuer.ob2-valid",
        "The signing key belongs to the issuer ({issuer}).",
    ),
    (
        "issuer.other-signer",
        "The badge names {issuer} as its issuer, but it was signed with a key of {controller}: someone other than the issuer signed it.",
    ),
    (
        "issuer.refuted",
        "The signing key {key} is not shown to be the issuer's ({issuer}): {reason}. Someone other than the issuer may have signed it.",
    ),
    (
        "issuer.unreachable",
        "The signing key is written into the web address {key}, which anyone can do; only the document at {controller} can show it is the issuer's ({issuer}), and it could not be fetched ({reason}).",
    ),
    (
        "issuer.valid",
        "The signing key belongs to the issuer named in the badge ({issuer}).",
    ),
    (
        "jsonld-safe.extra-contexts-unreadable",
        "The extra contexts given to Kiln could not be read: {reason}.",
    ),
    (
        "jsonld-safe.not-built",
        "This build of Kiln does not include JSON-LD processing.",
    ),
    (
        "jsonld-safe.undefined-term",
        "The credential holds a field its vocabularies do not define, which a signature may not cover: {reason}.",
    ),
    (
        "jsonld-safe.unfaithful",
        "What the credential's JSON shows is not what its signature covers: {reason}.",
    ),
    (
        "jsonld-safe.unsupported",
        "The credential's fields could not all be checked: {reason}.",
    ),
    (
        "jsonld-safe.valid",
        "Every field of the credential is defined by the vocabularies it names, so all of it is covered by the signature.",
    ),
    (
        "jwt-claims.mismatch",
        "The token's claims disagree with the credential it carries: {problems}.",
    ),
    (
        "jwt-claims.valid",
        "The token's claims (issuer, id, subject, dates) agree with the credential it carries.",
    ),
    (
        "validity.bad-date",
        "The date \"{value}\" in {member} is not a valid date and time.",
    ),
    ("validity.expired", "This badge expired on {date}."),
    (
        "validity.no-clock",
        "No current time was given, so the validity dates were not checked.",
    ),
    ("validity.not-a-string", "{member} is not a date string."),
    (
        "validity.not-yet-valid",
        "This badge is not valid before {date}.",
    ),
    ("validity.ob2-bad-date", "{member} is not a valid date."),
    (
        "validity.ob2-future",
        "This badge is dated in the future ({date}).",
    ),
    (
        "validity.ob2-no-clock",
        "No current time was given, so the dates were not checked.",
    ),
    ("validity.ob2-no-expiry", "This badge does not expire."),
    (
        "validity.ob2-valid-until",
        "This badge is valid until {date}.",
    ),
    (
        "validity.valid-always",
        "This badge is valid with no start date, with no expiry date.",
    ),
    (
        "validity.valid-between",
        "This badge is valid since {fromDate}, until {untilDate}.",
    ),
    (
        "validity.valid-since",
        "This badge is valid since {fromDate}, with no expiry date.",
    ),
    (
        "validity.valid-until",
        "This badge is valid with no start date, until {untilDate}.",
    ),
    (
        "status.ignored",
        "The badge's status entry is for \"{purpose}\", which does not concern whether it is valid.",
    ),
    (
        "status.ignored-several",
        "The badge's status entries do not concern whether it is valid.",
    ),
    (
        "status.list-altered",
        "The revocation list at {url} has been altered: its signature does not match.",
    ),
    (
        "status.list-bad-date",
        "The revocation list at {url} has an unreadable {member}.",
    ),
    (
        "status.list-expired",
        "The revocation list at {url} expired on {date}.",
    ),
    (
        "status.list-not-yet-valid",
        "The revocation list at {url} is not valid before {date}.",
    ),
    (
        "status.list-other-signer",
        "The revocation list at {url} was signed by someone other than the badge's issuer.",
    ),
    (
        "status.list-unsigned",
        "The revocation list at {url} is not signed, so anyone could have changed it.",
    ),
    (
        "status.list-wrong-issuer",
        "The revocation list at {url} was published by {listIssuer}, not by the badge's issuer {issuer}, so it cannot be trusted.",
    ),
    (
        "status.list-wrong-purpose",
        "The list at {url} is for \"{listPurpose}\", but the badge's entry is for \"{purpose}\".",
    ),
    (
        "status.list-wrong-type",
        "The issuer's revocation list at {url} is not a {listType}, so it cannot say whether this badge was revoked.",
    ),
    (
        "status.none",
        "This badge names no revocation list, so there is no revocation to check.",
    ),
    (
        "status.not-listed",
        "The issuer's revocation list does not list this badge as revoked.",
    ),
    (
        "status.not-revoked",
        "The issuer's revocation list says this badge has not been revoked.",
    ),
    (
        "status.not-suspended",
        "The issuer's status list says this badge is not suspended.",
    ),
    (
        "status.ob2-hosted-gone",
        "This badge was revoked: the issuer's site answers {url} with HTTP 410 Gone.",
    ),
    (
        "status.ob2-issuer-unreadable",
        "The issuer could not be read, so its revocation list was not checked: {reason}.",
    ),
    (
        "status.ob2-list-gone",
        "The issuer's revocation list {url} is gone (HTTP 410).",
    ),
    (
        "status.ob2-list-unreadable",
        "The issuer's revocation list could not be read, so the badge may have been revoked: {reason}.",
    ),
    ("status.ob2-none", "The issuer names no revocation list."),
    (
        "status.ob2-not-listed",
        "The issuer's revocation list does not list this badge.",
    ),
    (
        "status.ob2-revoked-reason",
        "This badge was revoked by its issuer ({reason}).",
    ),
    (
        "status.pending",
        "The issuer's revocation list is being fetched.",
    ),
    (
        "status.revocation-list-wrong-issuer",
        "The revocation list at {url} was published by {listIssuer}, not by the badge's issuer.",
    ),
    ("status.revoked", "This badge was revoked by its issuer."),
    (
        "status.revoked-reason",
        "This badge was revoked by its issuer. The reason given: {reason}",
    ),
    (
        "status.suspended",
        "This badge was suspended by its issuer.",
    ),
    (
        "status.too-many",
        "The issuer's revocation lists were not checked ({reason}), so this badge may have been revoked.",
    ),
    (
        "status.unavailable",
        "The issuer's revocation list could not be checked ({reason}), so this badge may have been revoked.",
    ),
    (
        "status.valid-several",
        "The issuer's status lists say this badge has been neither revoked nor suspended.",
    ),
    (
        "structure.clr-missing",
        "The credential is not a complete CLR 2.0 learner record: {problems}.",
    ),
    (
        "structure.clr-valid",
        "The record has every field CLR 2.0 requires.",
    ),
    (
        "structure.missing",
        "The credential lacks parts Open Badges 3.0 requires: {problems}.",
    ),
    (
        "structure.not-a-badge",
        "This is not an Open Badge: {problems}.",
    ),
    (
        "structure.valid",
        "The credential has every field Open Badges 3.0 requires.",
    ),
    (
        "schema.mismatch",
        "The credential does not match the Open Badges 3.0 JSON Schema it names: {problems}.",
    ),
    (
        "schema.not-built",
        "This build of Kiln does not include JSON Schema validation.",
    ),
    (
        "schema.not-bundled",
        "The credential names a JSON Schema Kiln does not bundle ({schemas}); schemas are never fetched.",
    ),
    (
        "schema.not-checked",
        "The credential was not checked against its JSON Schema: {reason}.",
    ),
    (
        "schema.unknown-kind",
        "The credential names a schema of a kind Kiln does not check (only 1EdTechJsonSchemaValidator2019).",
    ),
    (
        "schema.valid",
        "The credential matches the Open Badges 3.0 JSON Schema it names.",
    ),
    (
        "recipient.email-no",
        "Issued to this email: no. The badge names another recipient.",
    ),
    (
        "recipient.email-unknown",
        "Whether this badge was issued to this email could not be checked: {reason}.",
    ),
    ("recipient.email-yes", "Issued to this email: yes."),
    (
        "recipient.identity-no",
        "Issued to this identity: no. The badge names another recipient.",
    ),
    (
        "recipient.identity-unknown",
        "Whether this badge was issued to this identity could not be checked: {reason}.",
    ),
    ("recipient.identity-yes", "Issued to this identity: yes."),
    (
        "recipient.phone-no",
        "Issued to this phone number: no. The badge names another recipient.",
    ),
    (
        "recipient.phone-unknown",
        "Whether this badge was issued to this phone number could not be checked: {reason}.",
    ),
    ("recipient.phone-yes", "Issued to this phone number: yes."),
    (
        "recipient.url-no",
        "Issued to this URL: no. The badge names another recipient.",
    ),
    (
        "recipient.url-unknown",
        "Whether this badge was issued to this URL could not be checked: {reason}.",
    ),
    ("recipient.url-yes", "Issued to this URL: yes."),
    (
        "clr.empty",
        "The record holds no nested credentials to check.",
    ),
    (
        "clr.invalid-all",
        "All {total} credentials in this record are not valid. {details}",
    ),
    (
        "clr.invalid-one",
        "1 of the {total} credentials in this record is not valid. {details}",
    ),
    (
        "clr.invalid-only",
        "The only credential in this record is not valid. {details}",
    ),
    (
        "clr.invalid-some",
        "{count} of the {total} credentials in this record are not valid. {details}",
    ),
    (
        "clr.not-built",
        "this is a CLR 2.0 learner record; checking the credentials it holds needs a build with CLR support (feature `nested`).",
    ),
    (
        "clr.too-deep",
        "This record sits {depth} levels inside other credentials; nested credentials deeper than max_nesting_depth = {limit} are not checked.",
    ),
    (
        "clr.too-many",
        "The record holds {count} credentials, more than the limit max_nested_credentials = {limit}, so they were not checked.",
    ),
    (
        "clr.unchecked-all",
        "All {total} credentials in this record could not be checked. {details}",
    ),
    (
        "clr.unchecked-one",
        "1 of the {total} credentials in this record could not be checked. {details}",
    ),
    (
        "clr.unchecked-only",
        "The only credential in this record could not be checked. {details}",
    ),
    (
        "clr.unchecked-some",
        "{count} of the {total} credentials in this record could not be checked. {details}",
    ),
    (
        "clr.valid",
        "All {total} credentials in this record are verified and were issued to its learner.",
    ),
    (
        "learner.id",
        "This credential was issued to the record's learner ({learner}).",
    ),
    (
        "learner.identifier",
        "This credential names the record's learner by the same identifier.",
    ),
    (
        "learner.none",
        "This credential names its recipient by no id or identifier the record shares, not to the record's learner ({learner}).",
    ),
    (
        "learner.none-unnamed",
        "This credential names its recipient by no id or identifier the record shares, not to the record's learner (the learner its identifiers name).",
    ),
    (
        "learner.other",
        "This credential was issued to {recipient}, not to the record's learner ({learner}).",
    ),
    (
        "learner.other-unnamed",
        "This credential was issued to {recipient}, not to the record's learner (the learner its identifiers name).",
    ),
    (
        "endorsement.invalid-one",
        "1 of the {total} endorsements on this badge is not genuine. {details}",
    ),
    (
        "endorsement.invalid-some",
        "{count} of the {total} endorsements on this badge are not genuine. {details}",
    ),
    (
        "endorsement.not-built",
        "The badge carries endorsements; checking them needs a build that checks credentials inside credentials (feature `nested`).",
    ),
    (
        "endorsement.too-deep",
        "The endorsements of this credential were not checked: they sit deeper inside other credentials than max_nesting_depth = {limit}.",
    ),
    (
        "endorsement.too-many",
        "This badge carries {count} endorsements, more than the limit max_nested_credentials = {limit}, so none was checked.",
    ),
    (
        "endorsement.unchecked-one",
        "1 of the {total} endorsements on this badge could not be checked. {details}",
    ),
    (
        "endorsement.unchecked-some",
        "{count} of the {total} endorsements on this badge could not be checked. {details}",
    ),
    (
        "endorsement.valid-all",
        "All {total} endorsements on this badge are genuine.",
    ),
    (
        "endorsement.valid-one",
        "The endorsement on this badge is genuine.",
    ),
    (
        "identity.domain",
        "The issuer controls {domain}: its signing key is published on that web site.",
    ),
    (
        "identity.domain-pinned",
        "The issuer controls {domain}: its signing key is published on that web site. Its DID document was read from the documents given to Kiln, not fetched from that site.",
    ),
    (
        "identity.no-signature",
        "Issuer not confirmed: no valid signature by the issuer.",
    ),
    (
        "identity.not-confirmed",
        "Issuer not confirmed: the signature is valid, but the key ({issuer}) is not tied to a web domain, so anyone could have made it.",
    ),
    (
        "identity.not-confirmed-trust-list",
        "Issuer not confirmed: the signature is valid, but the key ({issuer}) is not tied to a web domain and is not in trust list \"{list}\", so anyone could have made it.",
    ),
    (
        "identity.trust-list",
        "The issuer is listed in trust list \"{list}\".",
    ),
    (
        "identity.trust-list-domain",
        "The issuer is listed in trust list \"{list}\"; it also controls {domain}.",
    ),
    (
        "identity.trust-list-domain-pinned",
        "The issuer is listed in trust list \"{list}\"; it also controls {domain}. Its DID document was read from the documents given to Kiln, not fetched from that site.",
    ),
    (
        "identity.trust-list-named",
        "The issuer is listed in trust list \"{list}\" as \"{name}\".",
    ),
    (
        "identity.trust-list-named-domain",
        "The issuer is listed in trust list \"{list}\" as \"{name}\"; it also controls {domain}.",
    ),
    (
        "identity.trust-list-named-domain-pinned",
        "The issuer is listed in trust list \"{list}\" as \"{name}\"; it also controls {domain}. Its DID document was read from the documents given to Kiln, not fetched from that site.",
    ),
    (
        "warning.clr-association-type",
        "$.credentialSubject.association[{index}].associationType \"{associationType}\" is not a relation CLR 2.0 names; it is shown as written.",
    ),
    (
        "warning.conformance",
        "Does not fully follow Open Badges 3.0: {problems}.",
    ),
    (
        "warning.conformance-verified",
        "Verified; does not fully follow Open Badges 3.0: {problems}.",
    ),
    (
        "warning.endorsement-invalid",
        "An endorsement on this badge is not genuine; the badge itself is not affected. {details}",
    ),
    (
        "warning.ob2-badgeclass-unreadable",
        "The badge's description (BadgeClass) could not be read: {reason}.",
    ),
    (
        "warning.other-proof-broken",
        "Another signature on this badge ({label}) is broken: {reason}",
    ),
    (
        "warning.other-proof-mismatch",
        "Another signature on this badge ({label}) does not match.",
    ),
    (
        "warning.other-proof-not-checked",
        "Another signature on this badge ({label}) could not be checked: {reason}.",
    ),
    (
        "warning.pinned-documents",
        "Read from the documents given to Kiln, not from the network: {urls}.",
    ),
    (
        "warning.proof-created-in-future",
        "The signature says it was made on {date}, which is later than now: the signer's clock may be wrong.",
    ),
    (
        "warning.status-not-checked",
        "Revocation could not be checked: {reason}.",
    ),
    (
        "warning.vocabulary-unknown",
        "Some of this credential's vocabulary is unknown to Kiln: {reason}.",
    ),
];

/// Every error code (its text) with the English sentence of `error.CODE`.
#[cfg(feature = "english")]
pub const ERROR_TEMPLATES: &[(&str, &str)] = &[
    (
        "alg-unsupported",
        "The token's signature algorithm is not one this build of Kiln checks.",
    ),
    (
        "ambiguous-badge",
        "The PNG holds more than one baked badge, so which one counts is ambiguous.",
    ),
    (
        "bad-fetched",
        "A fetched document given to Kiln is not usable.",
    ),
    ("bad-options", "The options given to Kiln are not usable."),
    (
        "bad-values",
        "The template values must be an object of strings.",
    ),
    (
        "bake-kind",
        "This kind of credential cannot be baked into this image.",
    ),
    (
        "clr-not-built",
        "This is a CLR 2.0 learner record; checking it needs a build of Kiln with CLR support.",
    ),
    (
        "controller-doc-malformed",
        "The key's controller document is not a JSON object.",
    ),
    (
        "controller-doc-wrong-id",
        "The key's controller document names another id than its address.",
    ),
    (
        "could-not-check",
        "The Open Badges 2.0 badge could not be checked against the issuer's copy.",
    ),
    (
        "credential-bad-member",
        "A member of the credential has the wrong form.",
    ),
    (
        "credential-json-malformed",
        "The credential is not valid JSON.",
    ),
    (
        "credential-not-object",
        "The credential must be a JSON object.",
    ),
    ("credential-too-large", "The credential is too large."),
    (
        "credential-unwritable",
        "The signed credential could not be written.",
    ),
    (
        "csv-duplicate-column",
        "The CSV header row names a column twice.",
    ),
    (
        "csv-empty",
        "The CSV is empty: it needs a header row with a \"name\" column.",
    ),
    ("csv-malformed", "A line of the CSV cannot be read."),
    ("csv-no-name", "The CSV header row has no \"name\" column."),
    ("csv-too-large", "The CSV is too large."),
    ("csv-too-many-columns", "A CSV record has too many fields."),
    ("csv-too-many-records", "The CSV has too many records."),
    (
        "datetime-malformed",
        "A date and time is not in the expected form.",
    ),
    (
        "did-doc-malformed",
        "The issuer's DID document is not a JSON object.",
    ),
    (
        "did-doc-wrong-id",
        "The issuer's DID document names another DID than the one it was fetched for.",
    ),
    (
        "did-jwk-malformed",
        "A did:jwk verification method cannot be read.",
    ),
    (
        "did-key-fragment-mismatch",
        "A did:key verification method names another key in its fragment.",
    ),
    ("did-web-malformed", "A did:web DID is not well formed."),
    (
        "ecdsa-sd-base-proof",
        "This ecdsa-sd-2023 proof is a base proof, meant for the holder only, not for verifiers.",
    ),
    (
        "ecdsa-sd-cbor",
        "The ecdsa-sd-2023 proof value cannot be read.",
    ),
    (
        "ecdsa-sd-key",
        "The ecdsa-sd-2023 key is not a P-256 Multikey.",
    ),
    (
        "ecdsa-sd-pointer",
        "An ecdsa-sd-2023 JSON pointer is not usable.",
    ),
    (
        "ecdsa-sd-proof-value",
        "The ecdsa-sd-2023 proof value is not well formed.",
    ),
    (
        "ecdsa-sd-too-large",
        "The ecdsa-sd-2023 proof value is too large.",
    ),
    ("empty-input", "The input is empty."),
    (
        "fill-bad-character",
        "A template value holds a character that XML does not allow.",
    ),
    (
        "fill-missing-value",
        "A placeholder of the template has no value.",
    ),
    (
        "fill-unknown-key",
        "The values name a placeholder the template does not know.",
    ),
    ("fill-value-too-long", "A template value is too long."),
    ("font-too-large", "The font file is too large."),
    (
        "font-unreadable",
        "The file holds no font that can be read.",
    ),
    ("image-empty", "The image is empty."),
    ("image-not-svg", "The image is XML, but not an SVG image."),
    ("image-unknown", "The image is neither a PNG nor an SVG."),
    ("input-too-large", "The input is too large."),
    ("io", "The file could not be read."),
    ("issue-email-invalid", "The email address is not valid."),
    ("issue-field-missing", "A required field is missing."),
    (
        "issue-pattern-malformed",
        "The credential pattern for issuing is not usable.",
    ),
    (
        "issue-validity-unsupported",
        "These validity dates need a VC 2.0 credential.",
    ),
    (
        "issuer-key-not-checked",
        "The signing key could not be tied to the issuer.",
    ),
    ("issuer-malformed", "The issuer's id is not a string."),
    (
        "issuer-not-key-controller",
        "The issuer is not the controller of the signing key.",
    ),
    (
        "jcs-bad-number",
        "A number of the credential cannot be written in canonical JSON.",
    ),
    (
        "jcs-non-finite",
        "A number of the credential is not finite.",
    ),
    (
        "jcs-too-deep",
        "The credential is nested too deeply for canonical JSON.",
    ),
    (
        "json-duplicate-member",
        "A JSON object names the same member twice.",
    ),
    ("json-malformed", "The text is not valid JSON."),
    (
        "json-number-not-exact",
        "The JSON holds a number this build of Kiln cannot read exactly; a build with exact number reading can check it.",
    ),
    ("json-too-deep", "The JSON is nested too deeply."),
    ("json-too-large", "The JSON is too large."),
    ("json-too-many-nodes", "The JSON has too many values."),
    ("json-unwritable", "The JSON could not be written."),
    (
        "jsonld-bad-base",
        "A base IRI of the JSON-LD document is not an IRI.",
    ),
    (
        "jsonld-bad-extra-context",
        "An extra JSON-LD context given to Kiln is not usable.",
    ),
    ("jsonld-invalid", "The JSON-LD document is not valid."),
    (
        "jsonld-invalid-id",
        "An id of the JSON-LD document is not a string.",
    ),
    (
        "jsonld-multiple-scoped-types",
        "A node has several types with their own contexts, which Kiln cannot expand exactly.",
    ),
    (
        "jsonld-needs-full-processor",
        "The credential uses JSON-LD beyond what this build of Kiln reads; a build with the full JSON-LD processor can check it.",
    ),
    (
        "jsonld-not-compacted",
        "The credential is not written in plain compacted JSON-LD.",
    ),
    ("jsonld-not-object", "The credential must be a JSON object."),
    (
        "jsonld-null-definition",
        "The credential's context maps a term to null, which would hide it from the checks.",
    ),
    (
        "jsonld-protected-term-redefinition",
        "The credential redefines a protected JSON-LD term.",
    ),
    (
        "jsonld-redefined-term",
        "The credential redefines a term whose meaning Kiln relies on.",
    ),
    (
        "jsonld-relative-iri",
        "An id of the credential is a relative IRI, not an absolute one.",
    ),
    (
        "jsonld-too-deep",
        "The JSON-LD document is nested too deeply.",
    ),
    ("jsonld-too-large", "The JSON-LD document is too large."),
    (
        "jsonld-too-many-quads",
        "The JSON-LD document expands to too many statements.",
    ),
    (
        "jsonld-undefined-term",
        "The credential holds a term its vocabularies do not define.",
    ),
    (
        "jsonld-unknown-context",
        "The credential names a JSON-LD context Kiln does not have; Kiln never fetches contexts.",
    ),
    (
        "jsonld-view-mismatch",
        "What the credential's JSON shows is not what its signature covers.",
    ),
    (
        "jwk-bad-base64url",
        "A member of the JSON Web Key is not base64url.",
    ),
    ("jwk-bad-length", "The JSON Web Key has the wrong length."),
    (
        "jwk-has-secret",
        "The JSON Web Key carries a private part where a public key was expected.",
    ),
    ("jwk-malformed", "The JSON Web Key lacks a member it needs."),
    ("jws-bad-base64url", "The token is not valid base64url."),
    ("jws-encode", "The token's header could not be written."),
    ("jws-header", "The token's header is not a JSON object."),
    (
        "jws-key-alg-mismatch",
        "The token's algorithm does not match its key.",
    ),
    (
        "jws-not-built",
        "This credential is signed as a JWS (a VC-JWT or an Open Badges 2.0 signed assertion); checking it needs a build of Kiln with JWS support.",
    ),
    ("jws-payload", "The token's payload is not a JSON object."),
    (
        "jws-shape",
        "The token does not have three dot-separated parts.",
    ),
    (
        "jws-signature-der",
        "The token's ES256 signature is in DER form; JOSE requires the raw form.",
    ),
    ("key-bad-length", "The key has the wrong length."),
    ("key-json-malformed", "The key file is not well formed."),
    (
        "key-mismatch",
        "The public key does not belong to the secret key.",
    ),
    (
        "key-needs-network",
        "The signing key can only be found by fetching its controller document.",
    ),
    (
        "key-no-secret",
        "The key has no private part, which signing needs.",
    ),
    ("key-not-found", "The signing key could not be found."),
    (
        "key-not-named",
        "The token names no key, so its signature cannot be checked.",
    ),
    (
        "key-not-on-curve",
        "The key is not a valid P-256 public key.",
    ),
    ("key-pending", "The issuer's key is being fetched."),
    (
        "key-suite-mismatch",
        "The key does not fit the cryptosuite.",
    ),
    ("key-type-unsupported", "The key's curve is not supported."),
    (
        "key-unreachable",
        "The issuer's DID document could not be fetched.",
    ),
    ("link-malformed", "The verification link is damaged."),
    (
        "link-too-large",
        "The verification link holds too large a credential.",
    ),
    (
        "link-version",
        "The verification link was made by a newer Kiln.",
    ),
    (
        "multibase-bad-base58",
        "A multibase value is not valid base58btc.",
    ),
    (
        "multibase-not-base58btc",
        "A multibase value must be base58btc.",
    ),
    ("multibase-too-long", "A multibase value is too long."),
    (
        "nested-not-checked",
        "A credential of this record could not be checked.",
    ),
    ("no-badge", "No credential is baked into this image."),
    (
        "not-a-badge",
        "This is neither a PNG or SVG badge nor credential text.",
    ),
    ("not-did-web", "The DID is not a did:web DID."),
    (
        "not-http-method",
        "The verification method is not an http(s) address.",
    ),
    ("nquads-syntax", "The N-Quads text cannot be read."),
    ("nquads-too-large", "The N-Quads text is too large."),
    ("payload-empty", "The badge's credential is empty."),
    ("payload-json", "The credential is not valid JSON."),
    ("payload-jws", "The token's payload is not valid base64url."),
    ("payload-too-large", "The credential is too large."),
    (
        "payload-unknown",
        "The badge's content is neither a credential, a token nor a web address.",
    ),
    ("pem-malformed", "The PEM public key cannot be read."),
    (
        "png-bad-crc",
        "The PNG file is damaged: a chunk's checksum is wrong.",
    ),
    (
        "png-chunk-length",
        "The PNG file is damaged: a chunk claims an impossible length.",
    ),
    (
        "png-chunk-too-large",
        "The PNG file holds a chunk that is too large.",
    ),
    (
        "png-chunk-type",
        "The PNG file is damaged: a chunk has an invalid type.",
    ),
    ("png-itxt", "The PNG's text chunk is cut short."),
    ("png-itxt-utf8", "The PNG's text chunk is not UTF-8 text."),
    (
        "png-itxt-zlib",
        "The PNG's text chunk has broken compressed text.",
    ),
    (
        "png-no-iend",
        "The PNG file is cut short: it has no end chunk.",
    ),
    (
        "png-no-ihdr",
        "The PNG file does not begin with its header chunk.",
    ),
    ("png-signature", "The file is not a PNG."),
    ("png-truncated", "The PNG file is cut short."),
    (
        "proof-bad-created",
        "The proof's creation time is not a valid date and time.",
    ),
    ("proof-malformed", "The proof is not well formed."),
    ("proof-not-checked", "The signature could not be checked."),
    ("proof-not-object", "Only a JSON object can be signed."),
    (
        "proof-suite-unknown",
        "The cryptosuite is not one Kiln signs with.",
    ),
    (
        "proof-suite-unsupported",
        "The signature's cryptosuite is not supported.",
    ),
    (
        "proof-suite-verify-only",
        "This proof type can be verified but not created.",
    ),
    (
        "proof-type-unsupported",
        "The signature's proof type is not supported.",
    ),
    (
        "proof-wrong-key",
        "The verification method names another key than the signing key.",
    ),
    ("qr-too-long", "The text is too long for a QR code."),
    (
        "random-unavailable",
        "No random source is available to make a key.",
    ),
    (
        "rdfc-too-many-blank-nodes",
        "The credential has too many blank nodes to be canonicalized.",
    ),
    (
        "rdfc-too-many-quads",
        "The credential has too many statements to be canonicalized.",
    ),
    (
        "rdfc-work-limit",
        "Canonicalizing the credential took too much work, so Kiln gave up.",
    ),
    ("render-encode", "The PNG image could not be written."),
    ("render-size", "The SVG's size gives no usable image."),
    ("render-width", "The width must be at least 1 pixel."),
    (
        "report-unwritable",
        "The report could not be written as JSON.",
    ),
    ("rsa-key-invalid", "The RSA public key is not usable."),
    ("rsa-key-too-short", "The RSA key is too short."),
    (
        "status-index-out-of-range",
        "The status index is past the end of the list.",
    ),
    (
        "status-list-length",
        "The status list has an invalid length.",
    ),
    (
        "status-list-malformed",
        "The status list is not well formed.",
    ),
    ("status-list-too-large", "The status list is too large."),
    ("status-list-url", "The status list address is not usable."),
    (
        "status-list-wrong-key",
        "The status list was not issued by the key's controller.",
    ),
    (
        "status-needs-vc2",
        "A status entry needs a VC 2.0 credential.",
    ),
    (
        "status-present",
        "The credential already has a status entry.",
    ),
    (
        "status-purpose-unknown",
        "The status purpose is unknown: use revocation or suspension.",
    ),
    (
        "suite-not-built",
        "This signature needs JSON-LD processing, which this build of Kiln leaves out.",
    ),
    (
        "svg-bake-check",
        "The credential does not survive being stored in SVG text.",
    ),
    (
        "svg-dtd-subset",
        "The SVG declares its own entities, which Kiln refuses.",
    ),
    (
        "svg-empty-badge",
        "The SVG's badge element holds no credential.",
    ),
    ("svg-parse", "The SVG cannot be rendered."),
    ("svg-too-large", "The SVG is too large."),
    ("svg-too-many-nodes", "The SVG has too many XML nodes."),
    ("svg-utf8", "The SVG is not UTF-8 text."),
    ("svg-xml", "The SVG is not well-formed XML."),
    (
        "template-dtd-subset",
        "The template declares its own entities, which Kiln refuses.",
    ),
    ("template-fit", "A text of the template does not fit."),
    ("template-not-svg", "The template is not an SVG image."),
    ("template-too-large", "The template is too large."),
    (
        "template-too-many-nodes",
        "The template has too many XML nodes.",
    ),
    (
        "template-unclosed-placeholder",
        "A placeholder of the template never closes.",
    ),
    (
        "template-unknown-placeholder",
        "The template names an unknown placeholder.",
    ),
    ("template-xml", "The template is not well-formed XML."),
    (
        "text-not-drawn",
        "A text of the template would not be drawn: no font can show it.",
    ),
    ("trust-list-malformed", "The trust list is not well formed."),
    (
        "vm-bad-key",
        "The key in the verification method is not usable.",
    ),
    (
        "vm-key-mismatch",
        "The verification method's key differs from the one its controller document gives.",
    ),
    (
        "vm-not-found",
        "The issuer's DID document does not contain the signing key.",
    ),
    (
        "vm-type-unsupported",
        "The verification method's type is not one Kiln reads.",
    ),
    (
        "vm-wrong-controller",
        "The signing key is controlled by someone other than the issuer.",
    ),
];

#[cfg(all(test, feature = "english"))]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_has_a_sentence() {
        for code in Code::ALL {
            assert!(
                ERROR_TEMPLATES.iter().any(|(c, _)| *c == code.as_str()),
                "{} has no sentence",
                code.as_str()
            );
        }
        assert_eq!(ERROR_TEMPLATES.len(), Code::ALL.len());
    }

    #[test]
    fn renders_params_and_dates() {
        let p = Params(vec![
            ("label", "eddsa".into()),
            ("date", "2025-03-03T10:00:00Z".into()),
        ]);
        let date = |d: &str| format!("<{d}>");
        assert_eq!(
            render("a {label} b {date} {missing} {", &p, &date),
            "a eddsa b <2025-03-03T10:00:00Z> {missing} {"
        );
        assert_eq!(english_date("2025-03-03T10:00:00Z"), "3 March 2025");
        assert_eq!(english_date("not a date"), "not a date");
        assert_eq!(
            placeholders("{a} and {b} and {a} {not one}"),
            vec!["a", "b"]
        );
    }

    #[test]
    fn serialises_as_id_and_params() {
        let m = msg!("proof.valid", label = "eddsa-rdfc-2022");
        assert_eq!(
            serde_json::to_value(&m).unwrap(),
            serde_json::json!({"id": "proof.valid", "params": {"label": "eddsa-rdfc-2022"}})
        );
        assert_eq!(
            m.english(),
            "The signature (eddsa-rdfc-2022) matches: the credential has not changed since it was signed."
        );
    }
}
