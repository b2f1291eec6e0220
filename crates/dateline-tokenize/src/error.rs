use std::path::PathBuf;

/// Everything that can go wrong while building a pipeline.
#[derive(Debug, thiserror::Error)]
pub enum TokenizeError {
    /// A stopword file could not be read.
    #[error("cannot read stopword file `{path}`")]
    ReadStopwords {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// A line of a stopword file holds more than one word.
    #[error("`{path}` line {line}: expected one word per line, found `{text}`")]
    StopwordLine {
        /// The file.
        path: PathBuf,
        /// Line number, from 1.
        line: usize,
        /// The offending line (comment removed, trimmed).
        text: String,
    },
    /// A pipeline name other than `default`, `stemmed` or `plain`.
    #[error("unknown pipeline `{0}` (expected `default`, `stemmed` or `plain`)")]
    UnknownPipeline(String),
}
