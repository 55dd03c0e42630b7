//! Shrink-to-fit: the `data-fit-*` text elements of a template, read once
//! at parse time and laid out with the embedded fonts' advances each time
//! the template is filled.

use std::fmt::Write as _;

use super::fill::{Builder, Scanned, escape_into, scan_placeholders};
use crate::Error;
use crate::fonts::{self, FaceChoice};

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
pub(super) struct Fit {
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

pub(super) fn parse_fit(
    doc: &roxmltree::Document<'_>,
    node: roxmltree::Node<'_, '_>,
    builder: &mut Builder<'_>,
) -> Result<Fit, Error> {
    let svg = builder.svg;
    let line = doc.text_pos_at(node.range().start).row;
    let tag = node.tag_name().name().to_owned();
    let bad = |what: String| {
        Error::malformed(
            kiln_core::Code::TemplateFit,
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

    pub(super) fn write(&self, values: &[String], out: &mut String) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Template;
    use crate::template::fill::tests::values;

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
