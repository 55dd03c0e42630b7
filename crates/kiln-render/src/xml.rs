//! How kiln-render reads XML: templates and SVGs alike, with DTDs refused.
//!
//! Design tools write the SVG 1.1 `<!DOCTYPE svg PUBLIC ...>` at the top of
//! their exports, so a DOCTYPE is accepted. One with an internal subset
//! (`<!DOCTYPE svg [ ... ]>`) is refused whatever it holds: only an attack
//! needs entity declarations in a badge design (an entity-expansion bomb, an
//! external entity), and a template is filled and rendered for every
//! recipient of a class. The prolog is read up to the root element; the
//! DOCTYPE found there is overwritten by spaces (line breaks kept, so every
//! offset and line number stays the same) and the XML parser runs with DTDs
//! disallowed: no entity is ever declared, expanded or fetched, and a
//! DOCTYPE the prolog reader did not see is an error, not a risk. usvg, which
//! parses with DTDs allowed, is given only text that has passed this check.

use std::borrow::Cow;

use crate::Error;

/// What is being read, for the error codes and messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Input {
    /// A template, before filling (`template-*` codes).
    Template,
    /// An SVG given to the renderer (`svg-*` codes).
    Svg,
}

impl Input {
    fn name(self) -> &'static str {
        match self {
            Input::Template => "the template",
            Input::Svg => "the SVG",
        }
    }

    fn dtd_code(self) -> kiln_core::Code {
        match self {
            Input::Template => kiln_core::Code::TemplateDtdSubset,
            Input::Svg => kiln_core::Code::SvgDtdSubset,
        }
    }

    fn xml_code(self) -> kiln_core::Code {
        match self {
            Input::Template => kiln_core::Code::TemplateXml,
            Input::Svg => kiln_core::Code::SvgParse,
        }
    }

    fn nodes_code(self) -> kiln_core::Code {
        match self {
            Input::Template => kiln_core::Code::TemplateTooManyNodes,
            Input::Svg => kiln_core::Code::SvgTooManyNodes,
        }
    }
}

/// The text to parse: `text` itself when it has no DOCTYPE, else a copy with
/// the DOCTYPE blanked out. Fails on a DOCTYPE with an internal subset.
pub(crate) fn checked_text(text: &str, input: Input) -> Result<Cow<'_, str>, Error> {
    let Some(doctype) = find_doctype(text, input)? else {
        return Ok(Cow::Borrowed(text));
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..doctype.start).unwrap_or(""));
    // Every character becomes spaces, as many as its UTF-8 bytes, so that
    // byte offsets after it stay the same; line breaks stay.
    for c in text.get(doctype.clone()).unwrap_or("").chars() {
        match c {
            '\n' | '\r' => out.push(c),
            c => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
        }
    }
    out.push_str(text.get(doctype.end..).unwrap_or(""));
    Ok(Cow::Owned(out))
}

/// Parses text from [`checked_text`] with DTDs disallowed and at most
/// `nodes_limit` nodes.
pub(crate) fn parse(
    text: &str,
    nodes_limit: u32,
    input: Input,
) -> Result<roxmltree::Document<'_>, Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit,
        ..roxmltree::ParsingOptions::default()
    };
    roxmltree::Document::parse_with_options(text, options).map_err(|e| match e {
        roxmltree::Error::DtdDetected => Error::unsupported(
            input.dtd_code(),
            format!(
                "{} has a DOCTYPE where Kiln does not accept one (after the root element or a second one)",
                input.name()
            ),
        ),
        roxmltree::Error::NodesLimitReached => Error::limit(
            input.nodes_code(),
            format!(
                "{} has more than the limit of {nodes_limit} XML nodes",
                input.name()
            ),
        ),
        e => Error::malformed(
            input.xml_code(),
            format!("{} is not well-formed XML: {e}", input.name()),
        ),
    })
}

/// The byte range of the DOCTYPE in the prolog, if there is one.
///
/// Steps over a byte order mark, whitespace, the XML declaration, processing
/// instructions and comments; stops at the first other thing (the root
/// element, or something the XML parser will refuse).
fn find_doctype(text: &str, input: Input) -> Result<Option<std::ops::Range<usize>>, Error> {
    let bytes = text.as_bytes();
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let never_ends = |what: &str, start: usize| {
        Error::malformed(
            input.xml_code(),
            format!(
                "{} is not well-formed XML: the {what} at line {} never ends",
                input.name(),
                line_of(text, start)
            ),
        )
    };
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at = at.saturating_add(1);
        }
        let rest = bytes.get(at..).unwrap_or_default();
        if rest.starts_with(b"<?") {
            let end = find(bytes, at.saturating_add(2), b"?>")
                .ok_or_else(|| never_ends("processing instruction", at))?;
            at = end.saturating_add(2);
        } else if rest.starts_with(b"<!--") {
            let end = find(bytes, at.saturating_add(4), b"-->")
                .ok_or_else(|| never_ends("comment", at))?;
            at = end.saturating_add(3);
        } else if rest.starts_with(b"<!DOCTYPE") {
            return doctype_at(text, at, input).map(Some);
        } else {
            return Ok(None);
        }
    }
}

/// The DOCTYPE starting at `start`: up to its `>`, stepping over quoted
/// literals (the public and system identifiers). A `[` outside them opens
/// an internal subset, which is refused.
fn doctype_at(text: &str, start: usize, input: Input) -> Result<std::ops::Range<usize>, Error> {
    let bytes = text.as_bytes();
    let line = line_of(text, start);
    let mut at = start.saturating_add(b"<!DOCTYPE".len());
    if !bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
        return Err(Error::malformed(
            input.xml_code(),
            format!(
                "{} is not well-formed XML: the DOCTYPE at line {line} has no name",
                input.name()
            ),
        ));
    }
    while let Some(&b) = bytes.get(at) {
        match b {
            b'"' | b'\'' => {
                at = find(bytes, at.saturating_add(1), &[b]).ok_or_else(|| {
                    Error::malformed(
                        input.xml_code(),
                        format!(
                            "{} is not well-formed XML: a quoted identifier of the DOCTYPE at line {line} never ends",
                            input.name()
                        ),
                    )
                })?;
            }
            b'[' => {
                return Err(Error::unsupported(
                    input.dtd_code(),
                    format!(
                        "the DOCTYPE at line {line} of {} has an internal subset (\"[\" at line {}); Kiln refuses DOCTYPE internal subsets, since their entity declarations serve only entity-expansion and external-entity attacks",
                        input.name(),
                        line_of(text, at)
                    ),
                ));
            }
            b'>' => return Ok(start..at.saturating_add(1)),
            _ => {}
        }
        at = at.saturating_add(1);
    }
    Err(Error::malformed(
        input.xml_code(),
        format!(
            "{} is not well-formed XML: the DOCTYPE at line {line} never ends",
            input.name()
        ),
    ))
}

/// The offset of the first `needle` in `bytes` at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p.saturating_add(from))
}

/// The 1-based line of byte `offset`.
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()
        .get(..offset)
        .unwrap_or(text.as_bytes())
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_add(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAIN: &str = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">";

    #[test]
    fn a_plain_doctype_is_blanked_with_offsets_kept() {
        let text = format!("<?xml version=\"1.0\"?>\n<!-- é -->\n{PLAIN}\n<svg/>");
        let checked = checked_text(&text, Input::Svg).unwrap();
        assert_eq!(checked.len(), text.len());
        assert_eq!(checked.find("<svg/>"), text.find("<svg/>"));
        assert!(!checked.contains("DOCTYPE"));
        parse(&checked, 100, Input::Svg).unwrap();
    }

    #[test]
    fn no_doctype_is_borrowed() {
        assert!(matches!(
            checked_text("<svg/>", Input::Svg).unwrap(),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn an_internal_subset_is_refused_even_when_empty_or_quoted_around() {
        for doctype in [
            "<!DOCTYPE svg []>",
            "<!DOCTYPE svg SYSTEM \"a[b\" [<!ENTITY x \"y\">]>",
            "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.1//EN' 'x.dtd'[]>",
        ] {
            let text = format!("{doctype}<svg/>");
            let e = checked_text(&text, Input::Template).unwrap_err();
            assert_eq!(e.code(), "template-dtd-subset", "{doctype}");
            assert!(matches!(e, crate::Error::Unsupported(_)));
        }
    }

    #[test]
    fn a_doctype_the_prolog_reader_does_not_reach_is_still_refused() {
        // After the root element: not blanked, so the parser meets it.
        let text = format!("<svg/>{PLAIN}");
        let checked = checked_text(&text, Input::Svg).unwrap();
        let e = parse(&checked, 100, Input::Svg).unwrap_err();
        assert!(
            matches!(e.code().as_str(), "svg-dtd-subset" | "svg-parse"),
            "{}",
            e.code()
        );
        // A second DOCTYPE after the first.
        let text = format!("{PLAIN}{PLAIN}<svg/>");
        let checked = checked_text(&text, Input::Svg).unwrap();
        assert_eq!(
            parse(&checked, 100, Input::Svg).unwrap_err().code(),
            "svg-dtd-subset"
        );
    }

    #[test]
    fn unterminated_prolog_parts() {
        for text in ["<!DOCTYPE svg", "<!DOCTYPE svg \"x>", "<!-- x", "<?xml "] {
            assert_eq!(
                checked_text(text, Input::Svg).unwrap_err().code(),
                "svg-parse",
                "{text}"
            );
        }
        assert_eq!(
            checked_text("<!DOCTYPE>", Input::Svg).unwrap_err().code(),
            "svg-parse"
        );
    }

    #[test]
    fn node_limit() {
        let text = format!("<svg>{}</svg>", "<g/>".repeat(50));
        assert_eq!(
            parse(&text, 10, Input::Template).unwrap_err().code(),
            "template-too-many-nodes"
        );
    }
}
