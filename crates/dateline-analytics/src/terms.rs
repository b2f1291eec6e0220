//! Term and n-gram counts per period (and group), and per document.
//!
//! Semantics:
//! - unigrams (`n = 1`) count the tokens that are not stop tokens ([`Token::stop`]);
//! - n-grams (`n ≥ 2`) are `n` consecutive tokens of one sentence (stop tokens included),
//!   their normalized forms joined by one space; with [`TermOptions::drop_stop_edges`] (the
//!   default) an n-gram that begins or ends with a stop token is not counted;
//! - a period's `tokens` for size `n` is the number of terms of that size counted in it: the
//!   non-stop tokens for `n = 1`, the n-grams kept for `n ≥ 2`. `per_10k` divides by it.
//!
//! `n` is the number of tokens in a term; a pipeline phrase (`kim jong un` as one token) is one
//! token.
//!
//! [`TermCounts`] keeps raw additive counts (term → count and documents per period, group and
//! size; documents and tokens per period and group). Scores are computed from them when rows
//! are produced, so counts of several shards can be saved ([`TermCounts::to_table`]), merged
//! and scored once.
//!
//! Counting is lean: each worker interns terms into its own hash map (one look-up by `&str` per
//! token, one allocation per new type), counts a document's terms in a dense vector indexed by
//! term id, and adds each distinct term of the document once to the period table.
//!
//! ```
//! use dateline_analytics::pass::{period_index_for, run_pass, PassOptions};
//! use dateline_analytics::terms::{RowOptions, TermCounts, TermOptions};
//! use dateline_core::{By, DateRange, Document};
//! use dateline_tokenize::{Pipeline, PipelineSpec};
//!
//! let doc = |date: &str, body: &str| Document {
//!     date: Some(date.parse().unwrap()),
//!     body: body.to_string(),
//!     lang: "en".to_string(),
//!     ..Document::default()
//! };
//! let docs = [doc("2018-01-03", "Juche army. Juche"), doc("2018-03-09", "Army parade")];
//! let periods = period_index_for(&docs, By::Month, DateRange::default());
//! let n_periods = periods.periods().len();
//! let pipeline = Pipeline::new(&PipelineSpec::default());
//! let opts = TermOptions::ngrams(1, 1).unwrap();
//! let make = || TermCounts::new(opts, n_periods).unwrap();
//! let (counts, stats) = run_pass(&docs, &pipeline, &PassOptions::new(&periods), make, &|_| {});
//! assert_eq!(stats.docs_analysed, 2);
//! let rows = counts.term_rows(&periods, &RowOptions::default());
//! let got: Vec<_> = rows.iter().map(|r| (r.period.as_str(), r.term.as_str(), r.count)).collect();
//! assert_eq!(
//!     got,
//!     [("2018-01", "juche", 2), ("2018-01", "army", 1), ("2018-03", "army", 1), ("2018-03", "parade", 1)]
//! );
//! // Every month, February (no documents) included.
//! assert_eq!(counts.period_rows(&periods).len(), 3);
//! ```
//!
//! [`Token::stop`]: dateline_tokenize::Token::stop

use std::collections::BTreeMap;
use std::ops::Range;

use crate::intern::Interner;
use chrono::NaiveDate;
use dateline_core::{DocId, Period, PeriodIndex};
use dateline_tokenize::Tokens;
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::keyness::FreqList;
use crate::pass::{Accumulator, DocView, IndexedDoc};
use crate::stats;

/// Largest n-gram size.
pub const MAX_NGRAM: u32 = 5;

/// Counts that cannot be combined or built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CountsError {
    /// An n-gram range outside `1..=5` or with `min > max`.
    #[error("invalid n-gram range `{min}..={max}` (expected sizes within 1..=5, min ≤ max)")]
    NgramRange {
        /// Smallest size asked for.
        min: u32,
        /// Largest size asked for.
        max: u32,
    },
    /// Two count tables made with different settings.
    #[error("cannot merge counts made with different `{what}`")]
    Mismatch {
        /// The setting that differs (`ngram`, `drop_stop_edges`, `periods`).
        what: &'static str,
    },
    /// A count table refers to a period that it does not list.
    #[error("count table refers to period `{period}` but has {periods} periods")]
    BadPeriod {
        /// The period index found.
        period: u32,
        /// The number of periods in the table.
        periods: usize,
    },
}

/// What [`TermCounts`] counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermOptions {
    /// Smallest and largest n-gram size, within `1..=5`.
    pub ngram: (u32, u32),
    /// Leave out n-grams (`n ≥ 2`) that begin or end with a stop token.
    pub drop_stop_edges: bool,
}

impl Default for TermOptions {
    fn default() -> Self {
        TermOptions {
            ngram: (1, 1),
            drop_stop_edges: true,
        }
    }
}

impl TermOptions {
    /// Unigrams to `max`-grams or any range; checks the range.
    pub fn ngrams(min: u32, max: u32) -> Result<TermOptions, CountsError> {
        let o = TermOptions {
            ngram: (min, max),
            drop_stop_edges: true,
        };
        o.check()?;
        Ok(o)
    }

    fn check(&self) -> Result<(), CountsError> {
        let (min, max) = self.ngram;
        if min < 1 || max > MAX_NGRAM || min > max {
            return Err(CountsError::NgramRange { min, max });
        }
        Ok(())
    }

    fn sizes(&self) -> Range<u32> {
        self.ngram.0..self.ngram.1 + 1
    }
}

/// An n-gram key: the word ids of its tokens, unused places `u32::MAX`.
type GramKey = [u32; MAX_NGRAM as usize];

/// N-grams of one size to dense ids, looked up by their word ids (no string is built for an
/// n-gram already seen); a name index is built only when merging or loading saved counts.
#[derive(Debug, Clone, Default)]
struct GramInterner {
    /// Bigrams: the two word ids packed in a `u64` (a smaller, faster table).
    by_pair: FxHashMap<u64, u32>,
    /// Longer n-grams.
    by_key: FxHashMap<GramKey, u32>,
    names: Vec<Box<str>>,
    by_name: Option<FxHashMap<Box<str>, u32>>,
}

impl GramInterner {
    /// The id of the n-gram made of the words `ids` (2 to 5 of them).
    #[inline]
    fn id_by_words(&mut self, ids: &[u32], words: &Interner, buf: &mut String) -> u32 {
        let mut key: GramKey = [u32::MAX; MAX_NGRAM as usize];
        let pair = if let [a, b] = ids {
            let k = (u64::from(*a) << 32) | u64::from(*b);
            if let Some(&id) = self.by_pair.get(&k) {
                return id;
            }
            Some(k)
        } else {
            key[..ids.len()].copy_from_slice(ids);
            if let Some(&id) = self.by_key.get(&key) {
                return id;
            }
            None
        };
        buf.clear();
        let mut spaced = false;
        for (i, &w) in ids.iter().enumerate() {
            if i > 0 {
                buf.push(' ');
            }
            let word = words.name(w);
            spaced |= word.contains(' ');
            buf.push_str(word);
        }
        if spaced {
            // A phrase token ("kim jong un"): two keys may give one name; unify by name.
            self.index_names();
        }
        let id = self.id_by_name(buf);
        match pair {
            Some(k) => self.by_pair.insert(k, id),
            None => self.by_key.insert(key, id),
        };
        id
    }

    fn id_by_name(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.by_name.as_ref().and_then(|m| m.get(name)) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.into());
        if let Some(m) = &mut self.by_name {
            m.insert(name.into(), id);
        }
        id
    }

    /// Builds the name index (needed before looking names up without a key).
    fn index_names(&mut self) {
        if self.by_name.is_none() {
            let m = self
                .names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.clone(), i as u32))
                .collect();
            self.by_name = Some(m);
        }
    }
}

/// Every term a worker has seen: words (every token, stop tokens included; unigram ids are
/// word ids) and n-grams per size.
#[derive(Debug, Clone, Default)]
struct TermIds {
    /// Smallest n-gram size: slot `s` holds size `min + s`.
    min: u32,
    words: Interner,
    /// Per slot; unused for size 1.
    grams: Vec<GramInterner>,
}

impl TermIds {
    fn new(opts: &TermOptions) -> TermIds {
        TermIds {
            min: opts.ngram.0,
            words: Interner::default(),
            grams: vec![GramInterner::default(); opts.sizes().len()],
        }
    }

    fn is_words(&self, slot: usize) -> bool {
        self.min + slot as u32 == 1
    }

    fn name(&self, slot: usize, id: u32) -> &str {
        if self.is_words(slot) {
            self.words.name(id)
        } else {
            &self.grams[slot].names[id as usize]
        }
    }

    fn len(&self, slot: usize) -> usize {
        if self.is_words(slot) {
            self.words.len()
        } else {
            self.grams[slot].names.len()
        }
    }

    fn total_len(&self) -> usize {
        self.words.len() + self.grams.iter().map(|g| g.names.len()).sum::<usize>()
    }

    /// The id of a term by its name (slow path: merging and loading).
    fn id_by_name(&mut self, slot: usize, name: &str) -> u32 {
        if self.is_words(slot) {
            self.words.id(name)
        } else {
            self.grams[slot].index_names();
            self.grams[slot].id_by_name(name)
        }
    }
}

/// Adds one occurrence of `id` to a document's frequencies.
#[inline]
fn bump(tf: &mut Vec<u32>, touched: &mut Vec<u32>, id: u32) {
    let i = id as usize;
    if i >= tf.len() {
        tf.resize((i + 1).max(tf.len() * 2), 0);
    }
    if tf[i] == 0 {
        touched.push(id);
    }
    tf[i] += 1;
}

/// The terms of one document, counted per size: interned ids and their frequencies.
#[derive(Debug, Clone, Default)]
struct DocCounter {
    vocab: TermIds,
    /// Word id of each token of the current document.
    ids: Vec<u32>,
    /// Word id of each term id of an index's token map ([`Tokens::term_ids`]), `u32::MAX`
    /// when not seen yet: tokens rebuilt from an index are looked up by integer.
    by_term: Vec<u32>,
    /// Frequency of each term id in the current document, per size (0 when absent).
    tf: Vec<Vec<u32>>,
    /// Ids seen in the current document, per size, in first-seen order.
    touched: Vec<Vec<u32>>,
    /// Terms counted in the current document, per size.
    total: Vec<u64>,
    buf: String,
}

impl DocCounter {
    fn new(opts: &TermOptions) -> Self {
        let k = opts.sizes().len();
        DocCounter {
            vocab: TermIds::new(opts),
            ids: Vec::new(),
            by_term: Vec::new(),
            tf: vec![Vec::new(); k],
            touched: vec![Vec::new(); k],
            total: vec![0; k],
            buf: String::new(),
        }
    }

    #[inline]
    fn bump(&mut self, slot: usize, id: u32) {
        bump(&mut self.tf[slot], &mut self.touched[slot], id);
        self.total[slot] += 1;
    }

    /// Counts the non-stop unigrams of one document, given as (term id of an index's token
    /// map, stop, what `name` needs to give the term's normal form): one array read and one
    /// increment per token; `name` is asked once per term id.
    #[inline]
    fn count_unigrams<'n, X: 'n>(
        &mut self,
        items: impl Iterator<Item = (u32, bool, X)>,
        name: impl Fn(u32, X) -> &'n str,
    ) {
        let (tf, touched) = (&mut self.tf[0], &mut self.touched[0]);
        let mut total = 0u64;
        for (tid, stop, x) in items {
            if stop {
                continue;
            }
            let k = tid as usize;
            if k >= self.by_term.len() {
                self.by_term
                    .resize((k + 1).max(self.by_term.len() * 2), u32::MAX);
            }
            let id = match self.by_term[k] {
                u32::MAX => {
                    let id = self.vocab.words.id(name(tid, x));
                    self.by_term[k] = id;
                    id
                }
                id => id,
            };
            bump(tf, touched, id);
            total += 1;
        }
        self.total[0] += total;
    }

    /// Counts the terms of one document (then read `touched`, `tf`, `total`; then `reset`).
    fn count(&mut self, opts: &TermOptions, tokens: &Tokens) {
        let toks = tokens.tokens();
        self.ids.clear();
        let need_all = opts.ngram.1 > 1;
        if let (Some(term_ids), (1, 1)) = (tokens.term_ids(), opts.ngram) {
            // Unigrams from an index: one pass, each token one array read and one increment.
            let items = tokens
                .iter()
                .zip(term_ids)
                .map(|((t, norm), &tid)| (tid, t.stop, norm));
            self.count_unigrams(items, |_, norm| norm);
            return;
        }
        if let Some(term_ids) = tokens.term_ids() {
            for ((t, norm), &tid) in tokens.iter().zip(term_ids) {
                let id = if t.stop && !need_all {
                    u32::MAX
                } else {
                    let k = tid as usize;
                    if k >= self.by_term.len() {
                        self.by_term
                            .resize((k + 1).max(self.by_term.len() * 2), u32::MAX);
                    }
                    match self.by_term[k] {
                        u32::MAX => {
                            let id = self.vocab.words.id(norm);
                            self.by_term[k] = id;
                            id
                        }
                        id => id,
                    }
                };
                self.ids.push(id);
            }
        } else {
            for (t, norm) in tokens.iter() {
                // Stop tokens are interned only when n-grams need them.
                let id = if t.stop && !need_all {
                    u32::MAX
                } else {
                    self.vocab.words.id(norm)
                };
                self.ids.push(id);
            }
        }
        for (slot, n) in opts.sizes().enumerate() {
            if n == 1 {
                for (t, &id) in toks.iter().zip(&self.ids) {
                    if !t.stop {
                        bump(&mut self.tf[slot], &mut self.touched[slot], id);
                    }
                }
                self.total[slot] += toks.iter().filter(|t| !t.stop).count() as u64;
                continue;
            }
            let n = n as usize;
            if toks.len() < n {
                continue;
            }
            for i in 0..=toks.len() - n {
                let (a, b) = (&toks[i], &toks[i + n - 1]);
                if a.sentence != b.sentence || (opts.drop_stop_edges && (a.stop || b.stop)) {
                    continue;
                }
                let id = self.vocab.grams[slot].id_by_words(
                    &self.ids[i..i + n],
                    &self.vocab.words,
                    &mut self.buf,
                );
                self.bump(slot, id);
            }
        }
    }

    fn reset(&mut self) {
        for slot in 0..self.touched.len() {
            for &id in &self.touched[slot] {
                self.tf[slot][id as usize] = 0;
            }
            self.touched[slot].clear();
            self.total[slot] = 0;
        }
    }
}

/// Documents and terms counted in one period and group.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CellTotals {
    /// Index of the period in the [`PeriodIndex`].
    pub period: u32,
    /// The group, if any.
    pub group: Option<String>,
    /// Documents analysed.
    pub docs: u64,
    /// Terms counted per size, from the smallest size of the n-gram range.
    pub tokens: Vec<u64>,
}

/// One term's count in one period and group (plain, serializable form).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermCount {
    /// Index of the period in the [`PeriodIndex`].
    pub period: u32,
    /// The group, if any.
    pub group: Option<String>,
    /// Tokens in the term.
    pub n: u32,
    /// The term (normalized tokens joined by one space).
    pub term: String,
    /// Occurrences.
    pub count: u64,
    /// Documents with at least one occurrence.
    pub docs: u64,
}

/// One term's count in one period and group, borrowed from a [`TermCounts`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CountRef<'a> {
    /// Index of the period.
    pub period: usize,
    /// The group, if any.
    pub group: Option<&'a str>,
    /// Tokens in the term.
    pub n: u32,
    /// The term.
    pub term: &'a str,
    /// Occurrences.
    pub count: u64,
    /// Documents with at least one occurrence.
    pub docs: u64,
}

/// The raw counts of a [`TermCounts`], sorted, for saving and merging shards.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CountsTable {
    /// What was counted.
    pub options: TermOptions,
    /// The periods the indices refer to.
    pub periods: Vec<Period>,
    /// Totals per period and group (only cells with documents).
    pub cells: Vec<CellTotals>,
    /// Counts per period, group, size and term.
    pub terms: Vec<TermCount>,
}

/// Counts of one period and group: documents, terms counted per size, and per size a small
/// map term id → (count, docs). Small per-cell maps keep the hot counting loop in cache.
#[derive(Debug, Clone, Default)]
struct Cell {
    docs: u64,
    tokens: [u64; MAX_NGRAM as usize],
    terms: Vec<FxHashMap<u32, (u64, u64)>>,
}

impl Cell {
    fn new(slots: usize) -> Cell {
        Cell {
            terms: vec![FxHashMap::default(); slots],
            ..Cell::default()
        }
    }
}

/// Term counts per period, group and n-gram size: an [`Accumulator`] for [`run_pass`].
///
/// [`run_pass`]: crate::pass::run_pass
#[derive(Debug, Clone)]
pub struct TermCounts {
    opts: TermOptions,
    n_periods: usize,
    doc: DocCounter,
    /// Group names; id 0 is "no group".
    groups: Vec<Option<Box<str>>>,
    group_ids: FxHashMap<Box<str>, u32>,
    /// `(period, group)` → counts.
    cells: FxHashMap<(u32, u32), Cell>,
}

/// `(term id, count, docs)` candidates of one size in one cell.
type Candidates = Vec<(u32, u64, u64)>;

impl TermCounts {
    /// Empty counts for `n_periods` periods; checks the n-gram range.
    pub fn new(opts: TermOptions, n_periods: usize) -> Result<TermCounts, CountsError> {
        opts.check()?;
        Ok(TermCounts {
            opts,
            n_periods,
            doc: DocCounter::new(&opts),
            groups: vec![None],
            group_ids: FxHashMap::default(),
            cells: FxHashMap::default(),
        })
    }

    /// What is counted.
    pub fn options(&self) -> &TermOptions {
        &self.opts
    }

    /// The number of periods.
    pub fn n_periods(&self) -> usize {
        self.n_periods
    }

    fn slots(&self) -> usize {
        self.opts.sizes().len()
    }

    fn group_id(&mut self, g: Option<&str>) -> u32 {
        let Some(g) = g else { return 0 };
        if let Some(&id) = self.group_ids.get(g) {
            return id;
        }
        let id = self.groups.len() as u32;
        self.groups.push(Some(g.into()));
        self.group_ids.insert(g.into(), id);
        id
    }

    fn cell_mut(&mut self, p: u32, g: u32) -> &mut Cell {
        let slots = self.slots();
        self.cells.entry((p, g)).or_insert_with(|| Cell::new(slots))
    }

    /// Counts one document's tokens in `period` (index into the periods) and `group`.
    pub fn add_tokens(&mut self, period: usize, group: Option<&str>, tokens: &Tokens) {
        self.doc.count(&self.opts, tokens);
        self.add_counted(period, group);
    }

    /// Counts a document read from an index in `period` and `group`: unigrams from its forms
    /// alone (no tokens rebuilt), n-grams from its tokens.
    pub fn add_indexed_at(&mut self, period: usize, group: Option<&str>, doc: &mut IndexedDoc<'_>) {
        if self.opts.ngram == (1, 1) {
            let map = doc.map();
            self.doc
                .count_unigrams(doc.items().map(|(t, s)| (t, s, ())), |t, ()| map.term(t));
            self.add_counted(period, group);
        } else {
            let view = doc.view();
            self.add_tokens(period, group, view.tokens);
        }
    }

    /// Adds the document counted in `self.doc` to its cell, and resets `self.doc`.
    fn add_counted(&mut self, period: usize, group: Option<&str>) {
        let g = self.group_id(group);
        let slots = self.slots();
        let cell = self
            .cells
            .entry((period as u32, g))
            .or_insert_with(|| Cell::new(slots));
        cell.docs += 1;
        for slot in 0..slots {
            cell.tokens[slot] += self.doc.total[slot];
            let map = &mut cell.terms[slot];
            let tf = &self.doc.tf[slot];
            for &id in &self.doc.touched[slot] {
                let e = map.entry(id).or_default();
                e.0 += u64::from(tf[id as usize]);
                e.1 += 1;
            }
        }
        self.doc.reset();
    }

    /// Every count, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = CountRef<'_>> + '_ {
        self.cells.iter().flat_map(move |(&(p, g), cell)| {
            cell.terms.iter().enumerate().flat_map(move |(slot, map)| {
                let n = self.opts.ngram.0 + slot as u32;
                map.iter().map(move |(&id, &(count, docs))| CountRef {
                    period: p as usize,
                    group: self.groups[g as usize].as_deref(),
                    n,
                    term: self.doc.vocab.name(slot, id),
                    count,
                    docs,
                })
            })
        })
    }

    /// Totals per period and group (cells with documents only), sorted by period then group.
    pub fn totals(&self) -> Vec<CellTotals> {
        let k = self.slots();
        let mut out: Vec<CellTotals> = self
            .cells
            .iter()
            .map(|(&(p, g), c)| CellTotals {
                period: p,
                group: self.groups[g as usize].as_deref().map(String::from),
                docs: c.docs,
                tokens: c.tokens[..k].to_vec(),
            })
            .collect();
        out.sort_by(|a, b| (a.period, &a.group).cmp(&(b.period, &b.group)));
        out
    }

    /// The raw counts in plain, sorted form (for saving; see [`TermCounts::from_table`]).
    pub fn to_table(&self, periods: &PeriodIndex) -> CountsTable {
        let mut terms: Vec<TermCount> = self
            .iter()
            .map(|c| TermCount {
                period: c.period as u32,
                group: c.group.map(String::from),
                n: c.n,
                term: c.term.to_string(),
                count: c.count,
                docs: c.docs,
            })
            .collect();
        terms.sort_by(|a, b| {
            (a.period, &a.group, a.n, &a.term).cmp(&(b.period, &b.group, b.n, &b.term))
        });
        CountsTable {
            options: self.opts,
            periods: periods.periods().to_vec(),
            cells: self.totals(),
            terms,
        }
    }

    /// Counts from a saved table (merge several with [`TermCounts::try_merge`]).
    pub fn from_table(table: &CountsTable) -> Result<TermCounts, CountsError> {
        let mut tc = TermCounts::new(table.options, table.periods.len())?;
        let k = tc.slots();
        let check = |p: u32| {
            if (p as usize) < table.periods.len() {
                Ok(p)
            } else {
                Err(CountsError::BadPeriod {
                    period: p,
                    periods: table.periods.len(),
                })
            }
        };
        for c in &table.cells {
            let p = check(c.period)?;
            let g = tc.group_id(c.group.as_deref());
            let cell = tc.cell_mut(p, g);
            cell.docs += c.docs;
            for (slot, t) in c.tokens.iter().take(k).enumerate() {
                cell.tokens[slot] += t;
            }
        }
        for t in &table.terms {
            let p = check(t.period)?;
            if !table.options.sizes().contains(&t.n) {
                return Err(CountsError::Mismatch { what: "ngram" });
            }
            let slot = (t.n - table.options.ngram.0) as usize;
            let g = tc.group_id(t.group.as_deref());
            let id = tc.doc.vocab.id_by_name(slot, &t.term);
            let e = tc.cell_mut(p, g).terms[slot].entry(id).or_default();
            e.0 += t.count;
            e.1 += t.docs;
        }
        Ok(tc)
    }

    /// Adds `other`'s counts, checking that both were made with the same settings.
    pub fn try_merge(&mut self, other: TermCounts) -> Result<(), CountsError> {
        if self.opts != other.opts {
            return Err(CountsError::Mismatch { what: "ngram" });
        }
        if self.n_periods != other.n_periods {
            return Err(CountsError::Mismatch { what: "periods" });
        }
        self.merge_same(other);
        Ok(())
    }

    fn size(&self) -> usize {
        self.doc.vocab.total_len()
    }

    fn merge_same(&mut self, mut other: TermCounts) {
        // Merge the smaller vocabulary into the larger one.
        if other.size() > self.size() {
            std::mem::swap(self, &mut other);
        }
        let small = other;
        let gmap: Vec<u32> = small
            .groups
            .iter()
            .map(|g| self.group_id(g.as_deref()))
            .collect();
        let tmaps: Vec<Vec<u32>> = (0..self.slots())
            .map(|slot| {
                (0..small.doc.vocab.len(slot) as u32)
                    .map(|id| {
                        let name = small.doc.vocab.name(slot, id);
                        self.doc.vocab.id_by_name(slot, name)
                    })
                    .collect()
            })
            .collect();
        for ((p, g), c) in small.cells {
            let cell = self.cell_mut(p, gmap[g as usize]);
            cell.docs += c.docs;
            for (a, b) in cell.tokens.iter_mut().zip(c.tokens) {
                *a += b;
            }
            for (slot, map) in c.terms.into_iter().enumerate() {
                let target = &mut cell.terms[slot];
                target.reserve(map.len());
                let tmap = &tmaps[slot];
                for (id, (count, docs)) in map {
                    let e = target.entry(tmap[id as usize]).or_default();
                    e.0 += count;
                    e.1 += docs;
                }
            }
        }
    }

    /// Term frequencies of size `n` summed over `periods` (all periods when `None`) and every
    /// group, with the matching token total: one side of a keyness comparison.
    pub fn freq_list(&self, n: u32, periods: Option<Range<usize>>) -> FreqList {
        let keep = |p: u32| periods.as_ref().is_none_or(|r| r.contains(&(p as usize)));
        let mut sums: FxHashMap<u32, u64> = FxHashMap::default();
        let mut total = 0;
        let Some(slot) = self.slot(n) else {
            return FreqList::default();
        };
        for (&(p, _), c) in &self.cells {
            if keep(p) {
                total += c.tokens[slot];
                for (&id, &(count, _)) in &c.terms[slot] {
                    *sums.entry(id).or_default() += count;
                }
            }
        }
        let counts: BTreeMap<String, u64> = sums
            .into_iter()
            .map(|(id, c)| (self.doc.vocab.name(slot, id).to_string(), c))
            .collect();
        FreqList { counts, total }
    }

    fn slot(&self, n: u32) -> Option<usize> {
        self.opts
            .sizes()
            .contains(&n)
            .then(|| (n - self.opts.ngram.0) as usize)
    }

    /// Group ids in output order (`None` first, then by name); `[0]` when there are no cells.
    fn group_order(&self) -> Vec<u32> {
        let mut used: Vec<u32> = self.cells.keys().map(|&(_, g)| g).collect();
        used.sort_unstable();
        used.dedup();
        if used.is_empty() {
            used.push(0);
        }
        used.sort_by(|&a, &b| self.groups[a as usize].cmp(&self.groups[b as usize]));
        used
    }

    /// One row per period of `periods` × group × size, zeros included; sorted by period,
    /// group, size.
    pub fn period_rows(&self, periods: &PeriodIndex) -> Vec<PeriodRow> {
        let groups = self.group_order();
        let empty = Cell::new(self.slots());
        let mut out = Vec::new();
        for (p, period) in periods.periods().iter().enumerate() {
            for &g in &groups {
                let cell = self.cells.get(&(p as u32, g)).unwrap_or(&empty);
                for (slot, n) in self.opts.sizes().enumerate() {
                    out.push(PeriodRow {
                        period_start: period.start,
                        period: period.label.clone(),
                        group: self.groups[g as usize].as_deref().map(String::from),
                        n,
                        docs: cell.docs,
                        tokens: cell.tokens[slot],
                        types: cell.terms[slot].len() as u64,
                    });
                }
            }
        }
        out
    }

    /// Rows for the terms that occur, per period, group and size, scored; see [`TermRow`].
    /// The same rows as [`TermCounts::term_columns`], one struct per row.
    pub fn term_rows(&self, periods: &PeriodIndex, opts: &RowOptions) -> Vec<TermRow> {
        self.term_columns(periods, opts).rows(periods)
    }

    /// The rows of [`TermCounts::term_rows`] as columns: periods, groups and terms as indexes
    /// into their lists, no string per row (a table of a million rows is built without a
    /// million allocations).
    pub fn term_columns(&self, periods: &PeriodIndex, opts: &RowOptions) -> TermColumns {
        let ps = periods.periods();
        let slots = self.slots();
        let n_groups = self.groups.len();
        // Per group and size: periods with tokens (P) and, per term, periods where it occurs.
        let mut big_p = vec![vec![0u64; slots]; n_groups];
        let mut p_t: Vec<Vec<Vec<u32>>> = (0..n_groups)
            .map(|_| (0..slots).map(|s| vec![0; self.doc.vocab.len(s)]).collect())
            .collect();
        let rank: FxHashMap<u32, usize> = self
            .group_order()
            .into_iter()
            .enumerate()
            .map(|(i, g)| (g, i))
            .collect();
        let mut keys: Vec<(u32, usize, u32)> = Vec::new();
        for (&(p, g), c) in &self.cells {
            if (p as usize) >= ps.len() {
                continue;
            }
            keys.push((p, rank[&g], g));
            for slot in 0..slots {
                if c.tokens[slot] > 0 {
                    big_p[g as usize][slot] += 1;
                }
                let pt = &mut p_t[g as usize][slot];
                for &id in c.terms[slot].keys() {
                    pt[id as usize] += 1;
                }
            }
        }
        keys.sort_unstable();
        // Alphabetical rank of every term (ties by size), so that cells sort on integers; the
        // rank is also the term's index in `TermColumns::terms`.
        let mut all: Vec<(usize, u32)> = (0..slots)
            .flat_map(|s| (0..self.doc.vocab.len(s) as u32).map(move |id| (s, id)))
            .collect();
        let name = |slot: usize, id: u32| self.doc.vocab.name(slot, id);
        all.par_sort_unstable_by(|a, b| name(a.0, a.1).cmp(name(b.0, b.1)).then(a.0.cmp(&b.0)));
        let mut alpha: Vec<Vec<u32>> = (0..slots).map(|s| vec![0; self.doc.vocab.len(s)]).collect();
        for (r, &(s, id)) in all.iter().enumerate() {
            alpha[s][id as usize] = r as u32;
        }
        // Cells are independent: build their rows in parallel, concatenate in key order.
        let per_cell = |&(p, _, g): &(u32, usize, u32)| -> TermColumns {
            let mut c: Candidates = Vec::new();
            // (count, alphabetical rank, slot, id, docs)
            let mut merged: Vec<(u64, u32, usize, u32, u64)> = Vec::new();
            let cell = &self.cells[&(p, g)];
            for (slot, rank) in alpha.iter().enumerate() {
                c.clear();
                c.extend(
                    cell.terms[slot]
                        .iter()
                        .filter(|(_, v)| v.0 >= opts.min_count)
                        .map(|(&id, &(count, docs))| (id, count, docs)),
                );
                if let Some(top) = opts.top {
                    if top < c.len() {
                        c.select_nth_unstable_by_key(top, |a| {
                            (std::cmp::Reverse(a.1), rank[a.0 as usize])
                        });
                        c.truncate(top);
                    }
                }
                merged.extend(
                    c.iter()
                        .map(|&(id, count, docs)| (count, rank[id as usize], slot, id, docs)),
                );
            }
            merged.sort_unstable_by_key(|m| (std::cmp::Reverse(m.0), m.1));
            let mut out = TermColumns::with_capacity(merged.len());
            for &(count, r, slot, id, docs) in &merged {
                let per_10k = stats::per_10k(count as f64, cell.tokens[slot] as f64);
                out.period.push(p);
                out.group.push(g);
                out.term.push(r);
                out.n.push(self.opts.ngram.0 + slot as u32);
                out.count.push(count);
                out.docs.push(docs);
                out.per_10k.push(per_10k);
                out.doc_share.push(if cell.docs > 0 {
                    docs as f64 / cell.docs as f64
                } else {
                    0.0
                });
                out.tfidf.push(stats::tfidf(
                    per_10k,
                    big_p[g as usize][slot] as f64,
                    f64::from(p_t[g as usize][slot][id as usize]),
                ));
            }
            out
        };
        let parts: Vec<TermColumns> = keys.par_iter().map(per_cell).collect();
        drop(alpha);
        let mut out = TermColumns::with_capacity(parts.iter().map(TermColumns::len).sum());
        for part in parts {
            out.append(part);
        }
        out.groups = self
            .groups
            .iter()
            .map(|g| g.as_deref().map(String::from))
            .collect();
        out.terms = all.iter().map(|&(s, id)| name(s, id).to_string()).collect();
        out
    }
}

/// The rows of [`TermRow`] as columns (see [`TermCounts::term_columns`]), in the same order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TermColumns {
    /// Index of each row's period in the [`PeriodIndex`].
    pub period: Vec<u32>,
    /// Index of each row's group in [`TermColumns::groups`].
    pub group: Vec<u32>,
    /// Index of each row's term in [`TermColumns::terms`].
    pub term: Vec<u32>,
    /// [`TermRow::n`].
    pub n: Vec<u32>,
    /// [`TermRow::count`].
    pub count: Vec<u64>,
    /// [`TermRow::docs`].
    pub docs: Vec<u64>,
    /// [`TermRow::per_10k`].
    pub per_10k: Vec<f64>,
    /// [`TermRow::doc_share`].
    pub doc_share: Vec<f64>,
    /// [`TermRow::tfidf`].
    pub tfidf: Vec<f64>,
    /// The groups (`None`: no group).
    pub groups: Vec<Option<String>>,
    /// The terms, in alphabetical order (every term counted, also those without a row).
    pub terms: Vec<String>,
}

impl TermColumns {
    fn with_capacity(n: usize) -> TermColumns {
        TermColumns {
            period: Vec::with_capacity(n),
            group: Vec::with_capacity(n),
            term: Vec::with_capacity(n),
            n: Vec::with_capacity(n),
            count: Vec::with_capacity(n),
            docs: Vec::with_capacity(n),
            per_10k: Vec::with_capacity(n),
            doc_share: Vec::with_capacity(n),
            tfidf: Vec::with_capacity(n),
            groups: Vec::new(),
            terms: Vec::new(),
        }
    }

    fn append(&mut self, mut o: TermColumns) {
        self.period.append(&mut o.period);
        self.group.append(&mut o.group);
        self.term.append(&mut o.term);
        self.n.append(&mut o.n);
        self.count.append(&mut o.count);
        self.docs.append(&mut o.docs);
        self.per_10k.append(&mut o.per_10k);
        self.doc_share.append(&mut o.doc_share);
        self.tfidf.append(&mut o.tfidf);
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.count.len()
    }

    /// True when there is no row.
    pub fn is_empty(&self) -> bool {
        self.count.is_empty()
    }

    /// One [`TermRow`] per row; `periods` is the index the columns were made with.
    pub fn rows(&self, periods: &PeriodIndex) -> Vec<TermRow> {
        let ps = periods.periods();
        (0..self.len())
            .map(|i| {
                let period = &ps[self.period[i] as usize];
                TermRow {
                    period_start: period.start,
                    period: period.label.clone(),
                    group: self.groups[self.group[i] as usize].clone(),
                    term: self.terms[self.term[i] as usize].clone(),
                    n: self.n[i],
                    count: self.count[i],
                    docs: self.docs[i],
                    per_10k: self.per_10k[i],
                    doc_share: self.doc_share[i],
                    tfidf: self.tfidf[i],
                }
            })
            .collect()
    }
}

impl Accumulator for TermCounts {
    /// Counts a dated document; documents without a period are skipped.
    fn add(&mut self, doc: &DocView<'_>) {
        if let Some(p) = doc.period {
            self.add_tokens(p, doc.group, doc.tokens);
        }
    }

    /// Unigrams from the forms alone (no tokens rebuilt); n-grams from the tokens.
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        if let Some(p) = doc.period {
            self.add_indexed_at(p, doc.group, doc);
        }
    }
    /// N-grams are counted from the tokens; unigrams from the forms.
    fn needs_positions(&self) -> bool {
        self.opts.ngram != (1, 1)
    }

    /// Adds `other`'s counts. Panics when the two were made with different settings (never the
    /// case in one [`run_pass`](crate::pass::run_pass)); use [`TermCounts::try_merge`] for
    /// saved tables.
    fn merge(&mut self, other: Self) {
        self.try_merge(other)
            .expect("accumulators of one pass share their settings");
    }
}

/// Which term rows to produce.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowOptions {
    /// Leave out terms counted fewer times than this in a period (after merging).
    pub min_count: u64,
    /// Keep the `top` most frequent terms of each period, group and size (count descending,
    /// then term ascending).
    pub top: Option<usize>,
}

impl Default for RowOptions {
    fn default() -> Self {
        RowOptions {
            min_count: 1,
            top: None,
        }
    }
}

/// One term in one period (and group).
///
/// Sorted by `period_start`, `group`, `count` descending, `term`, `n`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TermRow {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Period label (`2018-01`).
    pub period: String,
    /// Group, when counts are grouped.
    pub group: Option<String>,
    /// The term: normalized tokens joined by one space.
    pub term: String,
    /// Tokens in the term (n-gram size).
    pub n: u32,
    /// Occurrences in the period.
    pub count: u64,
    /// Documents of the period with at least one occurrence.
    pub docs: u64,
    /// `count` per 10,000 terms of the same size in the period.
    pub per_10k: f64,
    /// `docs` / documents of the period (and group).
    pub doc_share: f64,
    /// tf-idf with periods as documents: `per_10k × ln(P / p_t)`, where `P` is the number of
    /// periods (of the group) with at least one term of this size and `p_t` the number of those
    /// where the term occurs (before `min_count` and `top`); no smoothing, so a term found in
    /// every period scores 0.
    pub tfidf: f64,
}

/// Documents and token totals of one period (and group) for one n-gram size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Period label.
    pub period: String,
    /// Group, when counts are grouped.
    pub group: Option<String>,
    /// N-gram size the totals are of.
    pub n: u32,
    /// Documents analysed in the period.
    pub docs: u64,
    /// Terms of size `n` counted (non-stop tokens for `n = 1`).
    pub tokens: u64,
    /// Distinct terms of size `n`.
    pub types: u64,
}

/// One term's count in one document (`--by doc`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocTermRow {
    /// The document.
    pub doc_id: DocId,
    /// Its date, if known.
    pub date: Option<NaiveDate>,
    /// The term.
    pub term: String,
    /// Tokens in the term.
    pub n: u32,
    /// Occurrences in the document.
    pub count: u64,
}

/// Term counts per document: an [`Accumulator`] that includes undated documents when the pass
/// feeds them ([`PassOptions::include_undated`](crate::pass::PassOptions::include_undated)).
#[derive(Debug, Clone)]
pub struct DocTermCounts {
    opts: TermOptions,
    doc: DocCounter,
    rows: Vec<(usize, DocTermRow)>,
}

impl DocTermCounts {
    /// Empty counts; checks the n-gram range.
    pub fn new(opts: TermOptions) -> Result<DocTermCounts, CountsError> {
        opts.check()?;
        Ok(DocTermCounts {
            opts,
            doc: DocCounter::new(&opts),
            rows: Vec::new(),
        })
    }

    /// The rows, sorted by document (input order), then term, then size.
    pub fn into_rows(mut self) -> Vec<DocTermRow> {
        self.rows.sort_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| a.1.term.cmp(&b.1.term))
                .then_with(|| a.1.n.cmp(&b.1.n))
        });
        self.rows.into_iter().map(|(_, r)| r).collect()
    }
}

impl Accumulator for DocTermCounts {
    fn add(&mut self, d: &DocView<'_>) {
        self.doc.count(&self.opts, d.tokens);
        for (slot, n) in self.opts.sizes().enumerate() {
            for &id in &self.doc.touched[slot] {
                self.rows.push((
                    d.index,
                    DocTermRow {
                        doc_id: d.doc.doc_id,
                        date: d.doc.date,
                        term: self.doc.vocab.name(slot, id).to_string(),
                        n,
                        count: u64::from(self.doc.tf[slot][id as usize]),
                    },
                ));
            }
        }
        self.doc.reset();
        // Interned terms are only needed within a document: keep memory flat.
        if self.doc.vocab.total_len() > 1 << 20 {
            self.doc = DocCounter::new(&self.opts);
        }
    }

    fn merge(&mut self, other: Self) {
        self.rows.extend(other.rows);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use dateline_core::{By, Document};

    /// Hand-built tokens: words split on spaces, a word ending in `.` ends its sentence, a word
    /// starting with `_` is a stop token. Offsets are made up (consecutive).
    pub(crate) fn toks(s: &str) -> Tokens {
        let mut t = Tokens::default();
        let mut sentence = 0;
        for (i, w) in s.split_whitespace().enumerate() {
            let end_sentence = w.ends_with('.');
            let w = w.trim_end_matches('.');
            let stop = w.starts_with('_');
            let norm = w.trim_start_matches('_');
            t.push(i as u32 * 10, i as u32 * 10 + 5, sentence, stop, norm);
            if end_sentence {
                sentence += 1;
            }
        }
        t
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    /// January (2 docs), February (none), March (1 doc).
    pub(crate) fn periods() -> PeriodIndex {
        PeriodIndex::new(By::Month, d("2018-01-01"), d("2018-03-31"))
    }

    pub(crate) const DOCS: [(usize, &str); 3] = [
        (0, "war _of peace. war peace"),
        (0, "peace army"),
        (2, "army army _the war"),
    ];

    fn counts(opts: TermOptions, order: &[usize]) -> TermCounts {
        let mut tc = TermCounts::new(opts, 3).unwrap();
        for &i in order {
            let (p, text) = DOCS[i];
            tc.add_tokens(p, None, &toks(text));
        }
        tc
    }

    fn row(r: &TermRow) -> (&str, &str, u32, u64, u64) {
        (r.period.as_str(), r.term.as_str(), r.n, r.count, r.docs)
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9, "{a} vs {b}");
    }

    #[test]
    fn unigrams_and_bigrams_by_month_by_hand() {
        let tc = counts(TermOptions::ngrams(1, 2).unwrap(), &[0, 1, 2]);
        let rows = tc.term_rows(&periods(), &RowOptions::default());
        let got: Vec<_> = rows.iter().map(row).collect();
        assert_eq!(
            got,
            [
                ("2018-01", "peace", 1, 3, 2),
                ("2018-01", "war", 1, 2, 1),
                ("2018-01", "army", 1, 1, 1),
                ("2018-01", "peace army", 2, 1, 1),
                ("2018-01", "war peace", 2, 1, 1),
                ("2018-03", "army", 1, 2, 1),
                ("2018-03", "army army", 2, 1, 1),
                ("2018-03", "war", 1, 1, 1),
            ]
        );
        // January: 6 unigram tokens, 2 bigrams, 2 documents.
        close(rows[0].per_10k, 3.0 * 10_000.0 / 6.0);
        close(rows[0].doc_share, 1.0);
        close(rows[1].doc_share, 0.5);
        close(rows[3].per_10k, 5_000.0);
        // Unigrams occur in P = 2 periods; `peace` only in January: 5000 ln 2. `war` in both: 0.
        close(rows[0].tfidf, 5_000.0 * 2f64.ln());
        close(rows[1].tfidf, 0.0);
        close(rows[4].tfidf, 5_000.0 * 2f64.ln());
        close(rows[6].tfidf, 10_000.0 * 2f64.ln());
        assert_eq!(rows[0].period_start, d("2018-01-01"));
        assert_eq!(rows[0].group, None);

        let prs = tc.period_rows(&periods());
        let got: Vec<_> = prs
            .iter()
            .map(|r| (r.period.as_str(), r.n, r.docs, r.tokens, r.types))
            .collect();
        assert_eq!(
            got,
            [
                ("2018-01", 1, 2, 6, 3),
                ("2018-01", 2, 2, 2, 2),
                ("2018-02", 1, 0, 0, 0),
                ("2018-02", 2, 0, 0, 0),
                ("2018-03", 1, 1, 3, 2),
                ("2018-03", 2, 1, 1, 1),
            ]
        );
    }

    #[test]
    fn stop_edges_kept_when_asked() {
        let opts = TermOptions {
            ngram: (2, 3),
            drop_stop_edges: false,
        };
        let tc = counts(opts, &[0]);
        let mut got: Vec<_> = tc.iter().map(|c| (c.n, c.term.to_string())).collect();
        got.sort();
        // Sentence 0: war of peace; sentence 1: war peace. Nothing crosses the boundary.
        assert_eq!(
            got,
            [
                (2, "of peace".to_string()),
                (2, "war of".to_string()),
                (2, "war peace".to_string()),
                (3, "war of peace".to_string()),
            ]
        );
        assert_eq!(tc.totals()[0].tokens, [3, 1]);
    }

    #[test]
    fn min_count_and_top_apply_per_period_and_size() {
        let tc = counts(TermOptions::ngrams(1, 2).unwrap(), &[2, 1, 0]);
        let ps = periods();
        let got: Vec<_> = tc
            .term_rows(
                &ps,
                &RowOptions {
                    min_count: 2,
                    top: None,
                },
            )
            .iter()
            .map(|r| (r.period.clone(), r.term.clone()))
            .collect();
        let want = [
            ("2018-01", "peace"),
            ("2018-01", "war"),
            ("2018-03", "army"),
        ];
        assert_eq!(got, want.map(|(a, b)| (a.to_string(), b.to_string())));
        let top = tc.term_rows(
            &ps,
            &RowOptions {
                min_count: 1,
                top: Some(1),
            },
        );
        let got: Vec<_> = top.iter().map(row).collect();
        assert_eq!(
            got,
            [
                ("2018-01", "peace", 1, 3, 2),
                ("2018-01", "peace army", 2, 1, 1),
                ("2018-03", "army", 1, 2, 1),
                ("2018-03", "army army", 2, 1, 1),
            ]
        );
        // tf-idf is computed before the cut: `peace` still counts as January-only.
        close(top[0].tfidf, 5_000.0 * 2f64.ln());
    }

    #[test]
    fn merging_shards_and_tables_gives_the_same_rows() {
        let opts = TermOptions::ngrams(1, 3).unwrap();
        let whole = counts(opts, &[0, 1, 2]);
        let mut a = counts(opts, &[2]);
        a.merge(counts(opts, &[1, 0]));
        let ps = periods();
        let ro = RowOptions::default();
        assert_eq!(a.term_rows(&ps, &ro), whole.term_rows(&ps, &ro));
        assert_eq!(a.period_rows(&ps), whole.period_rows(&ps));
        let table = whole.to_table(&ps);
        let json = serde_json::to_string(&table).unwrap();
        let back: CountsTable = serde_json::from_str(&json).unwrap();
        assert_eq!(back, table);
        let mut restored = TermCounts::from_table(&back).unwrap();
        assert_eq!(restored.term_rows(&ps, &ro), whole.term_rows(&ps, &ro));
        // Two saved shards merged = the whole.
        let s1 = TermCounts::from_table(&counts(opts, &[0]).to_table(&ps)).unwrap();
        let s2 = TermCounts::from_table(&counts(opts, &[1, 2]).to_table(&ps)).unwrap();
        let mut m = s1;
        m.try_merge(s2).unwrap();
        assert_eq!(m.to_table(&ps), table);
        let other = TermCounts::new(TermOptions::default(), 3).unwrap();
        assert_eq!(
            restored.try_merge(other).unwrap_err().to_string(),
            "cannot merge counts made with different `ngram`"
        );
    }

    #[test]
    fn groups_split_cells() {
        let mut tc = TermCounts::new(TermOptions::default(), 3).unwrap();
        tc.add_tokens(0, Some("kcna"), &toks("war peace"));
        tc.add_tokens(0, Some("rodong"), &toks("war"));
        tc.add_tokens(2, Some("kcna"), &toks("war"));
        let rows = tc.term_rows(&periods(), &RowOptions::default());
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.period.as_str(),
                    r.group.as_deref(),
                    r.term.as_str(),
                    r.count,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2018-01", Some("kcna"), "peace", 1),
                ("2018-01", Some("kcna"), "war", 1),
                ("2018-01", Some("rodong"), "war", 1),
                ("2018-03", Some("kcna"), "war", 1),
            ]
        );
        // kcna: P = 2, peace in 1 → 5000 ln 2; rodong: P = 1, war in 1 → 0.
        close(rows[0].tfidf, 5_000.0 * 2f64.ln());
        close(rows[2].tfidf, 0.0);
        // Every period × every group seen.
        assert_eq!(tc.period_rows(&periods()).len(), 6);
    }

    #[test]
    fn freq_lists_over_period_ranges() {
        let tc = counts(TermOptions::ngrams(1, 2).unwrap(), &[0, 1, 2]);
        let jan = tc.freq_list(1, Some(0..1));
        assert_eq!(jan.total, 6);
        let want: BTreeMap<String, u64> = [("army", 1), ("peace", 3), ("war", 2)]
            .map(|(t, c)| (t.to_string(), c))
            .into();
        assert_eq!(jan.counts, want);
        let all = tc.freq_list(2, None);
        assert_eq!((all.total, all.get("army army")), (3, 1));
        assert_eq!(tc.freq_list(3, None), FreqList::default());
    }

    #[test]
    fn doc_term_rows_in_input_order() {
        let docs: Vec<Document> = (0..2)
            .map(|i| Document {
                doc_id: DocId(100 + i),
                date: (i == 0).then(|| d("2018-01-02")),
                ..Document::default()
            })
            .collect();
        let texts = ["war peace war", "_the army"];
        let mut a = DocTermCounts::new(TermOptions::default()).unwrap();
        let mut b = DocTermCounts::new(TermOptions::default()).unwrap();
        for (i, acc) in [(1, &mut a), (0, &mut b)] {
            let t = toks(texts[i]);
            acc.add(&DocView {
                index: i,
                doc: &docs[i],
                text: texts[i],
                tokens: &t,
                period: None,
                group: None,
                mentions: None,
            });
        }
        a.merge(b);
        let got: Vec<_> = a
            .into_rows()
            .into_iter()
            .map(|r| (r.doc_id.0, r.date, r.term, r.count))
            .collect();
        assert_eq!(
            got,
            [
                (100, Some(d("2018-01-02")), "peace".to_string(), 1),
                (100, Some(d("2018-01-02")), "war".to_string(), 2),
                (101, None, "army".to_string(), 1),
            ]
        );
    }

    #[test]
    fn phrase_tokens_with_spaces_give_one_ngram_name() {
        let mut t = Tokens::default();
        t.push(0, 8, 0, false, "kim jong");
        t.push(9, 11, 0, false, "un");
        t.push(12, 15, 1, false, "kim");
        t.push(16, 23, 1, false, "jong un");
        let mut tc = TermCounts::new(TermOptions::ngrams(2, 2).unwrap(), 1).unwrap();
        tc.add_tokens(0, None, &t);
        let got: Vec<_> = tc.iter().map(|c| (c.term.to_string(), c.count)).collect();
        assert_eq!(got, [("kim jong un".to_string(), 2)]);
    }

    #[test]
    fn rejects_bad_ngram_ranges() {
        for (a, b) in [(0, 1), (2, 1), (1, 6)] {
            let e = TermOptions::ngrams(a, b).unwrap_err();
            assert!(e.to_string().contains(&format!("`{a}..={b}`")), "{e}");
        }
    }
}
