//! One module per subcommand; each `run` returns the exit code, or a
//! one-line message for stderr (exit code 2).

pub mod keygen;
pub mod sign;
