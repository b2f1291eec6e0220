//! Deterministic, streaming merge: files in input order, records in file order; copies of one
//! normalized text grouped by the [`Dedupe`] rule (one place: [`groups`]); teasers resolved
//! against the articles; documents sorted by date (undated last), then `doc_id`.
//!
//! Files arrive in chunks ([`Merger::add`]); every document goes to a [`Store`] (memory up to
//! a budget, then a temporary file) and only a small key stays in memory: date, id, a hash of
//! the headline, where it is, how many copies. [`Merger::finish`] groups and sorts the keys and
//! hands the documents out in batches, so memory follows the number of documents, not their
//! text.

use chrono::NaiveDate;
use dateline_core::{DocId, Document, Kind};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::record::FileOutput;
use crate::spill::{Loc, Store};
use crate::{DuplicateCopy, IngestOptions, Report};

/// Copies of the same text further apart than this many days are different documents under
/// [`Dedupe::SameDay`]: KCNA's datelines and the capture dates of its copies are often a day
/// off.
pub const SAME_DAY_WINDOW_DAYS: i64 = 1;

/// Which records are copies of one document. Copies always have the same normalized title and
/// body (the same text hash); the rule says which dates go together.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Dedupe {
    /// The same text on dates at most [`SAME_DAY_WINDOW_DAYS`] apart (chained: copies of
    /// 03-01, 03-02 and 03-03 are one document); undated copies of a text are one document
    /// apart from the dated ones. A reprint a week or a year later is a document of its own.
    #[default]
    SameDay,
    /// The same text on any date (or none) is one document.
    Text,
    /// Every record is a document.
    None,
}

impl std::str::FromStr for Dedupe {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "same-day" => Ok(Dedupe::SameDay),
            "text" => Ok(Dedupe::Text),
            "none" => Ok(Dedupe::None),
            other => Err(format!(
                "unknown --dedupe rule `{other}` (expected same-day, text or none)"
            )),
        }
    }
}

impl Dedupe {
    /// The name `FromStr` reads.
    pub fn as_str(self) -> &'static str {
        match self {
            Dedupe::SameDay => "same-day",
            Dedupe::Text => "text",
            Dedupe::None => "none",
        }
    }

    /// True when a copy dated `next` joins the group whose latest copy is dated `prev` (the
    /// copies of one text in date order, undated last).
    fn same_group(self, prev: Option<NaiveDate>, next: Option<NaiveDate>) -> bool {
        match self {
            Dedupe::Text => true,
            Dedupe::None => false,
            Dedupe::SameDay => match (prev, next) {
                (Some(a), Some(b)) => (b - a).num_days().abs() <= SAME_DAY_WINDOW_DAYS,
                (None, None) => true,
                _ => false,
            },
        }
    }
}

/// Groups the records of one text hash (`idx`, key indices in input order) by the rule: sorted
/// by date (undated last), then input order; each group's first record is the document kept.
fn groups(rule: Dedupe, keys: &[Key], mut idx: Vec<usize>) -> Vec<Vec<usize>> {
    idx.sort_by(|&a, &b| date_order(keys[a].date, keys[b].date).then(a.cmp(&b)));
    let mut out: Vec<Vec<usize>> = Vec::new();
    for i in idx {
        match out.last_mut() {
            Some(g) if rule.same_group(keys[*g.last().expect("non-empty")].date, keys[i].date) => {
                g.push(i);
            }
            _ => out.push(vec![i]),
        }
    }
    out
}

fn date_order(a: Option<NaiveDate>, b: Option<NaiveDate>) -> std::cmp::Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    }
}

/// The id of the `k`-th group (0-based, in date order) of one text: the text hash for the
/// first, so that re-ingesting gives the same ids; a hash of it and `k` for reprints.
fn group_id(text: DocId, k: usize) -> DocId {
    if k == 0 {
        return text;
    }
    let mut b = text.0.to_le_bytes().to_vec();
    b.extend_from_slice(&(k as u64).to_le_bytes());
    DocId(xxhash_rust::xxh3::xxh3_64(&b))
}

/// The key that matches a teaser to its full article: a hash of the headline in lower case.
fn title_key(d: &Document) -> u64 {
    xxhash_rust::xxh3::xxh3_64(d.title.as_deref().unwrap_or("").to_lowercase().as_bytes())
}

/// What stays in memory of a kept document.
struct Key {
    date: Option<NaiveDate>,
    doc_id: DocId,
    title: u64,
    loc: Loc,
    copies: u32,
    other_lang: bool,
    article: bool,
    title_only: bool,
}

/// Merges parsed files, chunk by chunk, into sorted documents.
pub(crate) struct Merger<'a> {
    opts: &'a IngestOptions,
    pub(crate) report: Report,
    store: Store,
    keys: Vec<Key>,
    /// Key indices of the records of each text hash, in input order.
    seen: FxHashMap<DocId, Vec<u32>>,
    teasers: Vec<Document>,
}

/// Not English: what the analyses' default `--lang en` leaves out (`und` included, as
/// `dateline_analytics::pass` does).
fn is_other_lang(lang: &str) -> bool {
    lang != "en"
}

impl<'a> Merger<'a> {
    pub(crate) fn new(opts: &'a IngestOptions, report: Report, store: Store) -> Self {
        Merger {
            opts,
            report,
            store,
            keys: Vec::new(),
            seen: FxHashMap::default(),
            teasers: Vec::new(),
        }
    }

    /// Adds the next files, in input order.
    pub(crate) fn add(&mut self, files: Vec<FileOutput>) -> std::io::Result<()> {
        let mut fresh: Vec<(usize, Document)> = Vec::new();
        for f in files {
            let report = &mut self.report;
            report.problems.extend(f.problems);
            if f.read {
                report.files_read += 1;
            }
            report.files_seen += f.extra_seen;
            report.files_ignored += f.ignored;
            report.bytes_read += f.bytes;
            report.records += f.records;
            report.empty_records += f.empty;
            report.skipped_records += f.skipped;
            for d in f.docs {
                if d.kind == Kind::Teaser {
                    self.teasers.push(d);
                    continue;
                }
                let i = self.keys.len();
                self.seen.entry(d.doc_id).or_default().push(i as u32);
                self.keys.push(Key {
                    date: d.date,
                    doc_id: d.doc_id,
                    title: title_key(&d),
                    loc: Loc::Mem(0),
                    copies: d.copies.max(1),
                    other_lang: false,
                    article: true,
                    title_only: d.has_flag("title_only"),
                });
                fresh.push((i, d));
            }
        }
        self.store_fresh(fresh)
    }

    /// Language once per kept document, in parallel; then into the store.
    fn store_fresh(&mut self, mut fresh: Vec<(usize, Document)>) -> std::io::Result<()> {
        fresh.par_iter_mut().for_each(|(_, d)| {
            // A title-only document's language is its title's.
            let text = match (&d.title, d.body.is_empty()) {
                (Some(t), true) => t.as_str(),
                _ => d.body.as_str(),
            };
            d.lang = crate::lang::detect(text);
        });
        for (i, d) in fresh {
            self.keys[i].other_lang = is_other_lang(&d.lang);
            self.keys[i].loc = self.store.push(d)?;
        }
        Ok(())
    }

    /// Teasers are never kept when the full article is present (same headline, same date when
    /// both are known); otherwise they are dropped unless asked for.
    fn resolve_teasers(&mut self) -> std::io::Result<()> {
        let teasers = std::mem::take(&mut self.teasers);
        if teasers.is_empty() {
            return Ok(());
        }
        let mut articles: FxHashMap<u64, Vec<Option<NaiveDate>>> = FxHashMap::default();
        for k in self.keys.iter().filter(|k| k.article) {
            articles.entry(k.title).or_default().push(k.date);
        }
        let mut seen: FxHashSet<DocId> = FxHashSet::default();
        let mut fresh = Vec::new();
        let mut index: FxHashMap<DocId, usize> = FxHashMap::default();
        for t in teasers {
            let present = articles.get(&title_key(&t)).is_some_and(|dates| {
                dates
                    .iter()
                    .any(|d| d.is_none() || t.date.is_none() || *d == t.date)
            });
            if present {
                self.report.teasers_already_present += 1;
            } else if !self.opts.teasers {
                self.report.teasers_dropped += 1;
            } else if seen.insert(t.doc_id) {
                let i = self.keys.len();
                index.insert(t.doc_id, i);
                self.keys.push(Key {
                    date: t.date,
                    doc_id: t.doc_id,
                    title: 0,
                    loc: Loc::Mem(0),
                    copies: t.copies.max(1),
                    other_lang: false,
                    article: false,
                    title_only: false,
                });
                fresh.push((i, t));
            } else {
                self.keys[index[&t.doc_id]].copies += 1;
                self.report.duplicates_removed += 1;
            }
        }
        self.store_fresh(fresh)
    }

    /// Groups the copies by the rule, sorts the documents and hands them to `sink` in batches
    /// of `batch_rows`; returns the report (with one duplicate row per copy left out).
    pub(crate) fn finish<E: From<std::io::Error>>(
        mut self,
        batch_rows: usize,
        sink: &mut dyn FnMut(Vec<Document>) -> Result<(), E>,
    ) -> Result<Report, E> {
        self.resolve_teasers()?;
        let seen = std::mem::take(&mut self.seen);
        let mut keys = std::mem::take(&mut self.keys);
        let mut report = self.report;
        let mut kept: Vec<usize> = (0..keys.len()).filter(|&i| !keys[i].article).collect();
        let mut dropped: Vec<(usize, Vec<usize>)> = Vec::new();
        for idx in seen.into_values() {
            let idx = idx.into_iter().map(|i| i as usize).collect();
            for (k, g) in groups(self.opts.dedupe, &keys, idx).into_iter().enumerate() {
                let rep = g[0];
                keys[rep].doc_id = group_id(keys[rep].doc_id, k);
                keys[rep].copies = g.iter().map(|&i| keys[i].copies).sum();
                kept.push(rep);
                if g.len() > 1 {
                    report.duplicates_removed += g.len() as u64 - 1;
                    dropped.push((rep, g[1..].to_vec()));
                }
            }
        }
        kept.sort_by(|&a, &b| {
            date_order(keys[a].date, keys[b].date).then(keys[a].doc_id.cmp(&keys[b].doc_id))
        });
        report.kept = kept.len() as u64;
        report.undated = kept.iter().filter(|&&i| keys[i].date.is_none()).count() as u64;
        report.non_english = kept.iter().filter(|&&i| keys[i].other_lang).count() as u64;
        report.title_only = kept.iter().filter(|&&i| keys[i].title_only).count() as u64;
        let mut reader = self.store.into_reader()?;
        let mut pos = vec![0usize; keys.len()];
        for (p, &i) in kept.iter().enumerate() {
            pos[i] = p;
        }
        dropped.sort_by_key(|(rep, _)| pos[*rep]);
        for (rep, copies) in dropped {
            for m in copies {
                let copy = reader.take(keys[m].loc)?;
                report.duplicates.push(DuplicateCopy {
                    doc_id: keys[rep].doc_id,
                    date: keys[m].date,
                    origin: copy.origin,
                });
            }
        }
        debug_assert_eq!(report.accounting_error(), None);
        let batch_rows = batch_rows.max(1);
        for chunk in kept.chunks(batch_rows) {
            let mut batch = Vec::with_capacity(chunk.len());
            for &i in chunk {
                let k = &keys[i];
                let mut d = reader.take(k.loc)?;
                d.doc_id = k.doc_id;
                d.copies = k.copies;
                batch.push(d);
            }
            sink(batch)?;
        }
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[allow(clippy::unnecessary_wraps)]
    fn d(s: &str) -> Option<NaiveDate> {
        Some(s.parse().unwrap())
    }

    fn key(date: Option<NaiveDate>) -> Key {
        Key {
            date,
            doc_id: DocId(7),
            title: 0,
            loc: Loc::Mem(0),
            copies: 1,
            other_lang: false,
            article: true,
            title_only: false,
        }
    }

    /// Copies of one text (input order) → groups of input indices, first kept.
    fn run(rule: Dedupe, dates: &[Option<NaiveDate>]) -> Vec<Vec<usize>> {
        let keys: Vec<Key> = dates.iter().map(|&x| key(x)).collect();
        groups(rule, &keys, (0..keys.len()).collect())
    }

    #[test]
    fn same_day_groups_copies_a_day_apart_and_keeps_reprints() {
        let dates = [
            d("2003-10-26"),
            d("2003-10-25"),
            None,
            d("2004-10-25"),
            d("2003-10-25"),
            None,
            d("2003-10-27"),
            d("2003-10-29"),
        ];
        // Sorted: 10-25 (#1, #4), 10-26 (#0), 10-27 (#6) chain into one; 10-29 is two days
        // after 10-27: its own; the reprint a year later its own; the undated ones together.
        assert_eq!(
            run(Dedupe::SameDay, &dates),
            vec![vec![1, 4, 0, 6], vec![7], vec![3], vec![2, 5]]
        );
        assert_eq!(
            run(Dedupe::Text, &dates),
            vec![vec![1, 4, 0, 6, 7, 3, 2, 5]]
        );
        assert_eq!(
            run(Dedupe::None, &dates),
            vec![
                vec![1],
                vec![4],
                vec![0],
                vec![6],
                vec![7],
                vec![3],
                vec![2],
                vec![5]
            ]
        );
    }

    #[test]
    fn same_date_is_one_document_in_input_order() {
        let dates = [d("2024-01-02"), d("2024-01-02"), d("2024-01-02")];
        assert_eq!(run(Dedupe::SameDay, &dates), vec![vec![0, 1, 2]]);
        // Three dates a week apart: three documents.
        let dates = [d("2024-01-16"), d("2024-01-02"), d("2024-01-09")];
        assert_eq!(
            run(Dedupe::SameDay, &dates),
            vec![vec![1], vec![2], vec![0]]
        );
    }

    #[test]
    fn group_ids_are_the_text_hash_then_distinct() {
        let t = DocId(42);
        assert_eq!(group_id(t, 0), t);
        assert_ne!(group_id(t, 1), t);
        assert_ne!(group_id(t, 1), group_id(t, 2));
        assert_eq!(group_id(t, 1), group_id(DocId(42), 1));
    }

    #[test]
    fn rule_names() {
        for r in [Dedupe::SameDay, Dedupe::Text, Dedupe::None] {
            assert_eq!(r.as_str().parse::<Dedupe>(), Ok(r));
        }
        assert_eq!(
            "day".parse::<Dedupe>(),
            Err("unknown --dedupe rule `day` (expected same-day, text or none)".to_string())
        );
    }
}
