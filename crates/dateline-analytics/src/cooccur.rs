//! Co-occurrence of target queries with the terms around them, per period.
//!
//! # Counting rule
//!
//! Tokens come from the pipeline in order; a token is *counted* when it is not a stop token (or
//! always, with `include_stopwords`). Stop tokens are never counted as co-occurring terms (unless
//! `include_stopwords`), but they **do occupy window positions**: with `left = 2`, the window of
//! `weapons` in `the nuclear weapons` is `the nuclear`, and only `nuclear` is counted.
//!
//! Every match of a target [`Query`] is one *occurrence* (`target_count`). Queries match
//! leftmost-longest without overlap, so adjacent occurrences are distinct matches.
//!
//! - [`Scope::Window`]: each occurrence, spanning tokens `first..=last`, has the window
//!   `first − left .. first − 1` and `last + 1 ..= last + right` (token positions, clipped to the
//!   document). Unless `cross_sentences`, positions in another sentence than the match's are cut
//!   off, so a window never crosses a sentence boundary. Every counted token in the window is one
//!   co-occurrence with its term; with `boolean`, each distinct term is counted once per window.
//!   The match's own tokens are never in its window, but the tokens of a *neighbouring*
//!   occurrence of the same target are (in `nuclear nuclear`, each `nuclear` co-occurs with the
//!   other). Each occurrence counts its own window, even when windows overlap.
//! - [`Scope::Sentence`] / [`Scope::Document`]: the unit is each sentence (document) that holds at
//!   least one occurrence, counted **once** however many occurrences it holds. Every counted
//!   token of the unit outside all the target's occurrences is a co-occurrence (with `boolean`,
//!   each distinct term once per unit).
//!
//! # Marginals and the 2×2 table
//!
//! Per period, with `N = tokens` (counted tokens in the period's documents):
//!
//! - `o11 = cooc`: the co-occurrence count of target and term;
//! - `R1 = window_tokens`: the number of co-occurrence slots of the target, i.e. the counted
//!   positions actually inside its windows (units) — with `boolean`, the distinct terms per
//!   window summed. This is the window-size correction of Evert (2008, "Corpora and
//!   collocations", §3 surface co-occurrence) measured rather than assumed: it equals
//!   `target_count × (left + right)` when no window is clipped by a sentence, document or
//!   stopword, and is smaller otherwise, so `E11` is not inflated near boundaries;
//! - `C1 = term_count`: the term's unigram (counted-token) frequency in the period;
//! - `E11 = expected = R1 · C1 / N`; then `pmi`, `npmi`, `g2`, `t_score` as in
//!   [`crate::assoc`] from `(o11, R1, C1, N)`, and `dice = 2 o11 / (target_count + term_count)`,
//!   `log_dice = 14 + log2(dice)`.
//!
//! A term occurrence can sit in two windows, so `o11 > C1` is possible; the table cells are then
//! clamped at zero (see [`crate::assoc`]).
//!
//! All counts are additive: shards are summed with [`CooccurCounts::merge_counts`] before any
//! score is computed, so the rows do not depend on how the corpus was split or on thread counts.
//!
//! ```
//! use dateline_analytics::cooccur::{CooccurCounts, CooccurOptions};
//! use dateline_analytics::query::Query;
//! use dateline_core::{By, Date};
//! use dateline_tokenize::{Pipeline, PipelineSpec, Stopwords};
//! let pipeline = Pipeline::new(&PipelineSpec { stopwords: Stopwords::None, ..Default::default() });
//! let target = Query::parse("nuclear", &pipeline).unwrap();
//! let opts = CooccurOptions { left: 1, right: 1, ..Default::default() };
//! let mut counts = CooccurCounts::new(vec![target], opts);
//! counts.add_tokens(0, &pipeline.tokenize("No nuclear war. Nuclear test ban."));
//! let d: Date = "2018-01-01".parse().unwrap();
//! let rows = counts.rows(&By::Year.periods(d, d));
//! let terms: Vec<_> = rows.iter().map(|r| (r.term.as_str(), r.cooc)).collect();
//! assert_eq!(terms.len(), 3); // no, war, test (never `war` with the second `nuclear`)
//! assert!(rows.iter().all(|r| r.cooc == 1 && r.target_count == 2 && r.tokens == 6));
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::intern::{IdCounts, Interner};
use chrono::NaiveDate;
use dateline_core::Period;
use dateline_tokenize::{Token, Tokens};
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::assoc::{scores, Measure};
use crate::pass::{Accumulator, DocView, IndexedDoc};
use crate::query::{Match, Query};

/// What a co-occurrence is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// `left` tokens before and `right` after each occurrence.
    #[default]
    Window,
    /// The sentence holding the occurrence.
    Sentence,
    /// The whole document.
    Document,
}

impl Scope {
    /// The name used on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Window => "window",
            Scope::Sentence => "sentence",
            Scope::Document => "document",
        }
    }
}

impl std::str::FromStr for Scope {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "window" => Ok(Scope::Window),
            "sentence" => Ok(Scope::Sentence),
            "document" => Ok(Scope::Document),
            other => Err(format!(
                "unknown scope `{other}` (expected window, sentence or document)"
            )),
        }
    }
}

/// Options of a co-occurrence count (see the module docs for the counting rule).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CooccurOptions {
    /// Window positions before the match (default 5).
    pub left: usize,
    /// Window positions after the match (default 5).
    pub right: usize,
    /// Window, sentence or document.
    pub scope: Scope,
    /// Let windows cross sentence boundaries (default false).
    pub cross_sentences: bool,
    /// Count each distinct term once per window or unit (default false).
    pub boolean: bool,
    /// Rows with a smaller `cooc` are dropped (per period, after merging; default 1).
    pub min_count: u64,
    /// Keep only the best `top` terms per period and target, by `measure`.
    pub top: Option<usize>,
    /// Count stop tokens as terms, and in `tokens` and `term_count` (default false).
    pub include_stopwords: bool,
    /// The measure rows are ranked by (default log_dice).
    pub measure: Measure,
}

impl Default for CooccurOptions {
    fn default() -> Self {
        CooccurOptions {
            left: 5,
            right: 5,
            scope: Scope::Window,
            cross_sentences: false,
            boolean: false,
            min_count: 1,
            top: None,
            include_stopwords: false,
            measure: Measure::LogDice,
        }
    }
}

/// One row of the co-occurrence table: a target and a term in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CooccurRow {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Period label.
    pub period: String,
    /// The target's label.
    pub target: String,
    /// The co-occurring term (normalized form).
    pub term: String,
    /// `o11`: co-occurrences of target and term.
    pub cooc: u64,
    /// Target occurrences in the period.
    pub target_count: u64,
    /// `R1`: co-occurrence slots of the target in the period (see the module docs).
    pub window_tokens: u64,
    /// `C1`: the term's count in the period.
    pub term_count: u64,
    /// `N`: counted tokens in the period.
    pub tokens: u64,
    /// `E11 = R1 · C1 / N`.
    pub expected: f64,
    /// `log2(o11 / E11)`.
    pub pmi: f64,
    /// Normalized PMI.
    pub npmi: f64,
    /// Signed log-likelihood.
    pub g2: f64,
    /// t-score.
    pub t_score: f64,
    /// Dice coefficient.
    pub dice: f64,
    /// logDice.
    pub log_dice: f64,
}

/// Interned normalized forms ([`Interner`]), with a stop flag per form (true when any
/// occurrence was a stop token).
#[derive(Debug, Clone, Default)]
pub(crate) struct FormIds {
    forms: Interner,
    stop: Vec<bool>,
}

impl FormIds {
    /// The id of `w`, inserted when new.
    pub(crate) fn id(&mut self, w: &str, stop: bool) -> u32 {
        let id = self.forms.id(w);
        if id as usize == self.stop.len() {
            self.stop.push(stop);
        } else if stop {
            self.stop[id as usize] = true;
        }
        id
    }

    /// The form with id `id`.
    pub(crate) fn word(&self, id: u32) -> &str {
        self.forms.name(id)
    }

    /// True when `id` was seen as a stop token.
    pub(crate) fn is_stop(&self, id: u32) -> bool {
        self.stop[id as usize]
    }

    /// The id of `w`, if it was seen.
    pub(crate) fn get(&self, w: &str) -> Option<u32> {
        self.forms.get(w)
    }

    /// Adds `other`'s forms; returns the new id of each of `other`'s ids.
    pub(crate) fn absorb(&mut self, other: &FormIds) -> Vec<u32> {
        (0..other.stop.len() as u32)
            .map(|i| self.id(other.word(i), other.stop[i as usize]))
            .collect()
    }

    /// Interns every token of `tokens` into `ids` (cleared first).
    pub(crate) fn intern_all(&mut self, tokens: &Tokens, ids: &mut Vec<u32>) {
        ids.clear();
        ids.extend(tokens.iter().map(|(t, norm)| self.id(norm, t.stop)));
    }
}

#[derive(Debug, Clone, Default)]
struct TargetCounts {
    matches: u64,
    slots: u64,
    terms: FxHashMap<u32, u64>,
}

#[derive(Debug, Clone, Default)]
struct PeriodCounts {
    tokens: u64,
    /// Counted tokens by vocabulary id.
    unigrams: IdCounts,
    targets: Vec<TargetCounts>,
}

#[derive(Debug)]
struct Spec {
    targets: Vec<Query>,
    options: CooccurOptions,
    /// Counts without targets over the same periods ([`CooccurCounts::totals`]): the tokens
    /// and term counts of every period are read from them, and only the documents where a
    /// target matches are counted here.
    totals: Option<Arc<CooccurCounts>>,
}

/// Additive co-occurrence counts of several targets, per period index.
///
/// Feed documents with [`CooccurCounts::add_tokens`], sum shards with
/// [`CooccurCounts::merge_counts`], then score with [`CooccurCounts::rows`].
#[derive(Debug, Clone)]
pub struct CooccurCounts {
    spec: Arc<Spec>,
    vocab: FormIds,
    periods: BTreeMap<usize, PeriodCounts>,
    ids: Vec<u32>,
    scratch: Vec<u32>,
    /// Read from an index: the token map the memos below are of
    /// ([`TokenMap::id`](crate::index::TokenMap::id)).
    memo_map: Option<u64>,
    /// Term id of that map → id in `vocab` (`u32::MAX`: not yet looked up).
    term_ids: Vec<u32>,
    /// Per target, which term ids can start a match ([`Query::can_start_memo`]).
    starts: Vec<Vec<u8>>,
}

/// The index range `lo..hi` of the sentence holding token `i`.
pub(crate) fn sentence_range(toks: &[Token], i: usize) -> (usize, usize) {
    let s = toks[i].sentence;
    let mut lo = i;
    while lo > 0 && toks[lo - 1].sentence == s {
        lo -= 1;
    }
    let mut hi = i + 1;
    while hi < toks.len() && toks[hi].sentence == s {
        hi += 1;
    }
    (lo, hi)
}

/// The left and right window position ranges of a match (see the module docs).
pub(crate) fn window_ranges(
    toks: &[Token],
    m: (usize, usize),
    left: usize,
    right: usize,
    cross_sentences: bool,
) -> (std::ops::Range<usize>, std::ops::Range<usize>) {
    let (first, last) = m;
    let mut lo = first.saturating_sub(left);
    let mut hi = (last + right).min(toks.len().saturating_sub(1)).max(last);
    if !cross_sentences {
        while lo < first && toks[lo].sentence != toks[first].sentence {
            lo += 1;
        }
        while hi > last && toks[hi].sentence != toks[last].sentence {
            hi -= 1;
        }
    }
    (lo..first, last + 1..hi + 1)
}

impl CooccurCounts {
    /// Empty counts for `targets` with `options`.
    pub fn new(targets: Vec<Query>, options: CooccurOptions) -> Self {
        Self::with_spec(Spec {
            targets,
            options,
            totals: None,
        })
    }

    /// Counts with no target: what every co-occurrence count over the same pass (the same
    /// periods, range and language) shares, the counted tokens and each term's count per
    /// period. Fed the whole corpus once, they let [`CooccurCounts::over_totals`] count only
    /// the documents that hold a target.
    pub fn totals(include_stopwords: bool) -> Self {
        Self::new(
            Vec::new(),
            CooccurOptions {
                include_stopwords,
                ..CooccurOptions::default()
            },
        )
    }

    /// Empty counts for `targets` that take every period's tokens and term counts from
    /// `totals` ([`CooccurCounts::totals`], fed every document of a pass with the same
    /// periods, range and language as the one these are fed): documents where no target
    /// matches may be skipped (they add nothing here), and the rows are those of a count of
    /// every document. `None` when `totals` has targets or another `include_stopwords`.
    pub fn over_totals(
        targets: Vec<Query>,
        options: CooccurOptions,
        totals: Arc<CooccurCounts>,
    ) -> Option<Self> {
        let t = &totals.spec;
        if !t.targets.is_empty() || t.options.include_stopwords != options.include_stopwords {
            return None;
        }
        Some(Self::with_spec(Spec {
            targets,
            options,
            totals: Some(totals),
        }))
    }

    fn with_spec(spec: Spec) -> Self {
        CooccurCounts {
            spec: Arc::new(spec),
            vocab: FormIds::default(),
            periods: BTreeMap::new(),
            ids: Vec::new(),
            scratch: Vec::new(),
            memo_map: None,
            term_ids: Vec::new(),
            starts: Vec::new(),
        }
    }

    /// Empty counts with the same targets and options (a new shard).
    pub fn empty_like(&self) -> Self {
        CooccurCounts {
            spec: Arc::clone(&self.spec),
            vocab: FormIds::default(),
            periods: BTreeMap::new(),
            ids: Vec::new(),
            scratch: Vec::new(),
            memo_map: None,
            term_ids: Vec::new(),
            starts: Vec::new(),
        }
    }

    /// The options.
    pub fn options(&self) -> &CooccurOptions {
        &self.spec.options
    }

    /// Counts one document's tokens into period `period`.
    pub fn add_tokens(&mut self, period: usize, tokens: &Tokens) {
        let matches: Vec<Vec<Match>> = self.spec.targets.iter().map(|q| q.find(tokens)).collect();
        if self.spec.totals.is_some() && matches.iter().all(Vec::is_empty) {
            return;
        }
        let spans: Vec<Vec<(usize, usize)>> = matches
            .iter()
            .map(|ms| ms.iter().map(|m| (m.first, m.last)).collect())
            .collect();
        self.add_matches(period, tokens, &spans);
    }

    /// Counts one document whose target matches (`(first, last)` token indices, inclusive,
    /// sorted, one list per target) are already known.
    pub(crate) fn add_matches(
        &mut self,
        period: usize,
        tokens: &Tokens,
        matches: &[Vec<(usize, usize)>],
    ) {
        let spec = Arc::clone(&self.spec);
        let o = &spec.options;
        let mut ids = std::mem::take(&mut self.ids);
        let mut scratch = std::mem::take(&mut self.scratch);
        self.vocab.intern_all(tokens, &mut ids);
        let toks = tokens.tokens();
        let counted = |i: usize| o.include_stopwords || !toks[i].stop;
        let pc = self.periods.entry(period).or_default();
        if pc.targets.len() < spec.targets.len() {
            pc.targets
                .resize_with(spec.targets.len(), TargetCounts::default);
        }
        for (i, &id) in ids.iter().enumerate() {
            if counted(i) {
                pc.tokens += 1;
                pc.unigrams.add(id, 1);
            }
        }
        for (t, ms) in matches.iter().enumerate() {
            let tc = &mut pc.targets[t];
            tc.matches += ms.len() as u64;
            match o.scope {
                Scope::Window => {
                    for &m in ms {
                        let (l, r) = window_ranges(toks, m, o.left, o.right, o.cross_sentences);
                        scratch.clear();
                        scratch.extend(l.chain(r).filter(|&i| counted(i)).map(|i| ids[i]));
                        tc.add_unit(&mut scratch, o.boolean);
                    }
                }
                Scope::Sentence | Scope::Document => {
                    let mut k = 0;
                    while k < ms.len() {
                        let (lo, hi) = if o.scope == Scope::Sentence {
                            sentence_range(toks, ms[k].0)
                        } else {
                            (0, toks.len())
                        };
                        let mut end = k;
                        while end < ms.len() && ms[end].0 < hi {
                            end += 1;
                        }
                        let unit = &ms[k..end];
                        scratch.clear();
                        let mut j = 0;
                        for (i, &id) in ids.iter().enumerate().take(hi).skip(lo) {
                            while j < unit.len() && unit[j].1 < i {
                                j += 1;
                            }
                            let inside = j < unit.len() && unit[j].0 <= i;
                            if !inside && counted(i) {
                                scratch.push(id);
                            }
                        }
                        tc.add_unit(&mut scratch, o.boolean);
                        k = end;
                    }
                }
            }
        }
        self.ids = ids;
        self.scratch = scratch;
    }

    /// Adds `other`'s counts to these (same targets and options).
    pub fn merge_counts(&mut self, other: Self) {
        if self.periods.is_empty() {
            // `other`'s term-id memo is of its vocabulary: it comes with it.
            self.vocab = other.vocab;
            self.periods = other.periods;
            self.memo_map = other.memo_map;
            self.term_ids = other.term_ids;
            self.starts = other.starts;
            return;
        }
        let remap = self.vocab.absorb(&other.vocab);
        for (p, oc) in other.periods {
            let pc = self.periods.entry(p).or_default();
            if pc.targets.len() < oc.targets.len() {
                pc.targets
                    .resize_with(oc.targets.len(), TargetCounts::default);
            }
            pc.tokens += oc.tokens;
            for (id, c) in oc.unigrams.nonzero() {
                pc.unigrams.add(remap[id as usize], c);
            }
            for (tc, ot) in pc.targets.iter_mut().zip(oc.targets) {
                tc.matches += ot.matches;
                tc.slots += ot.slots;
                for (id, c) in ot.terms {
                    *tc.terms.entry(remap[id as usize]).or_insert(0) += c;
                }
            }
        }
    }

    /// Scores every (period, target, term) with `cooc >= min_count`, keeping the `top` terms per
    /// period and target by the measure; sorted by period, target (in the order given), measure
    /// descending, then term. `periods` are the periods the indices refer to.
    pub fn rows(&self, periods: &[Period]) -> Vec<CooccurRow> {
        let o = &self.spec.options;
        let mut out = Vec::new();
        for (&p, pc) in &self.periods {
            let Some(period) = periods.get(p) else {
                continue;
            };
            // The period's tokens and term counts: this count's own, or its totals'.
            let base = match &self.spec.totals {
                Some(t) => t.periods.get(&p).map(|bc| (&**t, bc)),
                None => Some((self, pc)),
            };
            let tokens = base.map_or(0, |(_, bc)| bc.tokens);
            let term_count = |id: u32| match (&self.spec.totals, base) {
                (None, _) => pc.unigrams.get(id),
                (Some(_), Some((t, bc))) => t
                    .vocab
                    .get(self.vocab.word(id))
                    .map_or(0, |tid| bc.unigrams.get(tid)),
                (Some(_), None) => 0,
            };
            for (t, tc) in pc.targets.iter().enumerate() {
                let mut rows: Vec<(f64, CooccurRow)> = tc
                    .terms
                    .iter()
                    .filter(|&(_, &c)| c >= o.min_count.max(1))
                    .map(|(&id, &cooc)| {
                        let term_count = term_count(id);
                        let s = scores(cooc, tc.slots, term_count, tokens, tc.matches, term_count);
                        let row = CooccurRow {
                            period_start: period.start,
                            period: period.label.clone(),
                            target: self.spec.targets[t].label.clone(),
                            term: self.vocab.word(id).to_string(),
                            cooc,
                            target_count: tc.matches,
                            window_tokens: tc.slots,
                            term_count,
                            tokens,
                            expected: s.expected,
                            pmi: s.pmi,
                            npmi: s.npmi,
                            g2: s.g2,
                            t_score: s.t_score,
                            dice: s.dice,
                            log_dice: s.log_dice,
                        };
                        (o.measure.pick(cooc, &s), row)
                    })
                    .collect();
                rows.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.term.cmp(&b.1.term)));
                if let Some(n) = o.top {
                    rows.truncate(n);
                }
                out.extend(rows.into_iter().map(|(_, r)| r));
            }
        }
        out
    }
}

impl TargetCounts {
    /// Counts the terms of one window or unit (`ids`, reordered when `boolean`).
    fn add_unit(&mut self, ids: &mut Vec<u32>, boolean: bool) {
        if boolean {
            ids.sort_unstable();
            ids.dedup();
        }
        self.slots += ids.len() as u64;
        for &id in ids.iter() {
            *self.terms.entry(id).or_insert(0) += 1;
        }
    }
}

/// Counts the documents of dated periods (`period: None` is skipped); groups are ignored.
impl Accumulator for CooccurCounts {
    fn add(&mut self, doc: &DocView<'_>) {
        if let Some(p) = doc.period {
            self.add_tokens(p, doc.tokens);
        }
    }
    /// A document where no target can start (decided per term id from its forms) adds only
    /// its unigrams and tokens, counted from term ids (its tokens are not rebuilt); the others
    /// are counted as [`CooccurCounts::add_tokens`] counts them.
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        let Some(p) = doc.period else {
            return;
        };
        let map = doc.map();
        if self.memo_map != Some(map.id()) {
            // A new map: the memos of another map's term ids mean nothing here.
            self.memo_map = Some(map.id());
            self.term_ids.clear();
            self.starts = vec![Vec::new(); self.spec.targets.len()];
        }
        let spec = Arc::clone(&self.spec);
        let starts = &mut self.starts;
        let any = doc.items().any(|(t, _)| {
            spec.targets
                .iter()
                .zip(starts.iter_mut())
                .any(|(q, memo)| q.can_start_memo(t, map.term(t), memo))
        });
        if any {
            let view = doc.view();
            self.add_tokens(p, view.tokens);
            return;
        }
        if spec.totals.is_some() {
            return;
        }
        let with_stops = spec.options.include_stopwords;
        let pc = self.periods.entry(p).or_default();
        if pc.targets.len() < spec.targets.len() {
            pc.targets
                .resize_with(spec.targets.len(), TargetCounts::default);
        }
        for (t, stop) in doc.items() {
            let i = t as usize;
            if i >= self.term_ids.len() {
                self.term_ids.resize(i + 1, u32::MAX);
            }
            // A term id's stop flag is its normal form's: one look-up records it.
            if self.term_ids[i] == u32::MAX {
                self.term_ids[i] = self.vocab.id(map.term(t), stop);
            }
            if with_stops || !stop {
                pc.tokens += 1;
                pc.unigrams.add(self.term_ids[i], 1);
            }
        }
    }
    fn merge(&mut self, other: Self) {
        self.merge_counts(other);
    }
}

/// One row of the pair table: how often two queries occur together in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PairRow {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Period label.
    pub period: String,
    /// Label of the first query.
    pub a: String,
    /// Label of the second query.
    pub b: String,
    /// Window scope: occurrences of `a` with a whole occurrence of `b` in their window;
    /// sentence or document scope: units holding both.
    pub both: u64,
    /// Window scope: occurrences of `a`; otherwise units holding `a`.
    pub a_count: u64,
    /// Window scope: occurrences of `b`; otherwise units holding `b`.
    pub b_count: u64,
    /// Window scope: counted (non-stop) tokens; sentence scope: sentences; document scope:
    /// documents — all in the period.
    pub units: u64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct PairCell {
    both: u64,
    a: u64,
    b: u64,
}

/// Additive counts of query pairs `(a, b)` per period (`--pairs`).
///
/// Window scope is asymmetric: the window is taken around each occurrence of `a`, with
/// `left`/`right`/`cross_sentences` as in [`CooccurOptions`], and it holds `b` when every token
/// of some occurrence of `b` lies in it.
#[derive(Debug, Clone)]
pub struct PairCounts {
    pairs: Arc<(Vec<(Query, Query)>, CooccurOptions)>,
    periods: BTreeMap<usize, (u64, Vec<PairCell>)>,
}

impl PairCounts {
    /// Empty counts for `pairs`; `options.left`, `right`, `scope`, `cross_sentences` and
    /// `include_stopwords` (for `units` in window scope) are used.
    pub fn new(pairs: Vec<(Query, Query)>, options: CooccurOptions) -> Self {
        PairCounts {
            pairs: Arc::new((pairs, options)),
            periods: BTreeMap::new(),
        }
    }

    /// Empty counts with the same pairs and options (a new shard).
    pub fn empty_like(&self) -> Self {
        PairCounts {
            pairs: Arc::clone(&self.pairs),
            periods: BTreeMap::new(),
        }
    }

    /// Counts one document's tokens into period `period`.
    pub fn add_tokens(&mut self, period: usize, tokens: &Tokens) {
        let (pairs, o) = &*self.pairs;
        let toks = tokens.tokens();
        let entry = self
            .periods
            .entry(period)
            .or_insert_with(|| (0, vec![PairCell::default(); pairs.len()]));
        entry.0 += match o.scope {
            Scope::Window => toks
                .iter()
                .filter(|t| o.include_stopwords || !t.stop)
                .count() as u64,
            Scope::Sentence => {
                let mut n = 0;
                let mut prev = None;
                for t in toks {
                    if prev != Some(t.sentence) {
                        n += 1;
                        prev = Some(t.sentence);
                    }
                }
                n
            }
            Scope::Document => 1,
        };
        let unit = |i: usize| match o.scope {
            Scope::Sentence => u64::from(toks[i].sentence),
            _ => 0,
        };
        for ((qa, qb), cell) in pairs.iter().zip(entry.1.iter_mut()) {
            let ma = qa.find(tokens);
            let mb = qb.find(tokens);
            match o.scope {
                Scope::Window => {
                    cell.a += ma.len() as u64;
                    cell.b += mb.len() as u64;
                    for m in &ma {
                        let (l, r) = window_ranges(
                            toks,
                            (m.first, m.last),
                            o.left,
                            o.right,
                            o.cross_sentences,
                        );
                        let inside = |x: &Match| {
                            (l.start <= x.first && x.last < l.end)
                                || (r.start <= x.first && x.last < r.end)
                        };
                        if mb.iter().any(inside) {
                            cell.both += 1;
                        }
                    }
                }
                Scope::Sentence | Scope::Document => {
                    let mut ua: Vec<u64> = ma.iter().map(|m| unit(m.first)).collect();
                    let mut ub: Vec<u64> = mb.iter().map(|m| unit(m.first)).collect();
                    ua.dedup();
                    ub.dedup();
                    cell.a += ua.len() as u64;
                    cell.b += ub.len() as u64;
                    cell.both += ua.iter().filter(|u| ub.binary_search(u).is_ok()).count() as u64;
                }
            }
        }
    }

    /// Adds `other`'s counts to these.
    pub fn merge_counts(&mut self, other: Self) {
        for (p, (units, cells)) in other.periods {
            let e = self
                .periods
                .entry(p)
                .or_insert_with(|| (0, vec![PairCell::default(); cells.len()]));
            e.0 += units;
            for (x, y) in e.1.iter_mut().zip(cells) {
                x.both += y.both;
                x.a += y.a;
                x.b += y.b;
            }
        }
    }

    /// One row per period seen and pair, sorted by period then pair order.
    pub fn rows(&self, periods: &[Period]) -> Vec<PairRow> {
        let (pairs, _) = &*self.pairs;
        let mut out = Vec::new();
        for (&p, (units, cells)) in &self.periods {
            let Some(period) = periods.get(p) else {
                continue;
            };
            for ((qa, qb), c) in pairs.iter().zip(cells) {
                out.push(PairRow {
                    period_start: period.start,
                    period: period.label.clone(),
                    a: qa.label.clone(),
                    b: qb.label.clone(),
                    both: c.both,
                    a_count: c.a,
                    b_count: c.b,
                    units: *units,
                });
            }
        }
        out
    }
}

/// Counts the documents of dated periods (`period: None` is skipped); groups are ignored.
impl Accumulator for PairCounts {
    fn add(&mut self, doc: &DocView<'_>) {
        if let Some(p) = doc.period {
            self.add_tokens(p, doc.tokens);
        }
    }
    fn merge(&mut self, other: Self) {
        self.merge_counts(other);
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use dateline_core::By;
    use dateline_tokenize::{Pipeline, PipelineSpec, Stopwords};

    fn pipeline() -> Pipeline {
        Pipeline::new(&PipelineSpec {
            stopwords: Stopwords::None,
            ..PipelineSpec::default()
        })
    }

    /// Tokens from `words` separated by spaces; a word ending in `.` closes its sentence; a
    /// word starting with `_` is a stop token (the `_` is dropped).
    pub(crate) fn toks(text: &str) -> Tokens {
        let mut t = Tokens::default();
        let mut sentence = 0;
        let mut pos = 0u32;
        for w in text.split(' ') {
            let (stop, w2) = match w.strip_prefix('_') {
                Some(rest) => (true, rest),
                None => (false, w),
            };
            let (word, end_sentence) = match w2.strip_suffix('.') {
                Some(x) => (x, true),
                None => (w2, false),
            };
            t.push(pos, pos + w.len() as u32, sentence, stop, word);
            pos += w.len() as u32 + 1;
            if end_sentence {
                sentence += 1;
            }
        }
        t
    }

    fn periods() -> Vec<Period> {
        let d: NaiveDate = "2018-01-01".parse().unwrap();
        By::Year.periods(d, d)
    }

    fn count(text: &str, target: &str, o: CooccurOptions) -> Vec<CooccurRow> {
        let mut c = CooccurCounts::new(vec![Query::parse(target, &pipeline()).unwrap()], o);
        c.add_tokens(0, &toks(text));
        let mut rows = c.rows(&periods());
        rows.sort_by(|a, b| a.term.cmp(&b.term));
        rows
    }

    fn cooc(rows: &[CooccurRow]) -> Vec<(String, u64)> {
        rows.iter().map(|r| (r.term.clone(), r.cooc)).collect()
    }

    fn pairs(v: &[(&str, u64)]) -> Vec<(String, u64)> {
        v.iter().map(|(a, b)| ((*a).to_string(), *b)).collect()
    }

    fn opts(left: usize, right: usize) -> CooccurOptions {
        CooccurOptions {
            left,
            right,
            ..CooccurOptions::default()
        }
    }

    #[test]
    fn window_rule_table() {
        // (text, left, right, cross_sentences, boolean, expected (term, cooc))
        type Case<'a> = (&'a str, usize, usize, bool, bool, &'a [(&'a str, u64)]);
        let cases: &[Case] = &[
            // symmetric 1/1
            ("a b x c d", 1, 1, false, false, &[("b", 1), ("c", 1)]),
            // asymmetric: left 2, right 0
            ("a b x c d", 2, 0, false, false, &[("a", 1), ("b", 1)]),
            // asymmetric: left 0, right 3 (clipped by the document end)
            ("a b x c d", 0, 3, false, false, &[("c", 1), ("d", 1)]),
            // the sentence boundary cuts the window ...
            ("a b. x c. d", 2, 2, false, false, &[("c", 1)]),
            // ... unless cross_sentences
            (
                "a b. x c. d",
                2,
                2,
                true,
                false,
                &[("a", 1), ("b", 1), ("c", 1), ("d", 1)],
            ),
            // stop tokens occupy positions but are not counted
            ("a _the x c d", 2, 1, false, false, &[("a", 1), ("c", 1)]),
            // repeated term in one window: 2, or 1 when boolean
            ("b b x b", 2, 1, false, false, &[("b", 3)]),
            ("b b x b", 2, 1, false, true, &[("b", 1)]),
            // adjacent occurrences: each counts the other, windows overlap and both count `c`
            ("x x c", 2, 2, false, false, &[("c", 2), ("x", 2)]),
        ];
        for &(text, l, r, cross, boolean, expected) in cases {
            let o = CooccurOptions {
                cross_sentences: cross,
                boolean,
                ..opts(l, r)
            };
            assert_eq!(
                cooc(&count(text, "x", o)),
                pairs(expected),
                "{text} {l}/{r}"
            );
        }
    }

    #[test]
    fn boolean_slots_and_scope_names() {
        // "b b x b c", window 2/1: positions b b | b; boolean keeps {b}: one slot, cooc 1.
        let o = CooccurOptions {
            boolean: true,
            ..opts(2, 1)
        };
        let rows = count("b b x b c", "x", o);
        assert_eq!((rows[0].cooc, rows[0].window_tokens), (1, 1));
        // Not boolean: three slots, cooc 3.
        let rows = count("b b x b c", "x", opts(2, 1));
        assert_eq!((rows[0].cooc, rows[0].window_tokens), (3, 3));
        for s in [Scope::Window, Scope::Sentence, Scope::Document] {
            assert_eq!(s.as_str().parse::<Scope>().unwrap(), s);
        }
        assert!("para".parse::<Scope>().unwrap_err().contains("`para`"));
    }

    #[test]
    fn phrase_target_excludes_its_own_tokens() {
        let rows = count("a kim jong un b", "kim jong un", opts(1, 1));
        assert_eq!(cooc(&rows), pairs(&[("a", 1), ("b", 1)]));
        assert_eq!(rows[0].target, "kim jong un");
        assert_eq!(rows[0].window_tokens, 2);
    }

    #[test]
    fn sentence_and_document_scopes() {
        // Two occurrences in sentence 0 count it once; sentence 1 has no target.
        let text = "x a x b. c x. d";
        let o = CooccurOptions {
            scope: Scope::Sentence,
            ..CooccurOptions::default()
        };
        let rows = count(text, "x", o.clone());
        assert_eq!(cooc(&rows), pairs(&[("a", 1), ("b", 1), ("c", 1)]));
        assert_eq!(rows[0].target_count, 3);
        assert_eq!(rows[0].window_tokens, 3);
        let o = CooccurOptions {
            scope: Scope::Document,
            ..o
        };
        let rows = count(text, "x", o);
        assert_eq!(
            cooc(&rows),
            pairs(&[("a", 1), ("b", 1), ("c", 1), ("d", 1)])
        );
        // Boolean document scope on a repeated term.
        let o = CooccurOptions {
            scope: Scope::Document,
            boolean: true,
            ..CooccurOptions::default()
        };
        assert_eq!(cooc(&count("a x a. a", "x", o)), pairs(&[("a", 1)]));
    }

    #[test]
    fn marginals_and_measures_by_hand() {
        // Text (10 tokens, no stopwords): "x a b. a c x a. d e f."
        // Sentences: [x a b] [a c x a] [d e f]; target x at 0 and 5; window 1/1.
        // Windows: x@0 -> {a@1}; x@5 -> {c@4, a@6}. So cooc(a) = 2, cooc(c) = 1,
        // R1 = window_tokens = 3, target_count = 2, N = 10, C1(a) = 3, C1(c) = 1.
        let rows = count("x a b. a c x a. d e f.", "x", opts(1, 1));
        assert_eq!(cooc(&rows), pairs(&[("a", 2), ("c", 1)]));
        let a = &rows[0];
        assert_eq!(
            (a.target_count, a.window_tokens, a.term_count, a.tokens),
            (2, 3, 3, 10)
        );
        // a: E11 = 3 * 3 / 10 = 0.9; pmi = log2(2 / 0.9) = 1.1520030934450500;
        // npmi = pmi / -log2(2/10) = 1.15200309 / 2.32192809 = 0.4961440242;
        // t = (2 - 0.9) / sqrt 2 = 0.7778174593; dice = 2*2 / (2 + 3) = 0.8;
        // log_dice = 14 + log2 0.8 = 13.678071905112638.
        // G2: table [[2, 1], [1, 6]], E = [0.9, 2.1, 2.1, 4.9]:
        // 2 (2 ln(2/0.9) + 1 ln(1/2.1) + 1 ln(1/2.1) + 6 ln(6/4.9)) = 2.656572575291264 (python3).
        let close = |x: f64, y: f64| assert!((x - y).abs() < 1e-9, "{x} vs {y}");
        close(a.expected, 0.9);
        close(a.pmi, 1.152_003_093_445_05);
        close(a.npmi, 1.152_003_093_445_05 / 5f64.log2());
        close(a.t_score, 1.1 / 2f64.sqrt());
        close(a.dice, 0.8);
        close(a.log_dice, 13.678_071_905_112_638);
        close(a.g2, 2.656_572_575_291_264);
    }

    #[test]
    fn counts_over_totals_equal_counts_of_every_document() {
        // Period 0: "x a b. a c x a." (target) and "a a d." (none); period 1: "d e." (none)
        // and "_the x d." (target). Over the totals, only the target's documents are fed.
        let docs = [
            (0, "x a b. a c x a."),
            (0, "a a d."),
            (1, "d e."),
            (1, "_the x d."),
        ];
        let x = || vec![Query::parse("x", &pipeline()).unwrap()];
        let mut full = CooccurCounts::new(x(), opts(1, 1));
        let mut totals = CooccurCounts::totals(false);
        for (p, text) in docs {
            full.add_tokens(p, &toks(text));
            totals.add_tokens(p, &toks(text));
        }
        let totals = Arc::new(totals);
        let mut over = CooccurCounts::over_totals(x(), opts(1, 1), Arc::clone(&totals)).unwrap();
        for (p, text) in [docs[0], docs[3]] {
            over.add_tokens(p, &toks(text));
        }
        let mut fed_all = over.empty_like();
        for (p, text) in docs {
            fed_all.add_tokens(p, &toks(text));
        }
        let d: NaiveDate = "2018-01-01".parse().unwrap();
        let periods = By::Year.periods(d, "2019-01-01".parse().unwrap());
        let rows = full.rows(&periods);
        assert_eq!(over.rows(&periods), rows);
        assert_eq!(fed_all.rows(&periods), rows);
        // By hand: period 0 has N = 7 + 3 = 10 tokens and a occurs 3 + 2 = 5 times; period 1
        // has N = 2 + 2 = 4 (`_the` is a stop token) and d occurs twice. Ranked by log Dice:
        // c (2·1 / (2 + 1)) before a (2·2 / (2 + 5)).
        let got: Vec<_> = rows
            .iter()
            .map(|r| {
                (
                    r.period.as_str(),
                    r.term.as_str(),
                    r.cooc,
                    r.term_count,
                    r.tokens,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2018", "c", 1, 1, 10),
                ("2018", "a", 2, 5, 10),
                ("2019", "d", 1, 2, 4)
            ]
        );
        // Totals with another stopword rule, or with targets, are refused.
        let other = Arc::new(CooccurCounts::totals(true));
        assert!(CooccurCounts::over_totals(x(), opts(1, 1), other).is_none());
        let targeted = Arc::new(CooccurCounts::new(x(), opts(1, 1)));
        assert!(CooccurCounts::over_totals(x(), opts(1, 1), targeted).is_none());
    }

    #[test]
    fn stopwords_are_counted_only_when_asked() {
        let text = "_the x _of b";
        let rows = count(text, "x", opts(1, 1));
        assert!(rows.is_empty());
        let o = CooccurOptions {
            include_stopwords: true,
            ..opts(1, 1)
        };
        let rows = count(text, "x", o);
        assert_eq!(cooc(&rows), pairs(&[("of", 1), ("the", 1)]));
        assert_eq!(rows[0].tokens, 4);
    }

    #[test]
    fn min_count_and_top() {
        // Tokens: a0 b1 b2 x3 c4 c5 d6 | e7 x8 b9; window 2/2.
        // x3 -> b1 b2 c4 c5; x8 -> e7 (d6 is in the previous sentence), b9.
        // So b = 3, c = 2, e = 1; min_count 2 drops e.
        let text = "a b b x c c d. e x b";
        let o = CooccurOptions {
            min_count: 2,
            measure: Measure::Count,
            ..opts(2, 2)
        };
        let rows = count(text, "x", o.clone());
        assert_eq!(cooc(&rows), pairs(&[("b", 3), ("c", 2)]));
        let o = CooccurOptions { top: Some(1), ..o };
        let mut c = CooccurCounts::new(vec![Query::parse("x", &pipeline()).unwrap()], o);
        c.add_tokens(0, &toks(text));
        assert_eq!(cooc(&c.rows(&periods())), pairs(&[("b", 3)]));
    }

    #[test]
    fn merging_shards_equals_one_pass() {
        let docs = ["x a b. a c x a.", "d x e. x x f", "a a a x"];
        let q = || vec![Query::parse("x", &pipeline()).unwrap()];
        let mut whole = CooccurCounts::new(q(), opts(2, 2));
        for (i, d) in docs.iter().enumerate() {
            whole.add_tokens(i % 2, &toks(d));
        }
        let mut s1 = whole.empty_like();
        let mut s2 = whole.empty_like();
        s2.add_tokens(0, &toks(docs[2])); // a shard whose vocabulary starts differently
        s1.add_tokens(0, &toks(docs[0]));
        s1.add_tokens(1, &toks(docs[1]));
        let mut merged = whole.empty_like();
        merged.merge_counts(s2);
        merged.merge_counts(s1);
        let d: NaiveDate = "2018-01-01".parse().unwrap();
        let ps = By::Year.periods(d, "2019-01-01".parse().unwrap());
        assert_eq!(merged.rows(&ps), whole.rows(&ps));
    }

    #[test]
    fn pair_counts_by_scope() {
        let p = pipeline();
        let pair = || {
            vec![(
                Query::parse("x", &p).unwrap(),
                Query::parse("kim jong un", &p).unwrap(),
            )]
        };
        let text = "x a kim jong un. x b. kim jong un c x";
        // Tokens: x0 a1 kim2 jong3 un4 | x5 b6 | kim7 jong8 un9 c10 x11.
        // Window 4/0 around each x: x0 none (right 0); x5 none (sentence boundary);
        // x11: left 4 = [kim jong un c], all in sentence 2 -> holds the phrase.
        let mut c = PairCounts::new(pair(), opts(4, 0));
        c.add_tokens(0, &toks(text));
        let r = &c.rows(&periods())[0];
        assert_eq!((r.both, r.a_count, r.b_count, r.units), (1, 3, 2, 12));
        // Right window 4 of x0 also holds it: [a kim jong un].
        let mut c = PairCounts::new(pair(), opts(4, 4));
        c.add_tokens(0, &toks(text));
        assert_eq!(c.rows(&periods())[0].both, 2);
        // Sentences: s0 {x, kju}, s1 {x}, s2 {kju, x}: both 2, a 3, b 2, units 3.
        let o = CooccurOptions {
            scope: Scope::Sentence,
            ..CooccurOptions::default()
        };
        let mut c = PairCounts::new(pair(), o);
        c.add_tokens(0, &toks(text));
        let r = &c.rows(&periods())[0];
        assert_eq!((r.both, r.a_count, r.b_count, r.units), (2, 3, 2, 3));
    }
}
