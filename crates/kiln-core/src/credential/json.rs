//! The one reader of untrusted JSON: a single pass of serde_json into a
//! [`Value`] that refuses duplicate member names (I-JSON, RFC 7493 §2.3),
//! bounds the nesting depth and counts the values as it goes.
//!
//! serde_json alone keeps the last of two members with the same name, so the
//! raw text can show one `name` while the checks read another; and it builds
//! the whole tree before anything can count it. Here the count and the depth
//! are checked as each value starts, so an input of a million tiny values is
//! refused after `max_json_nodes` of them, before any JSON-LD work.
//!
//! Numbers are read by serde_json exactly as `serde_json::from_str` reads them
//! (with `float_roundtrip`), and members keep their order (`preserve_order`):
//! JCS signatures depend on both.

use crate::{
    error::{Error, Result},
    limits::Limits,
};
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses untrusted JSON text into a [`Value`] within `limits`.
///
/// `what` names the document in error messages ("the key file", "the trust
/// list", a URL). Errors, each naming the limit or the member:
/// - `json-too-large`: more than `max_input_bytes` of text;
/// - `json-too-deep`: arrays/objects nested deeper than `max_json_depth`;
/// - `json-too-many-nodes`: more than `max_json_nodes` values;
/// - `json-duplicate-member`: an object names a member twice (with its JSON path);
/// - `json-malformed`: not JSON at all (with line and column).
pub fn read_json(text: &str, limits: &Limits, what: &str) -> Result<Value> {
    read_json_as(text, limits, what, crate::code::Code::JsonMalformed)
}

/// `v` as compact JSON text: what `v.to_string()` and `format!("{v}")` give
/// but for fractional numbers (see [`to_json_string`]), through the one
/// writer every build already has. A `Value`'s `Display` brings two more
/// copies of serde_json's writer (compact and pretty, through `fmt`) into the
/// browser verifier: 1,273 bytes gzipped.
pub(crate) fn json_text(v: &Value) -> String {
    to_json_string(v).unwrap_or_default()
}

/// A JSON number as [`to_json_string`] writes it, for the number's own
/// `Display` (which is serde_json's float writer).
#[cfg_attr(not(feature = "jsonld-compact"), allow(dead_code))]
pub(crate) fn number_text(n: &Number) -> String {
    to_json_string(n).unwrap_or_default()
}

/// serde_json's compact writer with floating-point numbers written as
/// JavaScript's `JSON.stringify` writes them (ryu-js, the digits Kiln's JCS
/// writer uses): `1.5`, `100`, `1e+21` where serde_json writes `1.5`,
/// `100.0`, `1e21`. serde_json's own float writer carries a 9,888-byte table
/// of powers of ten at the browser verifier's `opt-level = "z"`.
struct JsNumbers;

impl serde_json::ser::Formatter for JsNumbers {
    fn write_f64<W: ?Sized + std::io::Write>(&mut self, w: &mut W, x: f64) -> std::io::Result<()> {
        // serde_json writes `null` for NaN and the infinities before it gets here.
        if x == 0.0 {
            return w.write_all(b"0");
        }
        w.write_all(ryu_js::Buffer::new().format_finite(x).as_bytes())
    }

    fn write_f32<W: ?Sized + std::io::Write>(&mut self, w: &mut W, x: f32) -> std::io::Result<()> {
        self.write_f64(w, f64::from(x))
    }
}

/// Writes `v` as compact JSON to `w`, numbers as in [`to_json_string`].
pub fn to_json_writer<W: std::io::Write, T: ?Sized + serde::Serialize>(
    w: W,
    v: &T,
) -> serde_json::Result<()> {
    v.serialize(&mut serde_json::Serializer::with_formatter(w, JsNumbers))
}

/// `v` as compact JSON text, as `serde_json::to_string` writes it but for
/// fractional numbers, which are written as JavaScript writes them (`100`
/// for `100.0`, `1e+21` for `1e21`): the same numbers to any JSON reader.
/// Kiln writes all its JSON through this (reports, messages, limits), so
/// that the browser verifier carries one float writer, not two.
pub fn to_json_string<T: ?Sized + serde::Serialize>(v: &T) -> serde_json::Result<String> {
    let mut out = Vec::with_capacity(128);
    to_json_writer(&mut out, v)?;
    // serde_json writes UTF-8 only.
    Ok(String::from_utf8(out).unwrap_or_default())
}

/// [`read_json`] with the caller's own code for text that is not JSON.
pub(crate) fn read_json_as(
    text: &str,
    limits: &Limits,
    what: &str,
    malformed_code: crate::code::Code,
) -> Result<Value> {
    if text.len() > limits.max_input_bytes {
        return Err(Error::limit(
            crate::code::Code::JsonTooLarge,
            format!(
                "{what} is {} bytes of JSON; the limit is {} bytes",
                text.len(),
                limits.max_input_bytes
            ),
        ));
    }
    let mut state = State {
        max_nodes: limits.max_json_nodes,
        max_depth: limits.max_json_depth,
        nodes: 0,
        depth: 0,
        failure: None,
        path: Vec::new(),
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let result = Seed { state: &mut state }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    let value = result.map_err(|e| state.error(&e, limits, what, malformed_code))?;
    #[cfg(not(feature = "exact-floats"))]
    if let Some(n) = number_beyond_fast_path(text) {
        let shown: String = n.chars().take(40).collect();
        return Err(Error::not_built(
            crate::code::Code::JsonNumberNotExact,
            crate::error::Capability::ExactNumbers,
            format!(
                "{what} holds the number {shown}{}, which this build of Kiln cannot read \
                 exactly (more than 15 significant digits, or a power of ten beyond 10^22 \
                 or 10^-22); a build with exact number reading (feature `exact-floats`) \
                 can check it",
                if shown.len() < n.len() { "…" } else { "" }
            ),
        ));
    }
    Ok(value)
}

/// The first number of `text` (JSON that serde_json has read) that
/// serde_json's fast path may read one ulp off the nearest double, which
/// only `float_roundtrip` reads exactly.
///
/// The fast path is exact for an integer that fits in 64 bits and for a
/// number whose digits, leading zeros left out, are at most 15 (less than
/// 2^53, so exactly a double) with a power of ten within 10^±22 (exactly a
/// double too): one multiplication or division of two exact doubles,
/// rounded once.
#[cfg(any(test, not(feature = "exact-floats")))]
fn number_beyond_fast_path(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => {
                // a string: up to the closing quote, escapes skipped
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    i += if c == b'\\' { 2 } else { 1 };
                    if c == b'"' {
                        break;
                    }
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|c| matches!(c, b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9'))
                {
                    i += 1;
                }
                let n = text.get(start..i).unwrap_or_default();
                if !read_exactly(n) {
                    return Some(n);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// Whether serde_json's fast path reads the JSON number `n` exactly.
#[cfg(any(test, not(feature = "exact-floats")))]
fn read_exactly(n: &str) -> bool {
    let unsigned = n.strip_prefix('-').unwrap_or(n);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if exponent.is_none() && !mantissa.contains('.') {
        // An integer: exact while it fits in 64 bits.
        return int.parse::<u64>().is_ok();
    }
    let digits = int.len() + frac.len();
    let leading_zeros = int
        .bytes()
        .chain(frac.bytes())
        .take_while(|&d| d == b'0')
        .count();
    if leading_zeros == digits {
        return true; // zero
    }
    if digits - leading_zeros > 15 {
        return false;
    }
    let Ok(e) = exponent.unwrap_or("0").parse::<i64>() else {
        return false;
    };
    let Ok(places) = i64::try_from(frac.len()) else {
        return false;
    };
    e.saturating_sub(places).unsigned_abs() <= 22
}

/// What stopped the parse, when it was one of our rules and not the syntax.
enum Failure {
    Duplicate(String),
    TooManyNodes,
    TooDeep,
}

/// One step of a JSON path, recorded innermost first as an error unwinds.
enum Step {
    Member(String),
    Index(usize),
}

struct State {
    max_nodes: usize,
    max_depth: usize,
    nodes: usize,
    depth: usize,
    failure: Option<Failure>,
    /// The path to the failure, innermost step first.
    path: Vec<Step>,
}

impl State {
    /// Counts one more value, refusing the one past the limit.
    fn count<E: de::Error>(&mut self) -> Result<(), E> {
        self.nodes = self.nodes.saturating_add(1);
        if self.nodes > self.max_nodes {
            return Err(self.fail(Failure::TooManyNodes));
        }
        Ok(())
    }

    /// Counts an array or object and goes one level deeper.
    fn enter<E: de::Error>(&mut self) -> Result<(), E> {
        self.count()?;
        self.depth = self.depth.saturating_add(1);
        if self.depth > self.max_depth {
            return Err(self.fail(Failure::TooDeep));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn fail<E: de::Error>(&mut self, failure: Failure) -> E {
        self.failure = Some(failure);
        E::custom("refused")
    }

    /// Records `step` on the way out when the failure is ours.
    fn unwind<E>(&mut self, step: Step, e: E) -> E {
        if self.failure.is_some() {
            self.path.push(step);
        }
        e
    }

    fn json_path(&self) -> String {
        let mut out = String::from("$");
        for step in self.path.iter().rev() {
            match step {
                Step::Index(i) => out.push_str(&format!("[{i}]")),
                Step::Member(name) if is_plain_name(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                Step::Member(name) => {
                    out.push('[');
                    out.push_str(&json_text(&Value::String(name.clone())));
                    out.push(']');
                }
            }
        }
        out
    }

    fn error(
        &self,
        e: &serde_json::Error,
        limits: &Limits,
        what: &str,
        malformed_code: crate::code::Code,
    ) -> Error {
        let at = format!("line {}, column {}", e.line(), e.column());
        match &self.failure {
            Some(Failure::Duplicate(name)) => Error::malformed(
                crate::code::Code::JsonDuplicateMember,
                format!(
                    "{what} has the member {} twice in the object at {} ({at}); member names must be unique (I-JSON, RFC 7493)",
                    json_text(&Value::String(clip(name))),
                    self.json_path()
                ),
            ),
            Some(Failure::TooManyNodes) => Error::limit(
                crate::code::Code::JsonTooManyNodes,
                format!(
                    "{what} has more than {n} JSON values; the limit is {n} (max_json_nodes)",
                    n = limits.max_json_nodes
                ),
            ),
            Some(Failure::TooDeep) => too_deep(what, limits.max_json_depth, &at),
            // serde_json's own guard (128 levels) when the limit is set higher.
            None if e.to_string().starts_with("recursion limit exceeded") => {
                too_deep(what, 127, &at)
            }
            None => {
                let message = e.to_string();
                let reason = message.split(" at line ").next().unwrap_or(&message);
                Error::malformed(
                    malformed_code,
                    format!("{what} is not valid JSON: {reason} ({at})"),
                )
            }
        }
    }
}

fn too_deep(what: &str, max: usize, at: &str) -> Error {
    Error::limit(
        crate::code::Code::JsonTooDeep,
        format!(
            "{what} has arrays or objects nested deeper than {max} levels (the limit, max_json_depth) at {at}"
        ),
    )
}

/// A member name that reads unambiguously after a dot in a JSON path.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 100
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '@' | '-' | ':'))
}

/// At most 100 characters of a name for a message.
fn clip(name: &str) -> String {
    name.chars().take(100).collect()
}

struct Seed<'s> {
    state: &'s mut State,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.state.count()?;
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::String(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::String(v))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.state.count()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let state = self.state;
        state.enter()?;
        let mut items = Vec::new();
        loop {
            let index = items.len();
            match seq.next_element_seed(Seed { state: &mut *state }) {
                Ok(Some(v)) => items.push(v),
                Ok(None) => break,
                Err(e) => return Err(state.unwind(Step::Index(index), e)),
            }
        }
        state.leave();
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let state = self.state;
        state.enter()?;
        let mut map = Map::new();
        while let Some(name) = access.next_key::<String>()? {
            // One lookup per member: the slot found for the name is the one filled.
            let slot = match map.entry(name) {
                serde_json::map::Entry::Occupied(taken) => {
                    return Err(state.fail(Failure::Duplicate(taken.key().clone())));
                }
                serde_json::map::Entry::Vacant(slot) => slot,
            };
            match access.next_value_seed(Seed { state: &mut *state }) {
                Ok(v) => {
                    slot.insert(v);
                }
                Err(e) => return Err(state.unwind(Step::Member(slot.key().clone()), e)),
            }
        }
        state.leave();
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(nodes: usize, depth: usize) -> Limits {
        Limits {
            max_json_nodes: nodes,
            max_json_depth: depth,
            ..Limits::default()
        }
    }

    #[test]
    fn finds_the_numbers_the_fast_path_may_read_off() {
        for exact in [
            "0",
            "-0",
            "17",
            "18446744073709551615",
            "-9223372036854775808",
            "0.5",
            "-2.25",
            "100.0",
            "1e22",
            "1E-22",
            "123456789012345",
            "0.123456789012345",
            "1.5e-7",
            "0.0000000000000000000000001e10",
            "0.000e999999",
            "12345678.90123e10",
        ] {
            assert!(read_exactly(exact), "{exact}");
            assert_eq!(
                number_beyond_fast_path(&format!("[1,{exact}]")),
                None,
                "{exact}"
            );
            // serde_json's fast path and its exact reading agree on these
            let fast: f64 = serde_json::from_str(exact).unwrap_or(f64::NAN);
            assert_eq!(Some(fast), exact.parse::<f64>().ok(), "{exact}");
        }
        for beyond in [
            "18446744073709551616",
            "0.1234567890123456",
            "1234567890123456.5",
            "1e23",
            "1e-23",
            "2.5e-22",
            "1.7976931348623157e308",
            "5e-324",
            "1e99999999999999999999",
        ] {
            assert!(!read_exactly(beyond), "{beyond}");
            let doc = format!(
                "{{\"a\": \"1.2345678901234567890 in a string \\\" {beyond}\", \"n\": [true, {beyond}]}}"
            );
            assert_eq!(number_beyond_fast_path(&doc), Some(beyond), "{doc}");
        }
        // numbers inside strings are not numbers
        assert_eq!(
            number_beyond_fast_path(r#"{"a": "0.12345678901234567890"}"#),
            None
        );
    }

    #[test]
    fn writes_like_serde_json_but_fractional_numbers_as_javascript_does() {
        // Everything but floats: the same text as serde_json.
        let v = serde_json::json!({
            "b": [1, -2, 18446744073709551615u64, -9223372036854775808i64, true, null],
            "a": "quote \" backslash \\ newline \n control \u{1} bidi \u{202e} é 漢",
            "": {}, "e": []
        });
        assert_eq!(
            to_json_string(&v).unwrap_or_default(),
            serde_json::to_string(&v).unwrap_or_default()
        );
        assert_eq!(json_text(&v), serde_json::to_string(&v).unwrap_or_default());
        // Floats as JavaScript's JSON.stringify writes them.
        for (x, js) in [
            (1.5, "1.5"),
            (100.0, "100"),
            (-0.0, "0"),
            (0.1, "0.1"),
            (1e21, "1e+21"),
            (1e-7, "1e-7"),
            (123456789012345680000.0, "123456789012345680000"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
        ] {
            let n = Number::from_f64(x).unwrap_or_else(|| Number::from(0));
            assert_eq!(
                to_json_string(&Value::Number(n.clone())).unwrap_or_default(),
                js,
                "{x}"
            );
            assert_eq!(number_text(&n), js, "{x}");
            // and read back as the same double (by the standard library's exact reader)
            assert_eq!(js.parse::<f64>().ok(), Some(x), "{js}");
        }
        for n in [Number::from(0), Number::from(-17), Number::from(u64::MAX)] {
            assert_eq!(number_text(&n), n.to_string());
        }
        // NaN and the infinities, which a Value cannot hold, as serde_json: null.
        assert_eq!(
            to_json_string(&[f64::NAN, f64::INFINITY]).unwrap_or_default(),
            "[null,null]"
        );
        assert_eq!(to_json_string(&[1.25f32]).unwrap_or_default(), "[1.25]");
    }

    #[test]
    fn reads_like_serde_json() {
        let texts = [
            r#"{"b":1,"a":[true,false,null,-0,0.1,1e400,-12,18446744073709551615,1.7976931348623157e308,5e-324],"c":{"\u00e9\n":"x\"y"}}"#,
            "[]",
            "  {}  ",
            "0.30000000000000004",
            "\"\\ud83d\\ude00\"",
        ];
        for text in texts {
            let ours = read_json(text, &Limits::default(), "t");
            let theirs = serde_json::from_str::<Value>(text);
            match (ours, theirs) {
                (Ok(a), Ok(b)) => {
                    assert_eq!(a, b, "{text}");
                    assert_eq!(a.to_string(), b.to_string(), "{text}");
                }
                (Err(_), Err(_)) => {}
                // Without `exact-floats`, a number beyond serde_json's fast
                // path is "could not check" (the build that reads it exactly can).
                (Err(e), Ok(_))
                    if !cfg!(feature = "exact-floats")
                        && number_beyond_fast_path(text).is_some() =>
                {
                    assert_eq!(e.code(), "json-number-not-exact", "{text}");
                    assert_eq!(e.needs(), Some(crate::error::Capability::ExactNumbers));
                }
                (a, b) => panic!("{text}: ours {a:?}, serde_json {b:?}"),
            }
        }
    }

    #[test]
    fn refuses_what_serde_json_refuses() {
        for text in ["", "{", "[1,]", "{\"a\":1}x", "{'a':1}", "[1] [2]", "nul"] {
            let e = read_json(text, &Limits::default(), "the thing").unwrap_err();
            assert_eq!(e.code(), "json-malformed", "{text}");
            assert!(e.to_string().starts_with("the thing is not valid JSON"));
            assert!(e.to_string().contains("line 1"), "{e}");
        }
    }

    #[test]
    fn duplicate_names_path() {
        let e = read_json(
            r#"{"a":[{"x":1},{"b c":{"n":1,"m":2,"n":3}}]}"#,
            &Limits::default(),
            "the credential",
        )
        .unwrap_err();
        assert_eq!(e.code(), "json-duplicate-member");
        let m = e.to_string();
        assert!(m.contains(r#"the member "n" twice"#), "{m}");
        assert!(m.contains(r#"at $.a[1]["b c"] "#), "{m}");
        let e = read_json(r#"{"n":1,"n":1}"#, &Limits::default(), "t").unwrap_err();
        assert!(e.to_string().contains("in the object at $ "), "{e}");
        // Names equal after unescaping are the same name.
        let e = read_json(r#"{"n":1,"\u006e":2}"#, &Limits::default(), "t").unwrap_err();
        assert_eq!(e.code(), "json-duplicate-member");
        // The same name in sibling objects is fine.
        assert!(read_json(r#"[{"n":1},{"n":1}]"#, &Limits::default(), "t").is_ok());
    }

    #[test]
    fn counts_values() {
        // 1 array + 3 numbers = 4 values.
        assert!(read_json("[1,2,3]", &limits(4, 8), "t").is_ok());
        let e = read_json("[1,2,3]", &limits(3, 8), "the list").unwrap_err();
        assert_eq!(e.code(), "json-too-many-nodes");
        assert_eq!(
            e.to_string(),
            "the list has more than 3 JSON values; the limit is 3 (max_json_nodes)"
        );
        // Keys are not values; an object and its members' values are.
        assert!(read_json(r#"{"a":1,"b":{}}"#, &limits(3, 8), "t").is_ok());
        assert!(read_json(r#"{"a":1,"b":{}}"#, &limits(2, 8), "t").is_err());
    }

    #[test]
    fn bounds_depth() {
        let nest = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
        assert!(read_json(&nest(8), &limits(100, 8), "t").is_ok());
        let e = read_json(&nest(9), &limits(100, 8), "t").unwrap_err();
        assert_eq!(e.code(), "json-too-deep");
        assert!(
            e.to_string().contains("deeper than 8 levels (the limit"),
            "{e}"
        );
        // serde_json's own guard still gives the typed error.
        let e = read_json(&nest(200), &limits(1000, 500), "t").unwrap_err();
        assert_eq!(e.code(), "json-too-deep");
        // Unclosed and very deep: refused for depth, not as a syntax error.
        let e = read_json(&"[".repeat(100_000), &Limits::default(), "t").unwrap_err();
        assert_eq!(e.code(), "json-too-deep");
        assert!(e.to_string().contains("deeper than 64 levels (the limit"));
    }

    #[test]
    fn bounds_size() {
        let l = Limits {
            max_input_bytes: 10,
            ..Limits::default()
        };
        assert_eq!(
            read_json("[1,2,3,4,5,6]", &l, "t").unwrap_err().code(),
            "json-too-large"
        );
    }
}
