//! One module per subcommand.

pub mod canonize;
