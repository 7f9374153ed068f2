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
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidCatalog => "invalid-catalog",
            ErrorCode::UnknownId => "unknown-id",
            ErrorCode::InvalidArgument => "invalid-argument",
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
