//! Term counts by month over the kcna.co.jp daily corpus (1997–2018 subset, ~111 MB of JSON).
//!
//! `CARGO_TARGET_DIR=/work/target-counts cargo bench -p dateline-analytics --bench terms`
//! Skipped when `../shared/corpora` is absent.

// `criterion_group!` defines an undocumented public function.
#![allow(missing_docs)]

use std::path::{Path, PathBuf};

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dateline_analytics::pass::{period_index_for, run_pass, Accumulator, DocView, PassOptions};
use dateline_analytics::terms::{RowOptions, TermCounts, TermOptions};
use dateline_core::{By, DateRange, DocId, Document};
use dateline_tokenize::{Pipeline, PipelineSpec};

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche")
}

/// Reads the day files `{date, articles: [{title, content}]}` into documents.
fn load(dir: &Path) -> Vec<Document> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("readable corpus folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    paths.sort();
    let mut docs = Vec::new();
    for path in paths {
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
            continue;
        };
        let date = v["date"].as_str().and_then(|d| d.parse().ok());
        let Some(articles) = v["articles"].as_array() else {
            continue;
        };
        for a in articles {
            let title = a["title"].as_str().unwrap_or_default().to_string();
            let body = a["content"].as_str().unwrap_or_default().to_string();
            if body.is_empty() {
                continue;
            }
            docs.push(Document {
                doc_id: DocId::of_text(&title, &body),
                date,
                n_chars: body.chars().count() as u64,
                title: Some(title),
                body,
                lang: "en".to_string(),
                ..Document::default()
            });
        }
    }
    docs
}

/// Tokenizes only: the floor under every counting pass.
struct Nothing;
impl Accumulator for Nothing {
    fn add(&mut self, _: &DocView<'_>) {}
    fn merge(&mut self, _: Self) {}
}

fn bench(c: &mut Criterion) {
    let dir = corpus_dir();
    if !dir.is_dir() {
        eprintln!("skipping: ../shared/corpora not found");
        return;
    }
    let docs = load(&dir);
    let bytes: u64 = docs.iter().map(|d| d.text().len() as u64).sum();
    let pipeline = Pipeline::new(&PipelineSpec::default());
    let periods = period_index_for(&docs, By::Month, DateRange::default());
    let opts = PassOptions::new(&periods);
    eprintln!(
        "{} documents, {:.1} MB of text, {} months, {} threads",
        docs.len(),
        bytes as f64 / 1e6,
        periods.periods().len(),
        rayon::current_num_threads()
    );
    let mut g = c.benchmark_group("terms_by_month");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes));
    g.bench_function("tokenize_only", |b| {
        b.iter(|| run_pass(&docs, &pipeline, &opts, || Nothing, &|_| {}));
    });
    for (name, n) in [("unigrams", 1), ("bigrams", 2)] {
        let to = TermOptions::ngrams(n, n).expect("valid range");
        let n_periods = periods.periods().len();
        g.bench_function(name, |b| {
            b.iter(|| {
                let make = || TermCounts::new(to, n_periods).expect("valid range");
                let (tc, _) = run_pass(&docs, &pipeline, &opts, make, &|_| {});
                tc.term_rows(&periods, &RowOptions::default()).len()
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
