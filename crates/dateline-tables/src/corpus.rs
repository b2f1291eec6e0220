//! The corpus table: [`Document`]s to and from Parquet and CSV.
use std::fs::File;
use std::path::Path;

use chrono::NaiveDate;
use dateline_core::{DocId, Document, Kind};
use polars::prelude::{DataFrame, ParquetReader, SerReader};

use crate::{Table, TablesError, Values};

/// The corpus table of `docs`, in their order (schema `corpus` in [`crate::schemas`]).
pub fn corpus_table(docs: &[Document]) -> Table {
    let s = |f: fn(&Document) -> String| Values::Str(docs.iter().map(f).collect());
    let o = |f: fn(&Document) -> Option<String>| Values::OptStr(docs.iter().map(f).collect());
    Table::new("corpus")
        .with("doc_id", s(|d| d.doc_id.to_string()))
        .with(
            "date",
            Values::OptDate(docs.iter().map(|d| d.date).collect()),
        )
        .with("title", o(|d| d.title.clone()))
        .with("body", s(|d| d.body.clone()))
        .with("source", o(|d| d.source.clone()))
        .with("url", o(|d| d.url.clone()))
        .with("place", o(|d| d.place.clone()))
        .with("byline", o(|d| d.byline.clone()))
        .with("lang", s(|d| d.lang.clone()))
        .with("kind", s(|d| d.kind.as_str().to_string()))
        .with(
            "n_chars",
            Values::Int(docs.iter().map(|d| d.n_chars as i64).collect()),
        )
        .with(
            "flags",
            Values::OptStr(
                docs.iter()
                    .map(|d| (!d.flags.is_empty()).then(|| d.flags.join(";")))
                    .collect(),
            ),
        )
        .with("origin", s(|d| d.origin.clone()))
        .with(
            "copies",
            Values::Int(docs.iter().map(|d| i64::from(d.copies)).collect()),
        )
}

/// Reads a corpus table written by `dateline ingest` (`.parquet` or `.csv`).
pub fn read_corpus(path: &Path) -> Result<Vec<Document>, TablesError> {
    match crate::OutputFormat::from_path(path) {
        crate::OutputFormat::Parquet => read_corpus_parquet(path),
        crate::OutputFormat::Csv => read_corpus_csv(path),
    }
}

fn not_corpus(path: &Path, reason: impl Into<String>) -> TablesError {
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

/// Reads a corpus Parquet file.
pub fn read_corpus_parquet(path: &Path) -> Result<Vec<Document>, TablesError> {
    let file = File::open(path).map_err(|source| TablesError::Io {
        action: "read",
        path: path.to_path_buf(),
        source,
    })?;
    let df = ParquetReader::new(file)
        .finish()
        .map_err(|source| TablesError::Parquet {
            path: path.to_path_buf(),
            source,
        })?;
    documents_from_frame(path, &df)
}

fn documents_from_frame(path: &Path, df: &DataFrame) -> Result<Vec<Document>, TablesError> {
    let n = df.height();
    let col = |name: &str| {
        df.column(name)
            .map_err(|_| not_corpus(path, format!("no column `{name}`")))
    };
    let strs = |name: &str| -> Result<Vec<Option<String>>, TablesError> {
        let c = col(name)?;
        let ca = c
            .str()
            .map_err(|_| not_corpus(path, format!("column `{name}` is not text")))?;
        Ok(ca.iter().map(|x| x.map(str::to_string)).collect())
    };
    let ints = |name: &str| -> Result<Vec<Option<i64>>, TablesError> {
        let c = col(name)?;
        let ca = c
            .i64()
            .map_err(|_| not_corpus(path, format!("column `{name}` is not int64")))?;
        Ok(ca.iter().collect())
    };
    let ids = strs("doc_id")?;
    let dates: Vec<Option<i32>> = {
        let c = col("date")?;
        let ca = c
            .date()
            .map_err(|_| not_corpus(path, "column `date` is not a date"))?;
        ca.physical().iter().collect()
    };
    let titles = strs("title")?;
    let bodies = strs("body")?;
    let sources = strs("source")?;
    let urls = strs("url")?;
    let places = strs("place")?;
    let bylines = strs("byline")?;
    let langs = strs("lang")?;
    let kinds = strs("kind")?;
    let n_chars = ints("n_chars")?;
    let flags = strs("flags")?;
    let origins = strs("origin")?;
    let copies = ints("copies")?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid");
    let mut docs = Vec::with_capacity(n);
    let mut ids = ids.into_iter();
    let mut titles = titles.into_iter();
    let mut bodies = bodies.into_iter();
    let mut sources = sources.into_iter();
    let mut urls = urls.into_iter();
    let mut places = places.into_iter();
    let mut bylines = bylines.into_iter();
    let mut langs = langs.into_iter();
    let mut origins = origins.into_iter();
    for i in 0..n {
        let id = ids.next().flatten().unwrap_or_default();
        let doc_id = id
            .parse::<DocId>()
            .map_err(|_| not_corpus(path, format!("row {i}: bad doc_id `{id}`")))?;
        let kind = kinds[i]
            .as_deref()
            .unwrap_or("article")
            .parse::<Kind>()
            .map_err(|e| not_corpus(path, format!("row {i}: {e}")))?;
        docs.push(Document {
            doc_id,
            date: dates[i].map(|d| epoch + chrono::Duration::days(i64::from(d))),
            title: titles.next().flatten(),
            body: bodies.next().flatten().unwrap_or_default(),
            source: sources.next().flatten(),
            url: urls.next().flatten(),
            place: places.next().flatten(),
            byline: bylines.next().flatten(),
            lang: langs.next().flatten().unwrap_or_else(|| "und".into()),
            kind,
            n_chars: n_chars[i].unwrap_or(0).max(0) as u64,
            flags: parse_flags(flags[i].as_deref().unwrap_or("")),
            origin: origins.next().flatten().unwrap_or_default(),
            copies: copies[i].unwrap_or(1).max(0) as u32,
        });
    }
    Ok(docs)
}

/// Reads a corpus CSV file (as written by `dateline ingest -o corpus.csv`).
pub fn read_corpus_csv(path: &Path) -> Result<Vec<Document>, TablesError> {
    let csv_err = |source| TablesError::Csv {
        path: path.to_path_buf(),
        source,
    };
    let mut rd = csv::Reader::from_path(path).map_err(csv_err)?;
    let headers = rd.headers().map_err(csv_err)?.clone();
    let idx = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .ok_or_else(|| not_corpus(path, format!("no column `{name}`")))
    };
    let cols = [
        "doc_id", "date", "title", "body", "source", "url", "place", "byline", "lang", "kind",
        "n_chars", "flags", "origin", "copies",
    ];
    let mut ix = [0usize; 14];
    for (k, c) in cols.iter().enumerate() {
        ix[k] = idx(c)?;
    }
    let opt = |s: &str| (!s.is_empty()).then(|| s.to_string());
    let mut docs = Vec::new();
    for (row, rec) in rd.records().enumerate() {
        let rec = rec.map_err(csv_err)?;
        let line = rec.position().map_or(row as u64 + 2, csv::Position::line);
        let f = |k: usize| rec.get(ix[k]).unwrap_or("");
        let bad = |what: &str, v: &str| not_corpus(path, format!("line {line}: bad {what} `{v}`"));
        let doc_id = f(0).parse::<DocId>().map_err(|_| bad("doc_id", f(0)))?;
        let date = if f(1).is_empty() {
            None
        } else {
            Some(NaiveDate::parse_from_str(f(1), "%Y-%m-%d").map_err(|_| bad("date", f(1)))?)
        };
        docs.push(Document {
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
        });
    }
    Ok(docs)
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
