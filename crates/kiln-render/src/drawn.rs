//! Text never vanishes silently: every `<text>` of the SVG that would be
//! shown must have been laid out with glyphs.
//!
//! usvg leaves out of its tree a `<text>` it could not lay out (no font for
//! a span, no outline for any glyph, a `textPath` without its path), and
//! resvg then draws nothing in its place. The renderer compares the SVG's
//! text elements with the text nodes of the tree and makes a missing one an
//! error naming the element.
//!
//! Text meant to be invisible is not missing: text inside `<defs>`,
//! `<clipPath>`, `<mask>`, `<pattern>`, `<marker>`, `<symbol>` or `<switch>`,
//! and text hidden by `display:none`, `visibility:hidden`, `opacity:0` or
//! `font-size:0` (as an attribute, in `style`, or in a `<style>` rule for
//! its class, id or tag), on the element or an ancestor, is not checked.

use resvg::usvg;

use crate::Error;

/// Elements whose content is drawn only when referenced, or not at all.
const NOT_DRAWN_HERE: &[&str] = &[
    "defs",
    "clipPath",
    "mask",
    "pattern",
    "marker",
    "symbol",
    "switch",
    "foreignObject",
    "title",
    "desc",
    "metadata",
];

/// The characters of `s` without any whitespace: usvg's whitespace handling
/// (`xml:space`, collapsing, trimming) cannot make two texts differ here.
fn squeezed(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// An error when a `<text>` of the source `doc` that should be shown has no text node
/// with glyphs in `tree`.
pub(crate) fn check(doc: &roxmltree::Document<'_>, tree: &usvg::Tree) -> Result<(), Error> {
    let mut ids: Vec<String> = Vec::new();
    let mut contents: Vec<String> = Vec::new();
    crate::walk::texts(tree, |text| {
        let has_glyphs = text
            .layouted()
            .iter()
            .any(|span| !span.positioned_glyphs.is_empty());
        if !has_glyphs {
            return;
        }
        if !text.id().is_empty() {
            ids.push(text.id().to_owned());
        }
        let content: String = text.chunks().iter().map(|c| squeezed(c.text())).collect();
        contents.push(content);
    });

    let hidden = HiddenRules::from_styles(doc);
    for node in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let content: String = node
            .descendants()
            .filter(|n| n.is_text())
            .filter(|n| {
                !n.ancestors()
                    .any(|a| a.has_tag_name("title") || a.has_tag_name("desc"))
            })
            .map(|n| squeezed(n.text().unwrap_or("")))
            .collect();
        if content.is_empty() || !shown(node, &hidden) {
            continue;
        }
        if let Some(id) = node.attribute("id") {
            if ids.iter().any(|i| i == id) {
                continue;
            }
        }
        if let Some(i) = contents.iter().position(|c| *c == content) {
            contents.swap_remove(i);
            continue;
        }
        return Err(not_drawn(doc, node));
    }
    Ok(())
}

fn not_drawn(doc: &roxmltree::Document<'_>, node: roxmltree::Node<'_, '_>) -> Error {
    let line = doc.text_pos_at(node.range().start).row;
    let text: String = node
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join(" ");
    let words: Vec<&str> = text.split_whitespace().collect();
    let text = words.join(" ");
    let mut shown: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        shown.push('…');
    }
    let which = match node.attribute("id") {
        Some(id) => format!("the <text> with id {id:?} at line {line}"),
        None => format!("the <text> at line {line}"),
    };
    Error::malformed(
        kiln_core::Code::TextNotDrawn,
        format!(
            "{which} ({shown:?}) would not be drawn: none of its glyphs could be laid out (no usable font, characters without outlines, or a textPath without its path)"
        ),
    )
}

/// Whether `node` is outside every never-drawn container and not hidden.
fn shown(node: roxmltree::Node<'_, '_>, hidden: &HiddenRules) -> bool {
    !node
        .ancestors()
        .filter(|n| n.is_element())
        .any(|n| NOT_DRAWN_HERE.contains(&n.tag_name().name()) || hides(n, hidden))
}

/// Whether the element's own attributes, style or a `<style>` rule for it
/// hide it.
fn hides(node: roxmltree::Node<'_, '_>, rules: &HiddenRules) -> bool {
    for (name, value) in [
        ("display", node.attribute("display")),
        ("visibility", node.attribute("visibility")),
        ("opacity", node.attribute("opacity")),
        ("font-size", node.attribute("font-size")),
    ] {
        if value.is_some_and(|v| hiding(name, v)) {
            return true;
        }
    }
    if node.attribute("style").is_some_and(declarations_hide) {
        return true;
    }
    let tag = node.tag_name().name();
    if rules.selectors.iter().any(|s| s == tag) {
        return true;
    }
    if let Some(id) = node.attribute("id") {
        if rules
            .selectors
            .iter()
            .any(|s| s.strip_prefix('#') == Some(id))
        {
            return true;
        }
    }
    if let Some(classes) = node.attribute("class") {
        for class in classes.split_whitespace() {
            if rules
                .selectors
                .iter()
                .any(|s| s.strip_prefix('.') == Some(class))
            {
                return true;
            }
        }
    }
    false
}

/// Whether the property `name` with `value` makes text invisible.
fn hiding(name: &str, value: &str) -> bool {
    let value = value.trim().trim_end_matches("!important").trim();
    match name {
        "display" => value == "none",
        "visibility" => value == "hidden" || value == "collapse",
        "opacity" | "font-size" => value
            .trim_end_matches(['%', 'x', 'p', 't', 'e', 'm'])
            .trim()
            .parse::<f32>()
            .is_ok_and(|n| n <= 0.0),
        _ => false,
    }
}

/// Whether a declaration list (`display:none; fill:red`) hides.
fn declarations_hide(declarations: &str) -> bool {
    declarations.split(';').any(|d| {
        d.split_once(':')
            .is_some_and(|(name, value)| hiding(&name.trim().to_ascii_lowercase(), value))
    })
}

/// The simple selectors (`.class`, `#id`, `tag`) of the `<style>` rules that
/// hide what they select. A selector list or a compound selector counts by
/// each of its last simple parts, which may over-count hidden elements (so
/// fewer are checked), never under-count.
struct HiddenRules {
    selectors: Vec<String>,
}

impl HiddenRules {
    fn from_styles(doc: &roxmltree::Document<'_>) -> HiddenRules {
        let mut selectors = Vec::new();
        for style in doc.descendants().filter(|n| n.has_tag_name("style")) {
            let css: String = style
                .children()
                .filter_map(|c| c.text())
                .collect::<Vec<_>>()
                .join("");
            for rule in css.split('}') {
                let Some((selector, body)) = rule.split_once('{') else {
                    continue;
                };
                if !declarations_hide(body) {
                    continue;
                }
                for part in selector.split(',') {
                    let Some(last) = part.split_whitespace().last() else {
                        continue;
                    };
                    // `text.hidden` and `g#x.y` count as each of their parts.
                    let mut start = 0;
                    for (i, c) in last.char_indices().skip(1) {
                        if c == '.' || c == '#' {
                            selectors.push(last.get(start..i).unwrap_or("").to_owned());
                            start = i;
                        }
                    }
                    selectors.push(last.get(start..).unwrap_or("").to_owned());
                }
            }
        }
        HiddenRules { selectors }
    }
}
