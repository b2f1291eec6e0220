//! Throughput check that resists a busy machine: the variants of the criterion bench run in
//! turn, and the best of `ROUNDS` rounds is reported for each (MB/s, and % of the baseline).
//!
//! `cargo run --release -p dateline-tokenize --example throughput`

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use dateline_tokenize::{word_ranges, Pipeline, PipelineSpec, Tokens};

const ROUNDS: usize = 15;

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: ../shared/corpora not found");
        return;
    };
    let mut files: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let n = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            n.starts_with("2016-") || n.starts_with("2017-")
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
    let bytes: usize = docs.iter().map(String::len).sum();
    let default = Pipeline::new(&PipelineSpec::default());
    let stemmed = Pipeline::new(&PipelineSpec::stemmed());
    let plain = Pipeline::new(&PipelineSpec::plain());
    let mut spans: Vec<(u32, u32)> = Vec::new();
    let mut t = Tokens::default();
    let names = [
        "whitespace_baseline",
        "segmentation",
        "default_pipeline",
        "stemmed_pipeline",
        "plain_pipeline",
    ];
    let mut best = [f64::INFINITY; 5];
    // `THROUGHPUT_ONLY=default_pipeline` runs one variant (for profilers).
    let only = std::env::var("THROUGHPUT_ONLY").ok();
    let mut tokens = [0usize; 5];
    for _ in 0..ROUNDS {
        for (k, b) in best.iter_mut().enumerate() {
            if only.as_deref().is_some_and(|o| o != names[k]) {
                continue;
            }
            let start = Instant::now();
            let mut n = 0;
            for d in &docs {
                match k {
                    0 => {
                        spans.clear();
                        let base = d.as_ptr() as usize;
                        for w in d.split_ascii_whitespace() {
                            let s = w.as_ptr() as usize - base;
                            spans.push((s as u32, (s + w.len()) as u32));
                        }
                        n += spans.len();
                    }
                    1 => {
                        spans.clear();
                        word_ranges(d, &mut spans);
                        n += spans.len();
                    }
                    2 => {
                        default.tokenize_into(d, &mut t);
                        n += t.len();
                    }
                    3 => {
                        stemmed.tokenize_into(d, &mut t);
                        n += t.len();
                    }
                    _ => {
                        plain.tokenize_into(d, &mut t);
                        n += t.len();
                    }
                }
            }
            let secs = start.elapsed().as_secs_f64();
            *b = b.min(secs);
            tokens[k] = black_box(n);
        }
    }
    println!(
        "{} documents, {bytes} bytes, best of {ROUNDS} rounds",
        docs.len()
    );
    for k in 0..5 {
        let mbs = bytes as f64 / best[k] / 1e6;
        println!(
            "{:<20} {:>8.1} MB/s  {:>5.1}% of baseline  {:>8} tokens",
            names[k],
            mbs,
            100.0 * best[0] / best[k],
            tokens[k]
        );
    }
}
