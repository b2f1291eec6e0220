//! The corpus index (issue 16): every analysis answers byte for byte the same from the index as
//! from the text, for any batch size and thread count; an index that does not match its corpus
//! is not used; a folder dateline did not write is never replaced.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::harness::{self, sample_dir};

/// The analyses compared: every subcommand that reads a corpus table, with options that touch
/// every token rule (stems, numbers, split compounds, case, phrases, the plain rules).
fn analyses() -> Vec<Vec<&'static str>> {
    vec![
        vec!["terms", "--by", "month"],
        vec!["terms", "--pipeline", "plain", "--by", "month"],
        vec![
            "terms",
            "--pipeline",
            "plain",
            "--by",
            "year",
            "--ngram",
            "2..2",
        ],
        vec![
            "terms",
            "--ngram",
            "1..3",
            "--by",
            "year",
            "--stem",
            "--keep-numbers",
        ],
        vec!["terms", "--by", "doc", "--split-hyphens", "--keep-case"],
        vec![
            "terms",
            "--by",
            "month",
            "--phrase",
            "Kim Jong Un",
            "--min-len",
            "3",
        ],
        vec![
            "terms",
            "--by",
            "year",
            "--pipeline",
            "plain",
            "--split-hyphens",
        ],
        vec![
            "trend",
            "nuclear",
            "us=US|America|U.S.",
            "missile*",
            "--by",
            "month",
        ],
        vec![
            "compare",
            "--a",
            "2017-01-01..2017-06-30",
            "--b",
            "2017-07-01..2017-12-31",
        ],
        // Queries of several words (their documents are counted from the tokens), a stopword
        // (counted though not in the totals), split compounds (several tokens per form).
        vec![
            "trend",
            "kim=Kim Jong Un|Kim",
            "the",
            "anti-US",
            "peace*",
            "--by",
            "year",
            "--split-hyphens",
        ],
        vec![
            "compare",
            "--a",
            "2017-01-01..2017-06-30",
            "--stem",
            "--split-hyphens",
        ],
        vec!["kwic", "nuclear"],
        vec!["kwic", "peace*", "--split-hyphens"],
        vec!["kwic", "Kim Jong Un", "--pipeline", "stemmed"],
        vec!["collocations", "--size", "2..3", "--by", "year"],
        vec![
            "cooccur", "--target", "nuclear", "--window", "5", "--by", "year",
        ],
        // Several targets, stop tokens counted, sentence and document units, a glob and a
        // phrase: the documents without a target are counted from term ids alone.
        vec![
            "cooccur",
            "--target",
            "us=United States|U.S.",
            "--target",
            "missile*",
            "--scope",
            "sentence",
            "--boolean",
            "--stopwords",
            "none",
            "--by",
            "month",
        ],
        vec![
            "cooccur",
            "--target",
            "Kim Jong Un",
            "--scope",
            "document",
            "--by",
            "all",
        ],
    ]
}

/// Runs one analysis of `corpus` into `out/<k>/`, with or without the index; returns its
/// stderr. Outputs are CSV so that a difference is readable.
fn analyse(
    corpus: &Path,
    args: &[&str],
    out: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> String {
    std::fs::create_dir_all(out).expect("mkdir");
    let mut a: Vec<OsString> = vec![args[0].into(), corpus.into()];
    a.extend(args[1..].iter().map(OsString::from));
    a.extend(extra.iter().map(OsString::from));
    a.push("-o".into());
    a.push(out.join("out.csv").into());
    let mut c = harness::command(&a);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{args:?} {extra:?}: {stderr}");
    stderr
}

/// Every file an analysis wrote but its manifest (which holds timings).
fn outputs(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read_dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| !p.to_string_lossy().ends_with("manifest.json"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).expect("read"),
            )
        })
        .collect();
    v.sort();
    v
}

fn ingest(inputs: &[PathBuf], out: &Path) -> String {
    let mut a: Vec<OsString> = vec!["ingest".into()];
    a.extend(inputs.iter().map(OsString::from));
    a.push("-o".into());
    a.push(out.into());
    let o = harness::run(&a);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    o.stderr
}

/// Compares every analysis with and without the index, on 1 and 2 threads and small batches.
fn compare_all(corpus: &Path, work: &Path, quick: bool) {
    for (k, args) in analyses().iter().enumerate() {
        let text = work.join(format!("{k}-text"));
        let stderr = analyse(corpus, args, &text, &["--no-index"], &[]);
        assert!(!stderr.contains("index"), "{args:?}: {stderr}");
        let want = outputs(&text);
        assert!(
            !want.is_empty() && want.iter().any(|(_, b)| b.len() > 40),
            "{args:?}"
        );
        let mut runs: Vec<(&str, Vec<(&str, &str)>)> = vec![("", vec![])];
        if !quick {
            runs.push(("1", vec![("DATELINE_BATCH_ROWS", "3")]));
            runs.push(("2", vec![("DATELINE_BATCH_ROWS", "5")]));
        }
        for (threads, env) in runs {
            let dir = work.join(format!("{k}-index-{threads}"));
            let mut env = env;
            if !threads.is_empty() {
                env.push(("RAYON_NUM_THREADS", threads));
            }
            let stderr = analyse(corpus, args, &dir, &[], &env);
            let plain_split = args.contains(&"plain") && args.contains(&"--split-hyphens");
            if plain_split {
                assert!(
                    stderr.contains(
                        "the index keeps no tokens for the plain rules with --split-hyphens"
                    ),
                    "{stderr}"
                );
            } else {
                assert!(
                    !stderr.contains("tokenizing the text"),
                    "{args:?}: {stderr}"
                );
            }
            let got = outputs(&dir);
            assert_eq!(got.len(), want.len(), "{args:?}");
            for ((gn, gb), (wn, wb)) in got.iter().zip(&want) {
                assert_eq!(gn, wn);
                assert!(
                    gb == wb,
                    "{args:?} (threads {threads:?}): {gn} differs from the text path:\n{}\n---\n{}",
                    String::from_utf8_lossy(&gb[..gb.len().min(600)]),
                    String::from_utf8_lossy(&wb[..wb.len().min(600)])
                );
            }
        }
    }
}

#[test]
fn every_analysis_is_the_same_from_the_index_on_the_sample() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus.parquet");
    let stderr = ingest(&[sample_dir()], &corpus);
    assert!(stderr.contains("indexed 19 documents"), "{stderr}");
    let index = tmp.path().join("corpus.index");
    for f in [
        "index.json",
        "forms-default.parquet",
        "forms-plain.parquet",
        "tokens-default.parquet",
        "tokens-plain.parquet",
    ] {
        assert!(index.join(f).is_file(), "{f}");
    }
    compare_all(&corpus, &tmp.path().join("work"), false);
}

/// Runs `dateline entities` of `corpus` into the folder `out` (CSV and Parquet tables);
/// returns its stderr.
fn entities(corpus: &Path, args: &[&str], out: &Path, env: &[(&str, &str)]) -> String {
    let mut a: Vec<OsString> = vec!["entities".into(), corpus.into()];
    a.extend(args.iter().map(OsString::from));
    a.push("-o".into());
    a.push(out.into());
    let mut c = harness::command(&a);
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().expect("runs");
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(0), "{args:?}: {stderr}");
    stderr
}

/// `dateline entities` from the mentions stored in the index gives the same tables, byte for
/// byte, as extracting them from the text (`--no-index`), on 1 and 2 threads and small batches;
/// another people list re-extracts and says so.
fn compare_entities(corpus: &Path, work: &Path, quick: bool) {
    let cases: [&[&str]; 2] = [
        &["--by", "month", "--top", "5"],
        &["--by", "year", "--co-scope", "sentence", "--track", "USA"],
    ];
    for (k, args) in cases.iter().enumerate() {
        let text = work.join(format!("{k}-text"));
        let mut a = args.to_vec();
        a.push("--no-index");
        let stderr = entities(corpus, &a, &text, &[]);
        assert!(!stderr.contains("stored in"), "{stderr}");
        let want = outputs(&text);
        // mentions, entity_counts, co_mentions: CSV and Parquet each.
        let names: Vec<&str> = want.iter().map(|w| w.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "co_mentions.csv",
                "co_mentions.parquet",
                "entity_counts.csv",
                "entity_counts.parquet",
                "mentions.csv",
                "mentions.parquet"
            ]
        );
        let mut runs: Vec<Vec<(&str, &str)>> = vec![vec![]];
        if !quick {
            runs.push(vec![
                ("RAYON_NUM_THREADS", "1"),
                ("DATELINE_BATCH_ROWS", "3"),
            ]);
            runs.push(vec![
                ("RAYON_NUM_THREADS", "2"),
                ("DATELINE_BATCH_ROWS", "5"),
            ]);
        }
        for (r, env) in runs.iter().enumerate() {
            let dir = work.join(format!("{k}-index-{r}"));
            let stderr = entities(corpus, args, &dir, env);
            assert!(
                stderr.contains("reading the mentions stored in"),
                "{args:?}: {stderr}"
            );
            let got = outputs(&dir);
            assert_eq!(
                got.iter().map(|g| &g.0).collect::<Vec<_>>(),
                want.iter().map(|w| &w.0).collect::<Vec<_>>()
            );
            for ((name, gb), (_, wb)) in got.iter().zip(&want) {
                assert!(
                    gb == wb,
                    "{args:?} {env:?}: {name} differs from the text path"
                );
            }
        }
    }
    // Another list: the stored mentions are not those asked for, so the text is read.
    let people = work.join("people.csv");
    std::fs::write(&people, "id,name,aliases\npak-pong-ju,Pak Pong Ju,\n").expect("write");
    let dir = work.join("people");
    let stderr = entities(corpus, &["--people", people.to_str().unwrap()], &dir, &[]);
    assert!(stderr.contains("found by another extractor"), "{stderr}");
    assert!(
        !stderr.contains("reading the mentions stored in"),
        "{stderr}"
    );
}

#[test]
fn entities_are_the_same_from_the_mentions_stored_in_the_index() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus.parquet");
    ingest(&[sample_dir()], &corpus);
    let mentions = tmp.path().join("corpus.index/mentions.parquet");
    assert!(mentions.is_file());
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("corpus.index/index.json")).expect("index.json"),
    )
    .expect("json");
    // As many mentions as `dateline entities` lists in its `mentions` table from the text.
    let dir = tmp.path().join("from-text");
    entities(&corpus, &["--no-index", "--by", "all"], &dir, &[]);
    let rows = harness::read_csv(&dir.join("mentions.csv")).len() as u64;
    assert!(rows > 50, "{rows}");
    assert_eq!(meta["entities"]["mentions"].as_u64(), Some(rows));
    compare_entities(&corpus, &tmp.path().join("work"), false);
}

#[test]
fn a_csv_corpus_has_its_index_too() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus.csv");
    let stderr = ingest(&[sample_dir()], &corpus);
    assert!(stderr.contains("indexed 19 documents"), "{stderr}");
    assert!(tmp.path().join("corpus.index/index.json").is_file());
    compare_all(&corpus, &tmp.path().join("work"), true);
}

#[test]
fn the_index_holds_every_token_of_the_text() {
    // The default rules' token count equals what `dateline tokens` prints for each document,
    // numbers and stopwords included (an independent path: the tokenizer on the text).
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus.parquet");
    ingest(&[sample_dir()], &corpus);
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(tmp.path().join("corpus.index/index.json")).expect("index.json"),
    )
    .expect("json");
    assert_eq!(meta["rows"], 19);
    assert_eq!(meta["token_rules"], 2);
    assert_eq!(meta["rules"][0]["name"], "default");
    let fp = dateline_fingerprint(&corpus);
    assert_eq!(meta["corpus"]["xxh3"], fp.as_str());
    assert_eq!(meta["corpus"]["file"], "corpus.parquet");
    // Every token of the text, counted by the tokenizer on the text (`--no-index`), numbers
    // and stopwords kept.
    let o = harness::run([
        "terms".as_ref(),
        corpus.as_os_str(),
        "--by".as_ref(),
        "all".as_ref(),
        "--stopwords".as_ref(),
        "none".as_ref(),
        "--keep-numbers".as_ref(),
        "--no-index".as_ref(),
        "-o".as_ref(),
        tmp.path().join("all.csv").as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let periods = harness::read_csv(&tmp.path().join("all.periods.csv"));
    let tokens: u64 = periods
        .iter()
        .map(|r| r.get("tokens").parse::<u64>().unwrap())
        .sum();
    assert_eq!(meta["rules"][0]["tokens"].as_u64().unwrap(), tokens);
}

/// XXH3 of a file, as the manifest writes it (16 hex digits), computed here independently.
fn dateline_fingerprint(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read");
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&bytes))
}

#[test]
fn a_stale_index_is_not_used_and_a_foreign_folder_is_kept() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("corpus.parquet");
    ingest(&[sample_dir()], &corpus);
    let json = tmp.path().join("corpus.index/index.json");
    let text = std::fs::read_to_string(&json).expect("index.json");
    let fp = dateline_fingerprint(&corpus);
    std::fs::write(&json, text.replace(&fp, "0000000000000000")).expect("write");
    let work = tmp.path().join("stale");
    let stderr = analyse(&corpus, &["terms", "--by", "month"], &work, &[], &[]);
    assert!(stderr.contains("does not match the corpus"), "{stderr}");
    assert!(stderr.contains("tokenizing the text"), "{stderr}");
    let text_dir = tmp.path().join("text");
    analyse(
        &corpus,
        &["terms", "--by", "month"],
        &text_dir,
        &["--no-index"],
        &[],
    );
    assert_eq!(outputs(&work), outputs(&text_dir));
    // `dateline index` remakes it; then it is used again.
    let o = harness::run(["index".as_ref(), corpus.as_os_str()]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    let again = tmp.path().join("again");
    let stderr = analyse(&corpus, &["terms", "--by", "month"], &again, &[], &[]);
    assert!(!stderr.contains("tokenizing the text"), "{stderr}");

    // A folder of the user's own where the index would go is never replaced.
    let tmp2 = tempfile::tempdir().expect("tempdir");
    let corpus2 = tmp2.path().join("corpus.parquet");
    let theirs = tmp2.path().join("corpus.index");
    std::fs::create_dir(&theirs).expect("mkdir");
    std::fs::write(theirs.join("notes.txt"), "mine").expect("write");
    let o = harness::run([
        "ingest".as_ref(),
        sample_dir().as_os_str(),
        "-o".as_ref(),
        corpus2.as_os_str(),
    ]);
    assert_eq!(o.code, Some(0), "{}", o.stderr);
    assert!(o.stderr.contains("not its index"), "{}", o.stderr);
    assert_eq!(
        std::fs::read_to_string(theirs.join("notes.txt")).expect("kept"),
        "mine"
    );
    assert_eq!(std::fs::read_dir(&theirs).expect("dir").count(), 1);
    let o = harness::run(["index".as_ref(), corpus2.as_os_str()]);
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(
        o.stderr.contains("never replaces what it did not write"),
        "{}",
        o.stderr
    );
}

#[test]
fn every_analysis_is_the_same_from_the_index_on_kcna_cojp_2017() {
    let dir = harness::workspace().join("../shared/corpora/kcna-cojp-daily-1997-2018/cache/juche");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!(
            "skipping: {} not found (../shared is absent)",
            dir.display()
        );
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("entry").path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("2017-"))
        })
        .collect();
    files.sort();
    assert!(files.len() > 100, "{} files", files.len());
    let tmp = tempfile::tempdir().expect("tempdir");
    let corpus = tmp.path().join("kcna2017.parquet");
    ingest(&files, &corpus);
    compare_all(&corpus, &tmp.path().join("work"), true);
    compare_entities(&corpus, &tmp.path().join("entities"), true);
}
