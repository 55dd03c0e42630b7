//! Badge images: find, read, insert and replace the baked credential in a PNG
//! or SVG file.
//!
//! # Splice, never re-encode
//! Baking never decodes or re-encodes the image. In a PNG the chunks are
//! walked (every length and CRC checked), the baked `iTXt` chunk is inserted
//! just before `IEND` (or an existing one is replaced where it stands), and
//! every other byte of the file is copied unchanged: the pixels, the colour
//! profile and every other chunk stay byte for byte what they were. In an SVG
//! Kiln's XML reader (`svg::xml`: the whole document read as XML, with byte
//! positions) finds the root start tag and any baked element; the new element is inserted right after the
//! root `<svg ...>` start tag (or replaces the old element's byte range), and
//! the `xmlns:openbadges` declaration is added to the start tag when it is
//! missing. The artwork bytes are never touched.
//!
//! # DOCTYPEs
//! Real badges carry DOCTYPEs (1EdTech's own samples start with the SVG 1.1
//! one), so a DOCTYPE is accepted. The external DTD it names is never
//! fetched. Before the XML reader runs, the DOCTYPE is read by its grammar
//! and any internal subset is refused: entity declarations are what
//! entity-expansion bombs and external-entity reads need, and no real badge
//! uses them. The reader itself knows only XML's predefined entities.
//!
//! # Limits
//! Every length is checked against the input and the [`Limits`] before
//! anything is allocated; a compressed `iTXt` chunk is inflated with an
//! output cap of [`Limits::max_payload_bytes`]; an SVG may hold at most
//! [`Limits::max_svg_nodes`] nodes.

#[cfg(feature = "internals")]
pub mod png;
#[cfg(not(feature = "internals"))]
mod png;
#[cfg(feature = "internals")]
pub mod svg;
#[cfg(not(feature = "internals"))]
mod svg;

/// The CRC-32 of PNG chunks, which gzip (status lists) uses too.
pub(crate) use png::crc32;

use crate::payload::PayloadKind;
use crate::{
    error::{Error, Result},
    limits::Limits,
};

/// The image formats a badge can be baked into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContainerKind {
    /// A PNG image (`iTXt` chunk).
    Png,
    /// An SVG image (`openbadges:credential` or `openbadges:assertion` element).
    Svg,
}

impl ContainerKind {
    /// `"png"` or `"svg"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ContainerKind::Png => "png",
            ContainerKind::Svg => "svg",
        }
    }
}

/// What [`unbake`] found in a badge image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbaked {
    /// The image format.
    pub container: ContainerKind,
    /// The baked text, exactly as stored (for SVG text content: without the
    /// surrounding whitespace, with entities decoded and CDATA sections joined).
    pub payload: String,
    /// What the payload is.
    pub kind: PayloadKind,
    /// The payload as read, when it is JSON (what classifying it read).
    pub(crate) json: Option<serde_json::Value>,
}

/// How to bake.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BakeOptions {
    /// Bake the Open Badges 2.0 way: PNG keyword `openbadges`, SVG element
    /// `<openbadges:assertion>` in the `http://openbadges.org` namespace.
    /// The payload must then be an OB 2.0 assertion, signed assertion or URL;
    /// without it, an OB 3.0 credential (JSON or VC-JWT).
    pub ob2: bool,
}

/// Tells a PNG from an SVG by its first bytes.
///
/// PNG: the 8-byte signature. SVG: XML (an optional BOM, whitespace, XML
/// declaration, comments, processing instructions and DOCTYPE) whose root
/// element is `svg`. Anything else is `None`.
pub fn sniff(bytes: &[u8]) -> Option<ContainerKind> {
    if bytes.starts_with(&png::SIGNATURE) {
        return Some(ContainerKind::Png);
    }
    let prolog = svg::scan_prolog(bytes).ok()?;
    svg::is_svg_name(prolog.root_name(bytes)).then_some(ContainerKind::Svg)
}

/// Refuses an image larger than `limits.max_input_bytes` before any work on it.
pub(crate) fn check_image_size(image: &[u8], limits: &Limits) -> Result<()> {
    if image.len() > limits.max_input_bytes {
        return Err(Error::limit(
            crate::code::Code::InputTooLarge,
            format!(
                "the image is {} bytes, more than the limit of {} bytes",
                image.len(),
                limits.max_input_bytes
            ),
        ));
    }
    Ok(())
}

fn container_of(image: &[u8], limits: &Limits) -> Result<ContainerKind> {
    if image.is_empty() {
        return Err(Error::malformed(
            crate::code::Code::ImageEmpty,
            "the image is empty (0 bytes)",
        ));
    }
    check_image_size(image, limits)?;
    if let Some(kind) = sniff(image) {
        return Ok(kind);
    }
    // Say why an SVG candidate failed when it looks like XML at all.
    if let Err(e) = svg::scan_prolog(image) {
        if svg::looks_like_markup(image) {
            return Err(e);
        }
    } else if svg::looks_like_markup(image) {
        return Err(Error::unsupported(
            crate::code::Code::ImageNotSvg,
            "the image is XML but its root element is not <svg>",
        ));
    }
    Err(Error::unsupported(
        crate::code::Code::ImageUnknown,
        "the image is neither a PNG nor an SVG",
    ))
}

/// Reads the baked credential from a PNG or SVG badge.
///
/// Errors: not a PNG or SVG, a broken file (bad CRC, truncated chunk, XML
/// error), no baked payload ("no credential is baked into this PNG"), several
/// baked chunks or elements (`ambiguous-badge`), a payload of unknown kind, or
/// a limit exceeded.
pub fn unbake(image: &[u8], limits: &Limits) -> Result<Unbaked> {
    match container_of(image, limits)? {
        ContainerKind::Png => png::unbake(image, limits),
        ContainerKind::Svg => svg::unbake(image, limits),
    }
}

/// Bakes `payload` into a PNG or SVG badge and returns the new image.
///
/// Surrounding whitespace of `payload` is not baked. An already baked image
/// has its payload replaced. The payload's kind must match the options: an
/// OB 3.0 credential (JSON or VC-JWT) by default, an OB 2.0 assertion, signed
/// assertion or hosted URL with [`BakeOptions::ob2`].
pub fn bake(
    image: &[u8],
    payload: &str,
    options: &BakeOptions,
    limits: &Limits,
) -> Result<Vec<u8>> {
    match container_of(image, limits)? {
        ContainerKind::Png => png::bake(image, payload, options, limits),
        ContainerKind::Svg => svg::bake(image, payload, options, limits),
    }
}

/// Checks a payload before baking: its size, its kind, and that the kind fits
/// the options. Returns the trimmed payload and its kind.
pub(crate) fn check_payload<'a>(
    payload: &'a str,
    options: &BakeOptions,
    limits: &Limits,
) -> Result<(&'a str, PayloadKind)> {
    let payload = payload.trim();
    if payload.len() > limits.max_payload_bytes {
        return Err(Error::limit(
            crate::code::Code::PayloadTooLarge,
            format!(
                "the credential is {} bytes, more than the limit of {} bytes",
                payload.len(),
                limits.max_payload_bytes
            ),
        ));
    }
    let kind = crate::payload::classify_within(payload, limits)?;
    if options.ob2 != kind.is_ob2() {
        let hint = if options.ob2 {
            "an Open Badges 2.0 bake needs an OB 2.0 assertion, signed assertion or URL"
        } else {
            "bake it with the Open Badges 2.0 option (--ob2)"
        };
        return Err(Error::misuse(
            crate::code::Code::BakeKind,
            format!("the payload is an {}; {hint}", kind.describe()),
        ));
    }
    Ok((payload, kind))
}

/// Checks an extracted payload against the limits and names its kind.
pub(crate) fn finish_unbake(
    container: ContainerKind,
    payload: String,
    limits: &Limits,
) -> Result<Unbaked> {
    if payload.len() > limits.max_payload_bytes {
        return Err(Error::limit(
            crate::code::Code::PayloadTooLarge,
            format!(
                "the baked payload is {} bytes, more than the limit of {} bytes",
                payload.len(),
                limits.max_payload_bytes
            ),
        ));
    }
    let (kind, json) = crate::payload::classify_read(&payload, limits)?;
    Ok(Unbaked {
        container,
        payload,
        kind,
        json,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n"), Some(ContainerKind::Png));
        assert_eq!(sniff(b"<svg/>"), Some(ContainerKind::Svg));
        assert_eq!(sniff(b"\xEF\xBB\xBF <?xml version='1.0'?><!-- c --><!DOCTYPE svg PUBLIC \"a\" \"b\">\n<svg xmlns='x'>"), Some(ContainerKind::Svg));
        assert_eq!(
            sniff(b"<!DOCTYPE svg [ <!-- ] > --> ]><svg>"),
            Some(ContainerKind::Svg)
        );
        assert_eq!(sniff(b"<svgx/>"), None);
        assert_eq!(sniff(b"<html><svg/></html>"), None);
        assert_eq!(sniff(b"{}"), None);
        assert_eq!(sniff(b""), None);
        assert_eq!(sniff(b"\x89PNG"), None);
    }

    #[test]
    fn container_errors_are_clear() {
        let l = Limits::default();
        assert_eq!(unbake(b"", &l).unwrap_err().code(), "image-empty");
        assert_eq!(unbake(b"hello", &l).unwrap_err().code(), "image-unknown");
        assert_eq!(
            unbake(b"<html><body/></html>", &l).unwrap_err().code(),
            "image-not-svg"
        );
    }
}
