//! End-to-end ingestion throughput on the kcna-cojp corpus (or `data/sample` when the shared
//! corpora are absent), next to a baseline that only reads the same files (as `cat` would).
//!
//! `cargo bench -p dateline-ingest --bench ingest`
#![allow(missing_docs)] // criterion_group! generates undocumented items

use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use dateline_ingest::{ingest, total_input_bytes, IngestOptions};

fn corpus() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpora/kcna-cojp-daily-1997-2018");
    if root.exists() {
        root
    } else {
        eprintln!("skipping kcna-cojp: ../shared/corpora not found, using data/sample");
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../data/sample")
    }
}

fn read_all(dir: &Path) -> u64 {
    let mut n = 0;
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.expect("walk");
        if e.file_type().is_file() {
            n += std::fs::read(e.path()).expect("read").len() as u64;
        }
    }
    n
}

fn bench(c: &mut Criterion) {
    let dir = corpus();
    let paths = vec![dir.clone()];
    let bytes = total_input_bytes(&paths);
    let mut g = c.benchmark_group("ingest");
    g.sample_size(10)
        .measurement_time(Duration::from_secs(20))
        .throughput(Throughput::Bytes(bytes));
    g.bench_function("cat_baseline", |b| b.iter(|| read_all(&dir)));
    g.bench_function("ingest", |b| {
        b.iter(|| {
            ingest(&paths, &IngestOptions::default(), &|_| {})
                .documents
                .len()
        });
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
