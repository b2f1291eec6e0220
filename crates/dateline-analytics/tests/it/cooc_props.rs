//! Invariants of co-occurrence, collocations and KWIC on random small texts, through `run_pass`.

use std::collections::BTreeMap;

use dateline_analytics::collocations::{CollocationCounts, CollocationOptions};
use dateline_analytics::cooccur::{CooccurCounts, CooccurOptions, PairCounts, Scope};
use dateline_analytics::kwic::{splitmix64, KwicLines, KwicOptions};
use dateline_analytics::pass::{period_index_for, run_pass, PassOptions};
use dateline_analytics::query::Query;
use dateline_core::{By, DateRange, DocId, Document};
use dateline_tokenize::{Pipeline, PipelineSpec};
use proptest::prelude::*;

const WORDS: [&str; 8] = [
    "nuclear", "war", "peace", "the", "of", "korea", "talks", "united",
];

fn doc(i: usize, date: &str, body: String) -> Document {
    Document {
        doc_id: DocId(1000 + i as u64),
        date: Some(date.parse().unwrap()),
        body,
        lang: "en".into(),
        ..Document::default()
    }
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            prop::sample::select(WORDS.to_vec()),
            prop::bool::weighted(0.2),
        ),
        1..30,
    )
    .prop_map(|ws| {
        ws.iter()
            .map(|(w, end)| {
                if *end {
                    format!("{w}.")
                } else {
                    (*w).to_string()
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    })
}

/// term -> count, from the KWIC lines' contexts re-tokenized with `pipeline` (non-stop tokens;
/// each distinct term once per line when `boolean`).
fn counts_from_kwic(
    rows: &[dateline_analytics::kwic::KwicRow],
    pipeline: &Pipeline,
    boolean: bool,
) -> BTreeMap<String, u64> {
    let mut out = BTreeMap::new();
    for r in rows {
        let mut terms: Vec<String> = Vec::new();
        for side in [&r.left, &r.right] {
            for (t, norm) in pipeline.tokenize(side).iter() {
                if !t.stop {
                    terms.push(norm.to_string());
                }
            }
        }
        if boolean {
            terms.sort();
            terms.dedup();
        }
        for t in terms {
            *out.entry(t).or_insert(0) += 1;
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// With the same window and target, a term's co-occurrence count equals the number of its
    /// occurrences in the KWIC lines' contexts (windows crossing sentences, as KWIC does);
    /// in boolean mode, the number of lines that contain it.
    #[test]
    fn cooccurrence_equals_kwic_context_counts(
        texts in prop::collection::vec(text(), 1..5),
        window in 0usize..5,
        boolean in any::<bool>(),
    ) {
        let pipeline = Pipeline::new(&PipelineSpec::default());
        let docs: Vec<Document> = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| doc(i, "2018-03-01", t))
            .collect();
        let periods = period_index_for(&docs, By::Year, DateRange::default());
        let opts = PassOptions::new(&periods);
        let q = Query::parse("nuclear", &pipeline).unwrap();
        let o = CooccurOptions {
            left: window,
            right: window,
            cross_sentences: true,
            boolean,
            ..CooccurOptions::default()
        };
        let (cooc, _) = run_pass(&docs, &pipeline, &opts, || CooccurCounts::new(vec![q.clone()], o.clone()), &|_| {});
        let from_cooc: BTreeMap<String, u64> = cooc
            .rows(periods.periods())
            .into_iter()
            .map(|r| (r.term, r.cooc))
            .collect();
        let ko = KwicOptions { window, sample: None };
        let (kwic, _) = run_pass(&docs, &pipeline, &opts, || KwicLines::new(q.clone(), ko), &|_| {});
        let rows = kwic.rows();
        prop_assert_eq!(from_cooc, counts_from_kwic(&rows, &pipeline, boolean));
    }

    /// Splitting the corpus in two and merging the counts gives the rows of one pass.
    #[test]
    fn merged_shards_equal_one_pass(texts in prop::collection::vec(text(), 2..8), cut in 0usize..8) {
        let pipeline = Pipeline::new(&PipelineSpec::default());
        let docs: Vec<Document> = texts
            .into_iter()
            .enumerate()
            .map(|(i, t)| doc(i, if i % 2 == 0 { "2017-05-01" } else { "2018-05-01" }, t))
            .collect();
        let cut = cut.min(docs.len());
        let periods = period_index_for(&docs, By::Year, DateRange::default());
        let opts = PassOptions::new(&periods);
        let co = CollocationOptions { min_count: 2, ..CollocationOptions::default() };
        let make = || CollocationCounts::new(co.clone()).unwrap();
        let (whole, _) = run_pass(&docs, &pipeline, &opts, make, &|_| {});
        let (mut a, _) = run_pass(&docs[..cut], &pipeline, &opts, make, &|_| {});
        let (b, _) = run_pass(&docs[cut..], &pipeline, &opts, make, &|_| {});
        a.merge_counts(b);
        prop_assert_eq!(a.rows(periods.periods()), whole.rows(periods.periods()));
    }
}

/// A fixed pseudo-random corpus of `n` documents over four years.
fn corpus(n: usize) -> Vec<Document> {
    let mut state = 7u64;
    (0..n)
        .map(|i| {
            let len = 20 + (splitmix64(i as u64) % 60) as usize;
            let words: Vec<String> = (0..len)
                .map(|_| {
                    state = splitmix64(state);
                    let w = WORDS[(state % WORDS.len() as u64) as usize];
                    if (state >> 32) % 7 == 0 {
                        format!("{w}.")
                    } else {
                        w.to_string()
                    }
                })
                .collect();
            let date = format!("{}-0{}-1{}", 2015 + i % 4, 1 + i % 9, i % 10);
            doc(i, &date, words.join(" "))
        })
        .collect()
}

#[test]
fn identical_results_for_any_thread_count() {
    let docs = corpus(400);
    let pipeline = Pipeline::new(&PipelineSpec::default());
    let periods = period_index_for(&docs, By::Year, DateRange::default());
    let opts = PassOptions::new(&periods);
    let q = |s: &str| Query::parse(s, &pipeline).unwrap();
    let cooc = CooccurCounts::new(
        vec![q("nuclear"), q("peace talks"), q("war|korea")],
        CooccurOptions {
            top: Some(3),
            ..CooccurOptions::default()
        },
    );
    let pairs = PairCounts::new(
        vec![(q("nuclear"), q("war"))],
        CooccurOptions {
            scope: Scope::Sentence,
            ..CooccurOptions::default()
        },
    );
    let colloc = CollocationCounts::new(CollocationOptions::default()).unwrap();
    let kwic = KwicLines::new(
        q("nuclear"),
        KwicOptions {
            window: 3,
            sample: Some((25, 9)),
        },
    );
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| {
            let make = || {
                (
                    cooc.empty_like(),
                    pairs.empty_like(),
                    colloc.empty_like(),
                    kwic.empty_like(),
                )
            };
            let ((c, p, l, k), _) = run_pass(&docs, &pipeline, &opts, make, &|_| {});
            (
                c.rows(periods.periods()),
                p.rows(periods.periods()),
                l.rows(periods.periods()),
                k.rows(),
            )
        })
    };
    let one = run(1);
    assert_eq!(one.0.len(), 4 * 3 * 3, "4 years x 3 targets x top 3");
    assert_eq!(one.1.len(), 4);
    assert!(!one.2.is_empty());
    assert_eq!(one.3.len(), 25);
    for threads in [2, 3, 4] {
        assert_eq!(run(threads), one, "{threads} threads");
    }
}
