//! Font resolution: which loaded face draws a span of text, falling back to
//! the embedded fonts the way a browser falls back to its defaults.
//!
//! usvg's default resolver tries the `font-family` list, then the database's
//! `serif` family, and drops the whole `<text>` when nothing matches; and
//! loading the system fonts replaces the generic families with whatever
//! fontconfig prefers. Here:
//! - a named family is looked up case-insensitively among the loaded faces
//!   (embedded, system or added with [`crate::Renderer::with_font`]);
//! - a generic family (`sans-serif`, `serif`, `monospace`, `cursive`,
//!   `fantasy`, `system-ui`, ...) always means an embedded face, so a badge
//!   looks the same in the browser and on the command line;
//! - a list where nothing matches ends on the embedded family of its class
//!   ([`fonts::embedded_class`]), so text is always drawn, and the families
//!   that were skipped are named in a warning.
//!
//! The weight, style and stretch then pick the face within the family as CSS
//! does (fontdb's matching): bold for 600 and above, regular below.

use resvg::usvg;
use resvg::usvg::fontdb;

use crate::fonts;

/// The face chosen for a span, and the named families of its list that are
/// not loaded (in list order) when the choice is a fallback.
pub(crate) struct Resolved {
    pub(crate) id: fontdb::ID,
    /// The family of the chosen face.
    pub(crate) family: String,
    /// Named families before the one used that no loaded face has.
    pub(crate) missing: Vec<String>,
}

/// The face for `font`, or `None` only when the database holds neither the
/// named families nor the embedded fonts.
pub(crate) fn resolve(font: &usvg::Font, db: &fontdb::Database) -> Option<Resolved> {
    let mut missing: Vec<String> = Vec::new();
    let mut names: Vec<&str> = Vec::with_capacity(font.families().len());
    for family in font.families() {
        let name = match family {
            usvg::FontFamily::Serif => "serif",
            usvg::FontFamily::SansSerif => "sans-serif",
            usvg::FontFamily::Cursive => "cursive",
            usvg::FontFamily::Fantasy => "fantasy",
            usvg::FontFamily::Monospace => "monospace",
            usvg::FontFamily::Named(name) => name.as_str(),
        };
        names.push(name);
        if let Some(class) = fonts::generic_class(name) {
            return query(font, db, class.family(), missing);
        }
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        match loaded_family(db, name) {
            Some(loaded) => return query(font, db, &loaded, missing),
            None => {
                if !missing.iter().any(|m| m.eq_ignore_ascii_case(name)) {
                    missing.push(name.to_owned());
                }
            }
        }
    }
    let class = fonts::embedded_class(names.into_iter());
    query(font, db, class.family(), missing)
}

/// The spelling of `name` in the database, compared without regard to case
/// as CSS compares family names.
fn loaded_family(db: &fontdb::Database, name: &str) -> Option<String> {
    let lower = name.to_lowercase();
    db.faces()
        .flat_map(|face| face.families.iter())
        .find(|(family, _)| family.to_lowercase() == lower)
        .map(|(family, _)| family.clone())
}

/// The best face of `family` for the weight, style and stretch of `font`.
fn query(
    font: &usvg::Font,
    db: &fontdb::Database,
    family: &str,
    missing: Vec<String>,
) -> Option<Resolved> {
    let stretch = match font.stretch() {
        usvg::FontStretch::UltraCondensed => fontdb::Stretch::UltraCondensed,
        usvg::FontStretch::ExtraCondensed => fontdb::Stretch::ExtraCondensed,
        usvg::FontStretch::Condensed => fontdb::Stretch::Condensed,
        usvg::FontStretch::SemiCondensed => fontdb::Stretch::SemiCondensed,
        usvg::FontStretch::Normal => fontdb::Stretch::Normal,
        usvg::FontStretch::SemiExpanded => fontdb::Stretch::SemiExpanded,
        usvg::FontStretch::Expanded => fontdb::Stretch::Expanded,
        usvg::FontStretch::ExtraExpanded => fontdb::Stretch::ExtraExpanded,
        usvg::FontStretch::UltraExpanded => fontdb::Stretch::UltraExpanded,
    };
    let style = match font.style() {
        usvg::FontStyle::Normal => fontdb::Style::Normal,
        usvg::FontStyle::Italic => fontdb::Style::Italic,
        usvg::FontStyle::Oblique => fontdb::Style::Oblique,
    };
    let families = [
        fontdb::Family::Name(family),
        // Never nothing: the embedded sans is always loaded.
        fontdb::Family::Name(fonts::SANS_FAMILY),
    ];
    let id = db.query(&fontdb::Query {
        families: &families,
        weight: fontdb::Weight(font.weight()),
        stretch,
        style,
    })?;
    let family = db
        .face(id)
        .and_then(|f| f.families.first())
        .map_or_else(|| family.to_owned(), |(name, _)| name.clone());
    Some(Resolved {
        id,
        family,
        missing,
    })
}

/// The font selection function given to usvg.
pub(crate) fn selector() -> usvg::FontSelectionFn<'static> {
    Box::new(|font, db| resolve(font, db).map(|r| r.id))
}

/// Each family that was replaced and the one used instead, in order of
/// appearance (the warning `Arial is not available: DejaVu Sans used`).
pub(crate) fn substitutions(tree: &usvg::Tree, db: &fontdb::Database) -> Vec<(String, String)> {
    let mut seen: Vec<(String, String)> = Vec::new();
    crate::walk::texts(tree, |text| {
        for span in text.chunks().iter().flat_map(|c| c.spans()) {
            let Some(resolved) = resolve(span.font(), db) else {
                continue;
            };
            for name in resolved.missing {
                if !seen.iter().any(|(m, _)| m.eq_ignore_ascii_case(&name)) {
                    seen.push((name, resolved.family.clone()));
                }
            }
        }
    });
    seen
}
