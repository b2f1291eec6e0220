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
    Regex::new(
        r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d| ?UTC)?)?$",
    )
    .expect("valid regex")
});
static YEAR_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})(?:/(\d{1,2})/(\d{1,2})|\.(\d{1,2})\.(\d{1,2})\.?)$").expect("valid regex")
});
static SLASH: LazyLock<Regex> =
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

/// The order of day and month in slash dates (`03/10/2022`): `--date-order`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateOrder {
    /// Day first (`13/07/2025`), as KCNA Watch page copies write their `Date:` lines.
    Dmy,
    /// Month first (`07/13/2025`).
    Mdy,
}

impl std::str::FromStr for DateOrder {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "dmy" => Ok(DateOrder::Dmy),
            "mdy" => Ok(DateOrder::Mdy),
            _ => Err(format!("unknown date order `{s}` (expected dmy or mdy)")),
        }
    }
}

/// Which date a document takes when its sources disagree: `--date-from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateFrom {
    /// The record's date (field, `Date:` line, URL, parent record), else the `www.kcna.kp
    /// (YYYY.MM.DD.)` end line, else the file name.
    #[default]
    Auto,
    /// As `Auto`, but never the file name.
    Field,
    /// The in-text KCNA dateline (`Pyongyang, March 9 (KCNA) --`), its year taken from the
    /// `Auto` date (the year that puts it nearest); the `Auto` date when there is no dateline.
    Dateline,
    /// The date in the file name only.
    Filename,
}

impl std::str::FromStr for DateFrom {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "auto" => Ok(DateFrom::Auto),
            "field" => Ok(DateFrom::Field),
            "dateline" => Ok(DateFrom::Dateline),
            "filename" => Ok(DateFrom::Filename),
            _ => Err(format!(
                "unknown date source `{s}` (expected auto, field, dateline or filename)"
            )),
        }
    }
}

/// The earliest date a document may carry: the liberation of Korea (1945-08-15), before which
/// neither KCNA nor Rodong Sinmun existed.
pub const EARLIEST_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1945, 8, 15) {
    Some(d) => d,
    None => panic!("a valid date"),
};

/// The latest date a document may carry: tomorrow (time zones put a fresh article up to a day
/// ahead of the local clock).
pub fn latest_date() -> NaiveDate {
    chrono::Local::now().date_naive() + chrono::Duration::days(1)
}

/// The plausible window, enforced here only: a date before [`EARLIEST_DATE`] or after
/// [`latest_date`] is refused.
pub(crate) fn in_window(d: NaiveDate) -> Result<NaiveDate, DateFault> {
    if d < EARLIEST_DATE {
        Err(DateFault::TooEarly)
    } else if d > latest_date() {
        Err(DateFault::Future)
    } else {
        Ok(d)
    }
}

/// Why a written date gives no date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DateFault {
    /// Nothing written (empty, white space, JSON `null`): a missing date, not a fault.
    Empty,
    /// A known form whose numbers make no calendar day (`30/02/2024`, `2024-02-30`,
    /// `2024-13-01`).
    DoesNotExist,
    /// No known form (`13/07/25`: a century is never guessed; `soon`; a bare number of no
    /// known length).
    Unreadable,
    /// A year alone (`2022`): not a day.
    YearOnly,
    /// A number of five digits (`44630`): a spreadsheet serial day, never converted.
    Serial,
    /// A slash date whose two first parts are both ≤ 12 and differ (`03/10/2022`), without
    /// `--date-order`.
    Ambiguous,
    /// After [`latest_date`].
    Future,
    /// Before [`EARLIEST_DATE`].
    TooEarly,
}

/// A written date that could not be read, reported as a warning on its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BadDate {
    /// The date as written (trimmed; shortened when long).
    pub text: String,
    /// Why it was not read (never [`DateFault::Empty`]).
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
        fault_reason("date", &self.text, self.fault)
    }
}

/// The reason given for a date `text` refused for `fault`; `noun` names it (`date`,
/// `end-line date`, `file-name date`).
pub(crate) fn fault_reason(noun: &str, text: &str, fault: DateFault) -> String {
    match fault {
        DateFault::DoesNotExist => format!("{noun} `{text}` does not exist"),
        DateFault::Empty | DateFault::Unreadable => format!("unreadable {noun} `{text}`"),
        DateFault::YearOnly => format!("{noun} `{text}` is a year, not a day"),
        DateFault::Serial => format!(
            "{noun} `{text}` looks like a spreadsheet day number, not read (write dates as YYYY-MM-DD)"
        ),
        DateFault::Ambiguous => format!(
            "ambiguous slash {noun} `{text}` not read (give --date-order dmy or mdy)"
        ),
        DateFault::Future => format!("{noun} `{text}` is in the future"),
        DateFault::TooEarly => format!("{noun} `{text}` is before {EARLIEST_DATE}"),
    }
}

/// Parses a date written in one of the unambiguous forms (the list is in `docs/ingest.md`):
/// ISO `2018-01-02` (optionally with a time and zone: the date as written), `2018/01/02`,
/// `2025.07.13.`, a slash date `13/07/2025` whose order is certain (a part above 12, or both
/// equal), `Month D, YYYY`, `Mon. D, YYYY`, `D Month YYYY`, compact `YYYYMMDD`, the Rodong page
/// form `Mar. 10, Juche 111 (2022) Thursday`, or an epoch number as text (seconds with 9–10
/// digits, milliseconds with 12–13, microseconds with 15–16). Dates outside the plausible
/// window (1945-08-15 to tomorrow) are refused.
///
/// ```
/// use dateline_ingest::parse_date;
/// assert_eq!(parse_date("13/07/2025").unwrap().to_string(), "2025-07-13");
/// assert_eq!(parse_date("03/10/2022"), None); // day or month first?
/// assert_eq!(parse_date("2022"), None); // a year is not a day
/// assert_eq!(parse_date("Mon. 5, 2018").is_none(), true);
/// assert_eq!(parse_date("Mar. 10, Juche 111 (2022) Thursday").unwrap().to_string(), "2022-03-10");
/// assert_eq!(parse_date("1703376000000").unwrap().to_string(), "2023-12-24");
/// ```
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    check_date(s, None).ok()
}

/// [`parse_date`] with the order of slash dates (`None`: only certain orders are read), telling
/// why there is no date.
pub(crate) fn check_date(s: &str, order: Option<DateOrder>) -> Result<NaiveDate, DateFault> {
    read_date(s, order).and_then(in_window)
}

fn read_date(s: &str, order: Option<DateOrder>) -> Result<NaiveDate, DateFault> {
    use DateFault::{Ambiguous, DoesNotExist, Empty, Unreadable};
    let s = s.trim();
    if s.is_empty() {
        return Err(Empty);
    }
    let digits = s.strip_prefix('-').unwrap_or(s);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        return s
            .parse::<i64>()
            .map_or(Err(Unreadable), |n| from_number(n, digits.len()));
    }
    if let Some(c) = ISO.captures(s) {
        return ymd(&c[1], &c[2], &c[3]).ok_or(DoesNotExist);
    }
    if let Some(c) = YEAR_FIRST.captures(s) {
        let (m, d) = match (c.get(2), c.get(3)) {
            (Some(m), Some(d)) => (m.as_str(), d.as_str()),
            _ => (&c[4], &c[5]),
        };
        return ymd(&c[1], m, d).ok_or(DoesNotExist);
    }
    if let Some(c) = SLASH.captures(s) {
        let (a, b): (u32, u32) = (c[1].parse().unwrap_or(0), c[2].parse().unwrap_or(0));
        let day_first = match order {
            Some(o) => o == DateOrder::Dmy,
            None if a == b || (a > 12 && b <= 12) => true,
            None if b > 12 && a <= 12 => false,
            None if a > 12 && b > 12 => return Err(DoesNotExist),
            None => return Err(Ambiguous),
        };
        let (d, m) = if day_first { (a, b) } else { (b, a) };
        return ymd(&c[3], &m.to_string(), &d.to_string()).ok_or(DoesNotExist);
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

/// A bare number of `digits` digits (sign excluded): a year alone (4) is not a day; 5 digits are
/// a spreadsheet serial (refused); 8 digits are compact `YYYYMMDD` when that is a calendar day;
/// an epoch number is seconds (9–10 digits), milliseconds (12–13) or microseconds (15–16), UTC.
/// Every other length is unreadable.
fn from_number(n: i64, digits: usize) -> Result<NaiveDate, DateFault> {
    let epoch = |unit: i64| {
        DateTime::from_timestamp(n.div_euclid(unit), 0)
            .map(|t| t.date_naive())
            .ok_or(DateFault::Unreadable)
    };
    match digits {
        4 if n > 0 => Err(DateFault::YearOnly),
        5 if n > 0 => Err(DateFault::Serial),
        8 if n > 0 => {
            let s = n.to_string();
            ymd(&s[..4], &s[4..6], &s[6..]).ok_or(DateFault::Unreadable)
        }
        9 | 10 => epoch(1),
        12 | 13 => epoch(1_000),
        15 | 16 => epoch(1_000_000),
        _ => Err(DateFault::Unreadable),
    }
}

/// A date from a JSON value: a string (see [`parse_date`]) or a number (see [`from_number`]).
pub(crate) fn from_json(v: &serde_json::Value, order: Option<DateOrder>) -> Option<NaiveDate> {
    check_json(v, order).ok()
}

/// [`from_json`], with the [`BadDate`] of a value that is neither `null` nor a readable date.
pub(crate) fn check_json(
    v: &serde_json::Value,
    order: Option<DateOrder>,
) -> Result<NaiveDate, Option<BadDate>> {
    match v {
        serde_json::Value::Null => Err(None),
        serde_json::Value::String(s) => check_date(s, order).map_err(|f| BadDate::new(s, f)),
        serde_json::Value::Number(n) => {
            let written = n.to_string();
            let int = n.as_i64().or_else(|| {
                n.as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9e15)
                    .map(|f| f as i64)
            });
            match int {
                Some(i) => {
                    let digits = i.unsigned_abs().to_string().len();
                    from_number(i, digits)
                        .and_then(in_window)
                        .map_err(|f| BadDate::new(&written, f))
                }
                None => Err(BadDate::new(&written, DateFault::Unreadable)),
            }
        }
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

/// The date of a dateline's `month` and `day` nearest to `near` (in the year before, of, or
/// after it): `December 31` near 2018-01-01 is 2017-12-31, `January 1` near 2017-12-31 is
/// 2018-01-01, `August 1` near 2010-07-08 is 2010-08-01.
pub(crate) fn nearest_day(month: u32, day: u32, near: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    [near.year() - 1, near.year(), near.year() + 1]
        .into_iter()
        .filter_map(|y| NaiveDate::from_ymd_opt(y, month, day))
        .min_by_key(|d| (*d - near).num_days().abs())
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
            ("2018-01-02T13:22:35.096Z", Some("2018-01-02")),
            // The date as written, in its own time zone (not moved to UTC).
            ("2022-03-10T23:30:00-05:00", Some("2022-03-10")),
            ("2022-03-10T01:30:00+09:00", Some("2022-03-10")),
            ("2022-03-10 08:15", Some("2022-03-10")),
            ("2022-03-10T25:00:00Z", None),
            ("2022-03-10 and more", None),
            ("2018/1/2", Some("2018-01-02")),
            ("2025.07.13.", Some("2025-07-13")),
            ("13/07/2025", Some("2025-07-13")),
            ("07/13/2025", Some("2025-07-13")),
            ("05/05/2025", Some("2025-05-05")),
            ("03/10/2022", None),
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
            ("1703376000000000", Some("2023-12-24")),
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
    fn bare_numbers_are_never_silently_dates() {
        use DateFault::{Serial, TooEarly, Unreadable, YearOnly};
        let cases: &[(&str, Result<&str, DateFault>)] = &[
            ("2022", Err(YearOnly)),
            ("44630", Err(Serial)),
            ("20220310", Ok("2022-03-10")),
            ("20221310", Err(Unreadable)),
            ("12345678", Err(Unreadable)),
            ("1", Err(Unreadable)),
            ("123456", Err(Unreadable)),
            ("1646870400", Ok("2022-03-10")),
            ("1646870400000", Ok("2022-03-10")),
            ("1646870400000000", Ok("2022-03-10")),
            // Nanoseconds, or an epoch of no known length: not guessed.
            ("1646870400000000000", Err(Unreadable)),
            ("16468704000", Err(Unreadable)),
            // Seconds before 1945-08-15.
            ("-900000000", Err(TooEarly)),
        ];
        for (input, want) in cases {
            assert_eq!(check_date(input, None), want.map(d), "{input:?}");
        }
        let json = |v: serde_json::Value| check_json(&v, None);
        assert_eq!(
            json(serde_json::json!(2022)).unwrap_err().unwrap().reason(),
            "date `2022` is a year, not a day"
        );
        assert_eq!(
            json(serde_json::json!(44630)).unwrap_err().unwrap().reason(),
            "date `44630` looks like a spreadsheet day number, not read (write dates as YYYY-MM-DD)"
        );
        assert_eq!(json(serde_json::json!(20220310)), Ok(d("2022-03-10")));
        assert_eq!(
            json(serde_json::json!(1646870400000_i64)),
            Ok(d("2022-03-10"))
        );
        assert_eq!(
            json(serde_json::json!(1646870400000.0)),
            Ok(d("2022-03-10"))
        );
        assert_eq!(
            json(serde_json::json!(2022.5))
                .unwrap_err()
                .unwrap()
                .reason(),
            "unreadable date `2022.5`"
        );
        // Epoch microseconds of the year 54157 (an epoch in ns read as µs would be): refused.
        assert_eq!(
            json(serde_json::json!(1_646_870_400_000_000_000_i64))
                .unwrap_err()
                .unwrap()
                .fault,
            Unreadable
        );
    }

    #[test]
    fn window() {
        use DateFault::{Future, TooEarly};
        assert_eq!(check_date("1900-01-01", None), Err(TooEarly));
        assert_eq!(check_date("1945-08-14", None), Err(TooEarly));
        assert_eq!(check_date("1945-08-15", None), Ok(d("1945-08-15")));
        let tomorrow = latest_date();
        assert_eq!(check_date(&tomorrow.to_string(), None), Ok(tomorrow));
        let after = tomorrow + chrono::Duration::days(1);
        assert_eq!(check_date(&after.to_string(), None), Err(Future));
        assert_eq!(check_date("13/07/2099", None), Err(Future));
        assert_eq!(
            fault_reason("date", "1900-01-01", TooEarly),
            "date `1900-01-01` is before 1945-08-15"
        );
        assert_eq!(
            fault_reason("end-line date", "2099-07-13", Future),
            "end-line date `2099-07-13` is in the future"
        );
    }

    #[test]
    fn slash_dates_and_their_order() {
        use DateFault::{Ambiguous, DoesNotExist};
        let dmy = Some(DateOrder::Dmy);
        let mdy = Some(DateOrder::Mdy);
        assert_eq!(check_date("03/10/2022", None), Err(Ambiguous));
        assert_eq!(check_date("03/10/2022", dmy), Ok(d("2022-10-03")));
        assert_eq!(check_date("03/10/2022", mdy), Ok(d("2022-03-10")));
        assert_eq!(check_date("13/07/2025", None), Ok(d("2025-07-13")));
        assert_eq!(check_date("07/13/2025", None), Ok(d("2025-07-13")));
        // An order given is followed, even when the other one would make a day.
        assert_eq!(check_date("13/07/2025", mdy), Err(DoesNotExist));
        assert_eq!(check_date("07/13/2025", dmy), Err(DoesNotExist));
        assert_eq!(check_date("13/13/2025", None), Err(DoesNotExist));
        assert_eq!("MDY".parse::<DateOrder>(), Ok(DateOrder::Mdy));
        assert!("ymd".parse::<DateOrder>().is_err());
        assert_eq!("dateline".parse::<DateFrom>(), Ok(DateFrom::Dateline));
        assert_eq!(
            "x".parse::<DateFrom>().unwrap_err(),
            "unknown date source `x` (expected auto, field, dateline or filename)"
        );
    }

    #[test]
    fn nearest_dateline_day() {
        assert_eq!(nearest_day(12, 31, d("2018-01-01")), Some(d("2017-12-31")));
        assert_eq!(nearest_day(1, 1, d("2017-12-31")), Some(d("2018-01-01")));
        assert_eq!(nearest_day(3, 9, d("2022-03-10")), Some(d("2022-03-09")));
        assert_eq!(nearest_day(9, 6, d("2017-09-05")), Some(d("2017-09-06")));
        assert_eq!(nearest_day(8, 1, d("2010-07-08")), Some(d("2010-08-01")));
        assert_eq!(nearest_day(2, 29, d("2023-03-01")), Some(d("2024-02-29")));
        assert_eq!(nearest_day(2, 30, d("2023-03-01")), None);
        assert_eq!(nearest_day(2, 30, d("2023-03-01")), None);
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
            assert_eq!(check_date(input, None), want.map(d), "{input:?}");
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
        let json = |v: serde_json::Value| check_json(&v, None);
        assert_eq!(
            json(serde_json::json!("2024-02-30")).unwrap_err(),
            BadDate::new("2024-02-30", DateFault::DoesNotExist)
        );
        assert_eq!(
            json(serde_json::json!(true)).unwrap_err(),
            BadDate::new("true", DateFault::Unreadable)
        );
        assert_eq!(json(serde_json::json!(null)), Err(None));
        assert_eq!(json(serde_json::json!("")), Err(None));
        assert_eq!(json(serde_json::json!("2024-02-29")), Ok(d("2024-02-29")));
    }

    #[test]
    fn json_and_names() {
        assert_eq!(
            from_json(&serde_json::json!(1703376000000_i64), None),
            Some(d("2023-12-24"))
        );
        assert_eq!(
            from_json(&serde_json::json!(1703376000), None),
            Some(d("2023-12-24"))
        );
        assert_eq!(from_json(&serde_json::json!(null), None), None);
        assert_eq!(in_name("2017-09-04-talks.txt"), Some(d("2017-09-04")));
        assert_eq!(in_name("kcna_20170904.txt"), Some(d("2017-09-04")));
        assert_eq!(in_name("newsID=2022-10-10-0004"), Some(d("2022-10-10")));
        assert_eq!(in_name("article-12345.txt"), None);
        assert_eq!(month_number("Jul."), Some(7));
        assert_eq!(month_number("Ju"), None);
        assert_eq!(month_number("Sept"), Some(9));
    }
}
