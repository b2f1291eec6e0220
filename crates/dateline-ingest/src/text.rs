//! Plain text: one article per file.

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use crate::dates::parse_date;
use crate::record::{date_in_file_name, Parsed, Record};

static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^Date:\s*([^|]+?)\s*(?:\|.*)?$").expect("valid regex"));

/// The longest first line taken as a title.
const MAX_TITLE_CHARS: usize = 150;

/// Parses a plain-text article: the first non-empty line is the title when it is short and more
/// text follows; the date comes from a `Date:` line, else the `www.kcna.kp (…)` end line (read
/// during cleaning), else a date in the file name (flag `date_from_filename`).
pub(crate) fn parse(text: &str, path: &Path) -> Parsed {
    let lines: Vec<&str> = text.lines().collect();
    let mut date = None;
    let mut date_line = None;
    for (i, l) in lines.iter().enumerate() {
        if let Some(c) = DATE_LINE.captures(l.trim()) {
            if let Some(d) = parse_date(&c[1]) {
                date = Some(d);
                date_line = Some(i);
                break;
            }
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
            date_from_filename: from_name,
            line: Some(first.unwrap_or(0) as u64 + 1),
            ..Record::default()
        }],
        ..Parsed::default()
    }
}
