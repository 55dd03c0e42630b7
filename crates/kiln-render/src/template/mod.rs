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
//!
//! The code follows those two ideas: `fill` holds the placeholder names,
//! the scan for `{{...}}` and the escaping of values; `fit` holds the
//! `data-fit-*` elements and their layout.

mod fill;
mod fit;
pub(crate) mod head;

use crate::Error;
use crate::limits::Limits;
use crate::xml::{self, Input};

use fill::{Builder, clean_value};
pub use fill::{CUSTOM_PREFIX, KNOWN_PLACEHOLDERS, Values, escape_into, is_allowed_placeholder};
use fit::{Fit, parse_fit};

/// A parsed template: the SVG split into literal runs, placeholders and
/// shrink-to-fit text elements. Parse once, [`fill`](Template::fill) many
/// times.
#[derive(Debug, Clone)]
pub struct Template {
    pieces: Vec<Piece>,
    placeholders: Vec<String>,
    source_len: usize,
    max_value_chars: usize,
    /// The fixed head (see [`head`]), with the indexes of the pieces that
    /// begin at its two offsets.
    head: Option<Marked>,
}

/// A [`head::Head`], the pieces where its offsets fall, and the source
/// with everything after the head put in a `<defs>` (drawn once).
#[derive(Debug, Clone)]
pub(crate) struct Marked {
    pieces: [usize; 2],
    pub(crate) head_svg: String,
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

impl Template {
    /// Parses a template with the default [`Limits`].
    ///
    /// Fails when the SVG is not well-formed XML, has a DOCTYPE with an
    /// internal subset (`template-dtd-subset`: entities are never expanded),
    /// has no `svg` root, uses an unknown or unclosed placeholder, or has a
    /// bad `data-fit-*` element.
    pub fn parse(svg: &str) -> Result<Template, Error> {
        Template::parse_with_limits(svg, &Limits::default())
    }

    /// Parses a template within `limits`.
    pub fn parse_with_limits(svg: &str, limits: &Limits) -> Result<Template, Error> {
        if svg.len() > limits.max_svg_bytes {
            return Err(Error::limit(
                kiln_core::Code::TemplateTooLarge,
                format!(
                    "the template is {} bytes, more than the limit of {}",
                    svg.len(),
                    limits.max_svg_bytes
                ),
            ));
        }
        // Same offsets as `svg`, with a plain DOCTYPE blanked out; one with
        // an internal subset is refused (see the `xml` module).
        let text = xml::checked_text(svg, Input::Template)?;
        let doc = xml::parse(&text, limits.max_svg_nodes, Input::Template)?;
        if doc.root_element().tag_name().name() != "svg" {
            return Err(Error::malformed(
                kiln_core::Code::TemplateNotSvg,
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
        let found = head::find(&text, &doc);
        // The literal runs are cut at the head's two offsets, so that a fill
        // can tell where they moved to.
        let marks = found
            .as_ref()
            .map_or([usize::MAX; 2], |h| [h.open, h.varying]);
        let mut marked = [usize::MAX; 2];
        let mut scan = |builder: &mut Builder<'_>, from: usize, to: usize| -> Result<(), Error> {
            let mut from = from;
            for (mark, index) in marks.iter().zip(marked.iter_mut()) {
                if (from..=to).contains(mark) && *index == usize::MAX {
                    builder.scan_literal(from, *mark)?;
                    *index = builder.pieces.len();
                    from = *mark;
                }
            }
            builder.scan_literal(from, to)
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
            scan(&mut builder, cursor, range.start)?;
            let fit = parse_fit(&doc, node, &mut builder)?;
            builder.pieces.push(Piece::Fit(Box::new(fit)));
            cursor = range.end;
        }
        scan(&mut builder, cursor, svg.len())?;
        let head = match found {
            Some(h) if marked.iter().all(|&i| i != usize::MAX) => {
                let (fixed, rest) = svg.split_at_checked(h.varying).unwrap_or((svg, ""));
                let children_end = doc
                    .root_element()
                    .last_element_child()
                    .map_or(h.varying, |n| n.range().end)
                    .saturating_sub(h.varying);
                let (tail, close) = rest.split_at_checked(children_end).unwrap_or((rest, ""));
                Some(Marked {
                    pieces: marked,
                    head_svg: format!("{fixed}<defs>{tail}</defs>{close}"),
                })
            }
            _ => None,
        };

        Ok(Template {
            pieces: builder.pieces,
            placeholders: builder.placeholders,
            source_len: svg.len(),
            max_value_chars: limits.max_value_chars,
            head,
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
        self.fill_marked(values).map(|(svg, _)| svg)
    }

    /// The fixed head of the template, when it has one that can be drawn
    /// apart.
    pub(crate) fn head(&self) -> Option<&Marked> {
        self.head.as_ref()
    }

    /// [`Template::fill`], with where the head's two offsets fell in the
    /// filled SVG (`usize::MAX` without a head).
    pub(crate) fn fill_marked(&self, values: &Values) -> Result<(String, [usize; 2]), Error> {
        if let Some(key) = values.keys().find(|k| !is_allowed_placeholder(k)) {
            let key: String = key.chars().take(60).collect();
            return Err(Error::misuse(
                kiln_core::Code::FillUnknownKey,
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
                    kiln_core::Code::FillMissingValue,
                    format!("no value for the placeholder {{{{{name}}}}}"),
                )
            })?;
            let clean = clean_value(name, value, self.max_value_chars)?;
            extra = extra.saturating_add(clean.len().saturating_mul(2));
            resolved.push(clean);
        }

        let mut out = String::with_capacity(self.source_len.saturating_add(extra));
        let marks = self.head.as_ref().map_or([usize::MAX; 2], |h| h.pieces);
        let mut at = [usize::MAX; 2];
        for (index, piece) in self.pieces.iter().enumerate() {
            for (mark, at) in marks.iter().zip(at.iter_mut()) {
                if *mark == index {
                    *at = out.len();
                }
            }
            match piece {
                Piece::Literal(s) => out.push_str(s),
                Piece::Value(i) => {
                    escape_into(resolved.get(*i).map_or("", String::as_str), &mut out)
                }
                Piece::Fit(fit) => fit.write(&resolved, &mut out),
            }
        }
        for (mark, at) in marks.iter().zip(at.iter_mut()) {
            if *mark == self.pieces.len() {
                *at = out.len();
            }
        }
        Ok((out, at))
    }
}
