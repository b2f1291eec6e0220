//! Tokenization throughput over the kcna.co.jp daily corpus (title + content of every article
//! in the day files of 2016 and 2017), skipped when ../shared/corpora is absent.
//!
//! `cargo bench -p dateline-tokenize --bench tokenize`
// `criterion_group!` generates an undocumented public function.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dateline_tokenize::{word_ranges, Pipeline, PipelineSpec, Tokens};

fn corpus() -> Option<Vec<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: ../shared/corpora not found");
        return None;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            (n.starts_with("2016-") || n.starts_with("2017-"))
                && p.extension().is_some_and(|e| e == "json")
        })
        .collect();
    files.sort();
    let mut docs = Vec::new();
    for f in files {
        let Ok(text) = std::fs::read_to_string(&f) else {
            continue;
        };
        let Ok(day) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        for a in day["articles"].as_array().into_iter().flatten() {
            let title = a["title"].as_str().unwrap_or("");
            let content = a["content"].as_str().unwrap_or("");
            docs.push(format!("{title}\n\n{content}"));
        }
    }
    Some(docs)
}

fn bench(c: &mut Criterion) {
    let Some(docs) = corpus() else { return };
    let bytes: usize = docs.iter().map(String::len).sum();
    eprintln!("{} documents, {} bytes", docs.len(), bytes);
    let mut g = c.benchmark_group("tokenize");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);

    let mut spans: Vec<(u32, u32)> = Vec::new();
    g.bench_function("whitespace_baseline", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                spans.clear();
                let base = d.as_ptr() as usize;
                for w in d.split_ascii_whitespace() {
                    let s = w.as_ptr() as usize - base;
                    spans.push((s as u32, (s + w.len()) as u32));
                }
                n += spans.len();
            }
            black_box(n)
        });
    });
    g.bench_function("segmentation", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in &docs {
                spans.clear();
                word_ranges(d, &mut spans);
                n += spans.len();
            }
            black_box(n)
        });
    });
    for (name, spec) in [
        ("default_pipeline", PipelineSpec::default()),
        ("stemmed_pipeline", PipelineSpec::stemmed()),
    ] {
        let p = Pipeline::new(&spec);
        let mut t = Tokens::default();
        g.bench_function(name, |b| {
            b.iter(|| {
                let mut n = 0;
                for d in &docs {
                    p.tokenize_into(d, &mut t);
                    n += t.len();
                }
                black_box(n)
            });
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
