//! QR codes of verification links, as SVG, for printed certificates (feature `qr`).
//!
//! [`qr_svg`] encodes a text (a verification link, or a credential's own
//! https `id`) with error correction level L and refuses a text that needs a
//! version above [`MAX_PRINT_VERSION`], the largest QR code a certificate
//! prints legibly, at most 5 cm wide:
//!
//! - a phone camera reads a printed QR code reliably when a module (one
//!   square) is at least about 0.4 mm wide ([`MODULE_MM_TENTHS`]);
//! - a version `v` symbol is `17 + 4v` modules wide (the 4-module quiet
//!   zone is the page's white margin around it, not counted);
//! - at 3 cm: 30 / 0.4 = 75 modules, `17 + 4v <= 75`, version 14, which
//!   holds 458 bytes at level L. The link of the smallest signed Kiln badge
//!   is about 760 characters (the proof value, the key and the JSON-LD
//!   contexts do not compress much), so a 3 cm code would hold almost no
//!   badge's link;
//! - at 5 cm ([`MAX_PRINT_MM`]): 50 / 0.4 = 125 modules, `17 + 4v <= 125`,
//!   version 27 (125 modules, exactly 0.4 mm each), which holds
//!   [`MAX_PRINT_BYTES`] bytes at level L: the links of Kiln's own
//!   templates' badges fit (the README gives them). 5 cm is a fifth of an A4
//!   or Letter sheet's width: room a certificate has.
//!
//! Byte mode: a base64url link is not in the alphanumeric set, which has no
//! lower case. Level L (7 % of the code may be lost) is enough for a printed
//! sheet read by a phone; level M would hold a fifth less.
//!
//! [`verification_qr`] (with the share link codec) picks what the code
//! holds: the verification link when it fits, else the credential's own
//! https `id` (with a warning: that page is the issuer's, and works only as
//! long as they host it), else it refuses with the reason. [`print_mm`] is
//! the width to print a code at: 0.4 mm a module, never under 3 cm.
//!
//! The SVG is one `<path>` of the dark modules (runs of a row merged), in a
//! `viewBox` in module units with a 4-module quiet zone, so it scales to any
//! print size; `shape-rendering="crispEdges"` keeps the edges sharp.

use qrcode::types::{Color, QrError, Version};
use qrcode::{EcLevel, QrCode};

use crate::{Code, Error};

/// The narrowest module that prints legibly, in tenths of a millimetre (0.4 mm).
pub const MODULE_MM_TENTHS: usize = 4;

/// The widest QR code a certificate prints, in millimetres (without the quiet zone).
pub const MAX_PRINT_MM: usize = 50;

/// The largest QR version that prints legibly within [`MAX_PRINT_MM`] (see the module docs).
pub const MAX_PRINT_VERSION: i16 = 27;

/// The bytes a version-[`MAX_PRINT_VERSION`] code at level L holds in byte mode.
pub const MAX_PRINT_BYTES: usize = 1465;

/// The narrowest a printed code is, in millimetres: a small code is not shrunk below 3 cm.
pub const MIN_PRINT_MM: usize = 30;

/// The width in millimetres to print a symbol of `modules` modules at (quiet zone
/// not counted): 0.4 mm a module, at least [`MIN_PRINT_MM`].
pub fn print_mm(modules: usize) -> usize {
    modules
        .saturating_mul(MODULE_MM_TENTHS)
        .div_ceil(10)
        .max(MIN_PRINT_MM)
}

/// The quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4).
pub const QUIET_ZONE: usize = 4;

/// The longest text [`qr_version`] tries to encode (a version 40 code holds 2953 bytes).
const MAX_TEXT_BYTES: usize = 4096;

/// A QR code as SVG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrSvg {
    /// The SVG document (UTF-8 text).
    pub svg: String,
    /// The QR version (1 to 40).
    pub version: i16,
    /// The symbol's width in modules, without the quiet zone.
    pub modules: usize,
}

/// The QR version (1 to 40) a code of `text` at level L needs, or `None`
/// when not even version 40 holds it.
pub fn qr_version(text: &str) -> Option<i16> {
    if text.len() > MAX_TEXT_BYTES {
        return None;
    }
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).ok()?;
    match code.version() {
        Version::Normal(v) => Some(v),
        Version::Micro(_) => None,
    }
}

/// A QR code of `text` as SVG, at error correction level L, at most version
/// [`MAX_PRINT_VERSION`]. `text` longer than that holds is refused
/// (`qr-too-long`), saying how long it is and what fits.
pub fn qr_svg(text: &str) -> Result<QrSvg, Error> {
    let too_long = |needs: &str| {
        Error::limit(
            Code::QrTooLong,
            format!(
                "the text is {} bytes; a QR code that prints legibly at {} cm (version {MAX_PRINT_VERSION}) holds at most {MAX_PRINT_BYTES} ({needs})",
                text.len(),
                MAX_PRINT_MM / 10
            ),
        )
    };
    if text.len() > MAX_PRINT_BYTES {
        return Err(too_long("it would need a larger code"));
    }
    let code =
        QrCode::with_error_correction_level(text.as_bytes(), EcLevel::L).map_err(|e| match e {
            QrError::DataTooLong => too_long("it would need a larger code"),
            other => Error::misuse(
                Code::QrTooLong,
                format!("the text cannot be put in a QR code: {other}"),
            ),
        })?;
    let version = match code.version() {
        Version::Normal(v) => v,
        Version::Micro(v) => {
            return Err(Error::misuse(
                Code::QrTooLong,
                format!("a micro QR code (M{v}) was made where a full one was asked"),
            ));
        }
    };
    if version > MAX_PRINT_VERSION {
        return Err(too_long(&format!("it needs version {version}")));
    }
    let modules = code.width();
    Ok(QrSvg {
        svg: svg_of(&code.to_colors(), modules),
        version,
        modules,
    })
}

/// What a certificate's QR code holds, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerificationQr {
    /// The code.
    pub qr: QrSvg,
    /// The text it holds: the verification link, or the credential's own https `id`.
    pub text: String,
    /// Set when the code holds the credential's `id` instead of the link, saying why.
    pub warning: Option<String>,
}

/// A QR code of the verification link of `payload` (a credential's JSON or
/// a compact JWS, as baked) at `base` (see [`crate::share::link`]). When the
/// link is too long for [`MAX_PRINT_VERSION`], the code holds the
/// credential's own `id` if it is an https URL, with a warning saying so;
/// otherwise the error (`qr-too-long`) says how long the link is and that
/// the credential has no https `id` to point to instead.
pub fn verification_qr(payload: &[u8], base: &str) -> Result<VerificationQr, Error> {
    let link = crate::share::link(payload, base)?;
    match qr_svg(&link) {
        Ok(qr) => {
            return Ok(VerificationQr {
                qr,
                text: link,
                warning: None,
            });
        }
        Err(e) if e.code() == Code::QrTooLong => {}
        Err(e) => return Err(e),
    }
    let why = format!(
        "the verification link is {} characters, more than a QR code that prints legibly at {} cm holds ({MAX_PRINT_BYTES}, version {MAX_PRINT_VERSION})",
        link.len(),
        MAX_PRINT_MM / 10
    );
    match https_id(payload) {
        Some(id) => {
            let qr = qr_svg(&id).map_err(|_| {
                Error::limit(
                    Code::QrTooLong,
                    format!("{why}, and the credential's id {id} is too long too"),
                )
            })?;
            let warning = format!(
                "{why}: the QR code holds the credential's own address, {id}, instead; it works as long as the issuer keeps it online"
            );
            Ok(VerificationQr {
                qr,
                text: id,
                warning: Some(warning),
            })
        }
        None => Err(Error::limit(
            Code::QrTooLong,
            format!("{why}, and the credential has no https id to point to instead"),
        )),
    }
}

/// The `id` of a JSON credential when it is an https URL.
fn https_id(payload: &[u8]) -> Option<String> {
    let text = std::str::from_utf8(payload).ok()?.trim();
    let doc: serde_json::Value = serde_json::from_str(text).ok()?;
    let id = doc.get("id")?.as_str()?;
    let url = crate::url::WebUrl::parse(id).ok()?;
    url.is_https().then(|| id.to_owned())
}

/// The SVG of a `width` x `width` matrix of colours (row by row).
fn svg_of(colors: &[Color], width: usize) -> String {
    let size = width.saturating_add(2 * QUIET_ZONE);
    let mut d = String::new();
    for (y, row) in colors.chunks(width.max(1)).enumerate() {
        let mut x = 0;
        while x < row.len() {
            if row.get(x) != Some(&Color::Dark) {
                x += 1;
                continue;
            }
            let start = x;
            while row.get(x) == Some(&Color::Dark) {
                x += 1;
            }
            let run = x - start;
            d.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            ));
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The dark modules an SVG of [`svg_of`] draws, read back from its path.
    fn dark_modules(svg: &str) -> Vec<(usize, usize)> {
        let d = svg
            .split(" d=\"")
            .nth(1)
            .unwrap_or("")
            .split('"')
            .next()
            .unwrap_or("");
        let mut out = Vec::new();
        for cmd in d.split('M').filter(|c| !c.is_empty()) {
            let (xy, rest) = cmd.split_once('h').unwrap_or(("", ""));
            let (x, y) = xy.split_once(' ').unwrap_or(("0", "0"));
            let run: usize = rest.split('v').next().unwrap_or("0").parse().unwrap_or(0);
            let (x, y): (usize, usize) = (x.parse().unwrap_or(0), y.parse().unwrap_or(0));
            out.extend((x..x + run).map(|x| (x - QUIET_ZONE, y - QUIET_ZONE)));
        }
        out
    }

    #[test]
    fn the_svg_draws_exactly_the_dark_modules() {
        let text = "http://127.0.0.1:8080/#c=1.example";
        let qr = qr_svg(text).unwrap();
        let code = QrCode::with_error_correction_level(text, EcLevel::L).unwrap();
        let colors = code.to_colors();
        let expected: Vec<(usize, usize)> = (0..qr.modules)
            .flat_map(|y| (0..qr.modules).map(move |x| (x, y)))
            .filter(|&(x, y)| colors[y * qr.modules + x] == Color::Dark)
            .collect();
        let mut drawn = dark_modules(&qr.svg);
        drawn.sort_by_key(|&(x, y)| (y, x));
        assert_eq!(drawn, expected);
        assert_eq!(qr.modules, 17 + 4 * qr.version as usize);
        assert!(
            qr.svg
                .contains(&format!("viewBox=\"0 0 {0} {0}\"", qr.modules + 8))
        );
    }

    #[test]
    fn the_largest_printable_code_is_version_27_at_1465_bytes() {
        // The arithmetic of the module docs.
        let modules = MAX_PRINT_MM * 10 / MODULE_MM_TENTHS;
        assert_eq!(
            usize::try_from(MAX_PRINT_VERSION).unwrap(),
            (modules - 17) / 4
        );
        assert_eq!(print_mm(17 + 4 * 27), 50);
        assert_eq!(print_mm(17 + 4 * 14), 30);
        assert_eq!(print_mm(21), 30);
        let fits = "a".repeat(MAX_PRINT_BYTES);
        assert_eq!(qr_svg(&fits).unwrap().version, MAX_PRINT_VERSION);
        assert_eq!(qr_version(&fits), Some(MAX_PRINT_VERSION));
        let over = "a".repeat(MAX_PRINT_BYTES + 1);
        assert_eq!(qr_version(&over), Some(MAX_PRINT_VERSION + 1));
        let err = qr_svg(&over).unwrap_err();
        assert_eq!(err.code(), Code::QrTooLong);
        assert!(err.message().contains("1466 bytes"), "{}", err.message());
    }

    #[test]
    fn text_beyond_any_qr_code_is_refused_not_a_panic() {
        assert_eq!(qr_version(&"x".repeat(3000)), None);
        assert_eq!(qr_version(&"x".repeat(1 << 20)), None);
        assert_eq!(
            qr_svg(&"x".repeat(1 << 20)).unwrap_err().code(),
            Code::QrTooLong
        );
    }

    /// A credential of `filler` bytes of description, with `id`.
    fn credential(id: &str, filler: usize) -> Vec<u8> {
        serde_json::json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": id,
            "type": ["VerifiableCredential", "OpenBadgeCredential"],
            // Bytes that do not compress: a link grows with them.
            "description": (0..filler)
                .scan(0x2545_f491_u32, |x, _| {
                    *x ^= *x << 13;
                    *x ^= *x >> 17;
                    *x ^= *x << 5;
                    Some(char::from(b'a' + (*x % 26) as u8))
                })
                .collect::<String>(),
        })
        .to_string()
        .into_bytes()
    }

    #[test]
    fn a_short_credential_gets_its_link() {
        let payload = credential("urn:uuid:1", 10);
        let qr = verification_qr(&payload, "https://kiln.example/").unwrap();
        assert_eq!(
            qr.text,
            crate::share::link(&payload, "https://kiln.example/").unwrap()
        );
        assert_eq!(qr.warning, None);
        assert!(qr.qr.version <= MAX_PRINT_VERSION);
    }

    #[test]
    fn a_long_link_falls_back_to_the_https_id_with_a_warning() {
        let payload = credential("https://issuer.example/credentials/42", 3000);
        let qr = verification_qr(&payload, "https://kiln.example/").unwrap();
        assert_eq!(qr.text, "https://issuer.example/credentials/42");
        let warning = qr.warning.unwrap();
        assert!(
            warning.contains("https://issuer.example/credentials/42"),
            "{warning}"
        );
        assert!(warning.contains("more than a QR code"), "{warning}");
    }

    #[test]
    fn a_long_link_without_an_https_id_is_refused_with_the_reason() {
        for id in ["urn:uuid:2", "http://issuer.example/credentials/42"] {
            let err = verification_qr(&credential(id, 3000), "https://kiln.example/").unwrap_err();
            assert_eq!(err.code(), Code::QrTooLong);
            assert!(err.message().contains("no https id"), "{}", err.message());
        }
    }

    #[test]
    fn what_is_not_a_credential_is_refused_by_the_link_codec() {
        assert!(verification_qr(b"not a credential", "https://kiln.example/").is_err());
    }

    #[test]
    fn a_short_link_makes_a_small_code() {
        assert_eq!(qr_svg("https://example.org/badges/1").unwrap().version, 2);
        assert_eq!(qr_svg("").unwrap().version, 1);
    }
}
