//! Dictionary counts: the matches of each category of a [`Dictionary`] per period and per
//! document, with the entries that matched.
//!
//! Each category is a [`Query`] whose alternatives are its entries, tokenized with the
//! analysis pipeline ([`Query::from_alternatives`]: case and stems as the documents, globs on
//! the normalized forms ignoring case, stop tokens kept inside multi-word entries, a
//! multi-word entry never across two sentences). How overlapping matches count ([`Overlap`]):
//!
//! - `longest` (the default): within a category, at each token the longest matching entry is
//!   counted (the first listed on a tie) and the search resumes after it, so a token counts at
//!   most once per category and `nuclear deterrent` is not also counted as `nuclear*` in the
//!   same category. Categories count independently: a token can count in several. This is
//!   quanteda's default (`nested_scope = "key"`) for nested entries; where two multi-word
//!   entries of one category overlap without one holding the other (`a b`, `b c` in `a b c`),
//!   quanteda counts both and dateline the leftmost.
//! - `each`: every entry counts its own matches (leftmost-longest among its own words), so a
//!   token matched by two entries of a category counts twice.
//!
//! Per period the counts are: matches, documents with at least one match, documents and
//! tokens (non-stop tokens, as `terms` and `trend` count them); `per_10k` is
//! `count × 10,000 / tokens` and `doc_share` is `docs / period documents`.

use chrono::NaiveDate;
use dateline_core::{DocId, PeriodIndex};
use dateline_tokenize::{Pipeline, Tokens};
use serde::{Deserialize, Serialize};

use crate::dictionary::Dictionary;
use crate::pass::{Accumulator, DocView};
use crate::query::{Query, QueryError};
use crate::stats;

/// How overlapping matches of one category's entries count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Overlap {
    /// Leftmost-longest within a category: a token counts at most once per category.
    #[default]
    Longest,
    /// Every entry counts its own matches.
    Each,
}

/// A dictionary compiled for a pipeline: one query per category, and one per entry for
/// [`Overlap::Each`].
#[derive(Debug, Clone)]
pub struct CompiledDictionary {
    /// One query per category, its alternatives the entries.
    pub categories: Vec<Query>,
    /// Per category, one query per alternative of its category query (for `each`).
    entries: Vec<Vec<Query>>,
    /// How overlapping matches count.
    pub overlap: Overlap,
}

impl CompiledDictionary {
    /// Tokenizes every entry with `pipeline`; an entry that gives no word (only punctuation)
    /// is refused, naming its category.
    pub fn new(d: &Dictionary, pipeline: &Pipeline, overlap: Overlap) -> Result<Self, QueryError> {
        let mut categories = Vec::new();
        let mut entries = Vec::new();
        for c in &d.categories {
            let alts: Vec<&str> = c.entries.iter().map(String::as_str).collect();
            let q = Query::from_alternatives(&c.name, &alts, pipeline)?;
            let each = (0..q.alternatives().len())
                .map(|i| Query::from_alternatives(&c.name, &[q.written(i)], pipeline))
                .collect::<Result<Vec<_>, _>>()?;
            categories.push(q);
            entries.push(each);
        }
        Ok(CompiledDictionary {
            categories,
            entries,
            overlap,
        })
    }

    /// The number of entries (distinct patterns) of category `c`.
    fn n_entries(&self, c: usize) -> usize {
        self.entries[c].len()
    }
}

/// Dictionary counts per period and document: an [`Accumulator`].
#[derive(Debug, Clone)]
pub struct LookupCounts<'d> {
    dict: &'d CompiledDictionary,
    n_periods: usize,
    /// Offset of each category's first entry in the per-entry vectors.
    entry_base: Vec<usize>,
    /// `[period * categories + category]` → (matches, docs).
    counts: Vec<(u64, u64)>,
    /// `[period * entries + entry]` → matches attributed to the entry.
    entry_counts: Vec<u64>,
    /// Per period: (docs, tokens).
    totals: Vec<(u64, u64)>,
    /// (document position, id, date, category, matches) of every document with a match.
    docs: Vec<(usize, DocId, Option<NaiveDate>, u32, u64)>,
    /// Memos of which term ids can start a match, per category query and per entry query.
    memos: Vec<Vec<u8>>,
    /// Per category, this document's matches (reused).
    scratch: Vec<u64>,
}

impl<'d> LookupCounts<'d> {
    /// Empty counts of `dict` over `n_periods` periods.
    pub fn new(dict: &'d CompiledDictionary, n_periods: usize) -> Self {
        let mut entry_base = Vec::new();
        let mut n = 0;
        for c in 0..dict.categories.len() {
            entry_base.push(n);
            n += dict.n_entries(c);
        }
        LookupCounts {
            dict,
            n_periods,
            entry_base,
            counts: vec![(0, 0); n_periods * dict.categories.len()],
            entry_counts: vec![0; n_periods * n],
            totals: vec![(0, 0); n_periods],
            docs: Vec::new(),
            memos: vec![Vec::new(); dict.categories.len() + n],
            scratch: vec![0; dict.categories.len()],
        }
    }

    fn n_all_entries(&self) -> usize {
        self.entry_base
            .last()
            .map_or(0, |b| b + self.dict.n_entries(self.entry_base.len() - 1))
    }

    /// Counts one document's tokens in `period`.
    pub fn add_tokens(
        &mut self,
        period: usize,
        doc: (usize, DocId, Option<NaiveDate>),
        tokens: &Tokens,
    ) {
        if period >= self.n_periods {
            return;
        }
        let t = &mut self.totals[period];
        t.0 += 1;
        t.1 += tokens.tokens().iter().filter(|t| !t.stop).count() as u64;
        let (n_cats, n_entries) = (self.dict.categories.len(), self.n_all_entries());
        for c in 0..n_cats {
            let base = self.entry_base[c];
            let row = &mut self.entry_counts[period * n_entries + base..];
            let mut n = 0u64;
            match self.dict.overlap {
                Overlap::Longest => {
                    self.dict.categories[c].find_each_alt(tokens, &mut self.memos[c], |_, alt| {
                        n += 1;
                        row[alt] += 1;
                    });
                }
                Overlap::Each => {
                    for (e, q) in self.dict.entries[c].iter().enumerate() {
                        let k = q.count_memo(tokens, &mut self.memos[n_cats + base + e]) as u64;
                        row[e] += k;
                        n += k;
                    }
                }
            }
            self.scratch[c] = n;
        }
        for c in 0..n_cats {
            let n = self.scratch[c];
            if n > 0 {
                let k = &mut self.counts[period * n_cats + c];
                k.0 += n;
                k.1 += 1;
                self.docs.push((doc.0, doc.1, doc.2, c as u32, n));
            }
        }
    }

    /// One row per period × category (zeros included), by period then category order.
    pub fn rows(&self, periods: &PeriodIndex) -> Vec<LookupRow> {
        let ps = periods.periods();
        let n_cats = self.dict.categories.len();
        let mut out = Vec::with_capacity(ps.len() * n_cats);
        for (p, period) in ps.iter().enumerate().take(self.n_periods) {
            let (pdocs, tokens) = self.totals[p];
            for (c, q) in self.dict.categories.iter().enumerate() {
                let (count, docs) = self.counts[p * n_cats + c];
                out.push(LookupRow {
                    period_start: period.start,
                    period: period.label.clone(),
                    category: q.label.clone(),
                    count,
                    docs,
                    period_docs: pdocs,
                    tokens,
                    per_10k: stats::per_10k(count as f64, tokens as f64),
                    doc_share: if pdocs == 0 {
                        0.0
                    } else {
                        docs as f64 / pdocs as f64
                    },
                });
            }
        }
        out
    }

    /// The entries that matched, per period and category: by period, category order, count
    /// (descending), then entry order.
    pub fn entry_rows(&self, periods: &PeriodIndex) -> Vec<EntryRow> {
        let ps = periods.periods();
        let n_entries = self.n_all_entries();
        let mut out = Vec::new();
        for (p, period) in ps.iter().enumerate().take(self.n_periods) {
            for (c, q) in self.dict.categories.iter().enumerate() {
                let base = self.entry_base[c];
                let mut rows: Vec<(u64, usize)> = (0..self.dict.n_entries(c))
                    .map(|e| (self.entry_counts[p * n_entries + base + e], e))
                    .filter(|(n, _)| *n > 0)
                    .collect();
                rows.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                for (count, e) in rows {
                    out.push(EntryRow {
                        period_start: period.start,
                        period: period.label.clone(),
                        category: q.label.clone(),
                        entry: q.written(e).to_string(),
                        count,
                    });
                }
            }
        }
        out
    }

    /// The documents with a match, one row per document and category, in corpus order then
    /// category order.
    pub fn doc_rows(&self) -> Vec<DocLookupRow> {
        let mut d = self.docs.clone();
        d.sort_by_key(|r| (r.0, r.3));
        d.into_iter()
            .map(|(_, doc_id, date, c, count)| DocLookupRow {
                doc_id,
                date,
                category: self.dict.categories[c as usize].label.clone(),
                count,
            })
            .collect()
    }
}

impl Accumulator for LookupCounts<'_> {
    /// Counts a dated document; documents without a period are skipped.
    fn add(&mut self, doc: &DocView<'_>) {
        if let Some(p) = doc.period {
            self.add_tokens(p, (doc.index, doc.doc.doc_id, doc.doc.date), doc.tokens);
        }
    }

    fn merge(&mut self, other: Self) {
        assert_eq!(
            self.counts.len(),
            other.counts.len(),
            "same dictionary and periods"
        );
        for (a, b) in self.counts.iter_mut().zip(other.counts) {
            a.0 += b.0;
            a.1 += b.1;
        }
        for (a, b) in self.entry_counts.iter_mut().zip(other.entry_counts) {
            *a += b;
        }
        for (a, b) in self.totals.iter_mut().zip(other.totals) {
            a.0 += b.0;
            a.1 += b.1;
        }
        self.docs.extend(other.docs);
    }
}

/// One category in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LookupRow {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Period label.
    pub period: String,
    /// The category.
    pub category: String,
    /// Matches.
    pub count: u64,
    /// Documents with at least one match.
    pub docs: u64,
    /// Documents of the period.
    pub period_docs: u64,
    /// Tokens of the period (non-stop).
    pub tokens: u64,
    /// Matches per 10,000 tokens.
    pub per_10k: f64,
    /// `docs / period_docs` (0 for an empty period).
    pub doc_share: f64,
}

/// One entry of a category in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryRow {
    /// First day of the period.
    pub period_start: NaiveDate,
    /// Period label.
    pub period: String,
    /// The category.
    pub category: String,
    /// The entry, as written in the dictionary.
    pub entry: String,
    /// Matches attributed to it.
    pub count: u64,
}

/// One category in one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocLookupRow {
    /// The document.
    pub doc_id: DocId,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// The category.
    pub category: String,
    /// Matches.
    pub count: u64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pass::{period_index_for, run_pass, PassOptions};
    use dateline_core::{By, DateRange, Document};
    use dateline_tokenize::PipelineSpec;

    fn doc(date: &str, body: &str) -> Document {
        Document {
            doc_id: DocId::of_text("", body),
            date: Some(date.parse().unwrap()),
            body: body.into(),
            lang: "en".into(),
            ..Document::default()
        }
    }

    fn run(
        dict: &str,
        overlap: Overlap,
        docs: &[Document],
    ) -> (Vec<LookupRow>, Vec<EntryRow>, Vec<DocLookupRow>) {
        let pipeline = Pipeline::new(&PipelineSpec::default());
        let d = Dictionary::from_yaml(dict).unwrap();
        let c = CompiledDictionary::new(&d, &pipeline, overlap).unwrap();
        let periods = period_index_for(docs, By::Month, DateRange::default());
        let opts = PassOptions::new(&periods);
        let make = || LookupCounts::new(&c, periods.periods().len());
        let (acc, _) = run_pass(docs, &pipeline, &opts, make, &|_| {});
        (acc.rows(&periods), acc.entry_rows(&periods), acc.doc_rows())
    }

    #[test]
    fn counts_by_hand() {
        // Counted by hand. January: "The US imperialists and their imperialist war maniacs
        // rant. Nuclear deterrent." — hostility: `us imperialists` (the longest entry at
        // `us`), `imperialist` (glob), `war maniacs` = 3; nuclear: `nuclear deterrent`
        // (longest, so not also `nuclear*`) = 1. Non-stop tokens: us imperialists
        // imperialist war maniacs rant nuclear deterrent = 8 (`the`, `and`, `their` stop).
        // February: one document without a match, one with `nuclear` alone.
        let docs = [
            doc(
                "2018-01-03",
                "The US imperialists and their imperialist war maniacs rant. Nuclear deterrent.",
            ),
            doc("2018-02-01", "Rice harvest."),
            doc("2018-02-09", "Nuclear talks."),
        ];
        let dict = "hostility:\n  - US imperialists\n  - imperialis*\n  - war maniacs\nnuclear:\n  - nuclear deterren*\n  - nuclear*\n";
        let (rows, entries, per_doc) = run(dict, Overlap::Longest, &docs);
        let got: Vec<(&str, &str, u64, u64, u64, u64)> = rows
            .iter()
            .map(|r| {
                (
                    r.period.as_str(),
                    r.category.as_str(),
                    r.count,
                    r.docs,
                    r.period_docs,
                    r.tokens,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("2018-01", "hostility", 3, 1, 1, 8),
                ("2018-01", "nuclear", 1, 1, 1, 8),
                ("2018-02", "hostility", 0, 0, 2, 4),
                ("2018-02", "nuclear", 1, 1, 2, 4),
            ]
        );
        assert_eq!(rows[0].per_10k, 3.0 * 10_000.0 / 8.0);
        assert_eq!(rows[3].doc_share, 0.5);
        let e: Vec<(&str, &str, &str, u64)> = entries
            .iter()
            .map(|r| {
                (
                    r.period.as_str(),
                    r.category.as_str(),
                    r.entry.as_str(),
                    r.count,
                )
            })
            .collect();
        assert_eq!(
            e,
            [
                ("2018-01", "hostility", "US imperialists", 1),
                ("2018-01", "hostility", "imperialis*", 1),
                ("2018-01", "hostility", "war maniacs", 1),
                ("2018-01", "nuclear", "nuclear deterren*", 1),
                ("2018-02", "nuclear", "nuclear*", 1),
            ]
        );
        let d: Vec<(&str, u64)> = per_doc
            .iter()
            .map(|r| (r.category.as_str(), r.count))
            .collect();
        assert_eq!(d, [("hostility", 3), ("nuclear", 1), ("nuclear", 1)]);
        assert_eq!(per_doc[2].doc_id, docs[2].doc_id);

        // `each`: `imperialis*` also matches `imperialists` (inside `US imperialists`), and
        // `nuclear*` the `nuclear` of `nuclear deterrent`.
        let (rows, entries, _) = run(dict, Overlap::Each, &docs);
        let got: Vec<u64> = rows.iter().map(|r| r.count).collect();
        assert_eq!(got, [4, 2, 0, 1]);
        let e: Vec<(&str, u64)> = entries
            .iter()
            .map(|r| (r.entry.as_str(), r.count))
            .collect();
        assert_eq!(
            e,
            [
                ("imperialis*", 2),
                ("US imperialists", 1),
                ("war maniacs", 1),
                ("nuclear deterren*", 1),
                ("nuclear*", 1),
                ("nuclear*", 1),
            ]
        );
    }

    #[test]
    fn an_entry_never_spans_two_sentences_and_the_un_is_not_un() {
        let docs = [doc(
            "2018-01-03",
            "They fought a war. Maniacs ran. The UN met Kim Jong Un.",
        )];
        let (rows, _, _) = run("a: [war maniacs]\nun: [UN]\n", Overlap::Longest, &docs);
        let got: Vec<(&str, u64)> = rows
            .iter()
            .map(|r| (r.category.as_str(), r.count))
            .collect();
        assert_eq!(got, [("a", 0), ("un", 1)]);
    }
}
