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
    /// An output inside an input folder: the next run would read it back as an article.
    #[error("the output `{path}` is inside the input folder `{input}`")]
    InsideInput {
        /// The output.
        path: PathBuf,
        /// The input folder.
        input: PathBuf,
    },
    /// A name from a study file or from data that cannot be part of a file name.
    #[error("the name `{name}` cannot be part of a file name: {reason}")]
    BadName {
        /// The name (escaped).
        name: String,
        /// Why.
        reason: &'static str,
    },
    /// An output path dateline will not write (a folder, a dangling link, `.parquet.gz`, …).
    #[error("refusing to write `{path}`: {reason}")]
    Refused {
        /// The output.
        path: PathBuf,
        /// Why.
        reason: String,
    },
    /// Another dateline process is writing the same output.
    #[error("another dateline process (pid {pid}) is writing `{path}` (lock file `{lock}`)")]
    Locked {
        /// The output.
        path: PathBuf,
        /// The lock file.
        lock: PathBuf,
        /// The process holding it.
        pid: u32,
    },
    /// A table does not match the manifest that lists it.
    #[error("`{path}` does not match `{manifest}` (written by another run, or changed since)")]
    ManifestMismatch {
        /// The table.
        path: PathBuf,
        /// The manifest.
        manifest: PathBuf,
    },
    /// A counts folder given where the documents are needed.
    #[error("`{path}` is a counts folder: this analysis needs the documents (a corpus table)")]
    CountsFolderGiven {
        /// The folder.
        path: PathBuf,
    },
    /// The corpus table cannot be opened.
    #[error("cannot read the corpus `{path}`")]
    OpenCorpus {
        /// The table.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<TablesError>,
    },
    /// The corpus table cannot be read.
    #[error("cannot read the corpus `{path}`")]
    ReadCorpus {
        /// The table.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<TablesError>,
    },
    /// The corpus' index cannot be read.
    #[error("cannot read the index of `{path}`")]
    ReadIndex {
        /// The corpus table.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<TablesError>,
    },
    /// The dates span too many periods.
    #[error(transparent)]
    Span(#[from] dateline_analytics::pass::SpanError),
    /// The dates span too many periods, with the documents at the ends named.
    #[error("{0}")]
    SpanNamed(String),
    /// A pass analysed no document.
    #[error("{reason}")]
    NothingAnalysed {
        /// Why (documents in another language, out of range, undated).
        reason: String,
        /// What to do about it, `; `-separated (empty when the input held no document).
        hints: String,
    },
    /// A corpus table could not be written.
    #[error("cannot write `{path}`")]
    WriteCorpus {
        /// The table.
        path: PathBuf,
        /// The cause.
        #[source]
        source: Box<TablesError>,
    },
    /// The documents waiting on disk during an ingest could not be written or read back.
    #[error(transparent)]
    Spill(#[from] std::io::Error),
    /// A table could not be written to stdout.
    #[error("cannot write to stdout")]
    Stdout(#[source] csv::Error),
    /// `--partition` without an output file: datasets are folders, not CSV on stdout.
    #[error("--partition writes folders of Parquet files, not CSV to stdout")]
    PartitionToStdout {
        /// The output is a folder of tables (`entities -o DIR`), not a file.
        folder: bool,
    },
    /// `--partition` with CSV asked: datasets are Parquet only.
    #[error("--partition writes Parquet datasets only, not CSV ({what})")]
    PartitionCsv {
        /// What asked for CSV: the output's name and/or `--format csv`.
        what: String,
        /// The output is a folder of tables (`entities -o DIR`), not a file.
        folder: bool,
    },
    /// A table built does not have the columns its declaration in `schema.rs` gives: a bug.
    #[error("internal error, please report: {0}")]
    Undeclared(String),
}

impl TablesError {
    /// What to do about it, when there is something to say.
    pub fn hint(&self) -> Option<String> {
        Some(match self {
            TablesError::NothingAnalysed { hints, .. } if !hints.is_empty() => return Some(hints.clone()),
            TablesError::CountsFolderGiven { .. } => {
                "give the corpus table; of the analyses, only `dateline terms` and `dateline entities` read counts folders"
            }
            TablesError::OpenCorpus { .. } => {
                "make a corpus table first: dateline ingest <FOLDER> -o corpus.parquet"
            }
            TablesError::SpanNamed(_) => {
                "limit the dates with --from/--to, or correct the date of that document in the corpus"
            }
            TablesError::InsideInput { .. } => {
                "write it elsewhere (-o ../corpus.parquet): a later run would read it back as an article"
            }
            TablesError::Locked { .. } => {
                "wait for it to finish, or write elsewhere; a lock of a process that is gone is taken over"
            }
            TablesError::ManifestMismatch { .. } => {
                "re-run dateline ingest (or dateline run) to make the corpus and its manifest again"
            }
            TablesError::PartitionToStdout { folder: false } => {
                "name the output: -o terms.parquet writes the dataset folder terms/"
            }
            TablesError::PartitionToStdout { folder: true } => "name the output folder: -o entities/",
            TablesError::PartitionCsv { folder: false, .. } => {
                "use -o NAME.parquet (or drop --partition for CSV)"
            }
            TablesError::PartitionCsv { folder: true, .. } => {
                "drop --format (or use --format parquet) with --partition"
            }
            _ => return None,
        }
        .to_string())
    }
}
