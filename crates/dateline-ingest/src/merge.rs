//! Deterministic, streaming merge: files in input order, records in file order; the first copy
//! of each normalized text is kept; teasers resolved against the articles; documents sorted by
//! date (undated last), then `doc_id`.
//!
//! Files arrive in chunks ([`Merger::add`]); a kept document goes to a [`Store`] (memory up to
//! a budget, then a temporary file) and only a small key stays in memory: date, id, a hash of
//! the headline, where it is, how many copies. [`Merger::finish`] sorts the keys and hands the
//! documents out in batches, so memory follows the number of documents, not their text.

use chrono::NaiveDate;
use dateline_core::{DocId, Document, Kind};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::record::FileOutput;
use crate::spill::{Loc, Store};
use crate::{IngestOptions, Report};

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
}

/// Merges parsed files, chunk by chunk, into sorted documents.
pub(crate) struct Merger<'a> {
    opts: &'a IngestOptions,
    pub(crate) report: Report,
    store: Store,
    keys: Vec<Key>,
    seen: FxHashMap<DocId, u32>,
    teasers: Vec<Document>,
}

fn is_other_lang(lang: &str) -> bool {
    lang != "en" && lang != "und"
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
            for d in f.docs {
                if d.kind == Kind::Teaser {
                    self.teasers.push(d);
                    continue;
                }
                if let Some(&i) = self.seen.get(&d.doc_id) {
                    self.keys[i as usize].copies += 1;
                    report.duplicates_removed += 1;
                    continue;
                }
                let i = self.keys.len();
                self.seen.insert(d.doc_id, i as u32);
                self.keys.push(Key {
                    date: d.date,
                    doc_id: d.doc_id,
                    title: title_key(&d),
                    loc: Loc::Mem(0),
                    copies: d.copies.max(1),
                    other_lang: false,
                    article: true,
                });
                fresh.push((i, d));
            }
        }
        self.store_fresh(fresh)
    }

    /// Language once per kept document, in parallel; then into the store.
    fn store_fresh(&mut self, mut fresh: Vec<(usize, Document)>) -> std::io::Result<()> {
        fresh
            .par_iter_mut()
            .for_each(|(_, d)| d.lang = crate::lang::detect(&d.body));
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
                });
                fresh.push((i, t));
            } else {
                self.keys[index[&t.doc_id]].copies += 1;
                self.report.duplicates_removed += 1;
            }
        }
        self.store_fresh(fresh)
    }

    /// Sorts the documents and hands them to `sink` in batches of `batch_rows`; returns the
    /// report.
    pub(crate) fn finish<E: From<std::io::Error>>(
        mut self,
        batch_rows: usize,
        sink: &mut dyn FnMut(Vec<Document>) -> Result<(), E>,
    ) -> Result<Report, E> {
        self.resolve_teasers()?;
        self.seen = FxHashMap::default();
        let mut keys = std::mem::take(&mut self.keys);
        keys.sort_by(|a, b| match (a.date, b.date) {
            (Some(x), Some(y)) => x.cmp(&y).then(a.doc_id.cmp(&b.doc_id)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => a.doc_id.cmp(&b.doc_id),
        });
        let mut report = self.report;
        report.kept = keys.len() as u64;
        report.undated = keys.iter().filter(|k| k.date.is_none()).count() as u64;
        report.non_english = keys.iter().filter(|k| k.other_lang).count() as u64;
        let mut reader = self.store.into_reader()?;
        let batch_rows = batch_rows.max(1);
        for chunk in keys.chunks(batch_rows) {
            let mut batch = Vec::with_capacity(chunk.len());
            for k in chunk {
                let mut d = reader.take(k.loc)?;
                d.copies = k.copies;
                batch.push(d);
            }
            sink(batch)?;
        }
        Ok(report)
    }
}
