//! CSV and TSV with a header row.

use std::path::Path;

use crate::dates::{check_date, in_name, BadDate};
use crate::record::{Parsed, Record};
use crate::{IngestError, IngestOptions};

const TEXT: &[&str] = &["body", "text", "content", "story", "story_text", "article"];
const TITLE: &[&str] = &["title", "headline"];
const DATE: &[&str] = &["date", "date_str", "published", "pubdate"];
const URL: &[&str] = &["url", "link"];
const BYLINE: &[&str] = &["byline", "author"];

fn column(header: &[String], wanted: Option<&String>, guesses: &[&str]) -> Option<usize> {
    match wanted {
        Some(w) => header.iter().position(|h| h.eq_ignore_ascii_case(w.trim())),
        None => guesses
            .iter()
            .find_map(|g| header.iter().position(|h| h.eq_ignore_ascii_case(g))),
    }
}

/// Which column holds what, found once from a table's header: the one mapping for CSV/TSV rows
/// and R data frames (`--text-col`, `--title-col`, `--date-col`, else the guesses above).
pub(crate) struct Columns {
    text: usize,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    byline: Option<usize>,
    source: Option<usize>,
}

impl Columns {
    /// The columns of `header`; a table without a text column is an error.
    pub(crate) fn find(
        path: &Path,
        header: &[String],
        opts: &IngestOptions,
    ) -> Result<Columns, IngestError> {
        let Some(text) = column(header, opts.text_col.as_ref(), TEXT) else {
            let tried = match &opts.text_col {
                Some(c) => format!("`{c}`"),
                None => TEXT
                    .iter()
                    .map(|t| format!("`{t}`"))
                    .collect::<Vec<_>>()
                    .join(", "),
            };
            return Err(IngestError::NoText {
                path: path.to_path_buf(),
                what: "column",
                tried,
            });
        };
        Ok(Columns {
            text,
            title: column(header, opts.title_col.as_ref(), TITLE),
            date: column(header, opts.date_col.as_ref(), DATE),
            url: column(header, None, URL),
            byline: column(header, None, BYLINE),
            source: column(header, None, &["source"]),
        })
    }

    /// The record of one row, whose cell `c` is `cell(c)` (`None` when missing); `None` when
    /// the row has no text.
    pub(crate) fn record<'a>(
        &self,
        cell: impl Fn(usize) -> Option<&'a str>,
        line: Option<u64>,
        record: Option<u64>,
    ) -> Option<Record> {
        let field = |c: Option<usize>| {
            c.and_then(&cell)
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let body = field(Some(self.text))?;
        let url = field(self.url);
        let written = field(self.date);
        let (date, bad_date) = match written.as_deref().map(check_date) {
            Some(Ok(d)) => (Some(d), None),
            Some(Err(fault)) => (
                None,
                written.as_deref().and_then(|w| BadDate::new(w, fault)),
            ),
            None => (None, None),
        };
        let date = date.or_else(|| url.as_deref().and_then(in_name));
        Some(Record {
            title: field(self.title),
            body,
            date,
            bad_date,
            url,
            source: field(self.source),
            byline: field(self.byline),
            line,
            record,
            ..Record::default()
        })
    }
}

/// Parses a delimited file. A file without a text column is an error; a ragged or broken row
/// is reported with its line and skipped, the rest kept.
pub(crate) fn parse(
    path: &Path,
    text: &str,
    delimiter: u8,
    opts: &IngestOptions,
) -> Result<Parsed, IngestError> {
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(true)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|source| IngestError::Csv {
            path: path.to_path_buf(),
            line: 1,
            source,
        })?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let cols = Columns::find(path, &header, opts)?;
    let mut out = Parsed::default();
    let mut rec = csv::StringRecord::new();
    loop {
        match rdr.read_record(&mut rec) {
            Ok(false) => break,
            Ok(true) => {
                let line = rec.position().map_or(0, csv::Position::line);
                match cols.record(|c| rec.get(c), Some(line), None) {
                    Some(r) => out.records.push(r),
                    None => out.empty += 1,
                }
            }
            Err(source) => {
                let line = source.position().map_or(0, csv::Position::line);
                let err = IngestError::Csv {
                    path: path.to_path_buf(),
                    line,
                    source,
                };
                let fatal = !matches!(err_kind(&err), Some(true));
                out.problems.push(err.to_problem());
                if fatal {
                    break;
                }
            }
        }
    }
    Ok(out)
}

/// Some(true) when the reader can go on after the error (a ragged row or bad UTF-8 in a row).
fn err_kind(e: &IngestError) -> Option<bool> {
    match e {
        IngestError::Csv { source, .. } => Some(matches!(
            source.kind(),
            csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ragged_row_is_skipped_with_its_line() {
        let text = "date,title,body\n2018-01-02,A,\"Line one\nline two\"\n2018-01-03,B\n2018-01-04,C,Body C\n";
        let out = parse(Path::new("r.csv"), text, b',', &IngestOptions::default()).unwrap();
        assert_eq!(out.records.len(), 2);
        assert_eq!(out.records[0].line, Some(2));
        assert_eq!(out.records[0].body, "Line one\nline two");
        assert_eq!(out.records[1].line, Some(5));
        assert_eq!(out.problems.len(), 1);
        assert_eq!(
            out.problems[0].message(),
            "r.csv:4: bad row: 2 fields, expected 3"
        );
    }

    #[test]
    fn token_table_has_no_text_column() {
        let e = parse(
            Path::new("t.csv"),
            "token,pct\nKim,0.01\n",
            b',',
            &IngestOptions::default(),
        )
        .unwrap_err();
        assert_eq!(
            e.to_problem().message(),
            "t.csv: no text column (looked for `body`, `text`, `content`, `story`, `story_text`, `article`)"
        );
    }
}
