//! CSV and TSV with a header row.

use std::path::Path;

use crate::dates::{check_date, in_name, BadDate, DateOrder};
use crate::record::{Parsed, Record};
use crate::{IngestError, IngestOptions, Problem};

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
    /// `None`: a headline table (a title column and no text column).
    text: Option<usize>,
    order: Option<crate::DateOrder>,
    title: Option<usize>,
    date: Option<usize>,
    url: Option<usize>,
    byline: Option<usize>,
    source: Option<usize>,
}

impl Columns {
    /// The columns of `header`. A table without a text column is an error, unless it has a
    /// title column and no `--text-col` was given: a headline table (KCNA headline datasets),
    /// whose rows are title-only records, said once in `problems` as a warning.
    pub(crate) fn find(
        path: &Path,
        header: &[String],
        opts: &IngestOptions,
        problems: &mut Vec<Problem>,
    ) -> Result<Columns, IngestError> {
        let title = column(header, opts.title_col.as_ref(), TITLE);
        let text = column(header, opts.text_col.as_ref(), TEXT);
        let tried = || match &opts.text_col {
            Some(c) => format!("`{c}`"),
            None => TEXT
                .iter()
                .map(|t| format!("`{t}`"))
                .collect::<Vec<_>>()
                .join(", "),
        };
        if text.is_none() {
            if title.is_none() || opts.text_col.is_some() {
                return Err(IngestError::NoText {
                    path: path.to_path_buf(),
                    what: "column",
                    tried: tried(),
                });
            }
            problems.push(
                Problem::new(
                    path,
                    format!(
                        "no text column (looked for {}): read as headlines, one title-only document per row",
                        tried()
                    ),
                )
                .warning(),
            );
        }
        Ok(Columns {
            text,
            order: opts.date_order,
            title,
            date: column(header, opts.date_col.as_ref(), DATE),
            url: column(header, None, URL),
            byline: column(header, None, BYLINE),
            source: column(header, None, &["source"]),
        })
    }

    /// The record of one row, whose cell `c` is `cell(c)` (`None` when missing; a trimmed cell
    /// for which `missing` is true is missing too); `None` when the row has neither text nor
    /// title. A row with a title and no text is a title-only record (its body empty).
    pub(crate) fn record<'a>(
        &self,
        cell: impl Fn(usize) -> Option<&'a str>,
        missing: &dyn Fn(&str) -> bool,
        line: Option<u64>,
        record: Option<u64>,
    ) -> Option<Record> {
        let field = |c: Option<usize>| {
            c.and_then(&cell)
                .map(str::trim)
                .filter(|s| !s.is_empty() && !missing(s))
                .map(str::to_string)
        };
        let title = field(self.title);
        let body = field(self.text).or_else(|| title.as_ref().map(|_| String::new()))?;
        let url = field(self.url);
        let written = field(self.date);
        let (date, bad_date) = match written.as_deref().map(|w| check_date(w, self.order)) {
            Some(Ok(d)) => (Some(d), None),
            Some(Err(fault)) => (
                None,
                written.as_deref().and_then(|w| BadDate::new(w, fault)),
            ),
            None => (None, None),
        };
        let date = date.or_else(|| url.as_deref().and_then(in_name));
        Some(Record {
            title,
            body,
            date,
            bad_date,
            url,
            source: field(self.source),
            byline: field(self.byline),
            line,
            record,
            title_field: true,
            ..Record::default()
        })
    }
}

/// One record as [`scan`] splits it.
struct Scanned {
    fields: Vec<String>,
    /// 1-based line where the record starts.
    line: u64,
    /// Byte offset and line just after it.
    next: usize,
    next_line: u64,
    /// A quoted field that is not closed properly.
    broken: Option<BrokenQuote>,
}

/// A quoted field that runs to the end of the file, or whose closing quote is followed by
/// something other than a delimiter or a line end (RFC 4180 allows only those).
#[derive(Clone, Copy)]
struct BrokenQuote {
    /// Byte offset of the opening quote and its line.
    at: usize,
    line: u64,
}

/// Splits the record that starts at byte `i` (line `line`) of `b`, RFC 4180 style: fields
/// separated by `delim`, records by `\n`, `\r\n` or `\r`; a field that starts with `"` is
/// quoted (`""` is a quote; delimiters and line ends inside are text); a quote inside an
/// unquoted field is text. Blank lines are skipped. `None` at the end of the input.
fn scan(b: &[u8], mut i: usize, mut line: u64, delim: u8) -> Option<Scanned> {
    let n = b.len();
    while i < n && (b[i] == b'\n' || b[i] == b'\r') {
        if b[i] == b'\n' || b.get(i + 1) != Some(&b'\n') {
            line += 1;
        }
        i += 1;
    }
    if i >= n {
        return None;
    }
    let start_line = line;
    let mut fields = Vec::new();
    let mut field: Vec<u8> = Vec::new();
    let mut broken = None;
    let is_end = |c: u8| c == delim || c == b'\n' || c == b'\r';
    loop {
        if b.get(i) == Some(&b'"') {
            let quote = BrokenQuote { at: i, line };
            i += 1;
            loop {
                let Some(&c) = b.get(i) else {
                    broken.get_or_insert(quote);
                    break;
                };
                if c == b'"' {
                    if b.get(i + 1) == Some(&b'"') {
                        field.push(b'"');
                        i += 2;
                        continue;
                    }
                    i += 1;
                    if b.get(i).is_some_and(|&c| !is_end(c)) {
                        broken.get_or_insert(quote);
                    }
                    break;
                }
                if c == b'\n' || (c == b'\r' && b.get(i + 1) != Some(&b'\n')) {
                    line += 1;
                }
                field.push(c);
                i += 1;
            }
        }
        while let Some(&c) = b.get(i) {
            if is_end(c) {
                break;
            }
            field.push(c);
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&std::mem::take(&mut field)).into_owned());
        match b.get(i) {
            None => break,
            Some(&c) if c == delim => i += 1,
            Some(&c) => {
                i += 1;
                if c == b'\r' && b.get(i) == Some(&b'\n') {
                    i += 1;
                }
                line += 1;
                break;
            }
        }
    }
    Some(Scanned {
        fields,
        line: start_line,
        next: i,
        next_line: line,
        broken,
    })
}

/// Where reading goes on after a record with a broken quote: the first physical line after
/// the opening quote, up to `end`, that is a complete row by itself (the header's number of
/// fields, no broken quote, ends at its own line end and, when the file has a date column, a
/// readable date in it) — a row the open quote swallowed. `None`: the record is skipped to
/// `end`.
fn resume_at(
    b: &[u8],
    q: BrokenQuote,
    end: usize,
    delim: u8,
    width: usize,
    date_col: Option<usize>,
) -> Option<(usize, u64)> {
    let mut line = q.line;
    let mut i = q.at;
    while i < end {
        let c = b[i];
        i += 1;
        if c == b'\r' && b.get(i) == Some(&b'\n') {
            continue;
        }
        if c != b'\n' && c != b'\r' {
            continue;
        }
        line += 1;
        if let Some(r) = scan(b, i, line, delim) {
            let one_line = r.line == line && r.next_line == line + 1;
            let dated = date_col.is_none_or(|c| {
                r.fields.get(c).is_some_and(|d| {
                    // A date in either order marks the start of a row.
                    let d = d.trim();
                    check_date(d, Some(DateOrder::Dmy)).is_ok()
                        || check_date(d, Some(DateOrder::Mdy)).is_ok()
                })
            });
            if r.broken.is_none() && one_line && r.fields.len() == width && dated {
                return Some((i, line));
            }
        }
    }
    None
}

/// Parses a delimited file. A file without a text column is an error; a ragged row is reported
/// with its line and skipped, the rest kept. A record with a broken quote (see [`scan`]) is
/// skipped with `unterminated quote` and reading resumes at the first row it swallowed (see
/// [`resume_at`]). Cells in the missing-value list ([`IngestOptions::na`]) are missing.
pub(crate) fn parse(
    path: &Path,
    text: &str,
    delimiter: u8,
    opts: &IngestOptions,
) -> Result<Parsed, IngestError> {
    let b = text.as_bytes();
    let Some(head) = scan(b, 0, 1, delimiter) else {
        return Err(IngestError::Empty {
            path: path.to_path_buf(),
        });
    };
    if let Some(q) = head.broken {
        return Err(IngestError::BadHeader {
            path: path.to_path_buf(),
            reason: format!("unterminated quote opened on line {}", q.line),
        });
    }
    let header: Vec<String> = head.fields.iter().map(|h| h.trim().to_string()).collect();
    let mut out = Parsed::default();
    let cols = Columns::find(path, &header, opts, &mut out.problems)?;
    let (mut at, mut at_line) = (head.next, head.next_line);
    while let Some(rec) = scan(b, at, at_line, delimiter) {
        let line = rec.line;
        (at, at_line) = (rec.next, rec.next_line);
        if let Some(q) = rec.broken {
            let resume = resume_at(b, q, rec.next, delimiter, header.len(), cols.date);
            let last = match resume {
                Some((i, l)) => {
                    (at, at_line) = (i, l);
                    l - 1
                }
                None => {
                    rec.next_line - u64::from(matches!(b[..rec.next].last(), Some(b'\n' | b'\r')))
                }
            };
            let last = last.max(line);
            let lines = if last == line {
                format!("line {line}")
            } else {
                format!("lines {line}-{last}")
            };
            let opened = if q.line == line {
                String::new()
            } else {
                format!(" opened on line {}", q.line)
            };
            out.problems.push(
                Problem::new(path, format!("unterminated quote{opened}: {lines} skipped"))
                    .at_line(line),
            );
            out.skipped += 1;
            continue;
        }
        if rec.fields.len() != header.len() {
            out.problems.push(
                Problem::new(
                    path,
                    format!(
                        "bad row: {} fields, expected {}",
                        rec.fields.len(),
                        header.len()
                    ),
                )
                .at_line(line),
            );
            out.skipped += 1;
            continue;
        }
        let cell = |c: usize| rec.fields.get(c).map(String::as_str);
        match cols.record(cell, &|s| opts.is_na(s), Some(line), None) {
            Some(r) => out.records.push(r),
            None => out.empty += 1,
        }
    }
    Ok(out)
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

    fn messages(out: &Parsed) -> Vec<String> {
        out.problems.iter().map(crate::Problem::message).collect()
    }

    fn bodies(out: &Parsed) -> Vec<(Option<&str>, &str, Option<u64>)> {
        out.records
            .iter()
            .map(|r| (r.title.as_deref(), r.body.as_str(), r.line))
            .collect()
    }

    #[test]
    fn unterminated_quote_skips_its_row_and_resumes_at_the_rows_it_swallowed() {
        let text = "date,title,body\n2018-01-02,A,Body A\n2018-01-03,B,\"Body B opens a quote\n2018-01-04,C,Body C\n2018-01-05,D,\"Body D\"\n";
        let out = parse(Path::new("q.csv"), text, b',', &IngestOptions::default()).unwrap();
        assert_eq!(
            messages(&out),
            vec!["q.csv:3: unterminated quote: line 3 skipped"]
        );
        assert_eq!(out.skipped, 1);
        assert_eq!(
            bodies(&out),
            vec![
                (Some("A"), "Body A", Some(2)),
                (Some("C"), "Body C", Some(4)),
                (Some("D"), "Body D", Some(5)),
            ]
        );
        // In the last row: it runs to the end of the file, continuation lines and all.
        let text =
            "date,title,body\n2018-01-02,A,Body A\n2018-01-03,B,\"Body B\n\nmore of B, and more\n";
        let out = parse(Path::new("q.csv"), text, b',', &IngestOptions::default()).unwrap();
        assert_eq!(
            messages(&out),
            vec!["q.csv:3: unterminated quote: lines 3-5 skipped"]
        );
        assert_eq!(bodies(&out), vec![(Some("A"), "Body A", Some(2))]);
        // No final line end.
        let text = "date,title,body\n2018-01-02,A,\"Body A";
        let out = parse(Path::new("q.csv"), text, b',', &IngestOptions::default()).unwrap();
        assert_eq!(
            messages(&out),
            vec!["q.csv:2: unterminated quote: line 2 skipped"]
        );
        // An open quote in the title swallows the rows after it up to the next quote, which
        // then closes it and is followed by text: reading resumes at the first swallowed row.
        let text = "date,title,body\n2018-01-02,\"Title without end,Body\n2018-01-03,C,Body C\n2018-01-04,D,\"Body D\"\n";
        let out = parse(Path::new("q.csv"), text, b',', &IngestOptions::default()).unwrap();
        assert_eq!(
            messages(&out),
            vec!["q.csv:2: unterminated quote: line 2 skipped"]
        );
        assert_eq!(
            bodies(&out),
            vec![
                (Some("C"), "Body C", Some(3)),
                (Some("D"), "Body D", Some(4))
            ]
        );
        // A quote opened on a later line of a multi-line record: named.
        let text = "date,title,body\n2018-01-02,\"Two\nlines\",\"Open\n";
        let out = parse(Path::new("q.csv"), text, b',', &IngestOptions::default()).unwrap();
        assert_eq!(
            messages(&out),
            vec!["q.csv:2: unterminated quote opened on line 3: lines 2-3 skipped"]
        );
    }

    #[test]
    fn well_formed_quotes_are_text() {
        // Quoted multi-line fields, doubled quotes, a quote inside an unquoted field, CRLF.
        let text = "date,title,body\r\n2018-01-02,\"Q, T\",\"P1.\r\n\r\nP2 \"\"q\"\".\"\r\n2018-01-03,He said \"no,Body \"x\" y\r\n";
        let out = parse(Path::new("q.csv"), text, b',', &IngestOptions::default()).unwrap();
        assert!(out.problems.is_empty(), "{:?}", messages(&out));
        assert_eq!(
            bodies(&out),
            vec![
                (Some("Q, T"), "P1.\r\n\r\nP2 \"q\".", Some(2)),
                (Some("He said \"no"), "Body \"x\" y", Some(5)),
            ]
        );
    }

    #[test]
    fn na_cells_are_missing_and_titles_without_bodies_are_records() {
        let text =
            "date,title,body\nNA,A,NA\n2018-01-03,NA,Body B\n2018-01-04,NA,NA\n2018-01-05,,\n";
        let out = parse(Path::new("n.csv"), text, b',', &IngestOptions::default()).unwrap();
        assert!(out.problems.is_empty());
        assert_eq!(out.empty, 2);
        assert_eq!(
            bodies(&out),
            vec![(Some("A"), "", Some(2)), (None, "Body B", Some(3))]
        );
        assert_eq!(out.records[0].date, None);
        assert!(out.records[0].bad_date.is_none());
        // `--na ""`: NA is text again; `--na -`: `-` is missing, NA text.
        for (na, first) in [("", "NA"), ("-", "NA")] {
            let opts = IngestOptions {
                na: Some(vec![na.to_string()]),
                ..IngestOptions::default()
            };
            let out = parse(Path::new("n.csv"), "title,body\nA,NA\nB,-\n", b',', &opts).unwrap();
            assert_eq!(out.records[0].body, first);
            assert_eq!(out.records[1].body, if na == "-" { "" } else { "-" });
        }
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
