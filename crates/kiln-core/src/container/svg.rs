//! Baked SVG badges: the `openbadges:credential` (OB 3.0) or
//! `openbadges:assertion` (OB 2.0) element, found and placed by byte
//! positions from Kiln's XML reader (`xml`), which reads the whole
//! document as XML but keeps only the baked element.
//!
//! Reading accepts what real bakers write: the namespace declared on the
//! element instead of the root, the element at the end of the document, the
//! JSON entity-escaped instead of in CDATA, a payload split over several CDATA
//! sections, surrounding whitespace. The JSON body is preferred over the
//! `verify` attribute when both exist. A DOCTYPE is accepted (1EdTech's
//! samples carry the SVG 1.1 one), but one with an internal subset is refused
//! before parsing, and the XML reader never reads a DTD at all: no entity is
//! declared, expanded or fetched, and only XML's five predefined entities and
//! character references are read.

use super::{BakeOptions, ContainerKind, Unbaked, check_payload, finish_unbake};
use crate::payload::PayloadKind;
use crate::{
    error::{Error, Result},
    limits::Limits,
};
use std::ops::Range;

mod xml;

/// The Open Badges 3.0 namespace for the baked element.
pub const NS_OB3: &str = "https://purl.imsglobal.org/ob/v3p0";
/// The Open Badges 2.0 namespace for the baked element.
pub const NS_OB2: &str = "http://openbadges.org";

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Where the document's prolog ends and what it holds.
#[derive(Debug, Clone)]
pub(crate) struct Prolog {
    /// Offset of the `<` of the root element.
    root_start: usize,
    /// Offset just past the root element's name.
    name_end: usize,
    /// The DOCTYPE declaration, when there is one.
    doctype: Option<Doctype>,
}

/// A DOCTYPE declaration found in the prolog.
#[derive(Debug, Clone)]
struct Doctype {
    /// From its `<` to just past its `>`.
    range: Range<usize>,
    /// The offset of the `[` that opens its internal subset, when it has one.
    subset: Option<usize>,
}

impl Prolog {
    /// The root element's qualified name.
    pub(crate) fn root_name<'a>(&self, bytes: &'a [u8]) -> &'a [u8] {
        bytes
            .get(self.root_start + 1..self.name_end)
            .unwrap_or_default()
    }
}

/// Whether a qualified element name is `svg` (with or without a prefix).
pub(crate) fn is_svg_name(name: &[u8]) -> bool {
    name == b"svg" || name.ends_with(b":svg")
}

/// Whether the first non-blank byte (after a BOM) opens markup.
pub(crate) fn looks_like_markup(bytes: &[u8]) -> bool {
    let rest = bytes.strip_prefix(BOM).unwrap_or(bytes);
    rest.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

fn xml_error(message: String) -> Error {
    Error::malformed(crate::code::Code::SvgXml, message)
}

/// Walks the prolog (BOM, whitespace, XML declaration, comments, processing
/// instructions, DOCTYPE) up to the root element's start tag.
pub(crate) fn scan_prolog(bytes: &[u8]) -> Result<Prolog> {
    let mut at = if bytes.starts_with(BOM) { BOM.len() } else { 0 };
    let mut doctype = None;
    loop {
        while bytes.get(at).is_some_and(u8::is_ascii_whitespace) {
            at += 1;
        }
        let rest = bytes.get(at..).unwrap_or_default();
        if rest.is_empty() {
            return Err(xml_error(
                "the XML document ends before its root element".into(),
            ));
        } else if rest.starts_with(b"<?") {
            let end = find(bytes, at + 2, b"?>").ok_or_else(|| {
                xml_error(format!(
                    "the processing instruction at byte {at} never ends"
                ))
            })?;
            at = end + 2;
        } else if rest.starts_with(b"<!--") {
            let end = find(bytes, at + 4, b"-->")
                .ok_or_else(|| xml_error(format!("the comment at byte {at} never ends")))?;
            at = end + 3;
        } else if rest.starts_with(b"<!DOCTYPE") {
            if doctype.is_some() {
                return Err(xml_error(format!("a second DOCTYPE at byte {at}")));
            }
            let found = read_doctype(bytes, at)?;
            at = found.range.end;
            doctype = Some(found);
        } else if rest.len() > 1 && rest[0] == b'<' && is_name_start(rest[1]) {
            let name_end = rest
                .iter()
                .skip(1)
                .position(|&b| b.is_ascii_whitespace() || b == b'/' || b == b'>')
                .map_or(bytes.len(), |p| at + 1 + p);
            return Ok(Prolog {
                root_start: at,
                name_end,
                doctype,
            });
        } else {
            return Err(xml_error(format!(
                "unexpected content at byte {at} before the root element"
            )));
        }
    }
}

fn is_name_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':' || b >= 0x80
}

/// Reads the DOCTYPE declaration starting at `start` by its grammar
/// (XML 1.0 §2.8): `<!DOCTYPE` S Name (S ExternalID)? S? ('[' intSubset ']' S?)? '>',
/// where ExternalID is `SYSTEM` S literal or `PUBLIC` S literal S literal.
///
/// An internal subset is only stepped over here (quoted strings, comments and
/// processing instructions in it are skipped) so that the root element can be
/// named; [`parse`] refuses every document that has one.
fn read_doctype(bytes: &[u8], start: usize) -> Result<Doctype> {
    let never_ends = || xml_error(format!("the DOCTYPE at byte {start} never ends"));
    let unexpected = |at: usize, what: &str| {
        xml_error(format!(
            "the DOCTYPE at byte {start} is not well-formed: {what} at byte {at}"
        ))
    };
    let is_space = |at: usize| bytes.get(at).is_some_and(|b| is_xml_space(*b));
    let skip_spaces = |mut at: usize| {
        while is_space(at) {
            at += 1;
        }
        at
    };
    // A quoted literal starting at `at`: the offset just past its closing quote.
    let literal = |at: usize| -> Result<usize> {
        match bytes.get(at) {
            Some(&q @ (b'"' | b'\'')) => find(bytes, at + 1, &[q])
                .map(|end| end + 1)
                .ok_or_else(never_ends),
            Some(_) => Err(unexpected(at, "a quoted literal is missing")),
            None => Err(never_ends()),
        }
    };
    // Whitespace that must be there, then what follows it.
    let spaces = |at: usize, before: &str| -> Result<usize> {
        if is_space(at) {
            Ok(skip_spaces(at))
        } else if at >= bytes.len() {
            Err(never_ends())
        } else {
            Err(unexpected(
                at,
                &format!("whitespace is missing before {before}"),
            ))
        }
    };
    let mut at = spaces(start + b"<!DOCTYPE".len(), "the document type name")?;
    let name_start = at;
    while bytes
        .get(at)
        .is_some_and(|&b| !is_xml_space(b) && b != b'>' && b != b'[')
    {
        at += 1;
    }
    if at == name_start {
        return Err(unexpected(at, "the document type name is missing"));
    }
    let after_name = at;
    at = skip_spaces(at);
    let rest = bytes.get(at..).unwrap_or_default();
    if at > after_name && (rest.starts_with(b"SYSTEM") || rest.starts_with(b"PUBLIC")) {
        let public = rest.starts_with(b"PUBLIC");
        at = literal(spaces(at + 6, "the identifier")?)?;
        if public {
            at = literal(spaces(at, "the system identifier")?)?;
        }
        at = skip_spaces(at);
    }
    let mut subset = None;
    if bytes.get(at) == Some(&b'[') {
        subset = Some(at);
        at = skip_subset(bytes, at + 1).ok_or_else(never_ends)?;
        at = skip_spaces(at);
    }
    match bytes.get(at) {
        Some(b'>') => Ok(Doctype {
            range: start..at + 1,
            subset,
        }),
        Some(_) => Err(unexpected(at, "unexpected content")),
        None => Err(never_ends()),
    }
}

/// The offset just past the `]` that closes an internal subset whose content
/// starts at `at`, stepping over quoted strings, comments and processing
/// instructions; `None` when it never closes.
fn skip_subset(bytes: &[u8], mut at: usize) -> Option<usize> {
    loop {
        let rest = bytes.get(at..)?;
        if rest.starts_with(b"<!--") {
            at = find(bytes, at + 4, b"-->")? + 3;
        } else if rest.starts_with(b"<?") {
            at = find(bytes, at + 2, b"?>")? + 2;
        } else {
            match rest.first()? {
                &q @ (b'"' | b'\'') => at = find(bytes, at + 1, &[q])? + 1,
                b']' => return Some(at + 1),
                _ => at += 1,
            }
        }
    }
}

/// XML's whitespace: space, tab, CR, LF.
fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// The checked text of an SVG document and its prolog: within the size
/// limit, UTF-8, an `<svg>` root, no DOCTYPE internal subset.
fn checked_text<'a>(bytes: &'a [u8], limits: &Limits) -> Result<(&'a str, Prolog)> {
    super::check_image_size(bytes, limits)?;
    let prolog = scan_prolog(bytes)?;
    if let Some(Doctype {
        range,
        subset: Some(at),
    }) = &prolog.doctype
    {
        return Err(Error::unsupported(
            crate::code::Code::SvgDtdSubset,
            format!(
                "the DOCTYPE at byte {} has an internal subset (the \"[\" at byte {at}); Kiln refuses DOCTYPE internal subsets, since their entity declarations serve only entity-expansion and external-entity attacks",
                range.start
            ),
        ));
    }
    if !is_svg_name(prolog.root_name(bytes)) {
        return Err(Error::unsupported(
            crate::code::Code::ImageNotSvg,
            format!(
                "the XML root element is <{}>, not <svg>",
                String::from_utf8_lossy(prolog.root_name(bytes))
                    .chars()
                    .take(40)
                    .collect::<String>()
            ),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Error::unsupported(
            crate::code::Code::SvgUtf8,
            format!(
                "the SVG is not UTF-8 (bad byte at offset {})",
                e.valid_up_to()
            ),
        )
    })?;
    Ok((text, prolog))
}

/// The one baked badge element among `found`, if any.
fn one_badge<'f, 't>(
    text: &str,
    found: &'f [xml::Badge<'t>],
) -> Result<Option<&'f xml::Badge<'t>>> {
    match found {
        [] => Ok(None),
        [one] => Ok(Some(one)),
        _ => {
            let lines: Vec<String> = found
                .iter()
                .map(|b| xml::line_at(text.as_bytes(), b.range.start).to_string())
                .collect();
            Err(Error::malformed(
                crate::code::Code::AmbiguousBadge,
                format!(
                    "the SVG holds {} baked badge elements (lines {}); which one counts is ambiguous",
                    found.len(),
                    lines.join(", ")
                ),
            ))
        }
    }
}

/// Reads the baked payload of an SVG badge.
pub fn unbake(image: &[u8], limits: &Limits) -> Result<Unbaked> {
    let (text, prolog) = checked_text(image, limits)?;
    let found = xml::read(text, &prolog, limits)?;
    let element = one_badge(text, &found.badges)?.ok_or_else(|| {
        Error::malformed(
            crate::code::Code::NoBadge,
            "no credential is baked into this SVG",
        )
    })?;
    let Some(body) = &element.text else {
        return Err(Error::limit(
            crate::code::Code::PayloadTooLarge,
            format!(
                "the baked payload is more than the limit of {} bytes",
                limits.max_payload_bytes
            ),
        ));
    };
    let body = body.trim();
    let verify = element
        .verify
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty());
    let payload = match verify {
        Some(v) if !body.starts_with('{') => v,
        _ if !body.is_empty() => body,
        _ => {
            let line = xml::line_at(text.as_bytes(), element.range.start);
            return Err(Error::malformed(
                crate::code::Code::SvgEmptyBadge,
                format!(
                    "the <{}> element on line {line} holds no credential",
                    element.name
                ),
            ));
        }
    };
    finish_unbake(ContainerKind::Svg, payload.to_owned(), limits)
}

/// The end of the start tag beginning at `start`: the offset of its `>` and
/// whether it is self-closing (`/>`). Quoted attribute values are skipped.
fn start_tag_end(text: &[u8], start: usize) -> Option<(usize, bool)> {
    let mut quote: Option<u8> = None;
    let mut at = start.checked_add(1)?;
    while let Some(&b) = text.get(at) {
        match (quote, b) {
            (Some(q), b) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some((at, at > 0 && text.get(at - 1) == Some(&b'/'))),
            _ => {}
        }
        at += 1;
    }
    None
}

fn escape_attribute(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c => out.push(c),
        }
    }
    out
}

/// The payload as CDATA; every `]]>` in it is split over two sections, and
/// every carriage return is written as `&#13;` between sections (XML parsers
/// turn a literal CR LF into LF, even inside CDATA; a character reference
/// survives).
fn cdata(payload: &str) -> String {
    let body = payload
        .replace("]]>", "]]]]><![CDATA[>")
        .replace('\r', "]]>&#13;<![CDATA[");
    format!("<![CDATA[{body}]]>")
}

/// The `verify` URL of an OB 2.0 JSON assertion: `verify.url`, else an http(s) `id`.
fn ob2_verify_url(json: &str, limits: &Limits) -> Option<String> {
    let value = crate::credential::read_json(json, limits, "the assertion").ok()?;
    let is_url = |s: &&str| matches!(crate::payload::classify(s), Ok(PayloadKind::HostedUrl));
    let url = value
        .get("verify")
        .and_then(|v| v.get("url"))
        .and_then(|u| u.as_str())
        .filter(is_url);
    url.or_else(|| value.get("id").and_then(|i| i.as_str()).filter(is_url))
        .map(str::to_owned)
}

/// The baked element for `payload`, with `extra` attributes (a namespace
/// declaration) when needed.
fn badge_element(
    payload: &str,
    kind: PayloadKind,
    ob2: bool,
    extra: &str,
    limits: &Limits,
) -> String {
    let name = if ob2 {
        "openbadges:assertion"
    } else {
        "openbadges:credential"
    };
    match kind {
        PayloadKind::Ob3Credential => format!("<{name}{extra}>{}</{name}>", cdata(payload)),
        PayloadKind::Ob2Assertion => match ob2_verify_url(payload, limits) {
            Some(url) => format!(
                "<{name}{extra} verify=\"{}\">{}</{name}>",
                escape_attribute(&url),
                cdata(payload)
            ),
            None => format!("<{name}{extra}>{}</{name}>", cdata(payload)),
        },
        _ => format!(
            "<{name}{extra} verify=\"{}\"></{name}>",
            escape_attribute(payload)
        ),
    }
}

/// Bakes `payload` into an SVG: replaces the baked element's byte range, or
/// inserts the element right after the root start tag, and declares the
/// `openbadges` namespace on the root when it is missing. Every other byte is
/// copied unchanged.
pub fn bake(
    image: &[u8],
    payload: &str,
    options: &BakeOptions,
    limits: &Limits,
) -> Result<Vec<u8>> {
    let (payload, kind) = check_payload(payload, options, limits)?;
    let (text, prolog) = checked_text(image, limits)?;
    let found = xml::read(text, &prolog, limits)?;
    let ns = if options.ob2 { NS_OB2 } else { NS_OB3 };
    let existing = one_badge(text, &found.badges)?;
    let root_start = prolog.root_start;
    let (gt, self_closing) = start_tag_end(text.as_bytes(), root_start).ok_or_else(|| {
        Error::malformed(
            crate::code::Code::SvgXml,
            format!("the <svg> start tag at byte {root_start} never ends"),
        )
    })?;
    // What the prefix means where the element goes: the old element's parent, or the root.
    let bound = match existing {
        Some(old) => old.parent_openbadges.as_deref(),
        None => found.root_openbadges.as_deref(),
    };
    let declaration = format!(" xmlns:openbadges=\"{ns}\"");
    let (on_root, on_element) = match bound {
        Some(b) if b == ns => ("", ""),
        None => (declaration.as_str(), ""),
        Some(_) => ("", declaration.as_str()),
    };
    let element = badge_element(payload, kind, options.ob2, on_element, limits);
    // Edits as (range replaced, new text), in document order.
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let tag_close = if self_closing { gt - 1 } else { gt };
    match existing {
        Some(old) => {
            if !on_root.is_empty() {
                edits.push((tag_close..tag_close, on_root.to_owned()));
            }
            edits.push((old.range.clone(), element));
        }
        None if self_closing => {
            let qname = text
                .get(root_start + 1..tag_close)
                .and_then(|s| s.split([' ', '\t', '\r', '\n', '/']).next());
            let qname = qname.unwrap_or("svg");
            edits.push((tag_close..gt + 1, format!("{on_root}>{element}</{qname}>")));
        }
        None => {
            if !on_root.is_empty() {
                edits.push((tag_close..tag_close, on_root.to_owned()));
            }
            edits.push((gt + 1..gt + 1, element));
        }
    }
    let added: usize = edits.iter().map(|(_, s)| s.len()).sum();
    let mut out = Vec::with_capacity(image.len().saturating_add(added));
    let mut copied = 0;
    for (range, new) in &edits {
        out.extend_from_slice(image.get(copied..range.start).unwrap_or_default());
        out.extend_from_slice(new.as_bytes());
        copied = range.end;
    }
    out.extend_from_slice(image.get(copied..).unwrap_or_default());
    // The result must read back to exactly the payload (catches text XML cannot carry).
    match unbake(&out, limits) {
        Ok(u) if u.payload == payload => Ok(out),
        Ok(_) => Err(Error::unsupported(
            crate::code::Code::SvgBakeCheck,
            "the payload does not survive being stored in SVG text",
        )),
        Err(e) => Err(Error::unsupported(
            crate::code::Code::SvgBakeCheck,
            format!("the baked SVG does not read back: {e}"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OB3: &str = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"],"n":"a]]>b"}"#;

    #[test]
    fn prolog_and_doctype() {
        let svg = b"<?xml version=\"1.0\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        let p = scan_prolog(svg).unwrap();
        assert_eq!(p.root_name(svg), b"svg");
        assert!(p.doctype.is_some());
        let bomb = b"<!DOCTYPE svg [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;\">]><svg>&b;</svg>";
        assert_eq!(
            unbake(bomb, &Limits::default()).unwrap_err().code(),
            "svg-dtd-subset"
        );
        assert_eq!(
            scan_prolog(b"<!DOCTYPE svg [ ").unwrap_err().code(),
            "svg-xml"
        );
    }

    #[test]
    fn start_tags() {
        assert_eq!(start_tag_end(b"<svg a='>' b=\"/>\">", 0), Some((17, false)));
        assert_eq!(start_tag_end(b"<svg a='x'/>", 0), Some((11, true)));
        assert_eq!(start_tag_end(b"<svg a='x", 0), None);
    }

    #[test]
    fn bakes_self_closing_root_and_splits_cdata() {
        let l = Limits::default();
        let out = bake(
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            OB3,
            &BakeOptions::default(),
            &l,
        )
        .unwrap();
        let s = String::from_utf8(out.clone()).unwrap();
        assert!(s.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential><![CDATA["), "{s}");
        assert!(s.ends_with("</openbadges:credential></svg>"));
        assert!(s.contains("a]]]]><![CDATA[>b"));
        assert_eq!(unbake(&out, &l).unwrap().payload, OB3);
    }

    #[test]
    fn conflicting_prefix_goes_on_the_element() {
        let l = Limits::default();
        let svg = b"<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\"><g/></svg>";
        let out = bake(svg, OB3, &BakeOptions::default(), &l).unwrap();
        let s = String::from_utf8(out.clone()).unwrap();
        assert!(
            s.contains(
                "<openbadges:credential xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\">"
            ),
            "{s}"
        );
        assert_eq!(unbake(&out, &l).unwrap().payload, OB3);
    }

    #[test]
    fn empty_element_is_an_error() {
        let svg = b"<svg xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"><openbadges:credential>  </openbadges:credential></svg>";
        assert_eq!(
            unbake(svg, &Limits::default()).unwrap_err().code(),
            "svg-empty-badge"
        );
    }

    #[test]
    fn ob2_json_gets_verify_url() {
        let l = Limits::default();
        let json = r#"{"verify":{"url":"http://example.org/a?x=1&y=2"}}"#;
        let out = bake(b"<svg/>", json, &BakeOptions { ob2: true }, &l).unwrap();
        let s = String::from_utf8(out.clone()).unwrap();
        assert!(
            s.contains(
                "<openbadges:assertion verify=\"http://example.org/a?x=1&amp;y=2\"><![CDATA["
            ),
            "{s}"
        );
        assert_eq!(unbake(&out, &l).unwrap().payload, json);
    }
}
