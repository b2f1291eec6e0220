//! `dateline lookup` (issue 18): dictionary counts checked against an independent Python
//! regex count (`lookup_check.py`) on the sample and, when `../shared` is present, on the
//! whole kcna.co.jp corpus; the three dictionary formats give the same counts; a study's
//! `[lookup]` writes the same tables as the command; bad dictionaries are refused.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::harness::{self, workspace};

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

const DICT: &str = "data/dictionaries/kcna_example.yml";

/// `(period, category)` → `[count, docs, period_docs, tokens]` of a lookup CSV (or the
/// Python check's output).
fn counts(csv_path: &Path) -> BTreeMap<(String, String), [u64; 4]> {
    let mut rd = csv::Reader::from_path(csv_path).expect("csv");
    let h = rd.headers().expect("header").clone();
    let col = |n: &str| {
        h.iter()
            .position(|c| c == n)
            .unwrap_or_else(|| panic!("{n}"))
    };
    let (p, c) = (col("period"), col("category"));
    let nums = ["count", "docs", "period_docs", "tokens"].map(col);
    rd.records()
        .map(|r| {
            let r = r.expect("row");
            let v = nums.map(|i| r[i].parse::<u64>().expect("int"));
            ((r[p].to_string(), r[c].to_string()), v)
        })
        .collect()
}

/// Runs the Python check on a corpus CSV and compares it with `dateline lookup` (plain
/// pipeline, by month, every language): equal on every month with documents, zero on the
/// others; `per_10k` and `doc_share` follow from the counts.
fn check_against_python(corpus_csv: &Path, work: &Path) -> usize {
    let out = work.join("lookup.csv");
    let o = harness::run([
        "lookup",
        s(corpus_csv),
        "--dictionary",
        s(&workspace().join(DICT)),
        "--pipeline",
        "plain",
        "--by",
        "month",
        "--lang",
        "all",
        "-q",
        "-o",
        s(&out),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let py = std::process::Command::new("python3")
        .arg(workspace().join("crates/dateline/tests/it/lookup_check.py"))
        .arg(corpus_csv)
        .arg(workspace().join(DICT))
        .arg(workspace().join("crates/dateline-tokenize/data/snowball_english.txt"))
        .output()
        .expect("python3 runs (CI has CPython 3.11)");
    assert!(
        py.status.success(),
        "{}",
        String::from_utf8_lossy(&py.stderr)
    );
    let py_path = work.join("python.csv");
    std::fs::write(&py_path, &py.stdout).expect("write");
    let (ours, theirs) = (counts(&out), counts(&py_path));
    assert!(!theirs.is_empty());
    let mut matched = 0;
    for (k, v) in &ours {
        match theirs.get(k) {
            Some(w) => {
                assert_eq!(
                    v, w,
                    "{k:?}: dateline (count, docs, period_docs, tokens) vs Python"
                );
                matched += usize::from(v[0] > 0);
            }
            None => assert_eq!(v, &[0, 0, 0, 0], "{k:?}: a month without documents"),
        }
    }
    for k in theirs.keys() {
        assert!(ours.contains_key(k), "{k:?} missing from dateline's table");
    }
    let mut rd = csv::Reader::from_path(&out).expect("csv");
    for r in rd.records() {
        let r = r.expect("row");
        let (count, docs, pdocs, tokens): (f64, f64, f64, f64) = (
            r[3].parse().unwrap(),
            r[4].parse().unwrap(),
            r[5].parse().unwrap(),
            r[6].parse().unwrap(),
        );
        let per_10k: f64 = r[7].parse().unwrap();
        let share: f64 = r[8].parse().unwrap();
        let want = if tokens > 0.0 {
            count * 10_000.0 / tokens
        } else {
            0.0
        };
        assert!(
            (per_10k - want).abs() <= 1e-9 * want.max(1.0),
            "{per_10k} vs {want}"
        );
        let want = if pdocs > 0.0 { docs / pdocs } else { 0.0 };
        assert!((share - want).abs() <= 1e-12, "{share} vs {want}");
    }
    matched
}

#[test]
fn lookup_equals_an_independent_python_count_on_the_sample() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = harness::ingest_sample(tmp.path(), "corpus.csv");
    let matched = check_against_python(&corpus, tmp.path());
    // Every category of the example dictionary but one (self_reliance) is found in the sample.
    assert!(matched >= 20, "{matched} non-zero cells");
}

#[test]
fn lookup_equals_an_independent_python_count_on_kcna_cojp() {
    let dir = workspace().join("../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche");
    if !dir.is_dir() {
        eprintln!(
            "skipping: {} not found (../shared is absent)",
            dir.display()
        );
        return;
    }
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("kcna.csv");
    let o = harness::run(["ingest", s(&dir), "-q", "-o", s(&corpus)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let matched = check_against_python(&corpus, tmp.path());
    assert!(matched > 1000, "{matched} non-zero cells");
}

/// The same dictionary as CSV and as LIWC `.dic`.
fn other_formats(dir: &Path) -> Vec<PathBuf> {
    let d = dateline_analytics_free_read(&workspace().join(DICT));
    let mut csv_text = String::from("category,entry\n");
    let mut dic = String::from("%\n");
    for (i, (c, _)) in d.iter().enumerate() {
        dic.push_str(&format!("{}\t{c}\n", i + 1));
    }
    dic.push_str("%\n");
    for (i, (c, entries)) in d.iter().enumerate() {
        for e in entries {
            csv_text.push_str(&format!("{c},{e}\n"));
            dic.push_str(&format!("{e}\t{}\n", i + 1));
        }
    }
    let (a, b) = (dir.join("d.csv"), dir.join("d.dic"));
    std::fs::write(&a, csv_text).unwrap();
    std::fs::write(&b, dic).unwrap();
    vec![a, b]
}

/// The categories of the example YAML read by hand: `name:` lines open (nested) categories,
/// `- entry` lines add entries (the file uses nothing else).
fn dateline_analytics_free_read(path: &Path) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut stack: Vec<(usize, String)> = Vec::new();
    for line in std::fs::read_to_string(path).unwrap().lines() {
        let body = line.trim();
        if body.is_empty() || body.starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if let Some(e) = body.strip_prefix("- ") {
            out.last_mut().unwrap().1.push(e.to_string());
            continue;
        }
        let key = body.trim_end_matches(':').to_string();
        while stack.last().is_some_and(|(i, _)| *i >= indent) {
            stack.pop();
        }
        stack.push((indent, key));
        let name: Vec<&str> = stack.iter().map(|(_, k)| k.as_str()).collect();
        out.push((name.join("."), Vec::new()));
    }
    out.retain(|(_, e)| !e.is_empty());
    out
}

#[test]
fn the_three_dictionary_formats_give_the_same_tables_and_a_study_the_same_as_the_command() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = harness::ingest_sample(tmp.path(), "corpus.parquet");
    let run = |dict: &Path, out: &Path| {
        let o = harness::run([
            "lookup",
            s(&corpus),
            "-d",
            s(dict),
            "--by",
            "month",
            "-q",
            "-o",
            s(out),
        ]);
        assert_eq!(o.code, Some(0), "{}", o.stderr);
        ["lookup.csv", "lookup.entries.csv", "lookup.docs.csv"]
            .map(|f| std::fs::read(out.with_file_name(f)).expect(f))
    };
    let yaml_dir = tmp.path().join("yaml");
    std::fs::create_dir(&yaml_dir).unwrap();
    let want = run(&workspace().join(DICT), &yaml_dir.join("lookup.csv"));
    assert!(String::from_utf8_lossy(&want[0]).contains(",hostility.sanctions,"));
    for (i, d) in other_formats(tmp.path()).into_iter().enumerate() {
        let dir = tmp.path().join(format!("f{i}"));
        std::fs::create_dir(&dir).unwrap();
        assert_eq!(run(&d, &dir.join("lookup.csv")), want, "{}", d.display());
    }
    // A study's [lookup] writes the same three tables.
    let study = tmp.path().join("study.toml");
    let text = std::fs::read_to_string(workspace().join("data/dateline.toml"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("phrases = "))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "paths = [\"sample\"]",
            &format!("paths = [{:?}]", s(&workspace().join("data/sample"))),
        )
        .replace(
            "dictionary = \"dictionaries/kcna_example.yml\"",
            &format!("dictionary = {:?}", s(&workspace().join(DICT))),
        );
    assert!(text.contains(&format!("dictionary = {:?}", s(&workspace().join(DICT)))));
    std::fs::write(&study, text).unwrap();
    let out = tmp.path().join("run");
    let o = harness::run(["run", s(&study), "-q", "-o", s(&out)]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let got = ["lookup.csv", "lookup_entries.csv", "doc_lookup.csv"]
        .map(|f| std::fs::read(out.join(f)).expect(f));
    assert_eq!(got, want);
}

#[test]
fn bad_dictionaries_and_options_are_refused_before_anything_is_written() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = harness::ingest_sample(tmp.path(), "corpus.parquet");
    let out = tmp.path().join("l.csv");
    for (name, text, message) in [
        ("d.yml", "a: [x\n", "d.yml:2:"),
        (
            "e.yml",
            "a:\nb: [x]\n",
            "e.yml: a: the category has no entries",
        ),
        (
            "f.dic",
            "%\n1 a\n%\nword 2\n",
            "f.dic:4: `word 2` names no category (`2` is not a category id)",
        ),
        (
            "g.csv",
            "category,word\na,b\n",
            "g.csv:1: no `entry` column",
        ),
        (
            "h.txt",
            "a,b\n",
            "h.txt`: a dictionary is a quanteda YAML (.yml, .yaml), LIWC (.dic) or CSV (.csv) file",
        ),
        (
            "i.yml",
            "a: [\"...\"]\n",
            "alternative `...` of query `a` has no words",
        ),
    ] {
        let d = tmp.path().join(name);
        std::fs::write(&d, text).unwrap();
        let o = harness::run(["lookup", s(&corpus), "-d", s(&d), "-o", s(&out)]);
        assert_eq!(o.code, Some(1), "{name}: {}", o.stderr);
        assert!(o.stderr.contains(message), "{name}: {}", o.stderr);
        assert!(!out.exists(), "{name}");
    }
    let dict = workspace().join(DICT);
    let o = harness::run([
        "lookup",
        s(&corpus),
        "-d",
        s(&dict),
        "--overlap",
        "all",
        "-o",
        s(&out),
    ]);
    assert_eq!(o.code, Some(2), "{}", o.stderr);
    assert!(!out.exists());
}
