//! Visiting every text node of a usvg tree, including those inside clip
//! paths, masks, patterns, filters and nested SVG images.

use resvg::usvg;

/// How deep sub-roots (a mask inside a pattern inside an image ...) are
/// followed. usvg itself bounds this nesting; this is a second fence.
const MAX_SUBROOT_DEPTH: u32 = 32;

/// Calls `f` on every `Text` node of `tree`.
pub(crate) fn texts(tree: &usvg::Tree, mut f: impl FnMut(&usvg::Text)) {
    walk(tree.root(), &mut f, 0);
}

/// Groups within one root on an explicit stack; sub-roots recursively, to a
/// bounded depth.
fn walk(root: &usvg::Group, f: &mut dyn FnMut(&usvg::Text), depth: u32) {
    let mut groups: Vec<&usvg::Group> = vec![root];
    while let Some(group) = groups.pop() {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => groups.push(g),
                usvg::Node::Text(text) => f(text),
                _ => {}
            }
            if depth < MAX_SUBROOT_DEPTH && !matches!(node, usvg::Node::Text(_)) {
                node.subroots(|sub| walk(sub, f, depth.saturating_add(1)));
            }
        }
    }
}
