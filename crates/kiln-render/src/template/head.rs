//! The fixed head of a template: the top-level elements before the first one
//! that changes from row to row, which a batch render rasterises once.
//!
//! resvg draws the root's children one after the other onto one canvas, so
//! when the root itself has no group effect, drawing the fixed children once
//! and then, for each row, the remaining children onto a copy gives the same
//! pixels as drawing everything. The head is found here, on the template's
//! source; [`crate::Batch`] does the drawing.
//!
//! A top-level element varies when its subtree holds a placeholder or a
//! `data-fit-width` element (its size is chosen at fill time). `<title>`,
//! `<desc>` and `<metadata>` are never drawn, so placeholders in them do not
//! end the head. The head is not used (every row is drawn whole) when:
//! - the root has attributes that could make it a group of its own
//!   (`opacity`, `filter`, `mask`, `clip-path`, `transform`, `style`,
//!   `class`, `mix-blend-mode`, `isolation`), a placeholder, or a namespace
//!   prefix;
//! - a `<style>` element holds a placeholder (its rules reach every
//!   element), or has a selector that depends on the tree's shape or could
//!   select the root (`:first-child`, `>`, `+`, `~`, `*`, `svg`, `@` rules);
//! - an element of the head (or a `<style>` rule) refers by `#id` to an
//!   element after the head;
//! - the head draws nothing (only `<defs>`, `<style>`, `<title>` and the
//!   like before the first varying element).

/// Where the fixed head of a template ends, as byte offsets of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    /// The start of the root's first child element.
    pub(crate) open: usize,
    /// The start of the first varying top-level element, or the end of the
    /// last child element when none varies.
    pub(crate) varying: usize,
}

/// Elements never drawn where they stand.
const NOT_DRAWN: &[&str] = &[
    "defs",
    "style",
    "title",
    "desc",
    "metadata",
    "script",
    "linearGradient",
    "radialGradient",
    "pattern",
    "clipPath",
    "mask",
    "filter",
    "marker",
    "symbol",
];

/// Root attributes that may turn the root into a group with its own effects.
const ROOT_EFFECTS: &[&str] = &[
    "opacity",
    "filter",
    "mask",
    "clip-path",
    "transform",
    "style",
    "class",
    "mix-blend-mode",
    "isolation",
];

/// The fixed head of the template `doc` (parsed from `svg`), if it can be
/// drawn apart.
pub(crate) fn find(svg: &str, doc: &roxmltree::Document<'_>) -> Option<Head> {
    let root = doc.root_element();
    let root_start = root.range().start;
    let after_name = svg.as_bytes().get(root_start.checked_add(4)?)?;
    if !svg.get(root_start..)?.starts_with("<svg")
        || !matches!(after_name, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/')
    {
        return None;
    }
    if root
        .attributes()
        .any(|a| a.namespace().is_none() && ROOT_EFFECTS.contains(&a.name()))
    {
        return None;
    }
    for style in doc.descendants().filter(|n| n.has_tag_name("style")) {
        if svg.get(style.range())?.contains("{{") || !plain_css(style) {
            return None;
        }
    }

    let children: Vec<roxmltree::Node<'_, '_>> =
        root.children().filter(|n| n.is_element()).collect();
    let open = children.first()?.range().start;
    // A placeholder before the first child is in the root's own tag (or before it).
    if svg.get(..open)?.contains("{{") {
        return None;
    }
    let varies = |node: &roxmltree::Node<'_, '_>| {
        let never_drawn = matches!(node.tag_name().name(), "title" | "desc" | "metadata");
        !never_drawn
            && (svg.get(node.range()).is_none_or(|s| s.contains("{{"))
                || node
                    .descendants()
                    .any(|d| d.is_element() && d.has_attribute("data-fit-width")))
    };
    let first_varying = children.iter().position(varies);
    let head = children.get(..first_varying.unwrap_or(children.len()))?;
    if !head
        .iter()
        .any(|n| !NOT_DRAWN.contains(&n.tag_name().name()))
    {
        return None;
    }
    let varying = match first_varying.and_then(|i| children.get(i)) {
        Some(node) => node.range().start,
        None => children.last()?.range().end,
    };

    // Nothing fixed may refer to what comes after the head.
    let tail_ids: Vec<&str> = children
        .get(first_varying.unwrap_or(children.len())..)
        .unwrap_or(&[])
        .iter()
        .flat_map(|n| n.descendants())
        .filter_map(|n| n.attribute("id"))
        .collect();
    if !tail_ids.is_empty() {
        let refers = |value: &str| references(value).any(|id| tail_ids.contains(&id));
        for node in head.iter().flat_map(|n| n.descendants()) {
            if node.attributes().any(|a| refers(a.value())) {
                return None;
            }
        }
        for style in doc.descendants().filter(|n| n.has_tag_name("style")) {
            if style.children().filter_map(|c| c.text()).any(refers) {
                return None;
            }
        }
    }
    Some(Head { open, varying })
}

/// The ids `value` refers to: `url(#id)` anywhere, or a whole `#id` (an
/// `href`).
fn references(value: &str) -> impl Iterator<Item = &str> {
    let whole = value
        .trim()
        .strip_prefix('#')
        .filter(|id| !id.contains(['(', ')', ' ']));
    let urls = value.split("url(").skip(1).filter_map(|rest| {
        let inner = rest.split(')').next()?;
        inner
            .trim()
            .trim_matches(['"', '\''])
            .trim()
            .strip_prefix('#')
    });
    whole.into_iter().chain(urls)
}

/// Whether the rules of a `<style>` element select only by tag, class, id or
/// attribute, with descendant combinators at most, and never the root.
fn plain_css(style: roxmltree::Node<'_, '_>) -> bool {
    let css: String = style.children().filter_map(|c| c.text()).collect();
    if css.contains('@') {
        return false;
    }
    for rule in css.split('}') {
        let Some((selectors, _)) = rule.split_once('{') else {
            continue;
        };
        if selectors.contains([':', '>', '+', '~', '*']) {
            return false;
        }
        let names_root = selectors
            .split(|c: char| c.is_whitespace() || c == ',')
            .any(|part| {
                let tag = part.split(['.', '#', '[']).next().unwrap_or("");
                tag.eq_ignore_ascii_case("svg")
            });
        if names_root {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(svg: &str) -> Option<Head> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        find(svg, &doc)
    }

    const BASE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>{{achievement.name}}</title><rect width="10" height="10"/><text>{{recipient.name}}</text><rect width="1" height="1"/></svg>"##;

    #[test]
    fn the_head_ends_at_the_first_varying_element() {
        let h = head(BASE).unwrap();
        assert_eq!(&BASE[h.open..h.open + 7], "<title>");
        assert!(BASE[h.varying..].starts_with("<text>"));
    }

    #[test]
    fn nothing_drawn_before_the_first_varying_element_is_no_head() {
        let svg = BASE.replace(r#"<rect width="10" height="10"/>"#, "<defs/>");
        assert_eq!(head(&svg), None);
    }

    #[test]
    fn a_root_with_effects_or_a_varying_style_is_no_head() {
        for (from, to) in [
            ("height=\"10\">", "height=\"10\" opacity=\"0.5\">"),
            ("height=\"10\">", "height=\"10\" aria-label=\"{{date}}\">"),
            ("<title>", "<style>.a{fill:{{custom.c}}}</style><title>"),
            ("<title>", "<style>svg{opacity:.5}</style><title>"),
            (
                "<title>",
                "<style>rect:first-child{fill:red}</style><title>",
            ),
            (
                r#"<rect width="10" height="10"/>"#,
                r#"<rect width="10" height="10" fill="url(#late)"/>"#,
            ),
        ] {
            let svg = BASE.replace(from, to).replace(
                "<rect width=\"1\" height=\"1\"/>",
                "<linearGradient id=\"late\"/>",
            );
            assert_eq!(head(&svg), None, "{to}");
        }
    }

    #[test]
    fn a_template_without_placeholders_is_all_head() {
        let svg = BASE
            .replace("{{achievement.name}}", "A")
            .replace("{{recipient.name}}", "B");
        let h = head(&svg).unwrap();
        assert_eq!(&svg[h.varying..], "</svg>");
    }
}
