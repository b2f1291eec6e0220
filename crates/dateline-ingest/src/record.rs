//! One file → raw records → cleaned documents (before deduplication).

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use dateline_core::{DocId, Document, Kind};

use crate::clean::{clean_body, clean_title};
use crate::{decode, html, json, kcna_page, tabular, text, Format, IngestOptions, Problem};

/// A record as a parser found it: raw text and metadata.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub title: Option<String>,
    pub body: String,
    pub date: Option<NaiveDate>,
    pub date_from_filename: bool,
    pub url: Option<String>,
    pub source: Option<String>,
    pub byline: Option<String>,
    pub kind: Kind,
    /// 1-based line where the record starts (line-based formats).
    pub line: Option<u64>,
    /// 1-based record number (JSON).
    pub record: Option<u64>,
}

/// What a parser returns for one file.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub records: Vec<Record>,
    /// Records without any text.
    pub empty: u64,
    /// Skipped lines/records and warnings.
    pub problems: Vec<Problem>,
}

/// One file's cleaned documents and accounting.
#[derive(Debug, Default)]
pub(crate) struct FileOutput {
    pub docs: Vec<Document>,
    pub problems: Vec<Problem>,
    pub read: bool,
    pub bytes: u64,
    pub records: u64,
    pub empty: u64,
}

/// Reads, parses and cleans one file. Never fails: failures become problems.
pub(crate) fn read_file(path: &Path, opts: &IngestOptions) -> FileOutput {
    match std::fs::read(path) {
        Ok(bytes) => read_bytes(path, bytes, opts),
        Err(source) => FileOutput {
            problems: vec![crate::IngestError::Io {
                path: path.to_path_buf(),
                source,
            }
            .to_problem()],
            ..FileOutput::default()
        },
    }
}

/// Parses and cleans the bytes of one input named `path`.
pub(crate) fn read_bytes(path: &Path, bytes: Vec<u8>, opts: &IngestOptions) -> FileOutput {
    let mut out = FileOutput::default();
    let decoded = match decode::decode_bytes(path, bytes) {
        Ok(d) => d,
        Err(e) => {
            out.problems.push(e.to_problem());
            return out;
        }
    };
    out.bytes = decoded.bytes;
    if decoded.text.trim().is_empty() {
        // Only white space: as empty as a zero-byte file.
        out.problems.push(
            crate::IngestError::Empty {
                path: path.to_path_buf(),
            }
            .to_problem(),
        );
        return out;
    }
    out.problems.extend(decoded.warnings);
    let format = opts
        .format
        .unwrap_or_else(|| Format::detect(&decoded.logical, &decoded.text));
    let parsed = match format {
        Format::Kcna => Ok(kcna_page::parse(&decoded.text)
            .unwrap_or_else(|| text::parse(&decoded.text, &decoded.logical))),
        Format::Text => Ok(text::parse(&decoded.text, &decoded.logical)),
        Format::Json => json::parse(path, &decoded.text, opts),
        Format::Jsonl => Ok(json::parse_lines(path, &decoded.text, opts)),
        Format::Csv => tabular::parse(path, &decoded.text, b',', opts),
        Format::Tsv => tabular::parse(path, &decoded.text, b'\t', opts),
        Format::Html => html::parse(path, &decoded.text),
    };
    let parsed = match parsed {
        Ok(p) => p,
        Err(e) => {
            out.problems.push(e.to_problem());
            return out;
        }
    };
    out.read = true;
    let nothing_skipped = parsed.problems.iter().all(|p| !p.skipped);
    out.problems.extend(parsed.problems);
    out.empty = parsed.empty;
    out.records = parsed.records.len() as u64 + parsed.empty;
    for r in parsed.records {
        match finish(path, r, opts, &mut out.problems) {
            Some(d) => out.docs.push(d),
            None => out.empty += 1,
        }
    }
    if out.docs.is_empty() && nothing_skipped {
        // A file that parsed but held nothing to read: for a text or page copy (whitespace, a
        // headline without a body) the file is skipped; a data file whose records are all empty
        // (a day with no articles) is read correctly and only gets a warning.
        let structured = matches!(
            format,
            Format::Json | Format::Jsonl | Format::Csv | Format::Tsv
        );
        let p = Problem::new(path, "no article text found");
        out.problems.push(if structured { p.warning() } else { p });
    }
    out
}

/// `Rodong Sinmun` or `KCNA` from a URL host.
fn source_from_url(url: &str) -> Option<&'static str> {
    if url.contains("rodong.rep.kp") {
        Some("Rodong Sinmun")
    } else if url.contains("kcna.kp") || url.contains("kcna.co.jp") {
        Some("KCNA")
    } else {
        None
    }
}

fn origin(path: &Path, r: &Record) -> String {
    match (r.line, r.record) {
        (Some(l), _) => format!("{}:{l}", path.display()),
        (None, Some(n)) => format!("{}#{n}", path.display()),
        (None, None) => path.display().to_string(),
    }
}

fn warn(path: &Path, r: &Record, reason: String) -> Problem {
    let mut p = Problem::new(path, reason).warning();
    p.line = r.line;
    p.record = if r.line.is_none() { r.record } else { None };
    p
}

/// Cleans a record into a document; `None` when nothing of the body is left.
pub(crate) fn finish(
    path: &Path,
    r: Record,
    opts: &IngestOptions,
    problems: &mut Vec<Problem>,
) -> Option<Document> {
    let copts = opts.clean;
    let title = r
        .title
        .as_deref()
        .map(|t| clean_title(t, copts))
        .filter(|t| !t.is_empty());
    let source = opts
        .source
        .clone()
        .or_else(|| r.source.clone())
        .or_else(|| {
            r.url
                .as_deref()
                .and_then(source_from_url)
                .map(str::to_string)
        });
    let rodong = source.as_deref().is_some_and(|s| s.contains("Rodong"));
    let mut cleaned = clean_body(&r.body, title.as_deref(), rodong, copts);
    let mut byline = cleaned.byline.take();
    if let Some(b) = r.byline.as_deref().map(|b| clean_title(b, copts)) {
        if !b.is_empty() {
            if copts.byline {
                if let Some(rest) = cleaned.body.strip_suffix(b.as_str()) {
                    cleaned.body = rest.trim_end().to_string();
                }
            }
            byline = Some(b);
        }
    }
    if cleaned.body.is_empty() {
        return None;
    }
    let mut flags: Vec<&'static str> = Vec::new();
    let mut date = r.date;
    if r.date_from_filename {
        flags.push("date_from_filename");
    }
    match (date, cleaned.end_date) {
        (None, Some(e)) => date = Some(e),
        (Some(d), Some(e)) if d != e => {
            flags.push("date_mismatch");
            problems.push(warn(
                path,
                &r,
                format!("date mismatch: record says `{d}`, end line says `{e}`"),
            ));
        }
        _ => {}
    }
    if let Some(d) = date {
        let tomorrow = chrono::Local::now().date_naive() + chrono::Duration::days(1);
        if d > tomorrow {
            problems.push(warn(path, &r, format!("date `{d}` is in the future")));
        }
    }
    let place = cleaned.dateline.as_ref().and_then(|d| d.place.clone());
    if let (Some(d), Some(dl)) = (date, cleaned.dateline.as_ref()) {
        let year_ok = dl.year.is_none_or(|y| y == d.year());
        if (d.month(), d.day()) != (dl.month, dl.day) || !year_ok {
            // Routine (the dateline gives the event day, often a day or two before the
            // publication date): flagged, not reported as a problem.
            flags.push("date_mismatch");
        }
    }
    if date.is_none() {
        flags.push("no_date");
    }
    let body = cleaned.body;
    if body.contains('\u{fffd}') || title.as_deref().is_some_and(|t| t.contains('\u{fffd}')) {
        flags.push("replacement_char");
    }
    flags.sort_unstable();
    flags.dedup();
    let doc_id = DocId::of_text(title.as_deref().unwrap_or(""), &body);
    Some(Document {
        doc_id,
        date,
        lang: String::new(),
        n_chars: body.chars().count() as u64,
        title,
        body,
        source,
        url: r.url.clone(),
        place,
        byline,
        kind: r.kind,
        flags: flags.into_iter().map(str::to_string).collect(),
        origin: origin(path, &r),
        copies: 1,
    })
}

/// The file name's date, for formats that fall back to it.
pub(crate) fn date_in_file_name(path: &Path) -> Option<NaiveDate> {
    path.file_name()
        .and_then(|n| n.to_str())
        .and_then(crate::dates::in_name)
}
