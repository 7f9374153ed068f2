//! A small JSON reader and writer for what users hand the engine (assessment files) and what it
//! hands back (results).
//!
//! Why not serde_json here: the module ships to browsers, and this does the one job — text to a
//! tree with precise errors, a tree to text — in a fraction of the code. Objects keep their key
//! order. Limits (nesting depth, text length) make hostile input an error, never a crash.

use std::fmt;

/// A JSON value. Objects keep their keys in order; a key may appear only once.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number, kept as written (no floating-point code needed); see [`Value::as_i64`].
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Deepest nesting accepted: assessment files need a handful of levels.
pub const MAX_DEPTH: usize = 64;
/// Longest text accepted, in bytes: far beyond any real assessment file.
pub const MAX_LEN: usize = 8 * 1024 * 1024;

/// Why a text is not JSON, and where: `line` and `column` count from 1 (columns in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub line: usize,
    pub column: usize,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {}, column {}", self.message, self.line, self.column)
    }
}

impl Value {
    /// The value under `key`, if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The number, if this is a whole number written without fraction or exponent that fits.
    pub fn as_i64(&self) -> Option<i64> {
        let Value::Number(text) = self else { return None };
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text.as_str()),
        };
        if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n = digits.bytes().fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
        Some(if negative { -n } else { n })
    }

    /// The fields, if this is an object.
    pub fn as_object(&self) -> Option<&Vec<(String, Value)>> {
        match self {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Vec<(String, Value)>> {
        match self {
            Value::Object(entries) => Some(entries),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of value this is, for messages: "a string", "a number", …
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "true or false",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        }
    }

    /// Compact JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Number(n) => out.push_str(n),
            Value::String(s) => write_string(out, s),
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Value::Object(entries) => {
                out.push('{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, key);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(n.to_string())
    }
}

impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Null, Into::into)
    }
}

impl<T: Into<Value>> FromIterator<T> for Value {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Value {
        Value::Array(iter.into_iter().map(Into::into).collect())
    }
}

/// The value of `key` among an object's fields.
pub fn field<'a>(entries: &'a [(String, Value)], key: &str) -> Option<&'a Value> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Sets `key` in an object's fields, replacing an existing value in place or adding it at the end.
pub fn set_field(entries: &mut Vec<(String, Value)>, key: &str, value: Value) {
    match entries.iter_mut().find(|(k, _)| k == key) {
        Some((_, v)) => *v = value,
        None => entries.push((key.to_string(), value)),
    }
}

/// Removes `key` from an object's fields, returning its value.
pub fn take_field(entries: &mut Vec<(String, Value)>, key: &str) -> Option<Value> {
    let at = entries.iter().position(|(k, _)| k == key)?;
    Some(entries.remove(at).1)
}

/// Builds an object from `(key, value)` pairs: `object([("id", "x".into())])`.
pub fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// Writes a JSON object straight into text, field by field, without building a tree: the fast
/// way out for large results.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
    /// Strings as JavaScript's `JSON.stringify` writes them (see [`write_string_as_js`]).
    as_js: bool,
}

impl<'a> ObjectWriter<'a> {
    pub fn new(out: &'a mut String) -> ObjectWriter<'a> {
        out.push('{');
        ObjectWriter { out, first: true, as_js: false }
    }

    /// A writer whose keys and strings come out byte for byte as `JSON.stringify` writes them.
    pub fn new_as_js(out: &'a mut String) -> ObjectWriter<'a> {
        ObjectWriter { as_js: true, ..ObjectWriter::new(out) }
    }

    /// Starts a field whose value is an object, written in the same way as this one.
    pub fn object(&mut self, key: &str) -> ObjectWriter<'_> {
        let as_js = self.as_js;
        ObjectWriter { as_js, ..ObjectWriter::new(self.key(key)) }
    }

    fn string(&mut self, s: &str) {
        if self.as_js {
            write_string_as_js(self.out, s);
        } else {
            write_string(self.out, s);
        }
    }

    /// Starts a field and returns the text to write its value into.
    pub fn key(&mut self, key: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        self.string(key);
        self.out.push(':');
        self.out
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        self.string(value);
        self
    }

    pub fn opt_str(&mut self, key: &str, value: Option<&str>) -> &mut Self {
        match value {
            Some(v) => self.str(key, v),
            None => {
                self.key(key).push_str("null");
                self
            }
        }
    }

    pub fn num(&mut self, key: &str, value: u32) -> &mut Self {
        push_number(self.key(key), value as usize);
        self
    }

    pub fn opt_num(&mut self, key: &str, value: Option<u32>) -> &mut Self {
        match value {
            Some(v) => self.num(key, v),
            None => {
                self.key(key).push_str("null");
                self
            }
        }
    }

    /// A list field whose items `each` writes.
    pub fn list<T>(&mut self, key: &str, items: impl IntoIterator<Item = T>, mut each: impl FnMut(&mut String, T)) -> &mut Self {
        let out = self.key(key);
        out.push('[');
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            each(out, item);
        }
        out.push(']');
        self
    }

    pub fn end(self) {
        self.out.push('}');
    }
}

/// Writes `s` as a JSON string literal. Runs of ordinary characters are copied in one go; only
/// quotes, backslashes, control characters and U+2028/U+2029 are escaped.
pub fn write_string(out: &mut String, s: &str) {
    write_escaped(out, s, false);
}

/// Writes `s` as a JSON string literal exactly as JavaScript's `JSON.stringify` does: `\b` and
/// `\f` in their short forms, U+2028 and U+2029 as they are. For text that must match, byte for
/// byte, what a JavaScript implementation wrote (share links).
pub fn write_string_as_js(out: &mut String, s: &str) {
    write_escaped(out, s, true);
}

fn write_escaped(out: &mut String, s: &str, as_js: bool) {
    out.reserve(s.len() + 2);
    out.push('"');
    let mut rest = s;
    // The bytes that may need escaping, looked up in a table (the writer's hot loop): controls,
    // quote, backslash, and 0xE2, which starts U+2028 and U+2029 (and other characters, which
    // are copied as they are).
    const fn table(e2: bool) -> [bool; 256] {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            t[b] = true;
            b += 1;
        }
        t[b'"' as usize] = true;
        t[b'\\' as usize] = true;
        t[0xE2] = e2;
        t
    }
    static FOR_JSON: [bool; 256] = table(true);
    static FOR_JS: [bool; 256] = table(false);
    let special = if as_js { &FOR_JS } else { &FOR_JSON };
    while let Some(i) = first_special(rest.as_bytes(), special, !as_js) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        let c = tail.chars().next().unwrap_or('\0');
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' if as_js => out.push_str("\\b"),
            '\u{c}' if as_js => out.push_str("\\f"),
            c if (c as u32) < 0x20 || c == '\u{2028}' || c == '\u{2029}' => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let n = c as u32;
                out.push_str("\\u");
                for shift in [12, 8, 4, 0] {
                    out.push(char::from(HEX[((n >> shift) & 0xf) as usize]));
                }
            }
            c => out.push(c),
        }
        rest = &tail[c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// The position of the first byte that `special` marks. Eight bytes at a time while none of them
/// can be one (a control character, `"`, `\`, or with `e2` the byte 0xE2), then byte by byte
/// through the table (a closure there made writing a result 15% slower): result texts are mostly
/// long runs of ordinary prose, and this scan was two thirds of the time spent writing them.
fn first_special(bytes: &[u8], special: &[bool; 256], e2: bool) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Non-zero exactly when some byte of `w` is below `n` (n at most 0x80).
    let below = |w: u64, n: u64| w.wrapping_sub(n * ONES) & !w & HIGH;
    let has = |w: u64, b: u8| below(w ^ (u64::from(b) * ONES), 1);
    let mut start = 0;
    for chunk in bytes.chunks_exact(8) {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        if below(w, 0x20) | has(w, b'"') | has(w, b'\\') | if e2 { has(w, 0xE2) } else { 0 } != 0 {
            break;
        }
        start += 8;
    }
    bytes[start..].iter().position(|&b| special[b as usize]).map(|i| start + i)
}

/// Parses JSON text. Errors name what was expected and where.
pub fn parse(text: &str) -> Result<Value, ParseError> {
    let mut p = Parser { text, bytes: text.as_bytes(), pos: 0 };
    if text.len() > MAX_LEN {
        return Err(p.error_at(0, &format!("the text is too long ({} bytes; at most {MAX_LEN})", text.len())));
    }
    p.skip_space();
    if p.pos == p.bytes.len() {
        return Err(p.error("the text is empty; expected a JSON value"));
    }
    let value = p.value(0)?;
    p.skip_space();
    if p.pos < p.bytes.len() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn error(&self, message: &str) -> ParseError {
        self.error_at(self.pos, message)
    }

    fn error_at(&self, pos: usize, message: &str) -> ParseError {
        let pos = pos.min(self.bytes.len());
        // Count characters, not bytes; step back to a character boundary if needed.
        let mut boundary = pos;
        while !self.text.is_char_boundary(boundary) {
            boundary -= 1;
        }
        let before = &self.text[..boundary];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ParseError { message: message.to_string(), line, column }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, ParseError> {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.error("unexpected character; expected a JSON value (an object, list, string, number, true, false or null)"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, ParseError> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!("nested more than {MAX_DEPTH} levels deep")));
        }
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => {
                Err(self.error("unexpected character; expected a JSON value (an object, list, string, number, true, false or null)"))
            }
            None => Err(self.error("the text ends where a value was expected")),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1; // {
        let mut entries: Vec<(String, Value)> = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Value::Object(entries));
        }
        loop {
            self.skip_space();
            let key_at = self.pos;
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key in double quotes"));
            }
            let key = self.string()?;
            if entries.iter().any(|(k, _)| *k == key) {
                return Err(self.error_at(key_at, &format!("the key \"{key}\" appears twice in the same object")));
            }
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' after the key"));
            }
            self.pos += 1;
            self.skip_space();
            let value = self.value(depth + 1)?;
            entries.push((key, value));
            self.skip_space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Value::Object(entries));
                }
                _ => return Err(self.error("expected ',' or '}' in the object")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, ParseError> {
        self.pos += 1; // [
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            items.push(self.value(depth + 1)?);
            self.skip_space();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected ',' or ']' in the list")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u32, ParseError> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.error("the text ends inside a \\u escape"))?;
        let mut n = 0;
        for &d in digits {
            let v = match d {
                b'0'..=b'9' => d - b'0',
                b'a'..=b'f' => d - b'a' + 10,
                b'A'..=b'F' => d - b'A' + 10,
                _ => return Err(self.error("a \\u escape needs four hexadecimal digits")),
            };
            n = n * 16 + u32::from(v);
        }
        self.pos += 4;
        Ok(n)
    }

    fn string(&mut self) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1; // "
        let mut out: Option<String> = None;
        loop {
            // Copy the run of ordinary characters in one go; a string without escapes (almost
            // every one) is allocated once, at its size.
            let run_start = self.pos;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.pos += 1;
            }
            let run = &self.text[run_start..self.pos];
            if self.peek() == Some(b'"') && out.is_none() {
                self.pos += 1;
                return Ok(run.to_string());
            }
            let out = out.get_or_insert_with(String::new);
            out.push_str(run);
            match self.peek() {
                None => return Err(self.error_at(start, "this string is never closed")),
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(std::mem::take(out));
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escape = self.peek().ok_or_else(|| self.error("the text ends inside an escape"))?;
                    self.pos += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                if !self.bytes[self.pos..].starts_with(b"\\u") {
                                    return Err(self.error("a lone surrogate in a \\u escape"));
                                }
                                self.pos += 2;
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(self.error("a lone surrogate in a \\u escape"));
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            out.push(char::from_u32(code).ok_or_else(|| self.error("a lone surrogate in a \\u escape"))?);
                        }
                        _ => return Err(self.error_at(self.pos - 2, "unknown escape; allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX")),
                    }
                }
                Some(_) => return Err(self.error("a control character (such as a line break) inside a string must be escaped")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, ParseError> {
        let start = self.pos;
        let digits = |p: &mut Parser<'_>| {
            let from = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > from
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        if self.peek() == Some(b'0') {
            self.pos += 1;
        } else if !digits(self) {
            return Err(self.error("a number needs digits"));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error("a number needs digits after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error("a number needs digits in its exponent"));
            }
        }
        if matches!(self.peek(), Some(b'0'..=b'9')) {
            return Err(self.error("a number must not start with 0 followed by more digits"));
        }
        Ok(Value::Number(self.text[start..self.pos].to_string()))
    }
}

/// Appends `n` in decimal, without the allocation and formatting machinery of `to_string`
/// (results hold hundreds of numbers).
pub(crate) fn push_number(out: &mut String, n: usize) {
    let mut digits = [0u8; 20];
    let (mut n, mut start) = (n, digits.len());
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[start..] {
        out.push(char::from(d));
    }
}
