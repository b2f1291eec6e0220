use std::path::PathBuf;

use crate::Problem;

/// Why a file, line or record could not be read.
///
/// Every variant carries the path, and the line or record where one applies; [`Problem`]s in the
/// report are built from these.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// The file could not be opened or read.
    #[error("cannot read `{path}`")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// The file has no bytes (or decompresses to none).
    #[error("`{path}`: empty file")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// A NUL byte anywhere in the (decompressed) bytes, and not UTF-16 with a byte-order mark.
    #[error("`{path}`: binary file")]
    Binary {
        /// The file.
        path: PathBuf,
    },
    /// A gzip, bzip2 or xz stream (or an archive) that is truncated or corrupt.
    #[error("`{path}`: corrupt or truncated {format}")]
    Compressed {
        /// The file.
        path: PathBuf,
        /// `gzip`, `bzip2`, `xz`, `zip`, `tar`.
        format: &'static str,
        /// The cause.
        #[source]
        source: std::io::Error,
    },
    /// An input over a limit of [`crate::Limits`].
    #[error("`{path}`: {reason}")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Which limit, and its value.
        reason: String,
    },
    /// An input that is read no further, with the reason (a nested archive, an R object that is
    /// not a data frame, an R file this reader cannot decode with the R line that converts it).
    #[error("`{path}`: {reason}")]
    Unsupported {
        /// The file (or `archive!member`, `file.rda!object`).
        path: PathBuf,
        /// Why, and what to do.
        reason: String,
    },
    /// A JSON document (or JSON line) that does not parse.
    #[error("`{path}`:{line}: invalid json")]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the error.
        line: u64,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// A CSV/TSV row that does not parse (e.g. a ragged row).
    #[error("`{path}`:{line}: bad row")]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line where the row starts.
        line: u64,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// A CSV/TSV header row that cannot be read.
    #[error("`{path}`: bad header: {reason}")]
    BadHeader {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// No field or column holds article text.
    #[error("`{path}`: no text {what} (looked for {tried})")]
    NoText {
        /// The file.
        path: PathBuf,
        /// `field` (JSON) or `column` (CSV).
        what: &'static str,
        /// The names tried, in backticks.
        tried: String,
    },
    /// An error or block page saved in place of an article (see `error_page.rs`).
    #[error("`{path}`: error page ({what})")]
    ErrorPage {
        /// The file.
        path: PathBuf,
        /// `Cloudflare block`, `HTTP 404 Not Found`, …
        what: String,
    },
    /// HTML nested deeper than the parser's limit (parsing such a page takes quadratic time).
    #[error("`{path}`: html nested more than {limit} elements deep")]
    HtmlTooDeep {
        /// The file.
        path: PathBuf,
        /// The limit.
        limit: usize,
    },
    /// An HTML page that holds no article (e.g. a list page).
    #[error("`{path}`: html page without article text (list or index page)")]
    NotAnArticle {
        /// The file.
        path: PathBuf,
    },
}

impl IngestError {
    /// The problem to report: location split off, reason in lower case with its cause.
    pub(crate) fn to_problem(&self) -> Problem {
        let (path, line, reason) = match self {
            IngestError::Io { path, source } => (path, None, format!("cannot read: {source}")),
            IngestError::Empty { path } => (path, None, "empty file".to_string()),
            IngestError::Binary { path } => (path, None, "binary file".to_string()),
            IngestError::Compressed {
                path,
                format,
                source,
            } => (
                path,
                None,
                format!("corrupt or truncated {format}: {source}"),
            ),
            IngestError::TooLarge { path, reason } | IngestError::Unsupported { path, reason } => {
                (path, None, reason.clone())
            }
            IngestError::Json { path, line, source } => (
                path,
                Some(*line),
                format!("invalid json: {}", json_cause(source)),
            ),
            IngestError::Csv { path, line, source } => {
                (path, Some(*line), format!("bad row: {}", csv_cause(source)))
            }
            IngestError::BadHeader { path, reason } => {
                (path, Some(1), format!("bad header: {reason}"))
            }
            IngestError::NoText { path, what, tried } => {
                (path, None, format!("no text {what} (looked for {tried})"))
            }
            IngestError::ErrorPage { path, what } => (path, None, format!("error page ({what})")),
            IngestError::HtmlTooDeep { path, limit } => (
                path,
                None,
                format!("html nested more than {limit} elements deep, not read (limit of the html reader)"),
            ),
            IngestError::NotAnArticle { path } => (
                path,
                None,
                "html page without article text (list or index page)".to_string(),
            ),
        };
        let mut p = Problem::new(path, reason);
        p.line = line;
        p
    }
}

/// serde_json's message without its " at line L column C" suffix (the line is reported apart).
fn json_cause(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

fn csv_cause(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields, expected {expected_len}"),
        _ => {
            let s = e.to_string();
            s.to_lowercase()
        }
    }
}
