//! The two sides of a comparison (`compare`, the study's `[[compare]]`): which documents form
//! each side, and their term counts in one pass.
use dateline_core::{column_fn, ColumnFn, DateRange, Document};

use crate::keyness::FreqList;
use crate::pass::{Accumulator, DocView, IndexedDoc};
use crate::terms::{CountsError, TermCounts, TermOptions};

/// Which documents form one side of a comparison.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Side {
    /// Dates (documents without a date are outside any bounded range).
    pub range: Option<DateRange>,
    /// `column=value` subset (the column checked by [`Side::parse`]).
    pub filter: Option<(String, String)>,
}

/// A side that cannot be read from its options.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SideError {
    /// The date range is not one.
    #[error("bad --{flag}")]
    Range {
        /// `a` or `b`.
        flag: String,
        /// Why.
        #[source]
        source: dateline_core::RangeError,
    },
    /// The subset is not `COLUMN=VALUE`.
    #[error("bad --{flag}-where `{filter}`: expected COLUMN=VALUE")]
    Filter {
        /// `a` or `b`.
        flag: String,
        /// What was given.
        filter: String,
    },
    /// The subset's column is not a corpus column.
    #[error(transparent)]
    Column(#[from] dateline_core::UnknownColumn),
}

impl Side {
    /// True when `doc` belongs to this side.
    pub fn contains(&self, doc: &Document) -> bool {
        if let Some(r) = &self.range {
            match doc.date {
                Some(d) if r.contains(d) => {}
                _ => return false,
            }
        }
        if let Some((col, val)) = &self.filter {
            let f: ColumnFn = column_fn(col).expect("checked when parsed");
            if f(doc).as_deref() != Some(val.as_str()) {
                return false;
            }
        }
        true
    }

    /// Parses `--{flag}` (a date range) and `--{flag}-where COLUMN=VALUE`.
    pub fn parse(range: Option<&str>, filter: Option<&str>, flag: &str) -> Result<Side, SideError> {
        let range = range
            .map(|r| {
                r.parse::<DateRange>().map_err(|source| SideError::Range {
                    flag: flag.to_string(),
                    source,
                })
            })
            .transpose()?;
        let filter = match filter {
            None => None,
            Some(f) => {
                let (c, v) = f.split_once('=').ok_or_else(|| SideError::Filter {
                    flag: flag.to_string(),
                    filter: f.to_string(),
                })?;
                column_fn(c.trim())?;
                Some((c.trim().to_string(), v.trim().to_string()))
            }
        };
        Ok(Side { range, filter })
    }
}

/// Term counts of two sides in one pass: period 0 is A, period 1 is B.
#[derive(Clone)]
pub struct TwoSides {
    a: Side,
    /// `None`: B is every document not in A.
    b: Option<Side>,
    /// Counts of A (period 0) and B (period 1).
    pub counts: TermCounts,
}

impl TwoSides {
    /// Empty counts of `n`-grams.
    pub fn new(a: Side, b: Option<Side>, n: u32) -> Result<Self, CountsError> {
        Ok(TwoSides {
            a,
            b,
            counts: TermCounts::new(TermOptions::ngrams(n, n)?, 2)?,
        })
    }

    /// The frequency lists of A and B.
    pub fn lists(&self, n: u32) -> (FreqList, FreqList) {
        (
            self.counts.freq_list(n, Some(0..1)),
            self.counts.freq_list(n, Some(1..2)),
        )
    }
}

impl Accumulator for TwoSides {
    fn add(&mut self, doc: &DocView<'_>) {
        let in_a = self.a.contains(doc.doc);
        if in_a {
            self.counts.add_tokens(0, None, doc.tokens);
        }
        let in_b = match &self.b {
            Some(b) => b.contains(doc.doc),
            None => !in_a,
        };
        if in_b {
            self.counts.add_tokens(1, None, doc.tokens);
        }
    }
    /// A document on neither side is not counted, and its tokens are not rebuilt.
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        let in_a = self.a.contains(doc.doc);
        if in_a {
            self.counts.add_indexed_at(0, None, doc);
        }
        let in_b = match &self.b {
            Some(b) => b.contains(doc.doc),
            None => !in_a,
        };
        if in_b {
            self.counts.add_indexed_at(1, None, doc);
        }
    }
    fn needs_positions(&self) -> bool {
        self.counts.needs_positions()
    }
    fn merge(&mut self, other: Self) {
        Accumulator::merge(&mut self.counts, other.counts);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(date: &str, source: &str) -> Document {
        Document {
            date: Some(date.parse().unwrap()),
            source: Some(source.to_string()),
            ..Document::default()
        }
    }

    #[test]
    fn a_side_holds_its_range_and_subset() {
        let s = Side::parse(Some("2017"), Some("source = KCNA"), "a").unwrap();
        assert!(s.contains(&doc("2017-03-01", "KCNA")));
        assert!(!s.contains(&doc("2017-03-01", "Rodong Sinmun")));
        assert!(!s.contains(&doc("2018-01-01", "KCNA")));
        let undated = Document {
            source: Some("KCNA".into()),
            ..Document::default()
        };
        assert!(!s.contains(&undated));
        assert!(Side::default().contains(&undated));
    }

    #[test]
    fn bad_sides_are_refused_with_the_flag() {
        let e = Side::parse(None, Some("source"), "b").unwrap_err();
        assert_eq!(
            e.to_string(),
            "bad --b-where `source`: expected COLUMN=VALUE"
        );
        let e = Side::parse(None, Some("colour=red"), "a").unwrap_err();
        assert!(e.to_string().starts_with("cannot group by `colour`"), "{e}");
        let e = Side::parse(Some("2017-13"), None, "a").unwrap_err();
        assert_eq!(e.to_string(), "bad --a");
    }
}
