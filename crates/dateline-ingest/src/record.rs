//! One file → raw records → cleaned documents (before deduplication).

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use dateline_core::{DocId, Document, Kind};

use crate::archive::{self, Archive};
use crate::clean::{clean_body, clean_title};
use crate::dates::BadDate;
use crate::{decode, html, json, kcna_page, rdata, tabular, text, Format, IngestOptions, Problem};

/// A record as a parser found it: raw text and metadata.
#[allow(clippy::struct_field_names)]
#[derive(Debug, Clone, Default)]
pub(crate) struct Record {
    pub title: Option<String>,
    pub body: String,
    pub date: Option<NaiveDate>,
    pub date_from_filename: bool,
    /// The record's own date as written, when it could not be read (the record then takes its
    /// date from the next source, or stays undated).
    pub bad_date: Option<BadDate>,
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

/// One input's cleaned documents and accounting (a file, an archive member, an R object).
#[derive(Debug, Default)]
pub(crate) struct FileOutput {
    pub docs: Vec<Document>,
    pub problems: Vec<Problem>,
    pub read: bool,
    pub bytes: u64,
    pub records: u64,
    pub empty: u64,
    /// Inputs found inside this file beyond the file itself (members of an archive, objects of
    /// an R workspace), ignored ones included.
    pub extra_seen: u64,
    /// Of those, members skipped silently as in a folder walk (hidden, ignored extension).
    pub ignored: u64,
}

impl FileOutput {
    /// An input that could not be read, with its one problem.
    pub(crate) fn failed(e: &crate::IngestError) -> FileOutput {
        FileOutput {
            problems: vec![e.to_problem()],
            ..FileOutput::default()
        }
    }
}

/// Reads, parses and cleans one file (an archive or an R workspace gives one output per member
/// or object). Never fails: failures become problems. A file over the input limit is refused
/// before it is read.
pub(crate) fn read_file(path: &Path, opts: &IngestOptions) -> Vec<FileOutput> {
    let io = |source| crate::IngestError::Io {
        path: path.to_path_buf(),
        source,
    };
    let limits = &opts.limits;
    let raw = std::fs::File::open(path).map_err(io).and_then(|f| {
        let size = f.metadata().map_or(0, |m| m.len());
        if size > limits.max_input_bytes {
            return Err(limits.too_large(path, false));
        }
        limits.read_all(path, f, size, false, io)
    });
    match raw {
        Ok(bytes) => read_input(path, bytes, opts, 0),
        Err(e) => vec![FileOutput::failed(&e)],
    }
}

/// Parses and cleans the bytes of one input named `path` (standard input, say).
pub(crate) fn read_bytes(path: &Path, bytes: Vec<u8>, opts: &IngestOptions) -> Vec<FileOutput> {
    read_input(path, bytes, opts, 0)
}

/// The one path every input takes: decompression (bounded), then an archive's members, an R
/// workspace's objects, or text. `depth` is 1 inside an archive.
pub(crate) fn read_input(
    path: &Path,
    raw: Vec<u8>,
    opts: &IngestOptions,
    depth: u8,
) -> Vec<FileOutput> {
    let stored = raw.len() as u64;
    if raw.is_empty() {
        return vec![FileOutput::failed(&crate::IngestError::Empty {
            path: path.to_path_buf(),
        })];
    }
    let logical = decode::logical_path(path);
    // A zip is read member by member from its own bytes; anything else is decompressed first.
    let data = if Archive::of(&raw, &logical) == Some(Archive::Zip) {
        raw
    } else {
        match decode::decompress(path, raw, &opts.limits) {
            Ok(d) => d,
            Err(e) => return vec![FileOutput::failed(&e)],
        }
    };
    if let Some(kind) = Archive::of(&data, &logical) {
        return archive::read(path, kind, data, stored, depth, opts);
    }
    if rdata::is_rdata(&data) {
        return rdata::read(path, &data, stored, opts);
    }
    if rdata::named_rdata(&logical) {
        return vec![FileOutput::failed(&crate::IngestError::Unsupported {
            path: path.to_path_buf(),
            reason: "not R data (no RDX2/RDX3 or XDR header)".into(),
        })];
    }
    let decoded = match decode::decode_text(path, data, stored) {
        Ok(d) => d,
        Err(e) => return vec![FileOutput::failed(&e)],
    };
    vec![read_text(path, decoded, opts)]
}

/// Parses and cleans one decoded text.
fn read_text(path: &Path, mut decoded: decode::Decoded, opts: &IngestOptions) -> FileOutput {
    let mut out = FileOutput {
        bytes: decoded.bytes,
        ..FileOutput::default()
    };
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
    out.problems.append(&mut decoded.warnings);
    let format = opts
        .format
        .unwrap_or_else(|| Format::detect(&decoded.logical, &decoded.text));
    let structured = matches!(
        format,
        Format::Json | Format::Jsonl | Format::Csv | Format::Tsv
    );
    if !structured {
        // One document per file: refused before it is parsed and cleaned.
        if let Err(reason) = opts.limits.check_doc(decoded.text.len()) {
            out.problems.push(Problem::new(path, reason));
            return out;
        }
    }
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
    drop(decoded);
    match parsed {
        Ok(p) => finish_parsed(path, p, structured, opts, out),
        Err(e) => {
            out.problems.push(e.to_problem());
            out
        }
    }
}

/// Cleans the records a parser found into `out`: each record over the document limit is
/// skipped with its place, the others cleaned.
pub(crate) fn finish_parsed(
    path: &Path,
    parsed: Parsed,
    structured: bool,
    opts: &IngestOptions,
    mut out: FileOutput,
) -> FileOutput {
    out.read = true;
    let nothing_skipped = parsed.problems.iter().all(|p| !p.skipped);
    out.problems.extend(parsed.problems);
    out.empty = parsed.empty;
    out.records = parsed.records.len() as u64 + parsed.empty;
    let mut too_large = 0;
    for r in parsed.records {
        let len = r.body.len() + r.title.as_ref().map_or(0, String::len);
        if let Err(reason) = opts.limits.check_doc(len) {
            let mut p = Problem::new(path, reason);
            p.line = r.line;
            p.record = if r.line.is_none() { r.record } else { None };
            out.problems.push(p);
            too_large += 1;
            continue;
        }
        match finish(path, r, opts, &mut out.problems) {
            Some(d) => out.docs.push(d),
            None => out.empty += 1,
        }
    }
    // A record refused for its size is a skipped record, not a record read.
    out.records -= too_large;
    if out.docs.is_empty() && nothing_skipped && too_large == 0 {
        // A file that parsed but held nothing to read: for a text or page copy (whitespace, a
        // headline without a body) the file is skipped; a data file whose records are all empty
        // (a day with no articles) is read correctly and only gets a warning.
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
    if let Some(b) = &r.bad_date {
        let mut p = warn(path, &r, b.reason());
        if b.line.is_some() {
            (p.line, p.record) = (b.line, None);
        }
        problems.push(p);
    }
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

#[cfg(test)]
mod tests {
    use crate::{ingest_bytes, IngestOptions, Ingested};

    fn page(date: &str, end: &str) -> Vec<u8> {
        format!("February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\nMeeting Held\n\nDate: {date} | Source: KCNA.kp (En) | Read original version at source\n\nPyongyang, March 1 (KCNA) -- A meeting was held. -0-\n\nwww.kcna.kp ({end})\n").into_bytes()
    }

    fn run(name: &str, bytes: Vec<u8>) -> Ingested {
        ingest_bytes(name.as_ref(), bytes, &IngestOptions::default())
    }

    fn messages(out: &Ingested) -> Vec<(String, bool)> {
        out.report
            .problems
            .iter()
            .map(|p| (p.message(), p.skipped))
            .collect()
    }

    #[test]
    fn impossible_date_line_and_end_line_leave_the_page_undated() {
        let out = run("p.txt", page("30/02/2024", "2024.02.30."));
        assert_eq!(
            messages(&out),
            vec![(
                "p.txt:6: date `30/02/2024` does not exist".to_string(),
                false
            )]
        );
        let doc = &out.documents[0];
        assert_eq!(doc.date, None);
        assert_eq!(doc.flags, vec!["no_date".to_string()]);
        assert_eq!(doc.body, "A meeting was held.");
        assert_eq!(out.report.undated, 1);
    }

    #[test]
    fn impossible_date_line_falls_back_to_the_end_line() {
        let out = run("p.txt", page("30/02/2024", "2024.03.01."));
        assert_eq!(
            messages(&out),
            vec![(
                "p.txt:6: date `30/02/2024` does not exist".to_string(),
                false
            )]
        );
        let doc = &out.documents[0];
        assert_eq!(doc.date.unwrap().to_string(), "2024-03-01");
        assert!(doc.flags.is_empty(), "{:?}", doc.flags);
    }

    #[test]
    fn two_digit_year_in_a_page_copy() {
        let out = run("p.txt", page("01/03/24", "2024.03.01."));
        assert_eq!(
            messages(&out),
            vec![("p.txt:6: unreadable date `01/03/24`".to_string(), false)]
        );
        let doc = &out.documents[0];
        assert_eq!(doc.title.as_deref(), Some("Meeting Held"));
        assert_eq!(doc.date.unwrap().to_string(), "2024-03-01");
    }

    #[test]
    fn plain_text_date_line_that_is_not_a_date() {
        // Not a page copy's `Date: DD/MM/YYYY` line, so read as plain text. No end line: the
        // file name gives the date; the `Date:` line leaves the body.
        let out = run(
            "2024-03-01-talks.txt",
            b"Talks Held\n\nDate: 2024-04-31\n\nTalks were held.\n".to_vec(),
        );
        assert_eq!(
            messages(&out),
            vec![(
                "2024-03-01-talks.txt:3: date `2024-04-31` does not exist".to_string(),
                false
            )]
        );
        let doc = &out.documents[0];
        assert_eq!(doc.date.unwrap().to_string(), "2024-03-01");
        assert_eq!(doc.flags, vec!["date_from_filename".to_string()]);
        assert_eq!(doc.body, "Talks were held.");
        // Without a date in the name: undated.
        let out = run(
            "talks.txt",
            b"Talks Held\n\nDate: 13.07.25\n\nTalks were held.\n".to_vec(),
        );
        assert_eq!(
            messages(&out),
            vec![("talks.txt:3: unreadable date `13.07.25`".to_string(), false)]
        );
        assert_eq!(out.documents[0].body, "Talks were held.");
        assert_eq!(out.documents[0].flags, vec!["no_date".to_string()]);
        // A `Date:` line without a number is text, not a date.
        let out = run(
            "talks.txt",
            b"Talks Held\n\nDate: to be announced\n\nTalks were held.\n".to_vec(),
        );
        assert!(out.report.problems.is_empty());
    }

    #[test]
    fn json_jsonl_and_csv_dates_that_cannot_be_read() {
        let out = run(
            "a.json",
            br#"[{"title": "A", "date": "2024-02-30", "text": "Body A."}, {"title": "B", "date": "2024-02-30", "date_str": "2024-02-29", "text": "Body B."}, {"title": "C", "date": null, "text": "Body C."}]"#.to_vec(),
        );
        assert_eq!(
            messages(&out),
            vec![(
                "a.json: record 1: date `2024-02-30` does not exist".to_string(),
                false
            )]
        );
        let mut dates: Vec<(Option<&str>, Option<String>, Vec<String>)> = out
            .documents
            .iter()
            .map(|d| {
                (
                    d.title.as_deref(),
                    d.date.map(|d| d.to_string()),
                    d.flags.clone(),
                )
            })
            .collect();
        dates.sort();
        assert_eq!(
            dates,
            vec![
                (Some("A"), None, vec!["no_date".to_string()]),
                (Some("B"), Some("2024-02-29".to_string()), vec![]),
                (Some("C"), None, vec!["no_date".to_string()]),
            ]
        );
        let out = run(
            "a.jsonl",
            b"{\"title\": \"A\", \"date\": \"13/07/25\", \"url\": \"http://x/2025-07-13-a\", \"text\": \"Body A.\"}\n".to_vec(),
        );
        assert_eq!(
            messages(&out),
            vec![("a.jsonl:1: unreadable date `13/07/25`".to_string(), false)]
        );
        // The URL still dates it.
        assert_eq!(out.documents[0].date.unwrap().to_string(), "2025-07-13");
        let out = run(
            "a.csv",
            b"date,title,text\n13/07/25,A,Body A.\n2024-02-30,B,Body B.\n,C,Body C.\n".to_vec(),
        );
        assert_eq!(
            messages(&out),
            vec![
                ("a.csv:2: unreadable date `13/07/25`".to_string(), false),
                (
                    "a.csv:3: date `2024-02-30` does not exist".to_string(),
                    false
                ),
            ]
        );
        assert_eq!(out.report.undated, 3);
        assert!(out.documents.iter().all(|d| d.flags == ["no_date"]));
    }
}
