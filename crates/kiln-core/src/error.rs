//! The one error type of kiln-core, sorted by who is at fault.

use std::fmt;

/// Why an operation could not be carried out.
///
/// The variant says who is at fault; the inner [`Detail`] says what is wrong
/// and where (a chunk offset, a JSON path, an SVG line).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input is not what it claims to be (bad CRC, broken XML, invalid JSON, ...).
    Malformed(Detail),
    /// The input is larger or deeper than the [`Limits`](crate::Limits) allow.
    LimitExceeded(Detail),
    /// The caller asked for something that cannot be done (a bad option, a missing key).
    Misuse(Detail),
    /// The input is well formed but uses something Kiln does not support.
    Unsupported(Detail),
}

/// What is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Detail {
    code: &'static str,
    message: String,
}

impl Detail {
    /// A stable, machine-readable code such as `png-bad-crc`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// A one-sentence explanation for people.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl Error {
    /// Input that is not what it claims to be.
    pub fn malformed(code: &'static str, message: impl Into<String>) -> Self {
        Error::Malformed(Detail { code, message: message.into() })
    }

    /// Input beyond a limit.
    pub fn limit(code: &'static str, message: impl Into<String>) -> Self {
        Error::LimitExceeded(Detail { code, message: message.into() })
    }

    /// A caller's mistake.
    pub fn misuse(code: &'static str, message: impl Into<String>) -> Self {
        Error::Misuse(Detail { code, message: message.into() })
    }

    /// Something Kiln does not support.
    pub fn unsupported(code: &'static str, message: impl Into<String>) -> Self {
        Error::Unsupported(Detail { code, message: message.into() })
    }

    /// The detail, whatever the variant.
    pub fn detail(&self) -> &Detail {
        match self {
            Error::Malformed(d) | Error::LimitExceeded(d) | Error::Misuse(d) | Error::Unsupported(d) => d,
        }
    }

    /// Shorthand for `self.detail().code()`.
    pub fn code(&self) -> &'static str {
        self.detail().code
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.detail().message)
    }
}

impl std::error::Error for Error {}

/// Results of kiln-core.
pub type Result<T, E = Error> = std::result::Result<T, E>;
