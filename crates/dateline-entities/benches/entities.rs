//! Throughput of `Extractor::extract` over kcna.co.jp text, against a UAX#29 `unicode_words`
//! pass over the same text as the in-run baseline. Skipped when ../shared/corpora is absent.

use criterion::{criterion_main, Criterion, Throughput};
use dateline_entities::{Extractor, ExtractorOptions, Gazetteer};
use std::hint::black_box;
use std::path::PathBuf;
use unicode_segmentation::UnicodeSegmentation;

/// Title + "\n\n" + content of the articles of every 25th day file (about 4 MB).
fn load() -> Option<Vec<String>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    let mut texts = Vec::new();
    for f in files.iter().step_by(25) {
        let Ok(raw) = std::fs::read_to_string(f) else {
            continue;
        };
        let Ok(day) = serde_json::from_str::<serde_json::Value>(&raw) else {
            continue;
        };
        for a in day["articles"].as_array().into_iter().flatten() {
            let title = a["title"].as_str().unwrap_or("");
            let content = a["content"].as_str().unwrap_or("");
            if !content.is_empty() {
                texts.push(format!("{title}\n\n{content}"));
            }
        }
    }
    Some(texts)
}

fn bench(c: &mut Criterion) {
    let Some(texts) = load() else {
        eprintln!("skipping: ../shared/corpora not found");
        return;
    };
    let bytes: usize = texts.iter().map(String::len).sum();
    let ex = Extractor::new(&Gazetteer::builtin(), &ExtractorOptions::default());
    let mut g = c.benchmark_group("kcna-cojp");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.sample_size(10);
    g.bench_function("unicode_words", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                n += t.unicode_words().count();
            }
            black_box(n)
        });
    });
    g.bench_function("extract", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                n += ex.extract(t).len();
            }
            black_box(n)
        });
    });
    let no_finder = Extractor::new(
        &Gazetteer::builtin(),
        &ExtractorOptions {
            find_names: false,
            ..ExtractorOptions::default()
        },
    );
    g.bench_function("extract_gazetteer_only", |b| {
        b.iter(|| {
            let mut n = 0usize;
            for t in &texts {
                n += no_finder.extract(t).len();
            }
            black_box(n)
        });
    });
    g.finish();
}

/// The criterion group (the macro's function has no doc comment of its own).
#[allow(missing_docs)]
mod group {
    criterion::criterion_group!(benches, super::bench);
}
criterion_main!(group::benches);
