//! The JSON Canonicalization Scheme (RFC 8785), the transform of
//! `eddsa-jcs-2022`.
//!
//! - object members sorted by the UTF-16 code units of their names;
//! - no insignificant whitespace;
//! - strings escaped as ECMAScript's `JSON.stringify` does (only `"`, `\`
//!   and the C0 controls; `\b \t \n \f \r` by name, the others as `\u00xx`);
//! - numbers as IEEE 754 doubles written in ECMAScript `Number::toString`
//!   form (integers beyond 2^53 lose precision exactly as they do in
//!   JavaScript); NaN and the infinities are errors.
//!
//! Duplicate member names cannot reach this module: `serde_json` keeps the
//! last one while parsing.

use crate::{
    error::{Error, Result},
    limits::Limits,
};
use serde_json::{Map, Number, Value};
use std::fmt::Write as _;

/// The RFC 8785 canonical form of `v`.
///
/// Errors: a non-finite number, or nesting deeper than
/// [`Limits::MAX_JCS_DEPTH`].
pub fn canonicalize(v: &Value) -> Result<String> {
    let mut out = String::new();
    write_value(&mut out, v, 0, &mut String::from("$"))?;
    Ok(out)
}

fn write_value(out: &mut String, v: &Value, depth: usize, path: &mut String) -> Result<()> {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => write_number(out, n, path)?,
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            let depth = enter(depth, path)?;
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                let len = path.len();
                let _ = write!(path, "[{i}]");
                write_value(out, item, depth, path)?;
                path.truncate(len);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let depth = enter(depth, path)?;
            write_object(out, map, depth, path)?;
        }
    }
    Ok(())
}

fn enter(depth: usize, path: &str) -> Result<usize> {
    let next = depth.saturating_add(1);
    if next > Limits::MAX_JCS_DEPTH {
        return Err(Error::limit(
            crate::code::Code::JcsTooDeep,
            format!(
                "JSON nesting at {path} is deeper than {} levels",
                Limits::MAX_JCS_DEPTH
            ),
        ));
    }
    Ok(next)
}

fn write_object(
    out: &mut String,
    map: &Map<String, Value>,
    depth: usize,
    path: &mut String,
) -> Result<()> {
    let members: Vec<(Vec<u16>, &String, &Value)> = map
        .iter()
        .map(|(k, v)| (k.encode_utf16().collect(), k, v))
        .collect();
    // The keys of a JSON object are distinct, so no two members tie.
    let key = |i: usize| members.get(i).map(|m| &m.0);
    let mut order: Vec<usize> = (0..members.len()).collect();
    crate::sort_indices(&mut order, &|a, b| key(a).cmp(&key(b)));
    out.push('{');
    for (i, (_, k, v)) in order.iter().filter_map(|&n| members.get(n)).enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_string(out, k);
        out.push(':');
        let len = path.len();
        path.push('.');
        path.push_str(k);
        write_value(out, v, depth, path)?;
        path.truncate(len);
    }
    out.push('}');
    Ok(())
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn write_number(out: &mut String, n: &Number, path: &str) -> Result<()> {
    let Some(f) = n.as_f64() else {
        return Err(Error::malformed(
            crate::code::Code::JcsBadNumber,
            format!("the number {n} at {path} is not an IEEE 754 double"),
        ));
    };
    let s = format_number(f).ok_or_else(|| {
        Error::malformed(
            crate::code::Code::JcsNonFinite,
            format!("the number at {path} is not finite"),
        )
    })?;
    out.push_str(&s);
    Ok(())
}

/// ECMAScript `Number::toString(x)` for a finite double; `None` for NaN and
/// the infinities.
///
/// The digits are the fewest that read back as `x`, the closest to `x` when
/// several qualify (ties to even); they are laid out by the rules of
/// ECMA-262 section 6.1.6.1.20 (`Number::toString`).
pub fn format_number(x: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    if x == 0.0 {
        return Some("0".to_owned());
    }
    // ryu-js implements exactly this (Ryū's shortest, closest digits laid
    // out as `Number::toString` does).
    let mut buf = ryu_js::Buffer::new();
    Some(buf.format_finite(x).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn simple_values() {
        assert_eq!(canonicalize(&json!(null)).unwrap(), "null");
        assert_eq!(
            canonicalize(&json!([true, false, "a"])).unwrap(),
            r#"[true,false,"a"]"#
        );
        assert_eq!(
            canonicalize(&json!({"b": 1, "a": {"d": [], "c": {}}})).unwrap(),
            r#"{"a":{"c":{},"d":[]},"b":1}"#
        );
    }

    #[test]
    fn control_characters_escaped_lowercase() {
        let s: String = (0u8..0x20)
            .map(char::from)
            .chain(['\u{7f}', '\u{2028}', '/'])
            .collect();
        let out = canonicalize(&Value::String(s)).unwrap();
        assert_eq!(
            out,
            "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\
             \\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\
             \\u001e\\u001f\u{7f}\u{2028}/\""
        );
    }

    #[test]
    fn depth_limited() {
        let mut v = json!(1);
        for _ in 0..Limits::MAX_JCS_DEPTH {
            v = json!([v]);
        }
        assert!(canonicalize(&v).is_ok());
        let v = json!({ "a": v });
        let e = canonicalize(&v).unwrap_err();
        assert_eq!(e.code(), "jcs-too-deep");
        assert!(e.to_string().contains("$.a[0]"), "{e}");
    }

    /// Over many random doubles: the text reads back as the same double and
    /// is never longer than Rust's shortest round-trip form.
    #[test]
    fn numbers_round_trip() {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..200_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let x = f64::from_bits(state);
            if !x.is_finite() {
                continue;
            }
            let s = format_number(x).unwrap();
            let back: f64 = s.parse().unwrap();
            assert_eq!(back, if x == 0.0 { 0.0 } else { x }, "{s}");
            let ours = s
                .trim_start_matches('-')
                .split(['e'])
                .next()
                .unwrap()
                .replace('.', "");
            let ours = ours.trim_start_matches('0').trim_end_matches('0').len();
            let rust = format!("{:e}", x.abs());
            let rust = rust.split('e').next().unwrap().replace('.', "").len();
            assert!(ours <= rust, "{x:e}: {s}");
        }
    }

    #[test]
    fn non_finite_rejected() {
        assert_eq!(format_number(f64::NAN), None);
        assert_eq!(format_number(f64::INFINITY), None);
        assert_eq!(format_number(f64::NEG_INFINITY), None);
    }
}
