//! `--partition` and counts folders: Parquet datasets partitioned by period hold exactly the rows
//! of the unpartitioned output.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness::{self, folder_files, sample_dir};

fn ok(args: &[&std::ffi::OsStr]) -> harness::Outcome {
    let o = harness::run(args);
    assert_eq!(o.code, Some(0), "{:?}: {}", args, o.stderr);
    o
}

fn corpus(dir: &Path) -> PathBuf {
    let c = dir.join("corpus.parquet");
    ok(&[
        "-q".as_ref(),
        "ingest".as_ref(),
        sample_dir().as_os_str(),
        "-o".as_ref(),
        c.as_os_str(),
    ]);
    c
}

fn terms(input: &Path, out: &Path, extra: &[&str]) -> harness::Outcome {
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "-q".as_ref(),
        "terms".as_ref(),
        input.as_os_str(),
        "--ngram".as_ref(),
        "1..2".as_ref(),
        "-o".as_ref(),
        out.as_os_str(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    harness::run(args)
}

/// Period → rows of that period in a CSV written by dateline.
fn rows_per_period(csv: &Path) -> BTreeMap<String, usize> {
    let mut m = BTreeMap::new();
    for r in harness::read_csv(csv) {
        *m.entry(r.get("period").to_string()).or_insert(0) += 1;
    }
    m
}

#[test]
fn partitioned_terms_hold_the_rows_of_the_plain_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = corpus(tmp.path());
    let plain = tmp.path().join("plain.parquet");
    let csv = tmp.path().join("plain.csv");
    let ds = tmp.path().join("ds.parquet");
    for (out, extra) in [
        (&plain, &[][..]),
        (&csv, &[][..]),
        (&ds, &["--partition"][..]),
    ] {
        let o = terms(&c, out, extra);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
    }
    let dir = tmp.path().join("ds");
    assert!(!ds.exists(), "no single file beside the dataset");

    // One folder per period of the plain output, each with one file.
    let want = rows_per_period(&csv);
    assert!(want.len() >= 10 && want.contains_key("2018-01"), "{want:?}");
    let files = folder_files(&dir);
    let names: Vec<String> = files.keys().map(|p| p.display().to_string()).collect();
    let expected: Vec<String> = want
        .keys()
        .map(|p| format!("period={p}/part-0.parquet"))
        .collect();
    assert_eq!(names, expected);

    // Each file: the rows of its period, without the period column.
    for (p, n) in &want {
        let f = dir.join(format!("period={p}")).join("part-0.parquet");
        let t = dateline_tables::read_parquet_table(&f, "terms").expect("a part file");
        assert_eq!(t.rows(), *n, "{p}");
        assert!(t.column("period").is_none());
    }

    // Read back: the same table, row for row, as the unpartitioned Parquet file.
    let back = dateline_tables::read_partitioned(&dir, "terms").expect("read the dataset");
    let whole = dateline_tables::read_parquet_table(&plain, "terms").expect("plain.parquet");
    assert_eq!(back.rows(), harness::read_csv(&csv).len());
    assert_eq!(back, whole);
    let back = dateline_tables::read_partitioned(&tmp.path().join("ds.periods"), "periods")
        .expect("the periods dataset");
    let whole =
        dateline_tables::read_parquet_table(&tmp.path().join("plain.periods.parquet"), "periods")
            .expect("plain.periods.parquet");
    assert_eq!(back, whole);

    // The manifest lists the folders with their rows, partitions and files.
    let m: serde_json::Value = serde_json::from_slice(
        &std::fs::read(tmp.path().join("ds.manifest.json")).expect("manifest"),
    )
    .expect("JSON");
    let out = &m["outputs"][0];
    assert_eq!(out["table"], "terms");
    assert_eq!(out["path"], dir.display().to_string());
    assert_eq!(out["rows"], harness::read_csv(&csv).len());
    assert_eq!(out["dataset"]["partition_by"], "period");
    assert_eq!(out["dataset"]["partitions"], want.len());
    assert_eq!(out["dataset"]["files"], want.len());
    let bytes: usize = files.values().map(Vec::len).sum();
    assert_eq!(out["bytes"], bytes);
    assert_eq!(m["outputs"][1]["table"], "periods");
    assert_eq!(m["outputs"].as_array().map(Vec::len), Some(2));

    // A second run gives the same bytes.
    let again = tmp.path().join("again.parquet");
    assert_eq!(terms(&c, &again, &["--partition"]).code, Some(0));
    assert_eq!(folder_files(&tmp.path().join("again")), files);
}

#[test]
fn counts_folders_are_datasets_and_give_the_same_partitioned_terms() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = corpus(tmp.path());
    let counts = tmp.path().join("counts");
    ok(&[
        "-q".as_ref(),
        "count".as_ref(),
        c.as_os_str(),
        "--ngram".as_ref(),
        "1..2".as_ref(),
        "-o".as_ref(),
        counts.as_os_str(),
    ]);
    assert!(counts.join("terms/period=2018-01/part-0.parquet").is_file());
    assert!(counts.join("cells/period=2018-01/part-0.parquet").is_file());
    assert!(!counts.join("terms.parquet").exists());
    let ct = dateline_tables::read_partitioned(&counts.join("terms"), "counts_terms")
        .expect("counts terms");
    dateline_tables::TableSchema::get("counts_terms")
        .expect("schema")
        .check(&ct)
        .expect("the documented columns, in order");
    let a = tmp.path().join("a.parquet");
    let b = tmp.path().join("b.parquet");
    assert_eq!(terms(&c, &a, &["--partition"]).code, Some(0));
    assert_eq!(terms(&counts, &b, &["--partition"]).code, Some(0));
    assert_eq!(
        folder_files(&tmp.path().join("a")),
        folder_files(&tmp.path().join("b"))
    );
}

#[test]
fn partition_refuses_csv_stdout_and_foreign_folders() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = corpus(tmp.path());
    for (out, extra, msg) in [
        ("x.csv", &[][..], "Parquet datasets only"),
        (
            "x.parquet",
            &["--format", "both"][..],
            "Parquet datasets only",
        ),
    ] {
        let o = terms(
            &c,
            &tmp.path().join(out),
            &[&["--partition"], extra].concat(),
        );
        assert_ne!(o.code, Some(0));
        assert!(o.stderr.contains(msg), "{}", o.stderr);
        assert!(!tmp.path().join("x").exists() && !tmp.path().join("x.csv").exists());
    }
    let o = harness::run([
        "-q".as_ref(),
        "terms".as_ref(),
        c.as_os_str(),
        "--partition".as_ref(),
    ]);
    assert_ne!(o.code, Some(0));
    assert!(o.stderr.contains("not CSV to stdout"), "{}", o.stderr);
    assert!(o.stdout.is_empty());

    // A folder that is not a dataset is never replaced.
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).expect("mkdir");
    std::fs::write(mine.join("notes.txt"), "keep").expect("write");
    let o = terms(&c, &tmp.path().join("mine.parquet"), &["--partition"]);
    assert_ne!(o.code, Some(0));
    assert!(o.stderr.contains("refusing to replace"), "{}", o.stderr);
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).expect("kept"),
        "keep"
    );
}

#[test]
fn partitioned_entities_hold_the_rows_of_the_plain_output() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let c = corpus(tmp.path());
    let (plain, ds) = (tmp.path().join("plain"), tmp.path().join("ds"));
    for (out, extra) in [(&plain, "--format=parquet"), (&ds, "--partition")] {
        ok(&[
            "-q".as_ref(),
            "entities".as_ref(),
            c.as_os_str(),
            extra.as_ref(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
    }
    // mentions has no period column: one file; the others are datasets with the same rows.
    assert!(ds.join("mentions.parquet").is_file() && !ds.join("mentions.csv").exists());
    assert_eq!(
        std::fs::read(ds.join("mentions.parquet")).expect("mentions"),
        std::fs::read(plain.join("mentions.parquet")).expect("mentions")
    );
    for name in ["entity_counts", "co_mentions"] {
        assert!(!ds.join(format!("{name}.parquet")).exists());
        let back = dateline_tables::read_partitioned(&ds.join(name), name).expect("dataset");
        let whole =
            dateline_tables::read_parquet_table(&plain.join(format!("{name}.parquet")), name)
                .expect("plain file");
        assert!(back.rows() > 10, "{name}: {} rows", back.rows());
        assert_eq!(back, whole, "{name}");
    }
    let m: serde_json::Value =
        serde_json::from_slice(&std::fs::read(ds.join("manifest.json")).expect("manifest"))
            .expect("JSON");
    let datasets: Vec<&str> = m["outputs"]
        .as_array()
        .expect("outputs")
        .iter()
        .filter(|o| o["dataset"]["partition_by"] == "period")
        .map(|o| o["table"].as_str().expect("table"))
        .collect();
    assert_eq!(datasets, vec!["entity_counts", "co_mentions"]);
    let o = harness::run([
        "-q".as_ref(),
        "entities".as_ref(),
        c.as_os_str(),
        "--partition".as_ref(),
        "--format".as_ref(),
        "both".as_ref(),
        "-o".as_ref(),
        tmp.path().join("x").as_os_str(),
    ]);
    assert_ne!(o.code, Some(0));
    assert!(o.stderr.contains("Parquet datasets only"), "{}", o.stderr);
    assert!(!tmp.path().join("x").exists());
}
