//! KCNA Watch page copies: capture line, source line, title, `Date:` line, body, end marks,
//! then "More From …" teasers up to "More Articles".

use std::sync::LazyLock;

use chrono::NaiveDate;
use dateline_core::Kind;
use regex::Regex;

use crate::dates::{check_date, parse_date, BadDate};
use crate::record::{Parsed, Record};

static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Date:\s*(\d{1,2}/\d{1,2}/\d{2,4})\s*(?:\|\s*Source:\s*([^|]*?)\s*(?:\|.*)?)?$")
        .expect("valid regex")
});

/// The capture line at the top of a page copy (`February 17, 2026Feb 17, 2026`).
static CAPTURE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}").expect("valid regex"));

/// True when `text` has a KCNA Watch `Date: DD/MM/YYYY | Source:` line or source line near its
/// top.
pub(crate) fn looks_like_page_copy(text: &str) -> bool {
    text.lines().take(40).any(|l| {
        let l = l.trim();
        DATE_LINE.is_match(l) || l == "KCNA KCNA.kp (En)"
    })
}

/// `KCNA KCNA.kp (En)` → `KCNA`; `KCNA.kp (En)` → `KCNA`.
fn source_name(line: &str) -> Option<String> {
    let first = line.split_whitespace().next()?;
    let name = first.split('.').next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Parses one page copy. A copy holding only the page header (capture and source lines) and
/// "More From" teasers gives its teasers and no article. Returns `None` when it has neither a
/// `Date:` line nor that shape (the caller then reads the file as plain text).
pub(crate) fn parse(text: &str) -> Option<Parsed> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let Some(d) = lines
        .iter()
        .take(60)
        .position(|l| DATE_LINE.is_match(l.trim()))
    else {
        return teasers_only(&lines);
    };
    let caps = DATE_LINE.captures(lines[d].trim())?;
    // An impossible day (`30/02/2024`) or a two-digit year (`13/07/25`, a century is never
    // guessed) leaves the article to the end line's date, or undated; a warning names it.
    let (date, bad_date) = match check_date(&caps[1]) {
        Ok(date) => (Some(date), None),
        Err(fault) => (
            None,
            BadDate::new(&caps[1], fault).map(|b| b.at_line(d as u64 + 1)),
        ),
    };
    let source_from_date = caps.get(2).and_then(|m| source_name(m.as_str()));
    let mut before = (0..d).rev().filter(|&i| !lines[i].trim().is_empty());
    // No headline above the `Date:` line: not a page copy (read as plain text instead).
    let title_idx = before.next()?;
    let source_idx = before.next();
    let title = Some(lines[title_idx].trim().to_string());
    let source = source_idx
        .and_then(|i| {
            let l = lines[i].trim();
            (l.contains("(En)") || l.contains(".kp") || l.split_whitespace().count() <= 4)
                .then(|| source_name(l))
                .flatten()
        })
        .or(source_from_date);
    let more = (d + 1..lines.len()).find(|&i| lines[i].trim().starts_with("More From"));
    let body_end = more.unwrap_or(lines.len());
    let body = lines[d + 1..body_end].join("\n");
    let mut records = vec![Record {
        title,
        body,
        date,
        bad_date,
        line: Some(title_idx as u64 + 1),
        source: source.clone(),
        ..Record::default()
    }];
    if let Some(m) = more {
        records.extend(teasers(&lines, m + 1, source.as_ref()));
    }
    Some(Parsed {
        records,
        ..Parsed::default()
    })
}

/// A page copy without an article: nothing but the capture line and the source line before
/// "More From". Gives the teasers only (none when they cannot be read: the file then holds no
/// article text).
fn teasers_only(lines: &[&str]) -> Option<Parsed> {
    let more = lines
        .iter()
        .take(60)
        .position(|l| l.trim().starts_with("More From"))?;
    let mut source = None;
    for l in lines[..more]
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
    {
        if l.contains(".kp (") {
            source = source_name(l);
        } else if !CAPTURE_LINE.is_match(l) {
            return None;
        }
    }
    let source = source.or_else(|| source_name(lines[more].trim().trim_start_matches("More From")));
    Some(Parsed {
        records: teasers(lines, more + 1, source.as_ref()),
        ..Parsed::default()
    })
}

/// Teasers: title, title again, lead, date line, lead again; until "More Articles".
fn teasers(lines: &[&str], start: usize, source: Option<&String>) -> Vec<Record> {
    let idx: Vec<usize> = (start..lines.len())
        .take_while(|&i| lines[i].trim() != "More Articles")
        .filter(|&i| !lines[i].trim().is_empty())
        .collect();
    let line = |k: usize| lines[idx[k]].trim();
    let mut out = Vec::new();
    let mut k = 0;
    while k + 3 < idx.len() {
        let is_date = |k: usize| -> Option<NaiveDate> { parse_date(line(k)) };
        if line(k) == line(k + 1) {
            if let Some(date) = is_date(k + 3) {
                out.push(Record {
                    title: Some(line(k).to_string()),
                    body: line(k + 2).to_string(),
                    date: Some(date),
                    line: Some(idx[k] as u64 + 1),
                    source: source.cloned(),
                    kind: Kind::Teaser,
                    ..Record::default()
                });
                k += if k + 4 < idx.len() && line(k + 4) == line(k + 2) {
                    5
                } else {
                    4
                };
                continue;
            }
        }
        k += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\nTalks Held\n\nDate: 13/07/2025 | Source: KCNA.kp (En) | Read original version at source\n\nPyongyang, July 13 (KCNA) -- Talks. -0-\n\nwww.kcna.kp (2025.07.13.)\n\nMore From KCNA.kp (En)\n\nA Teaser\n\nA Teaser\n\nPyongyang, February 17 (KCNA) -- Lead\n\nFebruary 17, 2026\n\nPyongyang, February 17 (KCNA) -- Lead\n\nB Teaser\n\nB Teaser\n\nLead B\n\nFebruary 16, 2026\n\nLead B\n\nMore Articles\n";

    #[test]
    fn page_and_teasers() {
        assert!(looks_like_page_copy(PAGE));
        let p = parse(PAGE).unwrap();
        assert_eq!(p.records.len(), 3);
        let a = &p.records[0];
        assert_eq!(a.title.as_deref(), Some("Talks Held"));
        assert_eq!(a.source.as_deref(), Some("KCNA"));
        assert_eq!(a.date, NaiveDate::from_ymd_opt(2025, 7, 13));
        assert_eq!(a.line, Some(4));
        assert_eq!(
            a.body.trim(),
            "Pyongyang, July 13 (KCNA) -- Talks. -0-\n\nwww.kcna.kp (2025.07.13.)"
        );
        let t = &p.records[1];
        assert_eq!(t.kind, Kind::Teaser);
        assert_eq!(t.title.as_deref(), Some("A Teaser"));
        assert_eq!(t.body, "Pyongyang, February 17 (KCNA) -- Lead");
        assert_eq!(t.date, NaiveDate::from_ymd_opt(2026, 2, 17));
        assert_eq!(t.line, Some(14));
        assert_eq!(p.records[2].date, NaiveDate::from_ymd_opt(2026, 2, 16));
        assert_eq!(p.records[2].body, "Lead B");
    }

    #[test]
    fn teasers_only_page_has_no_article() {
        let page = "February 17, 2026Feb 17, 2026\nKCNA KCNA.kp (En)\n\nMore From KCNA.kp (En)\n\nA Teaser\n\nA Teaser\n\nPyongyang, February 17 (KCNA) -- Lead\n\nFebruary 17, 2026\n\nPyongyang, February 17 (KCNA) -- Lead\n\nMore Articles\n";
        assert!(looks_like_page_copy(page));
        let p = parse(page).unwrap();
        assert_eq!(p.records.len(), 1);
        let t = &p.records[0];
        assert_eq!(t.kind, Kind::Teaser);
        assert_eq!(t.title.as_deref(), Some("A Teaser"));
        assert_eq!(t.body, "Pyongyang, February 17 (KCNA) -- Lead");
        assert_eq!(t.date, NaiveDate::from_ymd_opt(2026, 2, 17));
        assert_eq!(t.source.as_deref(), Some("KCNA"));
        assert_eq!(t.line, Some(6));
        // Nothing readable after "More From": no records at all.
        let bare = parse("KCNA KCNA.kp (En)\n\nMore From KCNA.kp (En)\n\nMore Articles\n").unwrap();
        assert!(bare.records.is_empty());
        // Text before "More From" that is not the page header: not this shape.
        assert!(
            parse("KCNA KCNA.kp (En)\n\nSome Headline\n\nBody.\n\nMore From KCNA.kp (En)\n")
                .is_none()
        );
    }

    #[test]
    fn no_date_line_is_not_a_page() {
        assert!(parse("Title\n\nBody\n").is_none());
    }
}
