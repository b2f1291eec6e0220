//! Ingests the given paths and prints the report, a few documents, and the throughput.
//!
//! `cargo run --release -p dateline-ingest --example ingest_stats -- ../shared/corpora/kcna-cojp-daily-1997-2018`
use std::path::PathBuf;
use std::time::Instant;

use dateline_ingest::{ingest, total_input_bytes, IngestOptions};

fn main() {
    let paths: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let show = std::env::var("SHOW")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0usize);
    let total = total_input_bytes(&paths);
    let t = Instant::now();
    let out = ingest(&paths, &IngestOptions::default(), &|_| {});
    let secs = t.elapsed().as_secs_f64();
    let r = &out.report;
    eprintln!(
        "files_seen={} read={} ignored={} bytes={} records={} kept={} dup={} teasers_dropped={} teasers_present={} empty={} undated={} non_english={} problems={}",
        r.files_seen, r.files_read, r.files_ignored, r.bytes_read, r.records, r.kept, r.duplicates_removed,
        r.teasers_dropped, r.teasers_already_present, r.empty_records, r.undated, r.non_english, r.problems.len()
    );
    for p in r.problems.iter().take(20) {
        eprintln!("  problem: {}", p.message());
    }
    let mut langs = std::collections::BTreeMap::<String, u64>::new();
    let mut flags = std::collections::BTreeMap::<String, u64>::new();
    for d in &out.documents {
        *langs.entry(d.lang.clone()).or_default() += 1;
        for f in &d.flags {
            *flags.entry(f.clone()).or_default() += 1;
        }
    }
    eprintln!("langs={langs:?}\nflags={flags:?}");
    if let (Some(a), Some(b)) = (
        out.documents.first(),
        out.documents.iter().rev().find(|d| d.date.is_some()),
    ) {
        eprintln!("dates {:?} .. {:?}", a.date, b.date);
    }
    if let Ok(flag) = std::env::var("FLAG") {
        for d in out.documents.iter().filter(|d| d.has_flag(&flag)) {
            println!("{}", d.origin);
        }
    }
    for d in out.documents.iter().take(show) {
        eprintln!("---\n{d:#?}");
    }
    eprintln!(
        "{:.1} MB in {:.2} s = {:.1} MB/s",
        total as f64 / 1e6,
        secs,
        total as f64 / 1e6 / secs
    );
}
