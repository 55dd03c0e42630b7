//! The one error type of kiln-core, sorted by who is at fault.

use crate::code::Code;
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
    code: Code,
    message: String,
    needs: Option<Capability>,
}

/// A part of Kiln that a build may leave out (a Cargo feature), named when
/// a check could not be made because this build lacks it: a build with it
/// can check the input. Serialised in kebab-case (`json-ld-full`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Capability {
    /// JSON-LD processing for the RDF suites (`eddsa-rdfc-2022`,
    /// `Ed25519Signature2020`) and the JSON-LD safe-mode check: feature
    /// `jsonld-compact`.
    JsonLdCompact,
    /// The complete JSON-LD 1.1 processor, for documents beyond the compact
    /// one: feature `jsonld-full`.
    JsonLdFull,
    /// RS256 signatures: feature `rsa`.
    Rs256,
    /// ES256 signatures: feature `es256`.
    Es256,
    /// ES256K (secp256k1) signatures: feature `es256k`.
    Es256k,
    /// The ECDSA Data Integrity suites (`ecdsa-rdfc-2019`, `ecdsa-jcs-2019`,
    /// `ecdsa-sd-2023`) and P-256/P-384 keys: feature `ecdsa`.
    Ecdsa,
    /// Credentials inside credentials: CLR 2.0 learner records (the
    /// credentials they hold, the learner rule, pathways) and embedded
    /// endorsements: feature `nested`.
    Nested,
    /// The legacy Linked Data suites (`Ed25519Signature2018`): feature `legacy`.
    Legacy,
    /// Credentials signed as a compact JWS (VC-JWT, OB 2.0 signed
    /// assertions): feature `jws`.
    Jws,
    /// Numbers read exactly whatever their digits (serde_json's
    /// `float_roundtrip`): feature `exact-floats`. Without it, a document
    /// holding a fractional number with more than 15 significant digits or a
    /// power of ten beyond 10^±22 cannot be read.
    ExactNumbers,
}

impl Capability {
    /// The name in the report: `json-ld-compact`, `json-ld-full`, `rs256`, `es256`,
    /// `es256k`, `ecdsa`, `nested`, `legacy`, `jws` or `exact-numbers`.
    pub fn as_str(self) -> &'static str {
        match self {
            Capability::JsonLdCompact => "json-ld-compact",
            Capability::JsonLdFull => "json-ld-full",
            Capability::Rs256 => "rs256",
            Capability::Es256 => "es256",
            Capability::Es256k => "es256k",
            Capability::Ecdsa => "ecdsa",
            Capability::Nested => "nested",
            Capability::Legacy => "legacy",
            Capability::Jws => "jws",
            Capability::ExactNumbers => "exact-numbers",
        }
    }

    /// The kiln-core feature that builds it.
    pub fn feature(self) -> &'static str {
        match self {
            Capability::JsonLdCompact => "jsonld-compact",
            Capability::JsonLdFull => "jsonld-full",
            Capability::Rs256 => "rsa",
            Capability::Es256 => "es256",
            Capability::Es256k => "es256k",
            Capability::Ecdsa => "ecdsa",
            Capability::Nested => "nested",
            Capability::Legacy => "legacy",
            Capability::Jws => "jws",
            Capability::ExactNumbers => "exact-floats",
        }
    }
}

impl Detail {
    /// A stable, machine-readable code such as `png-bad-crc`.
    pub fn code(&self) -> Code {
        self.code
    }

    /// A one-sentence explanation for people.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The capability this build lacks, when that is why the operation
    /// could not be carried out.
    pub fn needs(&self) -> Option<Capability> {
        self.needs
    }
}

impl Error {
    /// Input that is not what it claims to be.
    pub fn malformed(code: Code, message: impl Into<String>) -> Self {
        Error::Malformed(Detail {
            code,
            message: message.into(),
            needs: None,
        })
    }

    /// Input beyond a limit.
    pub fn limit(code: Code, message: impl Into<String>) -> Self {
        Error::LimitExceeded(Detail {
            code,
            message: message.into(),
            needs: None,
        })
    }

    /// A caller's mistake.
    pub fn misuse(code: Code, message: impl Into<String>) -> Self {
        Error::Misuse(Detail {
            code,
            message: message.into(),
            needs: None,
        })
    }

    /// Something Kiln does not support.
    pub fn unsupported(code: Code, message: impl Into<String>) -> Self {
        Error::Unsupported(Detail {
            code,
            message: message.into(),
            needs: None,
        })
    }

    /// Something this build leaves out and a build with `capability` does
    /// ([`Error::Unsupported`], with [`Error::needs`] set).
    pub fn not_built(code: Code, capability: Capability, message: impl Into<String>) -> Self {
        Error::Unsupported(Detail {
            code,
            message: message.into(),
            needs: Some(capability),
        })
    }

    /// The capability this build lacks, when that is why it failed.
    pub fn needs(&self) -> Option<Capability> {
        self.detail().needs
    }

    /// The detail, whatever the variant.
    pub fn detail(&self) -> &Detail {
        match self {
            Error::Malformed(d)
            | Error::LimitExceeded(d)
            | Error::Misuse(d)
            | Error::Unsupported(d) => d,
        }
    }

    /// Shorthand for `self.detail().code()`.
    pub fn code(&self) -> Code {
        self.detail().code
    }

    /// Shorthand for `self.detail().message()`: the one sentence `Display` gives.
    pub fn message(&self) -> &str {
        &self.detail().message
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
