//! The one error type of the public API: a stable code, a message for people, and where.

use std::fmt;

/// What kind of problem an [`Error`] is. The string forms are stable: JavaScript callers and
/// the command line match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    /// The built-in or a supplied catalog does not validate.
    InvalidCatalog,
    /// No threat or control has this id, alias, name or permalink.
    UnknownId,
    /// An argument has the wrong type or form (e.g. a number where text was expected).
    InvalidArgument,
    /// A custom catalog overlay has problems; they come as catalog problems (file, entry, field).
    InvalidOverlay,
    /// An assessment file has problems; the individual ones carry the codes below.
    InvalidAssessment,
    /// The text is not JSON.
    NotJson,
    /// A value has the wrong JSON type.
    WrongType,
    /// The file declares a `format` this version does not read.
    UnsupportedFormat,
    /// A field that the format does not have (usually a typo).
    UnknownField,
    /// A required field is missing.
    MissingField,
    /// An answer to a question the questionnaire does not have.
    UnknownQuestion,
    /// An answer that the question does not offer.
    InvalidOption,
    /// A number outside its range (likelihood and impact are 1–5).
    OutOfRange,
    /// A risk entry for a threat the catalog does not have.
    UnknownThreat,
    /// A control entry for a control the catalog does not have.
    UnknownControl,
    /// Two entries of `risks` or `controls` name the same threat or control (e.g. by its current
    /// and an older id).
    DuplicateEntry,
    /// A share link (`#share=…`) that is damaged: its form, answers or details cannot be read.
    InvalidShareLink,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidCatalog => "invalid-catalog",
            ErrorCode::UnknownId => "unknown-id",
            ErrorCode::InvalidArgument => "invalid-argument",
            ErrorCode::InvalidOverlay => "invalid-overlay",
            ErrorCode::InvalidAssessment => "invalid-assessment",
            ErrorCode::NotJson => "not-json",
            ErrorCode::WrongType => "wrong-type",
            ErrorCode::UnsupportedFormat => "unsupported-format",
            ErrorCode::UnknownField => "unknown-field",
            ErrorCode::MissingField => "missing-field",
            ErrorCode::UnknownQuestion => "unknown-question",
            ErrorCode::InvalidOption => "invalid-option",
            ErrorCode::OutOfRange => "out-of-range",
            ErrorCode::UnknownThreat => "unknown-threat",
            ErrorCode::UnknownControl => "unknown-control",
            ErrorCode::DuplicateEntry => "duplicate-entry",
            ErrorCode::InvalidShareLink => "invalid-share-link",
        }
    }
}

/// An error that names the problem, where it is, and what would have been allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    pub message: String,
    /// Where the problem is: an argument name, or a path into a document (`answers.training`).
    pub path: Option<String>,
    /// What would have been accepted, where a short list helps (allowed values, suggestions).
    pub allowed: Vec<String>,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Error {
        Error { code, message: message.into(), path: None, allowed: Vec::new() }
    }

    pub fn at(mut self, path: impl Into<String>) -> Error {
        self.path = Some(path.into());
        self
    }

    pub fn allowing<S: Into<String>>(mut self, allowed: impl IntoIterator<Item = S>) -> Error {
        self.allowed = allowed.into_iter().map(Into::into).collect();
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
