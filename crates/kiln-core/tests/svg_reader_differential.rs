//! Kiln's SVG reader against roxmltree, a kept XML parser, on many mutants of
//! real baked SVGs: where roxmltree finds a document not well-formed, Kiln
//! must refuse it too; where roxmltree finds one baked element, Kiln must read
//! the same payload from it (or refuse it for a reason that is not XML).
//!
//! The mutants come from a fixed pseudo-random sequence, so a failure names a
//! seed file and a mutant number that reproduce it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test helpers outside #[test] fns

use kiln_core::container::svg as ksvg;
use kiln_core::{Code, Limits};

const NS3: &str = "https://purl.imsglobal.org/ob/v3p0";
const NS2: &str = "http://openbadges.org";

/// Mutants made of each seed.
const MUTANTS: u32 = 1500;

/// Snippets a mutation inserts: markup that XML readers disagree on when
/// they disagree at all.
const SNIPPETS: &[&str] = &[
    "<",
    ">",
    "&",
    "&amp;",
    "&lt;",
    "&#0;",
    "&#x41;",
    "&#xD;",
    "&#1114112;",
    "&bogus;",
    "&#x;",
    "<![CDATA[",
    "]]>",
    "<![CDATA[x]]>",
    "<!--",
    "-->",
    "<!-- c -->",
    "<!-- a -- b -->",
    "\"",
    "'",
    "</svg>",
    "<svg>",
    "</g>",
    "<g>",
    "<g/>",
    " a=\"1\"",
    " a='1' a='2'",
    " xmlns:x=\"urn:x\"",
    "<x:y/>",
    "<openbadges:credential>",
    "</openbadges:credential>",
    " xmlns:openbadges=\"https://purl.imsglobal.org/ob/v3p0\"",
    "<?pi x?>",
    "<?xml version=\"1.0\"?>",
    "\r",
    "\r\n",
    "\t",
    "\u{0}",
    "\u{1}",
    "\u{fffe}",
    "é",
    "=",
    "/",
    "/>",
    " ",
    "x",
];

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

/// One mutation of `bytes`: a snippet inserted, a range deleted or doubled,
/// a byte replaced, or the end cut off; one to three of them.
fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut out = bytes.to_vec();
    for _ in 0..=rng.below(3) {
        let at = rng.below(out.len() + 1);
        match rng.below(5) {
            0 | 1 => {
                let s = SNIPPETS[rng.below(SNIPPETS.len())].as_bytes();
                out.splice(at..at, s.iter().copied());
            }
            2 => {
                let end = (at + 1 + rng.below(16)).min(out.len());
                out.drain(at..end.max(at));
            }
            3 => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                let copy = out[at..end.max(at)].to_vec();
                out.splice(at..at, copy);
            }
            _ => {
                if at < out.len() {
                    out[at] = b"<>&;\"'/=![]-? \n\rax"[rng.below(18)];
                } else {
                    out.truncate(rng.below(out.len() + 1));
                }
            }
        }
    }
    out
}

/// What roxmltree makes of `bytes`, read as the reader must: `Err` for a
/// document that is not well-formed XML (or not UTF-8, or not an `<svg>`
/// root), else the payload of its one baked element (`None` when it has no
/// baked element, several, or an empty one).
fn oracle(bytes: &[u8]) -> Result<Option<String>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| e.to_string())?;
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: u32::MAX,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(text, options).map_err(|e| e.to_string())?;
    if doc.root_element().tag_name().name() != "svg" {
        return Err("root is not svg".into());
    }
    let badges: Vec<_> = doc
        .descendants()
        .filter(|n| {
            n.is_element()
                && matches!(n.tag_name().namespace(), Some(NS3 | NS2))
                && matches!(n.tag_name().name(), "credential" | "assertion")
        })
        .collect();
    let [element] = badges.as_slice() else {
        return Ok(None);
    };
    let body: String = element
        .children()
        .filter(|c| c.is_text())
        .filter_map(|c| c.text())
        .collect();
    let body = body.trim();
    let verify = element
        .attribute("verify")
        .map(str::trim)
        .filter(|v| !v.is_empty());
    Ok(match verify {
        Some(v) if !body.starts_with('{') => Some(v.to_owned()),
        _ if !body.is_empty() => Some(body.to_owned()),
        _ => None,
    })
}

/// Where roxmltree is known to accept what XML 1.0 does not: a character
/// reference to no XML character (`&#1114112;`, `&#0;`), and a processing
/// instruction whose target runs into its data (`<?xml-version="1.0"?>`: the
/// grammar wants whitespace or `?>` after the target), and an XML
/// declaration whose version or encoding is outside XML's grammar. Kiln
/// refuses all three.
fn roxmltree_lax(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let bad_reference = text.match_indices("&#").any(|(at, _)| {
        let rest = &text[at + 2..];
        let Some(end) = rest.find(';') else {
            return false;
        };
        let digits = &rest[..end];
        let value = match digits.strip_prefix('x') {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => digits.parse::<u32>().ok(),
        };
        value.is_some_and(|v| {
            char::from_u32(v).is_none_or(|c| {
                !(matches!(c, '\t' | '\n' | '\r')
                    || (c >= ' ' && c != '\u{fffe}' && c != '\u{ffff}'))
            })
        })
    });
    let bad_target = text.match_indices("<?").any(|(at, _)| {
        let rest = &text[at + 2..];
        let name_end = rest
            .find(|c: char| !(c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.')))
            .unwrap_or(rest.len());
        let after = &rest[name_end..];
        name_end > 0 && !(after.starts_with("?>") || after.starts_with([' ', '\t', '\r', '\n']))
    });
    // The declaration's values: `version` must be `1.` and digits, `encoding`
    // a letter then letters, digits, `.`, `_` or `-`.
    let bad_declaration = text.strip_prefix("<?xml").is_some_and(|rest| {
        let body = rest.split("?>").next().unwrap_or_default();
        let value = |key: &str| {
            let after = body
                .split_once(key)?
                .1
                .trim_start()
                .strip_prefix('=')?
                .trim_start();
            let quote = after.chars().next().filter(|c| matches!(c, '"' | '\''))?;
            after[1..].split_once(quote).map(|(v, _)| v.to_owned())
        };
        let version_bad = value("version").is_some_and(|v| {
            !v.strip_prefix("1.")
                .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        });
        let encoding_bad = value("encoding").is_some_and(|v| {
            !(v.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-')))
        });
        version_bad || encoding_bad
    });
    bad_reference || bad_target || bad_declaration
}

/// The seeds: real bakers' SVGs from the fixtures, without their DOCTYPE
/// (roxmltree is run with DTDs refused, as Kiln's reader steps over one
/// that the prolog reader has checked: a separate test's concern).
fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/baking");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "svg") {
            let mut text = std::fs::read_to_string(&path).unwrap();
            if let Some(start) = text.find("<!DOCTYPE") {
                let end = start + text[start..].find('>').unwrap() + 1;
                text.replace_range(start..end, "");
            }
            out.push((
                path.file_name().unwrap().to_string_lossy().into_owned(),
                text.into_bytes(),
            ));
        }
    }
    out.sort();
    assert!(out.len() >= 5, "the baked SVG fixtures are missing");
    out
}

#[test]
fn svg_reader_agrees_with_roxmltree_on_mutants_of_real_badges() {
    let limits = Limits::default();
    let mut disagreements = Vec::new();
    let (mut refused_by_both, mut read_by_both, mut refused_by_kiln_only) = (0u32, 0u32, 0u32);
    for (name, seed) in seeds() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ seed.len() as u64);
        for i in 0..MUTANTS {
            let mutant = mutate(&seed, &mut rng);
            let ours = ksvg::unbake(&mutant, &limits);
            match (oracle(&mutant), &ours) {
                (Err(_), Err(_)) => refused_by_both += 1,
                (Err(why), Ok(u)) => disagreements.push(format!(
                    "{name} #{i}: roxmltree refuses it ({why}), Kiln reads {:?}",
                    u.payload.get(..40)
                )),
                (Ok(Some(payload)), Ok(u)) if u.payload == payload => read_by_both += 1,
                (Ok(Some(payload)), Ok(u)) => disagreements.push(format!(
                    "{name} #{i}: payloads differ: roxmltree {:?}, Kiln {:?}",
                    payload.get(..60),
                    u.payload.get(..60)
                )),
                (Ok(None), Ok(u)) => disagreements.push(format!(
                    "{name} #{i}: roxmltree finds no single baked element, Kiln reads {:?}",
                    u.payload.get(..40)
                )),
                // A refusal for a reason other than XML (the payload is not a
                // credential, no badge, several badges) is the caller's concern.
                (Ok(_), Err(e)) if e.code() != Code::SvgXml => refused_by_both += 1,
                (Ok(_), Err(_)) if roxmltree_lax(&mutant) => refused_by_kiln_only += 1,
                (Ok(_), Err(e)) => disagreements.push(format!(
                    "{name} #{i}: roxmltree reads it, Kiln refuses it: {e}"
                )),
            }
        }
    }
    println!(
        "{read_by_both} mutants read alike, {refused_by_both} refused by both (or by Kiln for a reason other than XML), {refused_by_kiln_only} refused by Kiln where roxmltree is known to be lax"
    );
    assert!(
        read_by_both > 100,
        "too few mutants stayed readable to compare payloads ({read_by_both})"
    );
    assert!(
        disagreements.is_empty(),
        "{} disagreements:\n{}",
        disagreements.len(),
        disagreements
            .iter()
            .take(25)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
