//! The recipient check: was this badge issued to the person the verifier
//! names (an email address, a URL or a phone number)?
//!
//! Open Badges 3.0 names the recipient by `credentialSubject.id` (such as
//! `mailto:...` or a DID) or by `credentialSubject.identifier`, a list of
//! IdentityObjects whose `identityHash` is either the plain identity
//! (`hashed: false`) or `sha256$` + hex(SHA-256(identity + salt)). Email
//! addresses are compared without regard to ASCII case (also hashed as given
//! and ASCII-lowercased). `md5$` hashes are not computed.

use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::verify::report::Builder;

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The forms of the identity worth comparing: as given, and with ASCII
/// letters lowercased for emails. Only ASCII is folded: domains are ASCII
/// (IDNs travel as punycode), and Unicode case tables would cost the browser
/// module ~4 KB; a local part with non-ASCII capitals matches as given.
fn candidates(recipient: &str) -> Vec<String> {
    let r = recipient.trim();
    let r = r.strip_prefix("mailto:").unwrap_or(r);
    let mut out = vec![r.to_owned()];
    let lower = r.to_ascii_lowercase();
    if r.contains('@') && lower != r {
        out.push(lower);
    }
    out
}

fn kind(recipient: &str) -> &'static str {
    let r = recipient.trim();
    if r.contains('@') {
        "email"
    } else if r.starts_with("http://") || r.starts_with("https://") {
        "URL"
    } else if r.starts_with('+') || r.chars().all(|c| c.is_ascii_digit() || " -()".contains(c)) {
        "phone number"
    } else {
        "identity"
    }
}

/// What comparing with one IdentityObject gave.
enum Compared {
    Match,
    NoMatch,
    CannotCompare(String),
}

fn compare_identity(obj: &Value, forms: &[String]) -> Compared {
    let Some(hash) = obj.get("identityHash").and_then(Value::as_str) else {
        return Compared::NoMatch;
    };
    let hashed = obj.get("hashed").and_then(Value::as_bool).unwrap_or(true);
    if !hashed {
        let plain = hash.strip_prefix("mailto:").unwrap_or(hash);
        let hit = forms
            .iter()
            .any(|f| f == plain || (f.contains('@') && f.eq_ignore_ascii_case(plain)));
        return if hit {
            Compared::Match
        } else {
            Compared::NoMatch
        };
    }
    let salt = obj.get("salt").and_then(Value::as_str).unwrap_or("");
    let Some((alg, digest)) = hash.split_once('$') else {
        return Compared::CannotCompare(format!("the identity hash {hash:?} names no algorithm"));
    };
    match alg.to_ascii_lowercase().as_str() {
        "sha256" => {
            let hit = forms.iter().any(|f| {
                let mut h = Sha256::new();
                h.update(f.as_bytes());
                h.update(salt.as_bytes());
                hex(&h.finalize()).eq_ignore_ascii_case(digest)
            });
            if hit {
                Compared::Match
            } else {
                Compared::NoMatch
            }
        }
        other => Compared::CannotCompare(format!(
            "the recipient is given as a {other} hash, which Kiln does not compute"
        )),
    }
}

/// Adds the `recipient` check: passed when the badge names `recipient`,
/// failed when it names someone else, skipped when it cannot be compared.
pub(super) fn check(doc: &Value, recipient: &str, b: &mut Builder) {
    let forms = candidates(recipient);
    let what = kind(recipient);
    let subjects: Vec<&Value> = match doc.get("credentialSubject") {
        Some(Value::Array(a)) => a.iter().collect(),
        Some(s) => vec![s],
        None => Vec::new(),
    };
    let mut cannot = None;
    for s in &subjects {
        if let Some(id) = s.get("id").and_then(Value::as_str) {
            let id = id.strip_prefix("mailto:").unwrap_or(id);
            if forms
                .iter()
                .any(|f| f == id || (f.contains('@') && f.eq_ignore_ascii_case(id)))
            {
                return b.pass("recipient", said(what, Said::Yes));
            }
        }
        let ids: Vec<&Value> = match s.get("identifier") {
            Some(Value::Array(a)) => a.iter().collect(),
            Some(o @ Value::Object(_)) => vec![o],
            _ => Vec::new(),
        };
        for obj in ids {
            match compare_identity(obj, &forms) {
                Compared::Match => {
                    return b.pass("recipient", said(what, Said::Yes));
                }
                Compared::NoMatch => {}
                Compared::CannotCompare(why) => cannot = Some(why),
            }
        }
    }
    match cannot {
        Some(why) => b.skip("recipient", said(what, Said::Unknown(why))),
        None => b.fail("recipient", said(what, Said::No)),
    }
}

/// What the recipient check found.
enum Said {
    Yes,
    No,
    Unknown(String),
}

/// The recipient check's sentence for a kind of recipient (see [`kind`]).
fn said(what: &str, s: Said) -> crate::verify::Message {
    match (what, s) {
        ("email", Said::Yes) => msg!("recipient.email-yes"),
        ("email", Said::No) => msg!("recipient.email-no"),
        ("email", Said::Unknown(why)) => msg!("recipient.email-unknown", reason = why),
        ("URL", Said::Yes) => msg!("recipient.url-yes"),
        ("URL", Said::No) => msg!("recipient.url-no"),
        ("URL", Said::Unknown(why)) => msg!("recipient.url-unknown", reason = why),
        ("phone number", Said::Yes) => msg!("recipient.phone-yes"),
        ("phone number", Said::No) => msg!("recipient.phone-no"),
        ("phone number", Said::Unknown(why)) => msg!("recipient.phone-unknown", reason = why),
        (_, Said::Yes) => msg!("recipient.identity-yes"),
        (_, Said::No) => msg!("recipient.identity-no"),
        (_, Said::Unknown(why)) => msg!("recipient.identity-unknown", reason = why),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::report::Outcome;
    use serde_json::json;

    fn run(doc: Value, who: &str) -> (Outcome, String) {
        let mut b = Builder::default();
        check(&doc, who, &mut b);
        let c = b.checks.remove(0);
        (c.outcome, c.detail)
    }

    #[test]
    fn hashed_identities() {
        // Expected hashes from coreutils: printf 'jane@example.eduNaCl42' | sha256sum
        let doc = json!({"credentialSubject": {"identifier": [
            {"type": "IdentityObject", "identityType": "emailAddress", "hashed": true, "salt": "NaCl42",
             "identityHash": "sha256$45754e5bb5be6ecd54b9f2e00c88b0980e50b356d6a53209b4dc8925f4e6d24b"}]}});
        assert_eq!(run(doc.clone(), "jane@example.edu").0, Outcome::Passed);
        assert_eq!(run(doc.clone(), "JANE@example.edu").0, Outcome::Passed);
        assert_eq!(run(doc, "joe@example.edu").0, Outcome::Failed);
        // No salt: printf 'jane@example.edu' | sha256sum
        let doc = json!({"credentialSubject": {"identifier": {"hashed": true,
             "identityHash": "sha256$D62CF34B2D7B2FA1E50A6DDA3AA23109EAA09C10E7BC34F121EB672477FC9D8E"}}});
        assert_eq!(run(doc, "jane@example.edu").0, Outcome::Passed);
        // A phone number: printf '+15551234567pepper' | sha256sum
        let doc = json!({"credentialSubject": {"identifier": [{"identityType": "phone", "salt": "pepper",
             "identityHash": "sha256$44eee3d7560845242e6157ccb57b91276bfb845db69de394fc49ba2c619ab43d"}]}});
        let (o, d) = run(doc, "+15551234567");
        assert_eq!(o, Outcome::Passed);
        assert_eq!(d, "Issued to this phone number: yes.");
    }

    #[test]
    fn plain_and_subject_id() {
        let doc = json!({"credentialSubject": {"id": "mailto:Jane@Example.edu"}});
        assert_eq!(run(doc.clone(), "jane@example.edu").0, Outcome::Passed);
        assert_eq!(run(doc, "joe@example.edu").0, Outcome::Failed);
        let doc = json!({"credentialSubject": {"identifier": [
            {"type": "IdentityObject", "identityType": "emailAddress", "hashed": false, "identityHash": "jane@example.edu"}]}});
        let (o, d) = run(doc.clone(), "jane@example.edu");
        assert_eq!(o, Outcome::Passed);
        assert_eq!(d, "Issued to this email: yes.");
        let (o, d) = run(doc, "joe@example.edu");
        assert_eq!(o, Outcome::Failed);
        assert!(d.starts_with("Issued to this email: no"));
    }

    #[test]
    fn md5_cannot_be_compared() {
        let doc = json!({"credentialSubject": {"identifier": [
            {"hashed": true, "identityHash": "md5$00", "salt": "x"}]}});
        assert_eq!(run(doc, "a@b.c").0, Outcome::Skipped);
    }
}
