//! The properties the fuzz targets check, as plain functions of the input
//! bytes. Each returns `Err` with a description when a property is broken;
//! a panic inside kiln-core is a failure too. The `fuzz_target!` wrappers in
//! `fuzz_targets/` panic on `Err`, and `crates/kiln-core/tests/fuzz_regressions.rs`
//! includes this file to replay every file under `fuzz/regressions/<target>/`
//! through the same function in `cargo test`.
//!
//! Only kiln-core and serde_json are used here, so that the file builds in
//! both places. kiln-core must have the feature `jsonld-full`.

use kiln_core::container;
use kiln_core::jose::{self, CompactJws};
use kiln_core::jsonld::{self, ContextStore, HashAlgorithm};
use kiln_core::status_list;
use kiln_core::verify::{self, Outcome, Verdict, VerifyOptions};
use kiln_core::{Limits, jcs};
use serde_json::Value;

/// What a check found wrong.
pub type Found = Result<(), String>;

/// The clock of `verify_bytes`: 2026-01-01T00:00:00Z, inside the validity
/// window of most fixtures.
pub const VERIFY_NOW: i64 = 1_767_225_600;

/// Whole verification from bytes: never a panic, and never `verified`
/// unless the `proof` check ran and passed and no check failed.
pub fn verify_bytes(data: &[u8]) -> Found {
    let report = verify::verify_to_report(data, &VerifyOptions::at(VERIFY_NOW));
    if report.verdict == Verdict::Verified {
        match report.check("proof") {
            Some(c) if c.outcome == Outcome::Passed => {}
            Some(c) => {
                return Err(format!(
                    "verdict verified, but the proof check is {:?}: {}",
                    c.outcome, c.detail
                ));
            }
            None => return Err("verdict verified without a proof check".into()),
        }
        if let Some(c) = report.first_failure() {
            return Err(format!(
                "verdict verified, but check {} failed: {}",
                c.check, c.detail
            ));
        }
        if report.error.is_some() {
            return Err("verdict verified with an error member".into());
        }
    }
    if report.verdict == Verdict::Error && report.error.is_none() {
        return Err("verdict error without an error code and message".into());
    }
    if report.to_json().is_null() {
        return Err("the report does not serialize".into());
    }
    Ok(())
}

fn canonical(r: kiln_core::Result<jsonld::RdfDataset>, limits: &Limits) -> Result<String, String> {
    r.and_then(|d| d.canonicalize(HashAlgorithm::Sha256, limits))
        .map_err(|e| format!("{} ({})", e, e.code()))
}

/// The compact JSON-LD processor against oxjsonld on a JSON document: where
/// the compact one answers and the document passes the safe-mode check, both
/// give the same canonical N-Quads. The safe-mode check says the same with
/// and without its fast path.
pub fn jsonld_differential(data: &[u8]) -> Found {
    let Ok(doc) = serde_json::from_slice::<Value>(data) else {
        return Ok(());
    };
    let store = ContextStore::bundled();
    let limits = Limits::default();
    let safe_fast = jsonld::check_safe_with(&doc, &store, &limits, true);
    let safe_full = jsonld::check_safe_with(&doc, &store, &limits, false);
    if safe_fast.is_ok() != safe_full.is_ok() {
        return Err(format!(
            "the safe-mode check disagrees with itself: with fast path {:?}, without {:?}",
            safe_fast.map_err(|e| e.to_string()),
            safe_full.map_err(|e| e.to_string())
        ));
    }
    if !jsonld::takes_fast_path(&doc, &limits) {
        // Still run the public entry point: no panic, whatever it answers.
        let _ = jsonld::to_rdf(&doc, &store, &limits);
        return Ok(());
    }
    let fast = canonical(jsonld::to_rdf(&doc, &store, &limits), &limits);
    if safe_full.is_err() {
        // Only documents that pass the safe-mode check are expected to agree
        // (see "Agreement with other processors" in jsonld/mod.rs).
        return Ok(());
    }
    let full = canonical(jsonld::to_rdf_full(&doc, None, &store, &limits), &limits);
    match (&fast, &full) {
        (Ok(a), Ok(b)) if a == b => Ok(()),
        (Err(_), Err(_)) => Ok(()),
        _ => Err(format!(
            "the compact processor and oxjsonld disagree\n--- compact:\n{}\n--- oxjsonld:\n{}",
            fast.unwrap_or_else(|e| format!("error: {e}")),
            full.unwrap_or_else(|e| format!("error: {e}"))
        )),
    }
}

/// Text that appears only in the values of generated entity declarations:
/// a payload that contains it was read through an expanded entity.
pub const ENTITY_MARKER: &str = "XENTX";

/// The fuzz bytes as a stream of choices (0 once they run out).
struct Choices<'a> {
    data: &'a [u8],
}

impl Choices<'_> {
    fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((&b, rest)) => {
                self.data = rest;
                b
            }
            None => 0,
        }
    }

    fn below(&mut self, n: usize) -> usize {
        usize::from(self.byte()) % n.max(1)
    }

    fn pick<'s>(&mut self, options: &[&'s str]) -> &'s str {
        options
            .get(self.below(options.len()))
            .copied()
            .unwrap_or("")
    }
}

/// An SVG badge built from the fuzz bytes, and what reading it must give.
#[derive(Debug)]
pub struct GeneratedSvg {
    /// The document.
    pub text: String,
    /// Whether it uses only what real badges carry (XML declaration,
    /// comments, PIs, the SVG DOCTYPE, element and attribute declarations):
    /// then it must be read, giving `payload`.
    pub plain: bool,
    /// The payload baked into it.
    pub payload: String,
}

/// Prolog items real files carry.
const PLAIN_MISC: &[&str] = &[
    "\n",
    "<!-- Generator: Adobe Illustrator 24.0.0 -->\n",
    "<?xml-stylesheet type=\"text/css\" href=\"style.css\"?>\n",
    "<!---->",
];
/// Well-formed but unusual prolog items: markup characters inside comments and PIs.
const TRICKY_MISC: &[&str] = &[
    "<!-- ]> -->",
    "<!-- <!ENTITY a \"XENTX\"> -->",
    "<?pi ]>?>",
    "<?pi \"?>",
    "<?pi '?>",
    "<!-- [ -->",
];
/// Internal-subset items real files carry.
const PLAIN_SUBSET: &[&str] = &[
    "\n  ",
    "<!ELEMENT svg ANY>",
    "<!ATTLIST svg version CDATA #IMPLIED>",
    "<!-- a comment -->",
    "<?pi data?>",
    "<!NOTATION png SYSTEM \"image/png\">",
];
/// Well-formed but unusual subset items.
const TRICKY_SUBSET: &[&str] = &[
    "<!-- ]> -->",
    "<!-- \" -->",
    "<?pi ]>?>",
    "<?pi \"?>",
    "<?pi '?>",
    "<!ATTLIST svg a CDATA \"]>\">",
    "<!ATTLIST svg b CDATA '\"'>",
    "<!-- <!ENTITY e0 \"XENTX\"> -->",
];
/// Fragments that break the structure, so that the scanner and the parser
/// can be made to see different things.
const BROKEN: &[&str] = &[
    "<!--",
    "-->",
    "<?x ",
    "?>",
    "]>",
    "]",
    ">",
    "[",
    "\"",
    "'",
    "<!DOCTYPE svg ",
    "<!ENTITY ",
    "<svg>",
    "<![CDATA[",
    "]]>",
    "%p0;",
    "&e0;",
];
const DOCTYPE_HEADS: &[&str] = &[
    "<!DOCTYPE svg",
    "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"",
    "<!DOCTYPE svg SYSTEM \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"",
    "<!DOCTYPE svg PUBLIC '-//W3C//DTD SVG 1.0//EN' 'http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd'",
    "<!DOCTYPE svg SYSTEM \"file:///etc/passwd\"",
];

/// Builds an SVG badge from the fuzz bytes: BOM, XML declaration, comments
/// and PIs, a DOCTYPE with or without an internal subset (element, attribute
/// and entity declarations, general, parameter and external entities,
/// entity bombs), then an `<svg>` root with a baked credential whose text or
/// `verify` attribute may refer to the entities.
pub fn generate_svg(data: &[u8]) -> GeneratedSvg {
    let mut c = Choices { data };
    let mut plain = true;
    let mut text = String::new();
    let mut entities = 0usize;
    let flags = c.byte();
    if flags & 1 != 0 {
        text.push('\u{feff}');
    }
    if flags & 2 != 0 {
        text.push_str(c.pick(&[
            "<?xml version=\"1.0\"?>\n",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n",
            "<?xml version='1.0' encoding='utf-8'?>",
        ]));
    }
    let misc = |c: &mut Choices<'_>, text: &mut String, plain: &mut bool| {
        for _ in 0..c.below(4) {
            match c.below(5) {
                0..=2 => text.push_str(c.pick(PLAIN_MISC)),
                3 => {
                    *plain = false;
                    text.push_str(c.pick(TRICKY_MISC));
                }
                _ => {
                    *plain = false;
                    text.push_str(c.pick(BROKEN));
                }
            }
        }
    };
    misc(&mut c, &mut text, &mut plain);
    if flags & 4 != 0 {
        text.push_str(c.pick(DOCTYPE_HEADS));
        if flags & 8 != 0 {
            // Kiln refuses every internal subset, whatever it holds (only an
            // attack needs one in a badge): never a plain badge.
            plain = false;
            text.push_str(" [");
            for _ in 0..c.below(10) {
                match c.below(10) {
                    0..=2 => text.push_str(c.pick(PLAIN_SUBSET)),
                    3 => {
                        plain = false;
                        text.push_str(c.pick(TRICKY_SUBSET));
                    }
                    4 => {
                        plain = false;
                        text.push_str(c.pick(BROKEN));
                    }
                    5 | 6 => {
                        // A general entity: the marker, then references to
                        // earlier ones (an expansion bomb when repeated).
                        plain = false;
                        let quote = if c.byte() & 1 == 0 { '"' } else { '\'' };
                        text.push_str(&format!("<!ENTITY e{entities} {quote}{ENTITY_MARKER}"));
                        let refs = c.below(11);
                        for _ in 0..refs {
                            if entities > 0 {
                                let to = c.below(entities);
                                text.push_str(&format!("&e{to};"));
                            }
                        }
                        text.push_str(&format!("{quote}>"));
                        entities += 1;
                    }
                    7 => {
                        plain = false;
                        text.push_str(&format!(
                            "<!ENTITY e{entities} SYSTEM \"{}\">",
                            c.pick(&["file:///etc/passwd", "http://127.0.0.1/x", "badge.json"])
                        ));
                        entities += 1;
                    }
                    8 => {
                        // A parameter entity that declares a general one.
                        plain = false;
                        text.push_str(&format!(
                            "<!ENTITY % p{entities} \"<!ENTITY e{entities} '{ENTITY_MARKER}'>\">%p{entities};"
                        ));
                        entities += 1;
                    }
                    _ => {
                        // A declaration split by a PI or comment the scanner may misread.
                        plain = false;
                        text.push_str(c.pick(&["<?x ]>", "<?x ]><!-- ?>", "<!-- ]><!-- -->"]));
                        text.push_str(&format!("<!ENTITY e{entities} \"{ENTITY_MARKER}\">"));
                        text.push_str(c.pick(&["]><!-- -->", "?>", "-->", ""]));
                        entities += 1;
                    }
                }
            }
            text.push(']');
        }
        text.push_str(c.pick(&[">", " >", "\n>"]));
        misc(&mut c, &mut text, &mut plain);
    }
    let reference = |c: &mut Choices<'_>, plain: &mut bool| -> String {
        if !c.byte().is_multiple_of(3) {
            return String::new();
        }
        *plain = false;
        let name = c.below(entities.max(1));
        match c.below(4) {
            0 => format!("&p{name};"),
            1 => "&amp;&#x41;".into(),
            _ => format!("&e{name};"),
        }
    };
    let ob2 = flags & 16 != 0;
    let attr = reference(&mut c, &mut plain);
    text.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"{}\" data-x=\"a{attr}\">",
        if ob2 {
            "http://openbadges.org"
        } else {
            "https://purl.imsglobal.org/ob/v3p0"
        }
    ));
    let payload;
    if ob2 {
        let r = reference(&mut c, &mut plain);
        payload = "https://example.org/assertions/1".to_owned();
        text.push_str(&format!(
            "<openbadges:assertion verify=\"{payload}{r}\"></openbadges:assertion>"
        ));
    } else {
        let r = reference(&mut c, &mut plain);
        let json = "{\"type\":[\"VerifiableCredential\",\"OpenBadgeCredential\"],\"name\":\"Badge";
        payload = format!("{json}\"}}");
        text.push_str("<openbadges:credential>");
        if flags & 32 != 0 {
            text.push_str(&format!("<![CDATA[{json}]]>{r}<![CDATA[\"}}]]>"));
        } else {
            text.push_str(&format!("{json}{r}\"}}"));
        }
        text.push_str("</openbadges:credential>");
    }
    let body = reference(&mut c, &mut plain);
    text.push_str(&format!("<text>{body}</text><rect/></svg>"));
    if flags & 64 != 0 {
        text.push_str("\n<!-- end -->\n");
    }
    GeneratedSvg {
        text,
        plain,
        payload,
    }
}

/// A generated SVG with DOCTYPEs through `container::unbake`: no entity is
/// ever expanded into the payload, and a document made only of what real
/// badges carry is read, giving its payload exactly.
pub fn svg_dtd(data: &[u8]) -> Found {
    let svg = generate_svg(data);
    let result = container::unbake(svg.text.as_bytes(), &Limits::default());
    match result {
        Ok(u) if u.payload.contains(ENTITY_MARKER) => Err(format!(
            "an entity was expanded into the payload {:?} of\n{}",
            u.payload, svg.text
        )),
        Ok(u) if svg.plain && u.payload != svg.payload => Err(format!(
            "read {:?} instead of {:?} from\n{}",
            u.payload, svg.payload, svg.text
        )),
        Err(e) if svg.plain => Err(format!("refused a plain badge ({e}):\n{}", svg.text)),
        _ => Ok(()),
    }
}

/// The same JSON value, numbers compared as doubles (as JCS reads them).
fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_json(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        _ => a == b,
    }
}

/// RFC 8785 canonicalization of any JSON: no panic; the output parses to the
/// same value, and canonicalizing it again gives the same bytes.
pub fn jcs(data: &[u8]) -> Found {
    let Ok(value) = serde_json::from_slice::<Value>(data) else {
        return Ok(());
    };
    let Ok(once) = jcs::canonicalize(&value) else {
        return Ok(());
    };
    let reparsed: Value = serde_json::from_str(&once)
        .map_err(|e| format!("the canonical form does not parse ({e}): {once}"))?;
    if !same_json(&value, &reparsed) {
        return Err(format!("the canonical form reads as another value: {once}"));
    }
    let twice = jcs::canonicalize(&reparsed)
        .map_err(|e| format!("the canonical form cannot be canonicalized again ({e}): {once}"))?;
    if twice != once {
        return Err(format!(
            "canonicalization is not idempotent:\n{once}\n{twice}"
        ));
    }
    Ok(())
}

/// Compact JWS parsing, header reading and key reading on any bytes: no
/// panic, and what parses reads back consistently. First byte: 0 = the rest
/// is the token text; 1 = the rest split at 0xff bytes into header, payload
/// and signature, each base64url-encoded here (so the fuzzer reaches the
/// JSON inside); 2 = the rest as a JWK; 3 = the rest as PEM.
pub fn jose(data: &[u8]) -> Found {
    let Some((&mode, rest)) = data.split_first() else {
        return Ok(());
    };
    match mode % 4 {
        0 => jws_text(&String::from_utf8_lossy(rest)),
        1 => {
            let token: Vec<String> = rest
                .splitn(3, |&b| b == 0xff)
                .map(kiln_core::base64url::encode)
                .collect();
            jws_text(&token.join("."))
        }
        2 => {
            if let Ok(jwk) = serde_json::from_slice::<Value>(rest) {
                let _ = jose::key_from_jwk(&jwk);
            }
            Ok(())
        }
        _ => {
            let _ = jose::key_from_pem(&String::from_utf8_lossy(rest));
            Ok(())
        }
    }
}

fn jws_text(text: &str) -> Found {
    let Ok(jws) = CompactJws::parse(text) else {
        return Ok(());
    };
    let alg = jose::alg_of(&jws.header);
    if let Ok(alg) = alg {
        if jws.header.get("alg").and_then(Value::as_str) != Some(alg.name()) {
            return Err(format!(
                "alg_of read {} from the header {:?}",
                alg.name(),
                jws.header
            ));
        }
    }
    let _ = jws.payload_json();
    if let (Ok(alg), Some(jwk)) = (alg, jws.header.get("jwk")) {
        if let Ok(key) = jose::key_from_jwk(jwk) {
            let _ = key.describe();
            let _ = jws.verify(alg, &key);
        }
    }
    Ok(())
}

/// Status list decoding: no panic, never more than the limit, and what
/// Kiln encodes decodes back. First byte: the limit (one of a few sizes) and
/// the mode: the rest as `encodedList` text, as raw GZIP (also sent through
/// base64url so both paths must agree), or as a bitstring to round-trip.
pub fn status_list(data: &[u8]) -> Found {
    let Some((&mode, rest)) = data.split_first() else {
        return Ok(());
    };
    let max = [0usize, 1, 16, 4096, 65_536][usize::from(mode >> 2) % 5];
    let within = |r: &kiln_core::Result<Vec<u8>>, what: &str| -> Found {
        match r {
            Ok(list) if list.len() > max => Err(format!(
                "{what} gave {} bytes, over the limit of {max}",
                list.len()
            )),
            _ => Ok(()),
        }
    };
    match mode % 3 {
        0 => within(
            &status_list::decode(&String::from_utf8_lossy(rest), max),
            "decode",
        ),
        1 => {
            let raw = status_list::gunzip(rest, max);
            within(&raw, "gunzip")?;
            let prefixed = format!("u{}", kiln_core::base64url::encode(rest));
            let text = status_list::decode(&prefixed, max);
            if raw.as_ref().ok() != text.as_ref().ok() {
                return Err("gunzip and decode of the same GZIP bytes disagree".into());
            }
            Ok(())
        }
        _ => {
            let encoded = status_list::encode(rest);
            match status_list::decode(&encoded, rest.len()) {
                Ok(list) if list == rest => {}
                other => {
                    return Err(format!(
                        "encode then decode of {} bytes gave {:?}",
                        rest.len(),
                        other.map(|l| l.len()).map_err(|e| e.to_string())
                    ));
                }
            }
            if let Some(smaller) = rest.len().checked_sub(1) {
                if status_list::decode(&encoded, smaller).is_ok() {
                    return Err(format!(
                        "a {}-byte list decoded under a limit of {smaller}",
                        rest.len()
                    ));
                }
            }
            let bits = rest.len().saturating_mul(8);
            if status_list::bit(rest, bits).is_some() {
                return Err("a bit past the end of the list was read".into());
            }
            let mut list = rest.to_vec();
            for index in [0, bits / 2, bits.saturating_sub(1)] {
                if index < bits {
                    let was = status_list::bit(&list, index);
                    let flipped = !was.unwrap_or(false);
                    if !status_list::put_bit(&mut list, index, flipped)
                        || status_list::bit(&list, index) != Some(flipped)
                    {
                        return Err(format!("bit {index} does not read back what was put"));
                    }
                }
            }
            Ok(())
        }
    }
}

/// Verification links (`kiln_core::share`): reading any fragment never gives
/// more than the limit, and a link Kiln makes reads back as the payload it
/// was made from, compacted. First byte: the mode and the limit; the rest is
/// the fragment (mode 0, as text), raw DEFLATE data put into a `#c=1`
/// fragment (mode 1), or a payload to make a link of (mode 2).
pub fn share_fragment(data: &[u8]) -> Found {
    use kiln_core::share;
    let Some((&mode, rest)) = data.split_first() else {
        return Ok(());
    };
    let mut limits = Limits::default();
    limits.max_payload_bytes = [0usize, 1, 64, 4096, 1 << 20][usize::from(mode >> 2) % 5];
    let within = |r: &kiln_core::Result<Vec<u8>>| -> Found {
        match r {
            Ok(p) if p.len() > limits.max_payload_bytes => Err(format!(
                "read_fragment gave {} bytes, over the limit of {}",
                p.len(),
                limits.max_payload_bytes
            )),
            Ok(p) if std::str::from_utf8(p).is_err() => {
                Err("read_fragment gave bytes that are not UTF-8".into())
            }
            _ => Ok(()),
        }
    };
    match mode % 3 {
        0 => within(&share::read_fragment(
            &String::from_utf8_lossy(rest),
            &limits,
        )),
        1 => {
            let fragment = format!("#c=1{}", kiln_core::base64url::encode(rest));
            within(&share::read_fragment(&fragment, &limits))
        }
        _ => {
            let Ok(link) = share::link(rest, "https://example.org/v/") else {
                return Ok(());
            };
            let fragment = link
                .strip_prefix("https://example.org/v/")
                .ok_or_else(|| format!("the link does not start with its base: {link}"))?;
            let back = share::read_fragment(fragment, &Limits::default())
                .map_err(|e| format!("a link Kiln made does not read back: {e}"))?;
            let text = std::str::from_utf8(rest).map_err(|e| e.to_string())?.trim();
            let same = if text.starts_with('{') {
                let a: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
                let b: Value = serde_json::from_slice(&back).map_err(|e| e.to_string())?;
                a == b
            } else {
                back == text.as_bytes()
            };
            if same {
                Ok(())
            } else {
                Err(format!(
                    "the link of {text:?} reads back as {:?}",
                    String::from_utf8_lossy(&back)
                ))
            }
        }
    }
}
