//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong while loading a gazetteer.
#[derive(Debug, thiserror::Error)]
pub enum EntitiesError {
    /// The file could not be opened or read.
    #[error("cannot read gazetteer `{path}`")]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid CSV.
    #[error("invalid csv in `{path}` at line {line}")]
    Csv {
        /// The file (`<builtin>` for the compiled-in lists).
        path: PathBuf,
        /// 1-based line of the bad record (0 when unknown).
        line: u64,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// A record is well-formed CSV but breaks a rule of the gazetteer format.
    #[error("bad gazetteer record in `{path}` at line {line}: {message}")]
    Record {
        /// The file.
        path: PathBuf,
        /// 1-based line of the record.
        line: u64,
        /// What is wrong, values in backticks.
        message: String,
    },
}
