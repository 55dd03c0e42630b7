//! The `status` check: has the issuer revoked or suspended this badge?
//!
//! Three kinds of `credentialStatus` entries are read:
//!
//! - `BitstringStatusListEntry` (W3C Bitstring Status List v1.0) and
//!   `StatusList2021Entry`: the entry names a status list credential
//!   (`statusListCredential`) and a bit in it (`statusListIndex`, a string or
//!   a number). The list is fetched through the caller, and must be a
//!   credential of the right type, issued by the badge's own issuer, with a
//!   valid signature by that issuer's key, within its validity window, for the
//!   entry's `statusPurpose`. Then the bit is read: set means revoked (or
//!   suspended).
//! - `1EdTechRevocationList` (Open Badges 3.0): the entry's `id` is the URL of
//!   a JSON document `{"issuer": ..., "revokedCredentials": [{"id": ...,
//!   "revocationReason": ...}]}`; the badge is revoked when its `id` is listed.
//!
//! A list that cannot be fetched or read leaves the check skipped with the
//! reason and a warning, never passed.

use serde_json::Value;

use crate::proof::{self, ProofEnv};
use crate::status_list;
use crate::time;
use crate::verify::Message;
use crate::verify::members::{self, types};
use crate::verify::online::{Doc, Web};
use crate::verify::options::VerifyOptions;
use crate::verify::proofs::{self, Tried};
use crate::verify::report::{Builder, Standing};

/// What one status entry came to.
enum Entry {
    /// Checked: not revoked (the detail says so).
    Good(Message),
    /// Checked: the issuer revoked or suspended it.
    Withdrawn(Standing, Message),
    /// Checked: the list is not to be believed.
    Bad(Message),
    /// The list is being fetched (another round follows).
    Pending,
    /// The list could not be had or read: the reason.
    Unavailable(String),
    /// The list's signature needs a capability this build leaves out: the reason.
    NotBuilt(crate::error::Capability, String),
    /// An entry whose purpose is not about validity (such as `message`).
    Ignored(Message),
}

/// Adds the `status` check.
pub(super) fn check(doc: &Value, options: &VerifyOptions, web: &Web, b: &mut Builder) {
    let entries: Vec<&Value> = match doc.get("credentialStatus") {
        None => {
            return b.skip("status", msg!("status.none"));
        }
        Some(Value::Array(a)) => a.iter().collect(),
        Some(one) => vec![one],
    };
    let max_entries = options.limits.max_status_entries;
    if entries.len() > max_entries {
        let why = format!(
            "this badge names {} status entries; Kiln checks at most {max_entries}",
            entries.len()
        );
        b.warn(msg!("warning.status-not-checked", reason = why));
        return b.skip("status", msg!("status.too-many", reason = why));
    }
    let issuer = members::issuer_id(doc);
    let results: Vec<Entry> = entries
        .iter()
        .map(|e| check_entry(doc, e, issuer.as_deref(), options, web))
        .collect();
    for r in &results {
        if let Entry::Withdrawn(s, _) = r {
            b.standing(*s);
        }
    }
    if let Some(Entry::Withdrawn(_, why) | Entry::Bad(why)) = results
        .iter()
        .find(|r| matches!(r, Entry::Withdrawn(..) | Entry::Bad(_)))
    {
        return b.fail("status", why.clone());
    }
    let unavailable: Vec<&str> = results
        .iter()
        .filter_map(|r| match r {
            Entry::Unavailable(why) => Some(why.as_str()),
            Entry::NotBuilt(needs, why) => {
                b.need(*needs);
                Some(why.as_str())
            }
            _ => None,
        })
        .collect();
    if !unavailable.is_empty() {
        let mut why = crate::join_strs(&unavailable[..unavailable.len().min(3)], "; ");
        if unavailable.len() > 3 {
            why.push_str(&format!("; and {} more", unavailable.len() - 3));
        }
        b.warn(msg!("warning.status-not-checked", reason = why));
        return b.skip("status", msg!("status.unavailable", reason = why));
    }
    if results.iter().any(|r| matches!(r, Entry::Pending)) {
        return b.skip("status", msg!("status.pending"));
    }
    let good = distinct(results.iter().filter_map(|r| match r {
        Entry::Good(m) => Some(m),
        _ => None,
    }));
    if good.is_empty() {
        let ignored = distinct(results.iter().filter_map(|r| match r {
            Entry::Ignored(m) => Some(m),
            _ => None,
        }));
        return b.skip("status", one_or(ignored, msg!("status.ignored-several")));
    }
    b.pass("status", one_or(good, msg!("status.valid-several")));
}

/// Each message once, in order.
fn distinct<'a>(all: impl Iterator<Item = &'a Message>) -> Vec<Message> {
    let mut out: Vec<Message> = Vec::new();
    for m in all {
        if !out.contains(m) {
            out.push(m.clone());
        }
    }
    out
}

/// The one message, or `several` when there are more.
fn one_or(mut found: Vec<Message>, several: Message) -> Message {
    match found.len() {
        1 => found.remove(0),
        _ => several,
    }
}

fn str_of<'a>(v: &'a Value, k: &str) -> Option<&'a str> {
    v.get(k).and_then(Value::as_str)
}

fn check_entry(
    doc: &Value,
    entry: &Value,
    issuer: Option<&str>,
    options: &VerifyOptions,
    web: &Web,
) -> Entry {
    match str_of(entry, "type") {
        Some(ty @ ("BitstringStatusListEntry" | "StatusList2021Entry")) => {
            bitstring_entry(entry, ty, issuer, options, web)
        }
        Some("1EdTechRevocationList") => revocation_list(doc, entry, issuer, web),
        Some(other) => Entry::Unavailable(format!("the status type {other} is not one Kiln reads")),
        None => Entry::Unavailable("a status entry has no type".into()),
    }
}

/// The JSON document at `url`, or why there is none.
fn fetch_json(url: &str, web: &Web) -> Result<Value, Entry> {
    match web.get_json(url) {
        Doc::Json(doc) => Ok(doc),
        Doc::Pending => Err(Entry::Pending),
        other => Err(Entry::Unavailable(other.why_not(url).unwrap_or_default())),
    }
}

fn index_of(entry: &Value) -> Option<usize> {
    match entry.get("statusListIndex")? {
        Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
            s.parse().ok()
        }
        Value::Number(n) => n.as_u64().and_then(|n| usize::try_from(n).ok()),
        _ => None,
    }
}

fn bitstring_entry(
    entry: &Value,
    ty: &str,
    issuer: Option<&str>,
    options: &VerifyOptions,
    web: &Web,
) -> Entry {
    let purpose = str_of(entry, "statusPurpose").unwrap_or("revocation");
    if !matches!(purpose, "revocation" | "suspension") {
        return Entry::Ignored(msg!("status.ignored", purpose = purpose));
    }
    if let Some(size) = entry.get("statusSize")
        && size.as_u64() != Some(1)
        && size.as_str() != Some("1")
    {
        return Entry::Unavailable("status entries of more than one bit are not supported".into());
    }
    let Some(url) = str_of(entry, "statusListCredential") else {
        return Entry::Unavailable("the status entry names no statusListCredential".into());
    };
    let Some(index) = index_of(entry) else {
        return Entry::Unavailable(
            "the status entry's statusListIndex is not a whole number".into(),
        );
    };
    let list = match fetch_json(url, web) {
        Ok(list) => list,
        Err(e) => return e,
    };
    let want_type = if ty == "StatusList2021Entry" {
        "StatusList2021Credential"
    } else {
        "BitstringStatusListCredential"
    };
    if !types(list.get("type")).contains(&want_type) {
        return Entry::Bad(msg!(
            "status.list-wrong-type",
            url = url,
            listType = want_type
        ));
    }
    if let Err(bad) = check_list_credential(&list, url, issuer, options, web) {
        return bad;
    }
    let subject = list.get("credentialSubject");
    let list_purposes = types(subject.and_then(|s| s.get("statusPurpose")));
    if !list_purposes.contains(&purpose) {
        return Entry::Bad(msg!(
            "status.list-wrong-purpose",
            url = url,
            listPurpose = crate::join_strs(&list_purposes, ", "),
            purpose = purpose
        ));
    }
    let Some(encoded) = subject.and_then(|s| str_of(s, "encodedList")) else {
        return Entry::Unavailable(format!("the status list at {url} has no encodedList"));
    };
    let bits = match status_list::decode(encoded, options.limits.max_status_list_bytes) {
        Ok(bits) => bits,
        Err(e) => {
            return Entry::Unavailable(format!("the status list at {url} could not be read: {e}"));
        }
    };
    match status_list::bit(&bits, index) {
        None => Entry::Unavailable(format!(
            "the badge's index {index} is past the end of the status list at {url} ({} entries)",
            bits.len().saturating_mul(8)
        )),
        Some(true) if purpose == "suspension" => {
            Entry::Withdrawn(Standing::Suspended, msg!("status.suspended"))
        }
        Some(true) => Entry::Withdrawn(Standing::Revoked, msg!("status.revoked")),
        Some(false) if purpose == "suspension" => Entry::Good(msg!("status.not-suspended")),
        Some(false) => Entry::Good(msg!("status.not-revoked")),
    }
}

/// The list credential's issuer, signature and validity window. `Err` holds
/// what to report instead of reading the list.
fn check_list_credential(
    list: &Value,
    url: &str,
    issuer: Option<&str>,
    options: &VerifyOptions,
    web: &Web,
) -> Result<(), Entry> {
    let list_issuer = members::issuer_id(list);
    if list_issuer.as_deref() != issuer || issuer.is_none() {
        return Err(Entry::Bad(msg!(
            "status.list-wrong-issuer",
            url = url,
            listIssuer = list_issuer.as_deref().unwrap_or("nobody named"),
            issuer = issuer.unwrap_or("(none named)")
        )));
    }
    let proofs = proof::proofs_of(list);
    if proofs.is_empty() {
        return Err(Entry::Bad(msg!("status.list-unsigned", url = url)));
    }
    let mut unsecured = list.clone();
    if let Value::Object(m) = &mut unsecured {
        m.remove("proof");
    }
    let env = ProofEnv {
        limits: options.limits.clone(),
        extra_contexts: &options.extra_contexts,
        ..ProofEnv::default()
    };
    let tried: Vec<Tried> = proofs
        .iter()
        .map(|p| proofs::try_proof(&unsecured, p, &env, options, web))
        .collect();
    let by_issuer = tried.iter().any(|t| match t {
        Tried::Valid(vm, _) => Some(vm.controller.as_str()) == issuer,
        _ => false,
    });
    if !by_issuer {
        if tried.iter().any(|t| matches!(t, Tried::Pending)) {
            return Err(Entry::Pending);
        }
        if tried
            .iter()
            .any(|t| matches!(t, Tried::Mismatch | Tried::Broken(_)))
        {
            return Err(Entry::Bad(msg!("status.list-altered", url = url)));
        }
        if tried.iter().any(|t| matches!(t, Tried::Valid(..))) {
            return Err(Entry::Bad(msg!("status.list-other-signer", url = url)));
        }
        let cannot = tried.iter().find_map(|t| match t {
            Tried::CannotCheck(e) => Some(e),
            _ => None,
        });
        let why = cannot.map_or_else(|| "no usable signature".into(), |e| e.to_string());
        let why =
            format!("the signature of the revocation list at {url} could not be checked: {why}");
        return Err(match cannot.and_then(|e| e.needs()) {
            Some(needs) => Entry::NotBuilt(needs, why),
            None => Entry::Unavailable(why),
        });
    }
    let (from_key, until_key) = members::date_names(list);
    let Some(now) = options.now else {
        return Ok(());
    };
    let date = |k: &str| {
        list.get(k)
            .and_then(Value::as_str)
            .map(time::parse_datetime)
    };
    match date(from_key) {
        Some(Ok(from)) if now < from => {
            return Err(Entry::Bad(msg!(
                "status.list-not-yet-valid",
                url = url,
                date = time::format_rfc3339(from)
            )));
        }
        Some(Err(_)) => {
            return Err(Entry::Bad(msg!(
                "status.list-bad-date",
                url = url,
                member = from_key
            )));
        }
        _ => {}
    }
    match date(until_key) {
        Some(Ok(until)) if now > until => Err(Entry::Bad(msg!(
            "status.list-expired",
            url = url,
            date = time::format_rfc3339(until)
        ))),
        Some(Err(_)) => Err(Entry::Bad(msg!(
            "status.list-bad-date",
            url = url,
            member = until_key
        ))),
        _ => Ok(()),
    }
}

/// Open Badges 3.0's `1EdTechRevocationList`.
fn revocation_list(doc: &Value, entry: &Value, issuer: Option<&str>, web: &Web) -> Entry {
    let Some(url) = str_of(entry, "id") else {
        return Entry::Unavailable("the 1EdTechRevocationList entry has no id (URL)".into());
    };
    let Some(cred_id) = str_of(doc, "id") else {
        return Entry::Unavailable(
            "the badge has no id, so a revocation list cannot name it".into(),
        );
    };
    let list = match fetch_json(url, web) {
        Ok(list) => list,
        Err(e) => return e,
    };
    if let Some(list_issuer) = members::issuer_id(&list)
        && Some(list_issuer.as_str()) != issuer
    {
        return Entry::Bad(msg!(
            "status.revocation-list-wrong-issuer",
            url = url,
            listIssuer = list_issuer
        ));
    }
    let Some(Value::Array(revoked)) = list.get("revokedCredentials") else {
        return Entry::Unavailable(format!(
            "{url} is not a revocation list (no revokedCredentials)"
        ));
    };
    match revoked.iter().find(|r| str_of(r, "id") == Some(cred_id)) {
        Some(r) => {
            let m = match str_of(r, "revocationReason") {
                Some(s) => msg!("status.revoked-reason", reason = s),
                None => msg!("status.revoked"),
            };
            Entry::Withdrawn(Standing::Revoked, m)
        }
        None => Entry::Good(msg!("status.not-listed")),
    }
}
