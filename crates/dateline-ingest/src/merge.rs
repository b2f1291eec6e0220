//! Deterministic merge: files in input order, records in file order; the first copy of each
//! normalized text is kept; teasers resolved against the articles; documents sorted.

use dateline_core::{DocId, Document, Kind};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::record::FileOutput;
use crate::{IngestOptions, Report};

/// The key that matches a teaser to its full article: the headline in lower case.
fn title_key(d: &Document) -> String {
    d.title.as_deref().unwrap_or("").to_lowercase()
}

/// Merges parsed files into the final, sorted document list and fills `report`.
pub(crate) fn merge(
    files: Vec<FileOutput>,
    opts: &IngestOptions,
    report: &mut Report,
) -> Vec<Document> {
    let mut docs: Vec<Document> = Vec::new();
    let mut teasers: Vec<Document> = Vec::new();
    let mut seen: FxHashMap<DocId, usize> = FxHashMap::default();
    for f in files {
        report.problems.extend(f.problems);
        if f.read {
            report.files_read += 1;
        }
        report.bytes_read += f.bytes;
        report.records += f.records;
        report.empty_records += f.empty;
        for d in f.docs {
            if d.kind == Kind::Teaser {
                teasers.push(d);
                continue;
            }
            match seen.get(&d.doc_id) {
                Some(&i) => {
                    docs[i].copies += 1;
                    report.duplicates_removed += 1;
                }
                None => {
                    seen.insert(d.doc_id, docs.len());
                    docs.push(d);
                }
            }
        }
    }
    // Teasers: never kept when the full article is present (same headline, same date when both
    // are known); otherwise dropped unless asked for.
    let mut articles: FxHashMap<String, Vec<Option<chrono::NaiveDate>>> = FxHashMap::default();
    for d in &docs {
        articles.entry(title_key(d)).or_default().push(d.date);
    }
    let mut teaser_seen: FxHashSet<DocId> = FxHashSet::default();
    let mut kept_teasers: Vec<Document> = Vec::new();
    let mut index: FxHashMap<DocId, usize> = FxHashMap::default();
    for t in teasers {
        let present = articles.get(&title_key(&t)).is_some_and(|dates| {
            dates
                .iter()
                .any(|d| d.is_none() || t.date.is_none() || *d == t.date)
        });
        if present {
            report.teasers_already_present += 1;
        } else if !opts.teasers {
            report.teasers_dropped += 1;
        } else if teaser_seen.insert(t.doc_id) {
            index.insert(t.doc_id, kept_teasers.len());
            kept_teasers.push(t);
        } else {
            kept_teasers[index[&t.doc_id]].copies += 1;
            report.duplicates_removed += 1;
        }
    }
    docs.extend(kept_teasers);
    // Language once per kept document, in parallel.
    docs.par_iter_mut()
        .for_each(|d| d.lang = crate::lang::detect(&d.body));
    docs.sort_by(|a, b| match (a.date, b.date) {
        (Some(x), Some(y)) => x.cmp(&y).then(a.doc_id.cmp(&b.doc_id)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.doc_id.cmp(&b.doc_id),
    });
    report.kept = docs.len() as u64;
    report.undated = docs.iter().filter(|d| d.date.is_none()).count() as u64;
    report.non_english = docs
        .iter()
        .filter(|d| d.lang != "en" && d.lang != "und")
        .count() as u64;
    docs
}
