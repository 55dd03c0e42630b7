//! JSON without the whitespace between its tokens: one function for the
//! verification links (`share`) and for the build script, which stores the
//! bundled JSON-LD contexts so (`build.rs` includes this file).

/// `text` (JSON that parses) without the whitespace between its tokens.
/// Strings are copied byte for byte, escapes included; everything else is
/// kept in order, so members, their order and number texts are unchanged.
pub(crate) fn compact_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
        } else if c == '"' {
            in_string = true;
            out.push(c);
        } else if !matches!(c, ' ' | '\t' | '\n' | '\r') {
            out.push(c);
        }
    }
    out
}
