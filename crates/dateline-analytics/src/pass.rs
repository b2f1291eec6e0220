//! One pass over the corpus: tokenize each document once and feed every analysis.
//!
//! [`run_pass`] splits the documents across rayon's thread pool. Each worker owns one
//! [`Tokens`] buffer and one accumulator made by `make`; the accumulators are merged pairwise at
//! the end ([`Accumulator::merge`]). Merge order depends on scheduling, so every accumulator
//! sorts its output by stable keys: results are identical whatever the number of threads.
//!
//! Which documents are analysed:
//! - documents whose `lang` is not [`PassOptions::lang`] are left out
//!   ([`PassStats::docs_other_lang`]); `und` (undetermined: stubs too short to tell, or a
//!   language the detector was unsure of) is another language, analysed only with `und` or
//!   every language (`None`);
//! - undated documents are left out of dated analyses, also with [`By::All`]
//!   ([`PassStats::docs_undated`]), unless [`PassOptions::include_undated`] is set (as for
//!   document-term counts, `--by doc`): then they are fed with `period: None`;
//! - dated documents outside [`PassOptions::range`] are left out
//!   ([`PassStats::docs_out_of_range`]).

use std::sync::atomic::{AtomicU64, Ordering};

use chrono::NaiveDate;
use dateline_core::{By, DateRange, Document, PeriodIndex};
use dateline_tokenize::{Pipeline, Tokens};

use crate::index::{StreamBatch, TokenMap};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// One tokenized document, as an accumulator sees it.
#[derive(Debug, Clone, Copy)]
pub struct DocView<'a> {
    /// Position of the document in the input (the slice, or the batches in order).
    pub index: usize,
    /// The document.
    pub doc: &'a Document,
    /// [`Document::text`]: the text the token offsets point into.
    pub text: &'a str,
    /// The tokens of `text`.
    pub tokens: &'a Tokens,
    /// Index of the document's period in the [`PeriodIndex`]; `None` when undated (only fed
    /// with [`PassOptions::include_undated`]) or outside every period.
    pub period: Option<usize>,
    /// The document's group (see [`PassOptions::group_by`]), if any.
    pub group: Option<&'a str>,
    /// The document's person and country mentions, when they were read from an index made
    /// with the extractor the analysis asked for (`None`: extract them from `text`).
    pub mentions: Option<&'a [dateline_entities::Mention]>,
}

/// A document read from an index (a pipeline without phrases), as an accumulator sees it:
/// its forms, and its tokens rebuilt only when asked for ([`IndexedDoc::view`], once).
pub struct IndexedDoc<'a> {
    /// Position of the document in the input (as [`DocView::index`]).
    pub index: usize,
    /// The document.
    pub doc: &'a Document,
    /// As [`DocView::period`].
    pub period: Option<usize>,
    /// As [`DocView::group`].
    pub group: Option<&'a str>,
    /// As [`DocView::mentions`].
    pub mentions: Option<&'a [dateline_entities::Mention]>,
    map: &'a TokenMap,
    streams: &'a StreamBatch,
    /// The document's row in `streams`.
    row: usize,
    tokens: &'a mut Tokens,
    text: Option<String>,
}

impl<'a> IndexedDoc<'a> {
    /// The pass's pipeline over the index's forms.
    pub fn map(&self) -> &'a TokenMap {
        self.map
    }

    /// The document's form ids, in order.
    pub fn forms(&self) -> &'a [u32] {
        &self.streams.forms[self.streams.range(self.row)]
    }

    /// Each of the document's tokens as (term id, stop), in order: exactly the tokens
    /// [`IndexedDoc::view`] would rebuild, without their offsets and sentences.
    pub fn items(&self) -> impl Iterator<Item = (u32, bool)> + 'a {
        let map = self.map;
        self.forms().iter().flat_map(move |&f| map.items(f))
    }

    /// The number of the document's tokens that are not stopwords: `items()` without the
    /// stop ones, counted per form.
    pub fn kept_tokens(&self) -> u64 {
        let map = self.map;
        self.forms().iter().map(|&f| map.kept(f)).sum()
    }

    /// The document's tokens and text (rebuilt on the first call).
    pub fn view(&mut self) -> DocView<'_> {
        let text = self.text.get_or_insert_with(|| {
            self.map.fill(self.streams, self.row, self.tokens);
            self.doc.text()
        });
        DocView {
            index: self.index,
            doc: self.doc,
            text,
            tokens: self.tokens,
            period: self.period,
            group: self.group,
            mentions: self.mentions,
        }
    }
}

/// An analysis fed one document at a time, mergeable across threads.
///
/// `merge` must be associative and commutative up to the final, sorted output.
pub trait Accumulator: Send {
    /// Counts one document.
    fn add(&mut self, doc: &DocView<'_>);
    /// Counts one document read from an index. An accumulator that can count it from its
    /// forms alone ([`IndexedDoc::items`]: each token's term id and stop flag) does so and
    /// never asks for the tokens; the default rebuilds them ([`IndexedDoc::view`]) and calls
    /// [`Accumulator::add`]. Both must count the same.
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        let view = doc.view();
        self.add(&view);
    }
    /// Whether [`Accumulator::add_indexed`] may rebuild a document's tokens
    /// ([`IndexedDoc::view`]), so that the pass must read each token's offsets and sentence
    /// from the index, not only its form. The default (true) is always safe; an accumulator
    /// that counts every document from [`IndexedDoc::items`] says false, and the pass then
    /// reads one column of the token table instead of three.
    fn needs_positions(&self) -> bool {
        true
    }
    /// Adds everything `other` counted.
    fn merge(&mut self, other: Self)
    where
        Self: Sized;
}

impl<A: Accumulator> Accumulator for Option<A> {
    fn add(&mut self, doc: &DocView<'_>) {
        if let Some(a) = self {
            a.add(doc);
        }
    }
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        if let Some(a) = self {
            a.add_indexed(doc);
        }
    }
    fn needs_positions(&self) -> bool {
        self.as_ref().is_some_and(Accumulator::needs_positions)
    }
    fn merge(&mut self, other: Self) {
        match (self.as_mut(), other) {
            (Some(a), Some(b)) => a.merge(b),
            (None, Some(b)) => *self = Some(b),
            (_, None) => {}
        }
    }
}

/// Several accumulators of one kind (one per comparison of a study): each counts every
/// document; merged pairwise.
impl<T: Accumulator> Accumulator for Vec<T> {
    fn add(&mut self, doc: &DocView<'_>) {
        for a in self.iter_mut() {
            a.add(doc);
        }
    }
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        for a in self.iter_mut() {
            a.add_indexed(doc);
        }
    }
    fn needs_positions(&self) -> bool {
        self.iter().any(Accumulator::needs_positions)
    }
    fn merge(&mut self, other: Self) {
        for (a, b) in self.iter_mut().zip(other) {
            a.merge(b);
        }
    }
}

macro_rules! tuple_accumulator {
    ($($name:ident $idx:tt),+) => {
        impl<$($name: Accumulator),+> Accumulator for ($($name,)+) {
            fn add(&mut self, doc: &DocView<'_>) {
                $(self.$idx.add(doc);)+
            }
            fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
                $(self.$idx.add_indexed(doc);)+
            }
            fn needs_positions(&self) -> bool {
                false $(|| self.$idx.needs_positions())+
            }
            fn merge(&mut self, other: Self) {
                $(self.$idx.merge(other.$idx);)+
            }
        }
    };
}

tuple_accumulator!(A 0, B 1);
tuple_accumulator!(A 0, B 1, C 2);
tuple_accumulator!(A 0, B 1, C 2, D 3);
tuple_accumulator!(A 0, B 1, C 2, D 3, E 4);
tuple_accumulator!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_accumulator!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_accumulator!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);

/// A function giving a document's group (`--group-by source`, say); `None`: no group.
pub type GroupBy<'a> = &'a (dyn Fn(&Document) -> Option<String> + Sync);

/// What [`run_pass`] analyses and how it splits the corpus.
#[derive(Clone)]
pub struct PassOptions<'a> {
    /// The periods dated documents are counted in.
    pub periods: &'a PeriodIndex,
    /// Only dated documents in this range are analysed.
    pub range: DateRange,
    /// Splits each period's counts by group.
    pub group_by: Option<GroupBy<'a>>,
    /// Only documents in this language are analysed (`und` documents only with `und`); `None`:
    /// every language.
    pub lang: Option<String>,
    /// Feed undated documents too (with `period: None`); for document-term counts.
    pub include_undated: bool,
    /// Only the documents of this bit set (bit `d % 64` of word `d / 64`, `d` the document's
    /// index in the whole pass) are given to the accumulator; the others are admitted and counted in
    /// [`PassStats`] as usual but skipped. For accumulators that count nothing for a
    /// document the set leaves out: a postings look-up of a query's documents
    /// ([`crate::index::Postings::query_docs`]) for concordance lines. `None`: every document.
    pub only: Option<&'a [u64]>,
}

impl<'a> PassOptions<'a> {
    /// English documents of every date, no groups, undated documents left out.
    pub fn new(periods: &'a PeriodIndex) -> Self {
        PassOptions {
            periods,
            range: DateRange::default(),
            group_by: None,
            lang: Some("en".to_string()),
            include_undated: false,
            only: None,
        }
    }
}

impl std::fmt::Debug for PassOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PassOptions")
            .field("periods", &self.periods.periods().len())
            .field("range", &self.range)
            .field("group_by", &self.group_by.is_some())
            .field("lang", &self.lang)
            .field("include_undated", &self.include_undated)
            .field(
                "only",
                &self
                    .only
                    .map(|s| s.iter().map(|w| w.count_ones()).sum::<u32>()),
            )
            .finish()
    }
}

/// How many documents a pass saw, analysed and left out (and why).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassStats {
    /// Documents in the input.
    pub docs_total: u64,
    /// Documents fed to the accumulators.
    pub docs_analysed: u64,
    /// Documents without a date, left out (0 with [`PassOptions::include_undated`]).
    pub docs_undated: u64,
    /// Dated documents outside the range (or outside every period), left out.
    pub docs_out_of_range: u64,
    /// Documents in another language, left out.
    pub docs_other_lang: u64,
}

impl PassStats {
    /// Why a pass that analysed no document has nothing to say: the reason and the hints to
    /// give (the hints empty when the input held no document at all); `None` when some
    /// document was analysed. Every analysis refuses such a pass before writing anything.
    pub fn nothing_analysed(&self) -> Option<(String, Vec<&'static str>)> {
        use crate::limits::thousands;
        if self.docs_analysed > 0 {
            return None;
        }
        let reason = format!(
            "nothing to analyse: 0 of {} documents analysed ({} in another language, {} out of range, {} undated)",
            thousands(self.docs_total),
            thousands(self.docs_other_lang),
            thousands(self.docs_out_of_range),
            thousands(self.docs_undated)
        );
        let mut hints = Vec::new();
        if self.docs_total > 0 {
            if self.docs_other_lang > 0 {
                hints.push("choose the language with --lang (`--lang all` for every one)");
            }
            if self.docs_out_of_range > 0 {
                hints.push("widen --from/--to");
            }
            if self.docs_undated > 0 {
                hints.push("undated documents are analysed only with --by doc");
            }
        }
        Some((reason, hints))
    }

    fn merge(&mut self, o: &PassStats) {
        self.docs_total += o.docs_total;
        self.docs_analysed += o.docs_analysed;
        self.docs_undated += o.docs_undated;
        self.docs_out_of_range += o.docs_out_of_range;
        self.docs_other_lang += o.docs_other_lang;
    }
}

/// Progress is reported in batches of this many documents.
const PROGRESS_BATCH: u64 = 64;

struct Worker<A> {
    acc: A,
    tokens: Tokens,
    stats: PassStats,
    pending: u64,
}

/// Tokenizes every document once with `pipeline` and feeds it to an accumulator.
///
/// `make` builds one empty accumulator per worker; `progress` is called with the number of
/// documents just processed (increments, in batches, from any thread).
pub fn run_pass<A: Accumulator>(
    docs: &[Document],
    pipeline: &Pipeline,
    opts: &PassOptions<'_>,
    make: impl Fn() -> A + Sync,
    progress: &(dyn Fn(u64) + Sync),
) -> (A, PassStats) {
    run_pass_at(
        docs,
        &StreamBatch::default(),
        0,
        Source::Text(pipeline),
        opts,
        &make,
        progress,
    )
}

/// [`run_pass`] over documents that arrive in batches (a corpus table read row group by row
/// group): while one batch is analysed on every core, the next one is read on a thread of its
/// own, and each batch's result is merged into the running one. Memory holds two batches and
/// the accumulators, whatever the size of the corpus. [`DocView::index`] counts across batches,
/// so the result equals [`run_pass`] over the concatenated batches.
///
/// # Errors
/// The first error of `batches`; the documents before it are not reported.
pub fn run_pass_batches<A, E, I>(
    batches: I,
    pipeline: &Pipeline,
    opts: &PassOptions<'_>,
    make: impl Fn() -> A + Sync,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(A, PassStats), E>
where
    A: Accumulator,
    E: Send,
    I: Iterator<Item = Result<Vec<Document>, E>> + Send,
{
    let batches = batches.map(|b| b.map(|docs| (docs, StreamBatch::default())));
    pass_batches(batches, Source::Text(pipeline), opts, &make, progress)
}

/// [`run_pass_batches`] with the tokens rebuilt from a corpus index instead of tokenizing the
/// text: each batch comes with its documents' token streams ([`StreamBatch`], the same rows),
/// and `map` (the pass's pipeline over the index's forms) gives the tokens. The result is the
/// one [`run_pass_batches`] gives with that pipeline.
///
/// # Errors
/// The first error of `batches`.
pub fn run_indexed_pass_batches<A, E, I>(
    batches: I,
    map: &TokenMap,
    opts: &PassOptions<'_>,
    make: impl Fn() -> A + Sync,
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(A, PassStats), E>
where
    A: Accumulator,
    E: Send,
    I: Iterator<Item = Result<(Vec<Document>, StreamBatch), E>> + Send,
{
    pass_batches(batches, Source::Index(map), opts, &make, progress)
}

/// [`run_indexed_pass_batches`] over documents and their token streams already in memory (one
/// batch, borrowed): a server that loads a corpus once and answers many queries
/// (`dateline explore`) runs the same accumulators over it without copying it per query.
/// The result equals [`run_indexed_pass_batches`] over the same rows in any batches.
pub fn run_indexed_pass<A: Accumulator>(
    docs: &[Document],
    streams: &StreamBatch,
    map: &TokenMap,
    opts: &PassOptions<'_>,
    make: impl Fn() -> A + Sync,
    progress: &(dyn Fn(u64) + Sync),
) -> (A, PassStats) {
    run_pass_at(docs, streams, 0, Source::Index(map), opts, &make, progress)
}

/// Where a pass's tokens come from.
#[derive(Clone, Copy)]
enum Source<'f> {
    /// The text, tokenized.
    Text(&'f Pipeline),
    /// The batch's streams, through this map.
    Index(&'f TokenMap),
}

fn pass_batches<A, E, I>(
    batches: I,
    source: Source<'_>,
    opts: &PassOptions<'_>,
    make: &(impl Fn() -> A + Sync),
    progress: &(dyn Fn(u64) + Sync),
) -> Result<(A, PassStats), E>
where
    A: Accumulator,
    E: Send,
    I: Iterator<Item = Result<(Vec<Document>, StreamBatch), E>> + Send,
{
    std::thread::scope(|s| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Result<(Vec<Document>, StreamBatch), E>>(1);
        s.spawn(move || {
            for b in batches {
                let stop = b.is_err();
                if tx.send(b).is_err() || stop {
                    break;
                }
            }
        });
        let mut total: Option<(A, PassStats)> = None;
        let mut base = 0;
        for batch in rx {
            let (docs, streams) = batch?;
            let (acc, stats) = run_pass_at(&docs, &streams, base, source, opts, make, progress);
            base += docs.len();
            drop(docs);
            total = Some(match total {
                None => (acc, stats),
                Some((mut a, mut sa)) => {
                    a.merge(acc);
                    sa.merge(&stats);
                    (a, sa)
                }
            });
        }
        Ok(total.unwrap_or_else(|| (make(), PassStats::default())))
    })
}

fn run_pass_at<A: Accumulator>(
    docs: &[Document],
    streams: &StreamBatch,
    base: usize,
    source: Source<'_>,
    opts: &PassOptions<'_>,
    make: &(impl Fn() -> A + Sync),
    progress: &(dyn Fn(u64) + Sync),
) -> (A, PassStats) {
    let threads = rayon::current_num_threads().max(1);
    // Few, large pieces: every merge of two accumulators costs the size of their tables.
    let min_len = (docs.len() / (threads * 4)).max(1);
    let done = AtomicU64::new(0);
    let result = docs
        .par_iter()
        .enumerate()
        .with_min_len(min_len)
        .fold(
            || Worker {
                acc: make(),
                tokens: Tokens::default(),
                stats: PassStats::default(),
                pending: 0,
            },
            |mut w, (index, doc)| {
                w.stats.docs_total += 1;
                let skipped = opts.only.is_some_and(|set| {
                    set[(base + index) / 64] & (1 << ((base + index) % 64)) == 0
                });
                if let Admit::Yes(period) = admit(doc, opts, &mut w.stats) {
                    if !skipped {
                        let group = opts.group_by.and_then(|g| g(doc));
                        let mentions = streams.mentions.as_ref().map(|m| m.doc(index));
                        match source {
                            Source::Index(map) if !map.has_phrases() => {
                                w.acc.add_indexed(&mut IndexedDoc {
                                    index: base + index,
                                    doc,
                                    period,
                                    group: group.as_deref(),
                                    mentions,
                                    map,
                                    streams,
                                    row: index,
                                    tokens: &mut w.tokens,
                                    text: None,
                                });
                            }
                            _ => {
                                let text = doc.text();
                                match source {
                                    Source::Text(p) => p.tokenize_into(&text, &mut w.tokens),
                                    Source::Index(map) => map.fill(streams, index, &mut w.tokens),
                                }
                                w.acc.add(&DocView {
                                    index: base + index,
                                    doc,
                                    text: &text,
                                    tokens: &w.tokens,
                                    period,
                                    group: group.as_deref(),
                                    mentions,
                                });
                            }
                        }
                    }
                    w.stats.docs_analysed += 1;
                }
                w.pending += 1;
                if w.pending == PROGRESS_BATCH {
                    progress(w.pending);
                    done.fetch_add(w.pending, Ordering::Relaxed);
                    w.pending = 0;
                }
                w
            },
        )
        .map(|w| {
            if w.pending > 0 {
                progress(w.pending);
                done.fetch_add(w.pending, Ordering::Relaxed);
            }
            (w.acc, w.stats)
        })
        .reduce_with(|(mut a, mut sa), (b, sb)| {
            a.merge(b);
            sa.merge(&sb);
            (a, sa)
        });
    debug_assert_eq!(done.load(Ordering::Relaxed), docs.len() as u64);
    result.unwrap_or_else(|| (make(), PassStats::default()))
}

/// Whether a document is analysed, and in which period.
enum Admit {
    /// Analysed, in this period (`None`: undated or outside every period).
    Yes(Option<usize>),
    /// Left out (and counted in the stats).
    No,
}

/// Decides whether a document is analysed.
fn admit(doc: &Document, opts: &PassOptions<'_>, stats: &mut PassStats) -> Admit {
    if let Some(lang) = &opts.lang {
        if doc.lang != *lang {
            stats.docs_other_lang += 1;
            return Admit::No;
        }
    }
    match doc.date {
        None if opts.include_undated => Admit::Yes(None),
        None => {
            stats.docs_undated += 1;
            Admit::No
        }
        Some(d) if !opts.range.contains(d) => {
            stats.docs_out_of_range += 1;
            Admit::No
        }
        Some(d) => match opts.periods.index(d) {
            Some(p) => Admit::Yes(Some(p)),
            None if opts.include_undated => Admit::Yes(None),
            None => {
                stats.docs_out_of_range += 1;
                Admit::No
            }
        },
    }
}

/// The periods of `by` covering `range`; an open end is closed by the earliest (latest) date of
/// the dated documents in the range. Empty when there is no such document and an end is open.
pub fn period_index_for(docs: &[Document], by: By, range: DateRange) -> PeriodIndex {
    period_index_for_dates(docs.iter().filter_map(|d| d.date), by, range)
}

/// [`period_index_for`] from the dates alone (the `date` column of a corpus table).
pub fn period_index_for_dates(
    dates: impl IntoIterator<Item = NaiveDate>,
    by: By,
    range: DateRange,
) -> PeriodIndex {
    let (mut lo, mut hi) = (None::<NaiveDate>, None::<NaiveDate>);
    for d in dates.into_iter().filter(|d| range.contains(*d)) {
        lo = Some(lo.map_or(d, |l| l.min(d)));
        hi = Some(hi.map_or(d, |h| h.max(d)));
    }
    match (range.start.or(lo), range.end.or(hi)) {
        (Some(a), Some(b)) => PeriodIndex::new(by, a, b),
        _ => {
            let d = NaiveDate::default();
            PeriodIndex::new(by, d, d.pred_opt().unwrap_or(d))
        }
    }
}

/// The dated rows at both ends of an analysis' span (row numbers into the date column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateSpan {
    /// The earliest date in the range, and its row.
    pub first: (NaiveDate, usize),
    /// The latest date in the range, and its row.
    pub last: (NaiveDate, usize),
}

/// The periods of an analysis, planned from the date column: what [`period_index_for_dates`]
/// makes, with the documents at both ends of the span.
#[derive(Debug, Clone)]
pub struct PeriodPlan {
    /// The periods.
    pub index: PeriodIndex,
    /// The earliest and latest dates in the range, with their rows (`None`: no dated row).
    pub dates: Option<DateSpan>,
}

/// A span with more periods than [`crate::limits::max_periods`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SpanError {
    /// Too many periods.
    #[error(
        "--by {} would give {} periods (from {first} to {last}); limit {} (set {} to change it)",
        by.as_str(),
        crate::limits::thousands(*periods),
        crate::limits::thousands(*limit),
        crate::limits::MAX_PERIODS_VAR
    )]
    TooManyPeriods {
        /// The period length.
        by: By,
        /// Periods the span would give.
        periods: u64,
        /// The first day of the span.
        first: NaiveDate,
        /// The last day.
        last: NaiveDate,
        /// The limit.
        limit: u64,
        /// The dated rows at the ends of the span (`None` when both ends come from the range).
        dates: Option<DateSpan>,
    },
    /// The limit cannot be read.
    #[error(transparent)]
    Limit(#[from] crate::limits::LimitError),
}

/// Plans the periods of `by` covering `range` from a date column (as
/// [`period_index_for_dates`]), refusing before anything is allocated a span of more than
/// [`crate::limits::max_periods`] periods.
pub fn plan_periods(
    dates: &[Option<NaiveDate>],
    by: By,
    range: DateRange,
) -> Result<PeriodPlan, SpanError> {
    let mut span: Option<DateSpan> = None;
    for (row, d) in dates.iter().enumerate() {
        let Some(d) = *d else { continue };
        if !range.contains(d) {
            continue;
        }
        match &mut span {
            None => {
                span = Some(DateSpan {
                    first: (d, row),
                    last: (d, row),
                });
            }
            Some(s) => {
                if d < s.first.0 {
                    s.first = (d, row);
                }
                if d > s.last.0 {
                    s.last = (d, row);
                }
            }
        }
    }
    let first = range.start.or(span.map(|s| s.first.0));
    let last = range.end.or(span.map(|s| s.last.0));
    if let (Some(a), Some(b)) = (first, last) {
        let periods = by.count_periods(a, b);
        let limit = crate::limits::max_periods()?;
        if periods > limit {
            return Err(SpanError::TooManyPeriods {
                by,
                periods,
                first: a,
                last: b,
                limit,
                dates: span,
            });
        }
    }
    Ok(PeriodPlan {
        index: period_index_for_dates(dates.iter().flatten().copied(), by, range),
        dates: span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_tokenize::PipelineSpec;

    fn doc(date: Option<&str>, lang: &str, body: &str) -> Document {
        Document {
            date: date.map(|d| d.parse().unwrap()),
            lang: lang.to_string(),
            body: body.to_string(),
            ..Document::default()
        }
    }

    /// Records what it was fed: (index, period, group, number of tokens).
    #[derive(Default)]
    struct Seen(Vec<(usize, Option<usize>, Option<String>, usize)>);

    impl Accumulator for Seen {
        fn add(&mut self, d: &DocView<'_>) {
            assert_eq!(d.text, d.doc.text());
            self.0
                .push((d.index, d.period, d.group.map(String::from), d.tokens.len()));
        }
        fn merge(&mut self, other: Self) {
            self.0.extend(other.0);
        }
    }

    fn corpus() -> Vec<Document> {
        vec![
            doc(Some("2018-01-05"), "en", "one two"),
            doc(None, "en", "three"),
            doc(Some("2018-03-02"), "und", "four five six"),
            doc(Some("2018-03-09"), "es", "uno"),
            doc(Some("2019-01-01"), "en", "late"),
        ]
    }

    #[test]
    fn admits_documents_by_language_date_and_range() {
        let docs = corpus();
        let range: DateRange = "2018".parse().unwrap();
        let periods = period_index_for(&docs, By::Month, range);
        assert_eq!(periods.periods().len(), 12);
        let p = Pipeline::new(&PipelineSpec::default());
        let group = |d: &Document| Some(d.lang.clone());
        let mut opts = PassOptions::new(&periods);
        opts.range = range;
        opts.group_by = Some(&group);
        let calls = AtomicU64::new(0);
        let (mut seen, stats) = run_pass(&docs, &p, &opts, Seen::default, &|n| {
            calls.fetch_add(n, Ordering::Relaxed);
        });
        seen.0.sort();
        assert_eq!(seen.0, [(0, Some(0), Some("en".to_string()), 2)]);
        // `und` and `es` are other languages; the undated and the 2019 documents are English.
        assert_eq!(
            stats,
            PassStats {
                docs_total: 5,
                docs_analysed: 1,
                docs_undated: 1,
                docs_out_of_range: 1,
                docs_other_lang: 2
            }
        );
        assert_eq!(calls.load(Ordering::Relaxed), 5);

        // Every language, undated documents included.
        opts.lang = None;
        opts.include_undated = true;
        opts.group_by = None;
        let (mut seen, stats) = run_pass(&docs, &p, &opts, Seen::default, &|_| {});
        seen.0.sort();
        let got: Vec<_> = seen.0.iter().map(|s| (s.0, s.1)).collect();
        assert_eq!(got, [(0, Some(0)), (1, None), (2, Some(2)), (3, Some(2))]);
        assert_eq!((stats.docs_undated, stats.docs_out_of_range), (0, 1));
    }

    #[test]
    fn tuples_and_options_feed_every_member() {
        let docs = corpus();
        let periods = period_index_for(&docs, By::All, DateRange::default());
        assert_eq!(periods.periods()[0].start, "2018-01-05".parse().unwrap());
        assert_eq!(periods.periods()[0].end, "2019-01-01".parse().unwrap());
        let p = Pipeline::new(&PipelineSpec::default());
        let opts = PassOptions::new(&periods);
        let ((a, b, c), _) = run_pass(
            &docs,
            &p,
            &opts,
            || (Seen::default(), Some(Seen::default()), None::<Seen>),
            &|_| {},
        );
        // The two dated English documents (not `und`, not `es`, not the undated one).
        assert_eq!(a.0.len(), 2);
        assert_eq!(b.map(|b| b.0.len()), Some(2));
        assert!(c.is_none());
    }

    /// Batches give what one slice gives, indexes counted across batches; an error stops it.
    #[test]
    fn batches_equal_one_slice() {
        let docs = corpus();
        let periods = period_index_for(&docs, By::Month, DateRange::default());
        let p = Pipeline::new(&PipelineSpec::default());
        let mut opts = PassOptions::new(&periods);
        opts.lang = None;
        let (mut one, s1) = run_pass(&docs, &p, &opts, Seen::default, &|_| {});
        let batches = vec![docs[..2].to_vec(), Vec::new(), docs[2..].to_vec()];
        let calls = AtomicU64::new(0);
        let (mut many, s2) = run_pass_batches(
            batches.into_iter().map(Ok::<_, String>),
            &p,
            &opts,
            Seen::default,
            &|n| {
                calls.fetch_add(n, Ordering::Relaxed);
            },
        )
        .unwrap();
        one.0.sort();
        many.0.sort();
        assert_eq!(one.0, many.0);
        assert_eq!(many.0.iter().map(|s| s.0).collect::<Vec<_>>(), [0, 2, 3, 4]);
        assert_eq!(s1, s2);
        assert_eq!(calls.load(Ordering::Relaxed), 5);
        let bad = vec![
            Ok(docs[..2].to_vec()),
            Err("row 3: bad".to_string()),
            Ok(docs.clone()),
        ];
        let r = run_pass_batches(bad.into_iter(), &p, &opts, Seen::default, &|_| {});
        assert_eq!(r.err(), Some("row 3: bad".to_string()));
        let dates = docs.iter().filter_map(|d| d.date);
        let range: DateRange = "2018-02..2018-03".parse().unwrap();
        assert_eq!(
            period_index_for_dates(dates, By::Month, range).periods(),
            period_index_for(&docs, By::Month, range).periods()
        );
    }

    #[test]
    fn plan_periods_refuses_an_absurd_span_before_making_it() {
        let far = NaiveDate::from_ymd_opt(54157, 3, 1).unwrap();
        let d = |s: &str| Some(s.parse::<NaiveDate>().unwrap());
        let dates = vec![d("2018-01-05"), None, Some(far), d("2017-12-31")];
        let plan = plan_periods(&dates, By::Year, DateRange::default()).unwrap();
        assert_eq!(plan.index.periods().len(), 54157 - 2017 + 1);
        assert_eq!(plan.dates.unwrap().first, (d("2017-12-31").unwrap(), 3));
        assert_eq!(plan.dates.unwrap().last, (far, 2));
        match plan_periods(&dates, By::Day, DateRange::default()) {
            Err(e @ SpanError::TooManyPeriods { .. }) => {
                assert_eq!(
                    e.to_string(),
                    "--by day would give 19,043,440 periods (from 2017-12-31 to +54157-03-01); limit 100,000 (set DATELINE_MAX_PERIODS to change it)"
                );
            }
            other => panic!("{other:?}"),
        }
        // Within a range that leaves the outlier out, the span is plain.
        let r: DateRange = "2017..2018".parse().unwrap();
        let plan = plan_periods(&dates, By::Day, r).unwrap();
        assert_eq!(plan.index.periods().len(), 730);
        assert_eq!(
            plan.index.periods(),
            period_index_for_dates(dates.iter().flatten().copied(), By::Day, r).periods()
        );
    }

    #[test]
    fn empty_input_and_empty_index() {
        let p = Pipeline::new(&PipelineSpec::default());
        let periods = period_index_for(&[], By::Month, DateRange::default());
        assert!(periods.periods().is_empty());
        let opts = PassOptions::new(&periods);
        let (seen, stats) = run_pass(&[], &p, &opts, Seen::default, &|_| {});
        assert!(seen.0.is_empty());
        assert_eq!(stats, PassStats::default());
    }
}
