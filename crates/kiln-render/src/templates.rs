//! The badge designs shipped with Kiln (512×512 SVG templates).
//!
//! Each uses `{{recipient.name}}`, `{{achievement.name}}`,
//! `{{issuer.name}}` and `{{date}}`; names and titles shrink (and wrap) to fit.

/// A hexagon badge: deep blue with a gold rim.
pub const HEXAGON: &str = include_str!("../templates/hexagon.svg");
/// A round seal with a scalloped edge and a ribbon banner.
pub const SEAL: &str = include_str!("../templates/seal.svg");
/// A certificate card with a ribbon and rosette.
pub const RIBBON: &str = include_str!("../templates/ribbon.svg");

/// Every shipped template by file stem: `hexagon`, `seal`, `ribbon`.
pub const ALL: &[(&str, &str)] = &[("hexagon", HEXAGON), ("seal", SEAL), ("ribbon", RIBBON)];
