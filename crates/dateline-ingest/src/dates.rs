//! Date parsing for the conventions met in the corpora.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate};
use regex::Regex;

/// Month number of an English month name or abbreviation (`July`, `Jul`, `Jul.`, `Sept`).
pub(crate) fn month_number(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    if n.len() < 3 {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let found = MONTHS.iter().position(|m| m.starts_with(n.as_str()))? as u32 + 1;
    if n.len() == 3 || MONTHS[found as usize - 1] == n || n == "sept" {
        Some(found)
    } else {
        None
    }
}

/// Month number from the first three letters only (`Febuary`, `Septmber`): for datelines, where
/// the `(KCNA)` after the day already makes the match safe and typos occur in the source.
pub(crate) fn month_prefix(name: &str) -> Option<u32> {
    let n = name.trim_end_matches('.');
    if n.len() < 3 || !n.is_char_boundary(3) {
        return None;
    }
    month_number(&n[..3])
}

static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\.?(?:$|[T\s])").expect("valid regex")
});
static DMY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})/(\d{1,2})/(\d{4})$").expect("valid regex"));
static MDY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z]{3,9}\.?)\s+(\d{1,2}),?\s+(\d{4})\b").expect("valid regex")
});
static DMY_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\s+([A-Za-z]{3,9}\.?),?\s+(\d{4})$").expect("valid regex")
});
static JUCHE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([A-Z][a-z]{2,8})\.?\s+(\d{1,2}),\s*Juche\s+\d+\s*\((\d{4})\)")
        .expect("valid regex")
});
static FILENAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\D)((?:19|20)\d{2})-?(\d{2})-?(\d{2})(?:\D|$)").expect("valid regex")
});

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// Why a written date gives no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFault {
    /// Nothing written (empty, white space, JSON `null`): a missing date, not a fault.
    Empty,
    /// A known form whose numbers make no calendar day (`30/02/2024`, `2024-02-30`,
    /// `2024-13-01`).
    DoesNotExist,
    /// No known form (`13/07/25`: a century is never guessed; `soon`).
    Unreadable,
}

/// A written date that could not be read, reported as a warning on its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadDate {
    /// The date as written (trimmed; shortened when long).
    pub text: String,
    /// [`DateFault::DoesNotExist`] or [`DateFault::Unreadable`].
    pub fault: DateFault,
    /// 1-based line of the date when it is not the record's line (a page copy's `Date:` line).
    pub line: Option<u64>,
}

impl BadDate {
    /// `Some` for a date that was written but could not be read (`None` for an empty one).
    pub(crate) fn new(text: &str, fault: DateFault) -> Option<Self> {
        const MAX_CHARS: usize = 40;
        let text = text.trim();
        let text = match text.char_indices().nth(MAX_CHARS) {
            Some((i, _)) => format!("{}…", &text[..i]),
            None => text.to_string(),
        };
        (fault != DateFault::Empty).then_some(BadDate {
            text,
            fault,
            line: None,
        })
    }

    /// The same, at `line`.
    pub(crate) fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// The warning's reason: ``date `30/02/2024` does not exist``, ``unreadable date `13/07/25` ``.
    pub(crate) fn reason(&self) -> String {
        match self.fault {
            DateFault::DoesNotExist => format!("date `{}` does not exist", self.text),
            DateFault::Empty | DateFault::Unreadable => format!("unreadable date `{}`", self.text),
        }
    }
}

/// Parses a date written as ISO (`2018-01-02`, with or without a time), `DD/MM/YYYY`,
/// `Month D, YYYY`, `Mon. D, YYYY`, `D Month YYYY`, `YYYYMMDD`, the Rodong page form
/// `Mar. 10, Juche 111 (2022) Thursday`, or an epoch number as text (milliseconds when ≥ 1e11,
/// else seconds).
///
/// ```
/// use dateline_ingest::parse_date;
/// assert_eq!(parse_date("13/07/2025").unwrap().to_string(), "2025-07-13");
/// assert_eq!(parse_date("Mon. 5, 2018").is_none(), true);
/// assert_eq!(parse_date("Mar. 10, Juche 111 (2022) Thursday").unwrap().to_string(), "2022-03-10");
/// assert_eq!(parse_date("1703376000000").unwrap().to_string(), "2023-12-24");
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    check_date(s).ok()
}

/// [`parse_date`], telling why there is no date: nothing written, a day that does not exist in
/// a known form, or no known form at all.
pub(crate) fn check_date(s: &str) -> Result<NaiveDate, DateFault> {
    use DateFault::{DoesNotExist, Empty, Unreadable};
    let s = s.trim();
    if s.is_empty() {
        return Err(Empty);
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        if s.len() == 8 {
            if let Some(d) = ymd(&s[..4], &s[4..6], &s[6..]) {
                return Ok(d);
            }
        }
        return s.parse::<i64>().ok().and_then(epoch).ok_or(Unreadable);
    }
    if let Some(c) = ISO.captures(s) {
        return ymd(&c[1], &c[2], &c[3]).ok_or(DoesNotExist);
    }
    if let Some(c) = DMY.captures(s) {
        return ymd(&c[3], &c[2], &c[1]).ok_or(DoesNotExist);
    }
    // Month name, day, year: an unknown month name is unreadable, a day the month lacks does
    // not exist.
    let named = |month: &str, day: &str, year: &str| -> Result<NaiveDate, DateFault> {
        let m = month_number(month).ok_or(Unreadable)?;
        ymd(year, &m.to_string(), day).ok_or(DoesNotExist)
    };
    if let Some(c) = JUCHE.captures(s) {
        return named(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = MDY.captures(s) {
        return named(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = DMY_WORDS.captures(s) {
        return named(&c[2], &c[1], &c[3]);
    }
    Err(Unreadable)
}

/// An epoch number: milliseconds when ≥ 1e11, else seconds (UTC).
pub(crate) fn epoch(n: i64) -> Option<NaiveDate> {
    let secs = if n.abs() >= 100_000_000_000 {
        n.div_euclid(1000)
    } else {
        n
    };
    DateTime::from_timestamp(secs, 0).map(|t| t.date_naive())
}

/// A date from a JSON value: a string (see [`parse_date`]) or an epoch number.
pub(crate) fn from_json(v: &serde_json::Value) -> Option<NaiveDate> {
    check_json(v).ok()
}

/// [`from_json`], with the [`BadDate`] of a value that is neither `null` nor a readable date.
pub(crate) fn check_json(v: &serde_json::Value) -> Result<NaiveDate, Option<BadDate>> {
    match v {
        serde_json::Value::Null => Err(None),
        serde_json::Value::String(s) => check_date(s).map_err(|f| BadDate::new(s, f)),
        serde_json::Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .and_then(epoch)
            .ok_or_else(|| BadDate::new(&n.to_string(), DateFault::Unreadable)),
        other => Err(BadDate::new(&other.to_string(), DateFault::Unreadable)),
    }
}

/// A `YYYY-MM-DD` or `YYYYMMDD` date in a file name or URL (`newsID=2022-10-10-0004`).
pub(crate) fn in_name(name: &str) -> Option<NaiveDate> {
    FILENAME
        .captures_iter(name)
        .find_map(|c| ymd(&c[1], &c[2], &c[3]))
}

/// The date of a Rodong page header (`Mar. 10, Juche 111 (2022) Thursday`) anywhere in `s`.
pub(crate) fn juche_in(s: &str) -> Option<NaiveDate> {
    let c = JUCHE.captures(s)?;
    NaiveDate::from_ymd_opt(c[3].parse().ok()?, month_number(&c[1])?, c[2].parse().ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn formats_table() {
        let cases: &[(&str, Option<&str>)] = &[
            ("2018-01-02", Some("2018-01-02")),
            ("2018-01-02T13:22:35Z", Some("2018-01-02")),
            ("2018/1/2", Some("2018-01-02")),
            ("2025.07.13.", Some("2025-07-13")),
            ("13/07/2025", Some("2025-07-13")),
            ("31/02/2025", None),
            ("July 13, 2025", Some("2025-07-13")),
            ("February 17, 2026", Some("2026-02-17")),
            ("Feb. 17, 2026", Some("2026-02-17")),
            ("Sept. 4, 2017", Some("2017-09-04")),
            ("Sep 4, 2017", Some("2017-09-04")),
            ("4 September 2017", Some("2017-09-04")),
            ("20180102", Some("2018-01-02")),
            ("1703376000000", Some("2023-12-24")),
            ("1703376000", Some("2023-12-24")),
            ("Mar. 10, Juche 111 (2022) Thursday", Some("2022-03-10")),
            (
                "Mar. 10,\u{a0}Juche 111 (2022)\u{a0}\u{a0}Thursday",
                Some("2022-03-10"),
            ),
            ("Julember 3, 2020", None),
            ("soon", None),
            ("", None),
        ];
        for (input, want) in cases {
            assert_eq!(parse_date(input), want.map(d), "{input:?}");
        }
    }

    #[test]
    fn impossible_and_two_digit_year_dates() {
        use DateFault::{DoesNotExist, Empty, Unreadable};
        let cases: &[(&str, Result<&str, DateFault>)] = &[
            ("30/02/2024", Err(DoesNotExist)),
            ("29/02/2024", Ok("2024-02-29")),
            ("29/02/2023", Err(DoesNotExist)),
            ("31/04/2020", Err(DoesNotExist)),
            ("2024-02-30", Err(DoesNotExist)),
            ("2024-13-01", Err(DoesNotExist)),
            ("2024.02.30.", Err(DoesNotExist)),
            ("February 30, 2024", Err(DoesNotExist)),
            ("30 February 2024", Err(DoesNotExist)),
            ("Feb. 30, Juche 113 (2024) Friday", Err(DoesNotExist)),
            ("13/07/25", Err(Unreadable)),
            ("07/13/25", Err(Unreadable)),
            ("13/07/025", Err(Unreadable)),
            ("Julember 3, 2020", Err(Unreadable)),
            ("soon", Err(Unreadable)),
            ("", Err(Empty)),
            ("  ", Err(Empty)),
        ];
        for (input, want) in cases {
            assert_eq!(check_date(input), want.map(d), "{input:?}");
            assert_eq!(parse_date(input), want.ok().map(d), "{input:?}");
        }
    }

    #[test]
    fn bad_date_reasons() {
        let gone = BadDate::new(" 30/02/2024 ", DateFault::DoesNotExist).unwrap();
        assert_eq!(gone.reason(), "date `30/02/2024` does not exist");
        assert_eq!(gone.line, None);
        assert_eq!(gone.at_line(6).line, Some(6));
        let short = BadDate::new("13/07/25", DateFault::Unreadable).unwrap();
        assert_eq!(short.reason(), "unreadable date `13/07/25`");
        assert_eq!(BadDate::new("", DateFault::Empty), None);
        let long = BadDate::new(&"x".repeat(100), DateFault::Unreadable).unwrap();
        assert_eq!(long.text, format!("{}…", "x".repeat(40)));
        assert_eq!(
            check_json(&serde_json::json!("2024-02-30")).unwrap_err(),
            BadDate::new("2024-02-30", DateFault::DoesNotExist)
        );
        assert_eq!(
            check_json(&serde_json::json!(true)).unwrap_err(),
            BadDate::new("true", DateFault::Unreadable)
        );
        assert_eq!(check_json(&serde_json::json!(null)), Err(None));
        assert_eq!(check_json(&serde_json::json!("")), Err(None));
        assert_eq!(
            check_json(&serde_json::json!("2024-02-29")),
            Ok(d("2024-02-29"))
        );
    }

    #[test]
    fn json_and_names() {
        assert_eq!(
            from_json(&serde_json::json!(1703376000000_i64)),
            Some(d("2023-12-24"))
        );
        assert_eq!(
            from_json(&serde_json::json!(1703376000)),
            Some(d("2023-12-24"))
        );
        assert_eq!(from_json(&serde_json::json!(null)), None);
        assert_eq!(in_name("2017-09-04-talks.txt"), Some(d("2017-09-04")));
        assert_eq!(in_name("kcna_20170904.txt"), Some(d("2017-09-04")));
        assert_eq!(in_name("newsID=2022-10-10-0004"), Some(d("2022-10-10")));
        assert_eq!(in_name("article-12345.txt"), None);
        assert_eq!(month_number("Jul."), Some(7));
        assert_eq!(month_number("Ju"), None);
        assert_eq!(month_number("Sept"), Some(9));
    }
}
