//! The corpus table: [`Document`]s to and from Parquet and CSV.
use std::fs::File;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use dateline_core::{DocId, Document, Kind};
use polars::prelude::DataFrame;

use crate::{Table, TablesError, Values};

/// The corpus table of `docs`, in their order (schema `corpus` in [`crate::schemas`]).
pub fn corpus_table(docs: &[Document]) -> Table {
    let s = |f: fn(&Document) -> String| Values::Str(docs.iter().map(f).collect());
    let o = |f: fn(&Document) -> Option<String>| Values::OptStr(docs.iter().map(f).collect());
    Table::declared("corpus")
        .col(s(|d| d.doc_id.to_string()))
        .col(Values::OptDate(docs.iter().map(|d| d.date).collect()))
        .col(o(|d| d.title.clone()))
        .col(s(|d| d.body.clone()))
        .col(o(|d| d.source.clone()))
        .col(o(|d| d.url.clone()))
        .col(o(|d| d.place.clone()))
        .col(o(|d| d.byline.clone()))
        .col(s(|d| d.lang.clone()))
        .col(s(|d| d.kind.as_str().to_string()))
        .col(Values::Int(docs.iter().map(|d| d.n_chars as i64).collect()))
        .col(Values::OptStr(
            docs.iter()
                .map(|d| (!d.flags.is_empty()).then(|| d.flags.join(";")))
                .collect(),
        ))
        .col(s(|d| d.origin.clone()))
        .col(Values::Int(
            docs.iter().map(|d| i64::from(d.copies)).collect(),
        ))
        .build()
}

/// Reads a corpus table written by `dateline ingest` (`.parquet` or `.csv`) at once; see
/// [`crate::CorpusReader`] for batches.
pub fn read_corpus(path: &Path) -> Result<Vec<Document>, TablesError> {
    crate::CorpusReader::open(path)?.read_all()
}

/// Reads a corpus Parquet file.
pub fn read_corpus_parquet(path: &Path) -> Result<Vec<Document>, TablesError> {
    read_corpus(path)
}

/// Reads a corpus CSV file (as written by `dateline ingest -o corpus.csv`).
pub fn read_corpus_csv(path: &Path) -> Result<Vec<Document>, TablesError> {
    read_corpus(path)
}

pub(crate) fn not_corpus(path: &Path, reason: impl Into<String>) -> TablesError {
    TablesError::NotACorpus {
        path: path.to_path_buf(),
        reason: reason.into(),
    }
}

fn parse_flags(s: &str) -> Vec<String> {
    s.split(';')
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect()
}

const EPOCH: NaiveDate = match NaiveDate::from_ymd_opt(1970, 1, 1) {
    Some(d) => d,
    None => panic!("valid date"),
};

/// The `date` column of a corpus frame.
pub(crate) fn dates_of(path: &Path, df: &DataFrame) -> Result<Vec<Option<NaiveDate>>, TablesError> {
    let c = df
        .column("date")
        .map_err(|_| not_corpus(path, "no column `date`"))?;
    let ca = c
        .date()
        .map_err(|_| not_corpus(path, "column `date` is not a date"))?;
    Ok(ca
        .physical()
        .iter()
        .map(|d| d.map(|d| EPOCH + chrono::Duration::days(i64::from(d))))
        .collect())
}

/// The documents of a corpus frame whose first row is row `first_row` of the file (for
/// messages).
pub(crate) fn documents_from_frame(
    path: &Path,
    df: &DataFrame,
    first_row: usize,
) -> Result<Vec<Document>, TablesError> {
    let n = df.height();
    let col = |name: &str| {
        df.column(name)
            .map_err(|_| not_corpus(path, format!("no column `{name}`")))
    };
    let strs = |name: &str| {
        col(name)?
            .str()
            .map_err(|_| not_corpus(path, format!("column `{name}` is not text")))
    };
    let ints = |name: &str| {
        col(name)?
            .i64()
            .map_err(|_| not_corpus(path, format!("column `{name}` is not int64")))
    };
    let owned = |x: Option<&str>| x.map(str::to_string);
    let dates = dates_of(path, df)?;
    // A batch read without its bodies (`CorpusReader::batches_without_body`) has no `body`:
    // its documents' bodies are empty. (A table without one is refused when opened.)
    let no_bodies;
    let bodies = if df.column("body").is_ok() {
        strs("body")?
    } else {
        no_bodies =
            <polars::prelude::StringChunked as polars::prelude::NewChunkedArray<
                polars::prelude::StringType,
                &str,
            >>::from_iter_options("body".into(), std::iter::repeat_n(None::<&str>, n));
        &no_bodies
    };
    let (ids, titles, sources, urls) = (
        strs("doc_id")?,
        strs("title")?,
        strs("source")?,
        strs("url")?,
    );
    let (places, bylines, langs, kinds, flags, origins) = (
        strs("place")?,
        strs("byline")?,
        strs("lang")?,
        strs("kind")?,
        strs("flags")?,
        strs("origin")?,
    );
    let (n_chars, copies) = (ints("n_chars")?, ints("copies")?);
    let mut docs = Vec::with_capacity(n);
    let mut cols = (
        ids.iter(),
        titles.iter(),
        bodies.iter(),
        sources.iter(),
        urls.iter(),
        places.iter(),
        bylines.iter(),
        langs.iter(),
        kinds.iter(),
        flags.iter(),
        origins.iter(),
        n_chars.iter(),
        copies.iter(),
    );
    for (i, date) in dates.into_iter().enumerate() {
        let row = first_row + i;
        let id = cols.0.next().flatten().unwrap_or_default();
        let doc_id = id
            .parse::<DocId>()
            .map_err(|_| not_corpus(path, format!("row {row}: bad doc_id `{id}`")))?;
        let title = owned(cols.1.next().flatten());
        let body = cols.2.next().flatten().unwrap_or_default().to_string();
        let source = owned(cols.3.next().flatten());
        let url = owned(cols.4.next().flatten());
        let place = owned(cols.5.next().flatten());
        let byline = owned(cols.6.next().flatten());
        let lang = cols.7.next().flatten().unwrap_or("und").to_string();
        let kind = cols
            .8
            .next()
            .flatten()
            .unwrap_or("article")
            .parse::<Kind>()
            .map_err(|e| not_corpus(path, format!("row {row}: {e}")))?;
        let flags = parse_flags(cols.9.next().flatten().unwrap_or(""));
        let origin = cols.10.next().flatten().unwrap_or_default().to_string();
        let n_chars = cols.11.next().flatten().unwrap_or(0).max(0) as u64;
        let copies = cols.12.next().flatten().unwrap_or(1).max(0) as u32;
        docs.push(Document {
            doc_id,
            date,
            title,
            body,
            source,
            url,
            place,
            byline,
            lang,
            kind,
            n_chars,
            flags,
            origin,
            copies,
        });
    }
    Ok(docs)
}

const CSV_COLUMNS: [&str; 14] = [
    "doc_id", "date", "title", "body", "source", "url", "place", "byline", "lang", "kind",
    "n_chars", "flags", "origin", "copies",
];

/// A corpus CSV file read one record at a time.
pub(crate) struct CsvCorpus {
    path: PathBuf,
    rd: csv::Reader<Box<dyn std::io::Read + Send>>,
    ix: [usize; 14],
    rec: csv::StringRecord,
    row: u64,
}

impl CsvCorpus {
    pub(crate) fn open(path: &Path) -> Result<Self, TablesError> {
        let file = File::open(path).map_err(|source| TablesError::Io {
            action: "read",
            path: path.to_path_buf(),
            source,
        })?;
        let buf = std::io::BufReader::with_capacity(1 << 20, file);
        // `.csv.gz` (as `dateline ingest -o corpus.csv.gz` writes it) is read through gzip.
        let gz = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gz"));
        let inner: Box<dyn std::io::Read + Send> = if gz {
            Box::new(flate2::read::MultiGzDecoder::new(buf))
        } else {
            Box::new(buf)
        };
        let mut rd = csv::Reader::from_reader(inner);
        let headers = rd.headers().map_err(|e| csv_err(path, e))?.clone();
        let mut ix = [0usize; 14];
        for (k, c) in CSV_COLUMNS.iter().enumerate() {
            ix[k] = headers
                .iter()
                .position(|h| h == *c)
                .ok_or_else(|| not_corpus(path, format!("no column `{c}`")))?;
        }
        Ok(CsvCorpus {
            path: path.to_path_buf(),
            rd,
            ix,
            rec: csv::StringRecord::new(),
            row: 0,
        })
    }

    /// Reads the next record; false at the end.
    pub(crate) fn skip_record(&mut self) -> Result<bool, TablesError> {
        self.row += 1;
        self.rd
            .read_record(&mut self.rec)
            .map_err(|e| csv_err(&self.path, e))
    }

    /// The next document, `None` at the end.
    pub(crate) fn next_document(&mut self) -> Result<Option<Document>, TablesError> {
        if !self.skip_record()? {
            return Ok(None);
        }
        let (rec, ix, path) = (&self.rec, &self.ix, &self.path);
        let line = rec.position().map_or(self.row + 1, csv::Position::line);
        let f = |k: usize| rec.get(ix[k]).unwrap_or("");
        let bad = |what: &str, v: &str| not_corpus(path, format!("line {line}: bad {what} `{v}`"));
        let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
        let doc_id = f(0).parse::<DocId>().map_err(|_| bad("doc_id", f(0)))?;
        let date = if f(1).is_empty() {
            None
        } else {
            Some(NaiveDate::parse_from_str(f(1), "%Y-%m-%d").map_err(|_| bad("date", f(1)))?)
        };
        Ok(Some(Document {
            doc_id,
            date,
            title: opt(f(2)),
            body: f(3).to_string(),
            source: opt(f(4)),
            url: opt(f(5)),
            place: opt(f(6)),
            byline: opt(f(7)),
            lang: f(8).to_string(),
            kind: f(9).parse().map_err(|_| bad("kind", f(9)))?,
            n_chars: f(10).parse().map_err(|_| bad("n_chars", f(10)))?,
            flags: parse_flags(f(11)),
            origin: f(12).to_string(),
            copies: f(13).parse().map_err(|_| bad("copies", f(13)))?,
        }))
    }
}

fn csv_err(path: &Path, source: csv::Error) -> TablesError {
    TablesError::Csv {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Document> {
        vec![
            Document {
                doc_id: DocId::of_text("A", "body, with \"quotes\"\n\nand a paragraph"),
                date: Some("2018-01-02".parse().unwrap()),
                title: Some("A".into()),
                body: "body, with \"quotes\"\n\nand a paragraph".into(),
                source: Some("KCNA".into()),
                url: None,
                place: Some("Pyongyang".into()),
                byline: None,
                lang: "en".into(),
                kind: Kind::Article,
                n_chars: 35,
                flags: vec!["date_mismatch".into(), "replacement_char".into()],
                origin: "x.txt:1".into(),
                copies: 2,
            },
            Document {
                doc_id: DocId::of_text("", "b"),
                body: "b".into(),
                lang: "und".into(),
                kind: Kind::Teaser,
                copies: 1,
                ..Document::default()
            },
        ]
    }

    #[test]
    fn corpus_round_trips_through_csv_and_parquet() {
        let dir = tempfile::tempdir().unwrap();
        let docs = sample();
        for name in ["c.csv", "c.parquet"] {
            let p = dir.path().join(name);
            crate::write_table(&corpus_table(&docs), &p).unwrap();
            assert_eq!(read_corpus(&p).unwrap(), docs, "{name}");
        }
    }
}
