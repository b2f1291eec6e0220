//! The corpus table in batches: written in row groups as documents arrive, read back one batch of
//! row groups at a time. Memory then follows the batch, not the corpus.
//!
//! ```
//! use dateline_core::{DocId, Document};
//! use dateline_tables::{CorpusReader, CorpusWriter};
//! let dir = tempfile::tempdir().unwrap();
//! let path = dir.path().join("corpus.parquet");
//! let doc = |body: &str| Document {
//!     doc_id: DocId::of_text("", body),
//!     date: Some("2018-01-02".parse().unwrap()),
//!     body: body.to_string(),
//!     lang: "en".into(),
//!     copies: 1,
//!     ..Document::default()
//! };
//! let mut w = CorpusWriter::create(&path).unwrap();
//! w.write(&[doc("one"), doc("two")]).unwrap();
//! w.write(&[doc("three")]).unwrap();
//! assert_eq!(w.finish().unwrap().rows, 3);
//!
//! let r = CorpusReader::open(&path).unwrap();
//! assert_eq!(r.rows(), 3);
//! let sizes: Vec<usize> = r.batches(1).map(|b| b.unwrap().len()).collect();
//! assert_eq!(sizes, [2, 1]); // batches end on row groups
//! ```
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use dateline_core::Document;
use polars::prelude::{BatchedWriter, FileMetadataRef, ParquetReader, SerReader};

use crate::corpus::{documents_from_frame, CsvCorpus};
use crate::{corpus_table, OutWriter, OutputFormat, TablesError, Written};

/// Documents per batch when none is chosen: about 40 MB of KCNA text.
pub const DEFAULT_BATCH_ROWS: usize = 16 * 1024;

/// A `Write` shared between polars' batched writer and [`CorpusWriter`], so that the buffered
/// file can be flushed and synced (with errors reported) after the footer is written.
#[derive(Clone)]
struct Shared(Arc<Mutex<OutWriter>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().expect("writer lock").write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().expect("writer lock").flush()
    }
}

enum Sink {
    Parquet {
        writer: Box<BatchedWriter<Shared>>,
        file: Shared,
    },
    Csv(Box<csv::Writer<OutWriter>>),
}

/// Writes a corpus table in batches: each [`CorpusWriter::write`] appends one Parquet row group
/// (or CSV rows). The file appears at its path only after [`CorpusWriter::finish`]; until then
/// it is a hidden temporary file beside it, removed when the writer is dropped unfinished.
pub struct CorpusWriter {
    path: PathBuf,
    format: OutputFormat,
    pending: crate::output::Pending,
    sink: Sink,
    rows: usize,
}

impl CorpusWriter {
    /// Starts writing `path` (format from its extension).
    pub fn create(path: &Path) -> Result<Self, TablesError> {
        let (buf, pending) = crate::output::open_output(path)?;
        let format = pending.spec.format;
        let sink = match format {
            OutputFormat::Csv => {
                let mut wr = crate::table::csv_writer(buf);
                corpus_table(&[])
                    .write_csv_records(&mut wr, true)
                    .map_err(|source| TablesError::Csv {
                        path: path.to_path_buf(),
                        source,
                    })?;
                Sink::Csv(Box::new(wr))
            }
            OutputFormat::Parquet => {
                let pq = |source| TablesError::Parquet {
                    path: path.to_path_buf(),
                    source,
                };
                let schema = corpus_table(&[])
                    .to_dataframe()
                    .map_err(pq)?
                    .schema()
                    .clone();
                let file = Shared(Arc::new(Mutex::new(buf)));
                let writer = polars::prelude::ParquetWriter::new(file.clone())
                    .with_compression(polars::prelude::ParquetCompression::Zstd(None))
                    .batched(&schema)
                    .map_err(pq)?;
                Sink::Parquet {
                    writer: Box::new(writer),
                    file,
                }
            }
        };
        Ok(CorpusWriter {
            path: path.to_path_buf(),
            format,
            pending,
            sink,
            rows: 0,
        })
    }

    /// Appends `docs` (one row group). An empty slice writes nothing.
    pub fn write(&mut self, docs: &[Document]) -> Result<(), TablesError> {
        if docs.is_empty() {
            return Ok(());
        }
        let table = corpus_table(docs);
        match &mut self.sink {
            Sink::Csv(wr) => {
                table
                    .write_csv_records(wr, false)
                    .map_err(|source| TablesError::Csv {
                        path: self.path.clone(),
                        source,
                    })?;
            }
            Sink::Parquet { writer, .. } => {
                let pq = |source| TablesError::Parquet {
                    path: self.path.clone(),
                    source,
                };
                let df = table.to_dataframe().map_err(pq)?;
                writer.write_batch(&df).map_err(pq)?;
            }
        }
        self.rows += docs.len();
        Ok(())
    }

    /// The hidden temporary file being written (renamed to the table's path by
    /// [`CorpusWriter::finish`]); for a Ctrl-C handler to remove. None for a device or pipe.
    pub fn temp_path(&self) -> Option<&Path> {
        self.pending.temp_path()
    }

    /// Rows written so far.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Writes the footer, syncs the file and renames it into place.
    pub fn finish(self) -> Result<Written, TablesError> {
        self.finish_staged()?.commit()
    }

    /// Writes the footer and syncs the file, without renaming it into place: the table is
    /// renamed in with its companions by [`crate::commit_all`].
    pub fn finish_staged(self) -> Result<crate::Staged, TablesError> {
        let path = self.path;
        let io = |action, source| TablesError::Io {
            action,
            path: path.clone(),
            source,
        };
        let _ = self.format;
        let w = match self.sink {
            Sink::Csv(wr) => wr.into_inner().map_err(|e| io("write", e.into_error()))?,
            Sink::Parquet { writer, file } => {
                writer.finish().map_err(|source| TablesError::Parquet {
                    path: path.clone(),
                    source,
                })?;
                drop(writer);
                let Ok(shared) = Arc::try_unwrap(file.0) else {
                    unreachable!("the batched writer, the only other owner, is dropped")
                };
                shared.into_inner().expect("writer lock")
            }
        };
        crate::Staged::finish(w, self.pending, "corpus", self.rows)
    }
}

enum Source {
    Parquet {
        metadata: FileMetadataRef,
        /// Rows of each row group.
        groups: Vec<usize>,
    },
    Csv,
}

/// Reads a corpus table (`.parquet` or `.csv`) in batches.
pub struct CorpusReader {
    path: PathBuf,
    source: Source,
    rows: usize,
}

impl CorpusReader {
    /// Opens a corpus table and checks its columns.
    pub fn open(path: &Path) -> Result<Self, TablesError> {
        match OutputFormat::from_path(path) {
            OutputFormat::Parquet => {
                let mut rd = ParquetReader::new(open(path)?);
                let pq = |source| TablesError::Parquet {
                    path: path.to_path_buf(),
                    source,
                };
                let metadata = rd.get_metadata().map_err(pq)?.clone();
                let schema = rd.schema().map_err(pq)?;
                for (name, _) in corpus_table(&[]).columns {
                    if !schema.contains(name.as_str()) {
                        return Err(crate::corpus::not_corpus(
                            path,
                            format!("no column `{name}`"),
                        ));
                    }
                }
                let mut groups = Vec::with_capacity(metadata.row_groups.len());
                for g in &metadata.row_groups {
                    groups.push(g.num_rows());
                }
                Ok(CorpusReader {
                    path: path.to_path_buf(),
                    rows: metadata.num_rows,
                    source: Source::Parquet { metadata, groups },
                })
            }
            OutputFormat::Csv => {
                let mut csv = CsvCorpus::open(path)?;
                let mut rows = 0;
                while csv.skip_record()? {
                    rows += 1;
                }
                Ok(CorpusReader {
                    path: path.to_path_buf(),
                    source: Source::Csv,
                    rows,
                })
            }
        }
    }

    /// Documents in the table.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The table's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// One column of the Parquet table, read alone with its known metadata.
    fn parquet_column(
        &self,
        metadata: &FileMetadataRef,
        name: &str,
    ) -> Result<polars::prelude::DataFrame, TablesError> {
        let mut rd = ParquetReader::new(open(&self.path)?);
        rd.set_metadata(metadata.clone());
        rd.with_columns(Some(vec![name.into()]))
            .finish()
            .map_err(|source| TablesError::Parquet {
                path: self.path.clone(),
                source,
            })
    }

    /// The `date` column alone (for the periods of an analysis), without reading the texts of a
    /// Parquet table.
    pub fn dates(&self) -> Result<Vec<Option<NaiveDate>>, TablesError> {
        match &self.source {
            Source::Parquet { metadata, .. } => {
                let df = self.parquet_column(metadata, "date")?;
                crate::corpus::dates_of(&self.path, &df)
            }
            Source::Csv => {
                let mut out = Vec::with_capacity(self.rows);
                for batch in self.batches(DEFAULT_BATCH_ROWS) {
                    out.extend(batch?.into_iter().map(|d| d.date));
                }
                Ok(out)
            }
        }
    }

    /// One text column (`title`, `doc_id`, `origin`, …), without reading the other columns of a
    /// Parquet table (to estimate the groups of `--group-by`, or to name a document by its row).
    pub fn text_column(&self, name: &str) -> Result<Vec<Option<String>>, TablesError> {
        let bad = || crate::corpus::not_corpus(&self.path, format!("no text column `{name}`"));
        match &self.source {
            Source::Parquet { metadata, .. } => {
                let df = self.parquet_column(metadata, name)?;
                let c = df.column(name).map_err(|_| bad())?;
                let ca = c.str().map_err(|_| bad())?;
                Ok(ca.iter().map(|v| v.map(str::to_string)).collect())
            }
            Source::Csv => {
                let mut out = Vec::with_capacity(self.rows);
                for batch in self.batches(DEFAULT_BATCH_ROWS) {
                    let t = crate::corpus::corpus_table(&batch?);
                    let v = t.column(name).ok_or_else(bad)?;
                    out.extend((0..t.rows()).map(|i| v.str_at(i).map(str::to_string)));
                }
                Ok(out)
            }
        }
    }

    /// The documents in batches of about `batch_rows` (Parquet batches end on row groups: a
    /// batch holds whole row groups, at least one).
    pub fn batches(&self, batch_rows: usize) -> Batches<'_> {
        Batches {
            reader: self,
            next_group: 0,
            next_row: 0,
            batch_rows: batch_rows.max(1),
            csv: None,
            done: false,
            bodies: true,
        }
    }

    /// [`CorpusReader::batches`] with every column but `body` (left empty in each document):
    /// for an analysis that takes its tokens from the corpus' index and never reads the text.
    /// The bodies are most of a corpus table's bytes. A CSV table is read whole.
    pub fn batches_without_body(&self, batch_rows: usize) -> Batches<'_> {
        Batches {
            bodies: false,
            ..self.batches(batch_rows)
        }
    }

    /// Every document at once.
    pub fn read_all(&self) -> Result<Vec<Document>, TablesError> {
        let mut docs = Vec::with_capacity(self.rows);
        for b in self.batches(usize::MAX) {
            docs.extend(b?);
        }
        Ok(docs)
    }
}

fn open(path: &Path) -> Result<File, TablesError> {
    File::open(path).map_err(|source| TablesError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })
}

/// The batches of a [`CorpusReader`], in table order.
pub struct Batches<'a> {
    reader: &'a CorpusReader,
    next_group: usize,
    next_row: usize,
    batch_rows: usize,
    csv: Option<CsvCorpus>,
    done: bool,
    /// Read the `body` column (else every document's body is empty).
    bodies: bool,
}

impl Iterator for Batches<'_> {
    type Item = Result<Vec<Document>, TablesError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let path = &self.reader.path;
        let out = match &self.reader.source {
            Source::Parquet { metadata, groups } => {
                if self.next_group >= groups.len() {
                    self.done = true;
                    return None;
                }
                let mut len = 0;
                while self.next_group < groups.len() && (len == 0 || len < self.batch_rows) {
                    let g = groups[self.next_group];
                    if len > 0 && len + g > self.batch_rows {
                        break;
                    }
                    len += g;
                    self.next_group += 1;
                }
                let start = self.next_row;
                self.next_row += len;
                (|| {
                    let mut rd = ParquetReader::new(open(path)?);
                    rd.set_metadata(metadata.clone());
                    if !self.bodies {
                        let columns = corpus_table(&[])
                            .columns
                            .iter()
                            .map(|(name, _)| name.clone())
                            .filter(|name| name != "body")
                            .collect();
                        rd = rd.with_columns(Some(columns));
                    }
                    let df = rd
                        .with_slice(Some((start, len)))
                        .finish()
                        .map_err(|source| TablesError::Parquet {
                            path: path.clone(),
                            source,
                        })?;
                    documents_from_frame(path, &df, start)
                })()
            }
            Source::Csv => {
                if self.csv.is_none() {
                    match CsvCorpus::open(path) {
                        Ok(c) => self.csv = Some(c),
                        Err(e) => {
                            self.done = true;
                            return Some(Err(e));
                        }
                    }
                }
                let csv = self.csv.as_mut().expect("opened above");
                let mut docs = Vec::new();
                let r = (|| {
                    while docs.len() < self.batch_rows {
                        match csv.next_document()? {
                            Some(d) => docs.push(d),
                            None => break,
                        }
                    }
                    Ok(())
                })();
                match r {
                    Err(e) => Err(e),
                    Ok(()) if docs.is_empty() => {
                        self.done = true;
                        return None;
                    }
                    Ok(()) => Ok(docs),
                }
            }
        };
        if out.is_err() {
            self.done = true;
        }
        Some(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_core::DocId;

    fn docs(n: usize) -> Vec<Document> {
        (0..n)
            .map(|i| {
                let body = format!("body {i}, with \"quotes\"\n\nand a paragraph");
                Document {
                    doc_id: DocId::of_text("", &body),
                    date: (i % 3 != 0).then(|| {
                        NaiveDate::from_ymd_opt(2018, 1, 1).unwrap()
                            + chrono::Duration::days(i as i64)
                    }),
                    title: (i % 2 == 0).then(|| format!("Title {i}")),
                    n_chars: body.chars().count() as u64,
                    body,
                    lang: "en".into(),
                    origin: format!("f.txt:{i}"),
                    flags: if i % 5 == 0 {
                        vec!["no_date".into()]
                    } else {
                        vec![]
                    },
                    copies: 1 + (i % 4) as u32,
                    ..Document::default()
                }
            })
            .collect()
    }

    /// Written in uneven batches, read back in other batch sizes: the same documents, batches
    /// on row-group boundaries, and the same bytes as the one-shot CSV writer.
    #[test]
    fn batches_round_trip_in_both_formats() {
        let dir = tempfile::tempdir().unwrap();
        let all = docs(23);
        for name in ["c.parquet", "c.csv"] {
            let p = dir.path().join(name);
            let mut w = CorpusWriter::create(&p).unwrap();
            assert!(!p.exists(), "{name}: visible before finish");
            for chunk in [&all[..5], &all[5..5], &all[5..17], &all[17..]] {
                w.write(chunk).unwrap();
            }
            let written = w.finish().unwrap();
            assert_eq!(written.rows, 23);
            let r = CorpusReader::open(&p).unwrap();
            assert_eq!(r.rows(), 23);
            assert_eq!(r.read_all().unwrap(), all, "{name}");
            let dates: Vec<_> = all.iter().map(|d| d.date).collect();
            assert_eq!(r.dates().unwrap(), dates, "{name}");
            let sizes: Vec<usize> = r.batches(6).map(|b| b.unwrap().len()).collect();
            if name.ends_with("parquet") {
                // Row groups of 5, 12, 6: a batch takes whole groups, at least one.
                assert_eq!(sizes, [5, 12, 6], "{name}");
            } else {
                assert_eq!(sizes, [6, 6, 6, 5], "{name}");
            }
            let again: Vec<Document> = r.batches(6).flat_map(Result::unwrap).collect();
            assert_eq!(again, all);
        }
        let one_shot = dir.path().join("one.csv");
        crate::write_table(&corpus_table(&all), &one_shot).unwrap();
        assert_eq!(
            std::fs::read(&one_shot).unwrap(),
            std::fs::read(dir.path().join("c.csv")).unwrap()
        );
    }

    #[test]
    fn empty_corpus_and_unfinished_writer() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["e.parquet", "e.csv"] {
            let p = dir.path().join(name);
            CorpusWriter::create(&p).unwrap().finish().unwrap();
            let r = CorpusReader::open(&p).unwrap();
            assert_eq!(r.rows(), 0);
            assert!(r.read_all().unwrap().is_empty());
            assert_eq!(r.batches(10).count(), 0);
        }
        let p = dir.path().join("gone.parquet");
        let mut w = CorpusWriter::create(&p).unwrap();
        w.write(&docs(3)).unwrap();
        drop(w);
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("gone"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }

    #[test]
    fn a_table_that_is_not_a_corpus_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("t.parquet");
        let t = crate::Table::new("t").with("n", crate::Values::Int(vec![1]));
        crate::write_table(&t, &p).unwrap();
        let e = CorpusReader::open(&p).err().unwrap().to_string();
        assert!(
            e.contains("is not a dateline corpus table: no column `doc_id`"),
            "{e}"
        );
    }
}
