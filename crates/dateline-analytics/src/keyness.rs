//! Keyness: which terms one corpus (A) uses more than another (B).
//!
//! Each side is a [`FreqList`]: term → count and a token total. Build them from
//! [`TermCounts::freq_list`](crate::terms::TermCounts::freq_list) over two date ranges or
//! subsets, or from an external reference list (`term,count`, parsed by the caller) with
//! [`normalize_reference`], which puts its terms through the corpus's pipeline.
//!
//! For a term with counts `a` in A and `b` in B, and token totals `c` and `d`:
//! - `g2`: Rayson and Garside's log-likelihood ([`stats::g2_keyness`]), signed: positive when
//!   A uses the term more (`a / c > b / d`), negative otherwise;
//! - `chi2`: Pearson's χ² of the 2×2 table `[[a, b], [c − a, d − b]]`, signed the same way;
//! - `p_value`: upper tail of χ²(1) at |`g2`|; `p_adjusted` by Bonferroni or
//!   Benjamini–Hochberg over all rows kept by the count filters (before `top`);
//! - `log_ratio`: Hardie's log ratio with a zero count replaced by 0.5.
//!
//! Rows are sorted by the chosen statistic, signed, descending (A's keywords first, B's last;
//! ties by term), ranked from 1, and cut to the `top` first rows: swap A and B to get B's
//! keywords first.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::stats;

/// Term counts and their token total: one side of a comparison.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FreqList {
    /// Count of each term.
    pub counts: BTreeMap<String, u64>,
    /// Token total the counts are out of (at least the sum of the counts).
    pub total: u64,
}

impl FreqList {
    /// A list from `(term, count)` pairs (a repeated term is summed); `total` defaults to the
    /// sum of the counts.
    pub fn from_counts(pairs: impl IntoIterator<Item = (String, u64)>, total: Option<u64>) -> Self {
        let mut counts: BTreeMap<String, u64> = BTreeMap::new();
        for (t, c) in pairs {
            *counts.entry(t).or_default() += c;
        }
        let sum = counts.values().sum();
        FreqList {
            counts,
            total: total.unwrap_or(sum),
        }
    }

    /// The count of `term` (0 when absent).
    pub fn get(&self, term: &str) -> u64 {
        self.counts.get(term).copied().unwrap_or(0)
    }
}

/// A reference list put through a pipeline ([`normalize_reference`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NormalizedReference {
    /// The normalized terms, entries with the same normal form summed; the total is the sum
    /// of the kept counts.
    pub list: FreqList,
    /// Entries left out, in input order: they give no counted token (a stopword, a number the
    /// pipeline drops, punctuation) or not one `n`-gram (a phrase not in the pipeline's phrases).
    pub left_out: Vec<String>,
    /// The sum of the counts of the entries left out.
    pub left_out_count: u64,
}

/// Puts a reference list's terms through the corpus's pipeline, so that they are counted as
/// the corpus's are: case folded (or not), stemmed, phrases joined, stopwords removed, exactly
/// as [`crate::terms::TermCounts`] counts `n`-grams of the corpus.
///
/// An entry is kept when its text is exactly one `n`-gram: `n` tokens of one sentence whose
/// first and last are not stopwords (for `n = 1`, one token that is not a stopword). Entries
/// that normalize to the same term are summed.
///
/// ```
/// use dateline_analytics::keyness::normalize_reference;
/// use dateline_tokenize::{Pipeline, PipelineSpec};
/// let p = Pipeline::new(&PipelineSpec::default());
/// let pairs = [("Kim".to_string(), 5), ("kim".to_string(), 3), ("the".to_string(), 9)];
/// let r = normalize_reference(pairs, &p, 1);
/// assert_eq!(r.list.get("kim"), 8);
/// assert_eq!(r.list.total, 8);
/// assert_eq!(r.left_out, ["the"]);
/// ```
pub fn normalize_reference(
    pairs: impl IntoIterator<Item = (String, u64)>,
    pipeline: &dateline_tokenize::Pipeline,
    n: usize,
) -> NormalizedReference {
    let mut kept = Vec::new();
    let mut out = NormalizedReference::default();
    let mut tokens = dateline_tokenize::Tokens::default();
    let mut term = String::new();
    for (entry, count) in pairs {
        pipeline.tokenize_into(&entry, &mut tokens);
        let ts = tokens.tokens();
        let one_ngram = n > 0
            && ts.len() == n
            && ts[0].sentence == ts[n - 1].sentence
            && !ts[0].stop
            && !ts[n - 1].stop;
        if one_ngram {
            let ix: Vec<usize> = (0..n).collect();
            dateline_tokenize::ngram_text(&tokens, &ix, &mut term);
            kept.push((term.clone(), count));
        } else {
            out.left_out_count += count;
            out.left_out.push(entry);
        }
    }
    out.list = FreqList::from_counts(kept, None);
    out
}

/// Multiple-testing correction of p-values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Correction {
    /// No adjustment (`p_adjusted` is `None`).
    #[default]
    None,
    /// Bonferroni: `min(1, p m)`.
    Bonferroni,
    /// Benjamini–Hochberg false discovery rate.
    BenjaminiHochberg,
}

/// The statistic keyness rows are sorted by (signed, descending).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SortBy {
    /// Signed log-likelihood.
    #[default]
    G2,
    /// Log ratio.
    LogRatio,
    /// Signed χ².
    Chi2,
}

/// Filters and ordering for [`keyness`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeynessOptions {
    /// Keep terms counted at least this often in A.
    pub min_count_a: u64,
    /// Keep terms counted at least this often in B.
    pub min_count_b: u64,
    /// Keep terms counted at least this often in A and B together.
    pub min_total: u64,
    /// p-value adjustment.
    pub correction: Correction,
    /// Sort key.
    pub sort_by: SortBy,
    /// Keep the first `top` rows after sorting.
    pub top: Option<usize>,
}

impl Default for KeynessOptions {
    fn default() -> Self {
        KeynessOptions {
            min_count_a: 0,
            min_count_b: 0,
            min_total: 1,
            correction: Correction::None,
            sort_by: SortBy::G2,
            top: None,
        }
    }
}

/// One term compared between A and B.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KeynessRow {
    /// The term.
    pub term: String,
    /// Count in A.
    pub count_a: u64,
    /// Count in B.
    pub count_b: u64,
    /// Count per 10,000 tokens of A.
    pub per_10k_a: f64,
    /// Count per 10,000 tokens of B.
    pub per_10k_b: f64,
    /// Signed log-likelihood: positive when A uses the term more.
    pub g2: f64,
    /// Signed χ² of the 2×2 table.
    pub chi2: f64,
    /// p-value of |`g2`| under χ²(1).
    pub p_value: f64,
    /// Adjusted p-value, when a correction was asked for.
    pub p_adjusted: Option<f64>,
    /// Log ratio (base 2), zero counts smoothed to 0.5.
    pub log_ratio: f64,
    /// Position after sorting, from 1.
    pub rank: u64,
}

/// Compares `a` with `b` term by term; see the [module documentation](self).
pub fn keyness(a: &FreqList, b: &FreqList, opts: &KeynessOptions) -> Vec<KeynessRow> {
    let (c, d) = (a.total as f64, b.total as f64);
    let mut terms: Vec<&str> = a.counts.keys().map(String::as_str).collect();
    terms.extend(
        b.counts
            .keys()
            .map(String::as_str)
            .filter(|t| !a.counts.contains_key(*t)),
    );
    let mut rows: Vec<KeynessRow> = terms
        .into_iter()
        .filter_map(|term| {
            let (ca, cb) = (a.get(term), b.get(term));
            if ca < opts.min_count_a || cb < opts.min_count_b || ca + cb < opts.min_total {
                return None;
            }
            let (x, y) = (ca as f64, cb as f64);
            let g2 = stats::g2_keyness(x, y, c, d);
            let chi2 = stats::chi2_2x2(x, y, (c - x).max(0.0), (d - y).max(0.0));
            Some(KeynessRow {
                term: term.to_string(),
                count_a: ca,
                count_b: cb,
                per_10k_a: stats::per_10k(x, c),
                per_10k_b: stats::per_10k(y, d),
                g2: stats::signed(g2, x, y, c, d),
                chi2: stats::signed(chi2, x, y, c, d),
                p_value: stats::p_chi2_df1(g2),
                p_adjusted: None,
                log_ratio: stats::log_ratio(x, y, c, d),
                rank: 0,
            })
        })
        .collect();
    let p: Vec<f64> = rows.iter().map(|r| r.p_value).collect();
    let adjusted = match opts.correction {
        Correction::None => None,
        Correction::Bonferroni => Some(stats::bonferroni(&p)),
        Correction::BenjaminiHochberg => Some(stats::benjamini_hochberg(&p)),
    };
    if let Some(adj) = adjusted {
        for (r, q) in rows.iter_mut().zip(adj) {
            r.p_adjusted = Some(q);
        }
    }
    let key = |r: &KeynessRow| match opts.sort_by {
        SortBy::G2 => r.g2,
        SortBy::LogRatio => r.log_ratio,
        SortBy::Chi2 => r.chi2,
    };
    rows.sort_by(|x, y| key(y).total_cmp(&key(x)).then_with(|| x.term.cmp(&y.term)));
    if let Some(top) = opts.top {
        rows.truncate(top);
    }
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i as u64 + 1;
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(pairs: &[(&str, u64)], total: u64) -> FreqList {
        FreqList::from_counts(pairs.iter().map(|&(t, c)| (t.to_string(), c)), Some(total))
    }

    fn close(a: f64, b: f64) {
        assert!((a - b).abs() <= 1e-9, "{a} vs {b}");
    }

    fn pairs(p: &[(&str, u64)]) -> Vec<(String, u64)> {
        p.iter().map(|&(t, c)| (t.to_string(), c)).collect()
    }

    #[test]
    fn reference_terms_go_through_the_pipeline() {
        use dateline_tokenize::{Pipeline, PipelineSpec};
        let entries = pairs(&[
            ("Kim", 5),
            ("kim", 3),
            ("Nations", 2),
            ("nation", 1),
            ("the", 9),
            ("Kim Jong Un", 4),
            ("nuclear weapons", 6),
            ("", 1),
        ]);
        // Default pipeline, unigrams: `Kim`+`kim` = 8; `the` a stopword, two phrases and the
        // empty entry give no single token.
        let r = normalize_reference(entries.clone(), &Pipeline::new(&PipelineSpec::default()), 1);
        assert_eq!(
            r.list.counts.into_iter().collect::<Vec<_>>(),
            pairs(&[("kim", 8), ("nation", 1), ("nations", 2)])
        );
        assert_eq!(r.list.total, 11);
        assert_eq!(r.left_out, ["the", "Kim Jong Un", "nuclear weapons", ""]);
        assert_eq!(r.left_out_count, 20);

        // Stemmed: `Nations` and `nation` are one stem.
        let r = normalize_reference(entries.clone(), &Pipeline::new(&PipelineSpec::stemmed()), 1);
        assert_eq!(r.list.get("nation"), 3);
        assert_eq!(r.list.get("kim"), 8);

        // A phrase of the pipeline is one token.
        let spec = PipelineSpec {
            phrases: vec!["Kim Jong Un".into()],
            ..PipelineSpec::default()
        };
        let p = Pipeline::new(&spec);
        let phrase = p.tokenize("Kim Jong Un");
        assert_eq!(phrase.len(), 1);
        let r = normalize_reference(entries.clone(), &p, 1);
        assert_eq!(r.list.get(phrase.norm(0)), 4);
        assert_eq!(r.list.total, 15);

        // Bigrams: only `nuclear weapons` is one 2-gram.
        let r = normalize_reference(entries, &Pipeline::new(&PipelineSpec::default()), 2);
        assert_eq!(
            r.list.counts.into_iter().collect::<Vec<_>>(),
            pairs(&[("nuclear weapons", 6)])
        );
        assert_eq!(r.left_out.len(), 7);
    }

    #[test]
    fn hand_computed_table() {
        // A: 1000 tokens, B: 4000 tokens.
        let a = list(&[("war", 10), ("peace", 5), ("juche", 4)], 1000);
        let b = list(&[("war", 20), ("peace", 60), ("songun", 8)], 4000);
        let rows = keyness(&a, &b, &KeynessOptions::default());
        let terms: Vec<&str> = rows.iter().map(|r| r.term.as_str()).collect();
        // war: E1 = 1000*30/5000 = 6, E2 = 24; G2 = 2 (10 ln(10/6) + 20 ln(20/24)) = 2.9236502.
        // juche: E1 = 0.8, E2 = 3.2; G2 = 2 * 4 ln 5 = 12.8755033.
        // peace: a/c = 0.005 < b/d = 0.015: negative. E1 = 13, E2 = 52;
        //   G2 = 2 (5 ln(5/13) + 60 ln(60/52)) = 7.6173347.
        // songun: E1 = 1.6, E2 = 6.4; G2 = 2 * 8 ln(8/6.4) = 3.5703418, negative.
        assert_eq!(terms, ["juche", "war", "songun", "peace"]);
        let juche = &rows[0];
        close(juche.g2, 8.0 * 5f64.ln());
        close(juche.g2, 12.875_503_299_472_8);
        close(juche.p_value, libm::erfc((juche.g2 / 2.0).sqrt()));
        // log2((4/1000) / (0.5/4000)) = log2(32) = 5.
        close(juche.log_ratio, 5.0);
        close(juche.per_10k_a, 40.0);
        close(juche.per_10k_b, 0.0);
        // chi2 of [[4, 0], [996, 4000]]: N = 5000, (4*4000 - 0)^2 * 5000 / (4 * 4996 * 1000 * 4000).
        close(
            juche.chi2,
            5000.0 * 16e6 * 16.0 / (4.0 * 4996.0 * 1000.0 * 4000.0),
        );
        let war = &rows[1];
        close(war.g2, 2.923_650_203_561_63);
        close(war.log_ratio, (0.01f64 / 0.005).log2());
        assert_eq!((war.count_a, war.count_b, war.rank), (10, 20, 2));
        let peace = &rows[3];
        close(
            peace.g2,
            -2.0 * (5.0 * (5.0f64 / 13.0).ln() + 60.0 * (60.0f64 / 52.0).ln()),
        );
        close(peace.log_ratio, (0.005f64 / 0.015).log2());
        assert!(peace.chi2 < 0.0);
        let songun = &rows[2];
        close(songun.g2, -16.0 * (1.25f64).ln());
        assert!(rows.iter().all(|r| r.p_adjusted.is_none()));
    }

    #[test]
    fn filters_sorts_corrects_and_cuts() {
        let a = list(&[("x", 10), ("y", 1), ("z", 3)], 100);
        let b = list(&[("x", 1), ("y", 9), ("w", 2)], 100);
        let opts = KeynessOptions {
            min_count_a: 1,
            min_total: 5,
            correction: Correction::Bonferroni,
            sort_by: SortBy::LogRatio,
            ..KeynessOptions::default()
        };
        let rows = keyness(&a, &b, &opts);
        // z (3 in total) and w (absent from A) are filtered out.
        let terms: Vec<&str> = rows.iter().map(|r| r.term.as_str()).collect();
        assert_eq!(terms, ["x", "y"]);
        close(rows[0].log_ratio, 10f64.log2());
        close(rows[1].log_ratio, (1.0f64 / 9.0).log2());
        for r in &rows {
            close(r.p_adjusted.unwrap(), (r.p_value * 2.0).min(1.0));
        }
        let top = keyness(
            &a,
            &b,
            &KeynessOptions {
                top: Some(1),
                correction: Correction::BenjaminiHochberg,
                ..opts
            },
        );
        assert_eq!(top.len(), 1);
        assert_eq!((top[0].term.as_str(), top[0].rank), ("x", 1));
        // BH over both rows, computed before the cut: min(p_x * 2 / 1, p_y * 2 / 2, ...).
        let px = rows[0].p_value;
        let py = rows[1].p_value;
        let (lo, hi) = if px <= py { (px, py) } else { (py, px) };
        let expected_x = if px <= py { (lo * 2.0).min(hi) } else { hi };
        close(top[0].p_adjusted.unwrap(), expected_x);
    }

    #[test]
    fn ties_are_broken_by_term_and_totals_default_to_sums() {
        let a = FreqList::from_counts(
            [
                ("b".to_string(), 2),
                ("a".to_string(), 2),
                ("b".to_string(), 1),
            ],
            None,
        );
        assert_eq!((a.get("b"), a.total), (3, 5));
        let b = a.clone();
        let rows = keyness(&a, &b, &KeynessOptions::default());
        // Identical lists: every statistic is 0; order falls back to the term.
        assert_eq!(
            rows.iter().map(|r| r.term.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert!(rows.iter().all(|r| r.g2 == 0.0 && r.p_value == 1.0));
    }
}
