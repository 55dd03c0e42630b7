//! Badge templates: SVG with `{{placeholder}}` markers, parsed once and
//! filled many times.
//!
//! # Placeholders
//! A placeholder is `{{name}}` (spaces inside the braces are allowed) in text
//! or in an attribute value. The allowed names are [`KNOWN_PLACEHOLDERS`] and
//! any `custom.NAME` where `NAME` is made of ASCII lower-case letters, digits,
//! `_` and `-` (for the extra columns of a bulk issuance). Any other name is an
//! error naming it. Values are XML-escaped (`&`, `<`, `>`, `"`, `'`), so they
//! are safe in text and in attribute values alike.
//!
//! # Shrink-to-fit
//! A text element with a `data-fit-width="W"` attribute holds only text (and
//! placeholders) and has a numeric `font-size` attribute of its own. After
//! filling, its text is measured with the embedded fonts' advances (taking
//! `font-family`, `font-weight` and `letter-spacing` from the element or its
//! ancestors' attributes); when it is wider than `W` user units:
//! 1. its font size is lowered, down to `data-fit-min-size` (default 60 % of
//!    the design size);
//! 2. with `data-fit-lines="2"`, text that still does not fit is broken at the
//!    space that balances the lines best, set in two `<tspan>`s centred on the
//!    original line (`x` and `y` must then be plain numbers), no taller than
//!    `data-fit-height` when given (two lines of `data-fit-line-height`,
//!    default 1.2 em each);
//! 3. if it still does not fit, the size goes below the minimum: text never
//!    overflows its width.
//!
//! Whenever the size changes and `y` is a plain number, `y` moves so the
//! line stays centred where the designer put it.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::Error;
use crate::fonts::{self, FaceChoice};
use crate::limits::Limits;

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

/// A parsed template: the SVG split into literal runs, placeholders and
/// shrink-to-fit text elements. Parse once, [`fill`](Template::fill) many
/// times.
#[derive(Debug, Clone)]
pub struct Template {
    pieces: Vec<Piece>,
    placeholders: Vec<String>,
    source_len: usize,
    max_value_chars: usize,
}

#[derive(Debug, Clone)]
enum Piece {
    /// Source bytes copied as they are.
    Literal(String),
    /// Index into `placeholders`; written escaped.
    Value(usize),
    /// A text element whose size is chosen at fill time.
    Fit(Box<Fit>),
}

#[derive(Debug, Clone)]
enum FitPiece {
    /// Decoded text (entities resolved), escaped again on output.
    Text(String),
    Value(usize),
}

/// Which attribute value of a fit element's start tag is rewritten.
#[derive(Debug, Clone, Copy)]
enum Rewrite {
    FontSize,
    Y,
    LetterSpacing,
}

#[derive(Debug, Clone)]
struct Fit {
    /// The start tag, cut at the attribute values that are rewritten:
    /// `parts.len() == rewrites.len() + 1`.
    parts: Vec<String>,
    rewrites: Vec<Rewrite>,
    content: Vec<FitPiece>,
    end_tag: String,
    font_size: f32,
    width: f32,
    min_size: f32,
    lines: u8,
    x: Option<String>,
    y: Option<f32>,
    face: FaceChoice,
    letter_spacing: f32,
    /// `letter-spacing` is on the element itself, so it shrinks with the
    /// font size (and is rewritten); an inherited one stays as it is.
    scale_spacing: bool,
    line_height: f32,
    height: Option<f32>,
}

impl Template {
    /// Parses a template with the default [`Limits`].
    ///
    /// Fails when the SVG is not well-formed XML, has no `svg` root, uses an
    /// unknown or unclosed placeholder, or has a bad `data-fit-*` element.
    pub fn parse(svg: &str) -> Result<Template, Error> {
        Template::parse_with_limits(svg, &Limits::default())
    }

    /// Parses a template within `limits`.
    pub fn parse_with_limits(svg: &str, limits: &Limits) -> Result<Template, Error> {
        if svg.len() > limits.max_svg_bytes {
            return Err(Error::limit(
                "template-too-large",
                format!(
                    "the template is {} bytes, more than the limit of {}",
                    svg.len(),
                    limits.max_svg_bytes
                ),
            ));
        }
        let options = roxmltree::ParsingOptions {
            allow_dtd: true,
            nodes_limit: limits.max_svg_nodes,
            ..roxmltree::ParsingOptions::default()
        };
        let doc = roxmltree::Document::parse_with_options(svg, options).map_err(|e| {
            Error::malformed(
                "template-xml",
                format!("the template is not well-formed XML: {e}"),
            )
        })?;
        if doc.root_element().tag_name().name() != "svg" {
            return Err(Error::malformed(
                "template-not-svg",
                format!(
                    "the template's root element is <{}>, not <svg>",
                    doc.root_element().tag_name().name()
                ),
            ));
        }

        let mut builder = Builder {
            svg,
            placeholders: Vec::new(),
            pieces: Vec::new(),
        };
        let mut cursor = 0usize;
        for node in doc
            .descendants()
            .filter(|n| n.is_element() && n.has_attribute("data-fit-width"))
        {
            let range = node.range();
            if range.start < cursor {
                // Cannot happen: fit elements hold only text, so they do not nest.
                continue;
            }
            builder.scan_literal(cursor, range.start)?;
            let fit = parse_fit(&doc, node, &mut builder)?;
            builder.pieces.push(Piece::Fit(Box::new(fit)));
            cursor = range.end;
        }
        builder.scan_literal(cursor, svg.len())?;

        Ok(Template {
            pieces: builder.pieces,
            placeholders: builder.placeholders,
            source_len: svg.len(),
            max_value_chars: limits.max_value_chars,
        })
    }

    /// The distinct placeholder names the template uses, in order of first
    /// appearance.
    pub fn placeholders(&self) -> &[String] {
        &self.placeholders
    }

    /// The SVG with every placeholder replaced by its XML-escaped value and
    /// every `data-fit-width` text fitted.
    ///
    /// Fails when a placeholder has no value, when `values` has a key that is
    /// not an allowed placeholder name (a typo), or when a value is longer
    /// than the limit or holds a character XML forbids. Tabs and line breaks
    /// in values become spaces. Keys the template does not use are ignored.
    pub fn fill(&self, values: &Values) -> Result<String, Error> {
        if let Some(key) = values.keys().find(|k| !is_allowed_placeholder(k)) {
            let key: String = key.chars().take(60).collect();
            return Err(Error::misuse(
                "fill-unknown-key",
                format!(
                    "unknown placeholder {{{{{key}}}}} in the values (allowed: {}, custom.NAME)",
                    KNOWN_PLACEHOLDERS.join(", ")
                ),
            ));
        }
        let mut resolved: Vec<String> = Vec::with_capacity(self.placeholders.len());
        let mut extra = 0usize;
        for name in &self.placeholders {
            let value = values.get(name).ok_or_else(|| {
                Error::misuse(
                    "fill-missing-value",
                    format!("no value for the placeholder {{{{{name}}}}}"),
                )
            })?;
            let clean = clean_value(name, value, self.max_value_chars)?;
            extra = extra.saturating_add(clean.len().saturating_mul(2));
            resolved.push(clean);
        }

        let mut out = String::with_capacity(self.source_len.saturating_add(extra));
        for piece in &self.pieces {
            match piece {
                Piece::Literal(s) => out.push_str(s),
                Piece::Value(i) => {
                    escape_into(resolved.get(*i).map_or("", String::as_str), &mut out)
                }
                Piece::Fit(fit) => fit.write(&resolved, &mut out),
            }
        }
        Ok(out)
    }
}

struct Builder<'a> {
    svg: &'a str,
    placeholders: Vec<String>,
    pieces: Vec<Piece>,
}

impl Builder<'_> {
    fn placeholder_index(&mut self, name: &str) -> usize {
        match self.placeholders.iter().position(|p| p == name) {
            Some(i) => i,
            None => {
                self.placeholders.push(name.to_owned());
                self.placeholders.len().saturating_sub(1)
            }
        }
    }

    /// Splits `svg[start..end]` into literal runs and placeholders.
    fn scan_literal(&mut self, start: usize, end: usize) -> Result<(), Error> {
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

enum Scanned<'a> {
    Text(&'a str),
    Placeholder(&'a str),
}

/// A scan error before its line is known.
struct ScanError {
    code: &'static str,
    what: String,
}

impl ScanError {
    fn at_line(self, line: usize) -> Error {
        Error::malformed(
            self.code,
            format!("{} at line {line} of the template", self.what),
        )
    }
}

fn scan_placeholders<'a>(
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
                    code: "template-unclosed-placeholder",
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
                    code: "template-unknown-placeholder",
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

fn line_of(svg: &str, offset: usize) -> usize {
    let prefix = svg.get(..offset).unwrap_or(svg);
    prefix
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        .saturating_add(1)
}

/// An attribute looked up on the element, then on its ancestors.
fn inherited<'a>(node: roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.ancestors()
        .filter(|n| n.is_element())
        .find_map(|n| n.attribute(name))
}

fn parse_number(value: &str) -> Option<f32> {
    let v = value.trim();
    let v = v.strip_suffix("px").unwrap_or(v).trim();
    v.parse::<f32>().ok().filter(|n| n.is_finite())
}

fn parse_fit(
    doc: &roxmltree::Document<'_>,
    node: roxmltree::Node<'_, '_>,
    builder: &mut Builder<'_>,
) -> Result<Fit, Error> {
    let svg = builder.svg;
    let line = doc.text_pos_at(node.range().start).row;
    let tag = node.tag_name().name().to_owned();
    let bad = |what: String| {
        Error::malformed(
            "template-fit",
            format!("<{tag}> at line {line} of the template: {what}"),
        )
    };

    let width = node
        .attribute("data-fit-width")
        .and_then(parse_number)
        .filter(|w| *w > 0.0)
        .ok_or_else(|| bad("data-fit-width must be a positive number".into()))?;
    let size_attr = node.attribute_node("font-size").ok_or_else(|| {
        bad("data-fit-width needs a font-size attribute on the same element".into())
    })?;
    let font_size = parse_number(size_attr.value())
        .filter(|s| *s > 0.0)
        .ok_or_else(|| {
            bad(format!(
                "font-size {:?} is not a plain number",
                size_attr.value()
            ))
        })?;
    let min_size = match node.attribute("data-fit-min-size") {
        Some(v) => parse_number(v)
            .filter(|s| *s > 0.0 && *s <= font_size)
            .ok_or_else(|| {
                bad("data-fit-min-size must be a positive number no larger than font-size".into())
            })?,
        None => font_size * 0.6,
    };
    let lines = match node.attribute("data-fit-lines") {
        None | Some("1") => 1u8,
        Some("2") => 2u8,
        Some(other) => {
            return Err(bad(format!(
                "data-fit-lines is {other:?}; it must be 1 or 2"
            )));
        }
    };
    let line_height = match node.attribute("data-fit-line-height") {
        Some(v) => parse_number(v)
            .filter(|s| *s > 0.5 && *s < 4.0)
            .ok_or_else(|| bad("data-fit-line-height must be a number between 0.5 and 4".into()))?,
        None => 1.2,
    };
    let height = match node.attribute("data-fit-height") {
        Some(v) => Some(
            parse_number(v)
                .filter(|h| *h > 0.0)
                .ok_or_else(|| bad("data-fit-height must be a positive number".into()))?,
        ),
        None => None,
    };
    let y_attr = node.attribute_node("y");
    let y = y_attr.as_ref().and_then(|a| parse_number(a.value()));
    let x = node
        .attribute("x")
        .filter(|v| parse_number(v).is_some())
        .map(str::to_owned);
    if lines == 2 && (x.is_none() || y.is_none()) {
        return Err(bad(
            "data-fit-lines=\"2\" needs plain numeric x and y attributes".into(),
        ));
    }
    let face = FaceChoice::select(
        inherited(node, "font-family"),
        inherited(node, "font-weight"),
    );
    let letter_spacing = inherited(node, "letter-spacing")
        .and_then(parse_number)
        .unwrap_or(0.0);
    let own_spacing = node
        .attribute_node("letter-spacing")
        .filter(|a| parse_number(a.value()).is_some());

    // Only text inside: it is re-laid out, so child elements would be lost.
    let mut text = String::new();
    let mut first_child_start = None;
    let mut last_child_end = None;
    for child in node.children() {
        if child.is_element() {
            return Err(bad(
                "a data-fit-width element must hold only text, not child elements".into(),
            ));
        }
        if let Some(t) = child.text() {
            text.push_str(t);
        }
        first_child_start.get_or_insert(child.range().start);
        last_child_end = Some(child.range().end);
    }
    let (Some(content_start), Some(content_end)) = (first_child_start, last_child_end) else {
        return Err(bad("a data-fit-width element must hold text".into()));
    };
    let range = node.range();
    let start_tag = svg.get(range.start..content_start).unwrap_or("");
    if start_tag.contains("{{") {
        return Err(bad(
            "placeholders are not allowed in the attributes of a data-fit-width element".into(),
        ));
    }
    let end_tag = svg.get(content_end..range.end).unwrap_or("").to_owned();

    // Cut the start tag at the values of font-size and y.
    let mut cuts: Vec<(std::ops::Range<usize>, Rewrite)> =
        vec![(size_attr.range_value(), Rewrite::FontSize)];
    if let (Some(a), Some(_)) = (y_attr.as_ref(), y) {
        cuts.push((a.range_value(), Rewrite::Y));
    }
    if let Some(a) = own_spacing.as_ref() {
        cuts.push((a.range_value(), Rewrite::LetterSpacing));
    }
    cuts.sort_by_key(|(r, _)| r.start);
    let mut parts = Vec::with_capacity(cuts.len().saturating_add(1));
    let mut rewrites = Vec::with_capacity(cuts.len());
    let mut at = range.start;
    for (r, what) in cuts {
        parts.push(svg.get(at..r.start).unwrap_or("").to_owned());
        rewrites.push(what);
        at = r.end;
    }
    parts.push(svg.get(at..content_start).unwrap_or("").to_owned());

    let mut content = Vec::new();
    let mut found = Vec::new();
    scan_placeholders(&text, |p| found.push(p)).map_err(|(_, e)| e.at_line(line as usize))?;
    for piece in found {
        match piece {
            Scanned::Text(t) => content.push(FitPiece::Text(t.to_owned())),
            Scanned::Placeholder(name) => {
                content.push(FitPiece::Value(builder.placeholder_index(name)))
            }
        }
    }

    Ok(Fit {
        parts,
        rewrites,
        content,
        end_tag,
        font_size,
        width,
        min_size,
        lines,
        x,
        y,
        face,
        letter_spacing,
        scale_spacing: own_spacing.is_some(),
        line_height,
        height,
    })
}

/// How a fit element is set after filling.
#[derive(Debug, Clone, PartialEq)]
struct Layout {
    size: f32,
    lines: Vec<String>,
}

impl Fit {
    fn layout(&self, text: &str) -> Layout {
        let unit = |s: &str| fonts::advance(self.face, s, 1.0, 0.0);
        let spacing = |s: &str| self.letter_spacing * s.chars().count() as f32;
        // The largest size at which `s` fits the width, capped at the design size.
        let fitting = |s: &str| {
            // width(size) = a * size + fixed, with spacing in `a` when it scales.
            let (a, fixed) = if self.scale_spacing {
                (unit(s) + spacing(s) / self.font_size, 0.0)
            } else {
                (unit(s), spacing(s))
            };
            if a <= 0.0 {
                return self.font_size;
            }
            // Rounded down to what is written out, so it never overflows.
            (((self.width - fixed) / a).min(self.font_size) * 100.0)
                .floor()
                .max(50.0)
                / 100.0
        };

        let one = fitting(text);
        if one >= self.min_size || self.lines < 2 {
            return Layout {
                size: one,
                lines: vec![text.to_owned()],
            };
        }
        // Break at the space that makes the longer line shortest.
        let mut best: Option<(f32, usize)> = None;
        for (i, _) in text.match_indices(' ') {
            let (a, b) = (
                text.get(..i).unwrap_or(""),
                text.get(i.saturating_add(1)..).unwrap_or(""),
            );
            let longer = unit(a).max(unit(b));
            if best.is_none_or(|(w, _)| longer < w) {
                best = Some((longer, i));
            }
        }
        if let Some((_, i)) = best {
            let (a, b) = (
                text.get(..i).unwrap_or(""),
                text.get(i.saturating_add(1)..).unwrap_or(""),
            );
            let mut two = fitting(a).min(fitting(b));
            if let Some(h) = self.height {
                two = two.min((h / (2.0 * self.line_height) * 100.0).floor() / 100.0);
            }
            if two > one {
                return Layout {
                    size: two,
                    lines: vec![a.to_owned(), b.to_owned()],
                };
            }
        }
        Layout {
            size: one,
            lines: vec![text.to_owned()],
        }
    }

    fn write(&self, values: &[String], out: &mut String) {
        let mut raw = String::new();
        for piece in &self.content {
            match piece {
                FitPiece::Text(t) => raw.push_str(t),
                FitPiece::Value(i) => raw.push_str(values.get(*i).map_or("", String::as_str)),
            }
        }
        let text = collapse_whitespace(&raw);
        let layout = self.layout(&text);
        let half_cap = fonts::half_cap_height_em(self.face);

        // Baselines: the block of lines stays centred on the designed line.
        let baselines: Vec<f32> = match self.y {
            Some(y) => {
                let centre = y - half_cap * self.font_size;
                let step = self.line_height * layout.size;
                let count = layout.lines.len() as f32;
                (0..layout.lines.len())
                    .map(|i| {
                        centre + half_cap * layout.size + (i as f32 - (count - 1.0) / 2.0) * step
                    })
                    .collect()
            }
            None => Vec::new(),
        };

        for (i, part) in self.parts.iter().enumerate() {
            out.push_str(part);
            match self.rewrites.get(i) {
                Some(Rewrite::FontSize) => push_number(out, layout.size),
                Some(Rewrite::Y) => {
                    push_number(out, baselines.first().copied().or(self.y).unwrap_or(0.0))
                }
                Some(Rewrite::LetterSpacing) => {
                    // Rounded down, like the size.
                    let ls = self.letter_spacing * layout.size / self.font_size;
                    push_number(out, (ls * 100.0).floor() / 100.0)
                }
                None => {}
            }
        }
        if layout.lines.len() == 1 {
            escape_into(&text, out);
        } else {
            let x = self.x.as_deref().unwrap_or("0");
            for (line, baseline) in layout.lines.iter().zip(&baselines) {
                out.push_str("<tspan x=\"");
                escape_into(x, out);
                out.push_str("\" y=\"");
                push_number(out, *baseline);
                out.push_str("\">");
                escape_into(line, out);
                out.push_str("</tspan>");
            }
        }
        out.push_str(&self.end_tag);
    }
}

/// Writes a number with at most two decimals and no trailing zeros.
fn push_number(out: &mut String, n: f32) {
    let rounded = (n * 100.0).round() / 100.0;
    let mut s = format!("{rounded:.2}");
    while s.ends_with('0') {
        s.pop();
    }
    if s.ends_with('.') {
        s.pop();
    }
    if s == "-0" {
        s = "0".into();
    }
    let _ = write!(out, "{s}");
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Checks a value and turns tabs and line breaks into spaces.
fn clean_value(name: &str, value: &str, max_chars: usize) -> Result<String, Error> {
    let count = value.chars().count();
    if count > max_chars {
        return Err(Error::limit(
            "fill-value-too-long",
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
                    "fill-bad-character",
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
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Values {
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

    const FIT: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 512 512" font-family="DejaVu Sans">
<text x="256" y="300" font-size="40" font-weight="bold" text-anchor="middle" data-fit-width="300" data-fit-lines="2">{{recipient.name}}</text>
</svg>"#;

    fn fitted(name: &str) -> (f32, Vec<String>) {
        let t = Template::parse(FIT).unwrap();
        let out = t.fill(&values(&[("recipient.name", name)])).unwrap();
        let doc = roxmltree::Document::parse(&out).unwrap();
        let text = doc.descendants().find(|n| n.has_tag_name("text")).unwrap();
        let size: f32 = text.attribute("font-size").unwrap().parse().unwrap();
        let tspans: Vec<String> = text
            .children()
            .filter(|n| n.has_tag_name("tspan"))
            .map(|n| n.text().unwrap_or("").to_string())
            .collect();
        let lines = if tspans.is_empty() {
            vec![text.text().unwrap().to_string()]
        } else {
            tspans
        };
        (size, lines)
    }

    #[test]
    fn short_names_keep_the_design_size() {
        assert_eq!(
            fitted("Ada Lovelace"),
            (40.0, vec!["Ada Lovelace".to_string()])
        );
    }

    #[test]
    fn longer_names_shrink_within_the_width() {
        let (size, lines) = fitted("Ada K. Lovelace");
        assert_eq!(lines.len(), 1);
        assert!((24.0..40.0).contains(&size), "{size}");
        let w = fonts::advance(FaceChoice::SansBold, &lines[0], size, 0.0);
        assert!(w <= 300.01, "{w}");
    }

    #[test]
    fn very_long_names_wrap_into_two_balanced_lines() {
        let name = "Maria Guadalupe Fernández de la Concepción Rodríguez y Álvarez";
        let (size, lines) = fitted(name);
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(lines.join(" "), name);
        for l in &lines {
            assert!(fonts::advance(FaceChoice::SansBold, l, size, 0.0) <= 300.01);
        }
    }

    #[test]
    fn one_long_word_shrinks_below_the_minimum_rather_than_overflow() {
        let name = "Wolfeschlegelsteinhausenbergerdorffwelchevoralternwarengewissenhaft";
        let (size, lines) = fitted(name);
        assert_eq!(lines.len(), 1);
        assert!(size < 24.0);
        assert!(fonts::advance(FaceChoice::SansBold, name, size, 0.0) <= 300.01);
    }

    #[test]
    fn fit_errors() {
        let no_size = r#"<svg><text data-fit-width="10">{{date}}</text></svg>"#;
        assert_eq!(Template::parse(no_size).unwrap_err().code(), "template-fit");
        let child =
            r#"<svg><text font-size="9" data-fit-width="10"><tspan>{{date}}</tspan></text></svg>"#;
        assert_eq!(Template::parse(child).unwrap_err().code(), "template-fit");
        let lines = r#"<svg><text font-size="9" data-fit-width="10" data-fit-lines="2">{{date}}</text></svg>"#;
        assert_eq!(Template::parse(lines).unwrap_err().code(), "template-fit");
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
        assert_eq!(e.kind(), crate::ErrorKind::LimitExceeded);
    }

    #[test]
    fn own_letter_spacing_shrinks_with_the_text() {
        let svg = r#"<svg><text x="0" y="20" font-size="20" letter-spacing="4" data-fit-width="200">{{issuer.name}}</text></svg>"#;
        let t = Template::parse(svg).unwrap();
        let short = t.fill(&values(&[("issuer.name", "Kiln")])).unwrap();
        assert!(
            short.contains(r#"font-size="20" letter-spacing="4""#),
            "{short}"
        );
        let long = t
            .fill(&values(&[(
                "issuer.name",
                "Kiln Academy of Ceramic Arts and Crafts",
            )]))
            .unwrap();
        let doc = roxmltree::Document::parse(&long).unwrap();
        let text = doc.descendants().find(|n| n.has_tag_name("text")).unwrap();
        let size: f32 = text.attribute("font-size").unwrap().parse().unwrap();
        let spacing: f32 = text.attribute("letter-spacing").unwrap().parse().unwrap();
        assert!(size < 20.0);
        assert!(
            (spacing - 4.0 * size / 20.0).abs() < 0.02,
            "{size} {spacing}"
        );
        let chars = "Kiln Academy of Ceramic Arts and Crafts".chars().count() as f32;
        let width = fonts::advance(
            FaceChoice::Sans,
            "Kiln Academy of Ceramic Arts and Crafts",
            size,
            spacing,
        );
        assert!(width <= 200.01 && width > 190.0, "{width} ({chars} chars)");
    }

    #[test]
    fn numbers() {
        let mut s = String::new();
        push_number(&mut s, 31.999);
        s.push(' ');
        push_number(&mut s, 12.5);
        s.push(' ');
        push_number(&mut s, 40.0);
        assert_eq!(s, "32 12.5 40");
    }
}
