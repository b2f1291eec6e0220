//! Files → clean, deduplicated [`Document`]s.
//!
//! `dateline-ingest` reads KCNA Watch page copies, JSON (arrays, objects that nest their
//! articles, JSON Lines), CSV/TSV, HTML article pages and plain text, any of them gzip-, bzip2-
//! or xz-compressed, from files, folders, zip and tar archives, and R data frames (`.rds`,
//! `.rda`), within the memory bounds of [`Limits`]. Each record is cleaned (entities, whitespace, NFC, repeated headline,
//! dateline, end marks, byline), dated, language-tagged and deduplicated on its normalized text.
//! Unreadable inputs never stop a run: they become [`Problem`]s in the [`Report`].
//!
//! ```
//! use dateline_ingest::{ingest, IngestOptions};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("2018-03-05-talks.txt");
//! std::fs::write(&path, "Talks Held\n\nPyongyang, March 5 (KCNA) -- Talks were held. -0-\n").unwrap();
//! let out = ingest(&[path], &IngestOptions::default(), &|_| {});
//! let doc = &out.documents[0];
//! assert_eq!(doc.title.as_deref(), Some("Talks Held"));
//! assert_eq!(doc.body, "Talks were held.");
//! assert_eq!(doc.place.as_deref(), Some("Pyongyang"));
//! assert_eq!(doc.date.unwrap().to_string(), "2018-03-05");
//! assert!(doc.has_flag("date_from_filename"));
//! ```
#![warn(missing_docs)]

mod clean;
mod dates;
mod decode;
mod dispatch;
mod error;
mod error_page;
mod format;
mod formats;
mod lang;
mod limits;
mod merge;
mod record;
mod spill;
mod summary;
mod walk;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use dateline_core::Document;
use rayon::prelude::*;

pub use clean::{CleanOptions, CleanStep};
pub use dates::{latest_date, parse_date, DateFrom, DateOrder, EARLIEST_DATE};
pub use error::IngestError;
pub use format::Format;
pub use limits::{Limits, MAX_DOC_VAR, MAX_INPUT_VAR};
pub use merge::{Dedupe, SAME_DAY_WINDOW_DAYS};

/// What to read and how to clean it. `IngestOptions::default()` detects formats, drops teasers and
/// runs every cleaning step.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Force one format for every file; `None` detects it from the extension and the content.
    pub format: Option<Format>,
    /// Keep "More From" teasers as [`dateline_core::Kind::Teaser`] documents (dropped by default).
    pub teasers: bool,
    /// JSON: the field holding the nested article array (`articles`, `topNews`); auto-detected
    /// when `None`.
    pub records: Option<String>,
    /// JSON: the field holding the article text (guessed when `None`).
    pub text_field: Option<String>,
    /// JSON: the field holding the headline (guessed when `None`).
    pub title_field: Option<String>,
    /// JSON: the field holding the date (guessed when `None`).
    pub date_field: Option<String>,
    /// The order of day and month in slash dates (`03/10/2022`); `None` reads only slash dates
    /// whose order is certain (and page copies' `Date:` lines as day first).
    pub date_order: Option<DateOrder>,
    /// Which date a document takes: its record's, its dateline's, its file name's.
    pub date_from: DateFrom,
    /// CSV/TSV: the text column (guessed when `None`).
    pub text_col: Option<String>,
    /// CSV/TSV: the title column (guessed when `None`).
    pub title_col: Option<String>,
    /// CSV/TSV: the date column (guessed when `None`).
    pub date_col: Option<String>,
    /// Force the `source` of every document.
    pub source: Option<String>,
    /// Which cleaning steps run.
    pub clean: CleanOptions,
    /// Carried for the caller: ingestion never drops documents by language, it only sets `lang`
    /// and counts [`Report::non_english`]; filtering happens on the analysis side.
    pub keep_non_english: bool,
    /// The largest input and document read (see [`Limits::from_env`]).
    pub limits: Limits,
    /// Which records are copies of one document (default [`Dedupe::SameDay`]).
    pub dedupe: Dedupe,
    /// CSV/TSV: the cell values (after trimming) that mean "missing"; `None` means the default,
    /// [`DEFAULT_NA`]. An empty cell is always missing.
    pub na: Option<Vec<String>>,
}

/// The CSV/TSV cell values read as missing by default: `NA` (what R's `write.csv` writes for a
/// missing string); an empty cell is always missing.
pub const DEFAULT_NA: &[&str] = &["NA"];

impl IngestOptions {
    /// True when a trimmed CSV/TSV cell means "missing" (see [`IngestOptions::na`]).
    pub(crate) fn is_na(&self, cell: &str) -> bool {
        cell.is_empty()
            || match &self.na {
                None => DEFAULT_NA.contains(&cell),
                Some(list) => list.iter().any(|m| m.trim() == cell),
            }
    }
}

/// Counts of one ingestion run, and every problem met.
///
/// Record accounting ([`Report::accounting_error`] checks it at the end of every run):
/// `records = kept + duplicates_removed + teasers_dropped + teasers_already_present +
/// empty_records + skipped_records`. Files: `files_seen = files_read + files_ignored +
/// files_repeated + files skipped` (each skipped file is a [`Problem`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Inputs found, ignored ones included: files, and each further member of an archive or
    /// object of an R workspace.
    pub files_seen: u64,
    /// Inputs read and parsed (possibly with warnings): files, archive members, R objects.
    pub files_read: u64,
    /// Files and archive members skipped silently by extension (`.md`, images, …) or as hidden.
    pub files_ignored: u64,
    /// Bytes of the files read (as stored, i.e. compressed size for `.gz`).
    pub bytes_read: u64,
    /// Records (articles and teasers) found in the files read.
    pub records: u64,
    /// Documents returned.
    pub kept: u64,
    /// Records collapsed into an identical earlier one.
    pub duplicates_removed: u64,
    /// Teasers dropped because `teasers` was off.
    pub teasers_dropped: u64,
    /// Teasers dropped because the full article (same title, same date) is in the corpus.
    pub teasers_already_present: u64,
    /// Records without any text or title (null entries, empty `content` and no headline), skipped.
    pub empty_records: u64,
    /// Records (CSV rows, JSON lines) that could not be read and were skipped, each named by a
    /// [`Problem`] (a broken row, an unterminated quote, a JSON line that does not parse).
    pub skipped_records: u64,
    /// Kept documents with a title and no body (flag `title_only`).
    pub title_only: u64,
    /// Paths that reached a file already read (the same path twice, a symlink to a file read,
    /// a file inside a folder also given): read once, not counted as duplicates.
    pub files_repeated: u64,
    /// One row per copy left out as a duplicate: the kept document and where the copy was.
    pub duplicates: Vec<DuplicateCopy>,
    /// Kept documents without a date.
    pub undated: u64,
    /// Kept documents whose detected language is not `en` (`und` included: the analyses'
    /// default `--lang en` leaves them out).
    pub non_english: u64,
    /// Skipped inputs and warnings, in input order.
    pub problems: Vec<Problem>,
}

/// A record left out as a copy of a kept document (see [`Dedupe`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateCopy {
    /// The kept document.
    pub doc_id: dateline_core::DocId,
    /// The date of the copy left out.
    pub date: Option<chrono::NaiveDate>,
    /// Where the copy was: `path:line` or `path#record`.
    pub origin: String,
}

impl Report {
    /// `None` when every record is accounted for (`records = kept + duplicates_removed +
    /// teasers_dropped + teasers_already_present + empty_records + skipped_records`, one
    /// duplicate row per duplicate removed); else what does not add up.
    pub fn accounting_error(&self) -> Option<String> {
        let sum = self.kept
            + self.duplicates_removed
            + self.teasers_dropped
            + self.teasers_already_present
            + self.empty_records
            + self.skipped_records;
        if sum != self.records {
            return Some(format!(
                "{} records read, but {} kept + {} duplicates + {} teasers dropped + {} teasers present + {} empty + {} skipped = {sum}",
                self.records,
                self.kept,
                self.duplicates_removed,
                self.teasers_dropped,
                self.teasers_already_present,
                self.empty_records,
                self.skipped_records
            ));
        }
        if self.duplicates.len() as u64 > self.duplicates_removed {
            return Some(format!(
                "{} duplicate rows for {} duplicates removed",
                self.duplicates.len(),
                self.duplicates_removed
            ));
        }
        None
    }
}

/// One skipped input (file, line, record) or a warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file concerned.
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<u64>,
    /// 1-based record number (JSON), when known.
    pub record: Option<u64>,
    /// What went wrong, lower case.
    pub reason: String,
    /// True when the input (file, line or record) was skipped; false for warnings.
    pub skipped: bool,
}

impl Problem {
    pub(crate) fn new(path: &Path, reason: impl Into<String>) -> Self {
        Problem {
            path: path.to_path_buf(),
            line: None,
            record: None,
            reason: reason.into(),
            skipped: true,
        }
    }
    pub(crate) fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }
    pub(crate) fn warning(mut self) -> Self {
        self.skipped = false;
        self
    }

    /// `path:line: reason`, `path: record 3: reason` or `path: reason`.
    pub fn message(&self) -> String {
        let p = self.path.display();
        match (self.line, self.record) {
            (Some(l), _) => format!("{p}:{l}: {}", self.reason),
            (None, Some(r)) => format!("{p}: record {r}: {}", self.reason),
            (None, None) => format!("{p}: {}", self.reason),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

/// The documents of a run (sorted by date, undated last, then `doc_id`) and its report.
#[derive(Debug, Clone, Default)]
pub struct Ingested {
    /// Clean, deduplicated documents.
    pub documents: Vec<Document>,
    /// What was read, kept, dropped, and every problem.
    pub report: Report,
}

/// Reads `paths` (files or folders, walked recursively in sorted order), parses the files in
/// parallel and merges them deterministically, holding every document in memory; see
/// [`ingest_to`] for corpora larger than memory.
///
/// `progress` is called with the number of input bytes done so far (see [`total_input_bytes`]).
pub fn ingest(
    paths: &[PathBuf],
    opts: &IngestOptions,
    progress: &(dyn Fn(u64) + Sync),
) -> Ingested {
    let mut documents = Vec::new();
    let stream = StreamOptions {
        batch_rows: usize::MAX,
        memory_bytes: usize::MAX,
        ..StreamOptions::default()
    };
    let report = ingest_to::<std::io::Error>(paths, opts, &stream, progress, &mut |b| {
        documents.extend(b);
        Ok(())
    })
    .expect("an in-memory ingest does no I/O after reading its inputs");
    Ingested { documents, report }
}

/// How [`ingest_to`] reads and holds a corpus.
#[derive(Debug, Clone)]
pub struct StreamOptions {
    /// Documents handed to the sink at a time.
    pub batch_rows: usize,
    /// Bytes of documents kept in memory for the final sort; the rest waits in a temporary file.
    pub memory_bytes: usize,
    /// Where that temporary file goes (the system's temporary folder when `None`).
    pub spill_dir: Option<PathBuf>,
    /// Input bytes parsed in parallel at a time.
    pub chunk_bytes: u64,
}

impl Default for StreamOptions {
    /// Batches of 16,384 documents, 512 MiB of documents in memory, chunks of 64 MiB of input.
    fn default() -> Self {
        StreamOptions {
            batch_rows: 16 * 1024,
            memory_bytes: 512 << 20,
            spill_dir: None,
            chunk_bytes: 64 << 20,
        }
    }
}

/// [`ingest`] for corpora of any size: files are parsed in parallel a chunk at a time, each
/// kept document waits in memory up to `stream.memory_bytes` and then in a temporary file, and
/// the sorted documents are handed to `sink` in batches of `stream.batch_rows` (to be written
/// as row groups, say). Memory follows the number of documents (about 100 bytes each) plus one
/// chunk and one batch, not the size of the corpus.
///
/// The documents and the report equal those of [`ingest`].
///
/// # Errors
/// The sink's first error, or a failure of the temporary file.
pub fn ingest_to<E: From<std::io::Error>>(
    paths: &[PathBuf],
    opts: &IngestOptions,
    stream: &StreamOptions,
    progress: &(dyn Fn(u64) + Sync),
    sink: &mut dyn FnMut(Vec<Document>) -> Result<(), E>,
) -> Result<Report, E> {
    let listing = walk::list_inputs(paths);
    let report = Report {
        files_seen: listing.files.len() as u64 + listing.ignored + listing.repeated,
        files_ignored: listing.ignored,
        files_repeated: listing.repeated,
        problems: listing.problems,
        ..Report::default()
    };
    let store = spill::Store::new(stream.memory_bytes, stream.spill_dir.clone());
    let mut merger = merge::Merger::new(opts, report, store);
    let done = AtomicU64::new(0);
    let mut rest = &listing.files[..];
    while !rest.is_empty() {
        let mut n = 0;
        let mut bytes = 0;
        while n < rest.len() && (n == 0 || bytes < stream.chunk_bytes) {
            bytes += rest[n].size;
            n += 1;
        }
        let (chunk, tail) = rest.split_at(n);
        rest = tail;
        let parsed: Vec<record::FileOutput> = chunk
            .par_iter()
            .map(|f| {
                let out = dispatch::read_file(&f.path, opts);
                let total = done.fetch_add(f.size, Ordering::Relaxed) + f.size;
                progress(total);
                out
            })
            .collect::<Vec<_>>()
            .into_iter()
            .flatten()
            .collect();
        merger.add(parsed)?;
    }
    merger.finish(stream.batch_rows, sink)
}

/// Ingests one in-memory input, e.g. standard input. `name` stands for its path: it decides the
/// format (by extension, unless `opts.format` is set) and appears in origins and problems
/// (`<stdin>.jsonl`, `-`).
///
/// ```
/// use dateline_ingest::{ingest_bytes, IngestOptions};
/// let jsonl = b"{\"title\":\"A\",\"date\":\"2018-01-02\",\"text\":\"Body A.\"}\n".to_vec();
/// let out = ingest_bytes("stdin.jsonl".as_ref(), jsonl, &IngestOptions::default());
/// assert_eq!(out.documents[0].origin, "stdin.jsonl:1");
/// assert_eq!(out.report.kept, 1);
/// ```
pub fn ingest_bytes(name: &Path, bytes: Vec<u8>, opts: &IngestOptions) -> Ingested {
    let parsed = dispatch::read_bytes(name, bytes, opts);
    let report = Report {
        files_seen: 1,
        ..Report::default()
    };
    let mut merger = merge::Merger::new(opts, report, spill::Store::new(usize::MAX, None));
    let mut documents = Vec::new();
    let report = merger
        .add(parsed)
        .and_then(|()| {
            merger.finish::<std::io::Error>(usize::MAX, &mut |b| {
                documents.extend(b);
                Ok(())
            })
        })
        .expect("an in-memory merge does no I/O");
    Ingested { documents, report }
}

/// The bytes [`ingest`] will read for `paths` (files found, ignored ones excluded): the total
/// for a progress bar.
pub fn total_input_bytes(paths: &[PathBuf]) -> u64 {
    walk::list_inputs(paths).files.iter().map(|f| f.size).sum()
}
