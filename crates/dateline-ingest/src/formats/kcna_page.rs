//! KCNA Watch page copies: capture line, source line, title, `Date:` line, body, end marks,
//! then "More From …" teasers up to "More Articles".

use std::sync::LazyLock;

use chrono::NaiveDate;
use dateline_core::Kind;
use regex::Regex;

use crate::dates::{check_date, parse_date, BadDate, DateOrder};
use crate::record::{Parsed, Record};

/// A page copy's `Date:` line, whatever the form of the date (`13/07/2025`, `2025-07-13`,
/// `July 13, 2025`): `Date: <date>` optionally followed by `| Source: <source> | …`.
static DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^Date:\s*([^|]*?\d[^|]*?)\s*(?:\|\s*Source:\s*([^|]*?)\s*(?:\|.*)?)?$")
        .expect("valid regex")
});

/// The KCNA Watch form of the `Date:` line's date (`13/07/2025`, also `13/07/25`).
static SLASH_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}/\d{1,2}/\d{2,4}$").expect("valid regex"));

/// The capture line at the top of a page copy (`February 17, 2026Feb 17, 2026`).
static CAPTURE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}").expect("valid regex"));

/// The whole capture line (one or two dates glued), as it is told from a title that starts with
/// a date (`March 1, 1919 Uprising Commemorated`).
static CAPTURE_WHOLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}){1,2}$").expect("valid regex")
});

/// The source line below it (`KCNA KCNA.kp (En)`, `Rodong Sinmun rodong.rep.kp (En)`).
fn is_source_line(l: &str) -> bool {
    l.split_whitespace().count() <= 5 && (l.contains(".kp (") || l == "KCNA KCNA.kp (En)")
}

/// True when `text` has a page copy's `Date:` line or source line near its top.
pub(crate) fn looks_like_page_copy(text: &str) -> bool {
    let top: Vec<&str> = text.lines().take(60).collect();
    date_line(&top).is_some() || top.iter().take(40).any(|l| l.trim() == "KCNA KCNA.kp (En)")
}

/// The index of the page's `Date:` line among its first 60 lines: a `Date:` line with a
/// `| Source:` part, or one in the KCNA Watch form `Date: DD/MM/YYYY`, or any `Date:` line
/// below a source line (`KCNA KCNA.kp (En)`).
fn date_line(lines: &[&str]) -> Option<usize> {
    let mut source_seen = false;
    for (i, l) in lines.iter().take(60).enumerate() {
        let l = l.trim();
        if is_source_line(l) {
            source_seen = true;
        }
        if let Some(c) = DATE_LINE.captures(l) {
            if c.get(2).is_some() || source_seen || SLASH_DATE.is_match(c[1].trim()) {
                return Some(i);
            }
        }
    }
    None
}

/// `KCNA KCNA.kp (En)` → `KCNA`; `KCNA.kp (En)` → `KCNA`.
fn source_name(line: &str) -> Option<String> {
    let first = line.split_whitespace().next()?;
    let name = first.split('.').next()?.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Whether line `i` starts the page's "More From …" teaser block: a short heading line
/// (`More From KCNA.kp (En)`, no sentence punctuation) whose next non-empty line starts a
/// teaser (title, title again, lead, date) or is the closing `More Articles`, or that ends the
/// file. A body paragraph that starts with "More From" is none of these, and stays in the
/// article.
fn is_teaser_head(lines: &[&str], i: usize) -> bool {
    let l = lines[i].trim();
    let Some(rest) = l.strip_prefix("More From") else {
        return false;
    };
    if l.split_whitespace().count() > 6 || rest.ends_with(['.', '!', '?', ',', ';', ':']) {
        return false;
    }
    let Some(next) = (i + 1..lines.len()).find(|&j| !lines[j].trim().is_empty()) else {
        return true;
    };
    lines[next].trim() == "More Articles"
        || teasers(lines, next, None)
            .first()
            .is_some_and(|t| t.line == Some(next as u64 + 1))
}

/// Whether a page copy's body was cut off: no end mark (`-0-`, `www.kcna.kp (…)`) and a last
/// paragraph that does not end a sentence.
fn is_truncated(body: &[&str]) -> bool {
    if body
        .iter()
        .any(|l| l.contains("-0-") || l.contains("www.kcna.kp ("))
    {
        return false;
    }
    body.iter()
        .rev()
        .map(|l| l.trim())
        .find(|l| !l.is_empty())
        .is_some_and(|last| {
            !last.ends_with([
                '.', '!', '?', '"', '\u{201d}', '\u{2019}', '\'', ')', '\u{bb}', '\u{2026}', ':',
            ])
        })
}

/// Parses one page copy, its parts found by structure: capture line, source line, title (the
/// last line above the `Date:` line that is neither), `Date:` line, body, and the "More From"
/// teaser block at the end only. A copy holding only the page header (capture and source
/// lines) and "More From" teasers gives its teasers and no article. Returns `None` when it has
/// neither a `Date:` line nor that shape (the caller then reads the file as plain text).
/// `order` is the order of slash dates (day first when `None`: KCNA Watch writes
/// `DD/MM/YYYY`).
pub(crate) fn parse(text: &str, order: Option<DateOrder>) -> Option<Parsed> {
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    let Some(d) = date_line(&lines) else {
        return teasers_only(&lines);
    };
    let caps = DATE_LINE.captures(lines[d].trim())?;
    // A date that cannot be read (`30/02/2024`, a two-digit year `13/07/25`: a century is
    // never guessed) leaves the article to the end line's date, or undated; a warning names it.
    let (date, bad_date) = match check_date(&caps[1], Some(order.unwrap_or(DateOrder::Dmy))) {
        Ok(date) => (Some(date), None),
        Err(fault) => (
            None,
            BadDate::new(&caps[1], fault).map(|b| b.at_line(d as u64 + 1)),
        ),
    };
    let source_from_date = caps.get(2).and_then(|m| source_name(m.as_str()));
    let header: Vec<usize> = (0..d).filter(|&i| !lines[i].trim().is_empty()).collect();
    let title_idx =
        header.iter().rev().copied().find(|&i| {
            !is_source_line(lines[i].trim()) && !CAPTURE_WHOLE.is_match(lines[i].trim())
        });
    let source = header
        .iter()
        .rev()
        .find(|&&i| Some(i) != title_idx && is_source_line(lines[i].trim()))
        .and_then(|&i| source_name(lines[i].trim()))
        .or(source_from_date);
    // No headline above the `Date:` line: not a page copy (read as plain text instead).
    let title_idx = title_idx?;
    let title = Some(lines[title_idx].trim().to_string());
    let more = (d + 1..lines.len()).find(|&i| is_teaser_head(&lines, i));
    let body_end = more.unwrap_or(lines.len());
    let body_lines = &lines[d + 1..body_end];
    let truncated = is_truncated(body_lines);
    let body = body_lines.join("\n");
    let mut records = vec![Record {
        title,
        body,
        date,
        bad_date,
        truncated,
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
        let p = parse(PAGE, None).unwrap();
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
        let p = parse(page, None).unwrap();
        assert_eq!(p.records.len(), 1);
        let t = &p.records[0];
        assert_eq!(t.kind, Kind::Teaser);
        assert_eq!(t.title.as_deref(), Some("A Teaser"));
        assert_eq!(t.body, "Pyongyang, February 17 (KCNA) -- Lead");
        assert_eq!(t.date, NaiveDate::from_ymd_opt(2026, 2, 17));
        assert_eq!(t.source.as_deref(), Some("KCNA"));
        assert_eq!(t.line, Some(6));
        // Nothing readable after "More From": no records at all.
        let bare = parse(
            "KCNA KCNA.kp (En)\n\nMore From KCNA.kp (En)\n\nMore Articles\n",
            None,
        )
        .unwrap();
        assert!(bare.records.is_empty());
        // Text before "More From" that is not the page header: not this shape.
        assert!(parse(
            "KCNA KCNA.kp (En)\n\nSome Headline\n\nBody.\n\nMore From KCNA.kp (En)\n",
            None
        )
        .is_none());
    }

    #[test]
    fn parts_found_by_structure_whatever_the_date_form() {
        for (date, order, want) in [
            ("2025-07-13", None, "2025-07-13"),
            ("July 13, 2025", None, "2025-07-13"),
            ("03/10/2022", None, "2022-10-03"),
            ("03/10/2022", Some(DateOrder::Mdy), "2022-03-10"),
        ] {
            let page = PAGE.replace("13/07/2025", date);
            assert!(looks_like_page_copy(&page), "{date}");
            let p = parse(&page, order).unwrap();
            let a = &p.records[0];
            assert_eq!(a.title.as_deref(), Some("Talks Held"), "{date}");
            assert_eq!(a.date.unwrap().to_string(), want, "{date}");
            assert!(!a.body.contains("Teaser"), "{date}");
            assert_eq!(p.records.len(), 3, "{date}");
        }
    }

    #[test]
    fn more_from_paragraph_stays_in_the_article() {
        let page = PAGE.replace(
            "Talks. -0-",
            "Talks.\n\nMore From the front, letters arrived.\n\nMore From here\n\nThe end. -0-",
        );
        let p = parse(&page, None).unwrap();
        let body = &p.records[0].body;
        assert!(
            body.contains("More From the front, letters arrived."),
            "{body}"
        );
        // A short "More From" line inside the body, not followed by teasers: still the body.
        assert!(body.contains("More From here"), "{body}");
        assert!(body.contains("The end. -0-"), "{body}");
        assert!(!p.records[0].truncated);
        assert_eq!(p.records.len(), 3);
    }

    #[test]
    fn title_starting_with_a_date_is_not_the_capture_line() {
        let page = PAGE.replace("Talks Held", "March 1, 1919 Uprising Commemorated");
        let p = parse(&page, None).unwrap();
        assert_eq!(
            p.records[0].title.as_deref(),
            Some("March 1, 1919 Uprising Commemorated")
        );
        assert!(CAPTURE_WHOLE.is_match("February 17, 2026Feb 17, 2026"));
        assert!(CAPTURE_WHOLE.is_match("February 17, 2026"));
    }

    #[test]
    fn truncated_copy() {
        let cut = "KCNA KCNA.kp (En)\n\nCut\n\nDate: 13/07/2025 | Source: KCNA.kp (En)\n\nPyongyang, July 13 (KCNA) -- The talks were\n";
        assert!(parse(cut, None).unwrap().records[0].truncated);
        let whole = cut.replace("were\n", "were held.\n");
        assert!(!parse(&whole, None).unwrap().records[0].truncated);
        let quoted = cut.replace("were\n", "were \u{201c}fruitful.\u{201d}\n");
        assert!(!parse(&quoted, None).unwrap().records[0].truncated);
    }

    #[test]
    fn no_date_line_is_not_a_page() {
        assert!(parse("Title\n\nBody\n", None).is_none());
    }
}
