//! The records the parsers find ([`Record`], [`Parsed`]) and their cleaning and dating into
//! documents ([`finish_parsed`]), one input's output at a time ([`FileOutput`]), before
//! deduplication. The parsers are in `formats/`, the dispatch to them in `dispatch.rs`.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use dateline_core::{DocId, Document, Kind};

use crate::clean::{clean_body, clean_title, strip_controls};
use crate::dates::{fault_reason, in_window, nearest_day, BadDate, DateFault, DateFrom};
use crate::{error_page, IngestOptions, Problem};

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
    /// A page copy cut off mid-body (no end mark, last paragraph unfinished).
    pub truncated: bool,
    pub kind: Kind,
    /// 1-based line where the record starts (line-based formats).
    pub line: Option<u64>,
    /// 1-based record number (JSON).
    pub record: Option<u64>,
    /// The title is a field of its own (CSV, JSON): a record with a title and no body is a
    /// title-only document. In page copies and text files the title is only the first line,
    /// and a file without a body gives nothing.
    pub title_field: bool,
}

/// What a parser returns for one file.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub records: Vec<Record>,
    /// Records without any text.
    pub empty: u64,
    /// Records that could not be read (each named by a skipped problem).
    pub skipped: u64,
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
    pub skipped: u64,
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
    out.skipped = parsed.skipped;
    out.records = parsed.records.len() as u64 + parsed.empty + parsed.skipped;
    let mut nothing_skipped = nothing_skipped;
    // Slash dates of unknown order: one warning for the file, not one per record.
    let mut ambiguous: (u64, Option<String>) = (0, None);
    for r in parsed.records {
        let len = r.body.len() + r.title.as_ref().map_or(0, String::len);
        if let Err(reason) = opts.limits.check_doc(len) {
            // A record refused for its size: a record read, and skipped.
            let mut p = Problem::new(path, reason);
            p.line = r.line;
            p.record = if r.line.is_none() { r.record } else { None };
            out.problems.push(p);
            out.skipped += 1;
            nothing_skipped = false;
            continue;
        }
        if structured && r.body.len() <= error_page::MAX_RAW_BYTES {
            let whole = format!("{}\n{}", r.title.as_deref().unwrap_or(""), r.body);
            if let Some(what) = error_page::detect(&whole) {
                // Skipped like a bad row: a record read, and skipped.
                let mut p = warn(path, &r, format!("error page ({what})"));
                p.skipped = true;
                out.problems.push(p);
                out.skipped += 1;
                nothing_skipped = false;
                continue;
            }
        }
        if let Some(b) = r
            .bad_date
            .as_ref()
            .filter(|b| b.fault == DateFault::Ambiguous)
        {
            ambiguous.0 += 1;
            ambiguous.1.get_or_insert_with(|| b.text.clone());
        }
        match finish(path, r, opts, &mut out.problems) {
            Some(d) => out.docs.push(d),
            None => out.empty += 1,
        }
    }
    if let (n, Some(example)) = ambiguous {
        let reason = if n == 1 {
            fault_reason("date", &example, DateFault::Ambiguous)
        } else {
            format!("{n} ambiguous slash dates such as `{example}` not read (give --date-order dmy or mdy)")
        };
        out.problems.push(Problem::new(path, reason).warning());
    }
    if out.docs.is_empty() && nothing_skipped {
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
    // Control characters never reach the corpus: removed here, for every reader.
    let (raw_title, c_title) = match r.title.as_deref() {
        Some(t) => {
            let (t, c) = strip_controls(t);
            (Some(t), c)
        }
        None => (None, Vec::new()),
    };
    let (raw_body, c_body) = strip_controls(&r.body);
    let mut controls: Vec<char> = c_title.into_iter().chain(c_body).collect();
    let title = raw_title
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
    let mut cleaned = clean_body(&raw_body, title.as_deref(), rodong, copts);
    let mut byline = cleaned.byline.take();
    if let Some(b) = r.byline.as_deref().map(|b| {
        let (b, c) = strip_controls(b);
        controls.extend(c);
        clean_title(&b, copts)
    }) {
        if !b.is_empty() {
            if copts.byline {
                if let Some(rest) = cleaned.body.strip_suffix(b.as_str()) {
                    cleaned.body = rest.trim_end().to_string();
                }
            }
            byline = Some(b);
        }
    }
    let mut flags: Vec<&'static str> = Vec::new();
    if cleaned.body.is_empty() {
        if !(r.title_field && title.is_some()) {
            return None;
        }
        // A headline without a story (headline datasets): kept, body empty, flagged.
        flags.push("title_only");
    }
    if !controls.is_empty() {
        flags.push("control_chars");
        let mut kinds: Vec<char> = controls.clone();
        kinds.sort_unstable();
        kinds.dedup();
        let named: Vec<String> = kinds
            .iter()
            .take(4)
            .map(|c| format!("U+{:04X}", u32::from(*c)))
            .collect();
        let more = if kinds.len() > 4 { ", …" } else { "" };
        let n = controls.len();
        let s = if n == 1 { "" } else { "s" };
        problems.push(warn(
            path,
            &r,
            format!(
                "{n} control character{s} removed ({}{more})",
                named.join(", ")
            ),
        ));
    }
    if r.truncated {
        flags.push("truncated");
    }
    if let Some(b) = r
        .bad_date
        .as_ref()
        .filter(|b| b.fault != DateFault::Ambiguous)
    {
        let mut p = warn(path, &r, b.reason());
        if b.line.is_some() {
            (p.line, p.record) = (b.line, None);
        }
        problems.push(p);
    }
    let date = choose_date(path, &r, &cleaned, opts.date_from, &mut flags, problems);
    let place = cleaned.dateline.as_ref().and_then(|d| d.place.clone());
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

/// The date a document takes (see [`DateFrom`]), every candidate checked against the plausible
/// window; flags `date_from_filename` and `date_mismatch` (the dateline, or the end line, says
/// another day than the record).
fn choose_date(
    path: &Path,
    r: &Record,
    cleaned: &crate::clean::CleanBody,
    from: DateFrom,
    flags: &mut Vec<&'static str>,
    problems: &mut Vec<Problem>,
) -> Option<NaiveDate> {
    // `auto`: the record's date (its field, `Date:` line, URL or parent, else the file name as
    // the reader fell back to it), else the end line.
    let mut auto = r.date;
    let mut auto_src = if r.date_from_filename {
        "file-name"
    } else {
        "record"
    };
    match (r.date, cleaned.end_date) {
        (None, Some(e)) => (auto, auto_src) = (Some(e), "end-line"),
        (Some(d), Some(e)) if d != e => {
            flags.push("date_mismatch");
            problems.push(warn(
                path,
                r,
                format!("date mismatch: record says `{d}`, end line says `{e}`"),
            ));
        }
        _ => {}
    }
    let mut checked = |d: Option<NaiveDate>, src: &str| -> Option<NaiveDate> {
        let d = d?;
        match in_window(d) {
            Ok(d) => Some(d),
            Err(fault) => {
                let noun = if src == "record" {
                    "date".to_string()
                } else {
                    format!("{src} date")
                };
                problems.push(warn(path, r, fault_reason(&noun, &d.to_string(), fault)));
                None
            }
        }
    };
    let auto = checked(auto, auto_src);
    let dateline = cleaned.dateline.as_ref().and_then(|dl| match dl.year {
        Some(y) => NaiveDate::from_ymd_opt(y, dl.month, dl.day),
        None => auto.and_then(|a| nearest_day(dl.month, dl.day, a)),
    });
    if let (Some(d), Some(dl)) = (auto, cleaned.dateline.as_ref()) {
        let year_ok = dl.year.is_none_or(|y| y == d.year());
        if (d.month(), d.day()) != (dl.month, dl.day) || !year_ok {
            // Routine (the dateline gives the event day, often a day or two before the
            // publication date): flagged, not reported as a problem.
            flags.push("date_mismatch");
        }
    }
    let from_name = auto_src == "file-name" && auto.is_some();
    let (date, named) = match from {
        DateFrom::Auto => (auto, from_name),
        DateFrom::Field => (auto.filter(|_| !from_name), false),
        DateFrom::Dateline => match dateline.and_then(|d| in_window(d).ok()) {
            Some(d) => (Some(d), false),
            None => (auto, from_name),
        },
        DateFrom::Filename => {
            let d = checked(date_in_file_name(path), "file-name");
            (d, d.is_some())
        }
    };
    if named {
        flags.push("date_from_filename");
    }
    date
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
