//! Co-occurrence, collocations and KWIC on real KCNA articles (kcna.co.jp, January 2017),
//! checked against independent counts. Skipped when `../shared/corpora` is absent.

use crate::cooc_common;

use std::collections::BTreeMap;

use dateline_analytics::collocations::{CollocationCounts, CollocationOptions};
use dateline_analytics::cooccur::{CooccurCounts, CooccurOptions, PairCounts, Scope};
use dateline_analytics::kwic::{KwicLines, KwicOptions};
use dateline_analytics::pass::{period_index_for, run_pass, PassOptions};
use dateline_analytics::query::Query;
use dateline_core::{By, DateRange, Document};
use dateline_tokenize::{Pipeline, PipelineSpec};

fn january_2017() -> Option<Vec<Document>> {
    let docs = cooc_common::read_kcna_cojp(|name| name.starts_with("2017-01-"))?;
    assert!(docs.len() > 100, "{} documents", docs.len());
    Some(docs)
}

#[test]
fn cooccurrence_matches_kwic_contexts_on_real_text() {
    let Some(docs) = january_2017() else {
        return;
    };
    let pipeline = Pipeline::new(&PipelineSpec::default());
    let periods = period_index_for(&docs, By::Month, DateRange::default());
    let opts = PassOptions::new(&periods);
    let q = Query::parse("nuclear", &pipeline).unwrap();
    let o = CooccurOptions {
        left: 5,
        right: 5,
        cross_sentences: true,
        ..CooccurOptions::default()
    };
    let cooc = CooccurCounts::new(vec![q.clone()], o);
    let kwic = KwicLines::new(
        q,
        KwicOptions {
            window: 5,
            sample: None,
        },
    );
    let ((cooc, kwic), stats) = run_pass(
        &docs,
        &pipeline,
        &opts,
        || (cooc.empty_like(), kwic.empty_like()),
        &|_| {},
    );
    let rows = cooc.rows(periods.periods());
    let lines = kwic.rows();
    assert!(lines.len() > 50, "{} lines", lines.len());
    assert_eq!(rows[0].target_count, lines.len() as u64);
    // Independent count: re-tokenize every KWIC context.
    let mut expected: BTreeMap<String, u64> = BTreeMap::new();
    for l in &lines {
        for side in [&l.left, &l.right] {
            for (t, norm) in pipeline.tokenize(side).iter() {
                if !t.stop {
                    *expected.entry(norm.to_string()).or_insert(0) += 1;
                }
            }
        }
    }
    let got: BTreeMap<String, u64> = rows.iter().map(|r| (r.term.clone(), r.cooc)).collect();
    assert_eq!(got, expected);
    let top: Vec<_> = rows
        .iter()
        .take(10)
        .map(|r| format!("{} {} {:.2}", r.term, r.cooc, r.log_dice))
        .collect();
    eprintln!(
        "{} docs analysed; nuclear x {}; top by log_dice: {top:?}",
        stats.docs_analysed, rows[0].target_count
    );
}

#[test]
fn collocation_counts_match_query_counts_on_real_text() {
    let Some(docs) = january_2017() else {
        return;
    };
    let pipeline = Pipeline::new(&PipelineSpec::default());
    let periods = period_index_for(&docs, By::Month, DateRange::default());
    let opts = PassOptions::new(&periods);
    let colloc = CollocationCounts::new(CollocationOptions {
        min_n: 2,
        max_n: 3,
        min_count: 5,
        ..CollocationOptions::default()
    })
    .unwrap();
    let pair = PairCounts::new(
        vec![(
            Query::parse("nuclear", &pipeline).unwrap(),
            Query::parse("war", &pipeline).unwrap(),
        )],
        CooccurOptions {
            scope: Scope::Sentence,
            ..CooccurOptions::default()
        },
    );
    let ((colloc, pair), _) = run_pass(
        &docs,
        &pipeline,
        &opts,
        || (colloc.empty_like(), pair.empty_like()),
        &|_| {},
    );
    let rows = colloc.rows(periods.periods());
    // Independent counts: phrase queries never cross sentences, like n-grams, and these
    // phrases cannot overlap themselves, so their match counts are the n-gram counts.
    for phrase in ["kim jong un", "workers party", "supreme leader"] {
        let q = Query::parse(phrase, &pipeline).unwrap();
        let mut tokens = dateline_tokenize::Tokens::default();
        let n: usize = docs
            .iter()
            .filter(|d| d.lang == "en")
            .map(|d| {
                pipeline.tokenize_into(&d.text(), &mut tokens);
                q.count(&tokens)
            })
            .sum();
        let row = rows.iter().find(|r| r.collocation == phrase);
        if n >= 5 {
            assert_eq!(row.map(|r| r.count), Some(n as u64), "{phrase}");
        } else {
            assert!(row.is_none(), "{phrase}");
        }
    }
    // Sentences holding both "nuclear" and "war", counted directly.
    let mut tokens = dateline_tokenize::Tokens::default();
    let mut both = 0u64;
    for d in docs.iter().filter(|d| d.lang == "en") {
        pipeline.tokenize_into(&d.text(), &mut tokens);
        let mut sentences: BTreeMap<u32, (bool, bool)> = BTreeMap::new();
        for (t, norm) in tokens.iter() {
            let e = sentences.entry(t.sentence).or_default();
            e.0 |= norm == "nuclear";
            e.1 |= norm == "war";
        }
        both += sentences.values().filter(|(a, b)| *a && *b).count() as u64;
    }
    let p = &pair.rows(periods.periods())[0];
    assert_eq!(p.both, both);
    assert!(both > 0);
    let top: Vec<_> = rows
        .iter()
        .take(8)
        .map(|r| r.collocation.as_str())
        .collect();
    eprintln!("top collocations by npmi (min 5): {top:?}; nuclear+war sentences: {both}");
}
