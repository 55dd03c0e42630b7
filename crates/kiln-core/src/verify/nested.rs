//! What every credential inside another one shares, in every build: the
//! CLR's types ([`Pathway`], the association names), the finders, and how
//! the summaries start their sentences. A nested credential or an embedded
//! endorsement is verified by `verify::verify_embedded` (the whole pipeline,
//! one level deeper on the same round), which the pipeline's top hands down
//! through [`Web`](super::online::Web), so that the checks never import the
//! pipeline that calls them. CLR 2.0 itself (its structure, the learner rule, the `clr`
//! check) is `clr.rs`, feature `clr`; embedded endorsements, `endorse.rs`.
// Without `nested` only the types and the finders are used.
#![cfg_attr(not(feature = "nested"), allow(dead_code))]

use serde::Serialize;
use serde_json::Value;

use super::members::types;

/// The `type` that makes a credential a CLR.
pub(crate) const CLR_TYPE: &str = "ClrCredential";

/// The relations CLR 2.0 names between achievements (`AssociationType`).
pub const ASSOCIATION_TYPES: [&str; 10] = [
    "exactMatchOf",
    "exemplar",
    "hasSkillLevel",
    "isChildOf",
    "isParentOf",
    "isPartOf",
    "isPeerOf",
    "isRelatedTo",
    "precedes",
    "replacedBy",
];

/// A CLR's achievements and the associations between them: the pathway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pathway {
    /// The achievements the record lists (`credentialSubject.achievement`),
    /// then those of its nested JSON credentials it does not list.
    pub achievements: Vec<PathwayAchievement>,
    /// The associations, in the record's order.
    pub associations: Vec<Association>,
}

/// One achievement of a pathway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathwayAchievement {
    /// Its id.
    pub id: String,
    /// Its name, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One `association`: `source` stands in `relation` to `target`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Association {
    /// `sourceId`.
    pub source: String,
    /// `targetId`.
    pub target: String,
    /// `associationType`, such as `isChildOf` or `precedes`.
    pub relation: String,
}

impl Association {
    /// The relation in words: "is a child of", "comes before", ...
    pub fn relation_words(&self) -> &str {
        match self.relation.as_str() {
            "exactMatchOf" => "is an exact match of",
            "exemplar" => "is an exemplar of",
            "hasSkillLevel" => "has the skill level",
            "isChildOf" => "is a child of",
            "isParentOf" => "is the parent of",
            "isPartOf" => "is part of",
            "isPeerOf" => "is a peer of",
            "isRelatedTo" => "is related to",
            "precedes" => "comes before",
            "replacedBy" => "is replaced by",
            other => other,
        }
    }
}

/// Whether `doc` is a CLR (its `type` includes `ClrCredential`).
pub(crate) fn is_clr(doc: &Value) -> bool {
    types(doc.get("type")).contains(&CLR_TYPE)
}

/// A value that may be one item or an array of them, as a list.
pub(crate) fn list(v: Option<&Value>) -> Vec<&Value> {
    match v {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
    }
}

/// `s` with its first letter upper-cased. ASCII only: the sentences are
/// Kiln's own, and Unicode's case tables would cost the verifier module
/// about 10 KB.
pub(super) fn upper_first(s: &str) -> String {
    let mut out = s.to_owned();
    if let Some(first) = out.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    out
}
