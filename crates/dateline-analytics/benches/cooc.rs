//! Co-occurrence, collocations and KWIC over the kcna.co.jp daily corpus (1997–2018), one
//! tokenization pass each. Skipped when `../shared/corpora` is absent.
//!
//! `CARGO_TARGET_DIR=... cargo bench -p dateline-analytics --bench cooc`
#![allow(missing_docs)]

use std::time::{Duration, Instant};

use criterion::{criterion_group, criterion_main, Criterion};
use dateline_analytics::collocations::{CollocationCounts, CollocationOptions};
use dateline_analytics::cooccur::{CooccurCounts, CooccurOptions};
use dateline_analytics::kwic::{KwicLines, KwicOptions};
use dateline_analytics::pass::{period_index_for, run_pass, PassOptions};
use dateline_analytics::query::Query;
use dateline_core::{By, DateRange};
use dateline_tokenize::{Pipeline, PipelineSpec};

#[path = "../tests/it/cooc_common.rs"]
mod common;

const TARGETS: [&str; 10] = [
    "nuclear",
    "sanctions",
    "us=United States|U.S.",
    "Kim Jong Un",
    "peace",
    "war",
    "South Korea",
    "Japan",
    "missile*",
    "reunification",
];

fn bench(c: &mut Criterion) {
    let t0 = Instant::now();
    let Some(docs) = common::read_kcna_cojp(|_| true) else {
        return;
    };
    eprintln!("loaded {} documents in {:.1?}", docs.len(), t0.elapsed());
    let pipeline = Pipeline::new(&PipelineSpec::default());
    let periods = period_index_for(&docs, By::Year, DateRange::default());
    let opts = PassOptions::new(&periods);
    let queries: Vec<Query> = TARGETS
        .iter()
        .map(|t| Query::parse(t, &pipeline).expect("valid query"))
        .collect();
    let none = |_: u64| {};

    let mut g = c.benchmark_group("cooc");
    g.sample_size(10).warm_up_time(Duration::from_secs(1));

    let cooc = CooccurCounts::new(queries.clone(), CooccurOptions::default());
    g.bench_function("cooccur_10_targets_window5_by_year", |b| {
        b.iter(|| {
            let (acc, _) = run_pass(&docs, &pipeline, &opts, || cooc.empty_like(), &none);
            acc.rows(periods.periods()).len()
        });
    });

    let colloc = CollocationCounts::new(CollocationOptions {
        min_n: 2,
        max_n: 3,
        ..CollocationOptions::default()
    })
    .expect("valid options");
    g.bench_function("collocations_2_3_by_year", |b| {
        b.iter(|| {
            let (acc, _) = run_pass(&docs, &pipeline, &opts, || colloc.empty_like(), &none);
            acc.rows(periods.periods()).len()
        });
    });

    let kwic = KwicLines::new(
        Query::parse("Kim Jong Il", &pipeline).expect("valid query"),
        KwicOptions::default(),
    );
    g.bench_function("kwic_kim_jong_il_window10", |b| {
        b.iter(|| {
            let (acc, _) = run_pass(&docs, &pipeline, &opts, || kwic.empty_like(), &none);
            acc.rows().len()
        });
    });
    g.finish();

    // One more run of each, to report the output sizes.
    let (acc, stats) = run_pass(&docs, &pipeline, &opts, || cooc.empty_like(), &none);
    eprintln!(
        "cooccur rows: {}; docs analysed: {}",
        acc.rows(periods.periods()).len(),
        stats.docs_analysed
    );
    let (acc, _) = run_pass(&docs, &pipeline, &opts, || colloc.empty_like(), &none);
    eprintln!(
        "collocation rows (min_count 5): {}",
        acc.rows(periods.periods()).len()
    );
    let (acc, _) = run_pass(&docs, &pipeline, &opts, || kwic.empty_like(), &none);
    eprintln!("kwic lines: {}", acc.rows().len());
}

criterion_group!(benches, bench);
criterion_main!(benches);
