use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// How dates are grouped into periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum By {
    /// One period per calendar day.
    Day,
    /// ISO weeks, Monday to Sunday; labelled `2018-W03` (ISO week-numbering year).
    Week,
    /// Calendar months, labelled `2018-01`.
    #[default]
    Month,
    /// Calendar quarters, labelled `2018-Q1`.
    Quarter,
    /// Calendar years, labelled `2018`.
    Year,
    /// One period covering the whole date range, labelled `all`.
    All,
}

impl By {
    /// The name used on the command line and in manifests.
    pub fn as_str(self) -> &'static str {
        match self {
            By::Day => "day",
            By::Week => "week",
            By::Month => "month",
            By::Quarter => "quarter",
            By::Year => "year",
            By::All => "all",
        }
    }

    /// The first day of the period that holds `d` (for [`By::All`], `d` itself).
    pub fn floor(self, d: NaiveDate) -> NaiveDate {
        match self {
            By::Day | By::All => d,
            By::Week => d - Duration::days(i64::from(d.weekday().num_days_from_monday())),
            By::Month => NaiveDate::from_ymd_opt(d.year(), d.month(), 1).expect("valid"),
            By::Quarter => {
                NaiveDate::from_ymd_opt(d.year(), (d.month0() / 3) * 3 + 1, 1).expect("valid")
            }
            By::Year => NaiveDate::from_ymd_opt(d.year(), 1, 1).expect("valid"),
        }
    }

    /// The first day of the period after the one that starts on `start` (`None` for [`By::All`]).
    pub fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            By::Day => start.succ_opt(),
            By::Week => Some(start + Duration::days(7)),
            By::Month => start.checked_add_months(chrono::Months::new(1)),
            By::Quarter => start.checked_add_months(chrono::Months::new(3)),
            By::Year => start.checked_add_months(chrono::Months::new(12)),
            By::All => None,
        }
    }

    /// The readable label of the period starting on `start`.
    pub fn label(self, start: NaiveDate) -> String {
        match self {
            By::Day => start.format("%Y-%m-%d").to_string(),
            By::Week => {
                let w = start.iso_week();
                format!("{:04}-W{:02}", w.year(), w.week())
            }
            By::Month => format!("{:04}-{:02}", start.year(), start.month()),
            By::Quarter => format!("{:04}-Q{}", start.year(), start.month0() / 3 + 1),
            By::Year => format!("{:04}", start.year()),
            By::All => "all".to_string(),
        }
    }

    /// How many periods [`By::periods`] makes for `[first, last]`, computed without making them
    /// (to refuse an absurd span before allocating it).
    pub fn count_periods(self, first: NaiveDate, last: NaiveDate) -> u64 {
        if last < first {
            return 0;
        }
        let (a, b) = (self.floor(first), self.floor(last));
        let months = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
        let n = match self {
            By::All => 0,
            By::Day => (b - a).num_days(),
            By::Week => (b - a).num_days() / 7,
            By::Month => months(b) - months(a),
            By::Quarter => (months(b) - months(a)) / 3,
            By::Year => i64::from(b.year() - a.year()),
        };
        n as u64 + 1
    }

    /// True when every period of `self` lies inside one period of `coarser` (days in weeks
    /// and months, months in quarters and years, anything in `all`): counts made per `self`
    /// then sum exactly into periods of `coarser`.
    pub fn nests_in(self, coarser: By) -> bool {
        use By::{All, Day, Month, Quarter, Week, Year};
        matches!(
            (self, coarser),
            (_, All)
                | (Day, _)
                | (Week, Week)
                | (Month, Month | Quarter | Year)
                | (Quarter, Quarter | Year)
                | (Year, Year)
        )
    }

    /// Every period that overlaps `[first, last]`, in order, including those with no documents.
    ///
    /// For [`By::All`] this is one period from `first` to `last`.
    pub fn periods(self, first: NaiveDate, last: NaiveDate) -> Vec<Period> {
        if last < first {
            return Vec::new();
        }
        if self == By::All {
            return vec![Period {
                start: first,
                end: last,
                label: self.label(first),
            }];
        }
        let mut out = Vec::new();
        let mut start = self.floor(first);
        while start <= last {
            let next = self.next(start).expect("not All");
            out.push(Period {
                start,
                end: next.pred_opt().expect("valid"),
                label: self.label(start),
            });
            start = next;
        }
        out
    }
}

impl std::str::FromStr for By {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "day" => By::Day,
            "week" => By::Week,
            "month" => By::Month,
            "quarter" => By::Quarter,
            "year" => By::Year,
            "all" => By::All,
            other => {
                return Err(format!(
                    "unknown period `{other}` (expected day, week, month, quarter, year or all)"
                ))
            }
        })
    }
}

/// One period of a time series: its first and last day and its label.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    /// First day (inclusive).
    pub start: NaiveDate,
    /// Last day (inclusive).
    pub end: NaiveDate,
    /// Readable label (`2018-01`, `2018-Q1`, `2018-W03`, `2018`, `all`).
    pub label: String,
}

/// Maps dates to the index of their period in a fixed list of consecutive periods.
#[derive(Debug, Clone)]
pub struct PeriodIndex {
    by: By,
    periods: Vec<Period>,
}

impl PeriodIndex {
    /// The periods of `by` that cover `[first, last]`.
    pub fn new(by: By, first: NaiveDate, last: NaiveDate) -> Self {
        PeriodIndex {
            by,
            periods: by.periods(first, last),
        }
    }

    /// An index over periods made earlier (read back from saved counts). They must be
    /// consecutive and sorted, as [`By::periods`] makes them.
    pub fn from_periods(by: By, periods: Vec<Period>) -> Self {
        debug_assert!(periods.windows(2).all(|w| w[0].end < w[1].start));
        PeriodIndex { by, periods }
    }

    /// The periods, in order.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The grouping.
    pub fn by(&self) -> By {
        self.by
    }

    /// The index of the period holding `d`, or `None` when `d` lies outside every period.
    pub fn index(&self, d: NaiveDate) -> Option<usize> {
        let first = self.periods.first()?;
        let last = self.periods.last()?;
        if d < first.start || d > last.end {
            return None;
        }
        // Binary search on start dates: periods are consecutive and sorted.
        match self.periods.binary_search_by(|p| p.start.cmp(&d)) {
            Ok(i) => Some(i),
            Err(i) => Some(i - 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn floors_and_labels() {
        let x = d("2018-05-17"); // a Thursday
        assert_eq!(By::Day.floor(x), x);
        assert_eq!(By::Week.floor(x), d("2018-05-14"));
        assert_eq!(By::Month.floor(x), d("2018-05-01"));
        assert_eq!(By::Quarter.floor(x), d("2018-04-01"));
        assert_eq!(By::Year.floor(x), d("2018-01-01"));
        assert_eq!(By::Week.label(d("2018-05-14")), "2018-W20");
        assert_eq!(By::Quarter.label(d("2018-04-01")), "2018-Q2");
        // ISO week of 2018-12-31 (Monday) belongs to 2019-W01.
        assert_eq!(By::Week.label(d("2018-12-31")), "2019-W01");
    }

    #[test]
    fn count_periods_matches_periods() {
        for by in [By::Day, By::Week, By::Month, By::Quarter, By::Year, By::All] {
            for (a, b) in [
                ("2017-11-20", "2018-02-03"),
                ("2018-12-31", "2019-01-01"),
                ("2016-02-29", "2024-02-29"),
                ("2018-05-17", "2018-05-17"),
            ] {
                assert_eq!(
                    by.count_periods(d(a), d(b)),
                    by.periods(d(a), d(b)).len() as u64,
                    "{by:?} {a} {b}"
                );
            }
            assert_eq!(by.count_periods(d("2018-02-03"), d("2017-11-20")), 0);
        }
        // Year 54157 at --by day: counted, not made.
        let far = NaiveDate::from_ymd_opt(54157, 3, 1).unwrap();
        assert_eq!(
            By::Day.count_periods(d("2000-01-01"), far),
            (far - d("2000-01-01")).num_days() as u64 + 1
        );
    }

    #[test]
    fn nesting() {
        assert!(By::Month.nests_in(By::Year));
        assert!(By::Month.nests_in(By::Quarter));
        assert!(By::Day.nests_in(By::Week));
        assert!(By::Week.nests_in(By::All));
        assert!(!By::Week.nests_in(By::Month));
        assert!(!By::Month.nests_in(By::Week));
        assert!(!By::Year.nests_in(By::Month));
        assert!(!By::All.nests_in(By::Year));
        assert!(By::All.nests_in(By::All));
    }

    #[test]
    fn periods_cover_range_including_empty_ones() {
        let ps = By::Month.periods(d("2017-11-20"), d("2018-02-03"));
        let labels: Vec<_> = ps.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2017-11", "2017-12", "2018-01", "2018-02"]);
        assert_eq!(ps[1].end, d("2017-12-31"));
        let idx = PeriodIndex::new(By::Month, d("2017-11-20"), d("2018-02-03"));
        assert_eq!(idx.index(d("2017-12-31")), Some(1));
        assert_eq!(idx.index(d("2018-01-01")), Some(2));
        assert_eq!(idx.index(d("2018-02-28")), Some(3));
        assert_eq!(idx.index(d("2018-03-01")), None);
        let all = By::All.periods(d("2017-11-20"), d("2018-02-03"));
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].label, "all");
    }
}
