//! Concordance (keyword in context) lines of a query.
//!
//! For every match of the query, the line holds `window` **tokens** of context on each side
//! (stop tokens included, crossing sentence boundaries, clipped to the document), taken from the
//! original text: `left` is the text from the start of the token `window` positions before the
//! match to the start of the match, `right` from the end of the match to the end of the token
//! `window` positions after it. Runs of whitespace (newlines included) become one space and the
//! ends are trimmed; punctuation is kept as written. `start`/`end` are the match's byte offsets
//! in [`dateline_core::Document::text`].
//!
//! Rows are sorted by date (undated documents first), doc id, then `start`.
//!
//! **Sampling.** With `sample = Some((n, seed))`, the `n` lines with the smallest key
//! `SplitMix64(seed, doc_id, start)` are kept. The key depends only on the line, so the sample
//! is the same whatever the order of documents, the sharding or the number of threads, and
//! shards can be cut down to `n` before merging.
//!
//! ```
//! use dateline_analytics::kwic::{format_aligned, KwicLines, KwicOptions};
//! use dateline_analytics::query::Query;
//! use dateline_core::Document;
//! use dateline_tokenize::{Pipeline, PipelineSpec};
//! let pipeline = Pipeline::new(&PipelineSpec::default());
//! let doc = Document { body: "Talks on the\nnuclear issue went on.".into(), ..Default::default() };
//! let mut lines = KwicLines::new(Query::parse("nuclear", &pipeline).unwrap(), KwicOptions { window: 2, sample: None });
//! let text = doc.text();
//! lines.add_doc(&doc, &text, &pipeline.tokenize(&text));
//! let rows = lines.rows();
//! assert_eq!((rows[0].left.as_str(), rows[0].r#match.as_str(), rows[0].right.as_str()), ("on the", "nuclear", "issue went"));
//! assert_eq!(format_aligned(&rows, 24), " on the nuclear issue we\n");
//! ```

use std::sync::Arc;

use chrono::NaiveDate;
use dateline_core::{DocId, Document};
use dateline_tokenize::Tokens;
use serde::{Deserialize, Serialize};

use crate::pass::{Accumulator, DocView, IndexedDoc};
use crate::query::{Match, Query};

/// One concordance line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KwicRow {
    /// The document.
    pub doc_id: DocId,
    /// Its date.
    pub date: Option<NaiveDate>,
    /// Its title.
    pub title: Option<String>,
    /// Context before the match (`window` tokens).
    pub left: String,
    /// The matched text, as written (column `match`).
    pub r#match: String,
    /// Context after the match (`window` tokens).
    pub right: String,
    /// First byte of the match in the document text.
    pub start: u32,
    /// One past the last byte of the match.
    pub end: u32,
}

/// Options of a concordance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KwicOptions {
    /// Context tokens on each side (default 10).
    pub window: usize,
    /// Keep a reproducible random sample of `n` lines, drawn with `seed`.
    pub sample: Option<(usize, u64)>,
}

impl Default for KwicOptions {
    fn default() -> Self {
        KwicOptions {
            window: 10,
            sample: None,
        }
    }
}

/// SplitMix64's output function (Steele, Lea and Flood 2014): a bijective 64-bit mixer.
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The sampling key of a line.
fn sample_key(seed: u64, doc_id: DocId, start: u32) -> u64 {
    splitmix64(splitmix64(splitmix64(seed) ^ doc_id.0) ^ u64::from(start))
}

/// `s` with whitespace runs collapsed to one space and the ends trimmed.
fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The concordance lines of `matches` in one document (`text` is `doc.text()`, `tokens` its
/// tokens), in match order.
pub fn lines_of(
    doc: &Document,
    text: &str,
    tokens: &Tokens,
    matches: &[Match],
    window: usize,
) -> Vec<KwicRow> {
    let toks = tokens.tokens();
    let slice = |a: u32, b: u32| text.get(a as usize..b as usize).unwrap_or("");
    matches
        .iter()
        .map(|m| {
            let lo = m.first.saturating_sub(window);
            let hi = (m.last + window).min(toks.len().saturating_sub(1));
            let left_start = if lo < m.first {
                toks[lo].start
            } else {
                m.start
            };
            let right_end = if hi > m.last { toks[hi].end } else { m.end };
            KwicRow {
                doc_id: doc.doc_id,
                date: doc.date,
                title: doc.title.clone(),
                left: collapse(slice(left_start, m.start)),
                r#match: collapse(slice(m.start, m.end)),
                right: collapse(slice(m.end, right_end)),
                start: m.start,
                end: m.end,
            }
        })
        .collect()
}

/// Concordance lines of one query, collected document by document (mergeable shards).
#[derive(Debug, Clone)]
pub struct KwicLines {
    spec: Arc<(Query, KwicOptions)>,
    rows: Vec<(u64, KwicRow)>,
    /// Per term id of an index's token map: 0 not decided, 1 no match can start at it, 2 one
    /// can ([`Query::can_start`]).
    starts: Vec<u8>,
}

impl KwicLines {
    /// No lines yet.
    pub fn new(query: Query, options: KwicOptions) -> Self {
        KwicLines {
            spec: Arc::new((query, options)),
            rows: Vec::new(),
            starts: Vec::new(),
        }
    }

    /// No lines, same query and options (a new shard).
    pub fn empty_like(&self) -> Self {
        KwicLines {
            spec: Arc::clone(&self.spec),
            rows: Vec::new(),
            starts: Vec::new(),
        }
    }

    /// The options.
    pub fn options(&self) -> &KwicOptions {
        &self.spec.1
    }

    /// Adds the lines of one document (`text` is `doc.text()`, `tokens` its tokens).
    pub fn add_doc(&mut self, doc: &Document, text: &str, tokens: &Tokens) {
        let (query, o) = &*self.spec;
        let matches = query.find(tokens);
        if matches.is_empty() {
            return;
        }
        let seed = o.sample.map_or(0, |(_, s)| s);
        for row in lines_of(doc, text, tokens, &matches, o.window) {
            let key = sample_key(seed, row.doc_id, row.start);
            self.rows.push((key, row));
        }
        self.prune();
    }

    /// Adds `other`'s lines.
    pub fn merge_counts(&mut self, other: Self) {
        self.rows.extend(other.rows);
        self.prune();
    }

    /// Keeps at most `n` lines (the smallest keys) once the buffer holds `2n`.
    fn prune(&mut self) {
        if let Some((n, _)) = self.spec.1.sample {
            if self.rows.len() >= 2 * n.max(1) {
                self.cut(n);
            }
        }
    }

    fn cut(&mut self, n: usize) {
        self.rows.sort_unstable_by(|a, b| {
            (a.0, a.1.doc_id, a.1.start).cmp(&(b.0, b.1.doc_id, b.1.start))
        });
        self.rows.truncate(n);
    }

    /// The lines (sampled when asked), sorted by date, doc id, start.
    pub fn rows(mut self) -> Vec<KwicRow> {
        if let Some((n, _)) = self.spec.1.sample {
            self.cut(n);
        }
        let mut rows: Vec<KwicRow> = self.rows.into_iter().map(|(_, r)| r).collect();
        rows.sort_by_key(|r| (r.date, r.doc_id, r.start));
        rows
    }
}

/// Collects the lines of every document fed, whatever its period (undated ones included when
/// the pass feeds them).
impl Accumulator for KwicLines {
    fn add(&mut self, doc: &DocView<'_>) {
        self.add_doc(doc.doc, doc.text, doc.tokens);
    }
    /// A document in which no match can start (decided per term id from its forms) has no
    /// lines: its tokens are not rebuilt.
    fn add_indexed(&mut self, doc: &mut IndexedDoc<'_>) {
        let (query, map) = (&self.spec.0, doc.map());
        let starts = &mut self.starts;
        let any = doc
            .items()
            .any(|(t, _)| query.can_start_memo(t, map.term(t), starts));
        if any {
            let view = doc.view();
            self.add_doc(view.doc, view.text, view.tokens);
        }
    }
    fn merge(&mut self, other: Self) {
        self.merge_counts(other);
    }
}

/// The last `n` chars of `s`.
fn tail(s: &str, n: usize) -> &str {
    let count = s.chars().count();
    if count <= n {
        return s;
    }
    let skip = count - n;
    let at = s.char_indices().nth(skip).map_or(s.len(), |(i, _)| i);
    &s[at..]
}

/// The first `n` chars of `s`.
fn head(s: &str, n: usize) -> &str {
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..at]
}

/// The lines for a terminal of `width` columns: the left context right-aligned, the match, the
/// right context, each line cut to `width` chars (one column per char). Matches start in the
/// same column on every line: the left side gets half of what the longest match leaves.
pub fn format_aligned(rows: &[KwicRow], width: usize) -> String {
    let longest = rows
        .iter()
        .map(|r| r.r#match.chars().count())
        .max()
        .unwrap_or(0);
    let left_w = width.saturating_sub(longest + 2) / 2;
    let mut out = String::new();
    for r in rows {
        let left = tail(&r.left, left_w);
        let pad = left_w - left.chars().count();
        let mut line = String::with_capacity(width + 8);
        line.extend(std::iter::repeat_n(' ', pad));
        line.push_str(left);
        line.push(' ');
        line.push_str(&r.r#match);
        line.push(' ');
        line.push_str(&r.right);
        let cut = head(&line, width);
        out.push_str(cut.trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use dateline_tokenize::{Pipeline, PipelineSpec, Stopwords};

    fn pipeline() -> Pipeline {
        Pipeline::new(&PipelineSpec {
            stopwords: Stopwords::None,
            ..PipelineSpec::default()
        })
    }

    fn doc(id: u64, date: Option<&str>, title: Option<&str>, body: &str) -> Document {
        Document {
            doc_id: DocId(id),
            date: date.map(|d| d.parse().unwrap()),
            title: title.map(str::to_string),
            body: body.to_string(),
            ..Document::default()
        }
    }

    fn collect(q: &str, docs: &[Document], o: KwicOptions) -> Vec<KwicRow> {
        let p = pipeline();
        let mut k = KwicLines::new(Query::parse(q, &p).unwrap(), o);
        for d in docs {
            let text = d.text();
            k.add_doc(d, &text, &p.tokenize(&text));
        }
        k.rows()
    }

    fn triple(r: &KwicRow) -> (&str, &str, &str) {
        (&r.left, &r.r#match, &r.right)
    }

    #[test]
    fn context_is_window_tokens_from_the_original_text() {
        let d = doc(
            1,
            None,
            Some("Title Here"),
            "one two  three\n four. Five six",
        );
        // text = "Title Here\n\none two  three\n four. Five six"
        let o = KwicOptions {
            window: 2,
            sample: None,
        };
        let rows = collect("three", std::slice::from_ref(&d), o);
        assert_eq!(triple(&rows[0]), ("one two", "three", "four. Five"));
        assert_eq!(
            (rows[0].start, rows[0].end),
            (21, 26),
            "offsets into title + separator + body"
        );
        assert_eq!(&d.text()[21..26], "three");
        // Clipped at the document start: the title is context.
        let rows = collect("one", std::slice::from_ref(&d), o);
        assert_eq!(triple(&rows[0]), ("Title Here", "one", "two three"));
        let rows = collect("six", std::slice::from_ref(&d), o);
        assert_eq!(triple(&rows[0]), ("four. Five", "six", ""));
        // A phrase match keeps its original spacing collapsed; window 0 gives no context.
        let o0 = KwicOptions {
            window: 0,
            sample: None,
        };
        let rows = collect("two three", &[d], o0);
        assert_eq!(triple(&rows[0]), ("", "two three", ""));
    }

    #[test]
    fn rows_sorted_by_date_doc_start() {
        let docs = [
            doc(5, Some("2018-02-01"), None, "x a x"),
            doc(9, Some("2018-01-01"), None, "b x"),
            doc(2, Some("2018-02-01"), None, "x"),
            doc(7, None, None, "x"),
        ];
        let rows = collect("x", &docs, KwicOptions::default());
        let got: Vec<_> = rows.iter().map(|r| (r.doc_id.0, r.start)).collect();
        assert_eq!(got, [(7, 0), (9, 2), (2, 0), (5, 0), (5, 4)]);
    }

    #[test]
    fn sample_is_reproducible_and_order_independent() {
        let docs: Vec<Document> = (0..40)
            .map(|i| doc(1000 + i, Some("2018-01-01"), None, "x a x b x"))
            .collect();
        let o = KwicOptions {
            window: 1,
            sample: Some((7, 42)),
        };
        let a = collect("x", &docs, o);
        let mut rev = docs.clone();
        rev.reverse();
        let b = collect("x", &rev, o);
        assert_eq!(a.len(), 7);
        assert_eq!(a, b);
        // Two shards merged give the same sample.
        let p = pipeline();
        let mut s1 = KwicLines::new(Query::parse("x", &p).unwrap(), o);
        let mut s2 = s1.empty_like();
        for (i, d) in docs.iter().enumerate() {
            let t = d.text();
            let s = if i % 3 == 0 { &mut s1 } else { &mut s2 };
            s.add_doc(d, &t, &p.tokenize(&t));
        }
        s2.merge_counts(s1);
        assert_eq!(s2.rows(), a);
        // Another seed gives another sample.
        let c = collect(
            "x",
            &docs,
            KwicOptions {
                sample: Some((7, 43)),
                ..o
            },
        );
        assert_ne!(a, c);
        // The keys are those of SplitMix64: first output for state 0 is 0xe220a8397b1dcdaf.
        assert_eq!(splitmix64(0), 0xe220_a839_7b1d_cdaf);
    }

    #[test]
    fn aligned_output() {
        let row = |l: &str, m: &str, r: &str| KwicRow {
            doc_id: DocId(0),
            date: None,
            title: None,
            left: l.into(),
            r#match: m.into(),
            right: r.into(),
            start: 0,
            end: 0,
        };
        let rows = [
            row("a long left context", "x", "right side text"),
            row("ab", "yy", "r"),
        ];
        // width 20, longest match 2: left_w = (20 - 4) / 2 = 8.
        assert_eq!(
            format_aligned(&rows, 20),
            " context x right sid\n      ab yy r\n"
        );
    }
}
