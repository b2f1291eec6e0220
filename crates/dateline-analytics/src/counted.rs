//! What a counts folder can answer.
//!
//! A counts folder (`dateline count`, `dateline merge`) answers an analysis only when the answer
//! equals the same analysis of the corpus, byte for byte; otherwise the analysis is refused.
//! [`check`] decides it, in one place, from what was counted ([`Counted`]) and what is asked
//! ([`Asked`]):
//!
//! * **settings** that shape the counts (tokenization, stopwords, `--lang`, stop-word edges,
//!   gazetteers, …) must be equal: a counts folder cannot be re-tokenized;
//! * **n-gram sizes**: any sizes among those counted (`--ngram 2` of counts `1..2`);
//! * **periods**: the counted periods, or coarser ones that are unions of them (month counts →
//!   quarter, year, all; day counts → anything); never finer ones, nor weeks of months;
//! * **dates** (`--from`, `--to`): a bound that falls on a boundary of the counted periods
//!   (`--from 2018-06` on month counts), or outside the dates of the counted documents; not one
//!   inside a counted period (`--from 2018-06-15` on month counts), nor one beyond a range the
//!   counts were limited to (`count --from 2017`).
use std::collections::BTreeMap;

use chrono::NaiveDate;
use dateline_core::{By, DateRange, Period, PeriodIndex};
use thiserror::Error;

use crate::terms::{CellTotals, CountsTable, TermOptions};

/// What a counts folder holds.
#[derive(Debug, Clone)]
pub struct Counted {
    /// The counted period length.
    pub by: By,
    /// The counted periods.
    pub periods: Vec<Period>,
    /// The `--from`/`--to` of the count.
    pub range: DateRange,
    /// The earliest and latest dates of the corpus within `range` (the dates the periods were
    /// made from); `None` when unknown (a folder of an earlier version) or when no document
    /// is dated.
    pub dates: Option<(NaiveDate, NaiveDate)>,
    /// The counted n-gram sizes.
    pub ngram: (u32, u32),
    /// Settings that shape the counts: option (`--stem`) → value as counted.
    pub settings: BTreeMap<String, String>,
}

/// What an analysis of a counts folder asks for.
#[derive(Debug, Clone)]
pub struct Asked {
    /// Period length.
    pub by: By,
    /// `--from`/`--to`.
    pub range: DateRange,
    /// N-gram sizes (`None`: the analysis has no n-grams, as `entities`).
    pub ngram: Option<(u32, u32)>,
    /// Settings: option → value asked, compared with [`Counted::settings`] (a setting the
    /// counts do not record is compared with `none`).
    pub settings: BTreeMap<String, String>,
}

/// How to derive the asked counts from the counted ones.
#[derive(Debug, Clone)]
pub struct Derivation {
    /// The asked periods.
    pub index: PeriodIndex,
    /// For each counted period, the asked period it is summed into (`None`: out of range).
    pub map: Vec<Option<u32>>,
    /// The asked n-gram sizes.
    pub ngram: Option<(u32, u32)>,
}

/// Why a counts folder cannot answer.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Refusal {
    /// A setting differs.
    #[error("it was counted with {option} {counted}, not {asked}")]
    Setting {
        /// The option.
        option: String,
        /// As counted.
        counted: String,
        /// As asked.
        asked: String,
    },
    /// Sizes that were not counted.
    #[error("--ngram {asked}: only sizes {counted} were counted")]
    Ngram {
        /// As asked (`1..3`).
        asked: String,
        /// As counted.
        counted: String,
    },
    /// Periods that are not unions of the counted ones.
    #[error("--by {asked}: the counts are per {counted}, and a {asked} is not a union of {counted}s (give --by {coarser})")]
    Period {
        /// As asked.
        asked: &'static str,
        /// As counted.
        counted: &'static str,
        /// The period lengths that can be derived (`month, quarter, year or all`).
        coarser: String,
    },
    /// A date bound inside a counted period.
    #[error("{flag} {date} falls inside the counted period {label} ({start}..{end}): the counts cannot tell the days of {label} apart (give a bound on a period boundary, {hint})")]
    Inside {
        /// `--from` or `--to`.
        flag: &'static str,
        /// The bound.
        date: NaiveDate,
        /// The period's label.
        label: String,
        /// Its first day.
        start: NaiveDate,
        /// Its last day.
        end: NaiveDate,
        /// The nearest exact bounds.
        hint: String,
    },
    /// A date bound beyond the range the counts were limited to.
    #[error("{asked}: the counts were made with {counted} and hold nothing beyond it")]
    Beyond {
        /// As asked (`--from 2016-01-01`, or `no --from`).
        asked: String,
        /// As counted (`--from 2017-01-01`).
        counted: String,
    },
    /// A derivation that needs the dates of the counted documents, from a folder that lacks them.
    #[error("{what} needs the dates of the counted documents, which this counts folder (made by an earlier dateline) does not record: count again")]
    Unknown {
        /// What was asked.
        what: String,
    },
    /// Too many periods.
    #[error(transparent)]
    Span(#[from] crate::pass::SpanError),
}

fn sizes(n: (u32, u32)) -> String {
    if n.0 == n.1 {
        n.0.to_string()
    } else {
        format!("{}..{}", n.0, n.1)
    }
}

/// The period lengths derivable from counts per `by`.
fn derivable(by: By) -> String {
    let all = [By::Day, By::Week, By::Month, By::Quarter, By::Year, By::All];
    let ok: Vec<&str> = all
        .iter()
        .filter(|b| by.nests_in(**b))
        .map(|b| b.as_str())
        .collect();
    match ok.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_string(),
        None => String::new(),
    }
}

/// Decides whether `counted` answers `asked`, and how.
pub fn check(counted: &Counted, asked: &Asked) -> Result<Derivation, Refusal> {
    // Settings: every option either side records must be equal.
    let keys: std::collections::BTreeSet<&String> = counted
        .settings
        .keys()
        .chain(asked.settings.keys())
        .collect();
    for k in keys {
        let c = counted.settings.get(k).map_or("none", String::as_str);
        let a = asked.settings.get(k).map_or("none", String::as_str);
        if c != a {
            return Err(Refusal::Setting {
                option: k.clone(),
                counted: c.to_string(),
                asked: a.to_string(),
            });
        }
    }
    if let Some(n) = asked.ngram {
        if n.0 < counted.ngram.0 || n.1 > counted.ngram.1 {
            return Err(Refusal::Ngram {
                asked: sizes(n),
                counted: sizes(counted.ngram),
            });
        }
    }
    if !counted.by.nests_in(asked.by) {
        return Err(Refusal::Period {
            asked: asked.by.as_str(),
            counted: counted.by.as_str(),
            coarser: derivable(counted.by),
        });
    }
    let identical = asked.by == counted.by && asked.range == counted.range;
    if identical {
        return Ok(Derivation {
            index: PeriodIndex::from_periods(counted.by, counted.periods.clone()),
            map: (0..counted.periods.len() as u32).map(Some).collect(),
            ngram: asked.ngram,
        });
    }
    // Bounds the counts were limited to.
    let show = |flag: &str, d: Option<NaiveDate>| match d {
        Some(d) => format!("{flag} {d}"),
        None => format!("no {flag}"),
    };
    if let Some(s) = counted.range.start {
        if asked.range.start.is_none_or(|a| a < s) {
            return Err(Refusal::Beyond {
                asked: show("--from", asked.range.start),
                counted: show("--from", Some(s)),
            });
        }
    }
    if let Some(e) = counted.range.end {
        if asked.range.end.is_none_or(|a| a > e) {
            return Err(Refusal::Beyond {
                asked: show("--to", asked.range.end),
                counted: show("--to", Some(e)),
            });
        }
    }
    let Some((data_first, data_last)) = counted.dates else {
        if counted.periods.is_empty() {
            // Nothing counted: nothing to derive, whatever is asked.
            return Ok(Derivation {
                index: PeriodIndex::from_periods(asked.by, Vec::new()),
                map: Vec::new(),
                ngram: asked.ngram,
            });
        }
        return Err(Refusal::Unknown {
            what: format!(
                "--by {}{}{}",
                asked.by.as_str(),
                asked
                    .range
                    .start
                    .map(|d| format!(" --from {d}"))
                    .unwrap_or_default(),
                asked
                    .range
                    .end
                    .map(|d| format!(" --to {d}"))
                    .unwrap_or_default()
            ),
        });
    };
    // A bound is exact on a period boundary, or when no counted document lies on its far side
    // within the period it cuts.
    let cut = |flag: &'static str, d: NaiveDate, from: bool| -> Result<(), Refusal> {
        let Some(p) = counted.periods.iter().find(|p| p.start <= d && d <= p.end) else {
            return Ok(());
        };
        let on_boundary = if from { d == p.start } else { d == p.end };
        let nothing_cut = if from {
            d <= data_first || d > data_last
        } else {
            d >= data_last || d < data_first
        };
        if on_boundary || nothing_cut {
            return Ok(());
        }
        let hint = if from {
            match p.end.succ_opt() {
                Some(next) => format!("--from {} or --from {next}", p.start),
                None => format!("--from {}", p.start),
            }
        } else {
            match p.start.pred_opt() {
                Some(prev) => format!("--to {prev} or --to {}", p.end),
                None => format!("--to {}", p.end),
            }
        };
        Err(Refusal::Inside {
            flag,
            date: d,
            label: p.label.clone(),
            start: p.start,
            end: p.end,
            hint,
        })
    };
    if let Some(d) = asked.range.start {
        cut("--from", d, true)?;
    }
    if let Some(d) = asked.range.end {
        cut("--to", d, false)?;
    }
    // The periods a direct run makes: from the bounds asked, else from the counted dates.
    let first = asked.range.start.unwrap_or(data_first);
    let last = asked.range.end.unwrap_or(data_last);
    if last >= first {
        let periods = asked.by.count_periods(first, last);
        let limit = crate::limits::max_periods().map_err(crate::pass::SpanError::from)?;
        if periods > limit {
            return Err(crate::pass::SpanError::TooManyPeriods {
                by: asked.by,
                periods,
                first,
                last,
                limit,
                dates: None,
            }
            .into());
        }
    }
    let index = PeriodIndex::new(asked.by, first, last);
    let map = counted
        .periods
        .iter()
        .map(|p| {
            let inside = asked.range.start.is_none_or(|s| p.end >= s)
                && asked.range.end.is_none_or(|e| p.start <= e);
            if !inside {
                return None;
            }
            // The counted period's documents lie within [first, last]: place it by the first
            // day it shares with the asked span.
            index.index(p.start.max(first)).map(|i| i as u32)
        })
        .collect();
    Ok(Derivation {
        index,
        map,
        ngram: asked.ngram,
    })
}

/// The counts of `t` summed into the periods and sizes of `d` (cells and terms of a period
/// out of range are left out; [`crate::terms::TermCounts::from_table`] sums the cells that
/// fall into one period).
pub fn derive_table(t: &CountsTable, d: &Derivation) -> CountsTable {
    let ngram = d.ngram.unwrap_or(t.options.ngram);
    let lo = (ngram.0 - t.options.ngram.0) as usize;
    let hi = (ngram.1 - t.options.ngram.0) as usize;
    let map = |p: u32| d.map.get(p as usize).copied().flatten();
    let cells = t
        .cells
        .iter()
        .filter_map(|c| {
            Some(CellTotals {
                period: map(c.period)?,
                group: c.group.clone(),
                docs: c.docs,
                tokens: c.tokens.get(lo..=hi)?.to_vec(),
            })
        })
        .collect();
    let terms = t
        .terms
        .iter()
        .filter(|x| (ngram.0..=ngram.1).contains(&x.n))
        .filter_map(|x| {
            let mut x = x.clone();
            x.period = map(x.period)?;
            Some(x)
        })
        .collect();
    CountsTable {
        options: TermOptions {
            ngram,
            drop_stop_edges: t.options.drop_stop_edges,
        },
        periods: d.index.periods().to_vec(),
        cells,
        terms,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn months() -> Counted {
        Counted {
            by: By::Month,
            periods: By::Month.periods(d("2017-11-20"), d("2018-02-03")),
            range: DateRange::default(),
            dates: Some((d("2017-11-20"), d("2018-02-03"))),
            ngram: (1, 2),
            settings: [("--stem".to_string(), "off".to_string())].into(),
        }
    }

    fn ask(by: By, range: &str) -> Asked {
        Asked {
            by,
            range: if range.is_empty() {
                DateRange::default()
            } else {
                range.parse().unwrap()
            },
            ngram: Some((1, 2)),
            settings: [("--stem".to_string(), "off".to_string())].into(),
        }
    }

    #[test]
    fn identical_coarser_and_ranges() {
        let c = months();
        let x = check(&c, &ask(By::Month, "")).unwrap();
        assert_eq!(x.index.periods(), &c.periods[..]);
        let x = check(&c, &ask(By::Year, "")).unwrap();
        let labels: Vec<&str> = x.index.periods().iter().map(|p| p.label.as_str()).collect();
        assert_eq!(labels, ["2017", "2018"]);
        assert_eq!(x.map, vec![Some(0), Some(0), Some(1), Some(1)]);
        // `all` starts and ends on the counted dates, as a direct run's.
        let x = check(&c, &ask(By::All, "")).unwrap();
        assert_eq!(x.index.periods()[0].start, d("2017-11-20"));
        assert_eq!(x.index.periods()[0].end, d("2018-02-03"));
        // A month bound is exact; a day inside a month is not, unless no document is cut.
        let x = check(&c, &ask(By::Month, "2017-12..")).unwrap();
        assert_eq!(x.map, vec![None, Some(0), Some(1), Some(2)]);
        assert_eq!(x.index.periods().len(), 3);
        let e = check(&c, &ask(By::Month, "2017-12-15..")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--from 2017-12-15 falls inside the counted period 2017-12 (2017-12-01..2017-12-31): the counts cannot tell the days of 2017-12 apart (give a bound on a period boundary, --from 2017-12-01 or --from 2018-01-01)"
        );
        let e = check(&c, &ask(By::Month, "..2018-01-15")).unwrap_err();
        assert!(
            e.to_string().contains("--to 2017-12-31 or --to 2018-01-31"),
            "{e}"
        );
        // Before the first document, or after the last: nothing is cut.
        let x = check(&c, &ask(By::Month, "2017-11-05..2018-02-20")).unwrap();
        assert_eq!(x.map, vec![Some(0), Some(1), Some(2), Some(3)]);
        let x = check(&c, &ask(By::Month, "2017-01..")).unwrap();
        assert_eq!(x.index.periods().len(), 14);
        assert_eq!(x.map, vec![Some(10), Some(11), Some(12), Some(13)]);
    }

    #[test]
    fn refusals() {
        let c = months();
        let e = check(&c, &ask(By::Day, "")).unwrap_err();
        assert_eq!(
            e.to_string(),
            "--by day: the counts are per month, and a day is not a union of months (give --by month, quarter, year or all)"
        );
        assert!(check(&c, &ask(By::Week, "")).is_err());
        let mut a = ask(By::Month, "");
        a.ngram = Some((1, 3));
        assert_eq!(
            check(&c, &a).unwrap_err().to_string(),
            "--ngram 1..3: only sizes 1..2 were counted"
        );
        a.ngram = Some((2, 2));
        assert!(check(&c, &a).is_ok());
        let mut a = ask(By::Month, "");
        a.settings.insert("--stem".into(), "on".into());
        assert_eq!(
            check(&c, &a).unwrap_err().to_string(),
            "it was counted with --stem off, not on"
        );
        let mut a = ask(By::Month, "");
        a.settings.insert("--group-by".into(), "title".into());
        assert!(check(&c, &a)
            .unwrap_err()
            .to_string()
            .contains("--group-by none, not title"));
        // Counts limited to a range answer only inside it.
        let mut c2 = months();
        c2.range = "2017-12..".parse().unwrap();
        assert_eq!(
            check(&c2, &ask(By::Month, "")).unwrap_err().to_string(),
            "no --from: the counts were made with --from 2017-12-01 and hold nothing beyond it"
        );
        assert!(check(&c2, &ask(By::Year, "2018..")).is_ok());
    }

    #[test]
    fn derive_sums_and_slices() {
        let c = months();
        let t = CountsTable {
            options: TermOptions::ngrams(1, 2).unwrap(),
            periods: c.periods.clone(),
            cells: vec![
                CellTotals {
                    period: 0,
                    group: None,
                    docs: 2,
                    tokens: vec![10, 8],
                },
                CellTotals {
                    period: 1,
                    group: None,
                    docs: 1,
                    tokens: vec![5, 4],
                },
            ],
            terms: vec![
                crate::terms::TermCount {
                    period: 0,
                    group: None,
                    n: 1,
                    term: "peace".into(),
                    count: 3,
                    docs: 2,
                },
                crate::terms::TermCount {
                    period: 1,
                    group: None,
                    n: 2,
                    term: "nuclear test".into(),
                    count: 1,
                    docs: 1,
                },
            ],
        };
        let mut a = ask(By::Year, "");
        a.ngram = Some((1, 1));
        let x = derive_table(&t, &check(&c, &a).unwrap());
        assert_eq!(x.options.ngram, (1, 1));
        assert_eq!(x.cells.len(), 2);
        assert!(x.cells.iter().all(|c| c.period == 0 && c.tokens.len() == 1));
        assert_eq!(x.terms.len(), 1);
        assert_eq!(x.terms[0].term, "peace");
    }
}
