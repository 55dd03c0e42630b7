//! The XML reader of SVG badges: it reads the whole document as XML 1.0 with
//! namespaces and keeps only what baking and unbaking need: the baked
//! `credential` / `assertion` elements of the Open Badges namespaces (their
//! byte ranges, `verify` attributes and text), and what the `openbadges`
//! prefix is bound to where a new element would go.
//!
//! It is strict where a reader could be led astray and small everywhere else:
//! - No DTD is ever read. The DOCTYPE, read by its grammar in
//!   [`scan_prolog`](super::scan_prolog) (which refuses an internal subset), is
//!   stepped over as a whole; only the five predefined entities and character
//!   references are read, and any other entity reference is an error. Nothing
//!   is declared, expanded or fetched.
//! - Well-formedness: matching end tags, quoted attribute values without `<`,
//!   no duplicate attribute, comments without `--`, no `]]>` in text, only
//!   XML characters (also through character references), an XML declaration
//!   only at the start, one root element, then only comments and processing
//!   instructions; every prefix used is declared.
//! - Bounded: elements are tracked on a stack, not by recursion; elements,
//!   text runs, CDATA sections, comments and processing instructions count
//!   toward [`Limits::max_svg_nodes`]; a badge's text stops being kept past
//!   [`Limits::max_payload_bytes`].
//!
//! Line ends are read as XML says (CR LF and a lone CR as LF), and literal
//! whitespace in an attribute value as a space.

use super::{NS_OB2, NS_OB3, Prolog, find, is_name_start, is_xml_space, xml_error};
use crate::{
    error::{Error, Result},
    limits::Limits,
};
use std::ops::Range;

const NS_XML: &str = "http://www.w3.org/XML/1998/namespace";

/// Most namespace declarations in scope at once: every element looks a prefix
/// up among them, so their number bounds the work per element (real SVGs
/// declare a handful).
const MAX_NAMESPACES: usize = 256;

/// A baked badge element.
#[derive(Debug)]
pub(super) struct Badge<'t> {
    /// From the `<` of its start tag to just past its end tag (or `/>`).
    pub(super) range: Range<usize>,
    /// Its local name (`credential` or `assertion`).
    pub(super) name: &'t str,
    /// Its `verify` attribute, entities read.
    pub(super) verify: Option<String>,
    /// Its text and CDATA children, in order, entities read; `None` when they
    /// are longer than [`Limits::max_payload_bytes`].
    pub(super) text: Option<String>,
    /// The namespace the `openbadges` prefix is bound to in its parent element.
    pub(super) parent_openbadges: Option<String>,
}

/// What [`read`] finds in a document.
#[derive(Debug)]
pub(super) struct Found<'t> {
    /// The namespace the `openbadges` prefix is bound to in the root element.
    pub(super) root_openbadges: Option<String>,
    /// Every baked badge element, in document order.
    pub(super) badges: Vec<Badge<'t>>,
}

/// How [`Reader::decode`] reads characters.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Character data: entity and character references read.
    Text,
    /// An attribute value: references read, literal whitespace as a space.
    Attribute,
    /// CDATA, comments, processing instructions: no references.
    Literal,
}

/// An element whose end tag is still to come.
struct Open<'t> {
    name: &'t str,
    /// How many namespace bindings were in scope before its own.
    bindings: usize,
    /// Its index in `Found::badges` when it is a badge element.
    badge: Option<usize>,
}

struct Reader<'t> {
    text: &'t str,
    at: usize,
    nodes: u32,
    max_nodes: u32,
    max_text: usize,
    /// The namespace declarations in scope, innermost last: (prefix, namespace);
    /// the default namespace has the prefix "".
    bindings: Vec<(&'t str, String)>,
    open: Vec<Open<'t>>,
    found: Found<'t>,
}

/// Reads `text`, whose prolog [`scan_prolog`](super::scan_prolog) found to be
/// `prolog`, as XML.
pub(super) fn read<'t>(text: &'t str, prolog: &Prolog, limits: &Limits) -> Result<Found<'t>> {
    let mut r = Reader {
        text,
        at: if text.starts_with('\u{feff}') { 3 } else { 0 },
        nodes: 0,
        max_nodes: limits.max_svg_nodes,
        max_text: limits.max_payload_bytes,
        bindings: Vec::new(),
        open: Vec::new(),
        found: Found {
            root_openbadges: None,
            badges: Vec::new(),
        },
    };
    if r.rest().starts_with(b"<?xml") && r.rest().get(5).is_some_and(|&b| is_xml_space(b)) {
        let start = r.at;
        let declaration = r.until(5, b"?>", Mode::Literal, "the XML declaration")?;
        if !is_xml_declaration(declaration.as_bytes()) {
            return Err(r.fail_at(start, "an XML declaration that is not well-formed"));
        }
    }
    loop {
        r.skip_spaces();
        match &prolog.doctype {
            Some(d) if d.range.start == r.at => r.at = d.range.end,
            _ if r.misc()? => {}
            _ => break,
        }
    }
    if r.at != prolog.root_start {
        return Err(r.fail("unexpected content before the root element"));
    }
    r.start_tag()?;
    while !r.open.is_empty() {
        let rest = r.rest();
        if rest.starts_with(b"</") {
            r.end_tag()?;
        } else if rest.starts_with(b"<![CDATA[") {
            let cdata = r.until(9, b"]]>", Mode::Literal, "a CDATA section")?;
            r.add_text(cdata)?;
        } else if rest.starts_with(b"<!--") || rest.starts_with(b"<?") {
            r.misc()?;
        } else if rest.starts_with(b"<!") {
            return Err(r.fail("a markup declaration inside the root element"));
        } else if rest.starts_with(b"<") {
            r.start_tag()?;
        } else if rest.is_empty() {
            return Err(r.fail("the document ends before its root element does"));
        } else {
            r.text_run()?;
        }
    }
    loop {
        r.skip_spaces();
        if r.rest().is_empty() {
            return Ok(r.found);
        }
        if !r.misc()? {
            return Err(r.fail("content after the root element"));
        }
    }
}

/// Whether `body`, the text between `<?xml` and `?>`, is an XML declaration's:
/// `version`, then `encoding` and `standalone` if given, in that order, each
/// `name = "value"` (either quote) after whitespace, with values as XML 1.0's
/// grammar allows them (`VersionNum`, `EncName`, `yes` or `no`).
fn is_xml_declaration(body: &[u8]) -> bool {
    const NAMES: [&[u8]; 3] = [b"version", b"encoding", b"standalone"];
    let spaces = |at: &mut usize| {
        let from = *at;
        while body.get(*at).is_some_and(|&b| is_xml_space(b)) {
            *at += 1;
        }
        *at > from
    };
    let (mut at, mut next) = (0, 0);
    loop {
        let spaced = spaces(&mut at);
        let rest = body.get(at..).unwrap_or_default();
        if rest.is_empty() {
            return next > 0;
        }
        let Some(i) = (next..3).find(|&i| rest.starts_with(NAMES[i])) else {
            return false;
        };
        if !spaced || (next == 0 && i != 0) {
            return false;
        }
        at += NAMES[i].len();
        spaces(&mut at);
        if body.get(at) != Some(&b'=') {
            return false;
        }
        at += 1;
        spaces(&mut at);
        let Some(&quote) = body.get(at).filter(|&&q| q == b'"' || q == b'\'') else {
            return false;
        };
        let start = at + 1;
        let Some(len) = body
            .get(start..)
            .and_then(|r| r.iter().position(|&b| b == quote))
        else {
            return false;
        };
        let value = body.get(start..start + len).unwrap_or_default();
        let valid = match i {
            0 => {
                value.len() > 2
                    && value.starts_with(b"1.")
                    && value[2..].iter().all(u8::is_ascii_digit)
            }
            1 => {
                value.first().is_some_and(u8::is_ascii_alphabetic)
                    && value
                        .iter()
                        .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            _ => value == b"yes" || value == b"no",
        };
        if !valid {
            return false;
        }
        at = start + len + 1;
        next = i + 1;
    }
}

/// The line (from 1) of byte `at`.
pub(super) fn line_at(text: &[u8], at: usize) -> usize {
    1 + text
        .get(..at)
        .unwrap_or(text)
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
}

fn is_name_byte(b: u8) -> bool {
    is_name_start(b) || b.is_ascii_digit() || b == b'-' || b == b'.'
}

/// XML 1.0's `NameStartChar` (§2.3; the ASCII ones are also checked byte by byte).
fn is_name_start_char(c: char) -> bool {
    matches!(c,
        ':' | 'A'..='Z' | '_' | 'a'..='z' | '\u{c0}'..='\u{d6}' | '\u{d8}'..='\u{f6}'
        | '\u{f8}'..='\u{2ff}' | '\u{370}'..='\u{37d}' | '\u{37f}'..='\u{1fff}'
        | '\u{200c}'..='\u{200d}' | '\u{2070}'..='\u{218f}' | '\u{2c00}'..='\u{2fef}'
        | '\u{3001}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{fffd}'
        | '\u{10000}'..='\u{effff}')
}

/// XML 1.0's `NameChar`.
fn is_name_char(c: char) -> bool {
    is_name_start_char(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{b7}' | '\u{300}'..='\u{36f}' | '\u{203f}'..='\u{2040}')
}

/// Whether `c` is an XML 1.0 `Char` (a `str` holds no surrogates).
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}')
}

impl<'t> Reader<'t> {
    fn rest(&self) -> &'t [u8] {
        self.text.as_bytes().get(self.at..).unwrap_or_default()
    }

    fn slice(&self, range: Range<usize>) -> &'t str {
        self.text.get(range).unwrap_or_default()
    }

    fn fail_at(&self, at: usize, what: &str) -> Error {
        xml_error(format!(
            "the SVG is not well-formed XML: {what} (line {})",
            line_at(self.text.as_bytes(), at)
        ))
    }

    fn fail(&self, what: &str) -> Error {
        self.fail_at(self.at, what)
    }

    fn node(&mut self) -> Result<()> {
        self.nodes += 1;
        if self.nodes > self.max_nodes {
            return Err(Error::limit(
                crate::code::Code::SvgTooManyNodes,
                format!(
                    "the SVG has more than the limit of {} XML nodes",
                    self.max_nodes
                ),
            ));
        }
        Ok(())
    }

    fn skip_spaces(&mut self) -> bool {
        let start = self.at;
        while self.rest().first().is_some_and(|&b| is_xml_space(b)) {
            self.at += 1;
        }
        self.at > start
    }

    /// Steps over `open` bytes of markup, then reads up to `close`: the text
    /// between, read in `mode`.
    fn until(&mut self, open: usize, close: &[u8], mode: Mode, what: &str) -> Result<String> {
        let start = self.at + open;
        let end = find(self.text.as_bytes(), start, close)
            .ok_or_else(|| self.fail(&format!("{what} that never ends")))?;
        self.at = end + close.len();
        self.decode(start..end, mode)
    }

    /// A name (with or without a prefix).
    fn name(&mut self) -> Result<&'t str> {
        let start = self.at;
        if !self.rest().first().is_some_and(|&b| is_name_start(b)) {
            return Err(self.fail("a name is missing"));
        }
        while self.rest().first().is_some_and(|&b| is_name_byte(b)) {
            self.at += 1;
        }
        let name = self.slice(start..self.at);
        let mut chars = name.chars();
        if !chars.next().is_some_and(is_name_start_char) || !chars.all(is_name_char) {
            return Err(self.fail_at(start, "a name with a character XML names cannot hold"));
        }
        Ok(name)
    }

    /// A qualified name's prefix ("" when it has none) and local part.
    fn split(&self, name: &'t str, at: usize) -> Result<(&'t str, &'t str)> {
        match name.split_once(':') {
            None => Ok(("", name)),
            Some((p, l)) if !p.is_empty() && !l.is_empty() && !l.contains(':') => Ok((p, l)),
            _ => Err(self.fail_at(at, "a name with a misplaced colon")),
        }
    }

    /// The namespace `prefix` is bound to ("" for the default namespace).
    fn lookup(&self, prefix: &str) -> Option<&str> {
        self.lookup_in(self.bindings.len(), prefix)
    }

    /// The same among the first `scope` bindings (an element's parent's scope).
    fn lookup_in(&self, scope: usize, prefix: &str) -> Option<&str> {
        if prefix == "xml" {
            return Some(NS_XML);
        }
        let bindings = self.bindings.get(..scope).unwrap_or_default();
        let (_, ns) = bindings.iter().rev().find(|(p, _)| *p == prefix)?;
        Some(ns.as_str()).filter(|ns| !ns.is_empty())
    }

    /// A comment or a processing instruction, after optional whitespace:
    /// whether there was one.
    fn misc(&mut self) -> Result<bool> {
        self.skip_spaces();
        let start = self.at;
        if self.rest().starts_with(b"<!--") {
            let body = self.until(4, b"-->", Mode::Literal, "a comment")?;
            if body.contains("--") || body.ends_with('-') {
                return Err(self.fail_at(start, "a comment with \"--\" in it"));
            }
        } else if self.rest().starts_with(b"<?") {
            self.at += 2;
            let target = self.name()?;
            if target.eq_ignore_ascii_case("xml") {
                return Err(self.fail_at(start, "an XML declaration after the start"));
            }
            if !self.rest().starts_with(b"?>") && !self.skip_spaces() {
                return Err(self.fail("a processing instruction that is not well-formed"));
            }
            self.until(0, b"?>", Mode::Literal, "a processing instruction")?;
        } else {
            return Ok(false);
        }
        self.node()?;
        Ok(true)
    }

    fn start_tag(&mut self) -> Result<()> {
        let start = self.at;
        self.at += 1;
        let name = self.name()?;
        // (name, value, offset of the name)
        let mut attributes: Vec<(&'t str, String, usize)> = Vec::new();
        let empty = loop {
            let spaced = self.skip_spaces();
            let rest = self.rest();
            if rest.starts_with(b">") {
                self.at += 1;
                break false;
            } else if rest.starts_with(b"/>") {
                self.at += 2;
                break true;
            } else if rest.is_empty() || !spaced {
                return Err(self.fail_at(start, "a start tag that is not well-formed"));
            }
            let name_at = self.at;
            let attribute = self.name()?;
            self.skip_spaces();
            if !self.rest().starts_with(b"=") {
                return Err(self.fail("an attribute without a value"));
            }
            self.at += 1;
            self.skip_spaces();
            let quote = match self.rest().first() {
                Some(&q @ (b'"' | b'\'')) => q,
                _ => return Err(self.fail("an attribute value without quotes")),
            };
            let value = self.until(1, &[quote], Mode::Attribute, "an attribute value")?;
            attributes.push((attribute, value, name_at));
        };
        // Sorted by name through the shared index sort (a sort of `&str`
        // would be another copy of the standard library's sort in the wasm).
        let mut order: Vec<usize> = (0..attributes.len()).collect();
        crate::sort_indices(&mut order, &|a, b| attributes[a].0.cmp(attributes[b].0));
        if order
            .windows(2)
            .any(|w| attributes[w[0]].0 == attributes[w[1]].0)
        {
            return Err(self.fail_at(start, "an attribute given twice"));
        }

        let mark = self.bindings.len();
        for (attribute, value, at) in &attributes {
            let prefix = if *attribute == "xmlns" {
                ""
            } else if let Some(prefix) = attribute.strip_prefix("xmlns:") {
                if prefix == "xmlns" || (prefix == "xml") != (value == NS_XML) || value.is_empty() {
                    return Err(self.fail_at(*at, "a namespace declaration XML does not allow"));
                }
                prefix
            } else {
                continue;
            };
            self.split(attribute, *at)?;
            if self.bindings.len() >= MAX_NAMESPACES {
                return Err(Error::limit(
                    crate::code::Code::SvgTooManyNodes,
                    format!(
                        "the SVG has more than {MAX_NAMESPACES} namespace declarations in scope at once"
                    ),
                ));
            }
            self.bindings.push((prefix, value.clone()));
        }
        let mut verify = None;
        for (attribute, value, at) in attributes {
            match self.split(attribute, at)? {
                ("", "verify") => verify = Some(value),
                ("" | "xmlns", _) => {}
                (prefix, _) if self.lookup(prefix).is_some() => {}
                _ => return Err(self.fail_at(at, "a prefix that is not declared")),
            }
        }
        let (prefix, local) = self.split(name, start)?;
        if !prefix.is_empty() && self.lookup(prefix).is_none() {
            return Err(self.fail_at(start, "a prefix that is not declared"));
        }
        let badge = matches!(self.lookup(prefix), Some(NS_OB3 | NS_OB2))
            && matches!(local, "credential" | "assertion");
        let badge = badge.then(|| {
            self.found.badges.push(Badge {
                range: start..self.at,
                name: local,
                verify,
                text: Some(String::new()),
                parent_openbadges: self.lookup_in(mark, "openbadges").map(str::to_owned),
            });
            self.found.badges.len() - 1
        });
        // The root element is the only one read with no element open.
        if self.open.is_empty() {
            self.found.root_openbadges = self.lookup("openbadges").map(str::to_owned);
        }
        self.node()?;
        if empty {
            self.bindings.truncate(mark);
        } else {
            self.open.push(Open {
                name,
                bindings: mark,
                badge,
            });
        }
        Ok(())
    }

    fn end_tag(&mut self) -> Result<()> {
        let start = self.at;
        self.at += 2;
        let name = self.name()?;
        self.skip_spaces();
        if !self.rest().starts_with(b">") {
            return Err(self.fail_at(start, "an end tag that is not well-formed"));
        }
        self.at += 1;
        let open = self.open.pop().filter(|open| open.name == name);
        let open = open
            .ok_or_else(|| self.fail_at(start, "an end tag that does not match its start tag"))?;
        self.bindings.truncate(open.bindings);
        if let Some(badge) = open.badge.and_then(|i| self.found.badges.get_mut(i)) {
            badge.range.end = self.at;
        }
        Ok(())
    }

    fn text_run(&mut self) -> Result<()> {
        let start = self.at;
        let rest = self.rest();
        self.at += rest.iter().position(|&b| b == b'<').unwrap_or(rest.len());
        if self.slice(start..self.at).contains("]]>") {
            return Err(self.fail_at(start, "\"]]>\" in text"));
        }
        let text = self.decode(start..self.at, Mode::Text)?;
        self.add_text(text)
    }

    /// Counts a text node and adds its text to the badge element it is in.
    fn add_text(&mut self, text: String) -> Result<()> {
        self.node()?;
        let max = self.max_text;
        let badge = self.open.last().and_then(|open| open.badge);
        if let Some(badge) = badge.and_then(|i| self.found.badges.get_mut(i)) {
            match &mut badge.text {
                Some(t) if t.len().saturating_add(text.len()) <= max => t.push_str(&text),
                _ => badge.text = None,
            }
        }
        Ok(())
    }

    /// The characters of `range`, checked and read in `mode`.
    fn decode(&self, range: Range<usize>, mode: Mode) -> Result<String> {
        let start = range.start;
        let raw = self.slice(range);
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let c = match c {
                '\r' if chars.peek().is_some_and(|&(_, n)| n == '\n') => continue,
                '\r' | '\n' | '\t' if mode == Mode::Attribute => ' ',
                '\r' => '\n',
                '<' if mode == Mode::Attribute => {
                    return Err(self.fail_at(start + i, "\"<\" in an attribute value"));
                }
                '&' if mode != Mode::Literal => {
                    let end = raw
                        .get(i..)
                        .and_then(|r| r.find(';'))
                        .filter(|&len| len <= 12)
                        .ok_or_else(|| {
                            self.fail_at(start + i, "a \"&\" that starts no reference")
                        })?;
                    let name = raw.get(i + 1..i + end).unwrap_or_default();
                    while chars.next_if(|&(j, _)| j <= i + end).is_some() {}
                    reference(name).ok_or_else(|| {
                        self.fail_at(
                            start + i,
                            "a reference to an entity XML does not predefine, or to no XML character (Kiln reads no DTD)",
                        )
                    })?
                }
                c => c,
            };
            if !is_xml_char(c) {
                return Err(self.fail_at(start + i, "a character XML does not allow"));
            }
            out.push(c);
        }
        Ok(out)
    }
}

/// The character a reference (`lt`, `#10`, `#x1F`) stands for.
fn reference(name: &str) -> Option<char> {
    let (digits, radix) = match name {
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "amp" => return Some('&'),
        "apos" => return Some('\''),
        "quot" => return Some('"'),
        _ => match name.strip_prefix("#x") {
            Some(hex) => (hex, 16),
            None => (name.strip_prefix('#')?, 10),
        },
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    char::from_u32(u32::from_str_radix(digits, radix).ok()?).filter(|&c| is_xml_char(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    const OB3: &str = "xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"";

    fn read_str(text: &str) -> Result<Found<'_>> {
        let prolog = super::super::scan_prolog(text.as_bytes())?;
        read(text, &prolog, &Limits::default())
    }

    fn code(text: &str) -> crate::code::Code {
        read_str(text).unwrap_err().code()
    }

    #[test]
    fn names_hold_only_name_characters() {
        assert!(read_str("<svg><g\u{e9}t\u{b7}-1 a\u{300}=\"1\"/></svg>").is_ok());
        for bad in [
            "<svg><poly\u{fffe}gon/></svg>",
            "<svg><g \u{b7}a=\"1\"/></svg>",
            "<svg><\u{300}g/></svg>",
            "<svg><g\u{d7}/></svg>",
        ] {
            assert_eq!(code(bad), crate::code::Code::SvgXml, "{bad}");
        }
    }

    #[test]
    fn an_attribute_given_twice_is_refused() {
        assert!(read_str("<svg><g c=\"1\" a=\"2\" b=\"3\" ab=\"4\"/></svg>").is_ok());
        for bad in [
            "<svg><g a=\"1\" a=\"2\"/></svg>",
            "<svg><g c=\"1\" b=\"2\" a=\"3\" b='4'/></svg>",
            "<svg x=\"1\" y=\"2\" z=\"3\" x=\"1\"/>",
        ] {
            let e = read_str(bad).unwrap_err();
            assert!(
                e.to_string().contains("an attribute given twice"),
                "{bad}: {e}"
            );
        }
    }

    #[test]
    fn xml_declaration_grammar() {
        for good in [
            "<?xml version=\"1.0\"?><svg/>",
            "<?xml version='1.1' encoding='UTF-8' standalone='no' ?><svg/>",
            "<?xml version = \"1.0\"\n standalone=\"yes\"?><svg/>",
            "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><svg/>",
        ] {
            assert!(read_str(good).is_ok(), "{good}");
        }
        for bad in [
            "<?xml version=\"1.0\"? encoding=\"UTF-8\"?><svg/>",
            "<?xml encoding=\"UTF-8\"?><svg/>",
            "<?xml version=\"2.0\"?><svg/>",
            "<?xml version=\"1.0\"encoding=\"UTF-8\"?><svg/>",
            "<?xml version=\"1.0\" standalone=\"no\" encoding=\"UTF-8\"?><svg/>",
            "<?xml version=\"1.0\" encoding=\"8bit\"?><svg/>",
            "<?xml version=\"1.0\" standalone=\"maybe\"?><svg/>",
            "<?xml version=\"1.0' ?><svg/>",
            "<?xml version=\"1.0\" x ?><svg/>",
        ] {
            assert_eq!(code(bad), crate::code::Code::SvgXml, "{bad}");
        }
    }

    #[test]
    fn text_references_and_line_ends() {
        let svg = format!(
            "<svg {OB3}><openbadges:credential>a&lt;&gt;&amp;&apos;&quot;&#65;&#x42;\r\nc\rd<![CDATA[&lt;\r\n]]><!-- x --><g>skipped</g>e</openbadges:credential></svg>"
        );
        let found = read_str(&svg).unwrap();
        assert_eq!(found.badges.len(), 1);
        assert_eq!(
            found.badges[0].text.as_deref(),
            Some("a<>&'\"AB\nc\nd&lt;\ne")
        );
        assert_eq!(
            &svg[found.badges[0].range.clone()],
            &svg[svg.find("<openbadges:credential").unwrap()..svg.len() - 6]
        );
    }

    #[test]
    fn attributes_are_normalized() {
        let svg =
            format!("<svg {OB3}><openbadges:credential verify='a\r\n b\tc&#10;d&amp;'/></svg>");
        let found = read_str(&svg).unwrap();
        assert_eq!(found.badges[0].verify.as_deref(), Some("a  b c\nd&"));
    }

    #[test]
    fn namespaces_decide_what_is_a_badge() {
        // The default namespace, and a prefix other than `openbadges`.
        let svg = "<svg><credential xmlns=\"http://openbadges.org\"/><x:assertion xmlns:x=\"https://purl.imsglobal.org/ob/v3p0\"/></svg>";
        assert_eq!(read_str(svg).unwrap().badges.len(), 2);
        // The right name in another namespace, or a prefix bound elsewhere, is not one.
        let svg = format!(
            "<svg {OB3}><g xmlns:openbadges=\"urn:other\"><openbadges:credential/></g><credential/></svg>"
        );
        let found = read_str(&svg).unwrap();
        assert!(found.badges.is_empty());
        assert_eq!(found.root_openbadges.as_deref(), Some(NS_OB3));
        // What the prefix means in the badge's parent.
        let svg = "<svg xmlns:openbadges=\"urn:a\"><g xmlns:openbadges=\"http://openbadges.org\"><openbadges:assertion xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"/></g></svg>";
        let found = read_str(svg).unwrap();
        assert_eq!(found.badges[0].parent_openbadges.as_deref(), Some(NS_OB2));
        assert_eq!(found.root_openbadges.as_deref(), Some("urn:a"));
    }

    #[test]
    fn not_well_formed() {
        for svg in [
            "<svg><g></svg>",
            "<svg></g>",
            "<svg>",
            "<svg a=\"1\" a=\"2\"/>",
            "<svg a=\"1\"b=\"2\"/>",
            "<svg a=1/>",
            "<svg a=\"<\"/>",
            "<svg>&nbsp;</svg>",
            "<svg>&#0;</svg>",
            "<svg>&#xD800;</svg>",
            "<svg>&#+65;</svg>",
            "<svg>a & b</svg>",
            "<svg>\u{1}</svg>",
            "<svg>]]></svg>",
            "<svg><!-- a -- b --></svg>",
            "<svg><!-- a ---></svg>",
            "<svg><?xml version=\"1.0\"?></svg>",
            "<svg><!DOCTYPE svg></svg>",
            "<svg><![CDATA[x</svg>",
            "<svg/><g/>",
            "<svg/>text",
            "<x:svg/>",
            "<svg x:a=\"1\"/>",
            "<svg xmlns:p=\"\"/>",
            "<svg xmlns:xml=\"urn:x\"/>",
            "<svg><a:b:c xmlns:a=\"urn:a\"/></svg>",
            "<svg><?pi?x?></svg>",
            "<!-- c --><?xml version=\"1.0\"?><svg/>",
        ] {
            assert_eq!(code(svg), "svg-xml", "{svg}");
        }
        // What is well-formed, for contrast.
        for svg in [
            "<?xml version=\"1.0\"?>\n<?pi x?><!-- c --><svg a = '1' xml:space=\"preserve\" xmlns:xml=\"http://www.w3.org/XML/1998/namespace\"/><!-- after --><?pi?>\n",
            "<svg><![CDATA[<&]]>&#x10FFFF;<g   /></svg  >",
            "\u{feff}<svg>\u{e9}</svg>",
        ] {
            read_str(svg).unwrap_or_else(|e| panic!("{svg}: {e}"));
        }
    }

    #[test]
    fn namespaces_in_scope_are_bounded() {
        let many = |n: usize| {
            let decls: String = (0..n).map(|i| format!(" xmlns:p{i}=\"urn:{i}\"")).collect();
            format!("<svg{decls}><g xmlns:q=\"urn:q\"/></svg>")
        };
        read_str(&many(MAX_NAMESPACES - 1)).unwrap();
        assert_eq!(
            read_str(&many(MAX_NAMESPACES)).unwrap_err().code(),
            "svg-too-many-nodes"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = read_str("<svg>\n<g>\n</svg>").unwrap_err();
        assert!(e.to_string().ends_with("(line 3)"), "{e}");
        assert_eq!(line_at(b"a\nb\nc", 4), 3);
    }

    #[test]
    fn limits_hold() {
        let limits = Limits {
            max_svg_nodes: 4,
            max_payload_bytes: 4,
            ..Limits::default()
        };
        let read_with = |svg: &str| {
            let prolog = super::super::scan_prolog(svg.as_bytes())?;
            read(svg, &prolog, &limits).map(|f| f.badges.first().map(|b| b.text.clone()))
        };
        assert_eq!(read_with("<svg><g/><!-- c --><g/></svg>").unwrap(), None);
        assert_eq!(
            read_with("<svg><g/>t<!-- c --><g/></svg>")
                .unwrap_err()
                .code(),
            "svg-too-many-nodes"
        );
        let svg = format!("<svg {OB3}><openbadges:credential>abcd</openbadges:credential></svg>");
        assert_eq!(read_with(&svg).unwrap(), Some(Some("abcd".into())));
        let svg = format!(
            "<svg {OB3}><openbadges:credential>ab<![CDATA[cde]]></openbadges:credential></svg>"
        );
        assert_eq!(read_with(&svg).unwrap(), Some(None));
    }
}
