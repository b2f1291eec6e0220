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
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        if s.len() == 8 {
            if let Some(d) = ymd(&s[..4], &s[4..6], &s[6..]) {
                return Some(d);
            }
        }
        return s.parse::<i64>().ok().and_then(epoch);
    }
    if let Some(c) = ISO.captures(s) {
        return ymd(&c[1], &c[2], &c[3]);
    }
    if let Some(c) = DMY.captures(s) {
        return ymd(&c[3], &c[2], &c[1]);
    }
    if let Some(c) = JUCHE.captures(s) {
        let m = month_number(&c[1])?;
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, m, c[2].parse().ok()?);
    }
    if let Some(c) = MDY.captures(s) {
        let m = month_number(&c[1])?;
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, m, c[2].parse().ok()?);
    }
    if let Some(c) = DMY_WORDS.captures(s) {
        let m = month_number(&c[2])?;
        return NaiveDate::from_ymd_opt(c[3].parse().ok()?, m, c[1].parse().ok()?);
    }
    None
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
    match v {
        serde_json::Value::String(s) => parse_date(s),
        serde_json::Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .and_then(epoch),
        _ => None,
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
