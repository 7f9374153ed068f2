//! Share links: an assessment carried in a URL fragment, `#share=1.<catalog>.<answers>[.<details>]`.
//!
//! - `1` is the format of the link.
//! - `<catalog>` is the catalog version the assessment was made with, e.g. `2026.08`.
//! - `<answers>` has one character per question, in the catalog's question order: the position
//!   of the chosen option among the question's options (yes/no questions list `yes`, `no`), in
//!   base 36 (`0`–`9`, `a`–`z`); `u` for "don't know"; `-` for unanswered. It may be shorter
//!   than the questionnaire (the questions after it are unanswered): the questionnaire only grows
//!   at its end, so older links stay readable.
//! - `<details>`, only when there are any, is the base64url text (no padding) of the UTF-8 JSON
//!   `{ system, risks, controls }` (each only when it holds anything).
//!
//! [`write`] gives, byte for byte, what the page's JavaScript wrote before this module existed
//! (keys in the format's order, strings escaped as `JSON.stringify` escapes them). [`read`] is
//! strict: the length is bounded before any work, every part is checked, base64url and UTF-8
//! must be exact, and what the link carries then goes through the very checks of an assessment
//! file ([`crate::assessment::check`]), so that a link can never carry what a file could not.

use crate::assessment::{self, AssessmentFile};
use crate::catalog::{is_version, Catalog, Question};
use crate::error::{Error, ErrorCode};
use crate::json::{self, ObjectWriter, Value};

/// The format of the links this version writes and reads.
pub const FORMAT: u32 = 1;
/// Longest link text [`read`] considers, in bytes (a link with a long description stays far below).
pub const MAX_LEN: usize = 64 * 1024;
/// The digits of an option's position: its position in base 36.
const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const UNKNOWN: char = 'u';
const UNANSWERED: char = '-';
/// The form of a link, for messages.
const FORM: &str = "#share=1.<catalog>.<answers>[.<details>]";

/// Why a share link could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// The link itself is damaged or of another format (codes `invalid-share-link`,
    /// `unsupported-format`).
    Damaged(Error),
    /// The link reads, but what it carries is not a valid assessment: every problem, as the
    /// assessment file's reader reports them.
    Invalid(Vec<Error>),
}

/// The share link's fragment (with its `#`) for an assessment file on `catalog`. The catalog
/// version is the file's own, else `catalog`'s. Fails only for an answer that a link cannot
/// carry: one the question does not offer, or an option past the 30th of an overlay question
/// (position 30 would be written `u`, which means "don't know").
pub fn write(catalog: &Catalog, file: &AssessmentFile) -> Result<String, Error> {
    let version = file.catalog.as_deref().unwrap_or(catalog.version.as_ref());
    if !is_version(version) {
        return Err(Error::new(
            ErrorCode::WrongType,
            format!("`catalog` must be a catalog version such as \"2026.08\", found \"{version}\""),
        )
        .at("catalog"));
    }
    let mut out = format!("#share={FORMAT}.{version}.");
    for question in catalog.questions.iter() {
        let id = question.id.as_ref();
        out.push(match file.answer(id) {
            Some(value) => option_digit(question, value)?,
            None if file.unknown.iter().any(|q| q == id) => UNKNOWN,
            None => UNANSWERED,
        });
    }
    let mut details = String::new();
    let mut w = ObjectWriter::new_as_js(&mut details);
    file.write_decisions(&mut w);
    w.end();
    if details != "{}" {
        out.push('.');
        encode(details.as_bytes(), &mut out);
    }
    Ok(out)
}

/// The character for `value` among the options of `question`.
fn option_digit(question: &Question, value: &str) -> Result<char, Error> {
    let id = question.id.as_ref();
    let path = format!("answers.{id}");
    let position = question.options.iter().position(|o| o.as_ref() == value).ok_or_else(|| {
        Error::new(ErrorCode::InvalidOption, format!("`{path}` cannot be \"{value}\"; a share link carries only the question's options"))
            .at(&path)
            .allowing(question.options.iter().map(|o| o.to_string()))
    })?;
    match DIGITS.get(position) {
        Some(&digit) if char::from(digit) != UNKNOWN => Ok(char::from(digit)),
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("`{path}` is option {} of the question; a share link carries options 1 to 30 only", position + 1),
        )
        .at(path)),
    }
}

/// Reads a share link's fragment (`#share=…`, the `#` optional) into an assessment file.
pub fn read(catalog: &Catalog, hash: &str) -> Result<AssessmentFile, ReadError> {
    let value = parse(catalog, hash).map_err(ReadError::Damaged)?;
    let (file, problems) = assessment::check(&value, catalog);
    if problems.is_empty() {
        Ok(file)
    } else {
        Err(ReadError::Invalid(problems))
    }
}

fn damaged(message: impl Into<String>, path: &str) -> Error {
    Error::new(ErrorCode::InvalidShareLink, message).at(path)
}

/// The link as the JSON value of an assessment file, or what is wrong with its form.
fn parse(catalog: &Catalog, hash: &str) -> Result<Value, Error> {
    if hash.len() > MAX_LEN {
        return Err(damaged(format!("this share link is too long: {} bytes, at most {MAX_LEN}", hash.len()), "link"));
    }
    let form = || damaged(format!("this share link is damaged: it does not have the form {FORM}"), "link");
    let body = hash.strip_prefix('#').unwrap_or(hash).strip_prefix("share=").ok_or_else(form)?;
    let mut parts = body.split('.');
    let format = parts.next().unwrap_or_default();
    if format.is_empty() || format.len() > 9 || !format.bytes().all(|b| b.is_ascii_digit()) {
        return Err(form());
    }
    if format != FORMAT.to_string() {
        return Err(Error::new(
            ErrorCode::UnsupportedFormat,
            format!("this share link has format {format}; this version reads format {FORMAT}"),
        )
        .at("format")
        .allowing([FORMAT.to_string()]));
    }
    let (Some(year), Some(month), Some(answers)) = (parts.next(), parts.next(), parts.next()) else {
        return Err(form());
    };
    let details = parts.next();
    if parts.next().is_some() || details == Some("") {
        return Err(form());
    }
    let version = format!("{year}.{month}");
    if !is_version(&version) {
        let shown: String = version.chars().take(20).collect();
        return Err(damaged(
            format!("this share link is damaged: its catalog version '{shown}' is not a version such as 2026.08"),
            "catalog",
        ));
    }

    let mut fields: Vec<(String, Value)> = vec![
        ("format".into(), assessment::FORMAT.into()),
        ("catalog".into(), version.into()),
        ("answers".into(), read_answers(catalog, answers)?),
    ];
    if let Some(details) = details {
        let Value::Object(entries) = read_details(details)? else {
            return Err(damaged("this share link is damaged: its details are not an object", "details"));
        };
        fields.extend(entries.into_iter().filter(|(key, _)| matches!(key.as_str(), "system" | "risks" | "controls")));
    }
    Ok(Value::Object(fields))
}

/// The answers part as the `answers` object of an assessment file.
fn read_answers(catalog: &Catalog, answers: &str) -> Result<Value, Error> {
    let questions = catalog.questions.len();
    if answers.chars().count() > questions {
        return Err(damaged(
            format!("this share link is damaged: it answers {} questions; the questionnaire has {questions}", answers.chars().count()),
            "answers",
        ));
    }
    let mut out = Vec::new();
    for (i, (c, question)) in answers.chars().zip(catalog.questions.iter()).enumerate() {
        let id = question.id.as_ref();
        let value = match c {
            UNANSWERED => continue,
            UNKNOWN => "unknown",
            _ => {
                let Some(position) = DIGITS.iter().position(|&d| char::from(d) == c) else {
                    return Err(damaged(
                        format!(
                            "this share link is damaged: character {} of its answers is '{}'; answers are 0-9, a-z, u (don't know) or - (unanswered)",
                            i + 1,
                            c.escape_default()
                        ),
                        "answers",
                    ));
                };
                // One past the last option is where questions() lists "don't know".
                match question.options.get(position) {
                    Some(option) => option.as_ref(),
                    None if position == question.options.len() => "unknown",
                    None => {
                        return Err(damaged(
                            format!(
                            "this share link gives question {} an option it does not have: `{id}` has {} options, the link says option {}",
                            i + 1,
                            question.options.len() + 1,
                            position + 1
                        ),
                            &format!("answers.{id}"),
                        ))
                    }
                }
            }
        };
        out.push((id.to_string(), Value::from(value)));
    }
    Ok(Value::Object(out))
}

/// The details part: base64url → UTF-8 → JSON.
fn read_details(details: &str) -> Result<Value, Error> {
    let bytes = decode(details).ok_or_else(|| damaged("this share link is damaged: its details are not base64url text", "details"))?;
    let text = String::from_utf8(bytes).map_err(|_| damaged("this share link is damaged: its details are not UTF-8 text", "details"))?;
    json::parse(&text).map_err(|e| damaged(format!("this share link is damaged: its details cannot be read ({e})"), "details"))
}

const BASE64URL: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding.
fn encode(bytes: &[u8], out: &mut String) {
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(BASE64URL[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
}

/// base64url without padding, strictly: only its alphabet, no impossible length, and the unused
/// bits of the last character zero (so that every text has exactly one reading).
fn decode(text: &str) -> Option<Vec<u8>> {
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    for chunk in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            let v = BASE64URL.iter().position(|&a| a == c)? as u32;
            n |= v << (18 - 6 * i);
        }
        let bytes = n.to_be_bytes();
        let len = chunk.len() - 1;
        out.extend_from_slice(&bytes[1..=len]);
        // The bits after the last whole byte must be zero.
        if n & (0xFF_FFFF >> (8 * len)) != 0 {
            return None;
        }
    }
    Some(out)
}
