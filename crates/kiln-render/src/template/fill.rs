//! Placeholders and escaping: which names a template may use, the scan that
//! cuts the SVG at each `{{name}}`, and how values are checked and
//! XML-escaped when they are written.

use std::collections::BTreeMap;

use super::Piece;
use crate::Error;
use crate::xml::line_of;

/// Values for a template's placeholders, by placeholder name
/// (`"recipient.name"` and so on).
pub type Values = BTreeMap<String, String>;

/// The placeholder names every template may use.
pub const KNOWN_PLACEHOLDERS: &[&str] = &[
    "recipient.name",
    "recipient.email",
    "achievement.name",
    "achievement.description",
    "issuer.name",
    "date",
];

/// The prefix of free-form placeholder names (`custom.cohort`).
pub const CUSTOM_PREFIX: &str = "custom.";

/// Whether `name` is an allowed placeholder name.
pub fn is_allowed_placeholder(name: &str) -> bool {
    if KNOWN_PLACEHOLDERS.contains(&name) {
        return true;
    }
    match name.strip_prefix(CUSTOM_PREFIX) {
        Some(rest) => {
            !rest.is_empty()
                && rest.len() <= 64
                && rest
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'-')
        }
        None => false,
    }
}
pub(super) struct Builder<'a> {
    pub(super) svg: &'a str,
    pub(super) placeholders: Vec<String>,
    pub(super) pieces: Vec<Piece>,
}

impl Builder<'_> {
    pub(super) fn placeholder_index(&mut self, name: &str) -> usize {
        match self.placeholders.iter().position(|p| p == name) {
            Some(i) => i,
            None => {
                self.placeholders.push(name.to_owned());
                self.placeholders.len().saturating_sub(1)
            }
        }
    }

    /// Splits `svg[start..end]` into literal runs and placeholders.
    pub(super) fn scan_literal(&mut self, start: usize, end: usize) -> Result<(), Error> {
        let text = self.svg.get(start..end).unwrap_or("");
        let mut found = Vec::new();
        scan_placeholders(text, |piece| found.push(piece)).map_err(|(offset, e)| {
            let line = line_of(self.svg, start.saturating_add(offset));
            e.at_line(line)
        })?;
        for piece in found {
            match piece {
                Scanned::Text(t) => self.pieces.push(Piece::Literal(t.to_owned())),
                Scanned::Placeholder(name) => {
                    let i = self.placeholder_index(name);
                    self.pieces.push(Piece::Value(i));
                }
            }
        }
        Ok(())
    }
}

pub(super) enum Scanned<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

/// A scan error before its line is known.
pub(super) struct ScanError {
    code: kiln_core::Code,
    what: String,
}

impl ScanError {
    pub(super) fn at_line(self, line: usize) -> Error {
        Error::malformed(
            self.code,
            format!("{} at line {line} of the template", self.what),
        )
    }
}

pub(super) fn scan_placeholders<'a>(
    text: &'a str,
    mut emit: impl FnMut(Scanned<'a>),
) -> Result<(), (usize, ScanError)> {
    let mut rest = text;
    let mut offset = 0usize;
    while let Some(open) = rest.find("{{") {
        let after_open = open.saturating_add(2);
        let tail = rest.get(after_open..).unwrap_or("");
        let Some(close) = tail.find("}}") else {
            return Err((
                offset.saturating_add(open),
                ScanError {
                    code: kiln_core::Code::TemplateUnclosedPlaceholder,
                    what: "a placeholder opened with {{ is not closed".into(),
                },
            ));
        };
        let name = tail.get(..close).unwrap_or("").trim();
        if !is_allowed_placeholder(name) {
            let shown: String = name.chars().take(60).collect();
            return Err((
                offset.saturating_add(open),
                ScanError {
                    code: kiln_core::Code::TemplateUnknownPlaceholder,
                    what: format!(
                        "unknown placeholder {{{{{shown}}}}} (allowed: {}, custom.NAME)",
                        KNOWN_PLACEHOLDERS.join(", ")
                    ),
                },
            ));
        }
        if open > 0 {
            emit(Scanned::Text(rest.get(..open).unwrap_or("")));
        }
        emit(Scanned::Placeholder(name));
        let consumed = after_open.saturating_add(close).saturating_add(2);
        rest = rest.get(consumed..).unwrap_or("");
        offset = offset.saturating_add(consumed);
    }
    if !rest.is_empty() {
        emit(Scanned::Text(rest));
    }
    Ok(())
}

/// Checks a value and turns tabs and line breaks into spaces.
pub(super) fn clean_value(name: &str, value: &str, max_chars: usize) -> Result<String, Error> {
    let count = value.chars().count();
    if count > max_chars {
        return Err(Error::limit(
            kiln_core::Code::FillValueTooLong,
            format!(
                "the value for {{{{{name}}}}} has {count} characters, more than the limit of {max_chars}"
            ),
        ));
    }
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\t' | '\n' | '\r' => out.push(' '),
            c if xml_allows(c) => out.push(c),
            c => {
                return Err(Error::misuse(
                    kiln_core::Code::FillBadCharacter,
                    format!(
                        "the value for {{{{{name}}}}} holds U+{:04X}, which XML does not allow",
                        u32::from(c)
                    ),
                ));
            }
        }
    }
    Ok(out)
}

/// The XML 1.0 `Char` production (tab, line breaks and the rest handled above).
fn xml_allows(c: char) -> bool {
    matches!(u32::from(c), 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// Appends `s` with `&`, `<`, `>`, `"` and `'` escaped: safe in element text
/// and in attribute values quoted either way.
pub fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::Limits;
    use crate::template::Template;

    pub(crate) fn values(pairs: &[(&str, &str)]) -> Values {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    const SIMPLE: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">
<title>{{ achievement.name }}</title>
<text x="50" y="50" aria-label="{{recipient.name}}">{{recipient.name}} — {{date}}</text>
</svg>"#;

    #[test]
    fn placeholders_in_order_and_distinct() {
        let t = Template::parse(SIMPLE).unwrap();
        assert_eq!(
            t.placeholders(),
            ["achievement.name", "recipient.name", "date"]
        );
    }

    #[test]
    fn fill_escapes_in_text_and_attributes() {
        let t = Template::parse(SIMPLE).unwrap();
        let out = t
            .fill(&values(&[
                ("achievement.name", "R&D <Lead>"),
                ("recipient.name", "O'Brien \"Bob\""),
                ("date", "2026-11-28"),
            ]))
            .unwrap();
        assert!(out.contains("<title>R&amp;D &lt;Lead&gt;</title>"));
        assert!(out.contains(r#"aria-label="O&apos;Brien &quot;Bob&quot;""#));
        // The result is well-formed and reads back as the values.
        let doc = roxmltree::Document::parse(&out).unwrap();
        let text = doc.descendants().find(|n| n.has_tag_name("text")).unwrap();
        assert_eq!(text.attribute("aria-label"), Some("O'Brien \"Bob\""));
        assert_eq!(text.text(), Some("O'Brien \"Bob\" — 2026-11-28"));
    }

    #[test]
    fn unknown_placeholder_is_named() {
        let svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<text>{{recipient.nmae}}</text></svg>";
        let e = Template::parse(svg).unwrap_err();
        assert_eq!(e.code(), "template-unknown-placeholder");
        assert!(e.to_string().contains("{{recipient.nmae}}"), "{e}");
        assert!(e.to_string().contains("line 2"), "{e}");
    }

    #[test]
    fn unclosed_placeholder() {
        let e = Template::parse("<svg><text>{{date</text></svg>").unwrap_err();
        assert_eq!(e.code(), "template-unclosed-placeholder");
    }

    #[test]
    fn custom_names() {
        assert!(is_allowed_placeholder("custom.cohort_2"));
        assert!(!is_allowed_placeholder("custom."));
        assert!(!is_allowed_placeholder("custom.Cohort"));
        assert!(!is_allowed_placeholder("recipient"));
    }

    #[test]
    fn missing_and_unknown_values() {
        let t = Template::parse(SIMPLE).unwrap();
        let e = t
            .fill(&values(&[("achievement.name", "x"), ("date", "d")]))
            .unwrap_err();
        assert_eq!(e.code(), "fill-missing-value");
        assert!(e.to_string().contains("{{recipient.name}}"));
        let e = t
            .fill(&values(&[
                ("achievement.name", "x"),
                ("date", "d"),
                ("recipient.name", "n"),
                ("recipent.name", "n"),
            ]))
            .unwrap_err();
        assert_eq!(e.code(), "fill-unknown-key");
        assert!(e.to_string().contains("recipent.name"));
    }

    #[test]
    fn values_with_forbidden_characters_or_too_long() {
        let t = Template::parse(SIMPLE).unwrap();
        let mut v = values(&[
            ("achievement.name", "x"),
            ("date", "d"),
            ("recipient.name", "a\u{1}b"),
        ]);
        assert_eq!(t.fill(&v).unwrap_err().code(), "fill-bad-character");
        v.insert("recipient.name".into(), "line\nbreak".into());
        assert!(t.fill(&v).unwrap().contains("line break"));
        v.insert("recipient.name".into(), "x".repeat(5000));
        assert_eq!(t.fill(&v).unwrap_err().code(), "fill-value-too-long");
    }

    #[test]
    fn not_xml_or_not_svg() {
        assert_eq!(
            Template::parse("<svg><text></svg>").unwrap_err().code(),
            "template-xml"
        );
        assert_eq!(
            Template::parse("<html/>").unwrap_err().code(),
            "template-not-svg"
        );
    }
    #[test]
    fn doctype_accepted_and_custom_placeholders_filled() {
        let svg = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{{custom.cohort}}</text></svg>";
        let t = Template::parse(svg).unwrap();
        assert_eq!(t.placeholders(), ["custom.cohort"]);
        let out = t.fill(&values(&[("custom.cohort", "2026 & co")])).unwrap();
        assert!(out.contains("<text>2026 &amp; co</text>"));
    }

    #[test]
    fn template_size_limit() {
        let limits = Limits {
            max_svg_bytes: 10,
            ..Limits::default()
        };
        let e = Template::parse_with_limits(SIMPLE, &limits).unwrap_err();
        assert_eq!(e.code(), "template-too-large");
        assert!(matches!(e, crate::Error::LimitExceeded(_)));
    }
}
