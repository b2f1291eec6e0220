//! Plain text: one article per file.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::dates::{check_date, BadDate, DateOrder};
use crate::record::{date_in_file_name, Parsed, Record};

static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Date:\s*([^|]+?)\s*(?:\|.*)?$").expect("valid regex"));

/// The longest first line taken as a title.
const MAX_TITLE_CHARS: usize = 150;

/// Parses a plain-text article: the first non-empty line is the title when it is short and more
/// text follows; the date comes from a `Date:` line, else the `www.kcna.kp (…)` end line (read
/// during cleaning), else a date in the file name (flag `date_from_filename`). A `Date:` line
/// that cannot be read is reported as a warning on the document.
pub(crate) fn parse(text: &str, path: &Path, order: Option<DateOrder>) -> Parsed {
    let lines: Vec<&str> = text.lines().collect();
    let mut date = None;
    let mut date_line = None;
    // The first `Date:` line holding a number that is not a date (`30/02/2024`, `13/07/25`):
    // reported, and taken out of the body like a readable one, when no `Date:` line is readable.
    let mut bad = None;
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = DATE_LINE.captures(l.trim()) {
            match check_date(&c[1], order) {
                Ok(d) => {
                    date = Some(d);
                    date_line = Some(i);
                    break;
                }
                Err(fault) if bad.is_none() && c[1].bytes().any(|b| b.is_ascii_digit()) => {
                    bad = BadDate::new(&c[1], fault).map(|b| (i, b.at_line(i as u64 + 1)));
                }
                Err(_) => {}
            }
        }
    }
    let mut bad_date = None;
    if date.is_none() {
        if let Some((i, b)) = bad {
            date_line = Some(i);
            bad_date = Some(b);
        }
    }
    let first = lines
        .iter()
        .enumerate()
        .position(|(i, l)| !l.trim().is_empty() && Some(i) != date_line);
    let mut title = None;
    let mut title_line = None;
    if let Some(f) = first {
        let t = lines[f].trim();
        let more = lines[f + 1..]
            .iter()
            .enumerate()
            .any(|(j, l)| !l.trim().is_empty() && Some(f + 1 + j) != date_line);
        if more && t.chars().count() <= MAX_TITLE_CHARS {
            title = Some(t.to_string());
            title_line = Some(f);
        }
    }
    let body: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| Some(*i) != title_line && Some(*i) != date_line)
        .map(|(_, l)| *l)
        .collect();
    let mut from_name = false;
    let has_end_line = text.contains("www.kcna.kp (");
    if date.is_none() && !has_end_line {
        date = date_in_file_name(path);
        from_name = date.is_some();
    }
    if body.iter().all(|l| l.trim().is_empty()) {
        return Parsed {
            empty: 1,
            ..Parsed::default()
        };
    }
    Parsed {
        records: vec![Record {
            title,
            body: body.join("\n"),
            date,
            bad_date,
            date_from_filename: from_name,
            line: Some(first.unwrap_or(0) as u64 + 1),
            ..Record::default()
        }],
        ..Parsed::default()
    }
}
