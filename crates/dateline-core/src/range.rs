use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// An inclusive range of dates; either end may be open.
///
/// Parsed from `2017-01-01..2017-12-31`, `2018` (the whole year), `2018-03` (the whole month),
/// `2017..2018` (both years), `2017-06..` or `..2018-01-31` (open ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DateRange {
    /// First day, inclusive.
    pub start: Option<NaiveDate>,
    /// Last day, inclusive.
    pub end: Option<NaiveDate>,
}

/// A date range that could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid date range `{input}`: {reason}")]
pub struct RangeError {
    input: String,
    reason: String,
}

impl DateRange {
    /// A range with both ends.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Self {
        DateRange {
            start: Some(start),
            end: Some(end),
        }
    }

    /// True when `d` lies in the range.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start.is_none_or(|s| d >= s) && self.end.is_none_or(|e| d <= e)
    }

    /// The range covering both `self` and `other`'s bounds intersected.
    pub fn intersect(&self, other: &DateRange) -> DateRange {
        DateRange {
            start: match (self.start, other.start) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            },
            end: match (self.end, other.end) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            },
        }
    }
}

/// Parses one end: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; returns its first and last day.
fn parse_point(s: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, what: &str| -> Result<u32, String> {
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{p}` is not a {what}"));
        }
        p.parse::<u32>()
            .map_err(|_| format!("`{p}` is not a {what}"))
    };
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y, "year")? as i32;
            Ok((
                NaiveDate::from_ymd_opt(y, 1, 1).ok_or("bad year")?,
                NaiveDate::from_ymd_opt(y, 12, 31).ok_or("bad year")?,
            ))
        }
        [y, m] if y.len() == 4 => {
            let y = num(y, "year")? as i32;
            let m = num(m, "month")?;
            let first = NaiveDate::from_ymd_opt(y, m, 1).ok_or(format!("no month {m}"))?;
            let last = first
                .checked_add_months(chrono::Months::new(1))
                .and_then(|d| d.pred_opt())
                .ok_or("bad month")?;
            Ok((first, last))
        }
        [y, m, d] if y.len() == 4 => {
            let (y, m, dd) = (num(y, "year")? as i32, num(m, "month")?, num(d, "day")?);
            let date = NaiveDate::from_ymd_opt(y, m, dd)
                .ok_or(format!("{y:04}-{m:02}-{dd:02} is not a calendar date"))?;
            Ok((date, date))
        }
        _ => Err(format!(
            "`{s}` is not a date (expected YYYY, YYYY-MM or YYYY-MM-DD)"
        )),
    }
}

impl FromStr for DateRange {
    type Err = RangeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = |reason: String| RangeError {
            input: s.to_string(),
            reason,
        };
        let s_trim = s.trim();
        if let Some((a, b)) = s_trim.split_once("..") {
            let start = if a.is_empty() {
                None
            } else {
                Some(parse_point(a).map_err(err)?.0)
            };
            let end = if b.is_empty() {
                None
            } else {
                Some(parse_point(b).map_err(err)?.1)
            };
            if let (Some(x), Some(y)) = (start, end) {
                if y < x {
                    return Err(err(format!("the end {y} comes before the start {x}")));
                }
            }
            Ok(DateRange { start, end })
        } else {
            let (a, b) = parse_point(s_trim).map_err(err)?;
            Ok(DateRange::new(a, b))
        }
    }
}

impl fmt::Display for DateRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |d: Option<NaiveDate>| {
            d.map(|d| format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
        };
        write!(
            f,
            "{}..{}",
            show(self.start).unwrap_or_default(),
            show(self.end).unwrap_or_default()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_forms() {
        let cases = [
            (
                "2017-01-01..2017-12-31",
                Some("2017-01-01"),
                Some("2017-12-31"),
            ),
            ("2018", Some("2018-01-01"), Some("2018-12-31")),
            ("2016-02", Some("2016-02-01"), Some("2016-02-29")),
            ("2017..2018", Some("2017-01-01"), Some("2018-12-31")),
            ("2017-06..", Some("2017-06-01"), None),
            ("..2018-01", None, Some("2018-01-31")),
        ];
        for (input, a, b) in cases {
            let r: DateRange = input.parse().unwrap();
            assert_eq!(r.start, a.map(d), "{input}");
            assert_eq!(r.end, b.map(d), "{input}");
        }
    }

    #[test]
    fn rejects_bad_ranges() {
        for bad in [
            "2024-02-30",
            "18",
            "2018-13",
            "2019..2018",
            "abc",
            "2018-1-x",
        ] {
            let e = bad.parse::<DateRange>().unwrap_err();
            assert!(e.to_string().contains(bad), "{e}");
        }
    }

    #[test]
    fn contains_is_inclusive() {
        let r: DateRange = "2018".parse().unwrap();
        assert!(r.contains(d("2018-01-01")));
        assert!(r.contains(d("2018-12-31")));
        assert!(!r.contains(d("2019-01-01")));
    }
}
