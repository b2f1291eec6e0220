//! Invariants of term counts, trends and keyness over small random corpora, checked against a
//! naive independent count (split on spaces and periods).

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use dateline_analytics::keyness::{keyness, KeynessOptions};
use dateline_analytics::pass::{period_index_for, run_pass, PassOptions};
use dateline_analytics::query::Query;
use dateline_analytics::terms::{RowOptions, TermCounts, TermOptions, TermRow};
use dateline_analytics::trend::TrendCounts;
use dateline_core::{By, DateRange, Document, PeriodIndex};
use dateline_tokenize::{Pipeline, PipelineSpec};
use proptest::prelude::*;

/// No stopwords and no word that a tokenizer could split or stem differently.
const VOCAB: [&str; 6] = ["war", "peace", "army", "juche", "party", "leader"];

fn base() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).unwrap()
}

/// A document: an optional day offset from 2018-01-01 and sentences of word indices.
type Spec = (Option<i64>, Vec<Vec<usize>>);

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::option::weighted(0.85, 0i64..150),
        prop::collection::vec(prop::collection::vec(0usize..VOCAB.len(), 1..7), 0..4),
    )
}

fn text_of(sentences: &[Vec<usize>]) -> String {
    sentences
        .iter()
        .map(|s| {
            // Capitalized, so that any sentence splitter (UAX #29 too) ends the sentence at the period.
            let mut words: Vec<String> = s.iter().map(|&i| VOCAB[i].to_string()).collect();
            words[0][..1].make_ascii_uppercase();
            format!("{}.", words.join(" "))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn docs_of(specs: &[Spec]) -> Vec<Document> {
    specs
        .iter()
        .map(|(day, sentences)| Document {
            date: day.map(|d| base() + Duration::days(d)),
            body: text_of(sentences),
            lang: "en".to_string(),
            ..Document::default()
        })
        .collect()
}

fn pipeline() -> Pipeline {
    Pipeline::new(&PipelineSpec::default())
}

fn count(docs: &[Document], periods: &PeriodIndex, range: DateRange, n: u32) -> TermCounts {
    let mut opts = PassOptions::new(periods);
    opts.range = range;
    let to = TermOptions::ngrams(n, n).unwrap();
    let np = periods.periods().len();
    run_pass(
        docs,
        &pipeline(),
        &opts,
        || TermCounts::new(to, np).unwrap(),
        &|_| {},
    )
    .0
}

/// Naive n-gram counts per period label, by splitting the generated sentences.
fn naive(specs: &[Spec], periods: &PeriodIndex, n: usize) -> BTreeMap<(String, String), u64> {
    let mut out = BTreeMap::new();
    for (day, sentences) in specs {
        let Some(day) = day else { continue };
        let Some(p) = periods.index(base() + Duration::days(*day)) else {
            continue;
        };
        let label = periods.periods()[p].label.clone();
        for s in sentences {
            for w in s.windows(n) {
                let term: Vec<&str> = w.iter().map(|&i| VOCAB[i]).collect();
                *out.entry((label.clone(), term.join(" "))).or_default() += 1;
            }
        }
    }
    out
}

fn as_map(rows: &[TermRow]) -> BTreeMap<(String, String), u64> {
    rows.iter()
        .map(|r| ((r.period.clone(), r.term.clone()), r.count))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn counts_match_naive_and_sum_over_periods(specs in prop::collection::vec(spec(), 0..12)) {
        let docs = docs_of(&specs);
        let range = DateRange::default();
        let months = period_index_for(&docs, By::Month, range);
        let all = period_index_for(&docs, By::All, range);
        for n in [1u32, 2, 3] {
            let tc = count(&docs, &months, range, n);
            let rows = tc.term_rows(&months, &RowOptions::default());
            prop_assert_eq!(as_map(&rows), naive(&specs, &months, n as usize));
            // Per period: the counts of the terms sum to the period's tokens.
            for pr in tc.period_rows(&months) {
                let sum: u64 = rows.iter().filter(|r| r.period == pr.period).map(|r| r.count).sum();
                prop_assert_eq!(sum, pr.tokens);
                let types = rows.iter().filter(|r| r.period == pr.period).count() as u64;
                prop_assert_eq!(types, pr.types);
            }
            // Months sum to the single `all` period, for counts and documents.
            let whole = count(&docs, &all, range, n).term_rows(&all, &RowOptions::default());
            let mut by_term: BTreeMap<String, (u64, u64)> = BTreeMap::new();
            for r in &rows {
                let e = by_term.entry(r.term.clone()).or_default();
                e.0 += r.count;
                e.1 += r.docs;
            }
            let whole: BTreeMap<String, (u64, u64)> =
                whole.iter().map(|r| (r.term.clone(), (r.count, r.docs))).collect();
            prop_assert_eq!(by_term, whole);
        }
    }

    #[test]
    fn trend_of_a_word_equals_its_term_count(specs in prop::collection::vec(spec(), 0..12)) {
        let docs = docs_of(&specs);
        let months = period_index_for(&docs, By::Month, DateRange::default());
        let p = pipeline();
        let queries: Vec<Query> = VOCAB.iter().map(|w| Query::parse(w, &p).unwrap()).collect();
        let np = months.periods().len();
        let opts = PassOptions::new(&months);
        let to = TermOptions::default();
        let ((trend, tc), _) = run_pass(
            &docs,
            &p,
            &opts,
            || (TrendCounts::new(&queries, np), TermCounts::new(to, np).unwrap()),
            &|_| {},
        );
        let terms: BTreeMap<(String, String), (u64, u64)> = tc
            .term_rows(&months, &RowOptions::default())
            .iter()
            .map(|r| ((r.period.clone(), r.term.clone()), (r.count, r.docs)))
            .collect();
        let trows = trend.rows(&months, 3);
        prop_assert_eq!(trows.len(), np * VOCAB.len());
        let totals: BTreeMap<String, u64> = tc
            .period_rows(&months)
            .iter()
            .map(|r| (r.period.clone(), r.tokens))
            .collect();
        for r in trows {
            let want = terms.get(&(r.period.clone(), r.query.clone())).copied().unwrap_or((0, 0));
            prop_assert_eq!((r.count, r.docs), want);
            prop_assert_eq!(r.tokens, totals[&r.period]);
        }
    }

    #[test]
    fn keyness_counts_equal_term_counts_over_the_same_ranges(
        specs in prop::collection::vec(spec(), 0..12),
        split in 1i64..150,
    ) {
        let docs = docs_of(&specs);
        let cut = base() + Duration::days(split);
        let a_range = DateRange { start: None, end: cut.pred_opt() };
        let b_range = DateRange { start: Some(cut), end: None };
        let freq = |r: DateRange| {
            let idx = period_index_for(&docs, By::All, r);
            count(&docs, &idx, r, 1).freq_list(1, None)
        };
        let (fa, fb) = (freq(a_range), freq(b_range));
        let rows = keyness(&fa, &fb, &KeynessOptions::default());
        // Independently: naive counts of the documents before and after the cut.
        let mut na: BTreeMap<String, u64> = BTreeMap::new();
        let mut nb: BTreeMap<String, u64> = BTreeMap::new();
        for (day, sentences) in &specs {
            let Some(day) = day else { continue };
            let side = if *day < split { &mut na } else { &mut nb };
            for &w in sentences.iter().flatten() {
                *side.entry(VOCAB[w].to_string()).or_default() += 1;
            }
        }
        prop_assert_eq!(fa.total, na.values().sum::<u64>());
        prop_assert_eq!(fb.total, nb.values().sum::<u64>());
        let terms: std::collections::BTreeSet<&String> = na.keys().chain(nb.keys()).collect();
        prop_assert_eq!(rows.len(), terms.len());
        for r in &rows {
            prop_assert_eq!(r.count_a, na.get(&r.term).copied().unwrap_or(0));
            prop_assert_eq!(r.count_b, nb.get(&r.term).copied().unwrap_or(0));
        }
        // Ranks are 1.. in order of signed G2, descending.
        for (i, w) in rows.windows(2).enumerate() {
            prop_assert!(w[0].g2 >= w[1].g2);
            prop_assert_eq!(w[0].rank, i as u64 + 1);
        }
    }

    #[test]
    fn one_thread_and_many_threads_agree(specs in prop::collection::vec(spec(), 0..16)) {
        let docs = docs_of(&specs);
        let months = period_index_for(&docs, By::Week, DateRange::default());
        let run = || {
            let tc = count(&docs, &months, DateRange::default(), 2);
            (tc.term_rows(&months, &RowOptions::default()), tc.to_table(&months))
        };
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap().install(run);
        let four = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap().install(run);
        let default = run();
        prop_assert_eq!(&one, &default);
        prop_assert_eq!(&four, &default);
    }
}
