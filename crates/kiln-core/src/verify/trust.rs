//! Who the issuer is: whether anything beyond a valid signature vouches for
//! the issuer's identity. This is reported as `identity` beside the verdict
//! and never changes it: a badge can be genuine (unchanged, signed by the key
//! it names) and still come from an issuer nobody vouches for.

use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// A list of issuers the verifier trusts, given by the caller:
/// `{"name": "...", "issuers": [{"id": "did:...", "name": "..."}]}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustList {
    /// The list's name, shown in the report.
    pub name: String,
    /// The issuers it names.
    pub issuers: Vec<TrustedIssuer>,
}

/// One issuer of a [`TrustList`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedIssuer {
    /// The issuer id (a DID or URL), compared exactly with the badge's issuer id.
    pub id: String,
    /// The name the list gives the issuer.
    pub name: Option<String>,
}

impl TrustList {
    /// Reads a trust list from JSON text.
    pub fn from_json(text: &str) -> Result<TrustList> {
        let v = crate::credential::read_json_as(
            text,
            &crate::limits::Limits::default(),
            "the trust list",
            crate::code::Code::TrustListMalformed,
        )?;
        TrustList::from_value(&v)
    }

    /// Reads a trust list from a JSON value (see [`TrustList::from_json`]).
    pub fn from_value(v: &Value) -> Result<TrustList> {
        let bad = |m: String| Error::malformed(crate::code::Code::TrustListMalformed, m);
        let name = v
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("the trust list has no \"name\" string".into()))?
            .to_owned();
        let Some(Value::Array(items)) = v.get("issuers") else {
            return Err(bad("the trust list has no \"issuers\" array".into()));
        };
        let mut issuers = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let id = item
                .get("id")
                .and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .ok_or_else(|| bad(format!("issuers[{i}] has no \"id\" string")))?;
            let name = match item.get("name") {
                None => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Err(bad(format!("issuers[{i}].name is not a string"))),
            };
            issuers.push(TrustedIssuer {
                id: id.to_owned(),
                name,
            });
        }
        Ok(TrustList { name, issuers })
    }

    /// The entry for this issuer id, if listed.
    pub fn find(&self, issuer_id: &str) -> Option<&TrustedIssuer> {
        self.issuers.iter().find(|i| i.id == issuer_id)
    }
}

/// How far the issuer's identity is confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IdentityStatus {
    /// The issuer is a `did:web` whose document, fetched from its domain, holds the signing key.
    Domain,
    /// The issuer is named in the trust list the verifier was given.
    TrustList,
    /// Nothing vouches for the issuer beyond its own signature.
    NotConfirmed,
}

impl IdentityStatus {
    /// `domain`, `trust-list` or `not-confirmed`.
    pub fn as_str(self) -> &'static str {
        match self {
            IdentityStatus::Domain => "domain",
            IdentityStatus::TrustList => "trust-list",
            IdentityStatus::NotConfirmed => "not-confirmed",
        }
    }
}

/// The `identity` member of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// `domain`, `trust-list` or `not-confirmed`.
    pub status: IdentityStatus,
    /// One sentence for people: the English of [`Identity::message`].
    pub detail: String,
    /// The sentence as a stable id and parameters.
    pub message: super::Message,
}

impl Identity {
    fn new(status: IdentityStatus, message: super::Message) -> Identity {
        Identity {
            status,
            detail: message.english(),
            message,
        }
    }
}

/// The identity of an issuer whose signature was (or was not) confirmed.
///
/// `signed_by_issuer`: a valid proof by a key of the issuer id. `domain`: the
/// key came from a did:web document fetched from that domain. `pinned`: that
/// document came from the documents given to Kiln, not from the site.
pub(super) fn identity(
    issuer_id: Option<&str>,
    signed_by_issuer: bool,
    domain: Option<&str>,
    trust: Option<&TrustList>,
    pinned: bool,
) -> Identity {
    let not = |m| Identity::new(IdentityStatus::NotConfirmed, m);
    let Some(id) = issuer_id.filter(|_| signed_by_issuer) else {
        return not(msg!("identity.no-signature"));
    };
    if let Some(list) = trust
        && let Some(entry) = list.find(id)
    {
        let l = &list.name;
        let m = match (entry.name.as_deref(), domain, pinned) {
            (None, None, _) => msg!("identity.trust-list", list = l),
            (Some(n), None, _) => msg!("identity.trust-list-named", list = l, name = n),
            (None, Some(d), false) => msg!("identity.trust-list-domain", list = l, domain = d),
            (Some(n), Some(d), false) => msg!(
                "identity.trust-list-named-domain",
                list = l,
                name = n,
                domain = d
            ),
            (None, Some(d), true) => {
                msg!("identity.trust-list-domain-pinned", list = l, domain = d)
            }
            (Some(n), Some(d), true) => msg!(
                "identity.trust-list-named-domain-pinned",
                list = l,
                name = n,
                domain = d
            ),
        };
        return Identity::new(IdentityStatus::TrustList, m);
    }
    if let Some(d) = domain {
        let m = match pinned {
            false => msg!("identity.domain", domain = d),
            true => msg!("identity.domain-pinned", domain = d),
        };
        return Identity::new(IdentityStatus::Domain, m);
    }
    not(match trust {
        Some(list) => msg!(
            "identity.not-confirmed-trust-list",
            issuer = id,
            list = list.name
        ),
        None => msg!("identity.not-confirmed", issuer = id),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_and_names() {
        let list = TrustList::from_json(
            r#"{"name": "Example Universities", "issuers": [{"id": "did:key:z6MkA", "name": "Example U"}, {"id": "did:web:b.edu"}]}"#,
        )
        .unwrap();
        let i = identity(Some("did:key:z6MkA"), true, None, Some(&list), false);
        assert_eq!(i.status, IdentityStatus::TrustList);
        assert!(
            i.detail.contains("\"Example Universities\""),
            "{}",
            i.detail
        );
        assert!(i.detail.contains("Example U"));
        let i = identity(Some("did:key:z6MkB"), true, None, Some(&list), false);
        assert_eq!(i.status, IdentityStatus::NotConfirmed);
        let i = identity(
            Some("did:web:c.edu"),
            true,
            Some("c.edu"),
            Some(&list),
            false,
        );
        assert_eq!(i.status, IdentityStatus::Domain);
        assert!(i.detail.contains("controls c.edu"));
        // No valid signature: nothing is confirmed, even when listed.
        let i = identity(Some("did:key:z6MkA"), false, None, Some(&list), false);
        assert_eq!(i.status, IdentityStatus::NotConfirmed);
        assert_eq!(
            serde_json::to_value(IdentityStatus::TrustList).unwrap(),
            "trust-list"
        );
    }

    #[test]
    fn refuses_bad_lists() {
        for bad in [
            "[]",
            r#"{"issuers": []}"#,
            r#"{"name": "x"}"#,
            r#"{"name": "x", "issuers": [{"name": "no id"}]}"#,
            r#"{"name": "x", "issuers": [{"id": "a", "name": 5}]}"#,
        ] {
            assert!(TrustList::from_json(bad).is_err(), "{bad}");
        }
    }
}
