//! RFC 8785 (JSON Canonicalization Scheme): the examples and the number
//! table of the RFC (section 3.2.2.3, 3.2.3, 3.2.4 and appendix B).
#![allow(clippy::unwrap_used, clippy::panic)] // test helpers outside #[test] functions

use kiln_core::jcs::{canonicalize, format_number};
use serde_json::Value;

fn canon(text: &str) -> String {
    let v: Value = serde_json::from_str(text).unwrap();
    canonicalize(&v).unwrap()
}

/// RFC 8785 appendix B: IEEE 754 bit patterns and their canonical text.
#[test]
fn appendix_b_numbers() {
    let table: &[(u64, &str)] = &[
        (0x0000000000000000, "0"),
        (0x8000000000000000, "0"),
        (0x0000000000000001, "5e-324"),
        (0x8000000000000001, "-5e-324"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"),
        (0xffefffffffffffff, "-1.7976931348623157e+308"),
        (0x4340000000000000, "9007199254740992"),
        (0xc340000000000000, "-9007199254740992"),
        (0x4430000000000000, "295147905179352830000"),
        (0x44b52d02c7e14af5, "9.999999999999997e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
        (0x444b1ae4d6e2ef4e, "999999999999999700000"),
        (0x444b1ae4d6e2ef4f, "999999999999999900000"),
        (0x444b1ae4d6e2ef50, "1e+21"),
        (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
        (0x3eb0c6f7a0b5ed8d, "0.000001"),
        (0x41b3de4355555553, "333333333.3333332"),
        (0x41b3de4355555554, "333333333.33333325"),
        (0x41b3de4355555555, "333333333.3333333"),
        (0x41b3de4355555556, "333333333.3333334"),
        (0x41b3de4355555557, "333333333.33333343"),
        (0xbecbf647612f3696, "-0.0000033333333333333333"),
        (0x43143ff3c1cb0959, "1424953923781206.2"),
    ];
    for &(bits, want) in table {
        let f = f64::from_bits(bits);
        assert_eq!(format_number(f).as_deref(), Some(want), "{bits:016x}");
        // The same through a serde_json value, where it is representable.
        if let Some(n) = serde_json::Number::from_f64(f) {
            assert_eq!(
                canonicalize(&Value::Number(n)).unwrap(),
                want,
                "{bits:016x}"
            );
        }
    }
    // NaN and Infinity of the same table are errors.
    assert_eq!(format_number(f64::from_bits(0x7fffffffffffffff)), None);
    assert_eq!(format_number(f64::from_bits(0x7ff0000000000000)), None);
}

/// Edge cases of ECMAScript Number::toString, from parsed JSON text.
#[test]
#[cfg_attr(
    not(feature = "exact-floats"),
    ignore = "numbers beyond serde_json's fast path: built with exact-floats only"
)]
fn number_edge_cases() {
    for (input, want) in [
        ("1e21", "1e+21"),
        ("1e20", "100000000000000000000"),
        ("1e-7", "1e-7"),
        ("1e-6", "0.000001"),
        ("-0", "0"),
        ("-0.0", "0"),
        ("5e-324", "5e-324"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("0.30000000000000004", "0.30000000000000004"),
        ("4.50", "4.5"),
        ("2e-3", "0.002"),
        ("1E30", "1e+30"),
        ("123456789012345680000", "123456789012345680000"),
        ("18446744073709551615", "18446744073709552000"),
        ("-9223372036854775808", "-9223372036854776000"),
        ("9007199254740993", "9007199254740992"),
        ("1.5e300", "1.5e+300"),
        ("100", "100"),
        ("0.1", "0.1"),
    ] {
        assert_eq!(canon(input), want, "{input}");
    }
    // 0.1 + 0.2 takes the shortest text that reads back as the same double.
    assert_eq!(
        format_number(0.1 + 0.2).as_deref(),
        Some("0.30000000000000004")
    );
}

/// RFC 8785 section 3.2.4 (the example of the whole transformation) with the
/// input of section 3.2.2.
#[test]
#[cfg_attr(
    not(feature = "exact-floats"),
    ignore = "numbers beyond serde_json's fast path: built with exact-floats only"
)]
fn rfc_example() {
    let input = r#"{
      "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
      "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
      "literals": [null, true, false]
    }"#;
    let want = r#"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#;
    assert_eq!(canon(input), want);
}

/// RFC 8785 section 3.2.3: members sorted by UTF-16 code units (the
/// surrogate pair of U+1F600 sorts before U+FB33).
#[test]
fn rfc_sorting_example() {
    let input = r#"{
      "\u20ac": "Euro Sign",
      "\r": "Carriage Return",
      "\ufb33": "Hebrew Letter Dalet With Dagesh",
      "1": "One",
      "\ud83d\ude00": "Emoji: Grinning Face",
      "\u0080": "Control",
      "\u00f6": "Latin Small Letter O With Diaeresis"
    }"#;
    let out = canon(input);
    let v: serde_json::Map<String, Value> = serde_json::from_str(&out).unwrap();
    let order: Vec<&str> = v.values().filter_map(Value::as_str).collect();
    assert_eq!(
        order,
        [
            "Carriage Return",
            "One",
            "Control",
            "Latin Small Letter O With Diaeresis",
            "Euro Sign",
            "Emoji: Grinning Face",
            "Hebrew Letter Dalet With Dagesh"
        ]
    );
    assert!(out.starts_with("{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u{80}\":\"Control\""));
}

/// The canonical text of the RFC example, as UTF-8 bytes (section 3.2.4).
#[test]
#[cfg_attr(
    not(feature = "exact-floats"),
    ignore = "numbers beyond serde_json's fast path: built with exact-floats only"
)]
fn rfc_example_bytes() {
    let input = r#"{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/","literals":[null,true,false]}"#;
    let hex: String = canon(input).bytes().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hex,
        "7b226c69746572616c73223a5b6e756c6c2c747275652c66616c73655d2c226e756d62657273223a5b3333333333333333332e333333333333332c\
         31652b33302c342e352c302e3030322c31652d32375d2c22737472696e67223a22e282ac245c75303030665c6e4127425c225c5c5c5c5c222f227d"
    );
}

/// Without `exact-floats`, Kiln's JSON reader refuses the RFC example's
/// numbers (beyond serde_json's fast path) as "could not check", naming the
/// build that reads them exactly, instead of canonicalizing numbers read off.
#[test]
fn numbers_beyond_the_fast_path_need_exact_floats() {
    let input = r#"{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001]}"#;
    let read =
        kiln_core::credential::read_json(input, &kiln_core::Limits::default(), "the example");
    if cfg!(feature = "exact-floats") {
        assert!(read.is_ok());
    } else {
        let e = read.unwrap_err();
        assert_eq!(e.code(), "json-number-not-exact");
        assert_eq!(e.needs(), Some(kiln_core::Capability::ExactNumbers));
    }
    // The fast path's numbers are read either way.
    assert!(
        kiln_core::credential::read_json(
            "[4.5, 2e-3, 100, 0.1]",
            &kiln_core::Limits::default(),
            "t"
        )
        .is_ok()
    );
}
