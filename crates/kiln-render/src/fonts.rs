//! The embedded fonts and the text measurements that shrink-to-fit needs.
//!
//! The fonts are subsets of DejaVu Sans, DejaVu Sans Bold and DejaVu Serif
//! Bold (see `fonts/README.md` for the source, licence and command). Their
//! bytes are `'static`, so the font database borrows them and nothing is
//! copied per renderer; their metrics are parsed once per process.

use std::sync::OnceLock;

/// DejaVu Sans (Book), subset.
pub(crate) const SANS: &[u8] = include_bytes!("../fonts/DejaVuSans-subset.ttf");
/// DejaVu Sans Bold, subset.
pub(crate) const SANS_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold-subset.ttf");
/// DejaVu Serif Bold, subset.
pub(crate) const SERIF_BOLD: &[u8] = include_bytes!("../fonts/DejaVuSerif-Bold-subset.ttf");

/// Every embedded font, in the order of [`FaceChoice`].
pub(crate) const EMBEDDED: [&[u8]; 3] = [SANS, SANS_BOLD, SERIF_BOLD];

/// The family names of the embedded fonts, as templates name them.
pub const SANS_FAMILY: &str = "DejaVu Sans";
/// The serif family embedded (bold only).
pub const SERIF_FAMILY: &str = "DejaVu Serif";

/// Which embedded face a piece of text is measured with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FaceChoice {
    Sans = 0,
    SansBold = 1,
    SerifBold = 2,
}

impl FaceChoice {
    /// The face usvg picks among the embedded ones for a `font-family` list
    /// and a `font-weight`, as the renderer's font resolution does when the
    /// list names no other loaded font (see [`embedded_class`]).
    pub(crate) fn select(family: Option<&str>, weight: Option<&str>) -> FaceChoice {
        let names: Vec<&str> = family
            .map(|f| f.split(',').map(unquote).collect())
            .unwrap_or_default();
        let serif = embedded_class(names.iter().copied()) == Class::Serif;
        let bold = weight.is_some_and(|w| {
            let w = w.trim();
            w == "bold" || w == "bolder" || w.parse::<u16>().is_ok_and(|n| n >= 600)
        });
        match (serif, bold) {
            (true, _) => FaceChoice::SerifBold,
            (false, true) => FaceChoice::SansBold,
            (false, false) => FaceChoice::Sans,
        }
    }
}

/// A family name without its quotes and surrounding spaces.
fn unquote(name: &str) -> &str {
    name.trim().trim_matches(|c| c == '\'' || c == '"').trim()
}

/// The two embedded families a font-family list can end up with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// DejaVu Sans (regular and bold).
    Sans,
    /// DejaVu Serif (bold only).
    Serif,
}

impl Class {
    /// The family name of the embedded faces of this class.
    pub(crate) fn family(self) -> &'static str {
        match self {
            Class::Sans => SANS_FAMILY,
            Class::Serif => SERIF_FAMILY,
        }
    }
}

/// The class of a CSS generic family name (`sans-serif`, `serif`,
/// `monospace`, `cursive`, `fantasy`, `system-ui` and the `ui-*` ones), or
/// `None` for a named family. Every generic but the serif ones maps to DejaVu
/// Sans: it is the only other face embedded.
pub(crate) fn generic_class(name: &str) -> Option<Class> {
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "serif" | "ui-serif" | "fangsong" => Some(Class::Serif),
        "sans-serif" | "monospace" | "cursive" | "fantasy" | "system-ui" | "ui-sans-serif"
        | "ui-monospace" | "ui-rounded" | "emoji" | "math" | "-apple-system"
        | "blinkmacsystemfont" => Some(Class::Sans),
        _ => None,
    }
}

/// Named families that are serif faces, for a list that gives no generic
/// family: a browser without them would still draw a serif.
const SERIF_NAMES: &[&str] = &[
    "times",
    "georgia",
    "garamond",
    "palatino",
    "book antiqua",
    "baskerville",
    "cambria",
    "bodoni",
    "didot",
    "caslon",
    "minion",
    "merriweather",
    "playfair",
    "lora",
    "charter",
    "constantia",
    "century",
    "cormorant",
    "crimson",
    "libre caslon",
    "tinos",
    "liberation serif",
    "noto serif",
    "source serif",
    "pt serif",
    "roboto slab",
];

/// Which embedded family draws text whose `font-family` list is `names`
/// when none of its named families is loaded: the class of the first
/// embedded family or generic in the list, else a serif when the first name
/// is a known serif face (`Times New Roman`, `Georgia`, any `... Serif`),
/// else DejaVu Sans.
pub(crate) fn embedded_class<'a>(names: impl Iterator<Item = &'a str>) -> Class {
    let mut first_named: Option<String> = None;
    for name in names {
        let name = unquote(name);
        if name.eq_ignore_ascii_case(SANS_FAMILY) {
            return Class::Sans;
        }
        if name.eq_ignore_ascii_case(SERIF_FAMILY) {
            return Class::Serif;
        }
        if let Some(class) = generic_class(name) {
            return class;
        }
        if first_named.is_none() && !name.is_empty() {
            first_named = Some(name.to_lowercase());
        }
    }
    match first_named {
        Some(n) if looks_serif(&n) => Class::Serif,
        _ => Class::Sans,
    }
}

/// Whether a lower-case family name is a serif face by its name.
fn looks_serif(name: &str) -> bool {
    if name.contains("sans") {
        return false;
    }
    name.contains("serif") || SERIF_NAMES.iter().any(|s| name.contains(s))
}

fn faces() -> &'static [Option<ttf_parser::Face<'static>>; 3] {
    static FACES: OnceLock<[Option<ttf_parser::Face<'static>>; 3]> = OnceLock::new();
    FACES.get_or_init(|| EMBEDDED.map(|data| ttf_parser::Face::parse(data, 0).ok()))
}

/// The advance of one character in em, from the first embedded face that
/// has it, starting with `preferred`.
fn char_advance_em(preferred: FaceChoice, c: char) -> f32 {
    let faces = faces();
    let order = [preferred as usize, 0, 1, 2];
    for i in order {
        let Some(Some(face)) = faces.get(i) else {
            continue;
        };
        if let Some(gid) = face.glyph_index(c) {
            let upem = f32::from(face.units_per_em().max(1));
            return f32::from(face.glyph_hor_advance(gid).unwrap_or(0)) / upem;
        }
    }
    // Not embedded: a system font or a missing-glyph box will draw it.
    // East Asian ideographs and syllables are about one em wide.
    if is_wide(c) { 1.0 } else { 0.6 }
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c), 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// The width of `text` set in `face` at one unit of font size, plus
/// `letter_spacing` (in user units) after each character.
pub(crate) fn advance(face: FaceChoice, text: &str, font_size: f32, letter_spacing: f32) -> f32 {
    let mut width = 0.0f32;
    for c in text.chars() {
        width += char_advance_em(face, c) * font_size + letter_spacing;
    }
    width
}

/// Half the capital height of `face`, in em: the offset from the baseline to
/// the visual middle of a line of capitals.
pub(crate) fn half_cap_height_em(face: FaceChoice) -> f32 {
    match faces().get(face as usize) {
        Some(Some(f)) => {
            let upem = f32::from(f.units_per_em().max(1));
            f32::from(f.capital_height().unwrap_or(729)) / upem / 2.0
        }
        _ => 0.36,
    }
}

/// Whether some embedded font has a glyph for `c`.
pub(crate) fn embedded_has(c: char) -> bool {
    faces().iter().flatten().any(|f| f.glyph_index(c).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_fonts_parse() {
        assert!(faces().iter().all(Option::is_some));
    }

    #[test]
    fn coverage_of_the_promised_scripts() {
        for c in "AzÀÿĀžƀɏαωΑΩάϊАяЁёЂџẞếỹ€№".chars() {
            assert!(embedded_has(c), "{c} missing");
        }
        for c in "한글漢字".chars() {
            assert!(!embedded_has(c), "{c} unexpectedly embedded");
        }
    }

    #[test]
    fn bold_is_wider_and_spacing_adds() {
        let regular = advance(FaceChoice::Sans, "Ada Lovelace", 10.0, 0.0);
        let bold = advance(FaceChoice::SansBold, "Ada Lovelace", 10.0, 0.0);
        assert!(regular > 40.0 && regular < 100.0, "{regular}");
        assert!(bold > regular);
        let spaced = advance(FaceChoice::Sans, "Ada Lovelace", 10.0, 1.0);
        assert!((spaced - regular - 12.0).abs() < 1e-3);
    }

    #[test]
    fn select_faces() {
        assert_eq!(FaceChoice::select(None, None), FaceChoice::Sans);
        assert_eq!(
            FaceChoice::select(Some("DejaVu Sans"), Some("700")),
            FaceChoice::SansBold
        );
        assert_eq!(
            FaceChoice::select(Some("'DejaVu Serif', serif"), None),
            FaceChoice::SerifBold
        );
        assert_eq!(
            FaceChoice::select(Some("sans-serif"), Some("bold")),
            FaceChoice::SansBold
        );
        assert_eq!(
            FaceChoice::select(Some("Arial, Helvetica"), Some("600")),
            FaceChoice::SansBold
        );
        assert_eq!(
            FaceChoice::select(Some("\"Times New Roman\""), None),
            FaceChoice::SerifBold
        );
        assert_eq!(
            FaceChoice::select(Some("Georgia, sans-serif"), None),
            FaceChoice::Sans
        );
    }

    #[test]
    fn classes_of_family_lists() {
        let class = |list: &str| embedded_class(list.split(','));
        assert_eq!(class("sans-serif"), Class::Sans);
        assert_eq!(class("serif"), Class::Serif);
        assert_eq!(class("'Open Sans', Arial"), Class::Sans);
        assert_eq!(class("Arial, serif"), Class::Serif);
        assert_eq!(class("Merriweather"), Class::Serif);
        assert_eq!(class("PT Serif Caption"), Class::Serif);
        assert_eq!(class("Noto Sans Serif"), Class::Sans);
        assert_eq!(class("monospace"), Class::Sans);
        assert_eq!(class("SYSTEM-UI"), Class::Sans);
        assert_eq!(class(""), Class::Sans);
        assert_eq!(generic_class("Arial"), None);
        assert_eq!(generic_class("Fantasy"), Some(Class::Sans));
    }
}
