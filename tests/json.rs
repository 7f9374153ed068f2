//! The JSON reader and writer (src/json.rs). Runs natively and compiled to WebAssembly.

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

use ai_security_navigator::json::{parse, ParseError, Value, MAX_DEPTH};

#[test]
fn round_trips_every_kind_of_value() {
    let text = r#"{"a":[1,-2.5,3e2,true,false,null],"b":{"c":"x\"y\\z\n\u00e9😀"},"d":[]}"#;
    let value = parse(text).unwrap();
    assert_eq!(
        value.get("a").unwrap(),
        &Value::Array(vec![
            Value::Number("1".into()),
            Value::Number("-2.5".into()),
            Value::Number("3e2".into()),
            Value::Bool(true),
            Value::Bool(false),
            Value::Null,
        ])
    );
    assert_eq!(value.get("b").unwrap().get("c").unwrap().as_str(), Some("x\"y\\z\né😀"));
    assert_eq!(parse(&value.to_json()).unwrap(), value);
    assert_eq!(parse(r#""\ud83d\ude00""#).unwrap(), Value::String("😀".into()));
}

#[test]
fn errors_say_what_and_where() {
    let cases = [
        ("", "the text is empty; expected a JSON value", 1, 1),
        ("{\n  \"a\": 1,\n  \"a\": 2\n}", "the key \"a\" appears twice in the same object", 3, 3),
        ("{\"a\" 1}", "expected ':' after the key", 1, 6),
        ("[1, 2", "expected ',' or ']' in the list", 1, 6),
        ("\"abc", "this string is never closed", 1, 1),
        ("01", "a number must not start with 0 followed by more digits", 1, 2),
        ("{\"é\": x}", "unexpected character; expected a JSON value (an object, list, string, number, true, false or null)", 1, 7),
        ("1 2", "unexpected text after the JSON value", 1, 3),
        ("\"\\x\"", "unknown escape; allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX", 1, 2),
        ("\"\\ud800\"", "a lone surrogate in a \\u escape", 1, 8),
    ];
    for (text, message, line, column) in cases {
        assert_eq!(parse(text), Err(ParseError { message: message.into(), line, column }), "{text:?}");
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000);
    assert!(parse(&deep).unwrap_err().message.contains("nested more than"));
    let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    assert!(parse(&ok).is_ok());
}

/// What the writer must produce, written the slow and obvious way.
fn escaped_by_hand(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[test]
fn escapes_every_special_character_wherever_it_falls_in_a_long_text() {
    // The writer scans eight bytes at a time: put each special character at every offset of
    // texts of many lengths, next to characters whose bytes resemble the special ones.
    let specials = ["\"", "\\", "\n", "\u{1}", "\u{1f}", "\u{2028}", "\u{2029}", "—", "é", "😀", "\u{7f}", " "];
    for len in 0..24 {
        for at in 0..=len {
            for special in specials {
                let text = format!("{}{special}{}", "a".repeat(at), "b".repeat(len - at));
                assert_eq!(Value::from(text.as_str()).to_json(), escaped_by_hand(&text), "{text:?}");
            }
        }
    }
}

#[test]
fn writes_control_characters_escaped() {
    assert_eq!(Value::from("a\u{1}b\u{2028}").to_json(), "\"a\\u0001b\\u2028\"");
    assert_eq!(Value::from(3u32).to_json(), "3");
    assert_eq!(parse("-12").unwrap().as_i64(), Some(-12));
    assert_eq!(parse("2.0").unwrap().as_i64(), None);
    assert_eq!(parse("1e2").unwrap().as_i64(), None);
    assert_eq!(parse("12345678901234567890").unwrap().as_i64(), None);
}
