//! Collocations: contiguous n-grams inside sentences, counted and scored per period.
//!
//! # Candidates
//!
//! Every run of `n` consecutive tokens of one sentence (never across sentences), for `n` in
//! `min_n..=max_n` (`--size 2..4`; `2 ≤ min_n ≤ max_n ≤ 4`), stop tokens included. With
//! `drop_stop_edges` (default), candidates that begin or end with a stop token are dropped
//! (`party of labour` stays, `of the party` goes). Counts are per period and additive; the
//! `min_count` threshold is applied only in [`CollocationCounts::rows`], after all shards have
//! been merged (a per-shard count says nothing about the period total).
//!
//! # Scores
//!
//! `N` is the number of tokens in the period, **stop tokens included** (n-grams are contiguous
//! in the full token stream, so their marginals are too), and every marginal is the count of a
//! shorter n-gram in the same period, stop tokens included.
//!
//! - `n = 2`: the 2×2 table of [`crate::assoc`] with `o11 = f(w1 w2)`, `R1 = f(w1)`,
//!   `C1 = f(w2)`, `N`; so `pmi = log2(o11 N / (f(w1) f(w2)))` (Church and Hanks 1990), `npmi`
//!   (Bouma 2009), signed `g2` (Dunning 1993), `t_score = (o11 − E11) / sqrt(o11)`. Unigram
//!   frequencies stand in for the positional marginals (Manning and Schütze 1999, §5.3).
//! - `n > 2`: the same measures on each of the `n − 1` binary splits `prefix | suffix`
//!   (`R1 = f(prefix)`, `C1 = f(suffix)`), and **each measure is the minimum over the splits**.
//!   An n-gram thus scores high only if it is strongly associated however it is cut: `kim jong
//!   un` is scored by the weaker of `kim | jong un` and `kim jong | un`. Da Silva and Lopes (1999,
//!   "A local maxima method and a fair dispersion normalization for extracting multi-word units")
//!   average over the splits instead; the minimum is the conservative choice, and it keeps a
//!   frequent word glued to a strong bigram (`the korean peninsula`) from scoring as high as the
//!   bigram.
//!
//! Rows are sorted by period, then the chosen measure descending, then the collocation text.
//! [`phrase_list`] turns the rows into a `--phrases` file.
//!
//! ```
//! use dateline_analytics::collocations::{CollocationCounts, CollocationOptions};
//! use dateline_core::{By, Date};
//! use dateline_tokenize::{Pipeline, PipelineSpec, Stopwords};
//! let pipeline = Pipeline::new(&PipelineSpec { stopwords: Stopwords::None, ..Default::default() });
//! let opts = CollocationOptions { min_n: 2, max_n: 3, min_count: 2, ..Default::default() };
//! let mut counts = CollocationCounts::new(opts).unwrap();
//! counts.add_tokens(0, &pipeline.tokenize("Kim Jong Un met. Kim Jong Un spoke."));
//! let d: Date = "2018-01-01".parse().unwrap();
//! let rows = counts.rows(&By::Year.periods(d, d));
//! let found: Vec<_> = rows.iter().map(|r| r.collocation.as_str()).collect();
//! assert_eq!(found, ["jong un", "kim jong", "kim jong un"]);
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use dateline_core::Period;
use dateline_tokenize::Tokens;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::assoc::{scores, Measure, Scores};
use crate::cooccur::FormIds;
use crate::intern::IdCounts;
use crate::pass::{Accumulator, DocView};

/// The longest n-gram counted.
pub const MAX_N: usize = 4;

/// Invalid collocation options.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CollocationsError {
    /// The n-gram size range is empty or outside `2..=4`.
    #[error("invalid n-gram sizes `{min}..{max}` (expected 2 <= min <= max <= {MAX_N})")]
    Sizes {
        /// Smallest size asked for.
        min: usize,
        /// Largest size asked for.
        max: usize,
    },
    /// A measure the collocation table has no column for.
    #[error("measure `{measure}` is not available for collocations (use count, pmi, npmi, g2 or t_score)")]
    Measure {
        /// The measure asked for.
        measure: Measure,
    },
}

/// Options of a collocation count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollocationOptions {
    /// Smallest n-gram size (default 2).
    pub min_n: usize,
    /// Largest n-gram size (default 3).
    pub max_n: usize,
    /// Drop candidates beginning or ending with a stop token (default true).
    pub drop_stop_edges: bool,
    /// Candidates seen fewer times in a period are dropped (default 5).
    pub min_count: u64,
    /// Keep the best `top` candidates per period.
    pub top: Option<usize>,
    /// The measure rows are ranked by (default npmi).
    pub measure: Measure,
}

impl Default for CollocationOptions {
    fn default() -> Self {
        CollocationOptions {
            min_n: 2,
            max_n: 3,
            drop_stop_edges: true,
            min_count: 5,
            top: None,
            measure: Measure::Npmi,
        }
    }
}

impl CollocationOptions {
    /// Checks the size range and the measure.
    pub fn validate(&self) -> Result<(), CollocationsError> {
        if self.min_n < 2 || self.min_n > self.max_n || self.max_n > MAX_N {
            return Err(CollocationsError::Sizes {
                min: self.min_n,
                max: self.max_n,
            });
        }
        if matches!(self.measure, Measure::Dice | Measure::LogDice) {
            return Err(CollocationsError::Measure {
                measure: self.measure,
            });
        }
        Ok(())
    }
}

/// One row of the collocation table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CollocationRow {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Period label.
    pub period: String,
    /// The n-gram, normalized forms joined by single spaces (`kim jong un`).
    pub collocation: String,
    /// Number of tokens.
    pub n: u32,
    /// Occurrences in the period.
    pub count: u64,
    /// PMI (minimum over splits when `n > 2`).
    pub pmi: f64,
    /// Normalized PMI (minimum over splits).
    pub npmi: f64,
    /// Signed G² (minimum over splits).
    pub g2: f64,
    /// t-score (minimum over splits).
    pub t_score: f64,
}

#[derive(Debug, Clone, Default)]
struct PeriodGrams {
    tokens: u64,
    /// Token counts by vocabulary id.
    unigrams: IdCounts,
    /// `grams[n - 2]`: counts of the n-grams of size `n`, keyed by [`pack`].
    grams: Vec<FxHashMap<u128, u64>>,
}

impl PeriodGrams {
    /// The count of the n-gram `ids` (any size up to [`MAX_N`]).
    fn count(&self, ids: &[u32]) -> u64 {
        match ids {
            [id] => self.unigrams.get(*id),
            _ => self
                .grams
                .get(ids.len() - 2)
                .and_then(|m| m.get(&pack(ids)).copied())
                .unwrap_or(0),
        }
    }
}

/// Additive n-gram counts per period index.
#[derive(Debug, Clone)]
pub struct CollocationCounts {
    options: Arc<CollocationOptions>,
    vocab: FormIds,
    periods: BTreeMap<usize, PeriodGrams>,
    ids: Vec<u32>,
}

/// Up to [`MAX_N`] ids packed into 32-bit lanes of one key (the size is the map's).
fn pack(ids: &[u32]) -> u128 {
    ids.iter()
        .enumerate()
        .fold(0, |k, (i, &id)| k | (u128::from(id) << (32 * i)))
}

/// The `n` ids of a key.
fn unpack(key: u128, n: usize) -> [u32; MAX_N] {
    let mut ids = [0; MAX_N];
    for (i, id) in ids.iter_mut().enumerate().take(n) {
        *id = (key >> (32 * i)) as u32;
    }
    ids
}

impl CollocationCounts {
    /// Empty counts; fails when the options are invalid.
    pub fn new(options: CollocationOptions) -> Result<Self, CollocationsError> {
        options.validate()?;
        Ok(CollocationCounts {
            options: Arc::new(options),
            vocab: FormIds::default(),
            periods: BTreeMap::new(),
            ids: Vec::new(),
        })
    }

    /// Empty counts with the same options (a new shard).
    pub fn empty_like(&self) -> Self {
        CollocationCounts {
            options: Arc::clone(&self.options),
            vocab: FormIds::default(),
            periods: BTreeMap::new(),
            ids: Vec::new(),
        }
    }

    /// The options.
    pub fn options(&self) -> &CollocationOptions {
        &self.options
    }

    /// Counts one document's n-grams (all sizes up to `max_n`, for the marginals) into `period`.
    pub fn add_tokens(&mut self, period: usize, tokens: &Tokens) {
        let mut ids = std::mem::take(&mut self.ids);
        self.vocab.intern_all(tokens, &mut ids);
        let toks = tokens.tokens();
        let max_n = self.options.max_n;
        let drop_edges = self.options.drop_stop_edges;
        let pg = self.periods.entry(period).or_default();
        pg.grams.resize_with(max_n - 1, FxHashMap::default);
        pg.tokens += toks.len() as u64;
        for i in 0..toks.len() {
            pg.unigrams.add(ids[i], 1);
            for n in 2..=max_n {
                let j = i + n - 1;
                if j >= toks.len() || toks[j].sentence != toks[i].sentence {
                    break;
                }
                // The longest size is never a marginal: skip candidates that will be dropped.
                if n == max_n && drop_edges && (toks[i].stop || toks[j].stop) {
                    continue;
                }
                *pg.grams[n - 2].entry(pack(&ids[i..=j])).or_insert(0) += 1;
            }
        }
        self.ids = ids;
    }

    /// Adds `other`'s counts to these.
    pub fn merge_counts(&mut self, other: Self) {
        if self.periods.is_empty() {
            self.vocab = other.vocab;
            self.periods = other.periods;
            return;
        }
        let remap = self.vocab.absorb(&other.vocab);
        for (p, og) in other.periods {
            let pg = self.periods.entry(p).or_default();
            pg.tokens += og.tokens;
            for (id, c) in og.unigrams.nonzero() {
                pg.unigrams.add(remap[id as usize], c);
            }
            if pg.grams.len() < og.grams.len() {
                pg.grams.resize_with(og.grams.len(), FxHashMap::default);
            }
            for (size, (map, omap)) in pg.grams.iter_mut().zip(og.grams).enumerate() {
                let n = size + 2;
                map.reserve(omap.len());
                for (key, c) in omap {
                    let mut ids = unpack(key, n);
                    for id in &mut ids[..n] {
                        *id = remap[*id as usize];
                    }
                    *map.entry(pack(&ids[..n])).or_insert(0) += c;
                }
            }
        }
    }

    /// Scores the candidates with at least `min_count` occurrences per period (see the module
    /// docs); `periods` are the periods the indices refer to.
    pub fn rows(&self, periods: &[Period]) -> Vec<CollocationRow> {
        let o = &*self.options;
        let mut out = Vec::new();
        for (&p, pg) in &self.periods {
            let Some(period) = periods.get(p) else {
                continue;
            };
            let mut rows: Vec<(f64, CollocationRow)> = Vec::new();
            let sized = pg.grams.iter().enumerate().map(|(s, m)| (s + 2, m));
            let candidates = sized
                .filter(|&(n, _)| n >= o.min_n)
                .flat_map(|(n, m)| m.iter().map(move |(&k, &c)| (n, k, c)));
            for (n, key, count) in candidates {
                if count < o.min_count.max(1) {
                    continue;
                }
                let all = unpack(key, n);
                let ids = &all[..n];
                if o.drop_stop_edges
                    && (self.vocab.is_stop(ids[0]) || self.vocab.is_stop(ids[n - 1]))
                {
                    continue;
                }
                let mut best: Option<Scores> = None;
                for k in 1..n {
                    let (r1, c1) = (pg.count(&ids[..k]), pg.count(&ids[k..]));
                    let s = scores(count, r1, c1, pg.tokens, r1, c1);
                    best = Some(match best {
                        None => s,
                        Some(b) => Scores {
                            pmi: b.pmi.min(s.pmi),
                            npmi: b.npmi.min(s.npmi),
                            g2: b.g2.min(s.g2),
                            t_score: b.t_score.min(s.t_score),
                            ..b
                        },
                    });
                }
                let s = best.unwrap_or_default();
                let mut text = String::new();
                for (i, &id) in ids.iter().enumerate() {
                    if i > 0 {
                        text.push(' ');
                    }
                    text.push_str(self.vocab.word(id));
                }
                let row = CollocationRow {
                    period_start: period.start,
                    period: period.label.clone(),
                    collocation: text,
                    n: n as u32,
                    count,
                    pmi: s.pmi,
                    npmi: s.npmi,
                    g2: s.g2,
                    t_score: s.t_score,
                };
                rows.push((o.measure.pick(count, &s), row));
            }
            rows.sort_by(|a, b| {
                b.0.total_cmp(&a.0)
                    .then_with(|| a.1.collocation.cmp(&b.1.collocation))
            });
            if let Some(t) = o.top {
                rows.truncate(t);
            }
            out.extend(rows.into_iter().map(|(_, r)| r));
        }
        out
    }
}

/// Counts the documents of dated periods (`period: None` is skipped); groups are ignored.
impl Accumulator for CollocationCounts {
    fn add(&mut self, doc: &DocView<'_>) {
        if let Some(p) = doc.period {
            self.add_tokens(p, doc.tokens);
        }
    }
    fn merge(&mut self, other: Self) {
        self.merge_counts(other);
    }
}

/// The distinct collocations of `rows`, one per line in first-seen order, as a `--phrases`
/// file (normalized forms: feed it back to a pipeline that normalizes the same way, e.g. not
/// stemmed when the rows were not).
pub fn phrase_list(rows: &[CollocationRow]) -> String {
    let mut seen = FxHashSet::default();
    let mut out = String::new();
    for r in rows {
        if seen.insert(r.collocation.as_str()) {
            out.push_str(&r.collocation);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cooccur::tests::toks;
    use dateline_core::By;

    fn periods() -> Vec<Period> {
        let d: NaiveDate = "2018-01-01".parse().unwrap();
        By::Year.periods(d, d)
    }

    fn rows(texts: &[&str], o: CollocationOptions) -> Vec<CollocationRow> {
        let mut c = CollocationCounts::new(o).unwrap();
        for t in texts {
            c.add_tokens(0, &toks(t));
        }
        c.rows(&periods())
    }

    fn opts(min_n: usize, max_n: usize, min_count: u64) -> CollocationOptions {
        CollocationOptions {
            min_n,
            max_n,
            min_count,
            measure: Measure::Count,
            ..CollocationOptions::default()
        }
    }

    #[test]
    fn candidates_stay_inside_sentences_and_drop_stop_edges() {
        // "a b. c _of d" -> bigrams a b, c of, of d; "b c" crosses a sentence.
        let r = rows(&["a b. c _of d"], opts(2, 3, 1));
        let got: Vec<_> = r.iter().map(|r| (r.collocation.as_str(), r.n)).collect();
        assert_eq!(got, [("a b", 2), ("c of d", 3)]);
        let keep = CollocationOptions {
            drop_stop_edges: false,
            ..opts(2, 2, 1)
        };
        let r = rows(&["a b. c _of d"], keep);
        let got: Vec<_> = r.iter().map(|r| r.collocation.as_str()).collect();
        assert_eq!(got, ["a b", "c of", "of d"]);
    }

    #[test]
    fn bigram_scores_by_hand() {
        // "x y a. x y b. x c." -> N = 8 tokens; f(x) = 3, f(y) = 2, f(x y) = 2.
        // E11 = 3 * 2 / 8 = 0.75; pmi = log2(2 / 0.75) = log2(8/3) = 1.4150374992788437;
        // npmi = pmi / -log2(2/8) = pmi / 2 = 0.7075187496394219;
        // t = (2 - 0.75) / sqrt 2 = 0.8838834764831843.
        // G2: [[2, 1], [0, 5]], E = [0.75, 2.25, 1.25, 3.75]:
        // 2 (2 ln(2/0.75) + 1 ln(1/2.25) + 5 ln(5/3.75)) = 5.178277304132056 (python3).
        let r = rows(&["x y a. x y b. x c."], opts(2, 2, 2));
        assert_eq!(r.len(), 1);
        let xy = &r[0];
        assert_eq!((xy.collocation.as_str(), xy.count), ("x y", 2));
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        close(xy.pmi, 1.415_037_499_278_843_7);
        close(xy.npmi, 0.707_518_749_639_421_9);
        close(xy.t_score, 0.883_883_476_483_184_3);
        close(xy.g2, 5.178_277_304_132_056);
    }

    #[test]
    fn trigram_takes_the_weakest_split() {
        // "a b c. a b d. e c." N = 8; f(a b c) = 1, f(a) = 2, f(b c) = 1, f(a b) = 2, f(c) = 2.
        // split a | b c: pmi = log2(1 * 8 / (2 * 1)) = 2;
        // split a b | c: pmi = log2(1 * 8 / (2 * 2)) = 1 -> the minimum.
        let r = rows(&["a b c. a b d. e c."], opts(3, 3, 1));
        let abc = r.iter().find(|r| r.collocation == "a b c").unwrap();
        assert!((abc.pmi - 1.0).abs() < 1e-12, "{}", abc.pmi);
    }

    #[test]
    fn min_count_applies_after_merging() {
        // Each shard sees "a b" once; together twice, which passes min_count 2.
        let mut s1 = CollocationCounts::new(opts(2, 2, 2)).unwrap();
        let mut s2 = s1.empty_like();
        s1.add_tokens(0, &toks("a b"));
        s2.add_tokens(0, &toks("c a b"));
        assert!(s1.rows(&periods()).is_empty());
        s1.merge_counts(s2);
        let r = s1.rows(&periods());
        assert_eq!(r.len(), 1);
        assert_eq!((r[0].collocation.as_str(), r[0].count), ("a b", 2));
    }

    #[test]
    fn sorted_by_measure_then_text_with_top_and_phrase_list() {
        let texts = ["p q. p q. r s. r s. t u. t u. t u."];
        let r = rows(&texts, opts(2, 2, 2));
        let got: Vec<_> = r
            .iter()
            .map(|r| (r.collocation.as_str(), r.count))
            .collect();
        assert_eq!(got, [("t u", 3), ("p q", 2), ("r s", 2)]);
        let top = CollocationOptions {
            top: Some(2),
            ..opts(2, 2, 2)
        };
        assert_eq!(phrase_list(&rows(&texts, top)), "t u\np q\n");
    }

    #[test]
    fn rejects_bad_options() {
        let e = CollocationCounts::new(opts(1, 3, 1)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid n-gram sizes `1..3` (expected 2 <= min <= max <= 4)"
        );
        assert!(CollocationCounts::new(opts(3, 5, 1)).is_err());
        let e = CollocationCounts::new(CollocationOptions {
            measure: Measure::LogDice,
            ..opts(2, 3, 1)
        })
        .unwrap_err();
        assert!(e.to_string().contains("`log_dice`"));
    }
}
