use std::path::PathBuf;

/// What can go wrong reading or writing tables.
#[derive(Debug, thiserror::Error)]
pub enum TablesError {
    /// A file could not be read or written.
    #[error("cannot {action} `{path}`")]
    Io {
        /// `read`, `write`, `create` or `rename`.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// polars failed reading or writing Parquet.
    #[error("parquet error in `{path}`")]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: polars::error::PolarsError,
    },
    /// A CSV file could not be read or written.
    #[error("csv error in `{path}`")]
    Csv {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// A corpus table lacks a column or holds a value of the wrong form.
    #[error("`{path}` is not a dateline corpus table: {reason}")]
    NotACorpus {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A partitioned dataset folder is malformed, or cannot be written where asked.
    #[error("`{path}`: {reason}")]
    Dataset {
        /// The folder or file at fault.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The output would overwrite one of the inputs.
    #[error("refusing to overwrite the input `{path}` with an output")]
    WouldOverwriteInput {
        /// The file.
        path: PathBuf,
    },
}
