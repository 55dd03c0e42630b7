//! The error type of kiln-render: kiln-core's [`Error`], sorted by who is
//! at fault, with its codes in kiln-core's one [`Code`](kiln_core::Code) enum,
//! so that callers (the CLI, the issuer module) handle one error type.

pub use kiln_core::Error;
