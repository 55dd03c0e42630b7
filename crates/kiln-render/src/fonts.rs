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
    /// The face usvg would pick among the embedded ones for a `font-family`
    /// list and a `font-weight`.
    pub(crate) fn select(family: Option<&str>, weight: Option<&str>) -> FaceChoice {
        let serif = family.is_some_and(|f| {
            // The first family we embed wins, as in CSS.
            for name in f.split(',') {
                let name = name
                    .trim()
                    .trim_matches(|c| c == '\'' || c == '"')
                    .to_ascii_lowercase();
                if name == "serif" || (name.contains("serif") && !name.contains("sans")) {
                    return true;
                }
                if name == "sans-serif" || name.contains("sans") {
                    return false;
                }
            }
            false
        });
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
    }
}
