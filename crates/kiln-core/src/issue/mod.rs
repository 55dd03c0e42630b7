//! Issuance rules, in one place for the CLI (`kiln issue`, `kiln sign`) and
//! the issuer page (through the issuer WebAssembly module): reading a
//! recipients CSV ([`read_recipients`], on Kiln's own RFC 4180 reader
//! [`csv`]), the file name of each badge ([`slug`]), the credential of each
//! recipient ([`Pattern`], [`Pattern::credential`]), binding the issuer to
//! the key ([`bind_issuer`]), the date members ([`validity_member`]), a
//! status entry ([`add_status`]) and the template's values
//! ([`template_values`]).
//!
//! Pure functions on text and values: no files, no clock, no randomness.
//! The caller passes the time and the fresh values ([`Fresh`], drawn with
//! [`Fresh::random`] when the `sign` feature is on).
//!
//! ```
//! use kiln_core::issue::{self, BadgeFields, Pattern, RecipientRow};
//! let fields = BadgeFields {
//!     issuer_name: "Kiln Academy".into(),
//!     achievement_id: "urn:uuid:7f0c7c5e-1b1e-4b55-9d0a-1f3c2a4b5c6d".into(),
//!     achievement_name: "Glaze Chemistry".into(),
//!     achievement_description: "Mixed, fired and documented three glazes.".into(),
//!     criteria: "Three test tiles at cone 6.".into(),
//!     ..BadgeFields::default()
//! };
//! let pattern = Pattern::from_fields(&fields, "did:key:z6MkExample")?;
//! let csv = "name,email\nZoë Ångström,Zoe@Example.org\n";
//! let recipients = issue::read_recipients(csv, &kiln_core::Limits::default())?;
//! let RecipientRow::Ready(zoe) = &recipients.rows[0] else { unreachable!() };
//! assert_eq!(issue::slug(zoe.number, &zoe.name), "0001-zoe-angstrom");
//! let fresh = issue::Fresh::from_bytes([1; 16], [2; 16]);
//! let credential = pattern.credential(zoe, &fresh.id, &fresh.salt, 1_740_996_000)?;
//! assert_eq!(credential["validFrom"], "2025-03-03T10:00:00Z");
//! assert_eq!(credential["credentialSubject"]["name"], "Zoë Ångström");
//! # Ok::<(), kiln_core::Error>(())
//! ```

mod clr;
mod credential;
pub mod csv;
mod issuer;
mod recipients;

pub use clr::{CLR_2_0_1, ClrFields, clr_credential};
pub use credential::{
    BadgeFields, OB_3_0_3, Pattern, VC_1_1, VC_2_0, add_status, template_values, validity_member,
    validity_start,
};
pub use issuer::{IssuerChange, bind_issuer};
pub use recipients::{
    Recipient, RecipientReader, RecipientRow, Recipients, normalize_email, read_recipients, slug,
    valid_email,
};

/// The fresh values one credential needs: its id (a version 4 UUID URN)
/// and the salt of the hashed email (16 bytes as hex).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fresh {
    /// `urn:uuid:...`
    pub id: String,
    /// 32 hex digits.
    pub salt: String,
}

impl Fresh {
    /// From 32 random bytes: 16 for the id, 16 for the salt.
    pub fn from_bytes(id: [u8; 16], salt: [u8; 16]) -> Fresh {
        Fresh {
            id: uuid_urn(id),
            salt: hex(&salt),
        }
    }

    /// From the operating system's random source (`crypto.getRandomValues`
    /// in the browser).
    #[cfg(feature = "sign")]
    pub fn random() -> crate::error::Result<Fresh> {
        let mut b = [0u8; 32];
        getrandom::fill(&mut b).map_err(|e| {
            crate::error::Error::unsupported(
                crate::code::Code::RandomUnavailable,
                format!("no random source for a credential id: {e}"),
            )
        })?;
        let (id, salt) = b.split_at(16);
        Ok(Fresh::from_bytes(
            id.try_into().unwrap_or_default(),
            salt.try_into().unwrap_or_default(),
        ))
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A version 4 UUID URN from 16 random bytes (the version and variant bits
/// are set here).
pub fn uuid_urn(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    let part = |r: std::ops::Range<usize>| h.get(r).unwrap_or_default();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4() {
        let a = uuid_urn([0xff; 16]);
        assert_eq!(a, "urn:uuid:ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(
            uuid_urn([0; 16]),
            "urn:uuid:00000000-0000-4000-8000-000000000000"
        );
        let f = Fresh::from_bytes([0; 16], [0xab; 16]);
        assert_eq!(f.salt, "ab".repeat(16));
    }

    #[cfg(feature = "sign")]
    #[test]
    fn random_values_differ() {
        let (a, b) = (Fresh::random().unwrap(), Fresh::random().unwrap());
        assert_ne!(a, b);
        assert_eq!(&a.id[23..24], "4");
    }
}
