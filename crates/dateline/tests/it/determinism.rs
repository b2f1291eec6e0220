//! Outputs do not depend on the thread count, nor on the run.

use std::path::Path;

use crate::harness::{self, folder_csvs, folder_files, sample_dir, write_study};

fn ingest(threads: &str, out: &Path) {
    let o = harness::run([
        "--threads".as_ref(),
        threads.as_ref(),
        "ingest".as_ref(),
        sample_dir().as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
}

#[test]
fn ingest_is_byte_identical_for_1_and_2_threads() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let a = tmp.path().join("t1.csv");
    let b = tmp.path().join("t2.csv");
    let c = tmp.path().join("t2-again.csv");
    ingest("1", &a);
    ingest("2", &b);
    ingest("2", &c);
    let ra = std::fs::read(&a).expect("t1.csv");
    assert_eq!(harness::read_csv(&a).len(), 19);
    assert!(
        ra == std::fs::read(&b).expect("t2.csv"),
        "1 vs 2 threads differ"
    );
    assert!(
        ra == std::fs::read(&c).expect("t2-again.csv"),
        "two runs differ"
    );
    for name in ["t1.report.csv", "t2.report.csv"] {
        assert_eq!(
            std::fs::read(tmp.path().join(name)).expect("report"),
            b"path,line,record,skipped,reason\n",
            "{name}"
        );
    }
}

fn run_study(study: &Path, threads: &str, out: &Path) {
    let o = harness::run([
        "--threads".as_ref(),
        threads.as_ref(),
        "run".as_ref(),
        study.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
}

#[test]
fn run_is_byte_identical_for_1_and_2_threads_and_across_runs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = write_study(tmp.path(), &sample_dir());
    let (a, b, c) = (
        tmp.path().join("t1"),
        tmp.path().join("t2"),
        tmp.path().join("t2-again"),
    );
    run_study(&study, "1", &a);
    run_study(&study, "2", &b);
    run_study(&study, "2", &c);
    let fa = folder_csvs(&a);
    let names: Vec<String> = fa.keys().map(|p| p.display().to_string()).collect();
    // Every table of the sample study, as CSV.
    for t in [
        "corpus.csv",
        "periods.csv",
        "terms.csv",
        "trends.csv",
        "keyness_2017_vs_2018.csv",
        "cooccur.csv",
        "collocations.csv",
        "mentions.csv",
        "entity_counts.csv",
        "co_mentions.csv",
    ] {
        assert!(names.iter().any(|n| n == t), "no {t} in {names:?}");
    }
    for (other, what) in [(&b, "1 vs 2 threads"), (&c, "two runs with 2 threads")] {
        let fo = folder_csvs(other);
        assert_eq!(
            fa.keys().collect::<Vec<_>>(),
            fo.keys().collect::<Vec<_>>(),
            "{what}"
        );
        for (name, bytes) in &fa {
            assert!(bytes == &fo[name], "{what}: {} differs", name.display());
        }
    }
    // Besides the CSVs, everything but the manifest (timings) is identical too.
    let all_a = folder_files(&a);
    let all_c = folder_files(&c);
    for (name, bytes) in &all_a {
        if name.as_os_str() == "manifest.json" {
            continue;
        }
        assert!(
            bytes == &all_c[name],
            "two runs: {} differs",
            name.display()
        );
    }
}

/// Streaming in tiny batches, with every document waiting in the temporary file, gives the
/// same tables as the default (one batch, all in memory): `dateline run` on the sample, and
/// `ingest` + `terms` / `entities` reading the corpus back in row groups of 2 documents.
#[test]
fn batches_and_spilling_do_not_change_outputs() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let study = write_study(tmp.path(), &sample_dir());
    let run = |out: &Path, small: bool| {
        let mut c = harness::command([
            "run".as_ref(),
            study.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        if small {
            c.env("DATELINE_BATCH_ROWS", "2")
                .env("DATELINE_MEMORY_MB", "0");
        }
        let o = c.output().expect("runs");
        assert_eq!(
            o.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    };
    let (a, b) = (tmp.path().join("default"), tmp.path().join("small"));
    run(&a, false);
    run(&b, true);
    let (fa, fb) = (folder_csvs(&a), folder_csvs(&b));
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    assert!(fa.len() >= 10, "{:?}", fa.keys());
    for (name, bytes) in &fa {
        assert!(
            bytes == &fb[name],
            "batches of 2: {} differs",
            name.display()
        );
    }
    // The corpus Parquet written in batches of 2 has row groups of 2 (read back by pandas in
    // the client checks); analyses reading it give the default's tables.
    let corpus = b.join("corpus.parquet");
    for cmd in ["terms", "entities"] {
        let out_a = tmp.path().join(format!("{cmd}-a"));
        let out_b = tmp.path().join(format!("{cmd}-b"));
        for (out, small) in [(&out_a, false), (&out_b, true)] {
            // entities writes a folder, terms a file.
            let target = if cmd == "terms" {
                out.join("terms.csv")
            } else {
                out.clone()
            };
            let mut c = harness::command([
                cmd.as_ref(),
                corpus.as_os_str(),
                "--by".as_ref(),
                "month".as_ref(),
                "-o".as_ref(),
                target.as_os_str(),
            ]);
            if small {
                c.env("DATELINE_BATCH_ROWS", "2");
            }
            let o = c.output().expect("runs");
            assert_eq!(
                o.status.code(),
                Some(0),
                "{}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        let (ca, cb) = (folder_csvs(&out_a), folder_csvs(&out_b));
        assert!(!ca.is_empty());
        assert_eq!(ca, cb, "{cmd}");
    }
}
