//! One module per subcommand.
use std::process::ExitCode;

use anyhow::Result;

use crate::cli::{Cli, Command};

mod ingest;
mod schema;
mod tokens;

/// Runs the subcommand the command line names.
pub fn dispatch(cli: &Cli) -> Result<ExitCode> {
    match &cli.command {
        Command::Ingest(a) => ingest::run(a, cli.quiet),
        Command::Tokens(a) => tokens::run(a),
        Command::Schema(a) => schema::run(a),
        _ => anyhow::bail!("not built yet"),
    }
}
