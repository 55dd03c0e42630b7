//! The error type of kiln-render, sorted by who is at fault.

use std::fmt;

/// Who is at fault when an operation fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The template or SVG is not what it claims to be (broken XML, an
    /// unknown or unclosed placeholder, a bad `data-fit-*` attribute).
    Malformed,
    /// The input is larger than the renderer accepts (see [`crate::Limits`]).
    LimitExceeded,
    /// The caller asked for something that cannot be done (a missing value,
    /// a value for an unknown key, a width of zero).
    Misuse,
    /// The input uses something Kiln refuses to read on purpose (a DOCTYPE
    /// with an internal subset, whose entity declarations serve only
    /// attacks).
    Unsupported,
}

/// Why a template could not be parsed, filled or rendered.
///
/// [`Display`](fmt::Display) gives one sentence naming what is wrong and
/// where (the placeholder, the line of the template, the value's key).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Error {
    kind: ErrorKind,
    code: &'static str,
    message: String,
}

impl Error {
    pub(crate) fn malformed(code: &'static str, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Malformed,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn limit(code: &'static str, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::LimitExceeded,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn misuse(code: &'static str, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Misuse,
            code,
            message: message.into(),
        }
    }

    pub(crate) fn unsupported(code: &'static str, message: impl Into<String>) -> Self {
        Error {
            kind: ErrorKind::Unsupported,
            code,
            message: message.into(),
        }
    }

    /// Who is at fault.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// A stable, machine-readable code such as `template-unknown-placeholder`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The one-sentence explanation (the same text as `Display`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}
