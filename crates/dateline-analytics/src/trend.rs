//! Trends of queries over time: matches per period, per 10,000 tokens, smoothed.
//!
//! For each period and query, [`TrendCounts`] counts the matches of the query
//! ([`Query::count`]: non-overlapping, so a phrase counts once per occurrence) and the
//! documents with at least one match; per period it counts the documents and the tokens
//! (non-stop tokens, as the unigram totals of [`crate::terms`]). `per_10k` is
//! `count × 10,000 / tokens`.
//!
//! `smoothed` is a trailing moving average of `per_10k`: the mean over the period and the
//! `k − 1` periods before it, or over as many as exist at the start of the series (so the
//! first value is the first `per_10k`). `k = 1` gives `smoothed = per_10k`. Empty periods count
//! as 0 in the mean.

use chrono::NaiveDate;
use dateline_core::PeriodIndex;
use dateline_tokenize::Tokens;
use serde::{Deserialize, Serialize};

use crate::index::TokenMap;
use crate::pass::{Accumulator, DocView, IndexedDoc};
use crate::query::Query;
use crate::stats;
use std::sync::{Arc, Mutex, PoisonError};

/// Query matches per period: an [`Accumulator`] for [`run_pass`](crate::pass::run_pass).
#[derive(Debug, Clone)]
pub struct TrendCounts<'q> {
    queries: &'q [Query],
    n_periods: usize,
    /// `[period * queries + query]` → (matches, docs).
    counts: Vec<(u64, u64)>,
    /// Per period: (docs, tokens).
    totals: Vec<(u64, u64)>,
    /// Per query, which term ids of an index's token map can start a match
    /// ([`Query::count_memo`]).
    memos: Vec<Vec<u8>>,
    /// Per term id of an index's token map, the queries a match can start at it (bit `q`),
    /// decided for every term of the map (under its id) the first time it is met; shared by
    /// clones, so that the workers of one pass decide it once.
    shared: Arc<Mutex<Option<Masks>>>,
    /// This accumulator's copy of the masks of the map it counts from.
    masks: Option<Masks>,
}

/// Query masks per term id of the token map with the given id.
type Masks = (u64, Arc<Vec<u64>>);

impl<'q> TrendCounts<'q> {
    /// Empty counts of `queries` over `n_periods` periods. For a pass, make one and clone it
    /// for each worker: clones share what is decided once per term of an index.
    pub fn new(queries: &'q [Query], n_periods: usize) -> Self {
        TrendCounts {
            queries,
            n_periods,
            counts: vec![(0, 0); n_periods * queries.len()],
            totals: vec![(0, 0); n_periods],
            memos: vec![Vec::new(); queries.len()],
            shared: Arc::new(Mutex::new(None)),
            masks: None,
        }
    }

    /// The query masks of `map`'s term ids: this accumulator's copy, else the clones' shared
    /// one, else decided now (and shared).
    fn masks_of(&mut self, map: &TokenMap) -> Arc<Vec<u64>> {
        if let Some((id, m)) = &self.masks {
            if *id == map.id() {
                return Arc::clone(m);
            }
        }
        let mut shared = self.shared.lock().unwrap_or_else(PoisonError::into_inner);
        let m = match &*shared {
            Some((id, m)) if *id == map.id() => Arc::clone(m),
            _ => {
                let m = Arc::new(self.decide_masks(map));
                *shared = Some((map.id(), Arc::clone(&m)));
                m
            }
        };
        drop(shared);
        self.masks = Some((map.id(), Arc::clone(&m)));
        m
    }

    /// Per term id of `map`, the queries a match can start at (bit `q`).
    fn decide_masks(&self, map: &TokenMap) -> Vec<u64> {
        (0..map.terms() as u32)
            .map(|t| {
                let norm = map.term(t);
                self.queries
                    .iter()
                    .enumerate()
                    .filter(|(_, q)| q.can_start(norm))
                    .fold(0, |m, (i, _)| m | 1 << i)
            })
            .collect()
    }

    /// Counts one document of `period` from its forms: its non-stop tokens and, per query of
    /// single words, the tokens that match. False (and nothing counted) when a query of
    /// several words can start a match in it (then its tokens are needed), or there are more
    /// than 63 queries.
    fn add_items(&mut self, period: usize, doc: &IndexedDoc<'_>) -> bool {
        let nq = self.queries.len();
        if nq >= 63 {
            return false;
        }
        let multi: u64 = self
            .queries
            .iter()
            .enumerate()
            .filter(|(_, q)| !q.single_tokens())
            .fold(0, |m, (i, _)| m | 1 << i);
        let masks = self.masks_of(doc.map());
        let mut tokens = 0u64;
        let mut hits = [0u64; 63];
        let mut seen = 0u64;
        for (term, stop) in doc.items() {
            tokens += u64::from(!stop);
            let mut q = masks[term as usize];
            if q & multi != 0 {
                return false;
            }
            seen |= q;
            while q != 0 {
                hits[q.trailing_zeros() as usize] += 1;
                q &= q - 1;
            }
        }
        let t = &mut self.totals[period];
        t.0 += 1;
        t.1 += tokens;
        let base = period * nq;
        for (qi, &n) in hits[..nq].iter().enumerate() {
            if seen & 1 << qi != 0 {
                let c = &mut self.counts[base + qi];
                c.0 += n;
                c.1 += 1;
            }
        }
        true
    }

    /// Counts one document's tokens in `period`.
    pub fn add_tokens(&mut self, period: usize, tokens: &Tokens) {
        if period >= self.n_periods {
            return;
        }
        let t = &mut self.totals[period];
        t.0 += 1;
        t.1 += tokens.tokens().iter().filter(|t| !t.stop).count() as u64;
        let base = period * self.queries.len();
        for (qi, q) in self.queries.iter().enumerate() {
            let n = q.count_memo(tokens, &mut self.memos[qi]) as u64;
            if n > 0 {
                let c = &mut self.counts[base + qi];
                c.0 += n;
                c.1 += 1;
            }
        }
    }

    /// Matches and documents with a match, for `query` (index) in `period`.
    pub fn get(&self, period: usize, query: usize) -> (u64, u64) {
        self.counts[period * self.queries.len() + query]
    }

    /// Documents and tokens of `period`.
    pub fn period_totals(&self, period: usize) -> (u64, u64) {
        self.totals[period]
    }

    /// One row per query × period (zeros included), by query order then period; `smooth` is
    /// the window of the trailing mean (0 is taken as 1).
    pub fn rows(&self, periods: &PeriodIndex, smooth: usize) -> Vec<TrendRow> {
        let k = smooth.max(1);
        let ps = periods.periods();
        let n = ps.len().min(self.n_periods);
        let mut out = Vec::with_capacity(n * self.queries.len());
        for (qi, q) in self.queries.iter().enumerate() {
            let rates: Vec<f64> = (0..n)
                .map(|p| stats::per_10k(self.get(p, qi).0 as f64, self.totals[p].1 as f64))
                .collect();
            for (p, period) in ps.iter().take(n).enumerate() {
                let len = (p + 1).min(k);
                let smoothed = rates[p + 1 - len..=p].iter().sum::<f64>() / len as f64;
                let (count, docs) = self.get(p, qi);
                out.push(TrendRow {
                    period_start: period.start,
                    period: period.label.clone(),
                    query: q.label.clone(),
                    count,
                    docs,
                    tokens: self.totals[p].1,
                    per_10k: rates[p],
                    smoothed,
                });
            }
        }
        out
    }
}

impl Accumulator for TrendCounts<'_> {
    /// Counts a dated document; documents without a period are skipped.
    fn add(&mut self, doc: &DocView<'_>) {
        if let Some(p) = doc.period {
            self.add_tokens(p, doc.tokens);
        }
    }

    /// Tokens are rebuilt only for a query of several words, or more than 63 queries.
    fn needs_positions(&self) -> bool {
        self.queries.len() >= 63 || !self.queries.iter().all(Query::single_tokens)
    }

    /// From the forms alone, unless a query of several words can match in the document.
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        let Some(p) = doc.period else { return };
        if p >= self.n_periods || self.add_items(p, doc) {
            return;
        }
        let view = doc.view();
        self.add_tokens(p, view.tokens);
    }

    fn merge(&mut self, other: Self) {
        assert_eq!(
            self.counts.len(),
            other.counts.len(),
            "same queries and periods"
        );
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (a, b) in self.totals.iter_mut().zip(other.totals) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }
}

/// One query in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrendRow {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Period label.
    pub period: String,
    /// Query label.
    pub query: String,
    /// Matches in the period.
    pub count: u64,
    /// Documents with at least one match.
    pub docs: u64,
    /// Non-stop tokens in the period.
    pub tokens: u64,
    /// Matches per 10,000 tokens.
    pub per_10k: f64,
    /// Trailing mean of `per_10k` over the last `smooth` periods available.
    pub smoothed: f64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::tests::{periods, toks, DOCS};
    use dateline_tokenize::{Pipeline, PipelineSpec};

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9, "{a} vs {b}");
    }

    #[test]
    fn trend_by_hand_with_smoothing() {
        let p = Pipeline::new(&PipelineSpec::default());
        let queries: Vec<Query> = ["war", "wp=war peace", "arm*"]
            .iter()
            .map(|q| Query::parse(q, &p).unwrap())
            .collect();
        let mut a = TrendCounts::new(&queries, 3);
        let mut b = TrendCounts::new(&queries, 3);
        for (i, (period, text)) in DOCS.iter().enumerate() {
            let acc = if i == 1 { &mut b } else { &mut a };
            acc.add_tokens(*period, &toks(text));
        }
        a.merge(b);
        let rows = a.rows(&periods(), 2);
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.query.as_str(),
                    r.period.as_str(),
                    r.count,
                    r.docs,
                    r.tokens,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("war", "2018-01", 2, 1, 6),
                ("war", "2018-02", 0, 0, 0),
                ("war", "2018-03", 1, 1, 3),
                ("wp", "2018-01", 1, 1, 6),
                ("wp", "2018-02", 0, 0, 0),
                ("wp", "2018-03", 0, 0, 3),
                ("arm*", "2018-01", 1, 1, 6),
                ("arm*", "2018-02", 0, 0, 0),
                ("arm*", "2018-03", 2, 1, 3),
            ]
        );
        let third = 10_000.0 / 3.0;
        close(rows[0].per_10k, third);
        close(rows[0].smoothed, third);
        close(rows[1].smoothed, third / 2.0);
        close(rows[2].per_10k, third);
        close(rows[2].smoothed, third / 2.0);
        close(rows[8].per_10k, 2.0 * third);
        close(rows[8].smoothed, third);
        assert_eq!(a.period_totals(0), (2, 6));
        // k = 1: smoothed is per_10k.
        assert!(a
            .rows(&periods(), 1)
            .iter()
            .all(|r| r.smoothed == r.per_10k));
        // A window longer than the series averages what exists.
        close(a.rows(&periods(), 10)[2].smoothed, (third + third) / 3.0);
    }

    /// The same documents as real texts, read from an index: single-word and glob queries
    /// are counted from the forms, the two-word query from the rebuilt tokens of the
    /// documents where it can start; the counts are the hand values above, on 1 and 2
    /// threads, in one batch and in batches of one document.
    #[test]
    fn trend_from_an_index_counts_the_hand_values() {
        use crate::index::{IndexBuilder, TokenMap};
        use crate::pass::{run_indexed_pass_batches, PassOptions};
        use dateline_core::Document;
        use dateline_tokenize::Rules;
        let texts = [
            ("2018-01-10", "War of peace. War peace."),
            ("2018-01-20", "Peace army."),
            ("2018-03-05", "Army army, the war."),
        ];
        let docs: Vec<Document> = texts
            .iter()
            .map(|(d, body)| Document {
                date: Some(d.parse().unwrap()),
                body: (*body).into(),
                lang: "en".into(),
                ..Document::default()
            })
            .collect();
        let p = Pipeline::new(&PipelineSpec::default());
        let queries: Vec<Query> = ["war", "wp=war peace", "arm*"]
            .iter()
            .map(|q| Query::parse(q, &p).unwrap())
            .collect();
        let mut b = IndexBuilder::new(&[Rules::Default]);
        let whole = b.add_batch(&docs).remove(0);
        // Two maps of one vocabulary, alternating: the clones of `proto` share the query masks
        // of the map they meet, and decide them afresh for the other (same counts).
        let maps = [
            TokenMap::new(&p, &b.vocabs()[0]).unwrap(),
            TokenMap::new(&p, &b.vocabs()[0]).unwrap(),
        ];
        assert_ne!(maps[0].id(), maps[1].id());
        let proto = TrendCounts::new(&queries, 3);
        let periods = periods();
        let opts = PassOptions::new(&periods);
        for threads in [1, 2] {
            for (size, map) in [3, 1].into_iter().zip(&maps) {
                let pool = rayon::ThreadPoolBuilder::new()
                    .num_threads(threads)
                    .build()
                    .unwrap();
                let batches: Vec<_> = docs
                    .chunks(size)
                    .enumerate()
                    .map(|(k, c)| {
                        let mut b = IndexBuilder::new(&[Rules::Default]);
                        // Same forms as `whole`: the vocabulary grows in the same order.
                        b.add_batch(&docs[..k * size]);
                        let s = b.add_batch(c).remove(0);
                        Ok::<_, ()>((c.to_vec(), s))
                    })
                    .collect();
                let (t, stats) = pool
                    .install(|| {
                        run_indexed_pass_batches(
                            batches.into_iter(),
                            map,
                            &opts,
                            || proto.clone(),
                            &|_| {},
                        )
                    })
                    .unwrap();
                assert_eq!(stats.docs_analysed, 3);
                let got: Vec<_> = (0..3)
                    .flat_map(|q| (0..3).map(move |per| (q, per)))
                    .map(|(q, per)| (t.get(per, q), t.period_totals(per)))
                    .collect();
                assert_eq!(
                    got,
                    [
                        ((2, 1), (2, 6)),
                        ((0, 0), (0, 0)),
                        ((1, 1), (1, 3)),
                        ((1, 1), (2, 6)),
                        ((0, 0), (0, 0)),
                        ((0, 0), (1, 3)),
                        ((1, 1), (2, 6)),
                        ((0, 0), (0, 0)),
                        ((2, 1), (1, 3)),
                    ],
                    "threads {threads}, batches of {size}"
                );
            }
        }
        assert_eq!(whole.docs(), 3);
    }
}
